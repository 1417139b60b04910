"""Entity mentions (countries, weapon systems, organizations) found in article text with a gazetteer.

Matching is vectorized: one Aho-Corasick pass per entity type over the whole text column
(``str.extract_many`` / ``str.find_many``, leftmost-first over patterns sorted longest first, so the longest
alias wins and matches never overlap within a type). Rules applied to every candidate:

- case: aliases match exactly as written, plus an ALL-CAPS variant of aliases of 5+ characters (headlines);
- whole words: the characters around a match must not be letters or digits;
- context: an alias whose entity has ``requires_context`` counts only if the article also contains one of
  the cue words (e.g. "Georgia" needs Tbilisi, Caucasus, ...);
- blockers: phrases such as "Latin America", "New Mexico" or "Patriot Day" are matched in their type's pass
  so that the shorter alias inside them cannot match, and then dropped;
- plurals: a weapon-system alias followed by a plural "s" still counts ("F-35s", "KAAN fighters");
- types are matched independently: "Israeli Air Force" is an organization and a mention of Israel.

Then two organization rules that need more than an alias (their mentions carry the rule in ``rule``; alias
matches carry ``alias``): numbered units by grammar (transforms/units.py) and bare service names resolved by
the article's context (transforms/services.py). Both give way to an alias organization that overlaps them,
so "the 7th Fleet" keeps its gazetteer id and "Department of the Air Force" is not also the Air Force.
"""

from __future__ import annotations

import re

import polars as pl

from schemas.frames import GAZETTEER_SCHEMA, MENTION_SCHEMA
from transforms.services import find_bare_services, resolve_services
from transforms.units import find_units

EXTRACTOR_VERSION = "gazetteer-2"
ENTITY_TYPES = ("country", "weapon_system", "organization")
FIELDS = ("title", "summary")
CAPS_MIN_LENGTH = 5
BLOCKER = "blocker"


def _aliases(frame: pl.DataFrame, entity_type: str, id_col: str, name_col: str) -> pl.DataFrame:
    context = pl.col("requires_context") if "requires_context" in frame.columns else pl.lit(None)
    return (
        frame.select(
            entity_type=pl.lit(entity_type),
            entity_id=pl.col(id_col),
            entity_name=pl.col(name_col),
            alias=pl.col("aliases").str.split("|"),
            requires_context=pl.when(context.cast(pl.String).str.strip_chars() != "").then(context),
        )
        .explode("alias")
        .with_columns(pl.col("alias").str.strip_chars())
        .filter(pl.col("alias").is_not_null() & (pl.col("alias") != ""))
    )


