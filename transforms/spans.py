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


def match_rows(
    texts: pl.DataFrame,
    text: str,
    marked: pl.Expr,
    two_pass: Callable[[pl.DataFrame], pl.DataFrame],
    matched: str,
) -> pl.DataFrame:
    """What :func:`matches_and_starts` gives, one row per match (its lists exploded, rows without a match
    left out), in the order of ``texts``. The marks are read on the rows that have some (the marked text is
    longer), and the matches are cut out of the exploded rows rather than inside each row's list: half the
    time of reading them row by row."""
    holds = pl.col(text).str.contains_any([OPEN, CLOSE])
    if not texts.select(holds.any()).item():
        return _marked_rows(texts, text, marked, matched)
    numbered = texts.with_row_index("_row")
    plain = _marked_rows(numbered.filter(~holds), text, marked, matched)
    odd = (
        two_pass(numbered.filter(holds))
        .select(plain.columns)
        .filter(pl.col(matched).list.len() > 0)
        .explode(matched, "byte_start")
    )
    return pl.concat([plain, odd], how="vertical").sort("_row", maintain_order=True).drop("_row")


def _marked_rows(texts: pl.DataFrame, text: str, marked: pl.Expr, matched: str) -> pl.DataFrame:
    """One row per match, from the marked text: the k-th mark of a row (from 0) stands 2k bytes after the
    start of its match."""
    count = pl.col("byte_start").list.len()
    return (
        texts.with_columns(_marked=marked)
        .filter(pl.col("_marked").str.len_bytes() != pl.col(text).str.len_bytes())
        .with_columns(
            pl.col("_marked").str.extract_all(f"{OPEN}[^{CLOSE}]*{CLOSE}").alias(matched),
            byte_start=pl.col("_marked").str.find_many([OPEN]),
        )
        .drop("_marked")
        .with_columns(_first=count.cum_sum() - count)  # the first match's row, once exploded
        .explode(matched, "byte_start")
        .with_columns(
            pl.col(matched).str.strip_chars(OPEN + CLOSE),
            byte_start=(
                pl.col("byte_start").cast(pl.Int64) - 2 * (pl.int_range(pl.len()) - pl.col("_first"))
            ).cast(pl.UInt32),
        )
        .drop("_first")
    )
