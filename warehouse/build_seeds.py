"""Build the generated seeds from pycountry: countries.csv (every ISO 3166-1 country plus the names people
write, from country_aliases.csv) and languages.csv (ISO 639-1 codes plus legacy codes still seen in feeds).

Run `python -m warehouse.build_seeds` after changing country_aliases.csv or upgrading pycountry;
a test fails when a committed file differs from what this produces.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pycountry

SEEDS = Path(__file__).resolve().parent / "seeds"
HEADER = ("iso3", "iso2", "name", "aliases", "requires_context")


def _usable(name: str | None) -> bool:
    """ISO's inverted names ("Korea, Republic of") and annotated ones ("(Dutch part)") are never written."""
    return bool(name) and "," not in str(name) and "(" not in str(name)


def build_countries(aliases_csv: Path = SEEDS / "country_aliases.csv") -> str:
    """The text of countries.csv: one row per ISO 3166-1 country."""
    extra: dict[str, tuple[list[str], str]] = {}
    with aliases_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            extra[row["iso3"]] = (names, row["requires_context"] or "")
    known = {c.alpha_3 for c in pycountry.countries}
    unknown = sorted(set(extra) - known)
    if unknown:
        raise ValueError(f"country_aliases.csv names codes that are not ISO 3166-1: {unknown}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        hand, context = extra.get(country.alpha_3, ([], ""))
        common = getattr(country, "common_name", None)
        display = common or (hand[0] if hand else country.name)
        candidates = [display, country.name, getattr(country, "official_name", None), *hand]
        aliases: list[str] = []
        for name in candidates:
            if name and _usable(name) and name not in aliases:
                aliases.append(name)
        writer.writerow((country.alpha_3, country.alpha_2, display, "|".join(aliases), context))
    return out.getvalue()


# Codes that are not ISO 639-1 any more but still appear in feeds (Java locales keep emitting some of them).
LEGACY_LANGUAGES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


def build_languages() -> str:
    """The text of languages.csv: every ISO 639-1 code, plus legacy codes mapped to their successor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("code", "name", "canonical"))
    for language in sorted(pycountry.languages, key=lambda lang: getattr(lang, "alpha_2", "")):
        code = getattr(language, "alpha_2", None)
        if code:
            writer.writerow((code, language.name, code))
    for legacy, canonical in sorted(LEGACY_LANGUAGES.items()):
        writer.writerow((legacy, f"legacy code for {canonical}", canonical))
    return out.getvalue()


GENERATED = {"countries.csv": build_countries, "languages.csv": build_languages}

if __name__ == "__main__":
    for name, build in GENERATED.items():
        (SEEDS / name).write_text(build(), encoding="utf-8")
        print(f"wrote {SEEDS / name}")
