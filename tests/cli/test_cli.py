"""The `dnw` console script as a user runs it: real subprocesses, exit codes, output."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from cli.evaluate import Evaluation, _f1_cell, load_gold
from cli.main import build_parser, main
from samples import entity_gold_files
from warehouse.db import connect, prepare

ROOT = Path(__file__).resolve().parents[2]
DNW = Path(sys.executable).with_name("dnw")


def dnw(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(DNW), *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_main_called_with_arguments_leaves_the_callers_objects_collectable() -> None:
    # only the console script (argv None, the process ends next) freezes the garbage collector's objects
    before = gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.get_freeze_count() == before


def test_version_and_help_on_every_command() -> None:
    version = dnw("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("dnw ")
    for command in ([], ["run"], ["demo"], ["sql"], ["eval"], ["feeds"], ["feeds", "add"], ["feeds", "import-opml"],
                    ["quarantine"], ["quarantine", "retry"], ["replay"], ["prune"], ["migrate"], ["publish"],
                    ["maintenance"], ["serve"]):  # fmt: skip
        result = dnw(*command, "--help")
        assert result.returncode == 0, command
        assert "usage: dnw" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--feeds", "does-not-exist.toml"], "feeds file not found"),
        (["run", "--feeds", "{bad}"], "invalid TOML"),
        (["run", "--feeds", "{bad}", "--concurrency", "0"], "concurrency limits must be at least 1"),
        (["sql", "select 1", "--warehouse", "{missing}"], "warehouse not found"),
        (["frobnicate"], "invalid choice"),
        (["sql"], "the following arguments are required: query"),
        (["serve", "--feeds", "{bad}"], "PREFECT_API_URL is not set"),
    ],
)
def test_usage_and_config_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[feeds]\n")
    filled = [a.replace("{bad}", str(bad)).replace("{missing}", str(tmp_path / "none.duckdb")) for a in args]
    result = dnw(*filled)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if args[0] != "frobnicate" and args != ["sql"]:
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("variable", ["DNW_LOAD_MEMORY_LIMIT", "DNW_PUBLISH_MEMORY_LIMIT"])
def test_a_bad_memory_budget_exits_2_before_the_run(tmp_path: Path, variable: str) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feeds]]\nname = "a"\nurl = "http://127.0.0.1:9/a.xml"\npublisher = "A"\n')
    result = dnw("run", "--feeds", str(feeds), "--data-dir", str(tmp_path / "data"), env={variable: "lots"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"dnw: error: {variable}='lots': expected a size such as 300MB or 2GB, or none"
    ]
    assert not (tmp_path / "data").exists()  # nothing fetched, nothing landed


def test_sql_formats(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    prepare(warehouse)
    with connect(warehouse) as con:
        con.execute(
            "insert into ops.feed_state (feed, url, publisher, updated_at) values ('a', 'https://a', 'A', now())"
        )
    query = "select feed, url from ops.feed_state"
    table = dnw("sql", query, "--warehouse", str(warehouse))
    assert table.returncode == 0
    assert "https://a" in table.stdout
    csv = dnw("sql", query, "--warehouse", str(warehouse), "--format", "csv")
    assert csv.stdout.splitlines() == ["feed,url", "a,https://a"]
    as_json = dnw("sql", query, "--warehouse", str(warehouse), "--format", "json")
    assert json.loads(as_json.stdout) == [{"feed": "a", "url": "https://a"}]
    bad = dnw("sql", "select nope from nowhere", "--warehouse", str(warehouse))
    assert bad.returncode == 2
    assert "query failed" in bad.stderr


@pytest.mark.e2e
def test_demo_twice_second_run_says_nothing_new(tmp_path: Path) -> None:
    # as `make run` does, but from a folder outside the checkout: the demo feeds are package data; default
    # (relative) data dir ./data, temporary Prefect server
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    demo = ("demo",)
    first = dnw(*demo, cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "reconciled" in first.stdout
    assert "defense-daily" in first.stdout
    # a clean terminal: no tracebacks, no progress bars, no Prefect chatter
    assert first.stderr.strip() == "", first.stderr
    assert (tmp_path / "data" / "quality" / "data_docs" / "index.html").exists()
    second = dnw(*demo, cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert "nothing new" in second.stdout
    assert second.stderr.strip() == "", second.stderr
    count = dnw("sql", "select count(*) as n from marts.articles", "--format", "json", cwd=tmp_path, env=env)
    assert json.loads(count.stdout)[0]["n"] >= 150
    assert count.stderr == ""  # read from the published snapshot, no fallback notice
    # the snapshot's marts are views over the published Parquet files; the live file's over the core tables
    source = "select sql from duckdb_views() where schema_name = 'marts' and view_name = 'articles'"
    assert "read_parquet" in dnw("sql", source, "--format", "csv", cwd=tmp_path, env=env).stdout
    assert "read_parquet" not in dnw("sql", source, "--format", "csv", "--live", cwd=tmp_path, env=env).stdout
    assert list((tmp_path / "data" / "exports" / "articles").glob("published_month=*/data_0.parquet"))


def test_eval_works_from_any_directory(tmp_path: Path) -> None:
    """The gold set is package data: `dnw eval` from an empty folder scores all of it (a minute of CPU on
    its own; the limit only guards against a hang, on a machine busy with other tests)."""
    result = dnw("eval", cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gold items: ")
    assert "country" in result.stdout
    assert "money:" in result.stdout


@pytest.mark.server
def test_pipeline_failure_exits_1_with_one_line(tmp_path: Path, prefect_server: dict[str, str]) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feeds]]\nname="a"\nurl="http://127.0.0.1:9/x.xml"\npublisher="A"\n')
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")
    result = dnw("run", "--feeds", str(feeds), "--data-dir", str(blocker), env=prefect_server)
    assert result.returncode == 1
    assert result.stderr.startswith("dnw: pipeline failed:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_progress_shows_on_a_terminal_and_nowhere_else(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    """Under a pseudo-terminal `dnw demo` draws a live progress line (stage, feeds fetched n/N, entries);
    through a pipe it prints nothing but its report (the demo test above checks that stderr stays empty)."""
    import pty
    import select

    primary, secondary = pty.openpty()
    env = {**os.environ, **prefect_server, "COLUMNS": "120", "TERM": "xterm"}
    child = subprocess.Popen(
        [str(DNW), "demo", "--data-dir", str(tmp_path / "data")],
        stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=tmp_path, close_fds=True,
    )  # fmt: skip
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 180)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        seen += chunk
    assert child.wait(timeout=60) == 0, seen.decode(errors="replace")[-2000:]
    os.close(primary)
    shown = seen.decode(errors="replace")
    assert "feeds fetched" in shown
    assert "/8" in shown
    assert "entries parsed" in shown
    assert "reconciled" in shown  # the final report as always
    piped = dnw("demo", "--data-dir", str(tmp_path / "piped"), env=prefect_server)
    assert piped.returncode == 0
    assert "feeds fetched" not in piped.stdout + piped.stderr


def test_eval_errors_can_be_limited_to_one_part() -> None:
    """`dnw eval --errors --part tuning` lists the tuning part's deal errors only; all parts by default."""
    assert build_parser().parse_args(["eval", "--errors", "--part", "tuning"]).part == "tuning"
    assert build_parser().parse_args(["eval"]).part == "all"


