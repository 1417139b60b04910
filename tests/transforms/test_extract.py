from __future__ import annotations

import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from schemas.frames import MENTION_SCHEMA
from transforms.extract import (
    ABBREVIATION,
    EXTRACTOR_VERSION,
    alias_matches,
    build_gazetteer,
    defined_span,
    extract_mentions,
    government_patterns,
    weapon_umbrellas,
)
from transforms.facts import References, extract_facts, mentions_of, no_facts
from warehouse.seeds import read_seeds, seed_references

COUNTRIES = pl.DataFrame(
    {
        "iso3": ["USA", "JPN", "GEO", "ISR", "UKR"],
        "name": ["United States", "Japan", "Georgia", "Israel", "Ukraine"],
        "aliases": [
            "United States|U.S.|US|American",
            "Japan|Japanese",
            "Georgia|Georgian",
            "Israel|Israeli",
            "Ukraine",
        ],
        "requires_context": [None, None, "Tbilisi|Caucasus", None, None],
    }
)
WEAPONS = pl.DataFrame(
    {
        "weapon_id": ["patriot", "f-35", "himars"],
        "name": ["Patriot", "F-35 Lightning II", "HIMARS"],
        "aliases": ["Patriot|PAC-3|PAC-3 MSE|MIM-104", "F-35|F-35A|Lightning II", "HIMARS|M142"],
        "requires_context": [None, None, None],
    }
)
ORGS = pl.DataFrame(
    {
        "org_id": ["us-army", "israeli-air-force", "lockheed-martin"],
        "name": ["U.S. Army", "Israeli Air Force", "Lockheed Martin"],
        "aliases": ["U.S. Army|US Army", "Israeli Air Force", "Lockheed Martin|Lockheed"],
        "requires_context": [None, None, None],
    }
)
BLOCKERS = pl.DataFrame(
    {
        "entity_type": ["country", "country", "weapon_system"],
        "phrase": ["Latin America", "Latin American", "Patriot Day"],
    }
)


@pytest.fixture(scope="module")
def gazetteer() -> pl.DataFrame:
    return build_gazetteer(COUNTRIES, WEAPONS, ORGS, BLOCKERS)


def _mentions(gazetteer: pl.DataFrame, title: str, summary: str | None = None) -> list[tuple[str, str, str]]:
    articles = pl.DataFrame({"article_id": ["a"], "title": [title], "summary": [summary]})
    result = extract_mentions(articles, gazetteer)
    return [(r["entity_type"], r["entity_id"], r["matched_text"]) for r in result.iter_rows(named=True)]


def test_alias_matches_one_pass_and_rows_holding_the_marks() -> None:
    # leftmost-first over longest-first patterns, byte offsets, rows in their order; the third text holds the
    # control characters that mark matches and is read in two passes
    texts = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "text": ["F-35A and F-35", "Київ: F-35", "odd \x01 F-35A \x02 F-35", "none here"],
        }
    )
    found = alias_matches(texts, ["F-35A", "F-35"])
    assert found.select("article_id", "matched_text", "byte_start").rows() == [
        ("a", "F-35A", 0),
        ("a", "F-35", 10),
        ("b", "F-35", 10),  # bytes: four Cyrillic letters of two
        ("c", "F-35A", 6),
        ("c", "F-35", 14),
    ]


def test_gazetteer_has_one_row_per_alias_and_caps_variants(gazetteer: pl.DataFrame) -> None:
    patriot = gazetteer.filter(pl.col("entity_id") == "patriot")["alias"].sort().to_list()
    # (gazetteer-25: a designation of capitals and a number also with a space for its hyphen)
    assert patriot == ["MIM 104", "MIM-104", "PAC 3", "PAC-3", "PAC-3 MSE", "PATRIOT", "Patriot"]
    assert "JAPAN" in gazetteer["alias"].to_list()  # 5+ letters get an ALL-CAPS variant
    assert "ISRAEL" in gazetteer["alias"].to_list()
    assert "U.S." in gazetteer["alias"].to_list()


def test_gazetteer_refuses_an_alias_with_two_owners() -> None:
    clash = WEAPONS.with_columns(pl.lit("Patriot").alias("aliases"))
    with pytest.raises(ValueError, match="weapon_system:Patriot"):
        build_gazetteer(COUNTRIES, clash, ORGS)


def test_offsets_fields_and_schema(gazetteer: pl.DataFrame) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "title": ["Café report: Japan buys PAC-3 MSE"],
            "summary": ["Made by Lockheed Martin."],
        }
    )
    result = extract_mentions(articles, gazetteer)
    expected = pl.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "entity_type": ["organization", "country", "weapon_system"],
            "entity_id": ["lockheed-martin", "JPN", "patriot"],
            "entity_name": ["Lockheed Martin", "Japan", "Patriot"],
            "matched_text": ["Lockheed Martin", "Japan", "PAC-3 MSE"],
            "field": ["summary", "title", "title"],
            "start_offset": [8, 13, 24],
            "end_offset": [23, 18, 33],
            "extractor_version": [EXTRACTOR_VERSION] * 3,
            "rule": ["alias"] * 3,
        },
        schema=MENTION_SCHEMA,
    )
    assert_frame_equal(result, expected)
    title = articles["title"][0]
    assert title[13:18] == "Japan"
    assert title[24:33] == "PAC-3 MSE"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # longest match wins within a type
        (
            "Patriot PAC-3 MSE interceptors",
            [("weapon_system", "patriot", "Patriot"), ("weapon_system", "patriot", "PAC-3 MSE")],
        ),
        # whole words only
        ("The Patriotic HIMARSX typo", []),
        # a plural s is accepted
        ("F-35s and Patriots", [("weapon_system", "f-35", "F-35"), ("weapon_system", "patriot", "Patriot")]),
        # blocked phrases of any type
        ("Patriot Day remembrance", []),
        ("Ukraine's HIMARS", [("country", "UKR", "Ukraine"), ("weapon_system", "himars", "HIMARS")]),
        # case: US only in capitals; ALL-CAPS headline variants of long aliases
        ("Let us talk about US policy", [("country", "USA", "US")]),
        ("JAPAN ORDERS PATRIOT", [("country", "JPN", "JAPAN"), ("weapon_system", "patriot", "PATRIOT")]),
        ("japan orders patriot", []),
        # types overlap: the org and the country inside its name both count
        (
            "Israeli Air Force",
            [("country", "ISR", "Israeli"), ("organization", "israeli-air-force", "Israeli Air Force")],
        ),
        # blockers: "American" inside "Latin American" is not the United States
        ("Latin American navies and American carriers", [("country", "USA", "American")]),
        # context rules: Georgia needs a cue word in the same article
        ("Plant opens in Georgia", []),
        ("Georgia buys drones", []),
        ("Georgia buys drones near Tbilisi", [("country", "GEO", "Georgia")]),
        # a capital alone is not a country
        ("Tokyo and Washington talk", []),
        # an organization's name before "-<digit>" is part of a designation, not the organization
        ("Lockheed-2 prototype and Lockheed jets", [("organization", "lockheed-martin", "Lockheed")]),
    ],
)
def test_matching_rules(gazetteer: pl.DataFrame, title: str, expected: list[tuple[str, str, str]]) -> None:
    assert sorted(_mentions(gazetteer, title)) == sorted(expected)


def test_context_may_come_from_the_other_field(gazetteer: pl.DataFrame) -> None:
    assert _mentions(gazetteer, "Georgia signs deal", "Officials in the Caucasus nation agreed.") == [
        ("country", "GEO", "Georgia")
    ]


def test_empty_input(gazetteer: pl.DataFrame) -> None:
    empty = pl.DataFrame(schema={"article_id": pl.String(), "title": pl.String(), "summary": pl.String()})
    assert extract_mentions(empty, gazetteer).schema == pl.Schema(MENTION_SCHEMA)
    assert extract_mentions(pl.DataFrame({"article_id": ["a"], "title": [None], "summary": [None]},
                                         schema=empty.schema), gazetteer).height == 0  # fmt: skip


# --- other languages ---------------------------------------------------------------------------------------------

