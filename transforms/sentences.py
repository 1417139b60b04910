"""Sentence spans of English news and government text, by rule.

A period, question or exclamation mark followed by white space and a capital letter, digit or opening quote
ends a sentence, except after an abbreviation that never ends one ("Nov.", "No.", "Gen.", "St.", initials) and
after company suffixes and dotted initialisms ("Co.", "Inc.", "U.S.") unless the next word usually starts a
sentence ("The", "Work", "This", ...). pysbd splits the same texts as well, but costs about 0.7 ms per
sentence: a hundred times what this costs on the feeds the pipeline reads.
"""

from __future__ import annotations

import re

BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9$€£])")
NEVER_ENDS = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos",
        "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "brig", "rep", "sen", "gov", "mr",
        "mrs", "ms", "dr", "prof", "st", "ft", "mt", "vs", "approx", "e.g", "i.e", "fig", "vol", "pp",
    }
)  # fmt: skip
MAY_END = frozenset({"co", "inc", "corp", "ltd", "llc", "jr", "sr", "bros", "plc", "etc", "govt", "dept"})
STARTERS = frozenset(
    {
        "The", "This", "These", "That", "Those", "It", "Its", "Work", "Fiscal", "Funds", "In", "A", "An",
        "Under", "Location", "Type", "Using", "Contractors", "Proposals", "Bids", "One", "Two", "Three",
        "He", "She", "They", "We", "Officials", "According", "Some", "All", "After", "Before", "Once",
        "There", "Each", "No", "As", "On", "At", "For", "If", "When", "While", "But", "And", "Delivery",
    }
)  # fmt: skip
INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")


def sentence_spans(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of ``text``, white space trimmed. With ``until``:
    only the sentences up to the one holding that offset and the two after it (the rest is not read; deals-11:
    two, so that a deal's value said after one sentence between is read)."""
    if "." not in text and "?" not in text and "!" not in text:  # a headline
        end = _rstrip(text, len(text))
        return [(0, end)] if end else []
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        if text[match.start()] == "." and not _ends_sentence(text, start, match.start(), match.end()):
            continue
        spans.append((start, _rstrip(text, match.end())))
        start = match.end()
        if until is not None and len(spans) >= 3 and spans[-3][1] > until:
            return spans
    if start < len(text):
        end = _rstrip(text, len(text))
        if end > start:
            spans.append((start, end))
    return spans


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _ends_sentence(text: str, start: int, period: int, next_start: int) -> bool:
    word_start = text.rfind(" ", start, period) + 1
    word = text[word_start:period].lstrip('("“‘[')
    if not word:
        return True
    lowered = word.lower()
    if lowered in NEVER_ENDS or (len(word) == 1 and word.isupper()):
        return False
    if lowered in MAY_END or INITIALISM.match(word):
        following = re.match(r"[\"“‘(\[]?([A-Za-z]+)", text[next_start:])
        return bool(following) and following.group(1) in STARTERS  # type: ignore[union-attr]
    return True