def test_entity_gold_files_end_with_the_frozen_sets() -> None:
    """The development sets come first; the three frozen held-out sets last (their errors are never listed)."""
    names = [path.name for path in entity_gold_files()]
    assert names[-3:] == ["heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl"]
    assert all(name.startswith("dev") for name in names[:-3])
    assert all(path.exists() for path in entity_gold_files())


def test_a_type_with_findings_but_no_labels_shows_its_count_of_false_findings() -> None:
    entities = pl.DataFrame(
        {
            "entity_type": ["country", "weapon_system", "organization"],
            "tp": [3, 0, 0],
            "fp": [1, 0, 2],
            "fn": [0, 0, 0],
            "f1": [0.857, 0.0, 0.0],
        }
    )
    result = Evaluation(items=1, skipped=0, entities=entities, money={}, errors=pl.DataFrame())
    assert [_f1_cell(result, t) for t in ("country", "weapon_system", "organization")] == [
        "0.857",
        "-",
        "2 fp",
    ]


def test_gold_items_can_name_a_text_of_the_deal_corpus(tmp_path: Path) -> None:
    """``"corpus": {"file", "id"}`` reads that text of a JSON-lines corpus file as the summary (no title), the
    file named from the shared corpus folder; without the file the item is skipped like a feed entry."""
    (tmp_path / "deals").mkdir()
    (tmp_path / "deals" / "texts.jsonl").write_text(
        '{"id": "d-1", "kind": "news", "text": "Saab won a $10 million order.", "source": "x"}\n'
        '{"id": "d-2", "kind": "news", "text": "Nothing here.", "source": "y"}\n',
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "g1", "corpus": {"file": "deals/texts.jsonl", "id": "d-1"}, "language": "en", '
        '"feed_country": "SWE", "countries": [], "weapon_systems": [], "organizations": ["saab"], '
        '"civil_bodies": [], "money": [{"text": "$10 million", "amount": 1e7, "currency": "USD"}]}\n',
        encoding="utf-8",
    )
    articles, pairs, amounts, skipped = load_gold(gold, tmp_path / "real-feeds")
    assert skipped == 0
    assert articles.select("title", "summary", "language", "feed_country").row(0) == (
        None,
        "Saab won a $10 million order.",
        "en",
        "SWE",
    )
    assert pairs["entity_id"].to_list() == ["saab"]
    assert amounts.select("amount", "currency").row(0) == (1e7, "USD")
    articles, pairs, amounts, skipped = load_gold(gold, tmp_path / "elsewhere" / "real-feeds")
    assert (articles.height, pairs.height, amounts.height, skipped) == (0, 0, 0, 1)
