"""Matches and where they start, from one pass over the text: the pass puts ``OPEN`` before and ``CLOSE``
after each match (a regular expression's ``replace_all``, an Aho-Corasick ``replace_many``), and the marked
text gives both the matches (a trivial pattern between the marks) and their byte offsets (the k-th ``OPEN``,
counting from 0, stands 2k bytes after where its match starts in the unmarked text).

Getting the matches and their offsets in two passes (``extract_many`` then ``find_many``) scans every text
twice; searching each row for its own matches (``find_many`` with a pattern list per row) builds an automaton
per row. A text that already holds a mark (control characters text rarely has) cannot be read this way: its
row is read the two-pass way the caller gives, in its place among the others.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

OPEN, CLOSE = "\x01", "\x02"


def matches_and_starts(
    texts: pl.DataFrame,
    text: str,
    marked: pl.Expr,
    two_pass: Callable[[pl.DataFrame], pl.DataFrame],
    matched: str,
) -> pl.DataFrame:
    """``texts`` with the list of matches (column ``matched``) and the list of their byte starts in ``text``
    (``byte_start``), in their order. ``marked``: ``text`` with the marks put around each match (one pass);
    ``two_pass``: the same two columns for the rows that already hold a mark (rare); it may leave rows out."""
    holds = pl.col(text).str.contains_any([OPEN, CLOSE])
    if not texts.select(holds.any()).item():
        return _read_marks(texts, marked, matched)
    numbered = texts.with_row_index("_row")
    plain = _read_marks(numbered.filter(~holds), marked, matched)
    odd = two_pass(numbered.filter(holds)).select(plain.columns)
    return pl.concat([plain, odd], how="vertical").sort("_row").drop("_row")


def _read_marks(texts: pl.DataFrame, marked: pl.Expr, matched: str) -> pl.DataFrame:
    """The matches and their starts in the unmarked text, from the marked text."""
    found = (
        pl.col("_marked")
        .str.extract_all(f"{OPEN}[^{CLOSE}]*{CLOSE}")
        .list.eval(pl.element().str.strip_chars(OPEN + CLOSE))
    )
    starts = (
        pl.col("_marked")
        .str.find_many([OPEN])
        .list.eval((pl.element().cast(pl.Int64) - 2 * pl.int_range(pl.len())).cast(pl.UInt32))
    )
    return (
        texts.with_columns(_marked=marked)
        .with_columns(found.alias(matched), byte_start=starts)
        .drop("_marked")
    )
