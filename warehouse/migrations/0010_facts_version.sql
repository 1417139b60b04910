-- Which extractor versions produced the stored facts of an article (mentions, money, deals; e.g.
-- "gazetteer-9+money-5+deals-12", "+no-deals" when deals were switched off). An unchanged article that a
-- feed carries again is not extracted again while this equals the running versions: a changed feed's
-- other entries cost no extraction. Articles stored before this column have none and are extracted once
-- more when next seen.
alter table core.articles add column facts_version varchar;
