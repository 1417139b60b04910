"""The reference data: complete, consistent, and the gazetteer builds from it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pycountry
import pytest

from transforms.extract import build_gazetteer
from transforms.services import service_table
from warehouse.build_seeds import (
    SEEDS,
    _Inflector,
    _prefixed,
    build_countries,
    build_country_names,
    build_organization_aliases,
    build_weapon_aliases,
)
from warehouse.seeds import read_seeds

SIPRI = {
    "aircraft", "air defence systems", "anti-submarine warfare", "armoured vehicles", "artillery", "engines",
    "missiles", "naval weapons", "satellites", "sensors", "ships", "other",
}  # fmt: skip
ORG_TYPES = {
    "armed_service",
    "command",
    "ministry",
    "agency",
    "alliance",
    "company",
    "armed_group",
    "international",
    "legislature",
    "security_service",
    "civil_agency",
}


def test_countries_csv_is_what_the_generator_produces() -> None:
    assert (SEEDS / "countries.csv").read_text(encoding="utf-8") == build_countries(), (
        "run `python -m warehouse.build_seeds`"
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("country_names.csv", build_country_names),
        ("organization_aliases.csv", build_organization_aliases),
        ("weapon_aliases.csv", build_weapon_aliases),
    ],
)
def test_generated_alias_tables_are_what_the_generator_produces(name: str, build: Callable[[], str]) -> None:
    assert (SEEDS / name).read_text(encoding="utf-8") == build(), "run `python -m warehouse.build_seeds`"


def _names(language: str, iso3: str, kind: str = "name") -> set[str]:
    table = read_seeds().country_names.filter(
        (pl.col("iso3") == iso3) & (pl.col("language") == language) & (pl.col("kind") == kind)
    )
    return set(table["aliases"].str.split("|").explode().to_list())


def test_local_names_carry_their_inflected_and_compound_forms() -> None:
    assert {"Россия", "России", "Россией", "российский", "Российской", "россиян"} <= _names("ru", "RUS")
    assert {"Соединённых Штатов", "Соединенных Штатов Америки", "США"} <= _names("ru", "USA")
    assert {"Україна", "України", "Україною", "українських"} <= _names("uk", "UKR")
    # (gazetteer-25: "Polska" itself is a language-less alias, read in every language: "WB Electronics Polska")
    assert {"Polsce", "Polskę", "polskiego"} <= _names("pl", "POL")
    assert {"Stanów Zjednoczonych", "Korei Południowej"} <= _names("pl", "USA") | _names("pl", "KOR")
    assert {"Nordsyrien", "Syriens", "syrischen"} <= _names("de", "SYR")
    assert {"Westukraine", "Ostukraine"} <= _names("de", "UKR")
    assert {"ישראל", "בישראל", "הישראלי"} <= _names("he", "ISR")
    assert {"إيران", "وإيران", "الإيراني"} <= _names("ar", "IRN")
    assert {"Moscou", "Kremlin"} <= _names("fr", "RUS", "capital")
    assert {"Москва", "Москве", "Кремль"} <= _names("ru", "RUS", "capital")


def test_local_organization_and_weapon_names_are_declined() -> None:
    seeds = read_seeds()
    orgs = seeds.organization_aliases.filter(pl.col("org_id") == "russian-mod")
    forms = set(orgs["aliases"].str.split("|").explode().to_list())
    assert {
        "Министерства обороны России",
        "Міністерства оборони Росії",
        "ministère russe de la Défense",
    } <= forms
    weapons = seeds.weapon_aliases.filter(pl.col("weapon_id") == "kalibr")
    assert {"Калибр", "Калибров", "Калібрів"} <= set(weapons["aliases"].str.split("|").explode().to_list())


def test_every_iso_country_with_the_names_people_write() -> None:
    countries = read_seeds().countries
    assert countries.height == len(pycountry.countries)
    aliases = dict(zip(countries["iso3"], countries["aliases"].str.split("|"), strict=True))
    for iso3, names in {
        "USA": ["U.S.", "US", "USA", "American"], "GBR": ["UK", "British"], "ARE": ["UAE"], "KOR": ["ROK", "South Korean"],
        "PRK": ["DPRK"], "CHN": ["PRC"], "JPN": ["Japanese"], "UKR": ["Ukrainian"], "IRN": ["Iranian"], "ISR": ["Israeli"],
    }.items():  # fmt: skip
        assert set(names) <= set(aliases[iso3].to_list()), iso3


def test_weapon_systems_cover_the_sipri_categories() -> None:
    weapons = read_seeds().weapon_systems
    assert weapons.height >= 400
    assert weapons["weapon_id"].n_unique() == weapons.height
    assert set(weapons["category"].unique()) == SIPRI
    assert weapons.filter(pl.col("origin_iso3").str.len_chars() != 3).height == 0
    patriot = weapons.filter(pl.col("weapon_id") == "patriot").row(0, named=True)
    assert {"PAC-2", "PAC-3", "PAC-3 MSE", "MIM-104"} <= set(patriot["aliases"].split("|"))
    assert patriot["family"] == "Patriot"


def test_organizations_cover_the_kinds_users_ask_about() -> None:
    orgs = read_seeds().organizations
    assert orgs.height >= 200
    assert orgs["org_id"].n_unique() == orgs.height
    assert set(orgs["org_type"].unique()) <= ORG_TYPES
    all_aliases = set(orgs["aliases"].str.split("|").explode().to_list())
    assert {"NATO", "AUKUS", "DSCA", "DARPA", "Pentagon"} <= all_aliases


def test_fx_rates_have_every_currency_the_money_extractor_knows() -> None:
    from transforms.money import CODE_CURRENCY, FAMILY_DEFAULT, SYMBOL_CURRENCY, WORD_CURRENCY

    fx = read_seeds().fx_rates
    known = set(fx["currency"]) | {"USD"}
    wanted = (
        set(SYMBOL_CURRENCY.values())
        | {code for code in CODE_CURRENCY.values() if code.isupper()}  # "Rs" is the rupee family (money-12)
        | set(WORD_CURRENCY.values())
        | set(FAMILY_DEFAULT.values())
        | {
            "AUD",
            "CAD",
            "NZD",
            "BYN",
            "MXN",
            "COP",
            "IQD",
            "PKR",
        }  # what the publisher's country makes of $, рублей, Rs, ...
    )
    assert wanted <= known, wanted - known
    assert fx.filter(pl.col("usd_per_unit") <= 0).height == 0
    assert {pycountry.currencies.get(alpha_3=c) is not None for c in known} == {True}


def test_gazetteer_builds_without_alias_clashes() -> None:
    seeds = read_seeds()
    gazetteer = build_gazetteer(
        seeds.countries,
        seeds.weapon_systems,
        seeds.organizations,
        seeds.blocked_phrases,
        seeds.country_names,
        seeds.organization_aliases,
        seeds.weapon_aliases,
    )
    assert gazetteer.height > 2000


def test_a_seeds_folder_from_before_other_languages_still_reads(tmp_path: Path) -> None:
    for name in ("countries", "weapon_systems", "organizations", "blocked_phrases", "fx_rates", "languages"):
        shutil.copy(SEEDS / f"{name}.csv", tmp_path / f"{name}.csv")
    seeds = read_seeds(tmp_path)
    assert seeds.country_names.height == 0
    assert seeds.government_verbs.height == 0
    gazetteer = build_gazetteer(
        seeds.countries,
        seeds.weapon_systems,
        seeds.organizations,
        seeds.blocked_phrases,
        seeds.country_names,
        seeds.organization_aliases,
        seeds.weapon_aliases,
    )
    assert gazetteer.filter(pl.col("language").is_not_null()).height == 0


def test_every_major_service_of_the_united_states_resolves_a_bare_name() -> None:
    # a second organization of one kind (a historical "Army Air Corps" typed armed_service) would silently
    # drop the country's service of that kind from the table, and with it every bare "the Army"
    table = service_table(read_seeds().organizations)
    usa = dict(table.filter(pl.col("country_iso3") == "USA").select("kind", "org_id").iter_rows())
    assert usa["army"] == "us-army"
    assert usa["navy"] == "us-navy"
    assert usa["air_force"] == "us-air-force"
    assert usa["marines"] == "us-marine-corps"
    assert usa["space_force"] == "us-space-force"
    assert usa["ministry"] == "us-dod"


def test_hebrew_prefixes_drop_the_article_after_b_l_and_k() -> None:
    forms = _prefixed("he", {"התעשייה האווירית"})
    assert {"בתעשייה האווירית", "לתעשייה האווירית", "ובתעשייה האווירית", "והתעשייה האווירית"} <= forms
    assert "מתעשייה האווירית" not in forms  # after מ the article stays: "מהתעשייה"
    assert "מהתעשייה האווירית" in forms


def test_a_weapon_name_the_analyser_leaves_as_it_is_takes_the_regular_endings() -> None:
    # gazetteer-23: "Суперкам" is unknown to the analyser: the endings of a hard-stem masculine noun
    inflector = _Inflector()
    assert {"Суперкамы", "Суперкамов", "Суперкамами"} <= inflector.name_forms("ru", "Суперкам", plurals=True)
    assert {"Суперками", "Суперкамів"} <= inflector.name_forms("uk", "Суперкам", plurals=True)
    # ... without plurals (organizations) nothing is guessed
    assert inflector.name_forms("ru", "Суперкам") == {"Суперкам"}


def test_a_capitalized_adjective_declines_with_its_noun_in_polish() -> None:
    # gazetteer-25: "Polskie" and "Polska" also read as nouns; beside a noun they agree with they are its
    # adjectives, and a comparative keeps its degree
    inflector = _Inflector()
    assert {"Wojska Polskiego", "Wojsku Polskiemu"} <= inflector.name_forms("pl", "Wojsko Polskie")
    forms = inflector.name_forms("pl", "Polska Grupa Zbrojeniowa")
    assert {"Polskiej Grupy Zbrojeniowej", "Polską Grupą Zbrojeniową"} <= forms
    assert "Polsce Grupa Zbrojeniowa" not in forms
    assert "Korei Południowej" in inflector.name_forms("pl", "Korea Południowa")
    assert "Dalekich Wysp Mniejszych" in inflector.name_forms("pl", "Dalekie Wyspy Mniejsze")


def test_the_seeds_without_their_rows_have_every_column() -> None:
    """What a batch without articles reads: every table's columns and types, no row."""
    from dataclasses import fields

    full, bare = read_seeds(), read_seeds(rows=0)
    for table in fields(full):
        assert getattr(bare, table.name).schema == getattr(full, table.name).schema, table.name
        assert getattr(bare, table.name).height == 0, table.name
        assert getattr(full, table.name).height > 0, table.name
