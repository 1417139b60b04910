from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from transforms import stories
from transforms.stories import STORY_THRESHOLD, assign_stories, similar_pairs, words

NOW = datetime(2026, 11, 28, tzinfo=UTC)

ORIGINAL = (
    "Australia signs Mogami frigate contract with Mitsubishi Heavy Industries",
    "Canberra signed a contract for the first three upgraded Mogami-class frigates, to be built in Nagasaki "
    "and delivered from 2029 to replace the Anzac-class ships of the Royal Australian Navy.",
)
REWRITE = (
    "Mitsubishi Heavy Industries signs Mogami frigate deal with Australia",
    "Australia has signed for the first three upgraded Mogami-class frigates, which Mitsubishi Heavy Industries "
    "will build in Nagasaki for delivery from 2029, replacing the Royal Australian Navy's Anzac-class ships.",
)
SAME_TOPIC = (
    "Royal Australian Navy retires another Anzac-class frigate",
    "HMAS Anzac was decommissioned in Sydney after 28 years of service, leaving seven ships of the class "
    "in the fleet while the navy waits for new general-purpose frigates.",
)


def _articles(*items: tuple[str, tuple[str, str], datetime]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": [i[0] for i in items],
            "publisher": [f"publisher of {i[0]}" for i in items],
            "title": [i[1][0] for i in items],
            "summary": [i[1][1] for i in items],
            "published_at": [i[2] for i in items],
        }
    )


def test_words_are_lowercase_content_words() -> None:
    result = words(pl.DataFrame({"article_id": ["a"], "title": ["The F-35 and the Navy"], "summary": [None]}))
    assert sorted(result["word"].to_list()) == ["35", "f", "navy"]


def test_rewritten_copies_pair_up_and_a_same_topic_story_does_not() -> None:
    articles = _articles(
        ("orig", ORIGINAL, datetime(2026, 11, 26, 8, tzinfo=UTC)),
        ("copy", REWRITE, datetime(2026, 11, 26, 14, tzinfo=UTC)),
        ("other", SAME_TOPIC, datetime(2026, 11, 26, 9, tzinfo=UTC)),
    )
    pairs = similar_pairs(articles["article_id"], articles)
    found = {tuple(sorted((a, b))) for a, b, _ in pairs.iter_rows()}
    assert found == {("copy", "orig")}
    assert pairs["jaccard"].min() >= STORY_THRESHOLD

    stories = assign_stories(articles.select("article_id", "published_at"), pl.DataFrame(
        schema={"article_id": pl.String(), "story_id": pl.String()}), pairs, NOW)  # fmt: skip
    by_article = dict(zip(stories["article_id"], stories["story_id"], strict=True))
    assert by_article == {"orig": "orig", "copy": "orig", "other": "other"}  # 2 articles vs 1
    matched = stories.filter(pl.col("article_id") == "copy").row(0, named=True)
    assert matched["matched_article_id"] == "orig"


def test_a_new_copy_joins_a_story_already_in_the_warehouse() -> None:
    articles = _articles(("old", ORIGINAL, datetime(2026, 11, 20, tzinfo=UTC)), ("new", REWRITE, NOW))
    known = pl.DataFrame({"article_id": ["old"], "story_id": ["story-1"]})
    pairs = similar_pairs(pl.Series(["new"]), articles)
    stories = assign_stories(
        articles.filter(pl.col("article_id") == "new").select("article_id", "published_at"), known, pairs, NOW
    )
    assert stories.select("article_id", "story_id").rows() == [("new", "story-1")]


def test_copies_within_one_publisher_are_not_stories() -> None:
    articles = _articles(("orig", ORIGINAL, NOW), ("copy", REWRITE, NOW)).with_columns(
        publisher=pl.lit("same")
    )
    assert similar_pairs(articles["article_id"], articles).height == 0


def test_no_candidates_no_pairs() -> None:
    articles = _articles(("a", ORIGINAL, NOW), ("b", ("Short", "Nothing in common here at all"), NOW))
    assert similar_pairs(articles["article_id"], articles).height == 0


def test_word_lists_in_slices_are_those_of_the_whole_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "title": ["Frigate order signed", None, "Radar upgrade"],
            "summary": ["Navy signs for two frigates", "Drone test over the Baltic", None],
        }
    )
    whole = stories.word_lists(articles)
    monkeypatch.setattr(stories, "WORD_SLICE", 2)
    assert stories.word_lists(articles).equals(whole)
    assert stories.word_lists(articles.clear()).schema == whole.schema


def test_stored_word_lists_stand_for_the_texts_they_were_hashed_from() -> None:
    articles = _articles(
        ("orig", ORIGINAL, datetime(2026, 11, 26, 8, tzinfo=UTC)),
        ("copy", REWRITE, datetime(2026, 11, 26, 14, tzinfo=UTC)),
        ("other", SAME_TOPIC, datetime(2026, 11, 26, 9, tzinfo=UTC)),
    )
    stored = articles.with_columns(words=stories.word_lists(articles)["words"]).drop("title", "summary")
    from_texts = similar_pairs(articles["article_id"], articles).sort("article_id", "other_id")
    assert similar_pairs(articles["article_id"], stored).sort("article_id", "other_id").equals(from_texts)
    assert from_texts.height == 2


def test_with_words_hashes_only_the_articles_without_stored_words() -> None:
    articles = _articles(("a", ORIGINAL, NOW), ("b", REWRITE, NOW)).with_columns(
        words=pl.Series([[7, 8], None], dtype=pl.List(pl.UInt64()))
    )
    filled = stories.with_words(articles)
    assert "title" not in filled.columns
    assert "summary" not in filled.columns
    by_id = dict(zip(filled["article_id"], filled["words"].to_list(), strict=True))
    assert by_id["a"] == [7, 8]  # stored: taken as it is
    assert sorted(by_id["b"]) == sorted(stories.word_lists(articles.slice(1))["words"][0].to_list())
