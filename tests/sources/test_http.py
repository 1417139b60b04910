"""Fetching without Prefect: landing zone, validators, limits. The transport is a real loopback server or,
for precise header checks, httpx2.MockTransport."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx2

from core.feeds import Feed
from core.settings import Settings
from sources.http import Validators, fetch_feeds, user_agent
from sources.landing import body_path, read_body, run_manifests

BODY = b"<rss version='2.0'><channel><title>t</title><item><title>x</title></item></channel></rss>"

# the project version of pyproject.toml
USER_AGENT = "defense-news-warehouse/0.1.0 (RSS/Atom feed reader; httpx2)"


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(warehouse=tmp_path / "wh.duckdb", data_dir=tmp_path / "data", **kw)  # type: ignore[arg-type]


def test_body_lands_gzipped_and_content_addressed_before_return(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    (feed_dir / "a.xml").write_bytes(BODY)
    settings = _settings(tmp_path)
    [result] = fetch_feeds([Feed("a", f"{feed_server}/a.xml", "A")], settings, {}, "run-1")
    assert result.outcome == "fetched"
    assert result.http_status == 200
    assert result.size == len(BODY)
    landed = settings.landing_dir / str(result.landing_path)
    assert str(result.landing_path).startswith("packs/")
    assert "#0+" in str(result.landing_path)
    assert read_body(landed) == BODY
    [pack] = (settings.landing_dir / "packs").rglob("*.pack")
    assert gzip.decompress(pack.read_bytes()) == BODY
    assert not (settings.landing_dir / "bodies").exists()  # a body seen for the first time: packed
    manifest = json.loads(next((settings.landing_dir / "fetches").rglob("landed-*.jsonl")).read_text())
    assert manifest["feed"] == "a"
    assert manifest["body_sha256"] == result.body_sha256
    assert manifest["headers"]["content-type"] == "application/xml"


def test_validators_are_sent_and_304_is_not_modified(tmp_path: Path) -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx2.Response(304)
        return httpx2.Response(200, content=BODY, headers={"etag": '"v1"'})

    feeds = [Feed("a", "https://feeds.example/a.xml", "A")]
    settings = _settings(tmp_path)
    [first] = fetch_feeds(feeds, settings, {}, "r1", httpx2.MockTransport(handler))
    assert first.outcome == "fetched"
    assert first.headers["etag"] == '"v1"'
    [second] = fetch_feeds(
        feeds, settings, {"a": Validators(etag='"v1"')}, "r2", httpx2.MockTransport(handler)
    )
    assert second.outcome == "not_modified"
    # a 304 has no body to land, but its fetch is recorded like every other (with the batch's others)
    assert second.landing_path is None
    assert [m["fetch_id"] for m in run_manifests(settings.landing_dir, "r2")] == [second.fetch_id]
    logs = sorted(p.name.partition("-")[0] for p in (settings.landing_dir / "fetches").rglob("*.json*"))
    assert logs == ["landed", "nobody"]
    assert seen[0].headers["user-agent"] == USER_AGENT
    assert user_agent() == USER_AGENT


def test_identical_body_without_validators_is_unchanged(tmp_path: Path) -> None:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=BODY))
    feeds = [Feed("a", "https://feeds.example/a.xml", "A")]
    [first] = fetch_feeds(feeds, _settings(tmp_path), {}, "r1", transport)
    [again] = fetch_feeds(
        feeds, _settings(tmp_path), {"a": Validators(body_sha256=first.body_sha256)}, "r2", transport
    )
    assert again.outcome == "unchanged"


def test_body_over_the_limit_is_refused_while_streaming(
    tmp_path: Path, feed_dir: Path, feed_server: str
) -> None:
    (feed_dir / "big.xml").write_bytes(BODY + b" " * 5000)
    [result] = fetch_feeds(
        [Feed("big", f"{feed_server}/big.xml", "B")], _settings(tmp_path, max_body_bytes=1000), {}, "r"
    )
    assert result.outcome == "too_large"
    assert "1000-byte limit" in str(result.error)
    assert result.landing_path is None


def test_error_statuses_and_unreachable_hosts_do_not_stop_other_feeds(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/gone.xml":
            return httpx2.Response(410, content=b"gone")
        if request.url.path == "/loop.xml":
            return httpx2.Response(302, headers={"location": "/loop.xml"})
        if request.url.path == "/down.xml":
            raise httpx2.ConnectError("connection refused")
        return httpx2.Response(200, content=BODY)

    names = ["ok", "gone", "loop", "down"]
    feeds = [Feed(n, f"https://feeds.example/{n}.xml", n) for n in names]
    results = fetch_feeds(feeds, _settings(tmp_path), {}, "r", httpx2.MockTransport(handler))
    outcomes = {r.feed: (r.outcome, r.http_status) for r in results}
    assert outcomes == {
        "ok": ("fetched", 200),
        "gone": ("http_error", 410),
        "loop": ("too_many_redirects", None),
        "down": ("network_error", None),
    }
    gone = next(r for r in results if r.feed == "gone")
    assert gone.error == "HTTP 410"
    assert gone.landing_path is not None  # error bodies are kept too


def test_many_feeds_serving_one_body_land_it_once_while_fetching_concurrently(tmp_path: Path) -> None:
    # landing runs in threads: fetches of the same bytes race to append them to the run's pack once
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=BODY))
    feeds = [Feed(f"f{i}", f"https://feeds.example/{i}.xml", "A") for i in range(40)]
    results = fetch_feeds(feeds, _settings(tmp_path), {}, "r1", transport)
    assert {r.outcome for r in results} == {"fetched"}
    assert len({r.landing_path for r in results}) == 1
    [pack] = (tmp_path / "data" / "landing" / "packs").rglob("*.pack")
    assert gzip.decompress(pack.read_bytes()) == BODY  # one gzip member: the body once


def test_a_body_sent_again_unchanged_is_stored_once_by_its_hash(tmp_path: Path) -> None:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=BODY))
    feed, settings = Feed("a", "https://feeds.example/a.xml", "A"), _settings(tmp_path)
    [first] = fetch_feeds([feed], settings, {}, "r1", transport)
    last = {"a": Validators(body_sha256=first.body_sha256)}
    again = [fetch_feeds([feed], settings, last, f"r{n}", transport)[0] for n in (2, 3)]
    assert [r.outcome for r in again] == ["unchanged", "unchanged"]
    assert {r.landing_path for r in again} == {str(body_path(Path(), str(first.body_sha256)))}
    assert read_body(settings.landing_dir / str(again[0].landing_path)) == BODY
    assert len(list((settings.landing_dir / "packs").rglob("*.pack"))) == 1
