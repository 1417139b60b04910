"""Syndicated near-duplicates: lightly rewritten copies of one story across publishers share a story_id.

Similarity is the Jaccard index of the sets of words (lowercased letters/digits, common English function
words removed) of title + summary. Candidate pairs come from an inverted index over rarer words (a word that
occurs in more than ``RARE_WORD_MAX_DOCS`` documents does not generate candidates, which keeps the self-join
small); every candidate's Jaccard is then computed exactly over all its words.

Threshold 0.45, measured on the demo feeds: the three rewritten sister-site copies score 0.53, 0.70 and 0.73;
the most similar unrelated pair (two templated contract notices) scores 0.36; with word bigrams instead the
margin was narrower (0.30 vs 0.22).

A new article joins the story of its most similar earlier article (already in the warehouse within the
window, or earlier in the same batch) at or above the threshold; otherwise it starts a story whose id is its
own article_id. Stories are never rewritten afterwards: an article keeps the story it was first given.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

STORY_THRESHOLD = 0.45
RARE_WORD_MAX_DOCS = 50
MIN_SHARED_RARE_WORDS = 2
STORY_METHOD = "jaccard-words-0.45"
STOPWORDS = frozenset(
    {
        "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "during", "each", "few", "for", "from", "further", "had",
        "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "more", "most", "new", "no", "nor", "not",
        "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own",
        "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    }
)  # fmt: skip

WORDS_SCHEMA = {"article_id": pl.String(), "word": pl.String()}
PAIRS_SCHEMA = {"article_id": pl.String(), "other_id": pl.String(), "jaccard": pl.Float64()}
STORIES_SCHEMA = {
    "article_id": pl.String(),
    "story_id": pl.String(),
    "similarity": pl.Float64(),
    "matched_article_id": pl.String(),
    "assigned_at": pl.Datetime("us", "UTC"),
    "method_version": pl.String(),
}


def words(articles: pl.DataFrame) -> pl.DataFrame:
    """Distinct content words of each article's title + summary."""
    text = pl.concat_str([pl.col("title").fill_null(""), pl.col("summary").fill_null("")], separator=" ")
    return (
        articles.select("article_id", word=text.str.to_lowercase().str.extract_all(r"[\p{L}\p{N}]+"))
        .explode("word")
        .filter(pl.col("word").is_not_null() & ~pl.col("word").is_in(list(STOPWORDS)))
        .unique()
        .cast(WORDS_SCHEMA)  # type: ignore[arg-type]
    )


def similar_pairs(
    new_ids: pl.Series, articles: pl.DataFrame, threshold: float = STORY_THRESHOLD
) -> pl.DataFrame:
    """Pairs (new article, other article) with Jaccard >= threshold; ``articles`` holds both sides."""
    bag = words(articles)
    sizes = bag.group_by("article_id").len("size")
    doc_freq = bag.group_by("word").len("docs")
    rare = bag.join(doc_freq.filter(pl.col("docs") <= RARE_WORD_MAX_DOCS), on="word", how="semi")
    new_rare = rare.filter(pl.col("article_id").is_in(new_ids.implode()))
    candidates = (
        new_rare.join(rare.rename({"article_id": "other_id"}), on="word")
        .filter(pl.col("article_id") != pl.col("other_id"))
        .group_by("article_id", "other_id")
        .len("shared_rare")
        .filter(pl.col("shared_rare") >= MIN_SHARED_RARE_WORDS)
        .select("article_id", "other_id")
    )
    if candidates.height == 0:
        return pl.DataFrame(schema=PAIRS_SCHEMA)
    shared = (
        candidates.join(bag, on="article_id")
        .join(bag.rename({"article_id": "other_id"}), on=["other_id", "word"], how="semi")
        .group_by("article_id", "other_id")
        .len("shared")
    )
    return (
        candidates.join(shared, on=["article_id", "other_id"], how="left")
        .join(sizes, on="article_id")
        .join(sizes.rename({"article_id": "other_id", "size": "other_size"}), on="other_id")
        .with_columns(
            jaccard=pl.col("shared").fill_null(0)
            / (pl.col("size") + pl.col("other_size") - pl.col("shared").fill_null(0))
        )
        .filter(pl.col("jaccard") >= threshold)
        .select(list(PAIRS_SCHEMA))
        .cast(PAIRS_SCHEMA)  # type: ignore[arg-type]
    )


def assign_stories(
    new: pl.DataFrame, known: pl.DataFrame, pairs: pl.DataFrame, assigned_at: datetime
) -> pl.DataFrame:
    """Story of each new article (article_id, published_at), given known (article_id, story_id) and pairs.

    Articles are taken in publication order, so a story's id is the id of its first article. The loop runs
    over the batch's new articles only, using the pairs already computed in polars.
    """
    story: dict[str, str] = {
        str(a): str(s) for a, s in known.select("article_id", "story_id").drop_nulls().iter_rows()
    }
    partners: dict[str, list[tuple[float, str]]] = {}
    for article_id, other_id, jaccard in pairs.iter_rows():
        partners.setdefault(article_id, []).append((jaccard, other_id))
    rows: list[tuple[str, str, float | None, str | None]] = []
    for article_id in new.sort("published_at", "article_id")["article_id"].to_list():
        best = max(((j, o) for j, o in partners.get(article_id, []) if o in story), default=None)
        if best is None:
            story[article_id] = article_id
            rows.append((article_id, article_id, None, None))
        else:
            story[article_id] = story[best[1]]
            rows.append((article_id, story[best[1]], best[0], best[1]))
    frame = pl.DataFrame(
        rows,
        schema={"article_id": pl.String(), "story_id": pl.String(), "similarity": pl.Float64(),
                "matched_article_id": pl.String()},
        orient="row",
    )  # fmt: skip
    return frame.with_columns(
        assigned_at=pl.lit(assigned_at, dtype=pl.Datetime("us", "UTC")), method_version=pl.lit(STORY_METHOD)
    ).cast(STORIES_SCHEMA)  # type: ignore[arg-type]
