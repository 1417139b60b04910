"""Which copies of a batch need their facts extracted, and the facts_version each stored article gets."""

from __future__ import annotations

import polars as pl

from transforms.facts import facts_version, unknown_copies, with_facts_version

COPIES = pl.DataFrame(
    {
        "article_id": ["a", "b", "c", "d"],
        "content_hash": ["h1", "h2", "h3", None],
        "title": ["A", "B", "C", "D"],
    }
)
KNOWN = pl.DataFrame({"article_id": ["a", "c", "d"], "content_hash": ["h1", "other", None]})


def test_known_copies_are_left_out_by_article_and_text() -> None:
    # c is stored with other text: extracted again; d's missing hash matches a missing hash
    assert unknown_copies(COPIES, KNOWN)["article_id"].to_list() == ["b", "c"]
    empty = KNOWN.clear()
    assert unknown_copies(COPIES, empty).equals(COPIES)


def test_extracted_articles_carry_the_version_and_known_ones_none() -> None:
    marked = with_facts_version(COPIES, KNOWN, "v2")
    assert marked.columns == [*COPIES.columns, "facts_version"]
    assert marked["article_id"].to_list() == ["a", "b", "c", "d"]  # order kept
    assert marked["facts_version"].to_list() == [None, "v2", "v2", None]


def test_the_version_names_every_extractor_and_whether_deals_were_extracted() -> None:
    on, off = facts_version(True), facts_version(False)
    assert on.split("+")[:2] == off.split("+")[:2]
    extractor, money, deals = on.split("+")
    assert extractor.startswith("gazetteer-")
    assert money.startswith("money-")
    assert deals.startswith("deals-")
    assert off.endswith("+no-deals")
