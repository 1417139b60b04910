-- The content-word hashes of the articles this run loads (new, or with a new title or summary), replacing
-- any stored for them; then rows older than any window a new batch is likely to look back at are dropped.
delete from core.story_words where article_id in (select article_id from batch_story_words);

insert into core.story_words by name
select article_id, published_at, words, version from batch_story_words;

delete from core.story_words
where published_at < (
    select least(max(published_at), now()) - interval 30 days from batch_story_words
);