COUNTRY_NAMES = pl.DataFrame(
    {
        "iso3": ["RUS", "UKR", "SYR", "ISR", "IRN", "RUS", "UKR", "JPN", "USA"],
        "language": ["ru", "uk", "de", "he", "ar", "fr", "", "fr", "fr"],
        "kind": ["name", "name", "name", "name", "name", "capital", "capital", "name", "name"],
        "aliases": [
            "Россия|России|Россией|российский|российских",  # as the builder writes pymorphy3's forms
            "Україна|України|Україні|українських",
            "Syrien|Nordsyrien",  # a compass prefix glued to a German name
            "ישראל|בישראל|לישראל",  # one-letter prefixes
            "إيران|وإيران",
            "Moscou",
            "Kyiv|Kiev",  # language-less capital: read everywhere, with the article's verbs
            "Japon",
            "Amérique",
        ],
    }
)
COUNTRIES_ML = pl.concat(
    [
        COUNTRIES,
        pl.DataFrame(
            {
                "iso3": ["RUS", "SYR", "IRN"],
                "name": ["Russia", "Syria", "Iran"],
                "aliases": ["Russia|Russian", "Syria", "Iran"],
                "requires_context": [None, None, None],
            }
        ),
    ]
)
ORG_ALIASES = pl.DataFrame(
    {"org_id": ["us-army", "us-army"], "language": ["fr", "ru"], "aliases": ["armée américaine", "Армии США"]}
)
GOVERNMENT_VERBS = pl.DataFrame(
    {
        "language": ["fr", "fr", "en", "en", "en", "ar"],
        "kind": ["verb", "auxiliary", "verb", "conjunction", "verb_before", "verb_before"],
        "words": ["annoncé|accuse", "a|n'a", "said|warned", "and", "accused", "أعلنت"],
    }
)


@pytest.fixture(scope="module")
def multilingual() -> pl.DataFrame:
    return build_gazetteer(COUNTRIES_ML, WEAPONS, ORGS, BLOCKERS, COUNTRY_NAMES, ORG_ALIASES)


def _seeded_ids(
    seeded: References,
    title: str,
    summary: str | None = None,
    language: str | None = "en",
    feed_country: str | None = "USA",
) -> set[tuple[str, str]]:
    """(entity_type, entity_id) of one article's mentions with the real seeds."""
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "title": [title],
            "summary": [summary],
            "language": [language],
            "feed_country": [feed_country],
        }
    )
    found = mentions_of(articles, seeded)
    assert set(found["extractor_version"]) <= {EXTRACTOR_VERSION}
    return set(found.select("entity_type", "entity_id").rows())


def _in(
    gazetteer: pl.DataFrame, language: str | None, title: str, government: pl.DataFrame | None = None
) -> list[tuple[str, str, str]]:
    articles = pl.DataFrame(
        {"article_id": ["a"], "title": [title], "summary": [None], "language": [language]},
        schema={
            "article_id": pl.String(),
            "title": pl.String(),
            "summary": pl.String(),
            "language": pl.String(),
        },
    )
    result = extract_mentions(articles, gazetteer, government=government)
    return sorted((r["entity_type"], r["entity_id"], r["matched_text"]) for r in result.iter_rows(named=True))


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        # Russian and Ukrainian case forms, generated at seed-build time, are matched exactly
        ("ru", "Санкции против России", [("country", "RUS", "России")]),
        ("ru-RU", "Удар российских дронов", [("country", "RUS", "российских")]),
        ("uk", "Посол в Україні", [("country", "UKR", "Україні")]),
        # a German compound with a compass prefix
        ("de", "Angriff in Nordsyrien", [("country", "SYR", "Nordsyrien")]),
        # Hebrew with a prefix letter, Arabic with "and"
        ("he", "ביקור בישראל", [("country", "ISR", "בישראל")]),
        ("iw", "ביקור בישראל", [("country", "ISR", "בישראל")]),  # the legacy code of Hebrew
        ("ar", "العراق وإيران", [("country", "IRN", "وإيران")]),
        # language-less aliases are read in every language
        ("fr", "Le Japon et Russia", [("country", "JPN", "Japon"), ("country", "RUS", "Russia")]),
        ("fr", "L'armée américaine", [("organization", "us-army", "armée américaine")]),
        ("ru", "Командование Армии США", [("organization", "us-army", "Армии США")]),
    ],
)
def test_other_languages(
    multilingual: pl.DataFrame, language: str, title: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _in(multilingual, language, title) == sorted(expected)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Le Japon"),  # a French name is not read in English
        ("de", "Санкции против России"),  # nor a Russian one in German
        (None, "Le Japon"),  # an article of unknown language reads the language-less aliases only
    ],
)
def test_alias_sets_follow_the_article_language(
    multilingual: pl.DataFrame, language: str, title: str
) -> None:
    assert _in(multilingual, language, title) == []


def test_language_less_aliases_in_an_unknown_language(multilingual: pl.DataFrame) -> None:
    assert _in(multilingual, None, "Japan and Russia") == [
        ("country", "JPN", "Japan"),
        ("country", "RUS", "Russia"),
    ]


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        # a capital followed by a government verb stands for its government
        ("fr", "Moscou a annoncé des sanctions", [("country", "RUS", "Moscou")]),
        ("fr", "Moscou accuse Kiev", [("country", "RUS", "Moscou")]),
        ("en", "Kyiv said the strike failed", [("country", "UKR", "Kyiv")]),
        (None, "Kyiv said the strike failed", [("country", "UKR", "Kyiv")]),  # unknown: any language's verbs
        ("en", "Kyiv and Tokyo warned", [("country", "UKR", "Kyiv")]),  # a second subject
        ("en", "Moscow accused Kyiv", [("country", "UKR", "Kyiv")]),  # the object of a political verb
        # a capital as a place is not a country
        ("fr", "Un concert à Moscou", []),
        ("en", "Drones hit Kyiv overnight", []),
        ("de", "Kyiv meldet", []),  # no verbs for German in this table
    ],
)
def test_capitals_stand_for_governments(
    multilingual: pl.DataFrame, language: str | None, title: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _in(multilingual, language, title, government_patterns(GOVERNMENT_VERBS)) == sorted(expected)


def test_without_verbs_no_capital_counts(multilingual: pl.DataFrame) -> None:
    assert _in(multilingual, "fr", "Moscou a annoncé des sanctions") == []


def test_one_spelling_one_owner_in_all_languages() -> None:
    clash = pl.DataFrame({"iso3": ["USA"], "language": ["fr"], "kind": ["name"], "aliases": ["Japanese"]})
    with pytest.raises(ValueError, match="country:Japanese"):
        build_gazetteer(COUNTRIES, WEAPONS, ORGS, BLOCKERS, clash)


def test_a_language_copy_of_a_language_less_alias_is_dropped(multilingual: pl.DataFrame) -> None:
    kyiv = multilingual.filter(pl.col("alias") == "Kyiv")
    assert kyiv.select("entity_id", "language", "rule").rows() == [("UKR", None, "capital")]


GPS = pl.DataFrame(
    {
        "weapon_id": ["navstar-gps", "gps-iii", "gps-iif", "aim-7", "blue-sparrow"],
        "name": ["Navstar GPS", "GPS III", "GPS IIF", "AIM-7 Sparrow", "Blue Sparrow"],
        "family": ["GPS", "GPS III", "GPS II", "Sparrow", "Sparrow (target)"],
        "aliases": [
            "Navstar|Global Positioning System|GPS satellite",
            "GPS III|Global Positioning System III",
            "GPS IIF",
            "AIM-7|Sparrow missile",
            "Blue Sparrow",
        ],
        "requires_context": [None] * 5,
    }
)


def test_an_umbrella_system_gives_way_to_a_specific_one_named_in_the_same_article() -> None:
    umbrellas = weapon_umbrellas(GPS)
    # a version after the family is a specific system; a parenthesis is another system, not a version
    assert umbrellas.rows() == [("navstar-gps", "gps-iif"), ("navstar-gps", "gps-iii")]
    gazetteer = build_gazetteer(COUNTRIES, GPS, ORGS, BLOCKERS)
    articles = pl.DataFrame(
        {
            "article_id": ["specific", "umbrella"],
            "title": ["A GPS satellite rides to orbit", "A GPS satellite rides to orbit"],
            "summary": ["The Global Positioning System III vehicle is the sixth.", "It joins Navstar."],
        }
    )
    found = extract_mentions(articles, gazetteer, umbrellas=umbrellas)
    assert sorted(found.select("article_id", "entity_id").unique().rows()) == [
        ("specific", "gps-iii"),
        ("umbrella", "navstar-gps"),
    ]
    # without the umbrella table both are kept
    assert extract_mentions(articles, gazetteer)["entity_id"].n_unique() == 2


@pytest.fixture(scope="module")
def seeded() -> References:
    return seed_references(read_seeds())


def test_no_facts_has_the_schemas_extraction_gives_no_article(seeded: References) -> None:
    nothing = pl.DataFrame(
        schema={
            "article_id": pl.String(),
            "title": pl.String(),
            "summary": pl.String(),
            "published_at": pl.Datetime("us", "UTC"),
        }
    )
    found, empty = extract_facts(nothing, seeded), no_facts()
    for name in ("mentions", "money", "deals"):
        assert getattr(empty, name).height == 0
        assert getattr(empty, name).schema == getattr(found, name).schema, name


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # English demonyms of countries that had only their names
        # (gazetteer-24: and a country's "troops" are its armed forces, as the labeling README's dev10 reads
        # "Lithuanian and Latvian troops")
        (
            "Engineers build a clinic with Mongolian troops",
            None,
            {("country", "MNG"), ("organization", "mongolian-armed-forces")},
        ),
        ("Gambian and Liberian officers train together", None, {("country", "GMB"), ("country", "LBR")}),
        # a media outlet's name is not the department it reports on
        ("Guard crews fight fires, a commander tells DOD News", None, set()),
        # U.S. Space Force and joint space commands from the services' own organization pages
        (
            "JFCC Space and the Joint Space Operations Center add commercial operators",
            None,
            {("organization", "jfcc-space"), ("organization", "jspoc")},
        ),
        ("She joined Air Force ROTC in college", None, {("organization", "afrotc")}),
        # "AF" in a U.S. military headline, and after a country adjective
        ("AF engineers set a record", None, {("organization", "us-air-force")}),
        (
            "Crews train Afghan AF pilots",
            None,
            {("country", "AFG"), ("organization", "afghan-air-force")},
        ),
        # "Air, Space Forces" is two services
        (
            "Air, Space Forces leaders testify on budgets",
            None,
            {("organization", "us-air-force"), ("organization", "us-space-force")},
        ),
        # a weapon system its factsheet names by its designation
        ("The AN/GSQ-272 Sentinel gets an upgrade", None, {("weapon_system", "af-dcgs")}),
        # the umbrella constellation gives way to the specific block in the same article
        (
            "Another GPS satellite launches",
            "The GPS IIF-11 vehicle joins the constellation.",
            {("weapon_system", "gps-iif")},
        ),
        # civilian government bodies are their own entity type, never organizations (gazetteer-6)
        (
            "SASC and the State Department question the Air Force on Ukraine",
            "The CIA and the SBU briefed the House Armed Services Committee; the EU was told.",
            {
                ("civil_body", "sasc"),
                ("civil_body", "us-state-department"),
                ("organization", "us-air-force"),
                ("country", "UKR"),
                ("civil_body", "cia"),
                ("civil_body", "sbu"),
                ("civil_body", "hasc"),
                ("civil_body", "eu"),
            },
        ),
    ],
)
def test_seeded_rules_of_the_fifth_version(
    seeded: References, title: str, summary: str | None, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title, summary) == expected


