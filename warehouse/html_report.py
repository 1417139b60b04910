"""The HTML report (`dnw report`, and after each publish): one offline file of charts and tables.

It reads the published snapshot, never the live file (readers never block the pipeline), and only the
aggregate marts plus the small ops and quality tables, so that its cost does not grow with the number of
articles: each chart's rows come from one named statement in warehouse/sql/ (``CHART_QUERIES``), and the
charts are drawn as inline SVG by transforms/charts.py and the Jinja2 template beside this module. The file
needs no network and no JavaScript: every style is inline, and the only links leaving it are the articles'.

After each publish, ``publish_reports`` writes ``<data dir>/reports/latest.html`` and a copy named by the
UTC day (the day's last publish wins), and deletes dated copies older than the landing zone's retention.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from jinja2 import Environment, FileSystemLoader

from core import __version__
from transforms import charts
from warehouse.db import HERE, connect, query_frame, sql_text

TEMPLATES_DIR = HERE / "templates"
DEFAULT_DAYS = 30
TOP = 10  # bars of the ranked charts, rows of the deals table
SERIES = 7  # named series of a stacked chart; the rest is one grey "other" series
MONEY_MONTHS = 12
LATEST = "latest.html"
DATED_RE = re.compile(r"^report-(\d{4}-\d{2}-\d{2})\.html$")
OTHER_PUBLISHERS = "other publishers"
OTHER_BUYERS = "other buyers"


@dataclass(frozen=True)
class Period:
    """The days the report covers (inclusive), ending at the newest article that is not in the future."""

    first: date
    last: date

    @property
    def days(self) -> int:
        """Its length in days."""
        return (self.last - self.first).days + 1

    @property
    def money_months(self) -> tuple[date, date]:
        """The first days of the months the money chart covers: the last MONEY_MONTHS months."""
        last = self.last.replace(day=1)
        first = charts.months_between(date(last.year - 1, last.month, 1), last)[-MONEY_MONTHS]
        return first, last


def chart_queries(period: Period) -> dict[str, tuple[str, list[Any]]]:
    """Each chart of the report: the statement in warehouse/sql/ that gives its rows, and its parameters."""
    first, last = period.first, period.last
    return {
        "articles_per_day": ("report_articles_per_day", [first, last, SERIES]),
        "top_countries": ("report_entity_trend", [first, last, period.days, TOP, "country"]),
        "top_weapon_systems": ("report_entity_trend", [first, last, period.days, TOP, "weapon_system"]),
        "country_pairs": ("report_country_pairs", [first, last, TOP]),
        "money_by_buyer": ("report_money_by_buyer", [*period.money_months, SERIES]),
    }


def table_queries(period: Period) -> dict[str, tuple[str, list[Any]]]:
    """Each table of the report, likewise."""
    return {
        "largest_deals": ("report_largest_deals", [period.first, period.last, TOP]),
        "feed_health": ("report_feed_health", []),
        "quarantine": ("report_quarantine", []),
        "validation": ("report_validation", []),
    }


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, as read from one snapshot."""

    snapshot: Path
    generated_at: datetime
    period: Period
    headline: dict[str, Any]
    frames: dict[str, pl.DataFrame]  # chart and table name -> its rows


def _frame(con: duckdb.DuckDBPyConnection, name: str, params: list[Any]) -> pl.DataFrame:
    return query_frame(con, sql_text(name), params)


def report_period(latest_day: date | None, today: date, days: int) -> Period:
    """The ``days`` days up to the newest article's day (today when there is none, or it is later)."""
    last = min(latest_day, today) if latest_day else today
    return Period(last - timedelta(days=days - 1), last)


