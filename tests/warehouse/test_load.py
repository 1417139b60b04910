"""The load's reference dimensions: mirrored from the seeds, and left alone while the seeds are unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import polars as pl

from warehouse.db import connect, prepare
from warehouse.load import _refresh_dimensions
from warehouse.seeds import read_seeds


def refreshed(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("select digest, refreshed_at from ops.seed_state").fetchall()


def test_dimensions_are_refreshed_only_when_the_seeds_change(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    prepare(path)
    seeds = read_seeds()
    with connect(path) as con:
        assert refreshed(con) == []
        _refresh_dimensions(con, seeds)
        first = refreshed(con)
        assert len(first) == 1
        count = "select count(*) from core.dim_countries"
        assert con.execute(count).fetchone() == (seeds.countries.height,)

        _refresh_dimensions(con, seeds)
        assert refreshed(con) == first, "same seeds, same migrations: the dimensions are kept"

        renamed = seeds.countries.with_columns(
            name=pl.when(pl.col("iso3") == "POL").then(pl.lit("Republic of Poland")).otherwise(pl.col("name"))
        )
        _refresh_dimensions(con, dataclasses.replace(seeds, countries=renamed))
        assert refreshed(con)[0][0] != first[0][0]
        assert con.execute("select name from core.dim_countries where iso3 = 'POL'").fetchone() == (
            "Republic of Poland",
        )
        assert con.execute(count).fetchone() == (seeds.countries.height,)

        con.execute("delete from ops.seed_state")  # e.g. a warehouse from before the digest was kept
        _refresh_dimensions(con, seeds)
        assert refreshed(con)[0][0] == first[0][0]
        assert con.execute("select name from core.dim_countries where iso3 = 'POL'").fetchone() == ("Poland",)
