"""What each mart computes: a handful of hand-written core/ops rows in, literal expected rows out.

The rows go straight into the core, ops and reference tables of a fresh warehouse file (no flow, no
loader), so every test pins the SQL of one mart view and nothing else. Only the columns a mart reads are
filled in, plus whatever the tables declare NOT NULL. Timestamps are UTC; the connection from
``warehouse.db.connect`` sets the session time zone to UTC as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from warehouse.db import connect, prepare

TS = pl.Datetime("us", "UTC")  # TIMESTAMPTZ read through a UTC session
HUGEINT = pl.Decimal(38, 0)  # DuckDB sums of BIGINT are HUGEINT; polars receives them as decimals

Row = dict[str, object]


def utc(text: str) -> datetime:
    """An ISO timestamp without offset, read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty, fully migrated warehouse file with its model views; yields a connection to it."""
    path = tmp_path / "warehouse.duckdb"
    prepare(path)
    with connect(path) as con:
        yield con


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    """Insert rows (dicts with the same keys) with a parameterized statement."""
    columns = list(rows[0])
    assert all(list(row) == columns for row in rows), "rows of one insert must name the same columns"
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"insert into {table} ({', '.join(columns)}) values ({placeholders})",
        [[row[c] for c in columns] for row in rows],
    )


def article(article_id: str, published_at: datetime, **fields: object) -> Row:
    """A core.articles row: the NOT NULL columns with plain defaults, overridable by keyword."""
    row: Row = {
        "article_id": article_id,
        "id_source": "url",
        "title": f"Title of {article_id}",
        "published_at": published_at,
        "date_source": "published",
        "publisher": "Alpha News",
        "first_feed": "alpha",
        "content_hash": f"hash-{article_id}",
        "first_seen_at": published_at,
        "last_seen_at": published_at,
        "updated_at": published_at,
        "last_run_id": "run-1",
    }
    row.update(fields)
    return row


def mention(
    article_id: str, entity_type: str, entity_id: str, name: str, field: str = "summary", at: int = 0
) -> Row:
    """A core.entity_mentions row: one match of ``name`` at offset ``at`` of ``field``."""
    return {
        "article_id": article_id,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "entity_name": name,
        "matched_text": name,
        "field": field,
        "start_offset": at,
        "end_offset": at + len(name),
        "extractor_version": "test",
    }


def money(
    article_id: str,
    amount: float,
    text: str,
    currency: str = "USD",
    amount_usd: float | None = None,
    field: str = "summary",
    at: int = 0,
) -> Row:
    """A core.money_amounts row; amount_usd defaults to amount for USD and to null otherwise."""
    if amount_usd is None and currency == "USD":
        amount_usd = amount
    return {
        "article_id": article_id,
        "amount": amount,
        "currency": currency,
        "amount_usd": amount_usd,
        "text": text,
        "field": field,
        "start_offset": at,
        "end_offset": at + len(text),
        "extractor_version": "test",
    }


def weapon(weapon_id: str, name: str, family: str, category: str, origin_iso3: str | None) -> Row:
    """A core.dim_weapon_systems row (shape as refresh_dimensions.sql writes it)."""
    return {
        "weapon_id": weapon_id,
        "name": name,
        "family": family,
        "aliases": name,
        "category": category,
        "origin_iso3": origin_iso3,
        "manufacturer": None,
        "requires_context": None,
    }


def country(iso3: str, name: str) -> Row:
    """A core.dim_countries row."""
    return {"iso3": iso3, "iso2": iso3[:2], "name": name, "aliases": name, "requires_context": None}


def organization(org_id: str, name: str, country_iso3: str | None = None) -> Row:
    """A core.dim_organizations row (a company)."""
    return {
        "org_id": org_id,
        "name": name,
        "aliases": name,
        "org_type": "company",
        "country_iso3": country_iso3,
        "requires_context": None,
    }


def deal(deal_id: str, article_id: str, **fields: object) -> Row:
    """A core.deals row: every column, with plain defaults (a US award without a value), overridable by keyword.

    A value in USD gets the same value_usd unless one is given.
    """
    row: Row = {
        "deal_id": deal_id,
        "article_id": article_id,
        "field": "summary",
        "rule": "news",
        "buyer": "USA",
        "seller_country": None,
        "supplier": None,
        "supplier_id": None,
        "system": None,
        "weapon_id": None,
        "quantity": None,
        "value": None,
        "currency": None,
        "value_usd": None,
        "value_text": None,
        "stage": "awarded",
        "contract_id": None,
        "agency": None,
        "evidence": f"Evidence of {deal_id}.",
        "start_offset": 0,
        "end_offset": 40,
        "extractor_version": "test",
    }
    unknown = set(fields) - set(row)
    assert not unknown, f"not a core.deals column: {unknown}"
    row.update(fields)
    if row["value"] is not None and row["currency"] is None:
        row["currency"] = "USD"
    if row["value_usd"] is None and row["currency"] == "USD":
        row["value_usd"] = row["value"]
    return row


DEAL_CONTRACT = [
    "deal_id", "article_id", "published_at", "buyer", "seller_country", "supplier", "supplier_id", "system",
    "weapon_id", "weapon_family", "quantity", "value", "currency", "value_usd", "stage", "contract_id", "agency",
    "evidence", "start_offset", "end_offset", "extractor_version", "deal_group_id",
]  # fmt: skip


def mart(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """A query over the marts as a polars frame."""
    return con.sql(sql).pl()


def test_entity_mentions(warehouse: duckdb.DuckDBPyConnection) -> None:
    """One row per (article, entity): mentions counted, in_title if any is in the title, no orphan mentions."""
    con = warehouse
    insert(
        con, "core.articles", [article("a1", utc("2024-03-05 10:00")), article("a2", utc("2024-03-06 08:00"))]
    )
    insert(
        con,
        "core.entity_mentions",
        [
            mention("a1", "country", "USA", "United States", "title", 0),
            mention("a1", "country", "USA", "United States", "summary", 10),
            mention("a1", "country", "USA", "United States", "summary", 80),
            mention("a1", "weapon_system", "f-35", "F-35 Lightning II", "summary", 40),
            mention("a2", "country", "USA", "United States", "summary", 5),
            # an article the warehouse does not hold: the inner join to the articles drops it
            mention("gone", "country", "FRA", "France", "title", 0),
        ],
    )

    result = mart(con, "select * from marts.entity_mentions order by article_id, entity_type, entity_id")

    expected = pl.DataFrame(
        {
            "article_id": ["a1", "a1", "a2"],
            "entity_type": ["country", "weapon_system", "country"],
            "entity_id": ["USA", "f-35", "USA"],
            "entity_name": ["United States", "F-35 Lightning II", "United States"],
            "mention_count": [3, 1, 1],
            "published_at": [utc("2024-03-05 10:00"), utc("2024-03-05 10:00"), utc("2024-03-06 08:00")],
            "in_title": [True, False, False],
        },
        schema={
            "article_id": pl.String,
            "entity_type": pl.String,
            "entity_id": pl.String,
            "entity_name": pl.String,
            "mention_count": pl.Int64,
            "published_at": TS,
            "in_title": pl.Boolean,
        },
    )
    assert_frame_equal(result, expected)


def test_daily_entity_mentions(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Per UTC day and entity: articles mentioning it and their total mentions; 23:59:59 and 00:00 split days."""
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("d1", utc("2024-03-01 09:00")),
            article("d2", utc("2024-03-01 23:59:59")),
            article("d3", utc("2024-03-02 00:00")),
            article("d4", utc("2024-03-02 12:00")),
        ],
    )
    insert(
        con,
        "core.entity_mentions",
        [
            mention("d1", "country", "USA", "United States", at=0),
            mention("d1", "country", "USA", "United States", at=50),
            mention("d1", "country", "UKR", "Ukraine", at=20),
            mention("d2", "country", "USA", "United States", at=0),
            mention("d3", "country", "USA", "United States", at=0),
            mention("d3", "country", "USA", "United States", at=30),
            mention("d3", "country", "USA", "United States", at=60),
            mention("d4", "country", "UKR", "Ukraine", at=0),
            # same day as d1, another entity type: its own row
            mention("d2", "organization", "nato", "NATO", at=40),
        ],
    )

    result = mart(con, "select * from marts.daily_entity_mentions order by day, entity_type, entity_id")

    expected = pl.DataFrame(
        {
            "day": [date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 2)],
            "entity_type": ["country", "country", "organization", "country", "country"],
            "entity_id": ["UKR", "USA", "nato", "UKR", "USA"],
            "entity_name": ["Ukraine", "United States", "NATO", "Ukraine", "United States"],
            "articles": [1, 2, 1, 1, 1],
            "mentions": [1, 3, 1, 1, 3],
        },
        schema={
            "day": pl.Date,
            "entity_type": pl.String,
            "entity_id": pl.String,
            "entity_name": pl.String,
            "articles": pl.Int64,
            "mentions": HUGEINT,
        },
    )
    assert_frame_equal(result, expected)


