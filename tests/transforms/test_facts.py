"""Which copies of a batch need their facts extracted, the facts_version each stored article gets, and how a
batch is cut into chunks for two processes."""

from __future__ import annotations

import polars as pl

from transforms.facts import article_chunks, fact_chunk, facts_version, unknown_copies, with_facts_version

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


def test_chunks_are_consecutive_articles_with_their_own_facts() -> None:
    articles = pl.DataFrame({"article_id": ["a", "b", "c", "d", "e"], "title": ["A", "B", "C", "D", "E"]})
    mentions = pl.DataFrame({"article_id": ["e", "a", "c", "c"], "entity_id": ["x", "y", "z", "w"]})
    money = pl.DataFrame({"article_id": ["b"], "amount": [1.0]})
    chunks = [fact_chunk(articles, mentions, money, 2, part) for part in range(2)]
    assert [part[0]["article_id"].to_list() for part in chunks] == [["a", "b", "c"], ["d", "e"]]
    assert [part[1]["entity_id"].to_list() for part in chunks] == [["y", "z", "w"], ["x"]]  # order kept
    assert [part[2].height for part in chunks] == [1, 0]
    assert all(part[0].columns == articles.columns for part in chunks)  # no helper column left
    assert all(part[1].schema == mentions.schema and part[2].schema == money.schema for part in chunks)
    # never more chunks than articles, and no article: one empty chunk
    assert len(article_chunks(articles, 9)) == 5
    assert [part.height for part in article_chunks(articles.clear(), 3)] == [0]
    assert fact_chunk(articles.clear(), mentions, money, 3, 0)[1].height == 0
