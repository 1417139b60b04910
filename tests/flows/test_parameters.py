"""What Prefect records of a flow run's parameters: feeds by name, paths as text, the rest by type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.feeds import Feed
from core.settings import Settings
from flows.ingest import ingest
from flows.parameters import FeedListFlow, recorded
from flows.recovery import replay
from flows.tasks import unvisited


def test_feeds_are_recorded_by_name_and_settings_field_by_field() -> None:
    feeds = [
        Feed("alpha", "http://127.0.0.1:1/a.xml", "Alpha"),
        Feed("beta", "http://127.0.0.1:1/b.xml", "Beta"),
    ]
    settings = Settings(warehouse=Path("w/warehouse.duckdb"), fail_on=("title_present",), seeds_dir=None)
    serialized = ingest.serialize_parameters(
        {"feeds": feeds, "settings": settings, "refetch": False, "transport": object(), "all_feeds": True}
    )
    assert serialized["feeds"] == ["alpha", "beta"]
    assert serialized["settings"]["warehouse"] == "w/warehouse.duckdb"
    assert serialized["settings"]["fail_on"] == ["title_present"]
    assert serialized["settings"]["seeds_dir"] is None
    assert (serialized["refetch"], serialized["transport"], serialized["all_feeds"]) == (
        False,
        "<object>",
        True,
    )


def test_values_json_cannot_carry_are_recorded_by_their_type() -> None:
    assert recorded({"a": [Feed("alpha", "http://127.0.0.1:1/a.xml", "Alpha")], 2: object()}) == {
        "a": ["alpha"],
        "2": "<object>",
    }
    assert recorded((1.5, "x", None, Path("p"))) == [1.5, "x", None, "p"]
    assert recorded(Feed) == "<type>"  # a dataclass itself, not an instance
    # a feed list passed as it is (Prefect does not walk it): recorded as the list
    assert recorded(unvisited([Feed("alpha", "http://127.0.0.1:1/a.xml", "Alpha")])) == ["alpha"]


def test_the_flows_given_feed_lists_record_them_so() -> None:
    assert isinstance(ingest, FeedListFlow)
    assert isinstance(replay, FeedListFlow)
    assert (ingest.name, replay.name) == ("ingest", "replay")


def test_a_flow_builds_its_parameter_schema_when_it_is_read() -> None:
    from prefect.utilities.callables import parameter_schema

    from flows.parameters import LazySchemaFlow, flow

    @flow(name="lazy-schema", validate_parameters=False)
    def declared(feeds: list[Feed], refetch: bool = False) -> int:
        return len(feeds)

    assert isinstance(declared, LazySchemaFlow)
    assert declared._schema is None  # nothing built at declaration
    assert declared.parameters == parameter_schema(declared.fn)
    assert set(declared.parameters.properties) == {"feeds", "refetch"}
    assert declared._schema is not None  # built once, then kept
    assert ingest.parameters == parameter_schema(ingest.fn)


def test_every_flow_of_the_project_is_declared_so() -> None:
    from flows.parameters import LazySchemaFlow
    from flows.publish import maintenance, scheduled_publish
    from flows.retry import retry_quarantine
    from flows.server import scheduled_ingest
    from flows.shards import shard_flow

    for declared in (
        ingest,
        replay,
        scheduled_publish,
        maintenance,
        retry_quarantine,
        scheduled_ingest,
        shard_flow,
    ):
        assert isinstance(declared, LazySchemaFlow), declared.name


@dataclass
class _Line:
    name: str


@dataclass
class _Outcome:
    lines: list[_Line]


def test_a_flows_result_is_handed_to_the_engine_opaque_and_returned_bare(prefect_harness: None) -> None:
    from prefect.utilities.annotations import opaque

    from flows.parameters import flow

    @flow(name="opaque-result", validate_parameters=False)
    def declared(count: int) -> _Outcome:
        return _Outcome([_Line(f"feed-{i}") for i in range(count)])

    # what Prefect's engine gets: looked at, not walked into (it walked every field of every line)
    assert isinstance(declared.fn(2), opaque)
    assert declared.fn.__name__ == "declared"
    outcome = declared(3)  # a run: the caller gets the value itself
    assert outcome == _Outcome([_Line("feed-0"), _Line("feed-1"), _Line("feed-2")])
