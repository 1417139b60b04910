"""Run a suite over a polars frame with great-expectations and turn the result into frames.

great-expectations works on pandas, so only the checked columns plus a row id are converted.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from schemas.suites import SUITES, Rule, build_expectation

ROW_ID = "_row_id"

RESULTS_SCHEMA: dict[str, pl.DataType] = {
    "suite": pl.String(),
    "expectation": pl.String(),
    "rule": pl.String(),
    "column_name": pl.String(),
    "success": pl.Boolean(),
    "element_count": pl.Int64(),
    "unexpected_count": pl.Int64(),
    "observed_value": pl.String(),
}


@dataclass(frozen=True)
class SuiteOutcome:
    """Rows that passed, rows that failed a row-level rule (with `reasons`), and one result row per rule."""

    passed: pl.DataFrame
    failed: pl.DataFrame
    results: pl.DataFrame


@functools.cache
def _context() -> Any:
    """One ephemeral great-expectations context per process, with progress bars off."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # great-expectations announces its temporary docs folder at INFO; the run report is what users read.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


@functools.cache
def _suite_and_batch_definition(suite_name: str) -> tuple[Any, Any]:
    import great_expectations as gx

    context = _context()
    suite = gx.ExpectationSuite(name=suite_name)
    for rule in SUITES[suite_name]:
        suite.add_expectation(build_expectation(rule))
    suite = context.suites.add(suite)
    source = context.data_sources.add_pandas(f"frames_{suite_name}")
    asset = source.add_dataframe_asset(f"frame_{suite_name}")
    batch_definition = asset.add_batch_definition_whole_dataframe(f"whole_{suite_name}")
    return suite, batch_definition


def _columns(rules: tuple[Rule, ...]) -> list[str]:
    return sorted({str(rule.kwargs["column"]) for rule in rules})


def _jsonable(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return json.dumps(value, default=str, sort_keys=True)[:2000]
    except (TypeError, ValueError):
        return str(value)[:2000]


def run_suite(
    frame: pl.DataFrame, suite_name: str, parameters: dict[str, datetime] | None = None
) -> SuiteOutcome:
    """Validate ``frame`` against a suite; row-level failures come back in ``failed`` with their reasons."""
    rules = SUITES[suite_name]
    indexed = frame.with_row_index(ROW_ID)
    if frame.height == 0:
        empty_results = pl.DataFrame(
            [
                {
                    "suite": suite_name,
                    "expectation": _snake(rule.kind),
                    "rule": rule.name,
                    "column_name": str(rule.kwargs["column"]),
                    "success": True,
                    "element_count": 0,
                    "unexpected_count": 0,
                    "observed_value": None,
                }
                for rule in rules
            ],
            schema=RESULTS_SCHEMA,
        )
        return SuiteOutcome(
            frame, frame.with_columns(reasons=pl.lit([], dtype=pl.List(pl.String()))), empty_results
        )
    suite, batch_definition = _suite_and_batch_definition(suite_name)
    pandas_frame = indexed.select(ROW_ID, *_columns(rules)).to_pandas()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": pandas_frame})
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID]},
        expectation_parameters=parameters or {},
    )
    by_rule = {rule.name: rule for rule in rules}
    result_rows: list[dict[str, Any]] = []
    failures: dict[int, list[str]] = {}
    for item in result.results:
        config = item.expectation_config
        rule = by_rule[config.meta["rule"]]
        details = item.result or {}
        if item.exception_info and item.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"expectation {rule.name} could not run: {item.exception_info.get('exception_message')}"
            )
        result_rows.append(
            {
                "suite": suite_name,
                "expectation": config.type,
                "rule": rule.name,
                "column_name": str(rule.kwargs["column"]),
                "success": bool(item.success),
                "element_count": details.get("element_count", frame.height),
                "unexpected_count": details.get("unexpected_count", 0),
                "observed_value": _jsonable(details.get("observed_value")),
            }
        )
        if rule.row_level and not item.success:
            for entry in details.get("unexpected_index_list") or []:
                failures.setdefault(int(entry[ROW_ID]), []).append(rule.name)
    order = {rule.name: i for i, rule in enumerate(rules)}  # suite order, whatever order GX reports in
    result_rows.sort(key=lambda row: order[row["rule"]])
    results = pl.DataFrame(result_rows, schema=RESULTS_SCHEMA)
    reasons = pl.DataFrame(
        {ROW_ID: list(failures), "reasons": list(failures.values())},
        schema={ROW_ID: pl.UInt32(), "reasons": pl.List(pl.String())},
    )
    failed = indexed.join(reasons, on=ROW_ID, how="inner").sort(ROW_ID).drop(ROW_ID)
    passed = indexed.join(reasons, on=ROW_ID, how="anti").sort(ROW_ID).drop(ROW_ID)
    return SuiteOutcome(passed=passed, failed=failed, results=results)


def _snake(name: str) -> str:
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")
