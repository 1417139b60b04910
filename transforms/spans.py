"""Matches and where they start, from one pass over the text: the pass puts ``OPEN`` before and ``CLOSE``
after each match (a regular expression's ``replace_all``, an Aho-Corasick ``replace_many``), and the marked
text gives both the matches (a trivial pattern between the marks) and their byte offsets (the k-th ``OPEN``,
counting from 0, stands 2k bytes after where its match starts in the unmarked text).

Getting the matches and their offsets in two passes (``extract_many`` then ``find_many``) scans every text
twice; searching each row for its own matches (``find_many`` with a pattern list per row) builds an automaton
per row. A text that already holds a mark (control characters text rarely has) cannot be read this way: the
callers read such rows the two-pass way.
"""

from __future__ import annotations

import polars as pl

OPEN, CLOSE = "\x01", "\x02"


def holds_marks(text: pl.Expr) -> pl.Expr:
    """Whether ``text`` already holds a mark (then it is read without them)."""
    return text.str.contains_any([OPEN, CLOSE])


def marked_matches(marked: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The list of matches and the list of their byte starts in the unmarked text, from the marked text."""
    matched = marked.str.extract_all(f"{OPEN}[^{CLOSE}]*{CLOSE}").list.eval(
        pl.element().str.strip_chars(OPEN + CLOSE)
    )
    starts = marked.str.find_many([OPEN]).list.eval(
        (pl.element().cast(pl.Int64) - 2 * pl.int_range(pl.len())).cast(pl.UInt32)
    )
    return matched, starts
