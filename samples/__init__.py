"""Bundled package data written by the team: the demo feeds (`dnw demo`, `make run`) and the labeled gold set
of fact extraction (`dnw eval`). Read through these functions, so installed commands work from any folder."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _path(name: str) -> Path:
    # The package is installed as files on disk (a wheel or an editable install), never zipped.
    return Path(str(files("samples") / name))


def demo_feeds_file() -> Path:
    """The demo feeds file; its URLs start with ``{base}``, the loopback server's address."""
    return _path("feeds.toml")


def demo_feeds_dir() -> Path:
    """The folder of demo feed files the loopback server serves."""
    return _path("feeds")


def gold_file() -> Path:
    """The labeled gold set of fact extraction (JSON lines)."""
    return _path("gold.jsonl")


def entity_gold_files() -> list[Path]:
    """The entity gold set of issue 15: dev.jsonl, dev2.jsonl, dev3.jsonl, dev4.jsonl, dev5.jsonl,
    dev6.jsonl, dev7.jsonl, dev8.jsonl, dev9.jsonl, dev10.jsonl, dev11.jsonl, dev12.jsonl, dev13.jsonl,
    dev14.jsonl, dev15.jsonl, dev16.jsonl, dev17.jsonl, dev18.jsonl and dev19.jsonl (tuned on), then
    heldout.jsonl, heldout2.jsonl and heldout3.jsonl (frozen, never tuned on)."""
    names = (
        "dev.jsonl",
        "dev2.jsonl",
        "dev3.jsonl",
        "dev4.jsonl",
        "dev5.jsonl",
        "dev6.jsonl",
        "dev7.jsonl",
        "dev8.jsonl",
        "dev9.jsonl",
        "dev10.jsonl",
        "dev11.jsonl",
        "dev12.jsonl",
        "dev13.jsonl",
        "dev14.jsonl",
        "dev15.jsonl",
        "dev16.jsonl",
        "dev17.jsonl",
        "dev18.jsonl",
        "dev19.jsonl",
        "heldout.jsonl",
        "heldout2.jsonl",
        "heldout3.jsonl",
    )
    return [_path(f"entity_gold/{name}") for name in names]


def deal_gold_files() -> list[Path]:
    """The labeled gold set of deal extraction (JSON lines; see docs/deal-labels.md)."""
    return sorted(_path("deal_gold").glob("*.jsonl"))
