from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.feeds import Feed, load_feeds, parse_feeds
from core.settings import Settings, resolve_settings

GOOD = """
[[feeds]]
name = "defense-news"
url = "https://www.example.com/rss/"
publisher = "Defense News"
language = "en-US"
tags = ["general"]

[[feeds]]
name = "local"
url = "{base}/local.xml"
publisher = "Local"
enabled = false
"""


def test_good_file_parses_with_defaults_and_base_substitution() -> None:
    feeds = parse_feeds(GOOD, base_url="http://127.0.0.1:8000/")
    assert feeds == [
        Feed("defense-news", "https://www.example.com/rss/", "Defense News", "en", ("general",), True),
        Feed("local", "http://127.0.0.1:8000/local.xml", "Local", None, (), False),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[feeds]]\nname = ", "invalid TOML"),
        ('[[feeds]]\nname="a"\nurl="https://x"\npublisher="P"\ncolour="red"\n', "unknown key(s): colour"),
        ('[[feeds]]\nname="a"\nurl="https://x"\npublisher="P"\n[[feeds]]\nname="a"\nurl="https://y"\npublisher="Q"\n',
         "duplicate feed name"),
        ('[[feeds]]\nname="a"\nurl="ftp://x/feed"\npublisher="P"\n', "must be an absolute http(s) URL"),
        ('[[feeds]]\nname="a"\nurl="file:///etc/passwd"\npublisher="P"\n', "must be an absolute http(s) URL"),
        ('[[feeds]]\nname="a"\nurl="https://x"\n', "'publisher' is required"),
        ('[[feeds]]\nname="A B"\nurl="https://x"\npublisher="P"\n', "name must be lowercase"),
        ('[[feeds]]\nname="a"\nurl="https://x"\npublisher="P"\nenabled="yes"\n', "enabled must be true or false"),
        ('[[feeds]]\nname="a"\nurl="https://x"\npublisher="P"\nlanguage="English"\n', "ISO 639-1"),
        ('[[feeds]]\nname="a"\nurl="https://x"\npublisher="P"\ntags="x"\n', "tags must be a list"),
        ('title = "x"\n', "unknown top-level key(s): title"),
        ("", "no [[feeds]] defined"),
    ],
)  # fmt: skip
def test_bad_files_give_one_line_reasons(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        parse_feeds(text, source="feeds.toml")
    assert message in str(info.value)
    assert "\n" not in str(info.value).strip() or message == "invalid TOML"
    assert str(info.value).startswith("feeds.toml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="feeds file not found"):
        load_feeds(tmp_path / "nope.toml")


def test_settings_precedence_flag_then_env_then_default(tmp_path: Path) -> None:
    env = {"DNW_DATA_DIR": str(tmp_path / "envdata"), "DNW_CONCURRENCY": "4", "DNW_READ_TIMEOUT": "5"}
    settings = resolve_settings({"concurrency": 8, "warehouse": None}, env)
    assert settings.concurrency == 8  # flag wins
    assert settings.read_timeout == 5.0  # env next
    assert settings.connect_timeout == Settings().connect_timeout  # default last
    assert settings.data_dir == tmp_path / "envdata"
    assert settings.warehouse == tmp_path / "envdata" / "warehouse.duckdb"  # follows the data dir
    assert settings.landing_dir == tmp_path / "envdata" / "landing"


def test_defaults_and_bad_env_values() -> None:
    assert resolve_settings({}, {}).warehouse == Path("data/warehouse.duckdb")
    assert resolve_settings({}, {}).data_dir == Path("data")
    with pytest.raises(ConfigError, match="DNW_CONCURRENCY='many' is not a valid int"):
        resolve_settings({}, {"DNW_CONCURRENCY": "many"})
    with pytest.raises(ConfigError, match="must be positive"):
        resolve_settings({"total_timeout": 0}, {})


def test_shipped_feed_files_are_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    live = load_feeds(root / "deployments" / "feeds.toml")
    assert len(live) >= 15
    assert len({f.publisher for f in live}) >= 15
    demo = load_feeds(root / "samples" / "feeds.toml", base_url="http://127.0.0.1:1")
    assert len(demo) >= 6