@pytest.mark.parametrize(
    ("language", "title", "org_id"),
    [
        ("ru", "Новые танки получены от Уралвагонзавода", "uralvagonzavod"),
        ("uk", "Контракт підписали з Укроборонпромом", "ukroboronprom"),
        ("ru", "Сделку провели через Рособоронэкспорт", "rosoboronexport"),
    ],
)
def test_company_names_written_for_one_language_are_declined(
    seeded: References, language: str, title: str, org_id: str
) -> None:
    articles = pl.DataFrame(
        {"article_id": ["a"], "title": [title], "summary": [None], "language": [language]}
    )
    assert set(
        mentions_of(articles, seeded).filter(pl.col("entity_type") == "organization")["entity_id"]
    ) == {org_id}


@pytest.mark.parametrize(
    ("language", "feed_country", "title", "expected"),
    [
        # a variant suffix after a designation that ends in a digit
        (
            "ru",
            "BLR",
            "Минобороны РФ получило Ми-8МТВ-5",
            {("organization", "russian-mod"), ("country", "RUS"), ("weapon_system", "mi-8")},
        ),
        ("de", "DEU", "Leopard 2A6 für die Truppe", {("weapon_system", "leopard-2")}),
        # "ВКС" is Russia's, whatever the publisher's country
        ("ru", "BLR", "В ВКС заявили о потерях", {("organization", "russian-aerospace-forces")}),
        # a bare service followed by a preposition and a country is that country's service
        (
            "pt",
            "BRA",
            "Embraer vende KC-390 para a Força Aérea da Holanda",
            {
                ("organization", "embraer"),
                ("country", "NLD"),
                ("organization", "royal-netherlands-air-force"),
                ("weapon_system", "c-390"),
            },
        ),
        (
            "pt",
            "BRA",
            "Exército dos EUA treina na Amazônia",
            {("country", "USA"), ("organization", "us-army")},
        ),
        # a bare general staff is the one of the country the context settles
        ("uk", "UKR", "Генштаб: відбито 45 атак", {("organization", "ukraine-general-staff")}),
        ("ru", "BLR", "В Генштабе заявили об учениях", {("organization", "belarus-general-staff")}),
        # a service named with its country in Hebrew is that country's, not the publisher's
        (
            "he",
            "ISR",
            "חיל האוויר האמריקאי פרס מפציצים",
            {("organization", "us-air-force"), ("country", "USA")},
        ),
        # a Russian or Ukrainian unit with its ordinal spelled out
        ("uk", "UKR", "Бійці Третьої окремої штурмової бригади", {("organization", "unit:3-brigade")}),
    ],
)
def test_seeded_rules_of_the_seventh_version(
    seeded: References, language: str, feed_country: str, title: str, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title, language=language, feed_country=feed_country) == expected


@pytest.mark.parametrize(
    ("language", "feed_country", "title", "expected"),
    [
        # Cyrillic spellings of Latin designations and names made by rule when the seeds are built
        (
            "ru",
            "RUS",
            "КНДР испытала ракету «Хвасон-19»",
            {("country", "PRK"), ("weapon_system", "hwasong-19")},
        ),
        (
            "uk",
            "UKR",
            "Іран показав ракету Хоррамшахр-4",
            {("country", "IRN"), ("weapon_system", "khorramshahr")},
        ),
        # ... and declined when a bare name: "Италмаса" (a Russian case form of Italmas), but not when the
        # name is a word of the language ("Каштан" is a chestnut)
        ("ru", "RUS", "Испытания «Италмаса» завершены", {("weapon_system", "italmas")}),
        ("ru", "RUS", "Каштан зацвел", set()),
        # an English "<name> <noun>" alias in another language's word order
        (
            "fr",
            "FRA",
            "MBDA livre des missiles Aster",
            {("organization", "mbda"), ("weapon_system", "aster")},
        ),
        ("pl", "POL", "Kolejne czołgi K2 dla wojska", {("weapon_system", "k2")}),
        ("de", "DEU", "Lieferung von Aster-Raketen", {("weapon_system", "aster")}),
        (
            "ru",
            "RUS",
            "Китай спустил на воду эсминец типа 055",
            {("country", "CHN"), ("weapon_system", "type-055")},
        ),
        # the hyphenated twin of a designation written with a space
        (
            "de",
            "DEU",
            "Bundeswehr bestellt Leopard-2A8",
            {("organization", "bundeswehr"), ("weapon_system", "leopard-2")},
        ),
        # a context cue written in the article's language ("canons" for the Caesar's "guns")
        ("fr", "FRA", "Kiev reçoit des canons Caesar", {("weapon_system", "caesar")}),
        ("fr", "FRA", "Jules Caesar au théâtre", set()),
        # a weapon's name in quotes after a unit's noun is the unit's name
        ("uk", "UKR", "До корпусу увійшла бригада «Буревій»", set()),
        # "военные" beside a country adjective are its armed forces; not before "учения"
        (
            "ru",
            "BLR",
            "Белорусские военные получат Як-130",
            {("country", "BLR"), ("organization", "belarus-armed-forces"), ("weapon_system", "yak-130")},
        ),
        ("ru", "BLR", "Белорусские военные учения начались", {("country", "BLR")}),
        ("ru", "RUS", "Военные заявили о наступлении", set()),
        (
            "ru",
            "RUS",
            "Генштаб ВС РФ сообщил",
            {("country", "RUS"), ("organization", "russian-general-staff")},
        ),
        # armed forces named right after a bare service settle it and are not counted apart
        ("ru", "RUS", "Военно-морские силы НОАК провели учения", {("organization", "pla-navy")}),
        # German genitive of a compound unit name
        ("de", "DEU", "Jets des Taktischen Luftwaffengeschwaders 71", {("organization", "unit:71-wing")}),
    ],
)
def test_seeded_rules_of_the_eighth_version(
    seeded: References, language: str, feed_country: str, title: str, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title, language=language, feed_country=feed_country) == expected


