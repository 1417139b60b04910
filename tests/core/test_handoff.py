"""Frames handed to another process as files: the same frame on the other side, no file left behind."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import polars as pl
import pytest

from core import handoff
from core.handoff import PREFIX, ship, sweep

FRAME = pl.DataFrame(
    {"article_id": ["a", "b", None], "text": ["Ünïcode text " * 50, "", "x"], "n": [1, None, 3]},
    schema={"article_id": pl.String, "text": pl.String, "n": pl.Int64},
)


def _frames(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*.arrow"))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(handoff, "_folder", lambda: tmp_path)
    return tmp_path


def test_a_shipped_frame_unpickles_as_the_same_frame_and_its_file_is_gone(folder: Path) -> None:
    data = pickle.dumps(ship(FRAME))
    assert len(data) < 200  # the file's name, not the rows
    assert len(_frames(folder)) == 1
    back = pickle.loads(data)
    assert isinstance(back, pl.DataFrame)
    assert back.equals(FRAME)
    assert back.schema == FRAME.schema
    assert _frames(folder) == []
    assert back.filter(pl.col("n") > 1)["text"].to_list() == ["x"]  # still readable once the file is removed


def _double(frame: pl.DataFrame) -> pl.DataFrame:
    return ship(frame.with_columns(pl.col("n") * 2))


def test_frames_cross_a_spawned_pool_both_ways() -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        back = pool.submit(_double, ship(FRAME)).result()
    assert back["n"].to_list() == [2, None, 6]
    assert back["text"].to_list() == FRAME["text"].to_list()


def test_without_room_for_the_file_the_frame_goes_through_the_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handoff, "_folder", lambda: tmp_path / "missing")  # writing fails
    back = pickle.loads(pickle.dumps(ship(FRAME)))
    assert back.equals(FRAME)
    assert not (tmp_path / "missing").exists()


def test_sweep_removes_the_files_of_processes_that_are_gone(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead, alive = int(gone.stdout), os.getpid()
    for pid in (dead, alive):
        (tmp_path / f"{PREFIX}{pid}-0.arrow").write_bytes(b"")
    (tmp_path / "other.arrow").write_bytes(b"")
    assert sweep(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{PREFIX}{alive}-0.arrow", "other.arrow"]
