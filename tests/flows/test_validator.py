"""The validation service of `dnw serve` (flows/validator.py): a real process with great-expectations, the
same verdicts as validating in the process itself, Data Docs rendered there, and a fall-back to the process
itself when the service cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

import flows.validator as validator
from flows.validator import ServiceClient, ValidationService, use_service_from_environment
from schemas import validate
from schemas.suites import ENTRIES_SUITE
from schemas.validate import render_data_docs, run_suite, use_service, wait_for_data_docs

PARAMS = {
    "min_published_at": datetime(1990, 1, 1, tzinfo=UTC),
    "max_published_at": datetime(2026, 11, 29, 12, tzinfo=UTC),
    "languages": ["en", "fr"],
}
ROWS = pl.DataFrame(
    {
        "article_id": ["a1", "a2", "a3"],
        "title": ["Poland signs for K2 tanks", None, "Norway orders more CV90s"],
        "entry_ref": ["https://news.example/k2", "https://news.example/x", "https://news.example/cv90"],
        "url": ["https://news.example/k2", "https://news.example/x", "javascript:alert(1)"],
        "published_at": [datetime(2026, 11, 27, 9, tzinfo=UTC)] * 3,
        "language": ["en", "en", "fr"],
        "summary": ["Warsaw adds a second batch.", "No title here.", "Oslo adds twenty vehicles."],
        "summary_length": pl.Series([27, 14, 26], dtype=pl.UInt32()),
    }
)


@pytest.fixture
def no_service() -> Iterator[None]:
    yield
    use_service(None)


@pytest.mark.usefixtures("no_service")
def test_the_service_gives_the_verdicts_of_this_process_and_renders_the_docs(tmp_path: Path) -> None:
    here = run_suite(ROWS, ENTRIES_SUITE, PARAMS)
    with ValidationService():
        assert use_service_from_environment()
        served = run_suite(ROWS, ENTRIES_SUITE, PARAMS, docs_dir=tmp_path / "docs")
        render_data_docs()
        wait_for_data_docs()
        assert validate._service is not None  # it answered: no fall-back happened
    assert served.passed.equals(here.passed)
    assert served.failed.equals(here.failed)
    assert served.failed["reasons"].to_list() == [["title_present"], ["url_is_http"]]
    assert served.results.equals(here.results)
    assert (tmp_path / "docs" / "index.html").exists()  # rendered by the service's process
    assert list((tmp_path / "docs").glob("validations/entries/**/*.html"))


@pytest.mark.usefixtures("no_service")
def test_without_the_service_validation_happens_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(validator, "CONNECT_SECONDS", 0.2)
    monkeypatch.delenv(validator.ADDRESS_ENV, raising=False)
    assert not use_service_from_environment()  # not served: nothing to use
    use_service(ServiceClient(str(tmp_path / "no-such-socket"), b"key"))
    outcome = run_suite(ROWS, ENTRIES_SUITE, PARAMS)
    assert outcome.failed["article_id"].to_list() == ["a2", "a3"]
    assert validate._service is None  # dropped for the rest of the process
    assert "validating in this process" in caplog.text
    render_data_docs()  # no service any more: nothing to render here, nothing raised
    wait_for_data_docs()