@pytest.mark.parametrize(
    ("alias", "language", "expected"),
    [
        ("Su-34", "ru", {"Су-34"}),
        ("Mi-8MTV", "ru", {"Ми-8МТВ"}),
        ("Mi-8MTV", "uk", {"Мі-8МТВ"}),
        ("MiG-31K", "ru", {"МиГ-31К"}),
        ("Kh-101", "ru", {"Х-101"}),
        ("BMP-3", "uk", {"БМП-3"}),
        ("Iskander-M", "uk", {"Іскандер-М"}),
        ("Hwasong-19", "ru", {"Хвасонг-19"}),
        ("Bayraktar", "ru", {"Байрактар"}),
        ("Tsirkon", "ru", {"Циркон"}),
        ("SA-11", "ru", set()),  # a NATO code
        ("Buk", "ru", set()),  # too short a bare word: "бук" is a beech
        ("Iskander missile", "ru", set()),  # not one token
    ],
)
def test_cyrillic_spellings(alias: str, language: str, expected: set[str]) -> None:
    from warehouse.build_seeds import cyrillic_spellings

    assert cyrillic_spellings(alias, language) == expected
    # a Korean "-ng" is also written without its "g"
    assert cyrillic_spellings("Hwasong-19", "ru", korean=True) == {"Хвасонг-19", "Хвасон-19"}


def test_foreign_word_order_gives_way_to_a_name_that_is_an_alias() -> None:
    from transforms.extract import foreign_word_order

    weapons = pl.DataFrame(
        {
            "entity_id": ["aster", "meteor"],
            "entity_name": ["Aster", "Meteor"],
            "alias": [["Aster 30", "Aster missiles"], ["Meteor", "Meteor missiles"]],
            "requires_context": [None, None],
        }
    )
    made = foreign_word_order(weapons)
    assert {"missiles Aster", "missili Aster", "Aster-Raketen", "pociski Aster"} <= set(made["alias"])
    assert set(made["entity_id"]) == {"aster"}  # "Meteor" alone is an alias already


# ninth version: an ambiguous company settled by what stands beside it; abbreviations defined in parentheses
NINTH_ORGS = pl.DataFrame(
    {
        "org_id": ["leonardo", "mbda", "rsf-sudan", "diu"],
        "name": ["Leonardo", "MBDA", "Rapid Support Forces", "Defense Innovation Unit"],
        "aliases": [
            "Leonardo|Leonardo SpA",
            "MBDA",
            "Rapid Support Forces|RSF",
            "Defense Innovation Unit|DIU",
        ],
        "requires_context": ["defence|helicopter", None, "Sudan|Khartoum", None],
    }
)


@pytest.fixture(scope="module")
def ninth() -> pl.DataFrame:
    return build_gazetteer(COUNTRIES, WEAPONS, NINTH_ORGS)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a legal or corporate suffix right after the name settles it
        ("Leonardo S.p.A. reports orders", {"leonardo"}),
        ("Leonardo Group reports orders", {"leonardo"}),
        # and its stock
        ("Leonardo shares jump 5%", {"leonardo"}),
        ("Leonardo's shares jump", {"leonardo"}),
        ("Leonardo-Aktie steigt", {"leonardo"}),
        ("Leonardo stocking stuffers", set()),
        # so does an organization beside it in a list, in any of the feeds' languages
        ("MBDA, Leonardo and Thales pitch a layer", {"mbda", "leonardo"}),
        ("Leonardo e MBDA firmano", {"leonardo", "mbda"}),
        ("Leonardo & MBDA", {"leonardo", "mbda"}),
        # ... but not a longer gap, or a word that is no list
        ("Leonardo said MBDA would bid", {"mbda"}),
        ("Leonardo exhibition opens in Milan", set()),
        ("Leonardo, a painter", set()),
        # an alias written with its suffix ("Leonardo SpA") still needs a cue like the others
        ("Leonardo SpA annual report", set()),
        ("Leonardo SpA helicopter order", {"leonardo"}),
    ],
)
def test_an_ambiguous_company_is_settled_by_what_stands_beside_it(
    ninth: pl.DataFrame, title: str, expected: set[str]
) -> None:
    assert {entity_id for kind, entity_id, _ in _mentions(ninth, title) if kind == "organization"} == expected


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # defined in parentheses as something else: no mention of the entity anywhere in the article
        (
            "Reporters sans frontières (RSF) warns Sudan",
            "RSF said two journalists were held in Khartoum.",
            set(),
        ),
        # defined as the entity's own name: kept
        ("Rapid Support Forces (RSF) shell a town in Sudan", "RSF fighters entered Khartoum.", {"rsf-sudan"}),
        ("Defense Innovation Unit (DIU) picks two firms", None, {"diu"}),
        # words before the parenthesis that do not spell it leave the abbreviation alone
        ("Sudan's paramilitary forces (RSF) advance", None, {"rsf-sudan"}),
        ("RSF fighters near Khartoum", None, {"rsf-sudan"}),
    ],
)
def test_an_abbreviation_defined_as_something_else_is_not_the_entity(
    ninth: pl.DataFrame, title: str, summary: str | None, expected: set[str]
) -> None:
    found = {entity_id for kind, entity_id, _ in _mentions(ninth, title, summary) if kind == "organization"}
    assert found == expected


@pytest.mark.parametrize(
    ("abbreviation", "before", "expected"),
    [
        ("RSF", "Sudan: Reporters sans frontières", "Reporters sans frontières"),
        ("AID", "Hier, l'Agence de l'innovation de défense", "Agence de l'innovation de défense"),
        ("DIU", "The Defense Innovation Unit", "Defense Innovation Unit"),
        ("DoD", "the Department of Defense", None),  # not in capitals: no abbreviation
        ("HUR", "Ukraine's Main Intelligence Directorate", None),
        ("SAF", "targets for sustainable aviation fuel", "sustainable aviation fuel"),
    ],
)
def test_defined_span(abbreviation: str, before: str, expected: str | None) -> None:
    start = defined_span(abbreviation, before) if re.fullmatch(ABBREVIATION, abbreviation) else None
    assert (before[start:] if start is not None else None) == expected


@pytest.mark.parametrize(
    ("language", "feed_country", "title", "expected"),
    [
        # a company in a list, a company with its legal suffix
        ("en", "GBR", "Deal with MBDA, Leonardo and QinetiQ", {"mbda", "leonardo", "qinetiq"}),
        ("en", "NOR", "Kongsberg ASA shares rise", {"kongsberg"}),
        ("en", "NOR", "Kongsberg town council meets", set()),
        # an abbreviation defined as something else
        ("en", "GBR", "Reporters sans frontières (RSF) says two held in Khartoum", set()),
        ("en", "GBR", "Rapid Support Forces (RSF) shell El Fasher in Sudan", {"rsf-sudan"}),
        # Hebrew construct names beside a country, at an Israeli publisher
        ("he", "ISR", "אלביט תספק רחפנים לצבא יוון", {"elbit-systems", "hellenic-army"}),
        ("he", "ISR", "משרד ההגנה בפולין חתם על העסקה", {"poland-mod"}),
        ("he", "ISR", "משרד ההגנה חתם על העסקה", set()),
    ],
)
def test_seeded_rules_of_the_ninth_version(
    seeded: References, language: str, feed_country: str, title: str, expected: set[str]
) -> None:
    found = _seeded_ids(seeded, title, language=language, feed_country=feed_country)
    assert {entity_id for kind, entity_id in found if kind == "organization"} == expected


