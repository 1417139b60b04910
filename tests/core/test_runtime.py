"""The process-wide runtime: the garbage collector deferred while `dnw` starts, and resumed."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.main import _run
from core.clock import utcnow
from core.runtime import MEMORY_ENV, collection_paused, defer_collection, peak_rss_mb, resume_collection
from core.summary import RunSummary
from flows.pipeline import StageTimer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does to the collector, the rest of the session gets it back as it was."""
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    yield
    gc.enable()
    gc.set_threshold(*threshold)
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()


def test_resume_freezes_what_the_start_made(collector: None) -> None:
    threshold = gc.get_threshold()
    defer_collection()
    assert not gc.isenabled()
    survivors = [object() for _ in range(1000)]
    resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(survivors)
    assert gc.get_threshold() == threshold


def test_resume_is_a_no_op_when_the_collector_was_never_deferred(collector: None) -> None:
    frozen = gc.get_freeze_count()
    resume_collection()
    assert gc.get_freeze_count() == frozen


def _fail_inside_a_paused_block(kept: list[list[int]]) -> None:
    with collection_paused(freeze=True):
        kept.extend([] for _ in range(1000))
        raise LookupError("inside")


def test_a_paused_collection_resumes_after_the_block_and_freezes_only_when_asked(collector: None) -> None:
    gc.enable()
    frozen = gc.get_freeze_count()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    kept: list[list[int]] = []
    with pytest.raises(LookupError, match="inside"):
        _fail_inside_a_paused_block(kept)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_a_paused_collection_leaves_a_collector_that_was_off_off(collector: None) -> None:
    gc.disable()
    frozen = gc.get_freeze_count()
    with collection_paused(freeze=True):
        pass
    assert not gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_command_resumes_the_collector_unless_its_flow_does(collector: None) -> None:
    defer_collection()
    assert _run(argparse.Namespace(handler=lambda args: 0, resumes_collection=True)) == 0
    assert not gc.isenabled()  # `dnw run`: the pipeline resumes it at its first stage
    assert _run(argparse.Namespace(handler=lambda args: 0)) == 0
    assert gc.isenabled()


def test_the_pipelines_first_stage_resumes_the_collector(collector: None) -> None:
    now = utcnow()
    summary = RunSummary("run-1", now, now)
    defer_collection()
    assert StageTimer(summary)("prepare", lambda: 7) == 7
    assert gc.isenabled()
    assert "prepare" in summary.stage_seconds


STAGES_IN_A_FRESH_PROCESS = """
from core.clock import utcnow
from core.summary import RunSummary
from flows.pipeline import StageTimer

now = utcnow()
summary = RunSummary("run-1", now, now)
timed = StageTimer(summary)
before = summary.peak_rss_mb
timed("prepare", lambda: None)
assert summary.peak_stage is None, summary.peak_stage  # nothing new: the imports set the peak
timed("load", lambda: len(bytearray(300 * 2**20)))  # zero-filled: every page touched
assert summary.peak_stage == "load", summary.peak_stage
assert summary.peak_rss_mb > before + 250, (before, summary.peak_rss_mb)
timed("publish", lambda: None)
assert summary.peak_stage == "load"  # a later stage that needs less does not take it
StageTimer(summary)("validate", lambda: None)  # the stage pipeline's own timer of the same run
assert summary.peak_stage == "load"
"""


def test_the_stage_that_raised_the_processs_peak_memory_is_noted() -> None:
    # in a process of its own: this one's peak so far is whatever the tests before needed
    subprocess.run([sys.executable, "-c", STAGES_IN_A_FRESH_PROCESS], check=True, cwd=ROOT)


def test_a_process_started_by_a_large_one_reports_its_own_peak() -> None:
    # getrusage's maximum survives exec: a child started by a process of 300 MB would report 300 MB
    block = bytearray(300 * 2**20)
    script = "from core.runtime import peak_rss_mb; print(peak_rss_mb())"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert 0 < float(done.stdout) < 200, done.stdout
    assert (peak_rss_mb() or 0) > 300
    del block


