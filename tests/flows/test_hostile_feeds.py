"""The hostile-feed suite: every way a feed server can misbehave, served from loopback in ONE run together
with a healthy control feed. Each case asserts what was recorded, and the control feed must still load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import httpx2
import pytest

from core.feeds import Feed
from core.settings import Settings
from core.summary import RunSummary
from flows.ingest import ingest
from sources.http import fetch_feeds
from sources.landing import read_body
from tests.flows.hostile_server import (
    body,
    cut_short,
    drip,
    gzip_bomb,
    hostile_server,
    item,
    redirect,
    rss,
    stall,
)

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]

SECRET = "TOP-SECRET-LOCAL-FILE-CONTENT"
CAP = 3_000_000
TEN_THOUSAND = rss("".join(item(f"bulk-{i}") for i in range(10_000)))
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
    "<rss version='2.0'><channel><title>Laughs</title><item><title>&h;</title><link>https://h.example/l</link>"
    "</item></channel></rss>"
)


def xxe(secret_file: Path) -> str:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
        "<rss version='2.0'><channel><title>XXE</title><item><title>Leak &xxe;</title>"
        "<link>https://h.example/x</link><description>&xxe;</description></item></channel></rss>"
    )


def routes(secret_file: Path) -> dict[str, Any]:
    ok = rss(item("target"))
    return {
        "/control.xml": body(rss(item("c1") + item("c2") + item("c3"))),
        "/malformed.xml": body("<rss version='2.0'><channel><title>Cut</title><item><title>Half</title><link>https://h.example/half</link>"),
        "/bozo.xml": body(rss(item(1, title="Tom & Jerry & the F-35"))),
        "/wrong-charset.xml": body(rss(item(2, title="Caf\u00e9 Saab Gripen")).encode("latin-1")),
        "/cp1252.xml": body(rss(item(3, title="The Army\u2019s \u201cnew\u201d radar"), declaration="").encode("cp1252")),
        "/bom.xml": body(b"\xef\xbb\xbf" + rss(item(4)).encode()),
        "/invalid-utf8.xml": body(rss(item(5, title="bad \udcff bytes").replace("\udcff", "")).encode() .replace(b"bad ", b"bad \xff\xfe ")),
        "/html.xml": body("<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Hi</p></body></html>", Content_Type="text/html"),
        "/empty.xml": body(b""),
        "/json.xml": body('{"items": [1, 2, 3]}', Content_Type="application/json"),
        "/s500.xml": body("oops", status=500),
        "/s503.xml": body("busy", status=503, Retry_After="7200"),
        "/s429.xml": body("slow down", status=429, Retry_After="7200"),
        "/s404.xml": body("missing", status=404),
        "/s410.xml": body("gone", status=410),
        "/s401.xml": body("auth", status=401),
        "/r301.xml": redirect(301, "/t301.xml"),
        "/t301.xml": body(ok),
        "/r302.xml": redirect(302, "/t302.xml"),
        "/t302.xml": body(rss(item("t302"))),
        "/r308.xml": redirect(308, "/t308.xml"),
        "/t308.xml": body(rss(item("t308"))),
        "/chain.xml": redirect(301, "/chain2.xml"),
        "/chain2.xml": redirect(308, "/chain3.xml"),
        "/chain3.xml": body(rss(item("chain"))),
        "/loop.xml": redirect(302, "/loop.xml"),
        "/to-ftp.xml": redirect(302, "ftp://h.example/feed.xml"),
        "/stall.xml": stall(4),
        "/drip.xml": drip(6),
        "/big.xml": body(rss(item(6, extra=f"<description>{'x' * (CAP + 1000)}</description>"))),
        "/bomb.xml": gzip_bomb(50_000_000),
        "/cut.xml": cut_short(),
        "/laughs.xml": body(LAUGHS),
        "/xxe.xml": body(xxe(secret_file)),
        "/dup-guids.xml": body(rss(item(7) + item(7) + item(7))),
        "/no-link.xml": body(rss("<item><title>No link, no guid</title><description>orphan</description></item>")),
        "/future.xml": body(rss(item(8, date="Sat, 01 Jan 2039 00:00:00 +0000"))),
        "/ten-thousand.xml": body(TEN_THOUSAND),
        "/script.xml": body(rss(item(9, extra="<description><![CDATA[<p onclick='x()'>Text<script>alert(1)</script><iframe src='https://evil.example/'></iframe><img src='https://h.example/i.jpg' onerror='steal()'></p>]]></description>"))),
    }  # fmt: skip


CASES = [
    name.strip("/").removesuffix(".xml")
    for name in routes(Path("/x"))
    if not name.startswith(("/t3", "/chain2", "/chain3"))
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunSummary, Settings, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    settings = Settings(
        warehouse=tmp / "wh.duckdb",
        data_dir=tmp / "data",
        connect_timeout=2,
        read_timeout=1.5,
        total_timeout=3.5,
        concurrency=16,
        per_host_concurrency=16,
        max_body_bytes=CAP,
        data_docs=False,
    )
    with hostile_server(routes(secret)) as base:
        feeds = [Feed(name, f"{base}/{name}.xml", f"Publisher {name}") for name in CASES]
        summary = ingest(feeds, settings)
    return summary, settings, secret


def _report(run: tuple[RunSummary, Settings, Path], feed: str) -> Any:
    return next(r for r in run[0].feeds if r.feed == feed)


def _state(run: tuple[RunSummary, Settings, Path], feed: str) -> dict[str, Any]:
    with duckdb.connect(str(run[1].warehouse), read_only=True) as con:
        row = con.execute("select * from ops.feed_state where feed = ?", [feed]).fetchone()
        names = [d[0] for d in con.description]
    assert row is not None, feed
    return dict(zip(names, row, strict=True))


def _sql(
    run: tuple[RunSummary, Settings, Path], sql: str, params: list[Any] | None = None
) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(run[1].warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


EXPECTED_OUTCOMES = {
    "control": "ok", "bozo": "ok", "wrong-charset": "ok", "cp1252": "ok", "bom": "ok", "invalid-utf8": "ok",
    "html": "parse_error", "empty": "parse_error", "json": "parse_error", "s500": "http_error",
    "s503": "http_error", "s429": "http_error", "s404": "http_error", "s410": "http_error", "s401": "http_error",
    "r301": "ok", "r302": "ok", "r308": "ok", "chain": "ok", "loop": "too_many_redirects",
    "to-ftp": "invalid_url", "stall": "timeout", "drip": "timeout", "big": "too_large", "bomb": "too_large",
    "cut": "network_error", "dup-guids": "ok", "no-link": "ok", "future": "ok", "ten-thousand": "ok",
    "script": "ok", "xxe": "ok", "laughs": "ok", "malformed": "ok",
}  # fmt: skip


def test_the_suite_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert set(CASES) == set(EXPECTED_OUTCOMES)


@pytest.mark.parametrize("feed", CASES)
def test_each_case_records_its_outcome_and_the_control_still_loads(
    hostile_run: tuple[RunSummary, Settings, Path], feed: str
) -> None:
    report = _report(hostile_run, feed)
    assert report.outcome == EXPECTED_OUTCOMES[feed], (feed, report.outcome, report.error)
    state = _state(hostile_run, feed)
    assert state["last_outcome"] == report.outcome
    if report.outcome != "ok":
        assert state["last_error"], feed  # every failure says why
    fetched = _sql(hostile_run, "select count(*) from ops.fetch_log where feed = ?", [feed])
    assert fetched == [(1,)]
    control = _report(hostile_run, "control")
    assert (control.outcome, control.new) == ("ok", 3)


def test_the_run_reconciles_despite_everything(hostile_run: tuple[RunSummary, Settings, Path]) -> None:
    summary = hostile_run[0]
    assert summary.status == "ok"
    assert summary.reconciled


def test_failures_back_off_and_respect_retry_after(hostile_run: tuple[RunSummary, Settings, Path]) -> None:
    for feed in ("s503", "s429"):
        state = _state(hostile_run, feed)
        assert (state["state"], state["schedule_reason"]) == ("failing", "retry-after")
        assert state["interval_seconds"] >= 7200
    s500 = _state(hostile_run, "s500")
    assert (s500["state"], s500["schedule_reason"], s500["consecutive_failures"]) == ("failing", "backoff", 1)
    assert _state(hostile_run, "s404")["consecutive_not_found"] == 1
    gone = _state(hostile_run, "s410")
    assert (gone["state"], gone["next_check_at"]) == ("gone", None)


def test_permanent_redirects_update_the_url_and_temporary_ones_do_not(
    hostile_run: tuple[RunSummary, Settings, Path],
) -> None:
    assert str(_state(hostile_run, "r301")["redirected_url"]).endswith("/t301.xml")
    assert str(_state(hostile_run, "r308")["redirected_url"]).endswith("/t308.xml")
    assert str(_state(hostile_run, "chain")["redirected_url"]).endswith("/chain3.xml")
    assert _state(hostile_run, "r302")["redirected_url"] is None


def test_payloads_land_even_when_they_fail(hostile_run: tuple[RunSummary, Settings, Path]) -> None:
    landed = dict(
        _sql(
            hostile_run,
            "select feed, landing_path from ops.fetch_log where feed in ('s500', 'html', 'control')",
        )
    )
    for feed, path in landed.items():
        assert path is not None, feed
        assert read_body(hostile_run[1].landing_dir / path) is not None
    assert (
        _sql(hostile_run, "select landing_path from ops.fetch_log where feed in ('big', 'bomb', 'stall')")
        == [(None,)] * 3
    )


def test_hostile_content_never_reaches_the_warehouse(hostile_run: tuple[RunSummary, Settings, Path]) -> None:
    # XXE: the local file's content is not read into any table
    hits = _sql(
        hostile_run,
        "select count(*) from core.articles where title like ? or summary like ? or summary_html like ?",
        [f"%{SECRET}%"] * 3,
    )
    assert hits == [(0,)]
    assert _sql(
        hostile_run,
        "select count(*) from quality.quarantine where cast(row_json as varchar) like ?",
        [f"%{SECRET}%"],
    ) == [(0,)]
    # billion laughs: nothing exploded into the tables
    assert _sql(hostile_run, "select coalesce(max(length(title)), 0) < 1001 from core.articles") == [(True,)]
    # script, iframe and event handlers are sanitized away; the image stays
    [(html,)] = _sql(hostile_run, "select summary_html from core.articles where url = 'https://h.example/9'")
    for hostile in ("<script", "<iframe", "onerror", "onclick"):
        assert hostile not in html
    assert "https://h.example/i.jpg" in html


def test_content_cases_are_loaded_quarantined_or_counted(
    hostile_run: tuple[RunSummary, Settings, Path],
) -> None:
    assert (_report(hostile_run, "dup-guids").new, _report(hostile_run, "dup-guids").duplicate) == (1, 2)
    assert _report(hostile_run, "no-link").quarantined == 1
    assert _report(hostile_run, "future").quarantined == 1
    assert _report(hostile_run, "ten-thousand").new == 10_000
    reasons = dict(
        _sql(hostile_run, "select feed, reasons from quality.quarantine where feed in ('no-link', 'future')")
    )
    assert reasons == {"no-link": ["link_or_guid_present"], "future": ["published_not_in_future"]}
    [(title,)] = _sql(hostile_run, "select title from core.articles where url = 'https://h.example/3'")
    assert title == "The Army\u2019s \u201cnew\u201d radar"  # windows-1252 without declaration decoded
    assert _report(hostile_run, "bozo").error.startswith("recovered from")


def test_connect_timeout_is_recorded(tmp_path: Path) -> None:
    """A connect timeout cannot be produced on loopback, so this one case uses httpx's mock transport."""

    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectTimeout("connect timed out", request=request)

    settings = Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data")
    [result] = fetch_feeds(
        [Feed("slow", "https://slow.example/feed", "Slow")], settings, {}, "r", httpx2.MockTransport(refuse)
    )
    assert result.outcome == "timeout"