@pytest.mark.parametrize(
    ("language", "feed_country", "title", "expected"),
    [
        # Arabic nationality adjectives in their four forms; a capital with a verb of revealing
        ("ar", "QAT", "مسيّرات أكنجي تركية الصنع", {("country", "TUR"), ("weapon_system", "akinci")}),
        ("ar", "ARE", "طاقم السفينة الليبيرية", {("country", "LBR")}),
        ("ar", "EGY", "طهران تكشف عن صاروخ جديد", {("country", "IRN")}),
        # a cue in Arabic settles K9
        ("ar", "SAU", "اتفاقية لتوطين صناعة مدافع K9", {("weapon_system", "k9")}),
        # a bare "Defensa" as the subject, "DND" at a Philippine publisher
        ("es", "ESP", "Defensa firma el programa Halcón II", {("organization", "spain-mod")}),
        (
            "en",
            "PHL",
            "The DND set aside ₱2.4 billion for a second battery",
            {("organization", "philippine-dnd")},
        ),
        # "New England" is no England
        ("en", "USA", "Snow in New England delays flights", set()),
        # Indra, settled by a cue
        ("es", "ESP", "Indra aporta los sensores de la fragata", {("organization", "indra")}),
        # gazetteer-19: a name shared by two languages declined in each; a purchase verb after a capital
        ("uk", "UKR", "САУ стріляє поруч зі старими «Гвоздиками»", {("weapon_system", "2s1")}),
        (
            "ru",
            "BLR",
            "Минск закупит у России четыре Як-130",
            {("country", "BLR"), ("country", "RUS"), ("weapon_system", "yak-130")},
        ),
        ("pl", "POL", "Huta dostarczy 48 moździerzy Rak", {("weapon_system", "rak-mortar")}),
    ],
)
def test_seeded_rules_of_the_fifteenth_version(
    seeded: References, language: str, feed_country: str, title: str, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title, language=language, feed_country=feed_country) == expected


@pytest.mark.parametrize(
    ("language", "feed_country", "title", "expected"),
    [
        # a bare "Defence" as the subject of a verb, at an Australian publisher; not "Defence spending"
        (
            "en",
            "AUS",
            "Defence signs a deal for drone submarines",
            {("organization", "australia-defence-department")},
        ),
        ("en", "AUS", "Defence spending rises again", set()),
        # a job title without "the" is no mention of the service
        ("en", "AUS", "The Chief of Air Force spoke in Adelaide", set()),
        # two capitals with a plural verb; a capital after "in" is a place
        ("fr", "FRA", "Paris et Rome commandent dix batteries", {("country", "FRA"), ("country", "ITA")}),
        ("en", "SGP", "Ministers meeting in Kuala Lumpur urged restraint", set()),
        # "U.S." before a U.S. command named after its service
        (
            "en",
            "USA",
            "U.S. Army Contracting Command awards a deal",
            {("organization", "army-contracting-command"), ("country", "USA")},
        ),
        # foreign word order with radar and armoured-vehicle nouns
        (
            "fr",
            "FRA",
            "un radar Sea Fire de Thales",
            {("weapon_system", "sea-fire"), ("organization", "thales")},
        ),
        (
            "pt",
            "BRA",
            "Exército recebe viaturas blindadas Guarani",
            {("weapon_system", "guarani"), ("organization", "brazilian-army")},
        ),
        # a program's name gives way to its increments named in the same article
        (
            "en",
            "USA",
            "YFQ-44A and YFQ-42A picked for CCA production",
            {("weapon_system", "yfq-44"), ("weapon_system", "yfq-42")},
        ),
        (
            "en",
            "USA",
            "The first CCA squadron will fly with F-35A units",
            {("weapon_system", "cca"), ("weapon_system", "f-35")},
        ),
        # Russian case forms of a company name and of a hyphenated service
        ("ru", "RUS", "На «Севмаше» подняли флаг", {("organization", "sevmash")}),
        (
            "uk",
            "UKR",
            "повідомили в Десантно-штурмових військах",
            {("organization", "ukraine-air-assault-forces")},
        ),
    ],
)
def test_seeded_rules_of_the_fourteenth_version(
    seeded: References, language: str, feed_country: str, title: str, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title, language=language, feed_country=feed_country) == expected


def test_a_weapon_systems_abbreviation_is_defined_by_its_own_long_name(ninth: pl.DataFrame) -> None:
    # the seeds need not list the long name: weapon systems are left to their aliases
    gazetteer = build_gazetteer(
        COUNTRIES,
        pl.DataFrame(
            {
                "weapon_id": ["jassm"],
                "name": ["AGM-158 JASSM"],
                "aliases": ["JASSM"],
                "requires_context": [None],
            }
        ),
        NINTH_ORGS,
    )
    title = "Joint Air-to-Surface Standoff Missile (JASSM) production support"
    assert _mentions(gazetteer, title) == [("weapon_system", "jassm", "JASSM")]
    # an organization named in words that share one with its name is the organization
    assert _mentions(ninth, "Rapid Sudanese Forces (RSF) shell a town in Sudan") == [
        ("organization", "rsf-sudan", "RSF")
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # gazetteer-20: a service named in a base's name is the base
        ("Airmen at Peterson Space Force Base watched the launch", set()),
        ("Tankers left Selfridge Air National Guard Base on Monday", set()),
        ("F-35Bs flew from Marine Corps Air Station Beaufort", {("weapon_system", "f-35")}),
        ("Typhoons took off from RAF Coningsby", {("weapon_system", "eurofighter")}),
        # ... not when the service itself acts
        ("The Space Force launched a satellite", {("organization", "us-space-force")}),
        (
            "The RAF sent Typhoons to Romania",
            {("organization", "royal-air-force"), ("weapon_system", "eurofighter"), ("country", "ROU")},
        ),
    ],
)
def test_a_service_in_a_bases_name_is_no_mention(
    seeded: References, title: str, expected: set[tuple[str, str]]
) -> None:
    assert _seeded_ids(seeded, title) == expected


def test_a_weapon_cue_is_for_its_names_that_are_words() -> None:
    # gazetteer-21: "Apache" needs a cue (a helicopter, in any of the feeds' languages); "AH-64E" does not; a
    # short one such as "K9" still does
    weapons = pl.DataFrame(
        {
            "weapon_id": ["ah-64", "k9"],
            "name": ["AH-64 Apache", "K9 Thunder"],
            "aliases": ["Apache|AH-64|AH-64E", "K9|K9A1"],
            "requires_context": ["helicopter|helicopters|Army", "howitzer|howitzers"],
        }
    )
    gazetteer = build_gazetteer(COUNTRIES, weapons, ORGS, BLOCKERS)

    def found(text: str) -> list[str]:
        return [entity for kind, entity, _ in _mentions(gazetteer, text) if kind == "weapon_system"]

    assert found("The Apache Software Foundation patched Apache Struts.") == []
    assert found("Poland will replace its Mi-24s with AH-64E aircraft.") == ["ah-64"]
    assert found("Polska kupi 96 śmigłowców Apache.") == ["ah-64"]
    assert found("Police K9 units searched the station.") == []
    assert found("The army received its first K9A1 guns.") == ["k9"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gazetteer-21: a country's forces right after the country are its armed forces
        ("Russian forces shelled Kharkiv overnight.", {"russian-armed-forces"}),
        ("U.S. forces and Philippine marines trained together.", {"us-armed-forces"}),
        # not a side's "pro-" forces, not a coalition's, not the verb
        ("Pro-Russian forces shelled the town while coalition forces watched.", set()),
        ("Typhoon Haikui forces Taiwan to suspend its Han Kuang drills.", set()),
        # "the General Staff" and "the IAF" by the country in focus; IAF only for Israel or India; a job title
        # is no mention
        (
            "Ukraine's army fell back, the General Staff in Kyiv said of Ukraine's lines.",
            {"ukraine-general-staff"},
        ),
        (
            "The IAF received its 36th Rafale from India's partner France, India said; India's jets ...",
            {"indian-air-force"},
        ),
        ("The IAF flew over Germany; German pilots said the German air show was a success.", set()),
        ("Russia's Chief of the General Staff Valery Gerasimov visited Russian units in Russia.", set()),
    ],
)
def test_forces_the_general_staff_and_the_iaf(seeded: References, text: str, expected: set[str]) -> None:
    found = _seeded_ids(seeded, text, language=None, feed_country=None)
    assert {entity_id for kind, entity_id in found if kind == "organization"} == expected


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        # gazetteer-21: Scotland and Wales are the United Kingdom's (the labeling policy, README dev12)
        ("A Scottish regiment trains in Wales", "en", {"GBR"}),
        # a capital as the government with an Italian future tense
        ("Roma fornirà missili Aspide all'Ucraina", "it", {"ITA", "UKR"}),
    ],
)
def test_countries_of_the_uk_and_an_italian_capital(
    seeded: References, title: str, language: str, expected: set[str]
) -> None:
    found = _seeded_ids(seeded, title, language=language, feed_country=None)
    assert {entity_id for kind, entity_id in found if kind == "country"} == expected


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        # gazetteer-22: designations that share a prefix, written once
        ("Росіяни випустили ракети Х-59/69 по Одесі", "uk", {"kh-59", "kh-69"}),
        ("Russia fired Kh-59/69 missiles at the port", "en", {"kh-59", "kh-69"}),
        # ... not a number after a slash that is no designation with that prefix
        ("The F-35/2026 report is out", "en", {"f-35"}),
        # a ship class with "class" after a space, and a Soviet design by its project number in Russian
        ("The frigates will replace the Anzac class by 2035", "en", {"anzac-class"}),
        ("Заложены два корвета проекта 20380 для флота", "ru", {"steregushchiy-class"}),
    ],
)
def test_slashed_designations_classes_and_projects(
    seeded: References, title: str, language: str, expected: set[str]
) -> None:
    found = _seeded_ids(seeded, title, language=language, feed_country=None)
    assert {entity_id for kind, entity_id in found if kind == "weapon_system"} == expected


