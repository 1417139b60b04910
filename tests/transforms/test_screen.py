from __future__ import annotations

import polars as pl
import pytest

from transforms import screen

TEXTS = pl.DataFrame(
    {
        "text": [
            "Poland signed a deal for 96 Apaches",
            None,
            "Poland’s ministry signed it — twice",
            "signedx and xsigned",
            "Société signed; Zürich’s signed",
            "éсигнед signedé signed",
            "Россия signed",
            "",
            "signé signed",
        ]
    }
)
PATTERNS = [
    r"(?i)\bsigned\b",
    r"\b\w+\b",
    r"\bsigned(?:\s+it)?\b",
    r"\bzz\b",
    r"signed",
    r"\b",
    r"(?:^|[^@\w])\bsigned\W+\w",
    r"[\w’-]+\s\bsigned\b",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_same_as_polars_whatever_the_script(pattern: str) -> None:
    text = TEXTS["text"]
    assert screen.contains(TEXTS, "text", pattern).to_list() == text.str.contains(pattern).to_list()
    assert screen.extract_all(TEXTS, "text", pattern).to_list() == text.str.extract_all(pattern).to_list()
    assert (
        screen.replace_all(TEXTS, "text", pattern, "<${0}>").to_list()
        == text.str.replace_all(pattern, "<${0}>").to_list()
    )
    assert screen.replace(TEXTS, "text", pattern, "#").to_list() == text.str.replace(pattern, "#").to_list()


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize(
    "rows",
    [
        [],  # no row: an empty result of the right type, the pattern never run
        ["Société signed", "Zürich’s signed"],  # every row wide
        ["Société a signé", "Zürich"],  # wide rows that the loose pattern may not match
        ["Poland signed", "signedx"],  # no wide row
    ],
)
def test_the_same_as_polars_for_any_mix_of_rows(pattern: str, rows: list[str]) -> None:
    frame = pl.DataFrame({"text": rows}, schema={"text": pl.String()})
    text = frame["text"]
    for ours, theirs in (
        (screen.contains(frame, "text", pattern), text.str.contains(pattern)),
        (screen.extract_all(frame, "text", pattern), text.str.extract_all(pattern)),
        (screen.replace_all(frame, "text", pattern, "<${0}>"), text.str.replace_all(pattern, "<${0}>")),
        (screen.replace(frame, "text", pattern, "#"), text.str.replace(pattern, "#")),
    ):
        assert ours.name == "text"
        assert ours.dtype == theirs.dtype
        assert ours.to_list() == theirs.to_list()


def test_which_rows_hold_a_non_ascii_word_character() -> None:
    wide = screen.with_wide(TEXTS, "text")[screen.WIDE].to_list()
    assert wide == [False, False, False, False, True, True, True, False, True]


def test_a_wide_column_computed_once_is_used() -> None:
    # a row said to be wide is read the exact way whatever it holds
    frame = TEXTS.with_columns(pl.lit(True).alias(screen.WIDE))
    pattern = r"\bsigned\b"
    assert screen.contains(frame, "text", pattern).to_list() == TEXTS["text"].str.contains(pattern).to_list()
    assert screen.contains(TEXTS.head(0), "text", pattern).to_list() == []


def test_the_loose_and_ascii_forms() -> None:
    assert screen.loose(r"(?i)\bwon\b\s+\d") == r"(?i)won\s+\d"
    assert screen.ascii_bounded(r"\bwon\b") == r"(?-u:\b)won(?-u:\b)"


def test_word_classes_in_ascii_where_no_non_ascii_word_character_is() -> None:
    assert screen.ascii_bounded(r"\b\w+ly\W") == r"(?-u:\b)(?-u:\w)+ly[^[:word:]]"
    assert screen.ascii_classes(r"[^@\w][\w/.-]\\w\d") == r"[^@[:word:]][[:word:]/.-]\\w\d"
    # what it does not read is left as it is: a set operation, a nested class, a range, a negated class
    for pattern in (r"[\w&&[^\x00-\x7F]]\w", r"[[:alpha:]]\w", r"[a-\w]\w", r"[\W]\w"):
        assert screen.ascii_classes(pattern) == pattern
