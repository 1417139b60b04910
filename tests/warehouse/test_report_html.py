"""The HTML report: written by the ingest flow after it publishes, drawn from the snapshot's SQL, offline.

One warehouse for the module: the demo feeds served on loopback and loaded once by the real ingest flow,
which publishes the snapshot and writes the report. The HTML is parsed with the standard library's parser,
and every chart's marks are compared with the rows its statement returns from the same snapshot.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cli.main import main
from core.feeds import load_feeds
from core.settings import Settings
from tests.conftest import SAMPLES
from warehouse.db import sql_text
from warehouse.html_report import (
    CAPTIONS,
    chart_queries,
    prune_reports,
    read_report,
    render_report,
    report_period,
    safe_link,
)

# the column each chart draws, from its statement's rows
VALUE_COLUMN = {
    "articles_per_day": "articles",
    "top_countries": "articles",
    "top_weapon_systems": "articles",
    "country_pairs": "articles",
    "money_by_buyer": "value_usd",
}


@dataclass
class Page:
    """What the parser saw: charts and their marks, every URL-bearing attribute, the tags used."""

    charts: dict[str, list[float]] = field(default_factory=dict)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    article_links: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    styles: list[str] = field(default_factory=list)


class ReportParser(HTMLParser):
    """Collects the charts (svg[data-chart]) with the values of their marks (rect.point[data-value])."""

    URL_ATTRIBUTES = frozenset(
        {"href", "src", "xlink:href", "action", "srcset", "poster", "data", "formaction"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._chart: str | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.page.tags.add(tag)
        if tag == "svg" and "data-chart" in found:
            self._chart = found["data-chart"]
            self.page.charts[self._chart] = []
        if tag == "rect" and "point" in found.get("class", "").split() and self._chart:
            self.page.charts[self._chart].append(float(found["data-value"]))
        for name, value in found.items():
            if name in self.URL_ATTRIBUTES:
                self.page.urls.append((tag, name, value))
            if name == "style":
                self.page.styles.append(value)
        if tag == "a" and "article" in found.get("class", "").split():
            self.page.article_links.append(found["href"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._chart = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.styles.append(data)


def parse(html: str) -> Page:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser.page


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Settings:
    """The demo feeds loaded and published once by the ingest flow (which writes the report too)."""
    from flows.ingest import ingest
    from sources.loopback import serve_directory

    work = tmp_path_factory.mktemp("report")
    served = work / "served"
    shutil.copytree(SAMPLES / "feeds", served)
    settings = Settings(warehouse=work / "data" / "warehouse.duckdb", data_dir=work / "data", data_docs=False)
    with serve_directory(served) as base_url:
        summary = ingest(load_feeds(SAMPLES / "feeds.toml", base_url=base_url), settings)
    assert summary.ok
    assert summary.report == str(settings.reports_dir / "latest.html")
    return settings


pytestmark = pytest.mark.e2e


def test_publish_writes_latest_and_a_dated_copy(published: Settings) -> None:
    reports = published.reports_dir
    dated = sorted(path.name for path in reports.glob("report-*.html"))
    assert dated == [f"report-{datetime.now(UTC).date().isoformat()}.html"]
    latest = (reports / "latest.html").read_text(encoding="utf-8")
    assert latest == (reports / dated[0]).read_text(encoding="utf-8")
    assert [p.name for p in reports.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_every_chart_draws_exactly_the_rows_of_its_statement(published: Settings) -> None:
    now = datetime.now(UTC)
    data = read_report(published.snapshot, 30, now)
    page = parse(render_report(data))
    queries = chart_queries(data.period)
    assert set(page.charts) == set(queries) == set(CAPTIONS)
    with duckdb.connect(str(published.snapshot), read_only=True) as con:
        for name, (statement, params) in queries.items():
            frame = con.sql(sql_text(statement), params=params).pl()
            expected = [float(v) for v in frame[VALUE_COLUMN[name]]]
            assert expected, f"{name}: the demo data should fill every chart"
            assert page.charts[name] == pytest.approx(expected), name


def test_nothing_leaves_the_file_but_article_links(published: Settings) -> None:
    html = (published.reports_dir / "latest.html").read_text(encoding="utf-8")
    page = parse(html)
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed", "video", "audio"}
    assert [(tag, attribute) for tag, attribute, _ in page.urls] == [("a", "href")] * len(page.article_links)
    assert page.article_links, "the largest deals link their articles"
    assert all(link.startswith(("https://", "http://")) for link in page.article_links)
    with duckdb.connect(str(published.snapshot), read_only=True) as con:
        known = {url for (url,) in con.execute("select url from marts.articles").fetchall()}
    assert set(page.article_links) <= known
    for style in page.styles:  # no web font, no background image, no imported sheet
        assert "url(" not in style
        assert "@import" not in style


def test_headline_and_tables(published: Settings) -> None:
    html = (published.reports_dir / "latest.html").read_text(encoding="utf-8")
    with duckdb.connect(str(published.snapshot), read_only=True) as con:
        articles, quarantined = con.execute(
            "select (select count(*) from marts.articles), (select count(*) from quality.quarantine)"
        ).fetchone() or (0, 0)
    assert f'<div class="value">{articles:,}</div><div class="name">articles</div>' in html
    assert f'<div class="value">{quarantined:,}</div><div class="name">entries quarantined</div>' in html
    for table in ("largest_deals", "feed_health", "validation", "quarantine"):
        assert f'data-table="{table}"' in html
    assert "title_present" in html  # a quarantine reason of the demo data


def test_data_quality_lists_the_latest_runs_rules_failed_first(published: Settings) -> None:
    """The offline view of validation (Data Docs need the internet for their styles): every rule of the latest
    run, the failed ones first."""
    data = read_report(published.snapshot, 30, datetime.now(UTC))
    rules = data.frames["validation"]
    with duckdb.connect(str(published.snapshot), read_only=True) as con:
        (expected,) = con.execute(
            "select count(*) from quality.validation_runs where run_id = "
            "(select run_id from quality.validation_runs order by checked_at desc limit 1)"
        ).fetchone() or (0,)
    assert rules.height == expected > 20
    assert rules["success"].to_list() == sorted(rules["success"].to_list())  # failed (False) first
    assert not rules["success"][0]  # the demo breaks some rules on purpose
    html = render_report(data)
    assert html.count("<td>passed</td>") + html.count(">passed</td>") >= int(rules["success"].sum())


def test_the_cli_writes_the_report_where_asked(
    published: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "week.html"
    code = main(["report", "--data-dir", str(published.data_dir), "--out", str(out), "--days", "7"])
    assert code == 0
    assert f"report: {out}" in capsys.readouterr().out
    page = parse(out.read_text(encoding="utf-8"))
    assert set(page.charts) == set(CAPTIONS)
    assert main(["report", "--data-dir", str(tmp_path / "nothing"), "--out", str(out)]) == 2
    assert main(["report", "--data-dir", str(published.data_dir), "--days", "0"]) == 2


@pytest.mark.parametrize(
    ("latest", "today", "first", "last"),
    [
        (date(2026, 11, 30), date(2026, 12, 3), date(2026, 11, 1), date(2026, 11, 30)),  # ends at the data
        (date(2031, 1, 1), date(2026, 12, 3), date(2026, 11, 4), date(2026, 12, 3)),  # never in the future
        (None, date(2026, 12, 3), date(2026, 11, 4), date(2026, 12, 3)),  # an empty warehouse
    ],
)
def test_report_period(latest: date | None, today: date, first: date, last: date) -> None:
    period = report_period(latest, today, 30)
    assert (period.first, period.last, period.days) == (first, last, 30)


def test_old_dated_copies_are_pruned_and_latest_kept(tmp_path: Path) -> None:
    for name in ("report-2026-08-01.html", "report-2026-09-04.html", "report-2026-12-01.html", "latest.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    deleted = prune_reports(tmp_path, 90, date(2026, 12, 3))
    assert [p.name for p in deleted] == ["report-2026-08-01.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "latest.html", "report-2026-09-04.html", "report-2026-12-01.html"
    ]  # fmt: skip


def test_only_web_links_are_shown() -> None:
    assert safe_link("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("data:text/html,hi") is None
    assert safe_link(None) is None


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class DevTools:
    """A minimal Chrome DevTools Protocol client: commands by id, every event kept for later checks."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self._ws = connect(url, max_size=None, open_timeout=20)
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        self._ws.send(json.dumps({"id": self._next, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=30))
            if message.get("id") == self._next:
                assert "error" not in message, message
                return dict(message.get("result", {}))
            self.events.append(message)

    def wait_for(self, method: str) -> None:
        while not any(event.get("method") == method for event in self.events):
            self.events.append(json.loads(self._ws.recv(timeout=30)))

    def close(self) -> None:
        self._ws.close()


def _png_colours(png: bytes) -> int:
    """Distinct byte values of a PNG's decompressed pixel rows (a blank page has one or two)."""
    chunks, position = [], 8
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(png[position + 8 : position + 8 + length])
        position += 12 + length
    return len(set(zlib.decompress(b"".join(chunks))))


def test_the_report_in_headless_chromium(published: Settings, tmp_path: Path) -> None:
    """Opened in a real browser: it renders (not blank), draws every chart's rows, asks the network for
    nothing and logs no error."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make test` installs Debian's chromium package as root")
        pytest.skip("chromium is not installed (`make test` installs it when it can)")
    report = published.reports_dir / "latest.html"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--remote-debugging-port={port}",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2200", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                    pages = [t for t in json.loads(response.read()) if t.get("type") == "page"]
                if pages:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "chromium did not open its debugging port"
            time.sleep(0.2)
        tools = DevTools(pages[0]["webSocketDebuggerUrl"])
        try:
            for domain in ("Network", "Runtime", "Log", "Page"):
                tools.call(f"{domain}.enable")
            tools.call("Page.navigate", url=report.as_uri())
            tools.wait_for("Page.loadEventFired")
            counts = json.loads(
                tools.call(
                    "Runtime.evaluate",
                    expression="JSON.stringify(Object.fromEntries([...document.querySelectorAll("
                    "'svg[data-chart]')].map(s => [s.dataset.chart, s.querySelectorAll('rect.point').length])))",
                    returnByValue=True,
                )["result"]["value"]
            )
            png = base64.b64decode(tools.call("Page.captureScreenshot", format="png")["data"])
        finally:
            tools.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    (tmp_path / "report.png").write_bytes(png)
    assert _png_colours(png) > 20, "the screenshot is blank"
    data = read_report(published.snapshot, 30, datetime.now(UTC))
    with duckdb.connect(str(published.snapshot), read_only=True) as con:
        expected = {
            name: len(con.sql(sql_text(statement), params=params).fetchall())
            for name, (statement, params) in chart_queries(data.period).items()
        }
    assert counts == expected
    requested = [
        e["params"]["request"]["url"] for e in tools.events if e.get("method") == "Network.requestWillBeSent"
    ]
    assert requested == [report.as_uri()], requested
    errors = [
        e
        for e in tools.events
        if (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
        or e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    assert errors == []