def read_report(snapshot: Path, days: int, now: datetime) -> ReportData:
    """Read what the report shows from the published snapshot (read-only)."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    with connect(snapshot, read_only=True) as con:
        headline = _frame(con, "report_headline", [now.date()]).row(0, named=True)
        period = report_period(headline["latest_day"], now.date(), days)
        frames = {
            name: _frame(con, statement, params)
            for name, (statement, params) in (chart_queries(period) | table_queries(period)).items()
        }
    return ReportData(snapshot, now, period, headline, frames)


def build_charts(data: ReportData) -> dict[str, charts.Chart]:
    """The SVG geometry of every chart, one mark per row of its query."""
    period, frames = data.period, data.frames

    def ranked(name: str, label: str, with_previous: bool) -> charts.Chart:
        rows = [
            (
                str(row[label]),
                float(row["articles"]),
                float(row["previous_articles"]) if with_previous else None,
            )
            for row in frames[name].iter_rows(named=True)
        ]
        return charts.ranked_bars(name, rows, width=440.0, label_width=170.0)  # drawn side by side

    pairs = frames["country_pairs"].with_columns(
        pair=pl.concat_str("country_a_name", pl.lit(" – "), "country_b_name")
    )
    first_month, last_month = period.money_months
    return {
        "articles_per_day": charts.stacked_columns(
            "articles_per_day",
            charts.days_between(period.first, period.last),
            [(r[0], r[1], float(r[2])) for r in frames["articles_per_day"].iter_rows()],
            OTHER_PUBLISHERS,
            lambda d: d.strftime("%b %-d"),
        ),
        "top_countries": ranked("top_countries", "entity_name", True),
        "top_weapon_systems": ranked("top_weapon_systems", "entity_name", True),
        "country_pairs": charts.ranked_bars(
            "country_pairs", [(r["pair"], float(r["articles"]), None) for r in pairs.iter_rows(named=True)]
        ),
        "money_by_buyer": charts.stacked_columns(
            "money_by_buyer",
            charts.months_between(first_month, last_month),
            [(r[0], r[1], float(r[2])) for r in frames["money_by_buyer"].iter_rows()],
            OTHER_BUYERS,
            lambda d: d.strftime("%b %Y"),
            charts.compact_usd,
        ),
    }


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # every value from the feeds (titles, errors, names) is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["when"] = _when
    env.filters["usd"] = lambda v: "" if v is None else charts.compact_usd(float(v))
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"
    env.filters["rows"] = lambda frame: list(frame.iter_rows(named=True))
    return env


def safe_link(url: object) -> str | None:
    """An article link the report may show: http(s) only (a feed could carry javascript: or data: URLs)."""
    text = str(url or "")
    return text if text.startswith(("https://", "http://")) else None


def render_report(data: ReportData) -> str:
    """The report as one self-contained HTML document."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        h=data.headline,
        charts=build_charts(data),
        captions=CAPTIONS,
        version=__version__,
        safe_link=safe_link,
    )


CAPTIONS = {
    "articles_per_day": "Articles published each day (UTC) of the period, stacked by publisher.",
    "top_countries": "Articles that mention each country in the period; the grey tick and the change are the "
    "period of the same length before.",
    "top_weapon_systems": "Articles that mention each weapon system in the period; the grey tick and the "
    "change are the period of the same length before.",
    "country_pairs": "Articles in the period that mention both countries of a pair.",
    "money_by_buyer": "Value in US dollars of the deals first reported each month, by buyer country "
    "(each deal counted once, however many articles reported it).",
}


def write_atomically(text: str, path: Path) -> None:
    """Write ``text`` under a temporary name beside ``path``, sync, rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_report(snapshot: Path, out: Path, now: datetime, days: int = DEFAULT_DAYS) -> Path:
    """Render the report of ``snapshot`` into ``out``."""
    write_atomically(render_report(read_report(snapshot, days, now)), out)
    return out


def prune_reports(reports_dir: Path, keep_days: int, today: date) -> list[Path]:
    """Delete the dated copies older than ``keep_days`` (as the landing zone's retention); return them."""
    cutoff = today - timedelta(days=keep_days)
    deleted = []
    for path in sorted(reports_dir.glob("report-*.html")):
        match = DATED_RE.match(path.name)
        if match and date.fromisoformat(match.group(1)) < cutoff:
            path.unlink()
            deleted.append(path)
    return deleted


def publish_reports(
    snapshot: Path, reports_dir: Path, now: datetime, keep_days: int, days: int = DEFAULT_DAYS
) -> Path:
    """``latest.html`` and the day's dated copy from the snapshot just published; old copies pruned.

    Returns the path of ``latest.html``.
    """
    html = render_report(read_report(snapshot, days, now))
    latest = reports_dir / LATEST
    write_atomically(html, reports_dir / f"report-{now.date().isoformat()}.html")
    write_atomically(html, latest)
    prune_reports(reports_dir, keep_days, now.date())
    return latest