def build_gazetteer(
    countries: pl.DataFrame,
    weapon_systems: pl.DataFrame,
    organizations: pl.DataFrame,
    blockers: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per (entity type, alias) from the three seed tables plus blocked phrases (entity_type,
    phrase); raises on an alias with two owners."""
    frames = [
        _aliases(countries, "country", "iso3", "name"),
        _aliases(weapon_systems, "weapon_system", "weapon_id", "name"),
        _aliases(organizations, "organization", "org_id", "name"),
    ]
    if blockers is not None and blockers.height:
        frames.append(
            blockers.select(
                entity_type=pl.col("entity_type"),
                entity_id=pl.lit(BLOCKER),
                entity_name=pl.lit(BLOCKER),
                alias=pl.col("phrase").str.strip_chars(),
                requires_context=pl.lit(None, dtype=pl.String()),
            )
        )
    base = pl.concat([f.cast(GAZETTEER_SCHEMA) for f in frames], how="vertical").unique(maintain_order=True)  # type: ignore[arg-type]
    owners = base.group_by("entity_type", "alias").agg(pl.col("entity_id").n_unique().alias("n"))
    clashes = owners.filter(pl.col("n") > 1)
    if clashes.height:
        sample = ", ".join(f"{t}:{a}" for t, a, _ in clashes.head(10).iter_rows())
        raise ValueError(f"aliases claimed by two entities of one type: {sample}")
    caps = base.filter(
        (pl.col("alias").str.len_chars() >= CAPS_MIN_LENGTH)
        & (pl.col("alias") != pl.col("alias").str.to_uppercase())
    ).with_columns(pl.col("alias").str.to_uppercase())
    # an ALL-CAPS variant never overrides an alias someone wrote on purpose
    caps = caps.join(base.select("entity_type", "alias"), on=["entity_type", "alias"], how="anti")
    caps = caps.unique(subset=["entity_type", "alias"], keep="first", maintain_order=True)
    gazetteer = pl.concat([base, caps], how="vertical").sort("entity_type", "alias")
    cues = gazetteer["requires_context"].unique().drop_nulls().to_list()
    patterns = {cue: _cue_pattern(cue) for cue in cues}  # once per distinct cue list, not per row
    return gazetteer.with_columns(
        cue_pattern=pl.col("requires_context").replace_strict(
            patterns, default=None, return_dtype=pl.String()
        )
    )


def _cue_pattern(cues: str) -> str:
    """A regex matching any of the pipe-separated cue words as whole words."""
    words = [re.escape(w.strip()) for w in cues.split("|") if w.strip()]
    return r"(?:^|[^\p{L}\p{N}])(?:" + "|".join(words) + r")(?:$|[^\p{L}\p{N}])"


def extract_mentions(
    articles: pl.DataFrame, gazetteer: pl.DataFrame, services: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Mentions in ``articles`` (article_id, title, summary; language and feed_country when known): one row
    per match, offsets in characters. ``services`` (transforms.services.service_table) resolves bare service
    names; without it they are not looked for."""
    texts = (
        articles.select("article_id", *FIELDS)
        .unpivot(index="article_id", on=list(FIELDS), variable_name="field", value_name="text")
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
    )
    if texts.height == 0 or gazetteer.height == 0:
        return pl.DataFrame(schema=MENTION_SCHEMA)
    candidates = []
    for entity_type in ENTITY_TYPES:
        aliases = gazetteer.filter(pl.col("entity_type") == entity_type)["alias"].unique()
        if aliases.len() == 0:
            continue
        # leftmost-first over longest-first patterns = leftmost-longest
        patterns = sorted(aliases.to_list(), key=lambda a: (-len(a), a))
        found = texts.with_columns(
            matched_text=pl.col("text").str.extract_many(patterns, overlapping=False, leftmost=True),
            byte_start=pl.col("text").str.find_many(patterns, overlapping=False, leftmost=True),
            entity_type=pl.lit(entity_type),
        ).filter(pl.col("matched_text").list.len() > 0)
        candidates.append(found.explode("matched_text", "byte_start"))
    if not candidates:
        return pl.DataFrame(schema=MENTION_SCHEMA)
    found = pl.concat(candidates, how="vertical").join(
        gazetteer.rename({"alias": "matched_text"}), on=["entity_type", "matched_text"], how="inner"
    )
    found = found.filter(pl.col("entity_id") != BLOCKER)
    start = pl.col("text").cast(pl.Binary).bin.slice(0, pl.col("byte_start")).cast(pl.String).str.len_chars()
    found = found.with_columns(start_offset=start.cast(pl.Int32)).with_columns(
        end_offset=(pl.col("start_offset") + pl.col("matched_text").str.len_chars()).cast(pl.Int32)
    )
    before = pl.col("text").str.slice(pl.col("start_offset") - 1, 1)
    after = pl.col("text").str.slice(pl.col("end_offset"), 2)
    word_char = r"^[\p{L}\p{N}]$"
    # the next character ends the word, or (weapon systems only) is a plural "s" that itself ends the word
    plural = (pl.col("entity_type") == "weapon_system") & after.str.contains(r"^s(?:$|[^\p{L}\p{N}])")
    ends_word = ~after.str.contains(r"^[\p{L}\p{N}]") | plural
    boundary_ok = ((pl.col("start_offset") == 0) | ~before.str.contains(word_char)) & ends_word
    found = found.filter(boundary_ok)
    needs_context = found.filter(pl.col("requires_context").is_not_null())
    if needs_context.height:
        full_text = articles.select(
            "article_id",
            article_text=pl.concat_str([pl.col(f).fill_null("") for f in FIELDS], separator=" \n "),
        )
        confirmed = (
            needs_context.join(full_text, on="article_id", how="left")
            .filter(pl.col("article_text").str.contains(pl.col("cue_pattern")))
            .drop("article_text")
        )
        found = pl.concat([found.filter(pl.col("requires_context").is_null()), confirmed], how="vertical")
    found = found.with_columns(rule=pl.lit("alias"))
    found = pl.concat([found.select(CONTEXT_COLUMNS), _context_mentions(articles, texts, found, services)])
    return (
        found.with_columns(extractor_version=pl.lit(EXTRACTOR_VERSION))
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)  # type: ignore[arg-type]
        .sort("article_id", "field", "start_offset", "entity_type")
    )


CONTEXT_COLUMNS = (
    "article_id", "entity_type", "entity_id", "entity_name", "matched_text", "field", "start_offset",
    "end_offset", "rule",
)  # fmt: skip


def _context_mentions(
    articles: pl.DataFrame, texts: pl.DataFrame, aliases: pl.DataFrame, services: pl.DataFrame | None
) -> pl.DataFrame:
    """Organization mentions by unit grammar and by bare service names in context, minus those an alias
    organization mention overlaps."""
    frames = [find_units(texts).with_columns(rule=pl.lit("unit"))]
    if services is not None:
        context = articles.select(
            "article_id",
            language=pl.col("language") if "language" in articles.columns else pl.lit(None, pl.String()),
            feed_country=pl.col("feed_country")
            if "feed_country" in articles.columns
            else pl.lit(None, pl.String()),
        )
        bare = find_bare_services(texts.join(context.select("article_id", "language"), on="article_id"))
        countries = aliases.filter(pl.col("entity_type") == "country")
        frames.append(resolve_services(bare, countries, context, services))
    found = pl.concat(
        [f.select("article_id", "field", "entity_id", "entity_name", "matched_text", "start_offset",
                  "end_offset", "rule").cast({"start_offset": pl.Int32(), "end_offset": pl.Int32()})
         for f in frames]
    ).with_columns(entity_type=pl.lit("organization"))  # fmt: skip
    spans = aliases.filter(pl.col("entity_type") == "organization").select(
        "article_id", "field", a_start="start_offset", a_end="end_offset"
    )
    overlapped = (
        found.join(spans, on=["article_id", "field"], how="inner")
        .filter((pl.col("a_start") < pl.col("end_offset")) & (pl.col("start_offset") < pl.col("a_end")))
        .select("article_id", "field", "start_offset", "entity_id")
    )
    found = found.join(overlapped, on=["article_id", "field", "start_offset", "entity_id"], how="anti")
    return found.select(CONTEXT_COLUMNS)