def test_the_prefect_servers_task_queue_polls_as_asked_unless_its_creator_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import timedelta

    from burner_redis.pubsub import PubSub
    from docket import Docket
    from docket.worker import Worker

    from core.runtime import slow_task_queue_polling

    monkeypatch.setattr(Worker, "__init__", Worker.__init__)  # put back after the test
    monkeypatch.setattr(PubSub, "_queue_get", PubSub._queue_get)
    shipped = Worker(Docket(name="t", url="memory://t")).minimum_check_interval
    assert shipped == timedelta(milliseconds=250)  # docket's own, which no Prefect setting changes
    assert slow_task_queue_polling(1.0)
    assert slow_task_queue_polling(2.0)  # again: replaces the first, does not wrap it
    worker = Worker(Docket(name="t", url="memory://t"))
    assert worker.minimum_check_interval == worker.scheduling_resolution == timedelta(seconds=2)
    asked = Worker(Docket(name="t", url="memory://t"), minimum_check_interval=timedelta(seconds=5))
    assert asked.minimum_check_interval == timedelta(seconds=5)
    assert asked.scheduling_resolution == timedelta(seconds=2)


def test_the_task_queues_pubsub_waits_in_longer_steps_and_still_returns_each_message_as_it_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    import burner_redis
    from burner_redis.pubsub import PubSub

    from core.runtime import slow_pubsub_reads

    monkeypatch.setattr(PubSub, "_queue_get", PubSub._queue_get)  # put back after the test
    shipped = PubSub._queue_get
    assert slow_pubsub_reads(0.2)
    assert slow_pubsub_reads(0.3)  # again: replaces the first, does not wrap it
    assert PubSub._queue_get.__wrapped__ is shipped  # type: ignore[attr-defined]

    async def exchange() -> list[object]:
        redis = burner_redis.BurnerRedis()
        pubsub = redis.pubsub()
        await pubsub.subscribe("c")
        seen: list[object] = [(await pubsub.get_message(timeout=0.1) or {}).get("type")]
        seen.append(await pubsub.get_message(timeout=0.1))  # nothing came: None after the step
        seen.append(await pubsub.get_message(timeout=0.0))  # not waiting: as shipped

        async def publish() -> None:
            await asyncio.sleep(0.05)
            await redis.publish("c", b"hi")

        sent = asyncio.ensure_future(publish())
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
        await sent
        seen.append((message or {}).get("data"))
        await pubsub.aclose()
        return seen

    assert asyncio.run(exchange()) == ["subscribe", None, None, b"hi"]


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_deferred_module_is_imported_when_first_read_from() -> None:
    out = _python(
        "import sys\n"
        "from core.runtime import defer_imports\n"
        "defer_imports(('colorsys',))\n"
        "import colorsys\n"
        "print(type(sys.modules['colorsys']).__name__)\n"
        "print(colorsys.rgb_to_hsv(1.0, 0.0, 0.0))\n"
        "print(type(sys.modules['colorsys']).__name__, colorsys.hsv_to_rgb(0.0, 1.0, 1.0))\n"
    )
    assert out.splitlines() == ["DeferredModule", "(0.0, 1.0, 1.0)", "module (1.0, 0.0, 0.0)"]


def test_great_expectations_starts_without_the_modules_of_an_expectation_no_suite_uses() -> None:
    out = _python(
        "import sys\n"
        "from schemas import validate\n"
        "validate._make_context()\n"
        "print(sorted(n for n in ('scipy.stats._stats_py', 'altair.vegalite') if n in sys.modules))\n"
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl\n"
        "print(round(kl.stats.entropy([0.5, 0.5], [0.9, 0.1]), 3))\n"
    )
    assert out.splitlines() == ["[]", "0.511"]


def test_a_refused_module_is_refused_to_its_importers_only() -> None:
    out = _python(
        "import sys, threading, importlib\n"
        "from core.runtime import refuse_imports\n"
        "refuse_imports(('colorsys',), ('json',))\n"
        "refuse_imports(('colorsys',), ('json',))\n"
        "seen = [sum(type(f).__name__ == '_Refused' for f in sys.meta_path)]\n"
        "import json\n"
        "json.__dict__['load_colorsys'] = lambda: exec('import colorsys', json.__dict__)\n"
        "try:\n"
        "    json.load_colorsys()\n"
        "except ModuleNotFoundError as exc:\n"
        "    seen.append(exc.name)\n"
        "try:\n"
        '    exec(\'__import__("importlib").import_module("colorsys")\', json.__dict__)\n'
        "except ModuleNotFoundError as exc:\n"
        "    seen.append(exc.name)\n"
        "other = threading.Thread(target=lambda: seen.append(importlib.import_module('colorsys').__name__))\n"
        "other.start()\n"
        "other.join()\n"
        "json.load_colorsys()\n"
        "print(seen, json.colorsys.__name__)\n"
    )
    assert out == "[1, 'colorsys', 'colorsys', 'colorsys'] colorsys"


