"""Loopback feeds on several loopback addresses (each one a host of its own to the shard split), counting
how often every feed is fetched, and the comparison of two warehouses' marts that the shard tests share."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import duckdb

from benchmarks.feed_farm import FeedFarm
from core.feeds import Feed
from sources.loopback import serve_loopback
from tests.flows.test_replay import MARTS

# columns that differ between two runs of the same feeds by their nature: when and in which run
VOLATILE = ("run_id", "fetch_id", "seen_at", "fetched_at", "first_seen_at", "last_seen_at", "loaded_at")


@contextmanager
def farm_on_hosts(
    feeds: int, items: int, hosts: int, delay: float = 0.0
) -> Iterator[tuple[list[Feed], Counter[str]]]:
    """``feeds`` farm feeds spread over ``hosts`` loopback addresses (127.0.0.2, 127.0.0.3, ...); yields
    the feeds and a live count of GET requests per feed name. ``delay``: seconds each response waits."""
    farm = FeedFarm(feeds, items, slow=0, failing=0)
    served: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with lock:
                served[f"farm-{self.path.rsplit('/', 1)[-1].split('.')[0]}"] += 1
            if delay:
                time.sleep(delay)
            farm.handle(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with ExitStack() as stack:
        bases = [stack.enter_context(serve_loopback(Handler, f"127.0.0.{2 + h}")) for h in range(hosts)]
        yield (
            [Feed(f"farm-{i}", f"{bases[i % hosts]}/feed/{i}.xml", f"Farm {i % 7}") for i in range(feeds)],
            served,
        )


def comparable_marts(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every mart's rows without the columns that name a run or a time of fetching, sorted."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in MARTS:
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'marts' "
                    "and table_name = ? order by ordinal_position",
                    [name],
                ).fetchall()
                if row[0] not in VOLATILE
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[name] = con.execute(f"select {listed} from marts.{name} order by all").fetchall()
    return out
