"""Which feeds a run asks, with which validators: the plan both the ingest flow and the early fetch
(sources/prefetch.py) make from the feed state, without Prefect."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from core.clock import is_due
from core.feeds import Feed
from sources.http import Validators


@dataclasses.dataclass(frozen=True)
class Plan:
    """Which feeds a run fetches, with what validators, and which it leaves alone."""

    feeds: list[Feed]  # a permanent redirect's target replaces the configured URL
    validators: dict[str, Validators]
    not_due: list[str]
    gone: list[str]


def plan_fetches(
    feeds: list[Feed], state: Iterable[Mapping[str, Any]], now: datetime, all_feeds: bool, refetch: bool
) -> Plan:
    """The feeds to fetch now: enabled, not gone, and due (every one with ``all_feeds`` or ``refetch``).
    ``state``: the rows of warehouse/sql/select_feed_state.sql."""
    rows = {row["feed"]: row for row in state}
    planned: list[Feed] = []
    not_due: list[str] = []
    gone: list[str] = []
    for feed in feeds:
        row = rows.get(feed.name)
        if row and row["state"] == "gone":
            gone.append(feed.name)
            continue
        if row and not (all_feeds or refetch) and not is_due(row["next_check_at"], now):
            not_due.append(feed.name)
            continue
        target = row["redirected_url"] if row and row["redirected_url"] and row["url"] == feed.url else None
        planned.append(dataclasses.replace(feed, url=target) if target else feed)
    validators = {
        name: Validators(row["etag"], row["last_modified"], row["last_body_sha256"])
        for name, row in rows.items()
        if not refetch
    }
    return Plan(planned, validators, not_due, gone)