def test_great_expectations_validates_without_importing_sqlalchemy() -> None:
    out = _python(
        "import sys\n"
        "import polars as pl\n"
        "from schemas import validate\n"
        "money = pl.DataFrame({'amount': [5.0, -1.0], 'amount_usd': [5.0, -1.0], 'currency': ['USD', 'USD']})\n"
        "outcome = validate.run_suite(money, 'money', {'currencies': ['USD']})\n"
        "print(outcome.passed.height, outcome.failed.height, 'sqlalchemy' in sys.modules)\n"
    )
    assert out == "1 1 False"


def test_a_flow_command_imports_prefect_without_its_notification_and_webhook_blocks() -> None:
    out = _python(
        "import sys\n"
        "from cli.common import quiet_prefect\n"
        "with quiet_prefect(False):\n"
        "    import flows.ingest\n"
        "names = ('prefect.blocks.notifications', 'prefect.blocks.webhook')\n"
        "print([type(sys.modules[n]).__name__ for n in names])\n"
        "from prefect.blocks.notifications import SlackWebhook\n"
        "print(SlackWebhook.get_block_type_slug(), type(sys.modules[names[0]]).__name__)\n"
    )
    assert out.splitlines() == ["['DeferredModule', 'DeferredModule']", "slack-webhook module"]


def test_a_flow_command_imports_prefect_without_jsonschema_coolname_or_httpx_command_line_tool() -> None:
    out = _python(
        "import sys\n"
        "from cli.common import quiet_prefect\n"
        "with quiet_prefect(False):\n"
        "    import flows.ingest\n"
        "    from prefect.utilities.names import generate_slug\n"
        "    from prefect._internal.schemas.validators import validate_values_conform_to_schema\n"
        "print([type(sys.modules[n]).__name__ for n in ('jsonschema', 'coolname')], 'click' in sys.modules)\n"
        "print(len(generate_slug(2).split('-')) >= 2, type(sys.modules['coolname']).__name__)\n"
        "schema = {'type': 'object', 'properties': {'n': {'type': 'integer'}}}\n"
        "validate_values_conform_to_schema({'n': 1}, schema)\n"
        "try:\n"
        "    validate_values_conform_to_schema({'n': 'x'}, schema)\n"
        "except ValueError:\n"
        "    print('refused a bad value', type(sys.modules['jsonschema']).__name__)\n"
        "import httpx\n"
        "print(httpx.get.__name__)\n"
    )
    assert out.splitlines() == [
        "['DeferredModule', 'DeferredModule'] False",
        "True module",
        "refused a bad value module",
        "get",
    ]


def test_flow_runs_inside_quiet_prefect_have_no_heartbeat_and_the_other_settings_stay() -> None:
    out = _python(
        "import os\n"
        "os.environ['PREFECT_API_URL'] = 'http://127.0.0.1:9/api'\n"
        "from cli.common import quiet_prefect\n"
        "with quiet_prefect(False):\n"
        "    from prefect.settings import get_current_settings\n"
        "    inside = get_current_settings()\n"
        "    print(inside.flows.heartbeat_frequency, inside.api.url, inside.logging.level)\n"
        "print(get_current_settings().flows.heartbeat_frequency is not None)\n"  # Prefect's default again
    )
    assert out.splitlines() == ["None http://127.0.0.1:9/api CRITICAL", "True"]


def test_polars_allocator_purges_freed_pages_at_once_unless_the_caller_set_it() -> None:
    code = "import os, core, polars\nprint(os.environ['_RJEM_MALLOC_CONF'])\n"
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    # polars puts its own defaults first; the last value of an option is the one jemalloc takes
    assert done.stdout.strip().endswith("," + MEMORY_ENV["_RJEM_MALLOC_CONF"])
    assert MEMORY_ENV["_RJEM_MALLOC_CONF"] == "muzzy_decay_ms:0"
    own = {**env, "_RJEM_MALLOC_CONF": "narenas:2"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=own)
    assert done.stdout.strip().endswith(",narenas:2")
    assert "muzzy_decay_ms:0" not in done.stdout
    # the value reaches polars' jemalloc (its statistics list the options it took)
    code = (
        "import os, core\n"
        "os.environ['_RJEM_MALLOC_CONF'] += ',stats_print:true'\n"
        "import polars\n"
        "polars.DataFrame({'a': [1]}).sum()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "opt.muzzy_decay_ms: 0 " in done.stdout + done.stderr