def test_country_co_mentions(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Each unordered pair of distinct countries in an article once, as country_a < country_b; other types ignored."""
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("c1", utc("2024-04-01 08:00")),
            article("c2", utc("2024-04-02 08:00")),
            article("c3", utc("2024-04-03 08:00")),
        ],
    )
    insert(
        con,
        "core.entity_mentions",
        [
            # c1: three countries, written in no particular order -> three pairs
            mention("c1", "country", "USA", "United States", at=0),
            mention("c1", "country", "UKR", "Ukraine", at=20),
            mention("c1", "country", "POL", "Poland", at=40),
            # c2: two countries, one of them twice -> one pair, not two
            mention("c2", "country", "USA", "United States", at=0),
            mention("c2", "country", "UKR", "Ukraine", at=20),
            mention("c2", "country", "USA", "United States", at=40),
            # c3: one country and a weapon system -> no pair
            mention("c3", "country", "FRA", "France", at=0),
            mention("c3", "weapon_system", "rafale", "Rafale", at=20),
        ],
    )

    result = mart(con, "select * from marts.country_co_mentions order by article_id, country_a, country_b")

    expected = pl.DataFrame(
        {
            "article_id": ["c1", "c1", "c1", "c2"],
            "published_at": [utc("2024-04-01 08:00")] * 3 + [utc("2024-04-02 08:00")],
            "country_a": ["POL", "POL", "UKR", "UKR"],
            "country_a_name": ["Poland", "Poland", "Ukraine", "Ukraine"],
            "country_b": ["UKR", "USA", "USA", "USA"],
            "country_b_name": ["Ukraine", "United States", "United States", "United States"],
        },
        schema={
            "article_id": pl.String,
            "published_at": TS,
            "country_a": pl.String,
            "country_a_name": pl.String,
            "country_b": pl.String,
            "country_b_name": pl.String,
        },
    )
    assert_frame_equal(result, expected)

    pair_counts = mart(
        con,
        "select country_a, country_b, count(*) as articles from marts.country_co_mentions "
        "group by all order by country_a, country_b",
    )
    assert pair_counts.rows() == [("POL", "UKR", 1), ("POL", "USA", 1), ("UKR", "USA", 2)]


def test_weapon_systems_monthly(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Per UTC month and weapon system: articles and mentions with the dim's attributes; unknown ids keep nulls."""
    con = warehouse
    insert(
        con,
        "core.dim_weapon_systems",
        [
            weapon("f-35", "F-35 Lightning II", "F-35", "aircraft", "USA"),
            weapon("pac-3", "PAC-3", "Patriot", "air defence systems", "USA"),
            weapon("leopard-2", "Leopard 2", "Leopard 2", "armoured vehicles", "DEU"),  # never mentioned
        ],
    )
    insert(
        con,
        "core.articles",
        [
            article("w1", utc("2024-01-31 23:59:59")),
            article("w2", utc("2024-02-01 00:00")),
            article("w3", utc("2024-02-29 18:00")),
            article("w4", utc("2024-02-10 12:00")),
            article("w5", utc("2024-02-11 12:00")),
        ],
    )
    insert(
        con,
        "core.entity_mentions",
        [
            mention("w1", "weapon_system", "f-35", "F-35 Lightning II", at=0),
            mention("w1", "weapon_system", "f-35", "F-35 Lightning II", at=30),
            mention("w2", "weapon_system", "f-35", "F-35 Lightning II", at=0),
            mention("w2", "weapon_system", "pac-3", "PAC-3", at=30),
            mention("w3", "weapon_system", "f-35", "F-35 Lightning II", at=0),
            # an id missing from the reference data: kept by the left join, attributes null
            mention("w4", "weapon_system", "x-99", "X-99", at=0),
            # not a weapon system: ignored
            mention("w5", "country", "USA", "United States", at=0),
        ],
    )

    result = mart(con, "select * from marts.weapon_systems_monthly order by month, weapon_id")

    expected = pl.DataFrame(
        {
            "month": [date(2024, 1, 1), date(2024, 2, 1), date(2024, 2, 1), date(2024, 2, 1)],
            "weapon_id": ["f-35", "f-35", "pac-3", "x-99"],
            "name": ["F-35 Lightning II", "F-35 Lightning II", "PAC-3", None],
            "family": ["F-35", "F-35", "Patriot", None],
            "category": ["aircraft", "aircraft", "air defence systems", None],
            "origin_iso3": ["USA", "USA", "USA", None],
            "articles": [1, 2, 1, 1],
            "mentions": [2, 2, 1, 1],
        },
        schema={
            "month": pl.Date,
            "weapon_id": pl.String,
            "name": pl.String,
            "family": pl.String,
            "category": pl.String,
            "origin_iso3": pl.String,
            "articles": pl.Int64,
            "mentions": HUGEINT,
        },
    )
    assert_frame_equal(result, expected)


def test_day_and_month_buckets_are_utc_whatever_the_session_time_zone(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """Documented as UTC: a reader whose session is not in UTC should see the same day and month."""
    con = warehouse
    insert(con, "core.dim_weapon_systems", [weapon("f-35", "F-35 Lightning II", "F-35", "aircraft", "USA")])
    insert(con, "core.articles", [article("t1", utc("2024-02-01 00:30"))])
    insert(con, "core.entity_mentions", [mention("t1", "weapon_system", "f-35", "F-35 Lightning II")])
    con.execute("set TimeZone = 'America/New_York'")  # e.g. the duckdb CLI or a BI tool on a US machine

    day = con.execute("select day from marts.daily_entity_mentions").fetchall()
    month = con.execute("select month from marts.weapon_systems_monthly").fetchall()

    assert (day, month) == ([(date(2024, 2, 1),)], [(date(2024, 2, 1),)])


def test_money_amounts(warehouse: duckdb.DuckDBPyConnection) -> None:
    """A plain projection of core.money_amounts: every amount as found, unknown rates stay null."""
    con = warehouse
    insert(
        con,
        "core.money_amounts",
        [
            money("m1", 1.2e9, "$1.2 billion", field="title", at=12),
            money("m1", 1.2e9, "$1,200,000,000", field="summary", at=3),  # repeats are not merged here
            money("m1", 4.0e7, "€40 million", currency="EUR", amount_usd=4.32e7, at=90),
            money("m2", 5.0e8, "500 million rupees", currency="INR", amount_usd=None, at=0),
        ],
    )

    result = mart(con, "select * from marts.money_amounts order by article_id, field, start_offset")

    expected = pl.DataFrame(
        {
            "article_id": ["m1", "m1", "m1", "m2"],
            "amount": [1.2e9, 4.0e7, 1.2e9, 5.0e8],
            "currency": ["USD", "EUR", "USD", "INR"],
            "amount_usd": [1.2e9, 4.32e7, 1.2e9, None],
            "text": ["$1,200,000,000", "€40 million", "$1.2 billion", "500 million rupees"],
            "field": ["summary", "summary", "title", "summary"],
            "start_offset": [3, 90, 12, 0],
        },
        schema={
            "article_id": pl.String,
            "amount": pl.Float64,
            "currency": pl.String,
            "amount_usd": pl.Float64,
            "text": pl.String,
            "field": pl.String,
            "start_offset": pl.Int32,
        },
    )
    assert_frame_equal(result, expected)


def test_money_by_entity(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Each deal's value goes only to its own buyer, seller, supplier and system; loose amounts to no one."""
    con = warehouse
    insert(
        con,
        "core.dim_weapon_systems",
        [
            weapon("f-35", "F-35 Lightning II", "F-35", "aircraft", "USA"),
            weapon("leopard-2", "Leopard 2", "Leopard 2", "armoured vehicles", "DEU"),
        ],
    )
    insert(
        con,
        "core.dim_countries",
        [country("NOR", "Norway"), country("USA", "United States"), country("DEU", "Germany")],
    )
    insert(
        con,
        "core.dim_organizations",
        [
            organization("lockheed-martin", "Lockheed Martin", "USA"),
            organization("kmw", "KNDS Deutschland", "DEU"),
        ],
    )
    m1, m2 = utc("2026-05-04 09:00"), utc("2026-05-06 12:00")
    insert(con, "core.articles", [article("m1", m1), article("m2", m2)])
    f35 = {
        "buyer": "NOR",
        "seller_country": "USA",
        "supplier": "Lockheed Martin",
        "supplier_id": "lockheed-martin",
        "system": "F-35A fighters",
        "weapon_id": "f-35",
        "value": 1.2e9,
        "value_text": "$1.2 billion",
        "stage": "signed",
    }
    insert(
        con,
        "core.deals",
        [
            # m1 states two deals with values, one without a value, and (below) an amount outside any deal
            deal("m1-1", "m1", **f35),
            deal(
                "m1-2",
                "m1",
                buyer="NOR",
                seller_country="DEU",
                supplier="KNDS Deutschland",
                supplier_id="kmw",
                system="Leopard 2A8 tanks",
                weapon_id="leopard-2",
                value=2.0e9,
                currency="EUR",
                value_usd=2.32e9,
                value_text="€2 billion",
                stage="signed",
                start_offset=100,
            ),
            # a supplier and an item outside the reference data, no seller: only the buyer gets the money
            deal(
                "m1-3",
                "m1",
                buyer="NOR",
                supplier="Nordic Ammo AS",
                system="rifle rounds",
                value=5.0e7,
                value_text="$50 million",
                start_offset=200,
            ),
            deal("m1-4", "m1", buyer="NOR", supplier_id="kmw", weapon_id="leopard-2", stage="delivered"),
            # m2 reports the F-35 deal again: same group, report 2
            deal("m2-1", "m2", **f35),
        ],
    )
    insert(con, "core.money_amounts", [money("m1", 5.0e8, "$500 million", at=300)])

    result = mart(con, "select * from marts.money_by_entity order by article_id, deal_id, role")

    assert result.columns == [
        "article_id", "published_at", "entity_type", "entity_id", "entity_name", "weapon_family",
        "weapon_category", "amount", "currency", "amount_usd", "text", "role", "deal_id", "deal_group_id",
        "report_number", "stage",
    ]  # fmt: skip
    # (role, entity_type, entity_id, entity_name, weapon_family, weapon_category) of each deal
    f35_roles = [
        ("buyer", "country", "NOR", "Norway", None, None),
        ("seller", "country", "USA", "United States", None, None),
        ("supplier", "organization", "lockheed-martin", "Lockheed Martin", None, None),
        ("system", "weapon_system", "f-35", "F-35 Lightning II", "F-35", "aircraft"),
    ]
    leopard_roles = [
        ("buyer", "country", "NOR", "Norway", None, None),
        ("seller", "country", "DEU", "Germany", None, None),
        ("supplier", "organization", "kmw", "KNDS Deutschland", None, None),
        ("system", "weapon_system", "leopard-2", "Leopard 2", "Leopard 2", "armoured vehicles"),
    ]
    ammo_roles = [("buyer", "country", "NOR", "Norway", None, None)]
    # (article, published, deal, group, report number, stage, amount, currency, usd, text, roles)
    deals = [
        ("m1", m1, "m1-1", "m1-1", 1, "signed", 1.2e9, "USD", 1.2e9, "$1.2 billion", f35_roles),
        ("m1", m1, "m1-2", "m1-2", 1, "signed", 2.0e9, "EUR", 2.32e9, "€2 billion", leopard_roles),
        ("m1", m1, "m1-3", "m1-3", 1, "awarded", 5.0e7, "USD", 5.0e7, "$50 million", ammo_roles),
        ("m2", m2, "m2-1", "m1-1", 2, "signed", 1.2e9, "USD", 1.2e9, "$1.2 billion", f35_roles),
    ]
    expected = [
        (a, when, etype, eid, name, family, category, amount, cur, usd, text, role, d, group, number, stage)
        for a, when, d, group, number, stage, amount, cur, usd, text, roles in deals
        for role, etype, eid, name, family, category in roles
    ]
    assert result.rows() == expected
    assert result.schema["published_at"] == TS

    # totals per entity, each deal once: no entity receives another deal's money, nor the loose $500 million
    totals = mart(
        con,
        "select entity_id, sum(amount_usd) as usd from marts.money_by_entity where report_number = 1 "
        "group by all order by entity_id",
    )
    assert totals.rows() == [
        ("DEU", 2.32e9),
        ("NOR", 1.2e9 + 2.32e9 + 5.0e7),
        ("USA", 1.2e9),
        ("f-35", 1.2e9),
        ("kmw", 2.32e9),
        ("leopard-2", 2.32e9),
        ("lockheed-martin", 1.2e9),
    ]


def test_deals(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Contract columns first and in order; the article's time, publisher and title; names and family; no orphans."""
    con = warehouse
    insert(con, "core.dim_weapon_systems", [weapon("f-35", "F-35 Lightning II", "F-35", "aircraft", "USA")])
    insert(con, "core.dim_countries", [country("POL", "Poland"), country("USA", "United States")])
    insert(con, "core.dim_organizations", [organization("lockheed-martin", "Lockheed Martin", "USA")])
    k1, k2 = utc("2026-03-02 15:00"), utc("2026-03-03 22:00")
    insert(
        con,
        "core.articles",
        [
            article("k1", k1, publisher="Defense Daily Wire", title="Poland cleared to buy F-35s"),
            article("k2", k2, publisher="Contracts Bulletin", title="Contracts for March 3, 2026"),
        ],
    )
    insert(
        con,
        "core.deals",
        [
            deal(
                "k1-1",
                "k1",
                rule="dsca_fms",
                buyer="POL",
                seller_country="USA",
                supplier="Lockheed Martin Aeronautics Co.",
                supplier_id="lockheed-martin",
                system="F-35A aircraft",
                weapon_id="f-35",
                quantity=32,
                value=4.6e9,
                value_text="$4.6 billion",
                stage="approved",
                agency="Defense Security Cooperation Agency",
                evidence="The Government of Poland has requested to buy 32 F-35A aircraft.",
                start_offset=0,
                end_offset=180,
            ),
            # supplier and item outside the reference data: the names as written, no family
            deal(
                "k2-1",
                "k2",
                rule="dod_contract",
                seller_country="USA",
                supplier="Acme Rotor Parts Inc.",
                system="pitch link assemblies",
                value=8473500.0,
                value_text="$8,473,500",
                contract_id="SPE4A1-26-D-0007",
                agency="Defense Logistics Agency Aviation",
                evidence="Acme Rotor Parts Inc. was awarded a $8,473,500 contract.",
                start_offset=20,
                end_offset=400,
            ),
            # a deal of an article the warehouse does not hold: dropped
            deal("gone-1", "gone", buyer="FRA", value=1.0e9),
        ],
    )

    result = mart(con, "select * from marts.deals order by deal_id")

    assert result.columns[: len(DEAL_CONTRACT)] == DEAL_CONTRACT
    assert result.rows(named=True) == [
        {
            "deal_id": "k1-1",
            "article_id": "k1",
            "published_at": k1,
            "buyer": "POL",
            "seller_country": "USA",
            "supplier": "Lockheed Martin Aeronautics Co.",
            "supplier_id": "lockheed-martin",
            "system": "F-35A aircraft",
            "weapon_id": "f-35",
            "weapon_family": "F-35",
            "quantity": 32,
            "value": 4.6e9,
            "currency": "USD",
            "value_usd": 4.6e9,
            "stage": "approved",
            "contract_id": None,
            "agency": "Defense Security Cooperation Agency",
            "evidence": "The Government of Poland has requested to buy 32 F-35A aircraft.",
            "start_offset": 0,
            "end_offset": 180,
            "extractor_version": "test",
            "deal_group_id": "k1-1",
            "report_number": 1,
            "field": "summary",
            "rule": "dsca_fms",
            "value_text": "$4.6 billion",
            "publisher": "Defense Daily Wire",
            "title": "Poland cleared to buy F-35s",
            "buyer_name": "Poland",
            "seller_country_name": "United States",
            "supplier_name": "Lockheed Martin",
            "weapon_name": "F-35 Lightning II",
            "weapon_category": "aircraft",
        },
        {
            "deal_id": "k2-1",
            "article_id": "k2",
            "published_at": k2,
            "buyer": "USA",
            "seller_country": "USA",
            "supplier": "Acme Rotor Parts Inc.",
            "supplier_id": None,
            "system": "pitch link assemblies",
            "weapon_id": None,
            "weapon_family": None,
            "quantity": None,
            "value": 8473500.0,
            "currency": "USD",
            "value_usd": 8473500.0,
            "stage": "awarded",
            "contract_id": "SPE4A1-26-D-0007",
            "agency": "Defense Logistics Agency Aviation",
            "evidence": "Acme Rotor Parts Inc. was awarded a $8,473,500 contract.",
            "start_offset": 20,
            "end_offset": 400,
            "extractor_version": "test",
            "deal_group_id": "k2-1",
            "report_number": 1,
            "field": "summary",
            "rule": "dod_contract",
            "value_text": "$8,473,500",
            "publisher": "Contracts Bulletin",
            "title": "Contracts for March 3, 2026",
            "buyer_name": "United States",
            "seller_country_name": "United States",
            "supplier_name": "Acme Rotor Parts Inc.",
            "weapon_name": None,
            "weapon_category": None,
        },
    ]
    types = dict(zip(result.columns, result.dtypes, strict=True))
    assert (types["published_at"], types["quantity"], types["start_offset"]) == (TS, pl.Int64, pl.Int32)


def test_deal_group_ids(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Reports of one deal share the group id of the first; value, time, buyer and key rules keep others apart."""
    con = warehouse
    day = utc("2026-03-02 14:00")

    def at(days: float) -> datetime:
        return day + timedelta(days=days)

    lockheed = {"supplier": "Lockheed Martin", "supplier_id": "lockheed-martin"}
    f35 = {"system": "F-35A fighters", "weapon_id": "f-35"}
    reports = [
        # (deal_id, article_id, days after the first, core.deals columns)
        # a DSCA notice, and a news report 3 days later with a value 0.4% higher: one deal
        ("a1", "a1", 0, {"buyer": "POL", "rule": "dsca_fms", "stage": "approved", "value": 4.60e9,
                         "supplier": "Lockheed Martin Aeronautics Co.", "supplier_id": "lockheed-martin",
                         "system": "F-35A Conventional Take Off and Landing aircraft", "weapon_id": "f-35"}),
        ("a2", "a2", 3, {"buyer": "POL", "stage": "approved", "value": 4.62e9, **lockheed, **f35}),
        # a value 2.2% above the notice's (1.7% above the news report's): another deal
        ("a3", "a3", 4, {"buyer": "POL", "stage": "signed", "value": 4.70e9, **lockheed, **f35}),
        # the same buyer, supplier, system and value 40 days apart: two deals
        ("b1", "b1", 0, {"buyer": "ROU", "supplier_id": "hyundai-rotem", "system": "K2 tanks", "value": 1.0e9}),
        ("b2", "b2", 40, {"buyer": "ROU", "supplier_id": "hyundai-rotem", "system": "K2 tanks", "value": 1.0e9}),
        # the same supplier, system and value a day apart, but two buyers: two deals
        ("c1", "c1", 0, {"buyer": "DNK", "value": 2.0e9, **lockheed, **f35}),
        ("c2", "c2", 1, {"buyer": "NOR", "value": 2.0e9, **lockheed, **f35}),
        # no value: only reports that share supplier and system match, also when the other has a value
        ("d1", "d1", 8, {"stage": "delivered", **lockheed, **f35}),
        ("d2", "d2", 13, {"stage": "delivered", **lockheed, **f35}),
        ("d3", "d3", 14, {"stage": "delivered", **lockheed, "system": "C-130J aircraft", "weapon_id": "c-130"}),
        ("d4", "d4", 15, {"stage": "delivered", "value": 5.0e8, **lockheed, **f35}),
        # a contract action is other news than a delivery of the same thing: never one group
        ("d5", "d5", 16, {"stage": "awarded", "value": 5.0e8, **lockheed, **f35}),
        # the title and the summary of one article state one deal; a multiple award in one summary is three
        ("e1-1", "e1", 20, {"buyer": "GBR", "field": "title", "supplier": "BAE Systems", "system": "frigates",
                            "value": 1.0e9}),
        ("e1-2", "e1", 20, {"buyer": "GBR", "supplier": "BAE Systems", "system": "frigates", "value": 1.0e9}),
        ("e2-1", "e2", 21, {"supplier": "Leidos Inc.", "system": "network services", "value": 9.75e8}),
        ("e2-2", "e2", 21, {"supplier": "Peraton Inc.", "system": "network services", "value": 9.75e8}),
        ("e2-3", "e2", 21, {"supplier": "SAIC", "system": "network services", "value": 9.75e8}),
        # a chain: f3 matches f2 only (1.3% above f1), f2 matches f1: one group. f4, 35 days after f1, matches
        # f2 and f3, but a group spans at most 30 days from its first report: a new group
        ("f1", "f1", 60, {"buyer": "AUS", "supplier": "Austal", "system": "landing craft", "value": 3.00e8}),
        ("f2", "f2", 75, {"buyer": "AUS", "supplier": "Austal", "system": "landing craft", "value": 3.02e8}),
        ("f3", "f3", 88, {"buyer": "AUS", "supplier": "Austal", "system": "landing craft", "value": 3.04e8}),
        ("f4", "f4", 95, {"buyer": "AUS", "supplier": "Austal", "system": "landing craft", "value": 3.04e8}),
        # names without an id compare lower-cased; sharing the supplier is enough when the values agree
        ("g1", "g1", 60, {"buyer": "JPN", "supplier": "Mitsubishi Heavy Industries", "system": "frigates",
                          "value": 1.0e9}),
        ("g2", "g2", 61, {"buyer": "JPN", "supplier": "MITSUBISHI HEAVY INDUSTRIES", "system": "Mogami ships",
                          "value": 1.005e9}),
        ("g3", "g3", 62, {"buyer": "JPN", "supplier": "Hanwha Ocean", "system": "submarines", "value": 1.0e9}),
        # published at the same time: the smaller deal_id is the first report
        ("h2", "h2", 70, {"buyer": "CAN", "supplier": "Saab", "system": "GlobalEye", "value": 2.5e9}),
        ("h1", "h1", 70, {"buyer": "CAN", "supplier": "Saab", "system": "GlobalEye", "value": 2.5e9}),
        # exactly 30 days (720 hours) apart, across the start of daylight saving time in the United States
        ("i1", "i1", 0, {"buyer": "ITA", "supplier": "Leonardo", "system": "M-346 trainers", "value": 4.0e8}),
        ("i2", "i2", 30, {"buyer": "ITA", "supplier": "Leonardo", "system": "M-346 trainers", "value": 4.0e8}),
        # no buyer: never grouped
        ("n1", "n1", 90, {"buyer": None, **lockheed, **f35, "value": 7.0e8}),
        ("n2", "n2", 91, {"buyer": None, **lockheed, **f35, "value": 7.0e8}),
    ]  # fmt: skip
    articles = {article_id: days for _, article_id, days, _ in reports}
    insert(con, "core.articles", [article(a, at(days)) for a, days in articles.items()])
    insert(con, "core.deals", [deal(deal_id, a, **fields) for deal_id, a, _, fields in reports])

    result = mart(con, "select deal_id, deal_group_id, report_number from marts.deals order by deal_id")

    groups = {deal_id: (group, number) for deal_id, group, number in result.rows()}
    assert groups == {
        "a1": ("a1", 1),
        "a2": ("a1", 2),
        "a3": ("a3", 1),
        "b1": ("b1", 1),
        "b2": ("b2", 1),
        "c1": ("c1", 1),
        "c2": ("c2", 1),
        "d1": ("d1", 1),
        "d2": ("d1", 2),
        "d3": ("d3", 1),
        "d4": ("d1", 3),
        "d5": ("d5", 1),
        "e1-1": ("e1-1", 1),
        "e1-2": ("e1-1", 2),
        "e2-1": ("e2-1", 1),
        "e2-2": ("e2-2", 1),
        "e2-3": ("e2-3", 1),
        "f1": ("f1", 1),
        "f2": ("f1", 2),
        "f3": ("f1", 3),
        "f4": ("f4", 1),
        "g1": ("g1", 1),
        "g2": ("g1", 2),
        "g3": ("g3", 1),
        "h1": ("h1", 1),
        "h2": ("h1", 2),
        "i1": ("i1", 1),
        "i2": ("i1", 2),
        "n1": ("n1", 1),
        "n2": ("n2", 1),
    }

    # the same groups for a reader whose session is in New York
    con.execute("set TimeZone = 'America/New_York'")
    in_new_york = mart(con, "select deal_id, deal_group_id, report_number from marts.deals order by deal_id")
    assert in_new_york.rows() == result.rows()


def deal_story(con: duckdb.DuckDBPyConnection) -> None:
    """Four deal groups (one reported four times, one twice) and a deal without a buyer, with their dims.

    X: Poland's F-35 approval, reported first by news without a supplier, then by the DSCA notice, then again
       by the title and summary of one article; Y: a US F-35 award at 02:00 UTC on April 1 (March 31 in
       New York); Z: a P-8 modification reported twice; W: a Romanian K2 deal in euros; V: no buyer.
    """
    insert(
        con,
        "core.dim_weapon_systems",
        [
            weapon("f-35", "F-35 Lightning II", "F-35", "aircraft", "USA"),
            weapon("p-8", "P-8 Poseidon", "P-8", "aircraft", "USA"),
        ],
    )
    insert(
        con,
        "core.dim_countries",
        [country("POL", "Poland"), country("ROU", "Romania"), country("USA", "United States")],
    )
    insert(
        con,
        "core.dim_organizations",
        [
            organization("lockheed-martin", "Lockheed Martin", "USA"),
            organization("boeing", "Boeing", "USA"),
            organization("hyundai-rotem", "Hyundai Rotem", "KOR"),
        ],
    )
    insert(
        con,
        "core.articles",
        [
            article("x1", utc("2026-03-02 10:00"), publisher="Alpha News"),
            article("x2", utc("2026-03-03 21:00"), publisher="Beta Wire"),
            article("x3", utc("2026-03-12 08:00"), publisher="Alpha News"),
            article("y1", utc("2026-04-01 02:00"), publisher="Beta Wire"),
            article("z1", utc("2026-04-10 21:00"), publisher="Beta Wire"),
            article("z2", utc("2026-04-11 09:00"), publisher="Alpha News"),
            article("w1", utc("2026-04-12 09:00"), publisher="Alpha News"),
            article("v1", utc("2026-04-20 09:00"), publisher="Alpha News"),
        ],
    )
    lockheed = {"supplier": "Lockheed Martin", "supplier_id": "lockheed-martin"}
    f35 = {"system": "F-35A jets", "weapon_id": "f-35"}
    insert(
        con,
        "core.deals",
        [
            deal("x1-1", "x1", buyer="POL", **f35, value=4.6e9, stage="approved", evidence="Poland cleared."),
            deal("x2-1", "x2", buyer="POL", rule="dsca_fms", seller_country="USA",
                 supplier="Lockheed Martin Aeronautics Co.", supplier_id="lockheed-martin", system="F-35A aircraft",
                 weapon_id="f-35", quantity=32, value=4.6e9, stage="approved", evidence="DSCA notice."),
            deal("x3-1", "x3", buyer="POL", field="title", **lockheed, **f35, value=4.61e9, stage="approved"),
            deal("x3-2", "x3", buyer="POL", **lockheed, **f35, quantity=32, value=4.61e9, stage="approved"),
            deal("y1-1", "y1", rule="dod_contract", seller_country="USA", **lockheed, **f35, quantity=12,
                 value=1.5e9, contract_id="N00019-26-C-0001", evidence="Lot award."),
            deal("z1-1", "z1", rule="dod_contract", seller_country="USA", supplier="The Boeing Co.",
                 supplier_id="boeing", system="P-8A aircraft", weapon_id="p-8", value=2.0e8, stage="modification",
                 contract_id="N00019-14-C-0067"),
            deal("z2-1", "z2", supplier="Boeing", supplier_id="boeing", system="P-8A Poseidon", weapon_id="p-8",
                 value=2.0e8, stage="modification"),
            deal("w1-1", "w1", buyer="ROU", supplier="Hyundai Rotem", supplier_id="hyundai-rotem",
                 system="K2 tanks", quantity=54, value=1.0e9, currency="EUR", value_usd=1.16e9, stage="signed"),
            deal("v1-1", "v1", buyer=None, **lockheed, **f35, value=3.0e8, stage="delivered"),
        ],
    )  # fmt: skip


def test_deal_groups(warehouse: duckdb.DuckDBPyConnection) -> None:
    """One row per group: first report's stage, value and evidence; supplier and count from the first to name them."""
    con = warehouse
    deal_story(con)

    result = mart(con, "select * from marts.deal_groups order by deal_group_id")

    expected = pl.DataFrame(
        {
            "deal_group_id": ["v1-1", "w1-1", "x1-1", "y1-1", "z1-1"],
            "buyer": [None, "ROU", "POL", "USA", "USA"],
            # X's first report names no supplier: the DSCA notice's
            "supplier": ["Lockheed Martin", "Hyundai Rotem", "Lockheed Martin Aeronautics Co.", "Lockheed Martin",
                         "The Boeing Co."],
            "supplier_id": ["lockheed-martin", "hyundai-rotem", "lockheed-martin", "lockheed-martin", "boeing"],
            "system": ["F-35A jets", "K2 tanks", "F-35A jets", "F-35A jets", "P-8A aircraft"],
            "weapon_id": ["f-35", None, "f-35", "f-35", "p-8"],
            "weapon_family": ["F-35", None, "F-35", "F-35", "P-8"],
            "stage": ["delivered", "signed", "approved", "awarded", "modification"],
            "value": [3.0e8, 1.0e9, 4.6e9, 1.5e9, 2.0e8],
            "currency": ["USD", "EUR", "USD", "USD", "USD"],
            "value_usd": [3.0e8, 1.16e9, 4.6e9, 1.5e9, 2.0e8],
            "report_count": [1, 1, 4, 1, 2],
            "article_count": [1, 1, 3, 1, 2],
            "first_reported_at": [utc("2026-04-20 09:00"), utc("2026-04-12 09:00"), utc("2026-03-02 10:00"),
                                  utc("2026-04-01 02:00"), utc("2026-04-10 21:00")],
            "last_reported_at": [utc("2026-04-20 09:00"), utc("2026-04-12 09:00"), utc("2026-03-12 08:00"),
                                 utc("2026-04-01 02:00"), utc("2026-04-11 09:00")],
            "stages": [["delivered"], ["signed"], ["approved"], ["awarded"], ["modification"]],
            "evidence": ["Evidence of v1-1.", "Evidence of w1-1.", "Poland cleared.", "Lot award.",
                         "Evidence of z1-1."],
            "buyer_name": [None, "Romania", "Poland", "United States", "United States"],
            "supplier_name": ["Lockheed Martin", "Hyundai Rotem", "Lockheed Martin", "Lockheed Martin", "Boeing"],
            "seller_country": [None, None, "USA", "USA", "USA"],
            "quantity": [None, 54, 32, 12, None],
            "contract_id": [None, None, None, "N00019-26-C-0001", "N00019-14-C-0067"],
            "first_article_id": ["v1", "w1", "x1", "y1", "z1"],
            "publishers": [["Alpha News"], ["Alpha News"], ["Alpha News", "Beta Wire"], ["Beta Wire"],
                           ["Alpha News", "Beta Wire"]],
        },
        schema={
            "deal_group_id": pl.String,
            "buyer": pl.String,
            "supplier": pl.String,
            "supplier_id": pl.String,
            "system": pl.String,
            "weapon_id": pl.String,
            "weapon_family": pl.String,
            "stage": pl.String,
            "value": pl.Float64,
            "currency": pl.String,
            "value_usd": pl.Float64,
            "report_count": pl.Int64,
            "article_count": pl.Int64,
            "first_reported_at": TS,
            "last_reported_at": TS,
            "stages": pl.List(pl.String),
            "evidence": pl.String,
            "buyer_name": pl.String,
            "supplier_name": pl.String,
            "seller_country": pl.String,
            "quantity": pl.Int64,
            "contract_id": pl.String,
            "first_article_id": pl.String,
            "publishers": pl.List(pl.String),
        },
    )  # fmt: skip
    assert_frame_equal(result, expected)


def test_deal_aggregates_count_each_group_once(warehouse: duckdb.DuckDBPyConnection) -> None:
    """By buyer and UTC month, by supplier, by weapon family: a deal reported four times counts once."""
    con = warehouse
    deal_story(con)

    by_month = mart(con, "select * from marts.deals_by_buyer_month order by buyer, month, stage")
    expected_by_month = pl.DataFrame(
        {
            "buyer": ["POL", "ROU", "USA", "USA"],
            "buyer_name": ["Poland", "Romania", "United States", "United States"],
            "month": [date(2026, 3, 1), date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 1)],
            "stage": ["approved", "signed", "awarded", "modification"],
            "deal_count": [1, 1, 1, 1],
            "value_usd": [4.6e9, 1.16e9, 1.5e9, 2.0e8],
            "valued_deal_count": [1, 1, 1, 1],
            "report_count": [4, 1, 1, 2],
        },
        schema={
            "buyer": pl.String,
            "buyer_name": pl.String,
            "month": pl.Date,
            "stage": pl.String,
            "deal_count": pl.Int64,
            "value_usd": pl.Float64,
            "valued_deal_count": pl.Int64,
            "report_count": pl.Int64,
        },
    )
    assert_frame_equal(by_month, expected_by_month)

    by_supplier = mart(con, "select * from marts.deals_by_supplier order by supplier")
    expected_by_supplier = pl.DataFrame(
        {
            "supplier": ["boeing", "hyundai-rotem", "lockheed-martin"],
            "supplier_id": ["boeing", "hyundai-rotem", "lockheed-martin"],
            "supplier_name": ["Boeing", "Hyundai Rotem", "Lockheed Martin"],
            "seller_country": ["USA", None, "USA"],
            # Lockheed Martin: X (4 reports), Y and V
            "deal_count": [1, 1, 3],
            "value_usd": [2.0e8, 1.16e9, 4.6e9 + 1.5e9 + 3.0e8],
            "valued_deal_count": [1, 1, 3],
            "buyer_count": [1, 1, 2],
            "awarded_deal_count": [1, 0, 1],
            "awarded_value_usd": [2.0e8, None, 1.5e9],
            "first_reported_at": [utc("2026-04-10 21:00"), utc("2026-04-12 09:00"), utc("2026-03-02 10:00")],
            "last_reported_at": [utc("2026-04-11 09:00"), utc("2026-04-12 09:00"), utc("2026-04-20 09:00")],
        },
        schema={
            "supplier": pl.String,
            "supplier_id": pl.String,
            "supplier_name": pl.String,
            "seller_country": pl.String,
            "deal_count": pl.Int64,
            "value_usd": pl.Float64,
            "valued_deal_count": pl.Int64,
            "buyer_count": pl.Int64,
            "awarded_deal_count": pl.Int64,
            "awarded_value_usd": pl.Float64,
            "first_reported_at": TS,
            "last_reported_at": TS,
        },
    )
    assert_frame_equal(by_supplier, expected_by_supplier)

    by_family = mart(con, "select * from marts.deals_by_weapon_family order by weapon_family")
    expected_by_family = pl.DataFrame(
        {
            # W's K2 is not in the reference data: no row
            "weapon_family": ["F-35", "P-8"],
            "buyer_count": [2, 1],
            "deal_count": [3, 1],
            "quantity": [32 + 12, None],
            "value_usd": [4.6e9 + 1.5e9 + 3.0e8, 2.0e8],
            "valued_deal_count": [3, 1],
            "buyers": [["POL", "USA"], ["USA"]],
            "first_reported_at": [utc("2026-03-02 10:00"), utc("2026-04-10 21:00")],
            "last_reported_at": [utc("2026-04-20 09:00"), utc("2026-04-11 09:00")],
        },
        schema={
            "weapon_family": pl.String,
            "buyer_count": pl.Int64,
            "deal_count": pl.Int64,
            "quantity": pl.Int64,
            "value_usd": pl.Float64,
            "valued_deal_count": pl.Int64,
            "buyers": pl.List(pl.String),
            "first_reported_at": TS,
            "last_reported_at": TS,
        },
    )
    assert_frame_equal(by_family, expected_by_family)

    # a reader in New York sees Y (02:00 UTC on April 1) in April too
    con.execute("set TimeZone = 'America/New_York'")
    months = con.execute("select month from marts.deals_by_buyer_month where stage = 'awarded'").fetchall()
    assert months == [(date(2026, 4, 1),)]


def test_feed_health(warehouse: duckdb.DuckDBPyConnection) -> None:
    """7-day window over fetch_log and article_feeds: error and 304 shares, median latency, items per day."""
    # The mart compares with now(). Every timestamp here is an offset from the test's own clock, and all
    # offsets sit hours away from the 7-day edge, so the windowed columns are exact. hours_since_success is
    # compared separately with a tolerance: now() is read a little later than the test's clock, and
    # date_diff('minute', ...) counts minute boundaries, so it may come out one minute larger.
    con = warehouse
    now = datetime.now(UTC).replace(microsecond=0)

    def ago(**offset: float) -> datetime:
        return now - timedelta(**offset)

    def fetch(
        n: int, feed: str, started: datetime, outcome: str, status: int | None, ms: int, size: int
    ) -> Row:
        return {
            "fetch_id": f"f{n}",
            "run_id": f"run-{n}",
            "feed": feed,
            "url": f"https://{feed}.example/rss",
            "started_at": started,
            "finished_at": started + timedelta(milliseconds=ms),
            "elapsed_ms": ms,
            "http_status": status,
            "bytes": size,
            "outcome": outcome,
        }

    insert(
        con,
        "ops.fetch_log",
        [
            fetch(1, "alpha", ago(hours=2), "http_error", 503, 300, 200),
            fetch(2, "alpha", ago(hours=5), "ok", 200, 120, 5000),
            fetch(3, "alpha", ago(days=1), "not_modified", 304, 40, 0),
            fetch(4, "alpha", ago(days=2), "not_modified", 304, 60, 0),
            fetch(5, "alpha", ago(days=3), "unchanged", 200, 80, 5000),  # a success, not a 304
            fetch(6, "alpha", ago(days=6, hours=12), "timeout", None, 9000, 0),
            fetch(7, "alpha", ago(days=7, hours=12), "network_error", None, 7000, 0),  # outside the window
            fetch(8, "beta", ago(days=9), "http_error", 404, 50, 0),  # outside the window
            fetch(9, "orphan", ago(hours=1), "ok", 200, 10, 10),  # no ops.feed_state row: no mart row
        ],
    )

    def seen(article_id: str, feed: str, first: datetime) -> Row:
        return {"article_id": article_id, "feed": feed, "first_seen_at": first, "last_seen_at": now}

    insert(
        con,
        "core.article_feeds",
        [
            seen("n1", "alpha", ago(hours=5)),
            seen("n2", "alpha", ago(days=3)),
            seen("n3", "alpha", ago(days=6)),
            seen("old", "alpha", ago(days=10)),  # first seen before the window (seen again since)
        ],
    )

    def state(feed: str, **fields: object) -> Row:
        row: Row = {
            "feed": feed,
            "url": f"https://{feed}.example/rss",
            "publisher": feed.title(),
            "enabled": True,
            "state": "ok",
            "last_outcome": None,
            "last_status": None,
            "last_success_at": None,
            "consecutive_failures": 0,
            "last_error": None,
            "next_check_at": None,
            "schedule_reason": None,
            "redirected_url": None,
            "updated_at": now,
        }
        row.update(fields)
        return row

    insert(
        con,
        "ops.feed_state",
        [
            state(
                "alpha",
                state="failing",
                last_outcome="http_error",
                last_status=503,
                last_success_at=ago(hours=5),
                consecutive_failures=1,
                last_error="HTTP 503",
                next_check_at=now + timedelta(minutes=30),
                schedule_reason="backoff",
            ),
            state(
                "beta",
                enabled=False,
                state="gone",
                last_outcome="http_error",
                last_status=410,
                consecutive_failures=3,
                last_error="HTTP 410",
                schedule_reason="gone",
                redirected_url="https://beta.example/feed.xml",
            ),
        ],
    )

    result = mart(con, "select * from marts.feed_health order by feed")

    expected = pl.DataFrame(
        {
            "feed": ["alpha", "beta"],
            "publisher": ["Alpha", "Beta"],
            "enabled": [True, False],
            "state": ["failing", "gone"],
            "last_outcome": ["http_error", "http_error"],
            "last_status": [503, 410],
            "last_success_at": [ago(hours=5), None],
            "consecutive_failures": [1, 3],
            "last_error": ["HTTP 503", "HTTP 410"],
            "next_check_at": [now + timedelta(minutes=30), None],
            "schedule_reason": ["backoff", "gone"],
            "fetches_7d": [6, 0],
            # alpha, in the window: ok, unchanged, 2x not_modified succeed; http_error and timeout fail
            "error_rate_7d": [2 / 6, None],
            "not_modified_rate_7d": [2 / 6, None],
            # latencies 40, 60, 80, 120, 300, 9000: the median of an even count is the mean of the middle two
            "median_latency_ms_7d": [100.0, None],
            "bytes_7d": [10200, 0],
            "items_per_day_7d": [3 / 7, 0.0],
            "url": ["https://alpha.example/rss", "https://beta.example/feed.xml"],
        },
        schema={
            "feed": pl.String,
            "publisher": pl.String,
            "enabled": pl.Boolean,
            "state": pl.String,
            "last_outcome": pl.String,
            "last_status": pl.Int32,
            "last_success_at": TS,
            "consecutive_failures": pl.Int32,
            "last_error": pl.String,
            "next_check_at": TS,
            "schedule_reason": pl.String,
            "fetches_7d": pl.Int64,
            "error_rate_7d": pl.Float64,
            "not_modified_rate_7d": pl.Float64,
            "median_latency_ms_7d": pl.Float64,
            "bytes_7d": HUGEINT,
            "items_per_day_7d": pl.Float64,
            "url": pl.String,
        },
    )
    assert_frame_equal(result.drop("hours_since_success"), expected)

    hours = dict(result.select("feed", "hours_since_success").iter_rows())
    assert hours["alpha"] == pytest.approx(5.0, abs=2 / 60)
    assert hours["beta"] is None  # never succeeded


def test_articles(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Feeds listed in first-seen order with their count; story_id falls back to the article's own id."""
    # Only the columns the mart derives (joins, aggregates, fallbacks) are compared; the rest are copied
    # from core.articles unchanged.
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("p1", utc("2024-06-01 08:00"), publisher="Alpha News", revision_count=2),
            article("p2", utc("2024-06-01 09:00"), publisher="Beta Wire", revision_count=1),
            article("p3", utc("2024-06-02 09:00"), publisher="Gamma Post", revision_count=1),
        ],
    )
    insert(
        con,
        "core.article_feeds",
        [
            # p1: carried by zeta before alpha -> [zeta, alpha]; two feeds seen at the same time sort by name
            {
                "article_id": "p1",
                "feed": "alpha",
                "first_seen_at": utc("2024-06-01 10:00"),
                "last_seen_at": utc("2024-06-02 10:00"),
            },
            {
                "article_id": "p1",
                "feed": "zeta",
                "first_seen_at": utc("2024-06-01 08:30"),
                "last_seen_at": utc("2024-06-01 08:30"),
            },
            {
                "article_id": "p2",
                "feed": "delta",
                "first_seen_at": utc("2024-06-01 09:30"),
                "last_seen_at": utc("2024-06-01 09:30"),
            },
            {
                "article_id": "p2",
                "feed": "beta",
                "first_seen_at": utc("2024-06-01 09:30"),
                "last_seen_at": utc("2024-06-01 09:30"),
            },
        ],
    )
    insert(
        con,
        "core.article_stories",
        [
            {
                "article_id": "p1",
                "story_id": "p1",
                "assigned_at": utc("2024-06-01 08:30"),
                "method_version": "t",
            },
            {
                "article_id": "p2",
                "story_id": "p1",
                "assigned_at": utc("2024-06-01 09:30"),
                "method_version": "t",
            },
            # p3 has no story row (e.g. loaded before stories existed): it is its own story
        ],
    )

    result = mart(
        con,
        "select article_id, publisher, feed_count, feeds, story_id, revision_count from marts.articles order by article_id",
    )

    expected = pl.DataFrame(
        {
            "article_id": ["p1", "p2", "p3"],
            "publisher": ["Alpha News", "Beta Wire", "Gamma Post"],
            "feed_count": [2, 2, 0],
            "feeds": [["zeta", "alpha"], ["beta", "delta"], None],
            "story_id": ["p1", "p1", "p3"],
            "revision_count": [2, 1, 1],
        },
        schema={
            "article_id": pl.String,
            "publisher": pl.String,
            "feed_count": pl.Int64,
            "feeds": pl.List(pl.String),
            "story_id": pl.String,
            "revision_count": pl.Int32,
        },
    )
    assert_frame_equal(result, expected)


def test_stories(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Per story: counts, sorted distinct publishers, and first publisher/title by earliest published_at."""
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("s1", utc("2024-07-01 10:00"), publisher="Alpha News", title="Frigate contract signed"),
            article("s2", utc("2024-07-01 11:00"), publisher="Beta Wire", title="Navy signs frigate deal"),
            article(
                "s3", utc("2024-07-01 12:30"), publisher="Alpha News", title="Frigate deal: more details"
            ),
            article("s4", utc("2024-07-02 09:00"), publisher="Gamma Post", title="Unrelated drone test"),
        ],
    )
    insert(
        con,
        "core.article_stories",
        [
            {
                "article_id": "s1",
                "story_id": "s1",
                "assigned_at": utc("2024-07-01 10:05"),
                "method_version": "t",
            },
            {
                "article_id": "s2",
                "story_id": "s1",
                "assigned_at": utc("2024-07-01 11:05"),
                "method_version": "t",
            },
            {
                "article_id": "s3",
                "story_id": "s1",
                "assigned_at": utc("2024-07-01 12:35"),
                "method_version": "t",
            },
            # s4: no story row -> a story of its own (via marts.articles' fallback)
        ],
    )

    result = mart(con, "select * from marts.stories order by story_id")

    expected = pl.DataFrame(
        {
            "story_id": ["s1", "s4"],
            "article_count": [3, 1],
            "publisher_count": [2, 1],
            "publishers": [["Alpha News", "Beta Wire"], ["Gamma Post"]],
            "first_published_at": [utc("2024-07-01 10:00"), utc("2024-07-02 09:00")],
            "first_publisher": ["Alpha News", "Gamma Post"],
            "title": ["Frigate contract signed", "Unrelated drone test"],
            "last_published_at": [utc("2024-07-01 12:30"), utc("2024-07-02 09:00")],
        },
        schema={
            "story_id": pl.String,
            "article_count": pl.Int64,
            "publisher_count": pl.Int64,
            "publishers": pl.List(pl.String),
            "first_published_at": TS,
            "first_publisher": pl.String,
            "title": pl.String,
            "last_published_at": TS,
        },
    )
    assert_frame_equal(result, expected)


def test_article_revisions(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Revisions numbered per article from 1 by first_seen_at, ties broken by content_hash; the current
    revision's text is its article's (stored without it), a replaced one's its own."""
    con = warehouse

    def revision(article_id: str, content_hash: str, title: str, first: datetime, last: datetime) -> Row:
        return {
            "article_id": article_id,
            "content_hash": content_hash,
            "title": title,
            "summary": f"About {title.lower()}",
            "first_seen_at": first,
            "last_seen_at": last,
            "first_run_id": "run-1",
        }

    insert(
        con,
        "core.article_revisions",
        [
            revision("r1", "ccc", "Third", utc("2024-08-03 00:00"), utc("2024-08-04 00:00")),
            revision("r1", "zzz", "First", utc("2024-08-01 00:00"), utc("2024-08-01 06:00")),
            revision("r1", "bbb", "Second", utc("2024-08-03 00:00"), utc("2024-08-03 00:00")),
            revision("r2", "aaa", "Only", utc("2024-08-02 00:00"), utc("2024-08-05 00:00")),
        ],
    )
    current = utc("2024-08-03 00:00")
    insert(
        con,
        "core.articles",
        [article("r1", current, title="Third", summary="About third", content_hash="ccc")],
    )
    con.execute("update core.article_revisions set title = null, summary = null where content_hash = 'ccc'")

    result = mart(con, "select * from marts.article_revisions order by article_id, revision")

    expected = pl.DataFrame(
        {
            "article_id": ["r1", "r1", "r1", "r2"],
            "content_hash": ["zzz", "bbb", "ccc", "aaa"],
            "title": ["First", "Second", "Third", "Only"],
            "summary": ["About first", "About second", "About third", "About only"],
            "first_seen_at": [
                utc("2024-08-01 00:00"),
                utc("2024-08-03 00:00"),
                utc("2024-08-03 00:00"),
                utc("2024-08-02 00:00"),
            ],
            "last_seen_at": [
                utc("2024-08-01 06:00"),
                utc("2024-08-03 00:00"),
                utc("2024-08-04 00:00"),
                utc("2024-08-05 00:00"),
            ],
            "revision": [1, 2, 3, 1],
        },
        schema={
            "article_id": pl.String,
            "content_hash": pl.String,
            "title": pl.String,
            "summary": pl.String,
            "first_seen_at": TS,
            "last_seen_at": TS,
            "revision": pl.Int64,
        },
    )
    assert_frame_equal(result, expected)


def test_daily_publisher_articles(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Per UTC day and publisher: the articles it published; 23:59:59 and 00:00 fall on different days."""
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("p1", utc("2024-03-01 09:00")),
            article("p2", utc("2024-03-01 23:59:59")),
            article("p3", utc("2024-03-02 00:00")),
            article("p4", utc("2024-03-01 12:00"), publisher="Beta Wire", first_feed="beta"),
        ],
    )

    result = mart(con, "select * from marts.daily_publisher_articles order by day, publisher")

    expected = pl.DataFrame(
        {
            "day": [date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 2)],
            "publisher": ["Alpha News", "Beta Wire", "Alpha News"],
            "articles": [2, 1, 1],
        },
        schema={"day": pl.Date, "publisher": pl.String, "articles": pl.Int64},
    )
    assert_frame_equal(result, expected)


def test_daily_country_pairs(warehouse: duckdb.DuckDBPyConnection) -> None:
    """Per UTC day and unordered pair of countries: the articles that mention both."""
    con = warehouse
    insert(
        con,
        "core.articles",
        [
            article("c1", utc("2024-03-01 09:00")),
            article("c2", utc("2024-03-01 18:00")),
            article("c3", utc("2024-03-02 08:00")),
        ],
    )
    insert(
        con,
        "core.entity_mentions",
        [
            mention("c1", "country", "UKR", "Ukraine", at=0),
            mention("c1", "country", "RUS", "Russia", at=20),
            mention("c2", "country", "RUS", "Russia", at=0),
            mention("c2", "country", "UKR", "Ukraine", at=20),
            mention("c2", "country", "POL", "Poland", at=40),
            mention("c3", "country", "UKR", "Ukraine", at=0),
            mention("c3", "country", "RUS", "Russia", at=20),
        ],
    )

    result = mart(con, "select * from marts.daily_country_pairs order by day, country_a, country_b")

    expected = pl.DataFrame(
        {
            "day": [date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 2)],
            "country_a": ["POL", "POL", "RUS", "RUS"],
            "country_a_name": ["Poland", "Poland", "Russia", "Russia"],
            "country_b": ["RUS", "UKR", "UKR", "UKR"],
            "country_b_name": ["Russia", "Ukraine", "Ukraine", "Ukraine"],
            "articles": [1, 1, 2, 1],
        },
        schema={
            "day": pl.Date,
            "country_a": pl.String,
            "country_a_name": pl.String,
            "country_b": pl.String,
            "country_b_name": pl.String,
            "articles": pl.Int64,
        },
    )
    assert_frame_equal(result, expected)
