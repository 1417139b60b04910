"""Syndicated near-duplicates: lightly rewritten copies of one story across publishers share a story_id.

Similarity is a weighted Jaccard index over the sets of content words (lowercased letters/digits, common
English function words removed) of title + summary, each word weighted by its rarity in the compared set
(ln((N + 1) / documents containing it)), so that boilerplate a feed repeats in every item counts little.
Only articles of different publishers are compared: the issue is syndication across publishers. Candidate
pairs come from an inverted index over rarer words (a word in more than ``RARE_WORD_MAX_DOCS`` documents
generates no candidates, which keeps the self-join small); each candidate's similarity is then exact.
Texts with fewer than ``MIN_WORDS`` content words never match (a title plus a byline looks alike by chance).

Threshold 0.40, measured: on the demo feeds the three rewritten sister-site copies score 0.48, 0.64 and
0.69, the most similar unrelated pair (two templated contract notices of one publisher, compared here
regardless of publisher) 0.28; unweighted word Jaccard separated them less (0.53 vs 0.36), word bigrams
less still (0.30 vs 0.22). On the shared real-feed corpus no cross-publisher pair reaches 0.40.

A new article joins the story of its most similar earlier article (already in the warehouse within the
window, or earlier in the same batch) at or above the threshold; otherwise it starts a story whose id is its
own article_id. Stories are never rewritten afterwards: an article keeps the story it was first given.

Each article's content words are hashed once, when it is loaded, and kept (core.story_words) while it can
still be in a window: splitting and hashing the window's texts again was most of the matching's cost in a
scheduled run (a 7-day window of 50,000 articles: 1.0 s of CPU every run, to read them back 0.1 s). The
hashes are those of one polars version (``WORDS_VERSION``): stored hashes of another version are not used,
the words of those articles are hashed again from their text.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from schemas.frames import STORIES_SCHEMA

STORY_THRESHOLD = 0.40
RARE_WORD_MAX_DOCS = 50
MIN_SHARED_RARE_WORDS = 2
MIN_WORDS = 15  # shorter texts (a title and a byline) look alike by accident
STORY_METHOD = "idf-jaccard-words-0.40"
# polars' hash is stable within one polars version only: stored word hashes are used by the same version
WORDS_VERSION = f"{STORY_METHOD} polars-{pl.__version__}"
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

PAIRS_SCHEMA = {"article_id": pl.String(), "other_id": pl.String(), "jaccard": pl.Float64()}


def _content_words() -> pl.Expr:
    """Each article's content words (lowercased letters and digits, no function words), as a list."""
    text = pl.concat_str([pl.col("title").fill_null(""), pl.col("summary").fill_null("")], separator=" ")
    found = text.str.to_lowercase().str.extract_all(r"[\p{L}\p{N}]+")
    return found.list.eval(pl.element().filter(~pl.element().is_in(list(STOPWORDS))))


def words(articles: pl.DataFrame) -> pl.DataFrame:
    """(article_id, word): the distinct content words of each article's title + summary."""
    return (
        articles.select("article_id", word=_content_words().list.unique())
        .explode("word")
        .drop_nulls("word")
        .cast({"word": pl.String()})
    )


WORD_SLICE = 5_000  # articles whose words are split at a time


def word_lists(articles: pl.DataFrame) -> pl.DataFrame:
    """(article_id, words): the distinct content words of each article's title + summary, each as its 64-bit
    hash (a batch's bag is millions of words; two words colliding is as likely as two articles sharing a
    random 64-bit number), in a list per article; ``article_id`` keeps its type."""
    hashed = _content_words().list.eval(pl.element().hash()).list.unique()
    # in slices: the words as strings, before they are hashed, are several times the size of the hashes (a
    # 50,000-article batch at once: 260 MB more at its peak)
    return pl.concat(
        [
            articles.slice(begin, WORD_SLICE).select("article_id", words=hashed)
            for begin in range(0, max(articles.height, 1), WORD_SLICE)
        ],
        how="vertical",
    )


