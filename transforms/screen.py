"""Regular expressions with word boundaries, run where polars' fast regex engine can run them.

Polars runs Rust's regex engine, whose fast path (a lazy DFA) cannot decide a Unicode word boundary (``\\b``)
next to a non-ASCII character: a text holding one (an accented letter, a typographic quote or dash, Cyrillic)
is searched by a far slower engine, and real feed text nearly always holds one. Two exact ways around it:

- A text without any non-ASCII *word* character (typographic quotes, dashes and no-break spaces are not
  word characters) has the same word boundaries in ASCII as in Unicode: there the pattern runs with ASCII
  boundaries (``(?-u:\\b)``), which the fast path decides.
- The pattern without its word boundaries matches wherever the pattern does (leaving out an assertion only
  admits more) and stays on the fast path: a text it does not match cannot match the pattern, which runs on
  the other texts only.

On 9,600 sentences of real feeds (the deal rules' verb sentences; 88 hold a non-ASCII word character), the
deal verbs' ``extract_all`` took 0.18 s with Unicode boundaries and 0.023 s with ASCII ones. The loose form is
not always cheap: a pattern of many alternatives that the boundaries kept apart can be slower without them
(time it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import polars as pl

NON_ASCII_WORD = r"[\w&&[^\x00-\x7F]]"


def loose(pattern: str) -> str:
    """``pattern`` without its word boundaries (a superset of its matches)."""
    return pattern.replace(r"\b", "")


@functools.lru_cache(maxsize=256)
def ascii_bounded(pattern: str) -> str:
    """``pattern`` with ASCII word boundaries and word classes (the same matches in a text without non-ASCII
    word characters); kept for the next call (reading a long pattern costs a millisecond)."""
    return ascii_classes(pattern.replace(r"\b", r"(?-u:\b)"))


# An escape, a class (its "^" and a "]" right after the bracket belong to it) or any other character.
PATTERN_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|.", re.DOTALL)
ASCII_OUTSIDE = {r"\w": r"(?-u:\w)", r"\W": "[^[:word:]]"}
ASCII_INSIDE = {r"\w": "[:word:]"}
CLASS_TOKEN = re.compile(r"\\.|.", re.DOTALL)


def ascii_classes(pattern: str) -> str:
    """``pattern`` with ``\\w`` and ``\\W`` as ASCII classes: the same matches in a text without non-ASCII
    word characters, and far cheaper to compile (a Unicode ``\\w`` is hundreds of ranges: the deal cues'
    intention pattern 18.9 -> 4.9 ms, compiled again whenever polars' cache of 32 patterns a thread lost
    it). ``pattern`` unchanged when a class holds what this does not read (a nested class, a set operation,
    ``\\W``). Digits are left as they are: an ASCII ``\\d`` gave a short pattern a literal prefilter that
    made it four times slower on the farm's sentences."""
    if "\\" not in pattern:
        return pattern
    written: list[str] = []
    for token in PATTERN_TOKEN.finditer(pattern):
        text = token.group()
        if text in ASCII_OUTSIDE:
            written.append(ASCII_OUTSIDE[text])
        elif text == "[":
            return pattern  # a bracket that opens no class this reads
        elif text.startswith("[") and len(text) > 1:
            inside = _ascii_class(text)
            if inside is None:
                return pattern
            written.append(inside)
        else:
            written.append(text)
    return "".join(written)


def _ascii_class(text: str) -> str | None:
    """A class (``[...]``) with ASCII word escapes, None when it holds more than escapes, ranges and
    characters."""
    opening = 1 + text.startswith("[^") + text.startswith("]", 1 + text.startswith("[^"))
    body = text[opening:-1]
    if "&&" in body or "--" in body or "~~" in body:
        return None
    parts: list[str] = []
    tokens = [token.group() for token in CLASS_TOKEN.finditer(body)]
    for at, token in enumerate(tokens):
        if token == "[" or token == r"\W":
            return None
        if token in ASCII_INSIDE:
            starts_range = at + 1 < len(tokens) - 1 and tokens[at + 1] == "-"
            if starts_range or (at > 0 and tokens[at - 1] == "-"):
                return None  # an end of a range (or a "-" before it)
            parts.append(ASCII_INSIDE[token])
        else:
            parts.append(token)
    return text[:opening] + "".join(parts) + "]"