@pytest.mark.parametrize(
    ("title", "language", "feed_country", "expected"),
    [
        # gazetteer-22: a navy in lower case beside its country (French, Italian, Portuguese) ...
        ("Le porte-avions exercera avec la marine indienne", "fr", "FRA", {"indian-navy"}),
        ("Esercitazione con la marina turca nell'Egeo", "it", "ITA", {"turkish-navy"}),
        # ... and an army and an air force in lower case (Spanish, Italian, Portuguese)
        ("El ejército chileno recibió los Leopard", "es", "ESP", {"chilean-army"}),
        ("Varsavia: l'esercito polacco riceve i carri K2", "it", "ITA", {"polish-land-forces"}),
        ("A força aérea israelense atacou o Iêmen", "pt", "BRA", {"israeli-air-force"}),
        ("Il villaggio ospita l'esercito della salvezza", "it", "ITA", set()),
        # ... and nowhere else
        ("Le 2e régiment d'infanterie de marine part au Mali", "fr", "FRA", {"unit:2-regiment"}),
        # armed forces in lower case beside a country (Russian, Ukrainian)
        ("Батальон национальных вооружённых сил Латвии получил ПЗРК", "ru", "LVA", {"latvian-armed-forces"}),
        # a bare name the publisher settles that is another country's service's alias, word for word
        ("Die Luftwaffe erhält die ersten F-35A in Payerne", "de", "CHE", {"swiss-air-force"}),
        ("Die Luftwaffe erhält die ersten F-35A in Büchel", "de", "DEU", {"luftwaffe"}),
        ("Die Luftwaffe übt mit Eurofightern über Zeltweg", "de", "AUT", {"austrian-air-force"}),
        # ... unless the article names that service's country
        (
            "Минобороны РФ: в ВКС заявили о сбитых дронах",
            "ru",
            "BLR",
            {"russian-mod", "russian-aerospace-forces"},
        ),
    ],
)
def test_lower_case_services_beside_a_country_and_the_publishers_own(
    seeded: References, title: str, language: str, feed_country: str, expected: set[str]
) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "title": [title],
            "summary": [None],
            "language": [language],
            "feed_country": [feed_country],
        },
        schema_overrides={"summary": pl.String()},
    )
    found = mentions_of(articles, seeded)
    assert set(found.filter(pl.col("entity_type") == "organization")["entity_id"]) == expected


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        # gazetteer-22: a country's armed forces inside a staff's name or a job title are no mention of them
        (
            "Drones hit a depot, the General Staff of Ukraine's armed forces said",
            "en",
            {("organization", "ukraine-general-staff"), ("country", "UKR")},
        ),
        # ... Marines among other people are people, not the Marine Corps
        ("Sailors and Marines of USS Tripoli landed on Luzon", "en", {("weapon_system", "america-class")}),
        ("The Marine Corps sent Marines to Darwin", "en", {("organization", "us-marine-corps")}),
        # an aircraft carrier after the noun in another language
        (
            "Gli F-35B saranno imbarcati sulla portaerei Cavour",
            "it",
            {("weapon_system", "f-35"), ("weapon_system", "cavour")},
        ),
    ],
)
def test_staff_names_people_and_carriers(
    seeded: References, title: str, language: str, expected: set[tuple[str, str]]
) -> None:
    assert (
        _seeded_ids(seeded, title, language=language, feed_country="USA" if language == "en" else "ITA")
        == expected
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # gazetteer-22: a U.S. destroyer or cruiser named after its type is of its class
        ("The destroyers USS Spruance and USS Gridley escorted the carrier", {"arleigh-burke"}),
        (
            "The cruiser USS Robert Smalls and the guided-missile destroyer USS Shoup sailed",
            {"ticonderoga", "arleigh-burke"},
        ),
        # ... but the Zumwalts, which the seeds name ship by ship
        ("The destroyer USS Michael Monsoor fired an SM-6", {"zumwalt", "sm-6"}),
        # ... and (gazetteer-26) a ship the seeds name is its class without its type ("USS" and the name)
        ("USS Stockdale returned to San Diego", {"arleigh-burke"}),
        ("Stockdale returned to San Diego", set()),
    ],
)
def test_us_destroyers_and_cruisers_by_name(seeded: References, title: str, expected: set[str]) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "title": [title],
            "summary": [None],
            "language": ["en"],
            "feed_country": ["USA"],
        },
        schema_overrides={"summary": pl.String()},
    )
    found = mentions_of(articles, seeded)
    assert set(found.filter(pl.col("entity_type") == "weapon_system")["entity_id"]) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # gazetteer-26: a U.S. Navy hull by symbol and number is of the class that holds the number
        ("Long-lead material for SSN 814 and SSN 815 and for SSBN 828", {"virginia-class", "columbia-class"}),
        (
            "Design work on LPD 34, DDG-141 and T-AO 214",
            {"san-antonio-class", "arleigh-burke", "john-lewis-class"},
        ),
        (
            "Overhaul of CVN 74 and CG 58 before LCS 30 and FFG 64",
            {"nimitz-class", "ticonderoga", "lcs", "constellation"},
        ),
        # ... a number outside every class of its symbol is none (a Japanese DDG 179), nor a symbol inside a word
        ("A Japanese DDG 179 and part XDDG-51 arrived", set()),
        # ... and a hull the seeds name keeps its alias (one mention, not two)
        ("Work on CVN 79 continues", {"ford-class"}),
        # gazetteer-26: classes that share one "-class" are each named
        ("Tomahawks for the Kongo- and Maya-class destroyers", {"tomahawk", "kongo-class", "maya-class"}),
        ("The Atago-, Kongo- or Maya-class ships", {"atago-class", "kongo-class", "maya-class"}),
        ("A two- and three-class system", set()),
        # gazetteer-26: a designation at the end of a part or contract number is no system
        ("DLA part numbers like 5330-01-456-F16 identify seals", set()),
        ("Seals for the F-16 under part 5330-01-456-7788", {"f-16"}),
    ],
)
def test_us_navy_hulls_by_number_shared_class_suffixes_and_part_numbers(
    seeded: References, title: str, expected: set[str]
) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "title": [title],
            "summary": [None],
            "language": ["en"],
            "feed_country": ["USA"],
        },
        schema_overrides={"summary": pl.String()},
    )
    found = mentions_of(articles, seeded)
    assert set(found.filter(pl.col("entity_type") == "weapon_system")["entity_id"]) == expected
    if title.startswith("Work on CVN"):
        assert found.filter(pl.col("entity_type") == "weapon_system").height == 1


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # gazetteer-26: GPS named as a device it feeds is the device, not the constellation
        ("Missiles with Anti-Jam Global Positioning System receivers", set()),
        ("A radar (with Global Positioning System) antennas and cables", set()),
        ("The Global Positioning System satellites were launched", {"navstar-gps"}),
        ("The Global Positioning System is run by the Space Force", {"navstar-gps"}),
    ],
)
def test_gps_named_as_a_device_is_no_satellite_system(
    seeded: References, title: str, expected: set[str]
) -> None:
    assert {i for kind, i in _seeded_ids(seeded, title) if kind == "weapon_system"} == expected


