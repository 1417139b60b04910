import polars as pl

from transforms.spans import CLOSE, OPEN, match_rows, matches_and_starts

PATTERNS = ["Leopard 2", "Leopard", "Су-35"]
MARKED = pl.col("text").str.replace_many(PATTERNS, [OPEN + p + CLOSE for p in PATTERNS], leftmost=True)


def _two_pass(odd: pl.DataFrame) -> pl.DataFrame:
    return odd.with_columns(
        found=pl.col("text").str.extract_many(PATTERNS, overlapping=False, leftmost=True),
        byte_start=pl.col("text").str.find_many(PATTERNS, overlapping=False, leftmost=True),
    )


def test_match_rows_are_the_lists_of_matches_and_starts_exploded() -> None:
    # several matches per row, multi-byte letters before a match, rows without any, and a row that holds a
    # mark itself (read the two-pass way) between the others
    texts = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "text": [
                "Leopard 2 and Leopard, then Су-35 and Leopard",
                "nothing",
                "odd \x01 Су-35 \x02 Leopard 2",
                "Су-35: Leopard 2A6",
                "",
            ],
        }
    )
    lists = matches_and_starts(texts, "text", MARKED, _two_pass, "found")
    expected = lists.filter(pl.col("found").list.len() > 0).explode("found", "byte_start")
    rows = match_rows(texts, "text", MARKED, _two_pass, "found")
    assert rows.equals(expected)
    assert rows.filter(pl.col("id") == "a").select("found", "byte_start").rows() == [
        ("Leopard 2", 0),
        ("Leopard", 14),
        ("Су-35", 28),
        ("Leopard", 40),  # "Су-35" is seven bytes
    ]
    plain = texts.filter(pl.col("id") != "c")
    assert match_rows(plain, "text", MARKED, _two_pass, "found").equals(expected.filter(pl.col("id") != "c"))
