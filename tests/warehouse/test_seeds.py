"""The reference data: complete, consistent, and the gazetteer builds from it."""

from __future__ import annotations

import polars as pl
import pycountry

from transforms.extract import build_gazetteer
from warehouse.build_seeds import SEEDS, build_countries
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
}


def test_countries_csv_is_what_the_generator_produces() -> None:
    assert (SEEDS / "countries.csv").read_text(encoding="utf-8") == build_countries(), (
        "run `python -m warehouse.build_seeds`"
    )


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
        | set(CODE_CURRENCY.values())
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
        }  # what the publisher's country makes of $, рублей, ...
    )
    assert wanted <= known, wanted - known
    assert fx.filter(pl.col("usd_per_unit") <= 0).height == 0
    assert {pycountry.currencies.get(alpha_3=c) is not None for c in known} == {True}


def test_gazetteer_builds_without_alias_clashes() -> None:
    seeds = read_seeds()
    gazetteer = build_gazetteer(
        seeds.countries, seeds.weapon_systems, seeds.organizations, seeds.blocked_phrases
    )
    assert gazetteer.height > 2000
