"""What Prefect records of a flow run's parameters (the run's page in the UI, ``flow_run.parameters`` in its
API): a flow given the feed list records each feed by its name.

Prefect records every parameter as JSON (FastAPI's encoder, imported for it) in the flow run it creates. The
1,000 feeds of the benchmark's feeds file were 158 KB of JSON per run (their names alone: 14 KB); encoding,
sending and storing it and importing FastAPI took 0.19 s of the 2.7 s of a run where every feed answers 304
(medians of eight alternating runs). Prefect Cloud has capped a run's parameters at 512 KB (Prefect issue
9947), which 3,300 feeds would pass. The feeds file keeps the feeds' addresses; the run records which feeds it
was given.

Prefect also describes every flow's parameters as a JSON schema when the flow is declared (pydantic models
of the function's signature, and an import of pydantic's v1 compatibility package to ask whether any
parameter is a v1 model): 0.23 s of CPU for the three flows a `dnw run` imports, a tenth of a run where
every feed answers 304. Nothing reads that schema while a flow runs; a deployment builds its own from the
function (``RunnerDeployment.from_flow``). The project's flows (:class:`LazySchemaFlow`, :func:`flow`) build
it when something reads ``flow.parameters``."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

import prefect.flows
from prefect import Flow
from prefect.utilities.annotations import BaseAnnotation, opaque
from prefect.utilities.callables import ParameterSchema, parameter_schema

from core.feeds import Feed

P = ParamSpec("P")
R = TypeVar("R")


_DECLARING = threading.Lock()


@contextmanager
def _schema_deferred() -> Iterator[None]:
    """While a flow is declared inside, Prefect's ``Flow.__init__`` stores None as its parameter schema."""
    with _DECLARING:
        built = prefect.flows.parameter_schema
        prefect.flows.parameter_schema = lambda fn: None  # type: ignore[assignment,return-value]
        try:
            yield
        finally:
            prefect.flows.parameter_schema = built


class LazySchemaFlow(Flow[P, R]):
    """A Prefect flow whose parameter schema (``flow.parameters``) is built the first time it is read, and
    whose return value Prefect's engine does not walk; declared like Prefect's own, e.g.
    ``LazySchemaFlow(fn, name="publish", validate_parameters=False)``.

    When a run ends, Prefect looks for futures in what it returned (every item of every list and every field
    of every dataclass in it): 25-30 ms for the summary of a run of 1,000 feeds, every run. A project flow
    returns none (it waits for its own), so its function hands the engine the value wrapped as Prefect's
    ``opaque`` (looked at, not into) and a call of the flow returns it bare. (Prefect's ``with_options``
    makes a plain Prefect flow of that function, whose calls would return the wrapper: the project makes
    none.)"""

    _schema: ParameterSchema | None = None

    def __init__(self, fn: Callable[P, R], **options: Any) -> None:
        with _schema_deferred():
            super().__init__(fn, **options)
        if not self.isasync:
            self.fn = _opaque_result(fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:  # type: ignore[override]
        """Run the flow, as Prefect's ``Flow.__call__``; its result as the function returned it (Prefect's
        ``return_state`` and ``wait_for`` are not used by the project)."""
        result: Any = super().__call__(*args, **kwargs)
        return cast(R, result.unwrap() if isinstance(result, opaque) else result)

    @property
    def parameters(self) -> ParameterSchema:
        """The JSON schema of the flow function's parameters, as Prefect builds it."""
        if self._schema is None:
            self._schema = parameter_schema(self.fn)
        return self._schema

    @parameters.setter
    def parameters(self, value: ParameterSchema | None) -> None:
        self._schema = value


def _opaque_result(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` handing its result to Prefect's engine as ``opaque``."""

    @functools.wraps(fn)  # name, module and signature (through __wrapped__) stay the function's
    def returning_opaque(*args: Any, **kwargs: Any) -> Any:
        return opaque(fn(*args, **kwargs))

    return returning_opaque


def flow(**options: Any) -> Callable[[Callable[P, R]], LazySchemaFlow[P, R]]:
    """``@prefect.flow(...)`` with the same options, declaring a :class:`LazySchemaFlow`."""

    def decorate(fn: Callable[P, R]) -> LazySchemaFlow[P, R]:
        return LazySchemaFlow(fn, **options)

    return decorate


class FeedListFlow(LazySchemaFlow[P, R]):
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