def with_words(articles: pl.DataFrame) -> pl.DataFrame:
    """``articles`` (article_id, title, summary, ...) with ``words`` (:func:`word_lists`) filled in where
    it is missing or null (the others' words were stored when they were loaded), without title and
    summary."""
    if "words" not in articles.columns:
        articles = articles.with_columns(words=pl.lit(None, dtype=pl.List(pl.UInt64())))
    missing = articles.filter(pl.col("words").is_null())
    if missing.height:
        filled = missing.with_columns(words=word_lists(missing)["words"])  # row for row
        articles = pl.concat([articles.filter(pl.col("words").is_not_null()), filled], how="vertical")
    return articles.drop("title", "summary", strict=False)


def similar_pairs(
    new_ids: pl.Series, articles: pl.DataFrame, threshold: float = STORY_THRESHOLD
) -> pl.DataFrame:
    """Pairs (new article, other article) with Jaccard >= threshold; ``articles`` (article_id, publisher and
    either ``words`` or title and summary) holds both sides.

    The joins run on a 32-bit row number per article instead of its 32-character id: the word bag of a
    50,000-article batch is millions of rows, and its copies through the joins were most of a cold run's peak
    memory."""
    index = articles.select("article_id").unique(maintain_order=True).with_row_index("aid")
    ids = dict(index.select("aid", "article_id").iter_rows())
    articles = articles.join(index, on="article_id").drop("article_id").rename({"aid": "article_id"})
    new_ids = index.filter(pl.col("article_id").is_in(new_ids.implode()))["aid"]
    bag = with_words(articles).select("article_id", word="words").explode("word").drop_nulls("word")
    sizes = bag.group_by("article_id").len("size").filter(pl.col("size") >= MIN_WORDS)
    bag = bag.join(sizes, on="article_id", how="semi")
    doc_freq = bag.group_by("word").len("docs")
    # each article's publisher as a number, carried through the self-join instead of joined to its rows after
    publishers = articles.select("article_id", publisher=pl.col("publisher").rank("dense").cast(pl.UInt32()))
    rare = (
        bag.lazy()
        .join(doc_freq.lazy().filter(pl.col("docs") <= RARE_WORD_MAX_DOCS), on="word", how="semi")
        .join(publishers.lazy(), on="article_id")
    )
    # The self-join is the largest frame of the matching (a row per pair of articles sharing a rare word:
    # 930,000 for the 50,000-article farm batch) and is only counted: polars' streaming engine counts it in
    # pieces (the matching's peak +185 -> +75 MB on that batch).
    candidates = (
        rare.filter(pl.col("article_id").is_in(new_ids.implode()))
        .join(rare.rename({"article_id": "other_id", "publisher": "other_publisher"}), on="word")
        .filter(pl.col("publisher") != pl.col("other_publisher"))  # copies across publishers only
        .group_by("article_id", "other_id")
        .len("shared_rare")
        .filter(pl.col("shared_rare") >= MIN_SHARED_RARE_WORDS)
        .select("article_id", "other_id")
        .collect(engine="streaming")
    )
    if candidates.height == 0:
        return pl.DataFrame(schema=PAIRS_SCHEMA)
    # words weighted by rarity (inverse document frequency): a feed's repeated boilerplate counts little
    documents = bag["article_id"].n_unique()
    weights = doc_freq.select("word", weight=(pl.lit(documents + 1) / pl.col("docs")).log())
    weighted = bag.join(weights, on="word")
    totals = weighted.group_by("article_id").agg(total=pl.col("weight").sum())
    # in memory, not streamed: the streaming engine's sums add the weights in no fixed order, and a
    # similarity must come out the same every time it is computed
    shared = (
        candidates.join(weighted, on="article_id")
        .join(bag.rename({"article_id": "other_id"}), on=["other_id", "word"], how="semi")
        .group_by("article_id", "other_id")
        .agg(shared=pl.col("weight").sum())
    )
    return (
        candidates.join(shared, on=["article_id", "other_id"], how="left")
        .join(totals, on="article_id")
        .join(totals.rename({"article_id": "other_id", "total": "other_total"}), on="other_id")
        .with_columns(
            jaccard=pl.col("shared").fill_null(0.0)
            / (pl.col("total") + pl.col("other_total") - pl.col("shared").fill_null(0.0))
        )
        .filter(pl.col("jaccard") >= threshold)
        .select(
            pl.col("article_id").replace_strict(ids, return_dtype=pl.String()),
            pl.col("other_id").replace_strict(ids, return_dtype=pl.String()),
            "jaccard",
        )
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
