"""What Prefect records of a flow run's parameters (the run's page in the UI, ``flow_run.parameters`` in its
API): a flow given the feed list records each feed by its name.

Prefect records every parameter as JSON (FastAPI's encoder, imported for it) in the flow run it creates. The
1,000 feeds of the benchmark's feeds file were 158 KB of JSON per run (their names alone: 14 KB); encoding,
sending and storing it and importing FastAPI took 0.19 s of the 2.7 s of a run where every feed answers 304
(medians of eight alternating runs). Prefect Cloud has capped a run's parameters at 512 KB (Prefect issue
9947), which 3,300 feeds would pass. The feeds file keeps the feeds' addresses; the run records which feeds it
was given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import Flow
from prefect.utilities.annotations import BaseAnnotation

from core.feeds import Feed

P = ParamSpec("P")
R = TypeVar("R")


class FeedListFlow(Flow[P, R]):
    """A flow that records its parameters with :func:`recorded`; constructed like Prefect's own, e.g.
    ``FeedListFlow(fn, name="ingest", validate_parameters=False)``."""

    def serialize_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        """The JSON recorded of this run's parameters."""
        return {name: recorded(value) for name, value in parameters.items()}


def recorded(value: object) -> object:
    """A parameter as JSON: a feed by its name, a path as text, a dataclass (the settings) field by field,
    lists, tuples and dicts item by item, anything else that is not a JSON scalar by its type's name (as
    Prefect records what it cannot encode)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Feed):
        return value.name
    if isinstance(value, BaseAnnotation):  # e.g. a feed list passed as it is (flows.tasks.unvisited)
        return recorded(value.unwrap())
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return [recorded(item) for item in value]
    if isinstance(value, dict):
        return {str(key): recorded(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: recorded(getattr(value, field.name)) for field in fields(value)}
    return f"<{type(value).__name__}>"


def feed_list_flow(**options: Any) -> Callable[[Callable[P, R]], FeedListFlow[P, R]]:
    """``@flow(...)`` for a flow given the feed list: the same options, a :class:`FeedListFlow`."""

    def decorate(fn: Callable[P, R]) -> FeedListFlow[P, R]:
        return FeedListFlow(fn, **options)

    return decorate