@pytest.mark.parametrize(
    ("title", "summary", "language", "feed_country", "expected"),
    [
        # gazetteer-23: a service inside a weapon system's name names no service
        (
            "Crews fire the Navy-Marine Expeditionary Ship Interdiction System",
            None,
            "en",
            "USA",
            {("weapon_system", "naval-strike-missile")},
        ),
        # ... an office held in an organization is a job title
        (
            "OSI reports to the Inspector General of the Department of the Air Force",
            None,
            "en",
            "USA",
            set(),
        ),
        # ... an event named after a service is no mention of it
        ("Runners finished the Marine Corps Marathon in Arlington", None, "en", "USA", set()),
        # ... Marines "with" a unit are people
        (
            "Marines with 3d Marine Division trained on Okinawa",
            None,
            "en",
            "USA",
            {("organization", "unit:3-division")},
        ),
        # ... a company settled by another one in a list, after "and" and an article
        (
            "O Exército assinou com a Iveco Defence Vehicles e a Leonardo a compra",
            None,
            "pt",
            "BRA",
            {
                ("organization", "brazilian-army"),
                ("organization", "iveco-defence"),
                ("organization", "leonardo"),
            },
        ),
        # ... a Hebrew name after "of the type" or "of the model"
        ("לייצור תותחים מתנייעים מסוג רועם", None, "he", "ISR", {("weapon_system", "sigma")}),
        ("נגמ״שים מדגם איתן", None, "he", "ISR", {("weapon_system", "eitan")}),
        # ... Russian and Ukrainian drones named after their noun
        ("безпілотників Shark над фронтом", None, "uk", "UKR", {("weapon_system", "shark-uav")}),
        # ... a bare name opening a sentence out of quotes is the common word (hail) ...
        ("Град повредил теплицы под Гродно", "Выпал град размером с орех.", "ru", "BLR", set()),
        # ... but in quotes it is the system
        ("«Град» прошёл по проспекту", None, "ru", "BLR", {("weapon_system", "bm-21")}),
        # ... and so it is where the article names the system elsewhere
        (
            "Град ударил по позициям",
            "Расчёты «Града» выпустили ракеты.",
            "ru",
            "RUS",
            {("weapon_system", "bm-21")},
        ),
    ],
)
def test_seeded_rules_of_the_twenty_third_version(
    seeded: References,
    title: str,
    summary: str | None,
    language: str,
    feed_country: str,
    expected: set[tuple[str, str]],
) -> None:
    found = _seeded_ids(seeded, title, summary, language=language, feed_country=feed_country)
    assert {f for f in found if f[0] != "country"} == expected


@pytest.mark.parametrize(
    ("title", "summary", "feed_country", "expected"),
    [
        # gazetteer-23: a bare name refers back to the same kind of service named before it, of a country
        # other than the publisher's that the article does not name
        (
            "Italy orders new vehicles",
            "The order is for the Italian Army; the Army plans to retire its M113s.",
            "GBR",
            {"italian-army"},
        ),
        # ... not where the publisher's country is named too
        (
            "Italy and Britain order new vehicles",
            "The order is for the Italian Army; the Army of Britain plans more.",
            "GBR",
            {"italian-army", "british-army"},
        ),
    ],
)
def test_a_bare_service_refers_back_to_one_named_before_it(
    seeded: References, title: str, summary: str, feed_country: str, expected: set[str]
) -> None:
    found = _seeded_ids(seeded, title, summary, language="en", feed_country=feed_country)
    assert {i for t, i in found if t == "organization"} == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # gazetteer-23: the program written out beside its aircraft names both ...
        (
            "The Collaborative Combat Aircraft program orders YFQ-42A and YFQ-44A lots",
            {"cca", "yfq-42", "yfq-44"},
        ),
        # ... its abbreviation beside them only the aircraft
        ("Air Force picks YFQ-44A and YFQ-42A for CCA production", {"yfq-42", "yfq-44"}),
    ],
)
def test_an_umbrella_written_out_stays_beside_its_specific_systems(
    seeded: References, title: str, expected: set[str]
) -> None:
    found = _seeded_ids(seeded, title)
    assert {i for t, i in found if t == "weapon_system"} == expected


@pytest.mark.parametrize(
    ("title", "summary", "language", "feed_country", "expected"),
    [
        # gazetteer-24: a service's parent in the genitive after a numbered unit is part of the unit's name ...
        (
            "Бригада вышла к реке",
            "76-я десантно-штурмовая дивизия ВДВ вышла к реке.",
            "ru",
            "RUS",
            {("organization", "unit:76-division")},
        ),
        # ... also after its descriptive words and a quoted name ...
        (
            "Бригада на фронті",
            "15-та бригада оперативного призначення «Степ» Національної гвардії України тримає оборону.",
            "uk",
            "UKR",
            {("organization", "unit:15-brigade")},
        ),
        # ... but not where a verb stands between them ...
        (
            "Удар по складам",
            "Расчёты 5-й армии поразили склады ВСУ.",
            "ru",
            "RUS",
            {("organization", "unit:5-army"), ("organization", "ukrainian-armed-forces")},
        ),
        # ... nor after "and"
        (
            "Спільна операція",
            "Операцію провела 40-ва окрема бригада та ССО.",
            "uk",
            "UKR",
            {("organization", "unit:40-brigade"), ("organization", "ukraine-sof")},
        ),
        # ... and an agency's parent in the genitive is part of its name
        (
            "Розвідка звітує",
            "Головне управління розвідки Міноборони оприлюднило дані.",
            "uk",
            "UKR",
            {("organization", "ukraine-hur")},
        ),
        (
            "Übung in Tirol",
            "Das Jagdkommando des Bundesheeres übte mit Hubschraubern der Luftstreitkräfte.",
            "de",
            "AUT",
            {("organization", "jagdkommando"), ("organization", "austrian-air-force")},
        ),
        # ... "Luftstreitkräfte" is the publisher's own air force
        (
            "Die Luftstreitkräfte erhalten neue Trainer",
            None,
            "de",
            "AUT",
            {("organization", "austrian-air-force")},
        ),
        # ... a corps whose qualifier is "Army" is a corps
        (
            "The Army's Tenth Army Corps drills on the coast",
            None,
            "en",
            "TWN",
            {("organization", "roc-army"), ("organization", "unit:10-corps")},
        ),
        # ... "U.S. Marines" are people
        ("Korean and U.S. Marines land on the island", None, "en", "KOR", set()),
        # ... a British battalion by its number and its regiment
        (
            "1 R IRISH relieves 2 PARA in Estonia",
            None,
            "en",
            "GBR",
            {("organization", "unit:1-battalion"), ("organization", "unit:2-battalion")},
        ),
        # ... a veterans' league and a service's birthday are no mentions of the service
        ("The Marine Corps League hosts a Marine Corps birthday lunch", None, "en", "USA", set()),
        # ... a named ship after its type's noun is its class
        ("The German frigate Hessen sails north", None, "en", "DEU", {("weapon_system", "sachsen-class")}),
        # ... a Cyrillic abbreviation designation in title case
        ("Завод выпустил партию «Куб-2»", None, "ru", "RUS", {("weapon_system", "kub-bla")}),
        # ... a defense ministry named with its seat is that country's, not the publisher's
        (
            "Talks stall",
            "The Defence Ministry in Ankara rejected the offer.",
            "en",
            "GBR",
            {("organization", "turkey-mod")},
        ),
        # ... a country's troops, and its military as the subject of a verb or the owner of a named part
        (
            "Estonian troops arrive in Latvia",
            "The Lithuanian military said the Romanian military's 2nd Infantry Division would help.",
            "en",
            "USA",
            {
                ("organization", "estonian-defence-forces"),
                ("organization", "romanian-armed-forces"),
                ("organization", "lithuanian-armed-forces"),
                ("organization", "unit:2-division"),
            },
        ),
        # ... but not the military as an adjective or with none of its parts named, nor troops of a service
        (
            "Russian military drills near the border",
            "The U.S. military's global network grows; troops of the Philippine Army joined.",
            "en",
            "USA",
            {("organization", "philippine-army")},
        ),
    ],
)
def test_seeded_rules_of_the_twenty_fourth_version(
    seeded: References,
    title: str,
    summary: str | None,
    language: str,
    feed_country: str,
    expected: set[tuple[str, str]],
) -> None:
    found = _seeded_ids(seeded, title, summary, language=language, feed_country=feed_country)
    assert {f for f in found if f[0] != "country"} == expected


