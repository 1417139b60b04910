"""The README's example queries return, on the demo data, exactly the results written below them.

Convention in README.md: a ```sql block followed (after blank lines only) by a ```text block. The text block
holds a header line of column names and one line per row, cells separated by `|` (padding is ignored);
values are written as Python prints them, with `true`/`false` for booleans and `null` for NULL. Every sql
block of the README must have such a result block.

The demo runs once, like `make run` (relative ./data in a fresh directory). Its item dates are fixed in the
sample files, so the results do not depend on the day the test runs, with one planned exception: an item
dated in 2031 is quarantined as "in the future" until then.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DNW = Path(sys.executable).with_name("dnw")
QUERY_AND_RESULT = re.compile(
    r"```sql\n(?P<sql>.*?)```\s*?\n(?:[ \t]*\n)*```text\n(?P<text>.*?)```", re.DOTALL
)


def _demo_args() -> list[str]:
    """Arguments of `dnw demo`: the bundled demo feeds are package data, found from any working directory."""
    return ["demo", "--no-data-docs"]


def readme_examples(text: str) -> list[tuple[str, list[list[str]]]]:
    """(query, expected rows with the header first) for each sql block followed by a text block."""
    examples = []
    for match in QUERY_AND_RESULT.finditer(text):
        rows = [
            [cell.strip() for cell in line.split("|")] for line in match["text"].splitlines() if line.strip()
        ]
        examples.append((match["sql"].strip(), rows))
    return examples


def render(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


def test_every_sql_block_of_the_readme_has_its_result() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(EXAMPLES) == text.count("```sql\n")
    assert len(EXAMPLES) >= 4


def test_the_convention_parses_header_padding_and_blank_lines() -> None:
    sample = "```sql\nselect 1 as a, 'x' as b;\n```\n\n```text\na  | b\n1  | x\n```\n"
    assert readme_examples(sample) == [("select 1 as a, 'x' as b;", [["a", "b"], ["1", "x"]])]
    assert readme_examples("```sql\nselect 1;\n```\n\nprose\n\n```text\n1\n```\n") == []
    assert [render(v) for v in (None, True, 3, 1.5, "x")] == ["null", "true", "3", "1.5", "x"]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the demo once in a fresh directory; the published read-only snapshot it leaves behind."""
    work = tmp_path_factory.mktemp("readme-demo")
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
    result = subprocess.run(
        [str(DNW), *_demo_args()], cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    path = work / "data" / "snapshot" / "warehouse.duckdb"
    assert path.exists()
    return path


@pytest.mark.e2e
@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=[f"query{i + 1}" for i in range(len(EXAMPLES))])
def test_readme_query_returns_what_the_readme_says(
    snapshot: Path, query: str, expected: list[list[str]]
) -> None:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        cursor = con.execute(query)
        header = [column[0] for column in cursor.description or []]
        rows = [[render(value) for value in row] for row in cursor.fetchall()]
    assert [header, *rows] == expected, query