WIDE = "_wide"  # the column that says which rows may hold a non-ASCII word character


def with_wide(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """``frame`` with ``WIDE``: whether ``column`` holds a non-ASCII word character. The functions below
    compute it when ``frame`` lacks it; a caller that runs several patterns on the same rows (or on texts
    made from them by ASCII replacements: True where a row no longer holds one only costs time) computes it
    once."""
    text = pl.col(column)
    ascii_only = (text.str.len_bytes() == text.str.len_chars()).fill_null(True)
    if frame.select(ascii_only.all()).item():
        return frame.with_columns(pl.lit(False).alias(WIDE))
    numbered = frame.with_row_index("_row")
    wide = numbered.filter(~ascii_only).filter(text.str.contains(NON_ASCII_WORD)).get_column("_row")
    return numbered.with_columns(pl.col("_row").is_in(wide.implode()).alias(WIDE)).drop("_row")


def contains(frame: pl.DataFrame, column: str, pattern: str) -> pl.Series:
    """``frame[column].str.contains(pattern)``."""
    text = pl.col(column)
    return _screened(
        frame,
        column,
        pattern,
        lambda p: text.str.contains(p),
        pl.when(text.is_not_null()).then(pl.lit(False)),
    )


def replace_all(frame: pl.DataFrame, column: str, pattern: str, replacement: str) -> pl.Series:
    """``frame[column].str.replace_all(pattern, replacement)``."""
    text = pl.col(column)
    return _screened(frame, column, pattern, lambda p: text.str.replace_all(p, replacement), text)


def replace(frame: pl.DataFrame, column: str, pattern: str, replacement: str) -> pl.Series:
    """``frame[column].str.replace(pattern, replacement)`` (the first match)."""
    text = pl.col(column)
    return _screened(frame, column, pattern, lambda p: text.str.replace(p, replacement), text)


def extract_all(frame: pl.DataFrame, column: str, pattern: str) -> pl.Series:
    """``frame[column].str.extract_all(pattern)``."""
    text = pl.col(column)
    none = pl.when(text.is_not_null()).then(pl.lit([], dtype=pl.List(pl.String())))
    return _screened(frame, column, pattern, lambda p: text.str.extract_all(p), none)


def _screened(
    frame: pl.DataFrame, column: str, pattern: str, value: Callable[[str], pl.Expr], otherwise: pl.Expr
) -> pl.Series:
    """``value(pattern)`` of ``column``, named ``column``: with ASCII word boundaries where ``column`` holds
    no non-ASCII word character; elsewhere ``otherwise`` where the loose pattern does not match."""
    if frame.height == 0:
        return _nothing(frame, column, value(pattern))
    if r"\b" not in pattern:
        return frame.select(value(pattern).alias(column)).to_series()
    if WIDE not in frame.columns:
        frame = with_wide(frame, column)
    wide = pl.col(WIDE)
    if not frame.select(wide.any()).item():
        return frame.select(value(ascii_bounded(pattern)).alias(column)).to_series()
    numbered = frame.with_row_index("_row")
    # the loose test once (compiling a long pattern costs more than running it on a few rows)
    rest = numbered.filter(wide).with_columns(
        _may=pl.col(column).str.contains(loose(pattern)).fill_null(False)
    )
    may = pl.col("_may")
    # a pattern is only run on rows that exist: polars compiles it even for none, and its cache of compiled
    # patterns (32 per thread) is too small for the deal cues, so every run would compile it again
    parts = [
        rows.select("_row", expression.alias(column))
        for rows, expression in (
            (numbered.filter(~wide), value(ascii_bounded(pattern))),
            (rest.filter(may), value(pattern)),
            (rest.filter(~may), otherwise),
        )
        if rows.height
    ]
    return pl.concat(parts).sort("_row").get_column(column)


def _nothing(frame: pl.DataFrame, column: str, expression: pl.Expr) -> pl.Series:
    """The empty result of ``expression`` on ``frame`` (no rows), named ``column``, without running it (which
    would compile its pattern)."""
    dtype = frame.lazy().select(expression.alias(column)).collect_schema()[column]
    return pl.Series(column, [], dtype=dtype)