@pytest.mark.parametrize(
    ("title", "summary", "language", "feed_country", "expected"),
    [
        # gazetteer-25: a service in a contract's funding line is the publisher's, alone in parentheses ...
        (
            "Contracts for Dec. 1",
            "Fiscal 2026 aircraft procurement (Navy) funds are obligated at award.",
            "en",
            "USA",
            {("organization", "us-navy")},
        ),
        # ... or with its share, even after another country's service of its kind
        (
            "Contracts for Dec. 2",
            "Launchers for the Royal Australian Navy's Hunter-class frigates. The contract combines purchases "
            "for the Navy "
            "(78%) and the government of Australia (22%).",
            "en",
            "USA",
            {
                ("organization", "royal-australian-navy"),
                ("organization", "us-navy"),
                ("weapon_system", "hunter-class"),
            },
        ),
        # a hull designation with a space or a hyphen, before "-class"
        (
            "Contracts for Dec. 3",
            "Spares for LHD 1-class ships and DDG-51 destroyers.",
            "en",
            "USA",
            {("weapon_system", "wasp-class"), ("weapon_system", "arleigh-burke")},
        ),
        # a name after its noun in another language, the English alias's adjectives left out
        (
            "Griffon et Jaguar",
            "La commande porte sur des véhicules blindés Griffon et des engins de reconnaissance Jaguar.",
            "fr",
            "BEL",
            {("weapon_system", "griffon"), ("weapon_system", "jaguar-ebrc")},
        ),
        (
            "Gladius",
            "Kolejne zestawy Gladius trafią do jednostek.",
            "pl",
            "POL",
            {("weapon_system", "gladius")},
        ),
        # a country's armed forces named before a bare service of another kind settle it, where the
        # publisher's country is not named ...
        (
            "Skyranger order",
            "Rheinmetall received an order from the Bundeswehr; the systems go to the Army's air-defence units.",
            "en",
            "GBR",
            {
                ("organization", "rheinmetall"),
                ("organization", "bundeswehr"),
                ("organization", "german-army"),
                ("weapon_system", "skyranger"),
            },
        ),
        # ... but not a ministry: an enemy's forces and the publisher's own ministry
        (
            "Удар по позициям ВСУ",
            "Летчики ВКС нанесли удары по позициям ВСУ, сообщили в Минобороны.",
            "ru",
            "RUS",
            {
                ("organization", "russian-aerospace-forces"),
                ("organization", "ukrainian-armed-forces"),
                ("organization", "russian-mod"),
            },
        ),
        # "the defence ministry said" is the ministry of the country in focus, not the wire service's
        (
            "Taiwan receives tanks",
            "Taiwan received 28 tanks, the defence ministry said.",
            "en",
            "TWN",
            {("organization", "taiwan-mnd")},
        ),
        (
            "Tanks delivered",
            "Taiwan and Japan received tanks, the defence ministry said.",
            "en",
            "GBR",
            set(),
        ),
        # a territorial defence force is not the country's armed forces as a whole
        (
            "Helicopters",
            "Leonardo offers the AW149 to Poland's armed forces.",
            "en",
            "GBR",
            {
                ("organization", "leonardo"),
                ("organization", "polish-armed-forces"),
                ("weapon_system", "aw149"),
            },
        ),
        # Polish names declined with their adjectives
        (
            "Umowa",
            "Mesko, spółka z Polskiej Grupy Zbrojeniowej, dostarczy pociski Piorun dla Wojska Polskiego.",
            "pl",
            "POL",
            {
                ("organization", "mesko"),
                ("organization", "pgz"),
                ("organization", "polish-armed-forces"),
                ("weapon_system", "piorun"),
            },
        ),
        # a country's own name inside a company's name in English text
        (
            "Tanks arrive",
            "The first Leopard 2A8 tanks built by KNDS Deutschland arrived in Vilnius.",
            "en",
            "LTU",
            {("organization", "kmw"), ("weapon_system", "leopard-2"), ("country", "DEU")},
        ),
        # engines, ship classes and naval warfare centers the seeds lacked
        (
            "Engines",
            "T408-GE-400 engines for the CH-53K and T55-GA-714C engines; NSWC Crane is the contracting "
            "activity.",
            "en",
            "USA",
            {
                ("weapon_system", "t408"),
                ("weapon_system", "t55"),
                ("weapon_system", "ch-53k"),
                ("organization", "nswc-crane"),
            },
        ),
    ],
)
def test_seeded_rules_of_the_twenty_fifth_version(
    seeded: References,
    title: str,
    summary: str | None,
    language: str,
    feed_country: str,
    expected: set[tuple[str, str]],
) -> None:
    found = _seeded_ids(seeded, title, summary, language=language, feed_country=feed_country)
    countries = {f for f in expected if f[0] == "country"}  # a case that names countries checks them too
    assert {f for f in found if f[0] != "country" or countries} == expected


def test_small_batches_leave_out_aliases_that_cannot_match_with_the_same_mentions(
    seeded: References, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a small batch's passes leave out the aliases whose first three characters the texts lack; the aliases
    # that stay keep their order, so an alias that could hide a shorter one still does
    import transforms.extract as extract

    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "title": [
                "Japan and the United States sign F-35 deal",
                "Міністерство оборони України отримало Leopard 2A6",
                "Israeli Air Force strikes; IDF says",
                "US",
            ],
            "summary": [None, "Збройні сили України", "Le ministère des Armées français", "no"],
            "language": ["en", "uk", "en", "en"],
        }
    )
    assert extract._trigrams(pl.DataFrame({"text": ["abcd", "ab"]})).sort().to_list() == ["abc", "bcd"]
    pruned = mentions_of(articles, seeded)
    monkeypatch.setattr(extract, "SMALL_BATCH_CHARACTERS", -1)  # every alias in every pass
    assert extract._trigrams(pl.DataFrame({"text": ["abcd"]})) is None
    whole = mentions_of(articles, seeded)
    assert pruned.height > 8
    assert pruned.equals(whole)


def test_the_alias_passes_of_a_gazetteer_go_with_it() -> None:
    import gc

    from transforms import extract

    gazetteer = build_gazetteer(COUNTRIES, WEAPONS, ORGS, BLOCKERS)
    articles = pl.DataFrame({"article_id": ["a"], "title": ["Poland buys HIMARS"], "summary": [None]})
    extract_mentions(articles, gazetteer)
    key = id(gazetteer)
    assert key in extract._PASSES
    del gazetteer
    gc.collect()
    assert key not in extract._PASSES


def test_a_gazetteer_alive_at_exit_leaves_the_terminal_clean() -> None:
    import subprocess
    import sys

    code = (
        "import polars as pl\n"
        "from transforms.extract import build_gazetteer, extract_mentions\n"
        "from tests.transforms.test_extract import BLOCKERS, COUNTRIES, ORGS, WEAPONS\n"
        "gazetteer = build_gazetteer(COUNTRIES, WEAPONS, ORGS, BLOCKERS)\n"
        "articles = pl.DataFrame({'article_id': ['a'], 'title': ['Poland buys HIMARS'], 'summary': [None]})\n"
        "print(extract_mentions(articles, gazetteer).height)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() != "0"
    assert done.stderr == ""
