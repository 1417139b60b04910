"""Run a suite over a polars frame with great-expectations and turn the result into frames.

great-expectations works on pandas, so only the checked columns plus a row id are converted. The decision
(which rows pass) is a plain validation. With a ``docs_dir`` its result is rendered later into
great-expectations Data Docs there: :func:`render_data_docs` starts that in a background thread once a run's
checks are done (rendering took two thirds of the demo's validation stage), so it runs beside the load and the
publish; :func:`wait_for_data_docs` joins it. The rendering stores the results and renders them as they are:
nothing is validated twice and no frame is kept for it. A run's results are rendered in one build: a build
per result renders the site's index and sets up its renderers again each time (seven builds took 1.5 s of
CPU for the demo, one build 0.33 s). great-expectations is never used from two threads at
once: every validation first waits for a rendering still going.

A reference set given as a suite parameter (the 2,383 entity keys, the 249 countries) reaches
great-expectations narrowed to the reference values that occur in the columns it checks: every row gets the
same verdict, and great-expectations, which copies an expectation's arguments about a hundred times per
validation, pays for the values a batch uses instead of the whole reference (the mentions suite took 0.3 s
on ten rows with the full set of keys, 0.04 s with the keys of the batch).
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from core.errors import SuiteError
from core.runtime import collection_paused, defer_imports, refuse_imports
from schemas.frames import RESULTS_SCHEMA
from schemas.suites import ROW_LABELS, SUITES, Rule, build_expectation

ROW_ID = "_row_id"


@dataclass(frozen=True)
class SuiteOutcome:
    """Rows that passed, rows that failed a quarantine rule (with `reasons`), one result row per rule,
    and for failed rules of other severities the labels of the rows that failed them."""

    passed: pl.DataFrame
    failed: pl.DataFrame
    results: pl.DataFrame
    failing_labels: dict[str, list[str]]


_CONTEXT_LOCK = threading.Lock()
_WARM_UP_LOCK = threading.Lock()
_DOCS_LOCK = threading.Lock()
_docs_pending: list[tuple[Any, datetime, str]] = []  # (validation result, when, folder)
_docs_thread: threading.Thread | None = None
_warm_up_thread: threading.Thread | None = None
logger = logging.getLogger(__name__)


def render_data_docs() -> None:
    """Start rendering the Data Docs of the validations run since the last call, in a background thread
    (of the validation service's process when one is in use)."""
    if not _served(lambda service: service.render()):
        _render_here()


def _render_here() -> None:
    global _docs_thread
    _wait_here()
    with _DOCS_LOCK:
        jobs = list(_docs_pending)
        _docs_pending.clear()
    if jobs:
        _docs_thread = threading.Thread(target=_render, args=(jobs,), name="gx-data-docs")
        _docs_thread.start()


def wait_for_data_docs() -> None:
    """Wait until the Data Docs being rendered are written (no-op when none are)."""
    if not _served(lambda service: service.wait()):
        _wait_here()


def _wait_here() -> None:
    global _docs_thread
    thread, _docs_thread = _docs_thread, None
    if thread is not None:
        thread.join()


def _render(jobs: list[tuple[Any, datetime, str]]) -> None:
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _context()
    keys: dict[str, list[Any]] = {}  # Data Docs folder -> what to render there
    for result, validated_at, docs_dir in jobs:
        try:
            suite = ExpectationSuiteIdentifier(name=result.suite_name)
            key = ValidationResultIdentifier(
                expectation_suite_identifier=suite,
                run_id=RunIdentifier(run_time=validated_at),
                batch_identifier=result.batch_id,
            )
            context.validation_results_store.store_validation_results(
                suite_validation_result=result,
                suite_validation_result_identifier=key,
                expectation_suite_identifier=suite,
            )
            keys.setdefault(docs_dir, []).extend([key, suite])
        except Exception as exc:  # the docs are a view of results already stored: never fail a run for them
            logger.warning("Data Docs of suite %s were not rendered: %s", result.suite_name, exc)
    # one build per folder: each build renders the site's index again
    for docs_dir, identifiers in keys.items():
        try:
            context.build_data_docs(site_names=[_site(docs_dir)], resource_identifiers=identifiers)
        except Exception as exc:
            logger.warning("Data Docs in %s were not rendered: %s", docs_dir, exc)


def warm_up() -> None:
    """Import great-expectations (seconds of CPU) in the background, while the process waits for something
    else (Prefect's temporary server, the parse workers); once per process, and not at all when a
    validation service runs the suites."""
    global _warm_up_thread
    if _service is not None:
        return
    with _WARM_UP_LOCK:  # not the context's lock: a context being built would hold it for seconds
        if _warm_up_thread is None:
            _warm_up_thread = threading.Thread(target=_context, name="gx-warm-up", daemon=True)
            _warm_up_thread.start()


def _context() -> Any:
    """One ephemeral great-expectations context per process, with progress bars off."""
    with _CONTEXT_LOCK:
        return _make_context()


# great-expectations imports these at its own import for one expectation (KL divergence: its statistics and
# its chart), which no suite here uses: 0.8 s of CPU and 78 MB of every process that validates. They are
# imported when first read from instead (core.runtime.defer_imports).
DEFERRED_IMPORTS = ("scipy.stats", "altair")
# great-expectations imports SQLAlchemy when it is installed, at its own import and at the first validation
# (for SQL data sources: an optional extra of great-expectations, installed here only because Prefect's server
# needs it). The suites here validate pandas frames. Refused to great-expectations, SQLAlchemy costs
# 0.26-0.30 s less CPU and 20 MB less memory in every process that validates (core.runtime.refuse_imports:
# Prefect and any other importer still get it).
REFUSED_IMPORTS = ("sqlalchemy",)
refuse_imports(REFUSED_IMPORTS, ("great_expectations",))  # here: before any thread imports great-expectations


@functools.cache
def _make_context() -> Any:
    defer_imports(DEFERRED_IMPORTS)
    # Importing great-expectations makes some 300,000 objects that live as long as the process; with the
    # collector on, its passes over them (and over the rest of a run's heap) cost 0.35-0.4 s of the import.
    with collection_paused(freeze=True):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        # great-expectations announces its temporary docs folder at INFO; the run report is what users read.
        logging.getLogger("great_expectations").setLevel(logging.WARNING)
        logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


@functools.cache
def _validation(suite_name: str) -> tuple[Any, Any]:
    """(suite, batch definition) for a suite, created once per process."""
    import great_expectations as gx

    context = _context()
    suite = gx.ExpectationSuite(name=suite_name)
    for rule in SUITES[suite_name]:
        suite.add_expectation(build_expectation(rule))
    suite = context.suites.add(suite)
    source = context.data_sources.add_pandas(f"frames_{suite_name}")
    asset = source.add_dataframe_asset(f"frame_{suite_name}")
    return suite, asset.add_batch_definition_whole_dataframe(f"whole_{suite_name}")


@functools.cache
def _site(docs_dir: str) -> str:
    """The name of the Data Docs site writing to ``docs_dir``, added to the context once per process."""
    site = f"site_{abs(hash(docs_dir))}"
    _context().add_data_docs_site(
        site,
        {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return site


def _columns(rules: tuple[Rule, ...]) -> list[str]:
    return sorted({str(rule.kwargs["column"]) for rule in rules})


def narrowed_parameters(
    frame: pl.DataFrame, rules: tuple[Rule, ...], parameters: dict[str, Any]
) -> dict[str, Any]:
    """``parameters`` with every value set that an in-set rule takes from them reduced to its values that
    occur in the columns of ``frame`` checked against it (in the reference's order). A value outside the
    reference stays outside, so each row's verdict is what the whole set would give."""
    columns: dict[str, list[str]] = {}
    for rule in rules:
        value_set = rule.kwargs.get("value_set")
        if rule.kind == "ExpectColumnValuesToBeInSet" and isinstance(value_set, dict):
            name = value_set.get("$PARAMETER")
            if name in parameters:
                columns.setdefault(name, []).append(str(rule.kwargs["column"]))
    narrowed = dict(parameters)
    for name, names in columns.items():
        reference = pl.Series(name, list(parameters[name]))
        seen = pl.concat(
            [frame.get_column(c).drop_nulls().cast(reference.dtype, strict=False) for c in names]
        )
        narrowed[name] = reference.filter(reference.is_in(seen.unique())).to_list()
    return narrowed


def _jsonable(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return json.dumps(value, default=str, sort_keys=True)[:2000]
    except (TypeError, ValueError):
        return str(value)[:2000]


@dataclass(frozen=True)
class Verdict:
    """What great-expectations said about a frame: one result row per rule, the reasons of each row that
    failed a row-level rule (by row id), and the labels of the rows failing other rules. Plain values: it
    crosses to another process when a validation service runs the suites (:func:`use_service`)."""

    result_rows: list[dict[str, Any]]
    failures: dict[int, list[str]]
    failing_labels: dict[str, list[str]]


class ValidationClient(Protocol):
    """Runs :func:`check_columns` and the Data Docs somewhere else (flows/validator.py: a process that keeps
    great-expectations imported across flow runs). Raises ConnectionError when it cannot be reached."""

    def check(
        self, frame: pl.DataFrame, suite_name: str, parameters: dict[str, Any], docs_dir: str | None
    ) -> Verdict: ...

    def render(self) -> None: ...

    def wait(self) -> None: ...


_service: ValidationClient | None = None


def use_service(service: ValidationClient | None) -> None:
    """Validate through ``service`` from now on in this process (None: here again). When the service cannot
    be reached, validation falls back to this process for the rest of it."""
    global _service
    _service = service


def _lost(exc: Exception) -> None:
    global _service
    logger.warning("the validation service went away (%s): validating in this process", exc)
    _service = None


def _served(request: Callable[[ValidationClient], None]) -> bool:
    """Whether the validation service in use (if any) did ``request``; False: do it in this process."""
    if _service is None:
        return False
    try:
        request(_service)
    except ConnectionError as exc:
        _lost(exc)
        return False
    return True


def run_suite(
    frame: pl.DataFrame,
    suite_name: str,
    parameters: dict[str, Any] | None = None,
    docs_dir: Path | None = None,
) -> SuiteOutcome:
    """Validate ``frame`` against a suite; rows failing quarantine rules come back in ``failed``."""
    rules = SUITES[suite_name]
    indexed = frame.with_row_index(ROW_ID)
    no_reasons = pl.lit([], dtype=pl.List(pl.String()))
    if frame.height == 0:
        empty = [_result_row(suite_name, rule, True, 0, 0, None) for rule in rules]
        return SuiteOutcome(
            frame, frame.with_columns(reasons=no_reasons), pl.DataFrame(empty, schema=RESULTS_SCHEMA), {}
        )
    label = ROW_LABELS.get(suite_name)
    checked = [ROW_ID, *_columns(rules)]
    columns = indexed.select(*checked, *([label] if label and label not in checked else []))
    narrowed = narrowed_parameters(frame, rules, parameters or {})
    # great-expectations needs an absolute folder for Data Docs (the default data dir is relative: ./data)
    docs = str(docs_dir.resolve()) if docs_dir is not None else None
    verdict = None
    if _service is not None:
        try:
            verdict = _service.check(columns, suite_name, narrowed, docs)
        except ConnectionError as exc:
            _lost(exc)
    if verdict is None:
        verdict = check_columns(columns, suite_name, narrowed, docs)
    results = pl.DataFrame(verdict.result_rows, schema=RESULTS_SCHEMA)
    failures = verdict.failures
    reasons = pl.DataFrame(
        {ROW_ID: list(failures), "reasons": list(failures.values())},
        schema={ROW_ID: pl.UInt32(), "reasons": pl.List(pl.String())},
    )
    if not failures:  # the usual case: the frame itself passes (no copy of every row)
        return SuiteOutcome(
            frame, frame.clear().with_columns(reasons=no_reasons), results, verdict.failing_labels
        )
    failed = indexed.join(reasons, on=ROW_ID, how="inner").sort(ROW_ID).drop(ROW_ID)
    passed = indexed.join(reasons, on=ROW_ID, how="anti").sort(ROW_ID).drop(ROW_ID)
    return SuiteOutcome(passed=passed, failed=failed, results=results, failing_labels=verdict.failing_labels)


# great-expectations compares the values of a range rule in one vectorized step only for int64, float64 and
# datetime columns; for any other integer type it calls a Python function per value (320,000 mention offsets
# of a cold run: 0.13 s). Widening them changes no value.
NARROW_INTEGERS = (pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32)


def pandas_frame(frame: pl.DataFrame) -> Any:
    """``frame`` as the pandas frame great-expectations validates, its checked integer columns as int64."""
    return frame.with_columns(pl.col(*NARROW_INTEGERS).exclude(ROW_ID).cast(pl.Int64)).to_pandas()


def check_columns(
    frame: pl.DataFrame, suite_name: str, parameters: dict[str, Any], docs_dir: str | None
) -> Verdict:
    """Run a suite with great-expectations over ``frame`` (the row id, the checked columns and the suite's
    row label; ``parameters`` narrowed to the frame) and queue the result for the Data Docs in ``docs_dir``
    (absolute; None: no docs)."""
    rules = SUITES[suite_name]
    _wait_here()  # great-expectations is never used from two threads at once
    suite, batch_definition = _validation(suite_name)
    label = ROW_LABELS.get(suite_name)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": pandas_frame(frame)})
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID]},
        expectation_parameters=parameters,
    )
    # the execution engine keeps the last frame it validated (a batch's worth of pandas objects) until the
    # next one: let it go now
    batch.data.execution_engine.batch_manager.batch_data_cache.clear()
    batch.data.execution_engine.batch_manager.reset_batch_cache()
    if docs_dir is not None:
        with _DOCS_LOCK:
            _docs_pending.append((result, datetime.now(UTC), docs_dir))
    by_rule = {rule.name: rule for rule in rules}
    result_rows: list[dict[str, Any]] = []
    failures: dict[int, list[str]] = {}
    failing_labels: dict[str, list[str]] = {}
    for item in result.results:
        rule = by_rule[item.expectation_config.meta["rule"]]
        details = item.result or {}
        if item.exception_info and item.exception_info.get("raised_exception"):
            raise SuiteError(
                f"expectation {rule.name} could not run: {item.exception_info.get('exception_message')}"
            )
        rows = [int(entry[ROW_ID]) for entry in details.get("unexpected_index_list") or []]
        observed = details.get("observed_value")
        if not item.success and label and not rule.row_level:
            names = sorted({str(frame[label][i]) for i in rows})
            failing_labels[rule.name] = names
            observed = {"failing": names}
        result_rows.append(
            _result_row(
                suite_name,
                rule,
                bool(item.success),
                details.get("element_count", frame.height),
                details.get("unexpected_count", 0),
                _jsonable(observed),
                item.expectation_config.type,
            )
        )
        if rule.row_level and not item.success:
            for row in rows:
                failures.setdefault(row, []).append(rule.name)
    order = {rule.name: i for i, rule in enumerate(rules)}  # suite order, whatever order GX reports in
    result_rows.sort(key=lambda row: order[row["rule"]])
    return Verdict(result_rows, failures, failing_labels)


def _result_row(
    suite: str,
    rule: Rule,
    success: bool,
    element_count: int,
    unexpected_count: int,
    observed: str | None,
    expectation: str | None = None,
) -> dict[str, Any]:
    return {
        "suite": suite,
        "expectation": expectation or _snake(rule.kind),
        "rule": rule.name,
        "column_name": str(rule.kwargs["column"]),
        "severity": rule.severity,
        "success": success,
        "element_count": element_count,
        "unexpected_count": unexpected_count,
        "observed_value": observed,
    }


def _snake(name: str) -> str:
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")
