"""Build warehouse/seeds/countries.csv from pycountry (every ISO 3166-1 country) plus the names people write.

Run `python -m warehouse.build_seeds` after changing country_aliases.csv or upgrading pycountry;
a test fails when the committed countries.csv differs from what this produces.
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


if __name__ == "__main__":
    (SEEDS / "countries.csv").write_text(build_countries(), encoding="utf-8")
    print(f"wrote {SEEDS / 'countries.csv'}")
