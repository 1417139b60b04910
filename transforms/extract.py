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
- types are matched independently: "Israeli Air Force" is an organization and a mention of Israel;
- languages: an alias with a language (country names in French, Russian case forms, "OTAN") is read only in
  articles in that language; language-less aliases (English names, codes) are read in every article; an
  article whose language is unknown is read with the language-less aliases only (the pipeline declares or
  detects a language for any text long enough to say something; a short unknown text is more often English
  than not, and "FAB", the Brazilian Air Force in Portuguese, is a Russian bomb in English). One spelling
  has one owner per type in all languages, so the alias sets differ only in what they leave out. Articles
  in a language with aliases of its own are matched in one more Aho-Corasick pass per type, against every
  alias, and a match is kept only if its alias is language-less or in the article's language (building one
  automaton per language present cost a third of the speed on mixed-language batches). The price: in such
  an article an alias of another language can hide a shorter alias of its own at the same place, which
  needs the text to contain a whole word of the other language; English articles are read exactly as
  before, with the language-less aliases alone;
- capitals: a capital ("Moscou", "Kyiv", "Кремль") is its country only where it stands for the government:
  followed by a government verb of the article's language ("Moscou a annoncé", "Kyiv said", "в Москве
  заявили"), after at most two auxiliary words, or, in Arabic, preceded by one ("أعلنت موسكو"). A capital
  as a place ("in Kyiv", "a Moscou") is not a country.

One weapon-system rule: a system that is the umbrella of more specific ones (the GPS constellation over its
GPS II and GPS III blocks: the family of each specific one is the umbrella's family plus a version, see
:func:`weapon_umbrellas`) is dropped from an article that names one of the specific ones ("a GPS satellite
... the GPS IIF-10 satellite" is one system, the specific one).

Then two organization rules that need more than an alias (their mentions carry the rule in ``rule``; alias
matches carry ``alias``, or ``capital`` for a capital standing for its government): numbered units by grammar
(transforms/units.py) and bare service names resolved by the article's context (transforms/services.py). Both
give way to an alias organization that overlaps them, so "the 7th Fleet" keeps its gazetteer id and
"Department of the Air Force" is not also the Air Force.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import polars as pl
import regex

from schemas.frames import CIVIL_ORG_TYPES, GAZETTEER_SCHEMA, MENTION_SCHEMA
from transforms.services import (
    COMMON_SERVICE_NOUNS,
    EVENT_AFTER,
    FORCES,
    RULE_FEED,
    find_bare_services,
    resolve_services,
)
from transforms.spans import CLOSE, OPEN, match_rows
from transforms.units import find_units

EXTRACTOR_VERSION = (
    # 2: units, services and rule; 3: other languages and capitals; 4: ministries; 5: dev4; 6: civil bodies;
    # 7: dev5 (variant suffixes, prepositions before a service's country, general staffs, Cyrillic ordinals)
    # 8: dev6 (Cyrillic spellings by rule, foreign word order, hyphen twins, cues in other languages, unit
    # names in quotes, "военные"/"ВС" beside a country, armed forces beside a bare service, German genitives)
    # 9: dev7 (an ambiguous company name settled by a legal suffix or by a company listed beside it; an
    # abbreviation the text defines in parentheses as something else is not the gazetteer's entity; Hebrew
    # construct names of a foreign army and ministry beside a country, "צבא יוון", "משרד ההגנה בפולין")
    # 10: a country's possessive right before a bare service name ("Côte d'Ivoire's Ministry of Defence")
    # 11: Armscor and the South African Army, Navy and Air Force in the gazetteer
    # 12: armasuisse and NCSIST in the gazetteer
    # 13: the Estonian Centre for Defence Investment in the gazetteer
    # 14: dev8 (Canadian wings "4 Wing Cold Lake", "II(AC) Squadron", "Ala 2"; a bare "Defence" as the subject
    # of a verb; two capitals with a plural verb, a capital after "in" is a place; "U.S. " before a U.S.
    # command named after its service; "radar Sea Fire", "viaturas blindadas Guarani"; a program's name as
    # the umbrella of its increments; case forms that keep the original's capitals after a hyphen)
    # 15: dev9 (a unit type after a name in "<n>. <name> <type>", Roman numerals with Spanish and Italian
    # units, "2e wing"; Arabic nationality adjectives in four forms; a bare "Defensa" and "DND"; cues in
    # Arabic; "New England"; twenty organizations and three systems the seeds lacked, Arabic names of others)
    # 16: Projekt System & Management and Consorzio Iveco Oto Melara in the gazetteer
    # 17: PZL-Świdnik in the gazetteer
    # 18: dev10 (U.S. Navy and Marine squadron and air wing designations, "INAS 303", "flottille 12F", "the
    # 82nd Airborne", not "126th Army–Navy"; twenty-four organizations and four systems the seeds lacked)
    # 19: dev11 (local names and declined forms of systems in ru, uk, it, es, fr, pl, he, ar; purchase verbs
    # after a capital in Russian and Ukrainian; ALAT, FAMET, the Ariete and the AV-8B in the gazetteer)
    # 20: dev12 (a service in a base's name is the base; U.S. Navy and Marine squadrons by their names,
    # "Detachment 1"; a unit inside a job title is no mention)
    # 21: dev13 (a weapon's context cue is for its names that are words, "Apache", "Javelin", "Stinger",
    # "Hellfire", "Krab", not for its designations with a digit; helicopters and inflected missiles as cues in
    # other languages; a country's "forces" right after it, "Russian forces", "U.S. forces"; "the General
    # Staff", "the IAF" of Israel or India)
    # 22: dev14 (U.S. Army battalions by regiment, "2-504 PIR"; "Fighter Generation Squadron"; Italian
    # brigades; designations after a slash, "Х-59/69"; "the Anzac class"; "проекта 20380"; a navy and armed
    # forces in lower case beside their country, "la marine indienne", "вооружённых сил Латвии";
    # "Luftwaffe" at a Swiss or Austrian publisher; armed forces inside a staff's name or a job title;
    # "Sailors and Marines" are people; "portaerei Cavour"; "Regimiento ... n.º 11"; "14 Corps"; lower-case
    # armies and air forces beside their country in es, it, pt; "the destroyer USS Stockdale")
    # 23: dev15 ("2d"/"3d" ordinals, "Strike Fighter Squadron (VFA) 147", "Marine Aircraft Group 12"; a
    # service inside a weapon system's name, an office held in an organization ("Inspector General of the
    # ..."), an event named after a service ("Marine Corps Marathon") and Marines "with" a unit are no
    # mentions; a company settled beside another after "and" and an article; Hebrew names after "מסוג" and
    # "מדגם"; Russian and Ukrainian drones after their noun; a bare Cyrillic name opening a sentence out of
    # quotes counts only where the article names the system elsewhere; an umbrella system written out under
    # its full name stays beside its specific ones, "Collaborative Combat Aircraft"; a bare service refers
    # back to one of its kind named before it for another country than the publisher's, "the Italian Army
    # ... the Army" at a British publisher; fifteen organizations and five systems the seeds lacked)
    # 24: dev16 ("the Sixth Army Corps" a corps; a service's parent in the genitive inside a unit's or an
    # agency's name, "дивизия ВДВ", "Jagdkommando des Bundesheeres"; "Luftstreitkräfte" at its publisher; a
    # veterans' league and a service's birthday are no mentions; "the frigate Hessen"; «Куб-2» for КУБ-2; "the
    # Defense Ministry in Moscow"; a country's "troops" and "military" beside it; eighteen organizations the
    # seeds lacked)
    # 25: dev17 (a service in a contract's funding or customer line, "(Navy)", "the Navy (78%)", is the
    # publisher's; designations of capitals and a number with a hyphen or a space, "LHD 1"/"LHD-1"; adjectives
    # between a name and its noun, "Griffon armoured vehicle" read as "véhicules blindés Griffon"; "zestawy
    # Gladius"; a country's armed forces named before a bare service of another kind settle it, "the
    # Bundeswehr ... the Army"; "the defence ministry said" settled by the country in focus; a territorial
    # defence force is not the armed forces as a whole; Polish names declined with their capitalized
    # adjectives, "Wojska Polskiego", "Polskiej Grupy Zbrojeniowej"; engines, ship classes, naval warfare
    # centers and companies the seeds lacked; Deutschland, Italia, España, Polska and Brasil read in every
    # language, "KNDS Deutschland")
    # 26: dev19 (a U.S. Navy hull by symbol and number alone is of the class holding that number, "SSN 814",
    # "LPD 34", "T-AO 214"; classes sharing one "-class", "Kongo- and Maya-class"; a designation ending a part
    # number, "5330-01-456-F16", is none; GPS named as receivers or antennas is no satellite system; U.S.
    # auxiliary ship classes, ammunition, a fuze kit, an ammunition carrier, a trainer, a drone, a submarine
    # class and a tracked carrier the seeds lacked)
    "gazetteer-26"
)
# One Aho-Corasick pass over the texts per group: organizations and civil bodies are matched together,
# leftmost-longest across both (as when they were one type), and cost one pass, not two.
MATCH_PASSES = (("country",), ("weapon_system",), ("organization", "civil_body"))
FIELDS = ("title", "summary")
CAPS_MIN_LENGTH = 5
BLOCKER = "blocker"


ALIAS = "alias"
CAPITAL = "capital"
ALL_LANGUAGES = "*"  # government verbs of every language, for a capital in an article of unknown language
NO_LANGUAGE = ""  # the alias-set key of an article in no language with aliases of its own, or unknown
LOCAL = "local"  # the alias-set key of an article in a language some aliases are written for
LEGACY_LANGUAGES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
WORD_END = r"(?:$|[^\p{L}\p{N}])"
# A unit's noun (brigade, battalion, regiment, corps, detachment, in the feeds' languages) and an opening
# quote right before a weapon's name: the name is the unit's ("бригада «Буревій»")
UNIT_NAME_BEFORE = (
    r"(?i:бригад|батальйон|батальон|полк|корпус|дивізі|дивизи|загін|загон|отряд|brigad|battalion|bataillon|"
    r"batalion|regiment|régiment|reggimento|regimiento|division|korps|corps|חטיבת|גדוד)\p{L}*\s+[«\"„“]$"
)
# gazetteer-26: a designation right after digits and a hyphen is the tail of a part or contract number
# ("5330-01-456-F16", "NSN 1560-01-612-C130"), not a system
PART_NUMBER_BEFORE = r"\d-$"
# gazetteer-26: the satellite navigation system named as a device it feeds ("Global Positioning System
# receivers", "(with Global Positioning System) antennas") is the device, not the constellation
DEVICE_AFTER = (
    r"^\)?\s*(?:\(GPS\)\s*)?(?:receivers?|antennas?|antennae|modules?|chips?|jammers?)(?:$|[^\p{L}\p{N}])"
)
DEVICE_OF = ("navstar-gps",)
# A variant after a designation ending in a digit: capitals (Latin or Cyrillic), then at most two digits
VARIANT_SUFFIX = r"^[A-ZА-ЯЁІЇЄ]{1,4}(?:-?\d{1,2})?(?:$|[^\p{L}\p{N}])"
# An organization alias that needs a context cue is settled by what stands right beside it, as well as by a
# cue anywhere in the article: a legal or corporate suffix right after it ("Kongsberg ASA", "Leonardo
# S.p.A.") makes it the company ...
LEGAL_SUFFIX = (
    r"^(?:,?\s+(?:S\.p\.A\.?|SpA|S\.A\.?|SA|AG|SE|ASA|AB|plc|PLC|Inc\.?|Ltd\.?|LLC|Corp\.?|Corporation|"
    r"GmbH|N\.V\.?|NV|Oyj|Group|Gruppen|Holding|Holdings|Konzern)"
    # ... and so does its stock: "Kongsberg shares rise", "Rheinmetall-Aktie", "azioni Leonardo" is not read
    r"|(?:['’]s)?\s+(?:shares|stock|Aktie|Aktien|azioni|acciones|ações|akcje|акции|акції)|-Aktien?)"
    r"(?:$|[^\p{L}\p{N}])"
)
# ... and so does another organization named beside it in a list ("MBDA, Leonardo and Thales", "Leonardo e
# Rheinmetall"): only a comma, "&", "/" or a one-word "and" of the feeds' languages between the two names
LIST_GAP = (
    r"^\s*(?:,|&|/|,?\s+(?:and|und|et|e|y|i|і|и|та|och|og|en))"
    # gazetteer-23: ... and an article after the "and" ("a Iveco Defence Vehicles e a Leonardo")
    r"(?:\s+(?:the|a|o|as|os|la|le|les|el|los|las|il|lo|der|die|das|den))?\s*$"
)
LIST_GAP_LENGTH = 10
# An abbreviation in parentheses names the words before it whose initials spell it; small words may sit in
# between ("Reporters sans frontières (RSF)", "Agence de l'innovation de défense (AID)")
ABBREVIATION = r"^[A-ZА-ЯЁІЇЄ]{2,8}$"
SMALL_WORDS = frozenset(
    ("of", "the", "and", "for", "on", "in", "at", "to", "a", "an", "de", "la", "le", "les", "l", "d", "des",
     "du", "del", "di", "da", "do", "das", "dos", "der", "die", "und", "für", "et", "y", "e", "von", "zu",
     "al", "el")
)  # fmt: skip


def _aliases(
    frame: pl.DataFrame, entity_type: str, id_col: str, name_col: str, rule: str = ALIAS
) -> pl.DataFrame:
    context = pl.col("requires_context") if "requires_context" in frame.columns else pl.lit(None)
    language = pl.col("language") if "language" in frame.columns else pl.lit(None)
    aliases = (
        frame.select(
            entity_type=pl.lit(entity_type),
            entity_id=pl.col(id_col),
            entity_name=pl.col(name_col),
            alias=pl.col("aliases").str.split("|"),
            requires_context=pl.when(context.cast(pl.String).str.strip_chars() != "").then(context),
            language=pl.when(language.cast(pl.String).str.strip_chars() != "").then(language),
            rule=pl.lit(rule),
        )
        .explode("alias")
        .with_columns(pl.col("alias").str.strip_chars())
        .filter(pl.col("alias").is_not_null() & (pl.col("alias") != ""))
    )
    if entity_type != "weapon_system":
        return aliases
    # gazetteer-21: a weapon's cue is for its names that are also words ("Apache", "Javelin", "Stinger"); a
    # designation with a digit ("AH-64E", "FGM-148") is no word, unless it is as short as "K9" (a police dog
    # unit)
    designation = pl.col("alias").str.contains(r"\d") & (
        pl.col("alias").str.replace_all(r"\s", "").str.len_chars() >= 4
    )
    return aliases.with_columns(
        requires_context=pl.when(designation)
        .then(pl.lit(None, dtype=pl.String()))
        .otherwise("requires_context")
    )


def _local_aliases(
    local: pl.DataFrame | None, owners: pl.DataFrame, id_col: str, name_col: str, entity_type: str
) -> list[pl.DataFrame]:
    """Aliases in one language from a long table (id, language, aliases[, kind]), named after their owner.
    They need no context cue: the owner's cues are English words, and a name written for one language
    ("قوات الدعم السريع" for the RSF) is not the ambiguous English alias the cues were written for."""
    if local is None or local.height == 0:
        return []
    names = owners.select(pl.col(id_col), pl.col(name_col))
    joined = local.join(names, on=id_col, how="inner")
    if "kind" not in joined.columns:
        return [_aliases(joined, entity_type, id_col, name_col)]
    return [
        _aliases(joined.filter(pl.col("kind") == kind), entity_type, id_col, name_col, rule)
        for kind, rule in (("name", ALIAS), ("capital", CAPITAL))
    ]


# An English alias "<name> <noun>" ("Aster missiles", "K2 tanks", "Astros MLRS") whose name alone is no alias
# is written in other languages with the noun before the name ("missiles Aster", "czołgi K2", "sistema
# Astros") or, in German, compounded after it ("Aster-Raketen"): those spellings are made for each language
# from this table of the nouns' forms (English noun -> language -> forms; a German form starts with "-").
CATEGORY_NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "missile": {
        "fr": ("missile", "missiles"),
        "es": ("misil", "misiles"),
        "it": ("missile", "missili"),
        "pt": ("míssil", "mísseis", "misseis"),
        "pl": ("pocisk", "pociski", "pocisków", "pociskami"),
        "de": ("-Rakete", "-Raketen", "-Flugkörper", "-Marschflugkörper"),
        "ru": ("ракета", "ракеты", "ракет", "ракетами", "ракету"),
        "uk": ("ракета", "ракети", "ракет", "ракетами", "ракету"),
        "he": ("טיל", "טילי", "הטיל", "טילים"),
        "ar": ("صاروخ", "صواريخ"),
    },
    "tank": {
        "fr": ("char", "chars"),
        "es": ("tanque", "tanques", "carro", "carros"),
        "it": ("carro", "carri", "carro armato", "carri armati"),
        "pt": ("tanque", "tanques", "carro de combate", "carros de combate"),
        "pl": ("czołg", "czołgi", "czołgów", "czołgami"),
        "de": ("-Panzer", "-Kampfpanzer"),
        "ru": ("танк", "танки", "танков", "танками"),
        "uk": ("танк", "танки", "танків", "танками"),
        "he": ("טנק", "טנקי", "טנקים"),
        "ar": ("دبابة", "دبابات"),
    },
    "howitzer": {
        "fr": ("obusier", "obusiers", "canon", "canons"),
        "es": ("obús", "obuses", "cañón", "cañones"),
        "it": ("obice", "obici", "cannone", "cannoni"),
        "pt": ("obuseiro", "obuseiros", "canhão", "canhões"),
        "pl": ("haubica", "haubice", "armatohaubica", "armatohaubice", "armatohaubic"),
        "de": ("-Haubitze", "-Haubitzen", "-Panzerhaubitze", "-Panzerhaubitzen"),
        "ru": ("гаубица", "гаубицы", "гаубиц", "САУ"),
        "uk": ("гаубиця", "гаубиці", "гаубиць", "САУ"),
    },
    "frigate": {
        "fr": ("frégate", "frégates"),
        "es": ("fragata", "fragatas"),
        "it": ("fregata", "fregate"),
        "pt": ("fragata", "fragatas"),
        "pl": ("fregata", "fregaty", "fregat"),
        "de": ("-Fregatte", "-Fregatten"),
    },
    "submarine": {
        "fr": ("sous-marin", "sous-marins"),
        "es": ("submarino", "submarinos"),
        "it": ("sottomarino", "sottomarini"),
        "pt": ("submarino", "submarinos"),
        "pl": ("okręt podwodny", "okręty podwodne"),
        "de": ("-U-Boot", "-U-Boote"),
    },
    "destroyer": {
        "fr": ("destroyer", "destroyers"),
        "es": ("destructor", "destructores"),
        "it": ("cacciatorpediniere",),
        "pt": ("contratorpedeiro", "contratorpedeiros"),
        "pl": ("niszczyciel", "niszczyciele"),
        "de": ("-Zerstörer",),
    },
    "corvette": {
        "fr": ("corvette", "corvettes"),
        "es": ("corbeta", "corbetas"),
        "it": ("corvetta", "corvette"),
        "pt": ("corveta", "corvetas"),
        "pl": ("korweta", "korwety"),
        "de": ("-Korvette", "-Korvetten"),
    },
    "drone": {
        "fr": ("drone", "drones"),
        "es": ("dron", "drones"),
        "it": ("drone", "droni"),
        "pt": ("drone", "drones"),
        "pl": ("dron", "drony", "dronów"),
        "de": ("-Drohne", "-Drohnen"),
        "he": ("רחפן", "רחפני", "רחפנים"),
        "ar": ("مسيرة", "مسيرات", "طائرة مسيرة", "طائرات مسيرة"),
        # gazetteer-23: "безпілотників Shark", "беспилотники Shark"
        "ru": ("беспилотник", "беспилотники", "беспилотников", "беспилотниками", "дрон", "дроны", "дронов"),
        "uk": ("безпілотник", "безпілотники", "безпілотників", "безпілотниками", "дрон", "дрони", "дронів"),
    },
    "helicopter": {
        "fr": ("hélicoptère", "hélicoptères"),
        "es": ("helicóptero", "helicópteros"),
        "it": ("elicottero", "elicotteri"),
        "pt": ("helicóptero", "helicópteros"),
        "pl": ("śmigłowiec", "śmigłowce", "śmigłowców"),
        "de": ("-Hubschrauber", "-Helikopter"),
        "he": ("מסוק", "מסוקי", "מסוקים"),
        "ar": ("مروحية", "مروحيات"),
    },
    "fighter": {
        "fr": ("chasseur", "chasseurs", "avion de combat", "avions de combat"),
        "es": ("caza", "cazas"),
        "it": ("caccia",),
        "pt": ("caça", "caças"),
        "pl": ("myśliwiec", "myśliwce", "myśliwców"),
        "de": ("-Kampfjet", "-Kampfjets", "-Kampfflugzeug", "-Kampfflugzeuge"),
    },
    # gazetteer-14: "radar Sea Fire", "viaturas blindadas Guarani"
    "radar": {
        "fr": ("radar", "radars"),
        "es": ("radar", "radares"),
        "it": ("radar",),
        "pt": ("radar", "radares"),
        "pl": ("radar", "radary", "radaru"),
        "de": ("-Radar", "-Radare"),
    },
    "vehicle": {
        # gazetteer-25: ... and "engins de reconnaissance Jaguar", as the French Army names its EBRC
        "fr": (
            "véhicule blindé",
            "véhicules blindés",
            "blindé",
            "blindés",
            "engin blindé",
            "engins blindés",
            "engin de reconnaissance",
            "engins de reconnaissance",
        ),
        "es": ("vehículo blindado", "vehículos blindados", "blindado", "blindados"),
        "it": ("veicolo blindato", "veicoli blindati", "blindato", "blindati"),
        "pt": ("viatura blindada", "viaturas blindadas", "blindado", "blindados"),
        "pl": ("transporter", "transportery", "transporterów"),
        "de": ("-Radpanzer", "-Transportpanzer"),
    },
    # gazetteer-25: "zestawy Gladius", "système Gladius": a system named after the noun
    "system": {
        "fr": ("système", "systèmes"),
        "es": ("sistema", "sistemas"),
        "it": ("sistema", "sistemi"),
        "pt": ("sistema", "sistemas"),
        "pl": ("system", "systemy", "systemu", "systemów", "zestaw", "zestawy", "zestawów", "zestawami"),
        "de": ("-System", "-Systeme"),
    },
    "MLRS": {
        "fr": ("lance-roquettes",),
        "es": ("lanzacohetes", "sistema"),
        "it": ("lanciarazzi", "sistema"),
        "pt": ("lançador", "lançadores", "sistema"),
        "pl": ("wyrzutnia", "wyrzutnie", "wyrzutni"),
        "de": ("-Raketenwerfer", "-Mehrfachraketenwerfer"),
    },
}
# gazetteer-22: an aircraft carrier named after the noun in the feeds' languages ("portaerei Cavour",
# "porte-avions Cavour", "авианосец «Фуцзянь»" is written with quotes and is not made here)
CARRIER_NOUNS: dict[str, tuple[str, ...]] = {
    "fr": ("porte-avions",),
    "es": ("portaaviones", "portaviones"),
    "it": ("portaerei",),
    "pt": ("porta-aviões",),
    "pl": ("lotniskowiec", "lotniskowca", "lotniskowcu"),
    "de": ("Flugzeugträger",),
    "ru": ("авианосец", "авианосца", "авианосце", "авианосцем"),
    "uk": ("авіаносець", "авіаносця", "авіаносці", "авіаносцем"),
    "he": ("נושאת המטוסים", "נושאת מטוסים"),
    "ar": ("حاملة الطائرات",),
}
CATEGORY_NOUNS["carrier"] = CARRIER_NOUNS
CATEGORY_NOUNS["aircraft carrier"] = CARRIER_NOUNS
CATEGORY_PLURALS = {
    "missiles": "missile",
    "tanks": "tank",
    "howitzers": "howitzer",
    "frigates": "frigate",
    "submarines": "submarine",
    "destroyers": "destroyer",
    "corvettes": "corvette",
    "drones": "drone",
    "helicopters": "helicopter",
    "fighters": "fighter",
    "launchers": "MLRS",
    "radars": "radar",
    "vehicles": "vehicle",
    "launcher": "MLRS",
    "systems": "system",
}
# "Type 055", "Type 212A": the word "type" in other languages, before the number
TYPE_WORDS = {
    "fr": ("type",),
    "es": ("tipo",),
    "it": ("tipo",),
    "pt": ("tipo",),
    "de": ("Typ",),
    "pl": ("typu", "typ"),
    "ru": ("типа", "тип"),
    "uk": ("типу", "тип"),
}
# gazetteer-22: "Project 20380", a Soviet and Russian ship or submarine design, as Russian and Ukrainian write
# it, declined ("корвета проекта 20380", "фрегат проєкту 22350")
PROJECT_WORDS = {
    "ru": ("проекта", "проект", "проекте", "проекту", "проектом"),
    "uk": ("проєкту", "проєкт", "проєкті", "проєктом", "проекту"),
}
# Context cue words are English; an article in another language may name the same context in its own words.
# A cue word on the left is also met by the words on the right ("howitzer": "canons", "Haubitze", ...).
CUE_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "missile": (
        "missile",
        "missiles",
        "Rakete",
        "Raketen",
        "misil",
        "misiles",
        "missili",
        "míssil",
        "mísseis",
        "pocisk",
        "pociski",
        "ракета",
        "ракеты",
        "ракети",
        "ракетою",
        "ракетой",
        "ракетами",
        "ПЗРК",
        "טיל",
        "טילים",
        "صاروخ",
        "صواريخ",
    ),
    "howitzer": (
        "obusier",
        "obusiers",
        "Haubitze",
        "Haubitzen",
        "Panzerhaubitze",
        "obús",
        "obuses",
        "obice",
        "obici",
        "obuseiro",
        "obuseiros",
        "haubica",
        "haubice",
        "armatohaubica",
        "armatohaubice",
        "гаубица",
        "гаубицы",
        "гаубиця",
        "гаубиці",
        "САУ",
        "مدافع",  # gazetteer-15: Arabic ("مدافع K9")
        "مدفع",
        "هاوتزر",
    ),
    "gun": (
        "canon",
        "canons",
        "Geschütz",
        "Geschütze",
        "cañón",
        "cañones",
        "cannone",
        "cannoni",
        "canhão",
        "canhões",
        "działo",
        "działa",
    ),
    "artillery": (
        "artillerie",
        "Artillerie",
        "artillería",
        "artiglieria",
        "artilharia",
        "artyleria",
        "артиллерия",
        "артилерія",
        "ארטילריה",
        "مدفعية",
    ),
    "tank": (
        "char",
        "chars",
        "Panzer",
        "Kampfpanzer",
        "tanque",
        "tanques",
        "carro armato",
        "carri armati",
        "czołg",
        "czołgi",
        "танк",
        "танки",
        "טנק",
        "טנקים",
        "دبابة",
        "دبابات",
    ),
    "drone": (
        "drone",
        "drones",
        "Drohne",
        "Drohnen",
        "dron",
        "droni",
        "drony",
        "дрон",
        "дроны",
        "дрони",
        "беспилотник",
        "беспилотники",
        "безпілотник",
        "безпілотники",
        "רחפן",
        "רחפנים",
        "مسيرة",
        "مسيرات",
    ),
    "fighter": (
        "chasseur",
        "chasseurs",
        "avion de combat",
        "Kampfjet",
        "Kampfjets",
        "Kampfflugzeug",
        "caza",
        "cazas",
        "caccia",
        "caça",
        "caças",
        "myśliwiec",
        "myśliwce",
        "истребитель",
        "истребители",
        "винищувач",
        "винищувачі",
        "מטוס קרב",
        "מטוסי קרב",
        "مقاتلة",
        "مقاتلات",
    ),
    "frigate": ("frégate", "Fregatte", "fragata", "fregata", "фрегат", "פריגטה", "فرقاطة"),
    "destroyer": (
        "Zerstörer",
        "destructor",
        "cacciatorpediniere",
        "contratorpedeiro",
        "niszczyciel",
        "эсминец",
        "есмінець",
        "משחתת",
        "مدمرة",
    ),
    "vehicle": (
        "blindé",
        "blindés",
        "Fahrzeug",
        "Fahrzeuge",
        "vehículo",
        "vehículos",
        "veicolo",
        "veicoli",
        "veículo",
        "veículos",
        "blindados",
        "pojazd",
        "pojazdy",
        "бронемашина",
        "бронемашины",
    ),
    "self-propelled": (
        "automoteur",
        "automoteurs",
        "autopropulsado",
        "semovente",
        "samobieżna",
        "самоходная",
        "самохідна",
    ),
}
CUE_TRANSLATIONS.update(
    company=(
        "entreprise",
        "groupe",
        "Konzern",
        "Unternehmen",
        "empresa",
        "compañía",
        "consórcio",
        "consorcio",
        "società",
        "azienda",
        "gruppo",
        "spółka",
        "firma",
        "компания",
        "концерн",
        "компанія",
        "חברה",
        "شركة",
    ),
    # gazetteer-21: the cue of a helicopter's name used as a word in other senses ("Apache")
    helicopter=(
        "helicopter",
        "helicopters",
        "Hubschrauber",
        "hélicoptère",
        "hélicoptères",
        "helicóptero",
        "helicópteros",
        "elicottero",
        "elicotteri",
        "śmigłowiec",
        "śmigłowce",
        "śmigłowców",
        "вертолет",
        "вертолеты",
        "вертолетов",
        "гелікоптер",
        "гелікоптери",
        "вертоліт",
        "вертольоти",
        "מסוק",
        "מסוקים",
        "مروحية",
        "مروحيات",
    ),
    defence=(
        "défense",
        "Verteidigung",
        "Rüstung",
        "defensa",
        "difesa",
        "defesa",
        "obrony",
        "обороны",
        "оборони",
        "ביטחון",
        "الدفاع",
    ),
)
CUE_TRANSLATIONS.update(
    defense=CUE_TRANSLATIONS["defence"],
    group=CUE_TRANSLATIONS["company"],
    missiles=CUE_TRANSLATIONS["missile"],
    howitzers=CUE_TRANSLATIONS["howitzer"],
    guns=CUE_TRANSLATIONS["gun"],
    tanks=CUE_TRANSLATIONS["tank"],
    drones=CUE_TRANSLATIONS["drone"],
    helicopters=CUE_TRANSLATIONS["helicopter"],
    vehicles=CUE_TRANSLATIONS["vehicle"],
    jet=CUE_TRANSLATIONS["fighter"],
    jets=CUE_TRANSLATIONS["fighter"],
    armoured=CUE_TRANSLATIONS["vehicle"],
    armored=CUE_TRANSLATIONS["vehicle"],
    warship=CUE_TRANSLATIONS["frigate"] + CUE_TRANSLATIONS["destroyer"],
)
# gazetteer-25: ... after the adjectives an English alias puts before its noun ("Griffon armoured vehicle",
# "Jaguar armoured reconnaissance vehicle"), which the other languages' noun carries or leaves out
NOUN_ADJECTIVES = r"(?:(?:armou?red|reconnaissance|combat|attack|wheeled|tracked|self-propelled) ){0,2}"
_NOUN_ALIAS = re.compile(r"^(?P<name>.+?) " + NOUN_ADJECTIVES + r"(?P<noun>" + "|".join(
    re.escape(n) for n in sorted({*CATEGORY_NOUNS, *CATEGORY_PLURALS}, key=len, reverse=True)
) + r")$")  # fmt: skip
_TYPE_ALIAS = re.compile(r"^Type (?P<number>\d{2,3}[A-Z]?)$")
_LOWER_WORD = re.compile(r"(?:^|\s)[a-z]")
_PROJECT_ALIAS = re.compile(r"^Project (?P<number>\d{3,5}[A-Z]?)$")


HEBREW_KINDS = (
    "תותח", "תותחי", "מתנייע", "מתנייעי", "נגמ״ש", 'נגמ"ש', "נגמ״שי", 'נגמ"שי', "טנק", "טנקי", "טיל", "טילי",
    "מסוק", "מסוקי", "מטוס", "מטוסי", "צוללת", "צוללות", "ספינת", "ספינות", "רחפן", "רחפני", "כטב״ם", 'כטב"ם',
    "מערכת", "מערכות", "סוללת",
)  # fmt: skip
HEBREW_KIND_ALIAS = r"^(?:" + "|".join(HEBREW_KINDS) + r") (\S.*)$"
HEBREW_OF_TYPE = ("מסוג", "מדגם")


def foreign_word_order(weapons: pl.DataFrame) -> pl.DataFrame:
    """Spellings of weapon-system aliases in other languages, made by rule from the English ones (entity
    rows with a language): "Aster missiles" -> "missiles Aster" (fr), "missili Aster" (it), "Aster-Raketen"
    (de), "czołgi K2" (pl), ... when the name alone is not an alias of its own; "Type 055" -> "типа 055"
    (ru), "Typ 055" (de), "tipo 055" (es, it, pt); "Project 20380" -> "проекта 20380" (ru), "проєкту 20380"
    (uk)."""
    rows: list[dict[str, str | None]] = []
    for weapon_id, name, aliases, context in weapons.select(
        "entity_id", "entity_name", "alias", "requires_context"
    ).iter_rows():
        if context is not None:  # an ambiguous name keeps its cues
            continue
        own = set(aliases)
        for alias in aliases:
            made: list[tuple[str, str]] = []
            m = _NOUN_ALIAS.match(alias)
            if m and m["noun"].endswith("carrier") and _LOWER_WORD.search(m["name"]):
                m = None  # "M113 armored personnel carrier" is no ship
            if m and m["name"] not in own:
                noun = CATEGORY_PLURALS.get(m["noun"], m["noun"])
                for language, forms in CATEGORY_NOUNS[noun].items():
                    for form in forms:
                        spelled = f"{m['name']}{form}" if form.startswith("-") else f"{form} {m['name']}"
                        made.append((spelled, language))
            elif m := _TYPE_ALIAS.match(alias):
                made += [(f"{w} {m['number']}", lang) for lang, words in TYPE_WORDS.items() for w in words]
            elif m := _PROJECT_ALIAS.match(alias):
                made += [(f"{w} {m['number']}", lang) for lang, words in PROJECT_WORDS.items() for w in words]
            rows += [
                {"entity_id": weapon_id, "entity_name": name, "alias": a, "language": lang}
                for a, lang in made
            ]
    return pl.DataFrame(
        rows,
        schema={
            "entity_id": pl.String(),
            "entity_name": pl.String(),
            "alias": pl.String(),
            "language": pl.String(),
        },
    )


def build_gazetteer(
    countries: pl.DataFrame,
    weapon_systems: pl.DataFrame,
    organizations: pl.DataFrame,
    blockers: pl.DataFrame | None = None,
    country_names: pl.DataFrame | None = None,
    organization_aliases: pl.DataFrame | None = None,
    weapon_aliases: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per (entity type, alias, language) from the three seed tables, the country names in other
    languages (iso3, language, kind, aliases), the organization and weapon aliases in other languages (id,
    language, aliases) and blocked phrases (entity_type, phrase); raises on an alias with two owners."""
    civil = (
        pl.col("org_type").is_in(CIVIL_ORG_TYPES) if "org_type" in organizations.columns else pl.lit(False)
    )
    military, civilian = organizations.filter(~civil), organizations.filter(civil)
    frames = [
        _aliases(countries, "country", "iso3", "name"),
        _aliases(weapon_systems, "weapon_system", "weapon_id", "name"),
        _aliases(military, "organization", "org_id", "name"),
        _aliases(civilian, "civil_body", "org_id", "name"),
        *_local_aliases(country_names, countries, "iso3", "name", "country"),
        *_local_aliases(organization_aliases, military, "org_id", "name", "organization"),
        *_local_aliases(organization_aliases, civilian, "org_id", "name", "civil_body"),
        *_local_aliases(weapon_aliases, weapon_systems, "weapon_id", "name", "weapon_system"),
    ]
    if blockers is not None and blockers.height:
        frames.append(
            blockers.select(
                entity_type=pl.col("entity_type"),
                entity_id=pl.lit(BLOCKER),
                entity_name=pl.lit(BLOCKER),
                alias=pl.col("phrase").str.strip_chars(),
                requires_context=pl.lit(None, dtype=pl.String()),
                language=pl.lit(None, dtype=pl.String()),
                rule=pl.lit(ALIAS),
            )
        )
    base = pl.concat([f.cast(GAZETTEER_SCHEMA) for f in frames], how="vertical")  # type: ignore[arg-type]
    # "Force d'action navale" is printed "Force d’action navale" as often: each spelling gets its twin
    twins = base.filter(pl.col("alias").str.contains("['’]")).with_columns(
        pl.when(pl.col("alias").str.contains("'"))
        .then(pl.col("alias").str.replace_all("'", "’", literal=True))
        .otherwise(pl.col("alias").str.replace_all("’", "'", literal=True))
    )
    # "Leopard 2A8" is printed "Leopard-2A8" as often: a name and a designation starting with a digit, joined
    # by a space, get the hyphenated twin (weapon systems only, and only where no one owns that spelling)
    weapons = base.filter((pl.col("entity_type") == "weapon_system") & (pl.col("entity_id") != BLOCKER))
    hyphens = weapons.filter(pl.col("alias").str.contains(r"^\p{Lu}\p{Ll}+ \d[\p{L}\d]*$")).with_columns(
        pl.col("alias").str.replace(" ", "-", literal=True)
    )
    # gazetteer-22: "the Anzac class" is printed as often as "Anzac-class": a ship class's name joined to
    # "class" by a hyphen gets the spaced twin (the name must start with a capital: a word, not a designation)
    classes = weapons.filter(pl.col("alias").str.contains(r"^\p{Lu}[\p{L}\d' -]*\p{Ll}-class$")).with_columns(
        pl.col("alias").str.replace(r"-class$", " class")
    )
    # gazetteer-25: a designation of capitals and a number is printed with a hyphen or a space as often
    # ("LHD-1" and "LHD 1-class", "DDG 51" and "DDG-51", "MK 41" and "Mk-41"): each gets the other's twin
    designations = weapons.filter(pl.col("alias").str.contains(r"^[A-Z]{2,5}[- ]\d{1,4}$")).with_columns(
        pl.when(pl.col("alias").str.contains("-", literal=True))
        .then(pl.col("alias").str.replace("-", " ", literal=True))
        .otherwise(pl.col("alias").str.replace(" ", "-", literal=True))
    )
    languages = (
        weapons.filter(pl.col("language").is_null())
        .group_by("entity_id", maintain_order=True)
        .agg(pl.col("entity_name").first(), pl.col("alias"), pl.col("requires_context").first())
    )
    # (made only where the seeds have weapon names in other languages: a seeds folder from before them reads
    # as it did)
    if weapon_aliases is None or weapon_aliases.height == 0:
        languages = languages.clear()
    ordered = foreign_word_order(languages).with_columns(
        entity_type=pl.lit("weapon_system"), requires_context=pl.lit(None, pl.String()), rule=pl.lit(ALIAS)
    )
    # gazetteer-14: a U.S. command or agency named after its service ("Army Contracting Command") is as often
    # written with the country first ("U.S. Army Contracting Command"), which would otherwise read as the
    # service followed by other words
    american = (
        military.filter(pl.col("country_iso3") == "USA") if "country_iso3" in military.columns else None
    )
    prefixed = (
        _aliases(american, "organization", "org_id", "name")
        .filter(pl.col("alias").str.contains(r"^(?:Army|Navy|Naval|Air Force|Marine Corps|Space Force) \S"))
        .with_columns(
            alias=pl.concat_list(pl.lit("U.S. ") + pl.col("alias"), pl.lit("US ") + pl.col("alias"))
        )
        .explode("alias")
        .cast(GAZETTEER_SCHEMA)  # type: ignore[arg-type]
        if american is not None
        else base.clear()
    )
    # gazetteer-23: a Hebrew name after its kind's noun ("תותחי רועם", "נגמ״ש איתן") is as often written after
    # "of the type" or "of the model" ("תותחים מתנייעים מסוג רועם", "נגמ״שים מדגם איתן")
    hebrew = weapons.filter(pl.col("language") == "he")
    of_type = (
        hebrew.with_columns(name=pl.col("alias").str.extract(HEBREW_KIND_ALIAS, 1))
        .filter(pl.col("name").is_not_null())
        .with_columns(alias=pl.concat_list(pl.lit(w + " ") + pl.col("name") for w in HEBREW_OF_TYPE))
        .drop("name")
        .explode("alias")
    )
    made = pl.concat(
        [
            hyphens,
            classes,
            designations,
            ordered.select(base.columns).cast(base.schema),
            prefixed.select(base.columns),
            of_type.select(base.columns),
            _ships_after_noun(weapons).select(base.columns),
            _cyrillic_title_case(weapons).select(base.columns),
            _ministries_in_capitals(military, country_names).select(base.columns).cast(base.schema),
        ],
        how="vertical",
    )
    # a spelling made by rule gives way to one written by hand, and to one two entities' rules both make
    made = made.join(base.select("entity_type", "alias"), on=["entity_type", "alias"], how="anti")
    made = made.filter(pl.col("entity_id").n_unique().over("entity_type", "alias") == 1)
    base = pl.concat([base, twins, made], how="vertical").unique(maintain_order=True)
    owners = base.group_by("entity_type", "alias").agg(pl.col("entity_id").n_unique().alias("n"))
    clashes = owners.filter(pl.col("n") > 1)
    if clashes.height:
        sample = ", ".join(f"{t}:{a}" for t, a, _ in clashes.head(10).iter_rows())
        raise ValueError(f"aliases claimed by two entities of one type: {sample}")
    # a language-less alias already applies everywhere: its copies in one language are dropped
    everywhere = base.filter(pl.col("language").is_null())
    local = base.filter(pl.col("language").is_not_null()).join(
        everywhere.select("entity_type", "alias"), on=["entity_type", "alias"], how="anti"
    )
    local = local.unique(subset=["entity_type", "alias", "language"], keep="first", maintain_order=True)
    everywhere = everywhere.unique(subset=["entity_type", "alias"], keep="first", maintain_order=True)
    # ALL-CAPS variants are for English wire headlines: only language-less aliases get them
    caps = everywhere.filter(
        (pl.col("alias").str.len_chars() >= CAPS_MIN_LENGTH)
        & (pl.col("alias") != pl.col("alias").str.to_uppercase())
    ).with_columns(pl.col("alias").str.to_uppercase())
    # an ALL-CAPS variant never overrides an alias someone wrote on purpose
    caps = caps.join(base.select("entity_type", "alias"), on=["entity_type", "alias"], how="anti")
    caps = caps.unique(subset=["entity_type", "alias"], keep="first", maintain_order=True)
    gazetteer = pl.concat([everywhere, caps, local], how="vertical").sort("entity_type", "alias", "language")
    cues = gazetteer["requires_context"].unique().drop_nulls().to_list()
    patterns = {cue: _cue_pattern(cue) for cue in cues}  # once per distinct cue list, not per row
    return gazetteer.with_columns(
        cue_pattern=pl.col("requires_context").replace_strict(
            patterns, default=None, return_dtype=pl.String()
        )
    )


# gazetteer-24: a named ship after its type's noun ("the German frigate Hessen", "the destroyer Mahan"), made
# from the class's prefixed ship names ("FGS Hessen") and the type noun its name ends with
SHIP_PREFIX = (
    r"^(?:USS|USCGC|HMS|HMAS|HMCS|HMNZS|FGS|INS|JS|ROKS|ROCS|TCG|ORP|HNLMS|HDMS|HNoMS|HSwMS|ITS|FS|ESPS|NRP|KRI|"
    r"BRP|PNS|SAS|RSS|KD|CNS|BNS|NTH|HTMS) (\p{Lu}.*)$"
)
SHIP_NOUN = r"(frigate|destroyer|corvette|submarine|carrier|cruiser|cutter)s?(?: \(.*\))?$"


def _ships_after_noun(weapons: pl.DataFrame) -> pl.DataFrame:
    """ "<type noun> <ship name>" spellings of the ship classes' named ships."""
    return (
        weapons.filter(pl.col("language").is_null())
        .with_columns(
            ship=pl.col("alias").str.extract(SHIP_PREFIX, 1),
            noun=pl.col("entity_name").str.to_lowercase().str.extract(SHIP_NOUN, 1),
        )
        .filter(pl.col("ship").is_not_null() & pl.col("noun").is_not_null())
        .with_columns(alias=pl.col("noun") + pl.lit(" ") + pl.col("ship"))
        .drop("ship", "noun")
    )


# gazetteer-24: a Russian or Ukrainian designation whose letters are an abbreviation ("КУБ-2") is as often
# printed with only its first letter a capital («Куб-2»)
CYRILLIC_CAPS_DESIGNATION = r"^([А-ЯЁІЇЄҐ])([А-ЯЁІЇЄҐ]{2,})(-\d.*)$"


def _cyrillic_title_case(weapons: pl.DataFrame) -> pl.DataFrame:
    """The title-case spellings of the weapons' all-capital Cyrillic designations."""
    parts = pl.col("alias").str.extract_groups(CYRILLIC_CAPS_DESIGNATION)
    return (
        weapons.with_columns(parts=parts)
        .filter(pl.col("parts").struct.field("1").is_not_null())
        .with_columns(
            alias=pl.col("parts").struct.field("1")
            + pl.col("parts").struct.field("2").str.to_lowercase()
            + pl.col("parts").struct.field("3")
        )
        .drop("parts")
    )


# gazetteer-24: a defense ministry named with its seat ("the Defense Ministry in Moscow") is that country's,
# wherever the publisher is, as "Verteidigungsministerium in Ankara" is Turkey's
MINISTRY_IN = ("Defense Ministry", "Defence Ministry", "defense ministry", "defence ministry",
               "Ministry of Defense", "Ministry of Defence")  # fmt: skip


def _ministries_in_capitals(military: pl.DataFrame, country_names: pl.DataFrame | None) -> pl.DataFrame:
    """ "<ministry> in <capital>" spellings of every country's one defense ministry, from the capitals of
    ``country_names`` (kind ``capital``, in no particular language)."""
    empty = pl.DataFrame(schema=GAZETTEER_SCHEMA)
    if country_names is None or "country_iso3" not in military.columns or "org_type" not in military.columns:
        return empty
    from transforms.services import service_table

    ministries = service_table(military).filter(pl.col("kind") == "ministry")
    capitals = (
        country_names.filter((pl.col("kind") == "capital") & pl.col("language").fill_null("").eq(""))
        .select(country_iso3="iso3", capital=pl.col("aliases").str.split("|"))
        .explode("capital")
        .filter(pl.col("capital").str.contains(r"^\p{Lu}\p{Ll}"))
    )
    return (
        ministries.join(capitals, on="country_iso3", how="inner")
        .with_columns(alias=pl.concat_list(pl.lit(m + " in ") + pl.col("capital") for m in MINISTRY_IN))
        .explode("alias")
        .select(
            entity_type=pl.lit("organization"),
            entity_id="org_id",
            entity_name="org_name",
            alias="alias",
            requires_context=pl.lit(None, pl.String()),
            language=pl.lit(None, pl.String()),
            rule=pl.lit(ALIAS),
        )
    )


# gazetteer-14: two capitals as one subject take the plural ("Paris et Rome commandent", "Roma e Parigi
# comprano"): the present's third person plural, made from the singular the verb table lists
PLURAL_ENDINGS = {
    "fr": (("e", "ent"),),
    "es": (("a", "an"), ("e", "en")),
    "it": (("a", "ano"), ("e", "ono")),
    "pt": (("a", "am"), ("e", "em")),
}


def _with_plurals(language: str, alternation: str) -> str:
    """The verb alternation of a language with the plural of each one-word present singular added."""
    verbs = alternation.split("|") if alternation else []
    plurals = [
        verb[: len(verb) - len(end)] + plural
        for verb in verbs
        if verb.isalpha()
        for end, plural in PLURAL_ENDINGS.get(language, ())
        if verb.endswith(end)
    ]
    return "|".join(sorted(set(verbs) | set(plurals), key=len, reverse=True))


def government_patterns(verbs: pl.DataFrame) -> pl.DataFrame:
    """One row per language: the regex a capital's following text must match (``after``: a verb, after at
    most one "and <Name>" and two auxiliaries) and the one its preceding text may match instead (``before``:
    a verb or phrase whose subject or object is a government, "accused", "talks with", Arabic verb-first
    sentences), from the government-verb table (language, kind, words)."""
    rows = []
    for language in sorted(verbs["language"].unique().to_list()):
        mine = verbs.filter(pl.col("language") == language)

        def words(kind: str, frame: pl.DataFrame = mine) -> str:
            found = [
                w.strip() for cell in frame.filter(pl.col("kind") == kind)["words"] for w in cell.split("|")
            ]
            return "|".join(re.escape(w) for w in sorted(set(found), key=len, reverse=True) if w)

        verb, aux, before, conj = (
            _with_plurals(language, words("verb")),
            words("auxiliary"),
            words("verb_before"),
            words("conjunction"),
        )
        auxiliaries = rf"(?:(?:{aux}),?\s+){{0,2}}" if aux else ""
        # a second subject: "Warschau und Washington einigten sich"
        partner = rf"(?:(?:{conj})\s+\p{{Lu}}\S*\s+)?" if conj else ""
        after = rf"^\s*,?\s*{partner}{auxiliaries}(?:{verb}){WORD_END}" if verb else None
        preceding = rf"(?:^|[^\p{{L}}\p{{N}}])(?:[وف])?(?:{before})\s+$" if before else None
        rows.append({"language": language, "after_pattern": after, "before_pattern": preceding})
    any_after = [r["after_pattern"] for r in rows if r["after_pattern"]]
    any_before = [r["before_pattern"] for r in rows if r["before_pattern"]]
    rows.append(
        {
            "language": ALL_LANGUAGES,
            "after_pattern": "|".join(f"(?:{p})" for p in any_after) or None,
            "before_pattern": "|".join(f"(?:{p})" for p in any_before) or None,
        }
    )
    return pl.DataFrame(
        rows, schema={"language": pl.String(), "after_pattern": pl.String(), "before_pattern": pl.String()}
    )


# A version after a family name: "GPS III", "GPS II" (Roman numerals), "Block 3", "Mk 2", "2", "IIF".
VERSION_SUFFIX = r"^ (?:[IVX]+[A-Z]?|Block \w+|Mk ?\w+|\d+[A-Z]?)$"
UMBRELLA_SCHEMA = {"umbrella": pl.String(), "specific": pl.String()}


def weapon_umbrellas(weapon_systems: pl.DataFrame) -> pl.DataFrame:
    """(umbrella, specific) weapon ids: the specific system's family is the umbrella's family followed by a
    version ("GPS" -> "GPS II", "GPS III"); a family with a parenthesis or a plain word after it ("Sparrow
    (target)", "F-35 sensors") is another system, not a version."""
    families = weapon_systems.select(
        umbrella="weapon_id",
        family=pl.col("family").cast(pl.String),
        # gazetteer-14: the system called by its family's own name ("CCA") is the umbrella of the others of
        # that family whose names say they are a part of it ("YFQ-42A (CCA Increment 1)")
        named_family=pl.col("aliases").cast(pl.String).str.split("|").list.contains(pl.col("family")),
        part_of=pl.col("name")
        .cast(pl.String)
        .str.contains(pl.lit("(") + pl.col("family").cast(pl.String), literal=True),
    )
    families = families.filter(pl.col("family").is_not_null() & (pl.col("family") != "")).with_columns(
        first_word=pl.col("family").str.split(" ").list.first()
    )
    specifics = families.rename(
        {"umbrella": "specific", "family": "specific_family", "named_family": "specific_named"}
    ).rename({"part_of": "specific_part_of"})
    pairs = families.join(specifics, on="first_word", how="inner")
    starts = pl.col("specific_family").str.starts_with(pl.col("family"))
    suffix = pl.col("specific_family").str.slice(pl.col("family").str.len_chars())
    same_family = (
        (pl.col("specific_family") == pl.col("family"))
        & pl.col("named_family")
        & pl.col("specific_part_of")
        & ~pl.col("part_of")
    )
    return (
        pairs.filter(
            (starts & suffix.str.contains(VERSION_SUFFIX)) | (same_family & ~pl.col("specific_named"))
        )
        .select("umbrella", "specific")
        .unique()
        .sort("umbrella", "specific")
        .cast(UMBRELLA_SCHEMA)  # type: ignore[arg-type]
    )


def _drop_umbrellas(found: pl.DataFrame, umbrellas: pl.DataFrame | None) -> pl.DataFrame:
    """Drop an umbrella weapon system's mentions from an article that names one of its specific systems."""
    if umbrellas is None or umbrellas.height == 0:
        return found
    weapon = pl.col("entity_type") == "weapon_system"
    named = found.filter(weapon & pl.col("entity_id").is_in(umbrellas["specific"].implode()))
    if named.height == 0:
        return found
    covered = (
        named.select("article_id", specific="entity_id")
        .unique()
        .join(umbrellas, on="specific", how="inner")
        .select("article_id", entity_id="umbrella")
    )
    # only the few umbrella mentions meet the join; every other row passes untouched
    is_umbrella = weapon & pl.col("entity_id").is_in(umbrellas["umbrella"].implode())
    # gazetteer-23: ... unless the article writes the umbrella out under its full name ("the Collaborative
    # Combat Aircraft program ... YFQ-42A and YFQ-44A" names the program and its aircraft; "YFQ-44A ... for
    # CCA production" only the aircraft)
    written_out = (
        found.filter(
            is_umbrella
            & (pl.col("matched_text") == pl.col("entity_name"))
            & pl.col("entity_name").str.contains(" ")
        )
        .select("article_id", "entity_id")
        .unique()
    )
    covered = covered.join(written_out, on=["article_id", "entity_id"], how="anti")
    kept = found.filter(is_umbrella).join(covered, on=["article_id", "entity_id"], how="anti")
    return pl.concat([found.filter(~is_umbrella), kept], how="vertical")


# gazetteer-20: the words after a service that make it a base's name, and the services whose stations are
# named "<service> <Place>" (Royal Air Force stations) when a place preposition comes before
BASE_AFTER = (
    r"^\s+(?:(?:Air|Naval|Reserve|Joint)\s+)?(?:Base|Station|Airfield|Air\s+Field)(?:$|[^\p{L}\p{N}])"
)
STATION_PREFIXES = ("RAF",)
STATION_BEFORE = r"(?:^|[^\p{L}\p{N}])(?:at|from|near|to|in|into|out\s+of)\s+$"

STAFF_OF_BEFORE = (
    r"\b(?:General\s+Staff|[Ss]taff|[Cc]ommander(?:-in-[Cc]hief)?|[Cc]hief|[Hh]ead)\s+of\s+(?:the\s+)?$"
)

# gazetteer-23: an organization right after an office held in it is part of the job title ("the Inspector
# General of the Department of the Air Force", "Assistant Secretary of the Army")
JOB_OF_BEFORE = (
    r"\b(?:Inspector\s+General|(?:Under|Assistant|Deputy)?\s*Secretary|Commandant)\s+of\s+(?:the\s+)?$"
)
# gazetteer-23: a bare Russian or Ukrainian name of a system at the start of a sentence, out of quotes, is as
# often the common noun ("Град повредил теплицы", hail): it counts only where the article names the system
# elsewhere too
SENTENCE_START_BEFORE = r"(?:^|[.!?…]\s+|\n\s*)$"

# gazetteer-14: a capital right after "in", "at", "à", "em", ... is the place ("ministers meeting in Kuala
# Lumpur urged"), whatever verb follows
PLACE_BEFORE = r"(?:^|[^\p{L}\p{N}])(?:in|at|near|à|dans|em|en|nel|nella)\s+$"


def _government_capitals(found: pl.DataFrame, government: pl.DataFrame | None) -> pl.DataFrame:
    """Keep a capital only where a government verb of the article's language follows it (or, in Arabic,
    precedes it); without verb patterns no capital counts."""
    capitals = found.filter(pl.col("rule") == CAPITAL)
    others = found.filter(pl.col("rule") != CAPITAL)
    if capitals.height == 0 or government is None or government.height == 0:
        return others
    capitals = capitals.with_columns(
        verbs_of=pl.when(pl.col("language").is_null())
        .then(pl.lit(ALL_LANGUAGES))
        .otherwise(pl.col("language"))
    ).join(government.rename({"language": "verbs_of"}), on="verbs_of", how="inner")
    following = pl.col("text").str.slice(pl.col("end_offset"), 80)
    before_start = pl.max_horizontal(pl.col("start_offset") - 40, pl.lit(0))
    preceding = pl.col("text").str.slice(before_start, pl.col("start_offset") - before_start)
    acting = (
        (pl.col("after_pattern").is_not_null() & following.str.contains(pl.col("after_pattern")))
        | (pl.col("before_pattern").is_not_null() & preceding.str.contains(pl.col("before_pattern")))
    ) & ~preceding.str.contains(PLACE_BEFORE)
    kept = capitals.filter(acting).drop("verbs_of", "after_pattern", "before_pattern")
    return pl.concat([others, kept], how="vertical")


def _cue_pattern(cues: str) -> str:
    """A regex matching any of the pipe-separated cue words as whole words."""
    given = [w.strip() for w in cues.split("|") if w.strip()]
    translated = [t for w in given for t in CUE_TRANSLATIONS.get(w, ())]
    words = [re.escape(w) for w in dict.fromkeys([*given, *translated])]
    return r"(?:^|[^\p{L}\p{N}])(?:" + "|".join(words) + r")(?:$|[^\p{L}\p{N}])"


def _article_language() -> pl.Expr:
    """The two-letter language of an article ("en-US" -> "en", legacy "iw" -> "he"), or null."""
    code = pl.col("language").cast(pl.String).str.to_lowercase().str.extract(r"^([a-z]{2,3})(?:$|[-_])", 1)
    return code.replace(LEGACY_LANGUAGES)


def extract_mentions(
    articles: pl.DataFrame,
    gazetteer: pl.DataFrame,
    services: pl.DataFrame | None = None,
    government: pl.DataFrame | None = None,
    umbrellas: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mentions in ``articles`` (article_id, title, summary; language and feed_country when known): one row
    per match, offsets in characters. ``services`` (transforms.services.service_table) resolves bare service
    names, ``government`` (from :func:`government_patterns`) lets capitals count as their country; without
    them neither is looked for; ``umbrellas`` (:func:`weapon_umbrellas`) drops an umbrella weapon system
    where a specific one is named."""
    language = _article_language() if "language" in articles.columns else pl.lit(None, dtype=pl.String())
    texts = (
        articles.select("article_id", *FIELDS, language=language)
        .unpivot(index=["article_id", "language"], on=list(FIELDS), variable_name="field", value_name="text")
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
    )
    if texts.height == 0 or gazetteer.height == 0:
        return pl.DataFrame(schema=MENTION_SCHEMA)
    passes = _alias_passes(gazetteer)
    texts = texts.with_columns(
        alias_set=pl.when(pl.col("language").is_in(passes.written))
        .then(pl.lit(LOCAL))
        .otherwise(pl.lit(NO_LANGUAGE))
    ).with_row_index("_text")
    candidates = []
    alias_sets = {s: texts.filter(pl.col("alias_set") == s) for s in texts["alias_set"].unique().sort()}
    present = {s: _trigrams(of_set) for s, of_set in alias_sets.items()}
    for types in MATCH_PASSES:
        if types not in passes.types:
            continue
        for alias_set, of_set in alias_sets.items():
            alias_pass = passes.of(types, alias_set)
            patterns, marks = alias_pass.patterns, alias_pass.marks
            trigrams = present[alias_set]
            if trigrams is not None:
                # an alias whose first three characters stand nowhere in the texts cannot match: left out,
                # the others keep their order, and the matches are the same
                can_match = alias_pass.starts.is_in(trigrams) | alias_pass.short
                patterns, marks = patterns.filter(can_match), marks.filter(can_match)
            found = alias_matches(of_set, patterns, marks)
            if alias_pass.kinds is None:
                found = found.with_columns(entity_type=pl.lit(types[0]))
            else:  # the type of the spelling matched (a spelling of both types gives a row of each)
                found = found.join(alias_pass.kinds, on="matched_text", how="inner")
            # the text is fetched again once the candidates are joined (below): put together from several
            # frames, its strings would be copied for every match
            candidates.append(found.drop("text"))
    if not candidates:
        return pl.DataFrame(schema=MENTION_SCHEMA)
    # a match counts where its spelling is read in every language or in the article's
    found = (
        pl.concat(candidates, how="vertical")
        .join(passes.owners, on=["entity_type", "matched_text"], how="inner")
        .filter(pl.col("_everywhere") | pl.col("_languages").list.contains(pl.col("language")))
        .drop("_everywhere", "_languages")
    )
    found = found.filter(pl.col("entity_id") != BLOCKER)
    found = found.with_columns(text=texts["text"].gather(found["_text"])).drop("_text")
    start = pl.col("text").cast(pl.Binary).bin.slice(0, pl.col("byte_start")).cast(pl.String).str.len_chars()
    found = found.with_columns(start_offset=start.cast(pl.Int32)).with_columns(
        end_offset=(pl.col("start_offset") + pl.col("matched_text").str.len_chars()).cast(pl.Int32)
    )
    # the 40 characters before a match and the 24 after it, cut once: every test below reads a part of them
    # (a cut at a character offset walks the text from its start; seven cuts became two)
    found = found.with_columns(
        _left=pl.col("text").str.slice(
            pl.max_horizontal(pl.col("start_offset") - 40, pl.lit(0)),
            pl.min_horizontal(pl.col("start_offset"), pl.lit(40)),
        ),
        _right=pl.col("text").str.slice(pl.col("end_offset"), 24),
    )
    before = pl.col("_left").str.tail(1)
    after = pl.col("_right").str.head(8)
    word_char = r"^[\p{L}\p{N}]$"
    preceding = pl.col("_left").str.tail(24)
    # the tests of one entity type run on its rows only, False on the others (as "type == ... & test" was):
    # on short strings a regex test costs about its start, so a test skipped on a row is time saved
    weapon = _on_rows(
        found,
        pl.col("entity_type") == "weapon_system",
        # the next character ends the word, or is a plural "s" that itself ends the word
        _plural=after.str.contains(r"^s(?:$|[^\p{L}\p{N}])"),
        # or (aliases that end in a digit) a variant suffix of capitals and digits: "Ми-8МТВ-5", "Leopard
        # 2A6", "Су-35С"
        _variant=pl.col("matched_text").str.contains(r"\d$") & after.str.contains(VARIANT_SUFFIX),
        # a weapon's name in quotes after a unit's noun is the unit's name: бригада «Буревій», Brigade
        # „Leopard“
        _unit_name=preceding.str.contains(UNIT_NAME_BEFORE),
        _part_number=pl.col("_left").str.contains(PART_NUMBER_BEFORE),
        _device=pl.col("entity_id").is_in(DEVICE_OF) & pl.col("_right").str.contains(DEVICE_AFTER),
    )
    # gazetteer-22: a country's armed forces named inside a staff's name or a job title ("the General Staff of
    # Ukraine's armed forces", "Commander-in-Chief of the Armed Forces of Ukraine") are no mention of them
    forces_ids = (
        services.filter(pl.col("kind") == FORCES)["org_id"].implode()
        if services is not None
        else pl.lit([], pl.List(pl.String()))
    )
    organization = _on_rows(
        found,
        pl.col("entity_type") == "organization",
        # an organization's name followed by "-<digit>" is part of a designation ("Orbital ATK CRS-4")
        _designation=after.str.contains(r"^-\d"),
        # gazetteer-20: a service named in a base's name is the base ("Vandenberg Space Force Base", "Ebbing
        # Air National Guard Base", "Marine Corps Air Station Iwakuni", "at RAF Lakenheath")
        _base=pl.col("_right").str.head(16).str.contains(BASE_AFTER),
        _station=pl.col("matched_text").is_in(list(STATION_PREFIXES))
        & preceding.str.contains(STATION_BEFORE)
        & after.str.contains(r"^\s\p{Lu}\p{Ll}"),
        _staff=pl.col("entity_id").is_in(forces_ids) & pl.col("_left").str.contains(STAFF_OF_BEFORE),
        _office=pl.col("_left").str.contains(JOB_OF_BEFORE),
        _event=pl.col("_right").str.contains(EVENT_AFTER),
    )
    ends_word = ~after.str.contains(r"^[\p{L}\p{N}]") | pl.col("_plural") | pl.col("_variant")
    ends_word = ends_word & ~pl.col("_designation")
    boundary_ok = ((pl.col("start_offset") == 0) | ~before.str.contains(word_char)) & ends_word
    kept = boundary_ok & ~pl.col("_unit_name") & ~pl.col("_part_number") & ~pl.col("_device")
    kept = kept & ~pl.col("_base") & ~pl.col("_station") & ~pl.col("_staff")
    found = (
        found.with_columns(*weapon, *organization)
        .filter(kept & ~pl.col("_event"))
        .drop("_left", "_right", *(test.name for test in [*weapon, *organization] if test.name != "_office"))
    )
    # (an office's organization is dropped at the end: until then it keeps a bare service name inside it, "the
    # Inspector General of the Department of the Air Force", from being read on its own)
    offices = found.filter(pl.col("_office")).select("article_id", "field", "start_offset", "entity_id")
    found = found.drop("_office")
    found = _sentence_start_words(found)
    found = _government_capitals(found, government)
    needs_context = found.filter(pl.col("requires_context").is_not_null())
    if needs_context.height:
        full_text = articles.join(needs_context.select("article_id"), on="article_id", how="semi").select(
            "article_id",
            article_text=pl.concat_str([pl.col(f).fill_null("") for f in FIELDS], separator=" \n "),
        )
        cued = needs_context.join(full_text, on="article_id", how="left").with_columns(
            cued=pl.col("article_text").str.contains(pl.col("cue_pattern"))
        )
        confirmed = cued.filter(pl.col("cued")).drop("article_text", "cued")
        settled = found.filter(pl.col("requires_context").is_null())
        beside = _settled_beside(cued.filter(~pl.col("cued")).drop("article_text", "cued"), settled)
        found = pl.concat([settled, confirmed, beside], how="vertical")
    found = _defined_otherwise(found)
    found = _drop_umbrellas(found, umbrellas)
    plain = texts.select("article_id", "field", "text")
    context, publisher_services = _context_mentions(articles, plain, found, services)
    if publisher_services.height:  # mostly none: an anti-join of 100,000 rows with nothing cost 0.04 s
        found = found.join(
            publisher_services, on=["article_id", "field", "start_offset", "entity_id"], how="anti"
        )
    found = pl.concat(
        [
            found.select(CONTEXT_COLUMNS),
            _slash_designations(texts.select("article_id", "field", "text", "language"), gazetteer),
            _named_hulls(plain, found.filter(pl.col("entity_type") == "weapon_system"), gazetteer),
            _hull_numbers(plain, found.filter(pl.col("entity_type") == "weapon_system"), gazetteer),
            _shared_class_suffix(plain, gazetteer),
            context,
        ]
    )
    found = _inside_service_names(found, services)
    found = _parent_in_name(found, texts.select("article_id", "field", "text", "language"), services)
    found = _inside_weapon_names(found, services)
    if offices.height:
        found = found.join(offices, on=["article_id", "field", "start_offset", "entity_id"], how="anti")
    return (
        found.with_columns(extractor_version=pl.lit(EXTRACTOR_VERSION))
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)  # type: ignore[arg-type]
        .sort("article_id", "field", "start_offset", "entity_type")
    )


def _on_rows(frame: pl.DataFrame, rows: pl.Expr, **tests: pl.Expr) -> list[pl.Series]:
    """``tests`` of ``frame`` evaluated on the ``rows`` only, as columns of ``frame``'s height that are
    False on the other rows."""
    where = frame.select(rows.arg_true()).to_series()
    values = frame.filter(rows).select(**tests)
    return [
        pl.repeat(False, frame.height, dtype=pl.Boolean(), eager=True)
        .alias(name)
        .scatter(where, values[name])
        for name in tests
    ]


def _inside_weapon_names(found: pl.DataFrame, services: pl.DataFrame | None) -> pl.DataFrame:
    """``found`` without the armed services' mentions that lie inside a weapon system's name (gazetteer-23:
    "the Navy-Marine Expeditionary Ship Interdiction System" names no service, as a service inside a base's
    name names none). A maker's name inside a product's name is left to the deal reader, which takes it as
    the supplier."""
    if services is None:
        return found
    weapons = found.filter(pl.col("entity_type") == "weapon_system").select(
        "article_id", "field", w_start="start_offset", w_end="end_offset"
    )
    orgs = found.filter(
        (pl.col("entity_type") == "organization")
        & (
            pl.col("entity_id").is_in(services["org_id"].implode())
            | pl.col("rule").str.starts_with("service:")
        )
    )
    if weapons.height == 0 or orgs.height == 0:
        return found
    inside = (
        orgs.select("article_id", "field", "start_offset", "end_offset")
        .join(weapons, on=["article_id", "field"], how="inner")
        .filter(
            (pl.col("w_start") <= pl.col("start_offset"))
            & (pl.col("end_offset") <= pl.col("w_end"))
            & ((pl.col("w_end") - pl.col("w_start")) > (pl.col("end_offset") - pl.col("start_offset")))
        )
        .select("article_id", "field", "start_offset", "end_offset", entity_type=pl.lit("organization"))
        .unique()
    )
    return found.join(
        inside, on=["article_id", "field", "entity_type", "start_offset", "end_offset"], how="anti"
    )


def _sentence_start_words(found: pl.DataFrame) -> pl.DataFrame:
    """``found`` without a bare Cyrillic name of a system that opens a sentence out of quotes ("Град повредил
    теплицы"), unless the article names the same system elsewhere."""
    weapon = pl.col("entity_type") == "weapon_system"
    preceding = pl.col("text").str.slice(
        pl.max_horizontal(pl.col("start_offset") - 3, pl.lit(0)),
        pl.min_horizontal(pl.col("start_offset"), pl.lit(3)),
    )
    opening = (
        weapon
        & pl.col("matched_text").str.contains(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+$")
        & preceding.str.contains(SENTENCE_START_BEFORE)
    )
    flagged = found.with_columns(_opening=opening)
    if not flagged["_opening"].fill_null(True).any():  # no sentence opens with one: nothing to drop
        return found
    elsewhere = (
        flagged.filter(weapon & ~pl.col("_opening"))
        .select("article_id", "entity_id")
        .unique()
        .with_columns(_elsewhere=pl.lit(True))
    )
    return (
        flagged.join(elsewhere, on=["article_id", "entity_id"], how="left")
        .filter(~pl.col("_opening") | pl.col("_elsewhere").fill_null(False))
        .drop("_opening", "_elsewhere")
    )


# gazetteer-22: designations that share their prefix, written once ("Х-59/69", "Kh-59/69", "Су-27/30"): the
# numbers after the slash are designations of their own when the prefix and the number are an alias
SLASHED = r"(?:^|[^\p{L}\p{N}])\p{L}{1,5}-\d{1,3}[\p{Lu}\d]*/\d"
SLASHED_PARTS = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{1,5}-)\d{1,3}[A-ZА-ЯЁІЇЄ\d]*((?:/\d{1,3}[A-ZА-ЯЁІЇЄ\d]*)+)(?![^\W_])"
)


def _slash_designations(texts: pl.DataFrame, gazetteer: pl.DataFrame) -> pl.DataFrame:
    """Weapon-system mentions of the designations after a slash (``SLASHED``), as CONTEXT_COLUMNS rows."""
    schema = {c: MENTION_SCHEMA[c] for c in CONTEXT_COLUMNS}
    candidates = texts.filter(pl.col("text").str.contains(SLASHED))
    if candidates.height == 0:
        return pl.DataFrame(schema=schema)
    # each distinct text is searched once: (spelling, its number, offset) per slashed number
    spans: dict[str, list[tuple[str, str, int]]] = {}
    for text in candidates["text"].unique().to_list():
        for m in SLASHED_PARTS.finditer(text):
            at = m.start(2)
            for number in m.group(2).split("/")[1:]:
                at += 1  # the slash
                spans.setdefault(text, []).append((m.group(1) + number, number, at))
                at += len(number)
    spellings = {spelling for found in spans.values() for spelling, _, _ in found}
    owners: dict[tuple[str, str | None], tuple[str, str]] = {
        (alias, language): (entity_id, name)
        for alias, language, entity_id, name in gazetteer.filter(
            (pl.col("entity_type") == "weapon_system")
            & (pl.col("entity_id") != BLOCKER)
            & pl.col("alias").is_in(list(spellings))
        )
        .select("alias", "language", "entity_id", "entity_name")
        .iter_rows()
    }
    rows = []
    for article_id, field, text, language in candidates.iter_rows():
        for spelling, number, at in spans.get(text, []):
            owner = owners.get((spelling, None)) or owners.get((spelling, language))
            if owner is not None:
                rows.append(
                    {
                        "article_id": article_id,
                        "entity_type": "weapon_system",
                        "entity_id": owner[0],
                        "entity_name": owner[1],
                        "matched_text": number,
                        "field": field,
                        "start_offset": at,
                        "end_offset": at + len(number),
                        "rule": ALIAS,
                    }
                )
    return pl.DataFrame(rows, schema=schema)


# gazetteer-26: classes that share one "-class", written once ("the Kongo- and Maya-class destroyers",
# "Atago-, Kongo- or Maya-class"): the names before the shared suffix are classes of their own when the name
# with "-class" is an alias
_CLASS_NAME = r"\p{Lu}[\p{L}\p{N}]*(?:\s\p{Lu}[\p{L}\p{N}]*){0,2}"
_CLASS_GAP = r"-(?:,\s+|,?\s+(?:and|or)\s+)"
SHARED_CLASS = regex.compile(
    r"(?<![\p{L}\p{N}])(?P<names>(?:"
    + _CLASS_NAME
    + _CLASS_GAP
    + r")+)"
    + _CLASS_NAME
    + r"-class(?![\p{L}\p{N}])"
)
SHARED_CLASS_GAP = regex.compile(_CLASS_GAP)
SHARED_CLASS_CANDIDATE = r"\p{L}-,?\s+(?:and\s|or\s|\p{Lu})"


def _shared_class_suffix(texts: pl.DataFrame, gazetteer: pl.DataFrame) -> pl.DataFrame:
    """Weapon-system mentions of the class names before a shared "-class" (``SHARED_CLASS``), as
    CONTEXT_COLUMNS rows."""
    schema = {c: MENTION_SCHEMA[c] for c in CONTEXT_COLUMNS}
    candidates = texts.filter(pl.col("text").str.contains("-class", literal=True))
    candidates = candidates.filter(pl.col("text").str.contains(SHARED_CLASS_CANDIDATE))
    if candidates.height == 0:
        return pl.DataFrame(schema=schema)
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for text in candidates["text"].unique().to_list():
        for m in SHARED_CLASS.finditer(text):
            at = m.start("names")
            for gap in SHARED_CLASS_GAP.finditer(m.group("names")):
                name_end = m.start("names") + gap.start()
                # the name's last words, longest first: "The Atago-" is "Atago-class"
                for word in regex.finditer(r"(?<!\S)\S", text[at:name_end]):
                    start = at + word.start()
                    spans.setdefault(text, []).append((text[start:name_end] + "-class", start, name_end))
                at = m.start("names") + gap.end()
    owners = dict(
        gazetteer.filter(
            (pl.col("entity_type") == "weapon_system")
            & (pl.col("entity_id") != BLOCKER)
            & pl.col("language").is_null()
            & pl.col("alias").is_in([spelling for found in spans.values() for spelling, _, _ in found])
        )
        .select("alias", pl.struct("entity_id", "entity_name"))
        .unique(subset="alias")
        .iter_rows()
    )
    rows = []
    for article_id, field, text in candidates.select("article_id", "field", "text").iter_rows():
        named_to = -1  # the end of the last name found: a shorter spelling of it is not read again
        for spelling, start, end in spans.get(text, []):
            owner = owners.get(spelling)
            if owner is not None and end != named_to:
                named_to = end
                rows.append(
                    {
                        "article_id": article_id,
                        "entity_type": "weapon_system",
                        "entity_id": owner["entity_id"],
                        "entity_name": owner["entity_name"],
                        "matched_text": text[start:end],
                        "field": field,
                        "start_offset": start,
                        "end_offset": end,
                        "rule": ALIAS,
                    }
                )
    return pl.DataFrame(rows, schema=schema)


# gazetteer-22: a U.S. Navy destroyer or cruiser named without its class ("the destroyers USS Spruance and USS
# Gridley", "the cruiser USS Robert Smalls") is of the class every one of them in service belongs to but the
# three Zumwalts, which the seeds name ship by ship: the labeling policy labels a named ship as its class
HULL_CLASSES = {"destroyer": "arleigh-burke", "cruiser": "ticonderoga"}
HULL_KIND = regex.compile(
    r"(?<![\p{L}\p{N}])(?:[Gg]uided-[Mm]issile\s+)?(?P<kind>[Dd]estroyer|[Cc]ruiser)s?(?=\s+USS\s)"
)
HULL_NAME = regex.compile(
    r"(?:\s+|\s*,\s*|\s+and\s+)(?P<ship>USS\s+\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.))*)"
)


def _weapon_names(gazetteer: pl.DataFrame, weapon_ids: set[str]) -> dict[str, str]:
    """The gazetteer's name of each of these weapon systems."""
    return dict(
        gazetteer.filter(
            (pl.col("entity_type") == "weapon_system") & pl.col("entity_id").is_in(list(weapon_ids))
        )
        .select("entity_id", "entity_name")
        .unique(subset="entity_id")
        .iter_rows()
    )


def _taken_spans(
    weapons: pl.DataFrame, candidates: pl.DataFrame
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """The (start, end) of the weapon mentions already found, per (article_id, field) of the candidates."""
    taken_by: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for article_id, field, start, end in (
        weapons.join(candidates.select("article_id", "field"), on=["article_id", "field"], how="semi")
        .select("article_id", "field", "start_offset", "end_offset")
        .iter_rows()
    ):
        taken_by.setdefault((article_id, field), []).append((start, end))
    return taken_by


def _named_hulls(texts: pl.DataFrame, weapons: pl.DataFrame, gazetteer: pl.DataFrame) -> pl.DataFrame:
    """Weapon-system mentions of U.S. destroyers and cruisers named after their type (``HULL_KIND``), where
    no weapon alias already covers the ship's name, as CONTEXT_COLUMNS rows."""
    schema = {c: MENTION_SCHEMA[c] for c in CONTEXT_COLUMNS}
    candidates = texts.filter(pl.col("text").str.contains(r"(?i:destroyer|cruiser)s?\s+USS\s"))
    if candidates.height == 0:
        return pl.DataFrame(schema=schema)
    names = _weapon_names(gazetteer, set(HULL_CLASSES.values()))
    taken_by = _taken_spans(weapons, candidates)
    rows = []
    for article_id, field, text in candidates.select("article_id", "field", "text").iter_rows():
        taken = taken_by.get((article_id, field), [])
        for kind in HULL_KIND.finditer(text):
            weapon_id = HULL_CLASSES[kind.group("kind").lower()]
            at = kind.end()
            while (ship := HULL_NAME.match(text, at)) is not None:
                start, end = ship.span("ship")
                at = ship.end()
                if weapon_id in names and not any(s < end and start < e for s, e in taken):
                    rows.append(
                        {
                            "article_id": article_id,
                            "entity_type": "weapon_system",
                            "entity_id": weapon_id,
                            "entity_name": names[weapon_id],
                            "matched_text": text[start:end],
                            "field": field,
                            "start_offset": start,
                            "end_offset": end,
                            "rule": ALIAS,
                        }
                    )
    return pl.DataFrame(rows, schema=schema)


# gazetteer-26: a U.S. Navy ship named by its hull classification symbol and number alone ("SSN 814", "LPD
# 34", "T-AO 214", "DDG-141") is of the class that holds that number, as the Naval Vessel Register assigns
# them; the labeling policy labels a hull as its class (dev18). Only the numbers of each class are read, so
# "DDG 179" (a Japanese destroyer) or a part number is none. A hull the seeds already name keeps that alias.
HULL_NUMBERS: dict[str, tuple[tuple[int, int, str], ...]] = {
    "SSN": ((21, 23, "seawolf-class"), (688, 773, "los-angeles-class"), (774, 899, "virginia-class")),
    "SSBN": ((726, 743, "ohio-class"), (826, 837, "columbia-class")),
    "SSGN": ((726, 729, "ohio-class"),),
    "DDG": ((51, 159, "arleigh-burke"), (1000, 1002, "zumwalt")),
    "CG": ((47, 73, "ticonderoga"),),
    "CVN": ((68, 77, "nimitz-class"), (78, 83, "ford-class")),
    "LHA": ((6, 11, "america-class"),),
    "LHD": ((1, 8, "wasp-class"),),
    "LPD": ((17, 35, "san-antonio-class"),),
    "LCS": ((1, 36, "lcs"),),
    "FFG": ((62, 81, "constellation"),),
    "EPF": ((1, 16, "spearhead-class"),),
    "T-EPF": ((1, 16, "spearhead-class"),),
    "ESB": ((3, 7, "esb"),),
    "T-ESB": ((3, 7, "esb"),),
    "T-AO": ((187, 204, "kaiser-class"), (205, 224, "john-lewis-class")),
    "T-AKE": ((1, 14, "lewis-and-clark-class"),),
    "T-ATS": ((6, 20, "navajo-class"),),
}
HULL_SYMBOL = "|".join(sorted(HULL_NUMBERS, key=len, reverse=True))
HULL_NUMBER = regex.compile(
    r"(?<![\p{L}\p{N}-])(?P<symbol>" + HULL_SYMBOL + r")[ -]?(?P<number>\d{1,4})(?![\p{L}\p{N}])"
)
# the candidate test has no boundary before the symbol (``HULL_NUMBER`` checks it): a test without one is
# decided by the fast regex engine in any text (0.009 -> 0.001 s over the 20,000 gold-text probe)
HULL_CANDIDATE = r"(?:" + HULL_SYMBOL + r")[ -]?\d"


def _hull_class(symbol: str, number: int) -> str | None:
    """The class whose hulls of ``symbol`` include ``number``, if any."""
    for low, high, weapon_id in HULL_NUMBERS[symbol]:
        if low <= number <= high:
            return weapon_id
    return None


def _hull_numbers(texts: pl.DataFrame, weapons: pl.DataFrame, gazetteer: pl.DataFrame) -> pl.DataFrame:
    """Weapon-system mentions of U.S. Navy hulls named by symbol and number (``HULL_NUMBERS``) where no
    weapon alias already covers them, as CONTEXT_COLUMNS rows."""
    schema = {c: MENTION_SCHEMA[c] for c in CONTEXT_COLUMNS}
    candidates = texts.filter(pl.col("text").str.contains(HULL_CANDIDATE))
    if candidates.height == 0:
        return pl.DataFrame(schema=schema)
    classes = {weapon_id for ranges in HULL_NUMBERS.values() for _, _, weapon_id in ranges}
    names = _weapon_names(gazetteer, classes)
    taken_by = _taken_spans(weapons, candidates)
    rows = []
    for article_id, field, text in candidates.select("article_id", "field", "text").iter_rows():
        taken = taken_by.get((article_id, field), [])
        for hull in HULL_NUMBER.finditer(text):
            weapon_id = _hull_class(hull.group("symbol"), int(hull.group("number")))
            start, end = hull.span()
            if weapon_id in names and not any(s < end and start < e for s, e in taken):
                rows.append(
                    {
                        "article_id": article_id,
                        "entity_type": "weapon_system",
                        "entity_id": weapon_id,
                        "entity_name": names[weapon_id],
                        "matched_text": hull.group(),
                        "field": field,
                        "start_offset": start,
                        "end_offset": end,
                        "rule": ALIAS,
                    }
                )
    return pl.DataFrame(rows, schema=schema)


@dataclass(frozen=True)
class AliasPass:
    """The patterns of one Aho-Corasick pass: the aliases of some entity types that one alias set reads."""

    patterns: pl.Series  # longest first, then in code point order: leftmost-first is then leftmost-longest
    marks: pl.Series  # each pattern between OPEN and CLOSE (transforms.spans)
    kinds: pl.DataFrame | None  # (entity_type, matched_text) when the pass reads several types
    starts: pl.Series  # each pattern's first three characters
    short: pl.Series  # whether a pattern has fewer than three


# Building a pass's automaton from 15,000-31,000 aliases costs 20-40 ms, however few the texts: in a batch of
# at most this many characters, the aliases that cannot match are left out first (:func:`_trigrams`)
SMALL_BATCH_CHARACTERS = 250_000


def _trigrams(texts: pl.DataFrame) -> pl.Series | None:
    """Every three consecutive characters of ``texts``' ``text``, when they hold at most
    ``SMALL_BATCH_CHARACTERS`` in all (None for more: collecting them would cost more than it saves)."""
    if texts.select(pl.col("text").str.len_chars().sum()).item() > SMALL_BATCH_CHARACTERS:
        return None
    strings = texts["text"].to_list()
    return pl.Series(
        list({text[i : i + 3] for text in strings for i in range(len(text) - 2)}), dtype=pl.String()
    )


class AliasPasses:
    """What the alias matching of :func:`extract_mentions` takes from a gazetteer, built once per gazetteer
    (:func:`_alias_passes`): sorting 99,000 aliases and turning them into pattern lists cost about 0.12 s a
    call, as much on ten articles as on 20,000."""

    def __init__(self, gazetteer: pl.DataFrame) -> None:
        # weakly: the cache of passes (:func:`_alias_passes`) must not keep the gazetteer alive
        self._gazetteer = weakref.ref(gazetteer)
        self.written: list[str] = gazetteer["language"].drop_nulls().unique().to_list()
        present = set(gazetteer["entity_type"].unique().to_list())
        self.types = {types for types in MATCH_PASSES if present.intersection(types)}
        # one spelling has one owner per type; its rows differ only in the languages that read it: one row per
        # spelling and type, with whether every language reads it and which languages do
        readers = gazetteer.group_by("entity_type", "alias").agg(
            _everywhere=pl.col("language").is_null().any(), _languages=pl.col("language").drop_nulls()
        )
        self.owners = (
            gazetteer.unique(subset=["entity_type", "alias"], keep="first", maintain_order=True)
            .drop("language")
            .join(readers, on=["entity_type", "alias"], how="left")
            .rename({"alias": "matched_text"})
        )
        self._passes: dict[tuple[tuple[str, ...], str], AliasPass] = {}

    def of(self, types: tuple[str, ...], alias_set: str) -> AliasPass:
        """The pass over ``types`` for the texts of ``alias_set`` (all aliases for ``LOCAL``, the
        language-less ones otherwise)."""
        key = (types, alias_set)
        if key not in self._passes:
            gazetteer = self._gazetteer()
            if gazetteer is None:  # pragma: no cover - the caller holds the gazetteer it asks about
                raise ReferenceError("the gazetteer of these alias passes is gone")
            of_type = gazetteer.filter(pl.col("entity_type").is_in(types))
            readable = of_type if alias_set == LOCAL else of_type.filter(pl.col("language").is_null())
            patterns = sorted(readable["alias"].unique().to_list(), key=lambda a: (-len(a), a))
            kinds = readable.select("entity_type", matched_text="alias").unique() if len(types) > 1 else None
            series = pl.Series(patterns, dtype=pl.String())
            self._passes[key] = AliasPass(
                series,
                pl.Series([OPEN + p + CLOSE for p in patterns], dtype=pl.String()),
                kinds,
                series.str.slice(0, 3),
                series.str.len_chars() < 3,
            )
        return self._passes[key]


# id of a gazetteer -> (a weak reference to it, its passes); an entry goes when its gazetteer does. Frames are
# not changed in place in this code base: a gazetteer's passes stay true while it lives.
_PASSES: dict[int, tuple[weakref.ref[pl.DataFrame], AliasPasses]] = {}


def _alias_passes(gazetteer: pl.DataFrame) -> AliasPasses:
    key = id(gazetteer)
    cached = _PASSES.get(key)
    if cached is not None and cached[0]() is gazetteer:
        return cached[1]

    cache = _PASSES  # not the global: at interpreter exit the callback can run after globals became None

    def forget(ref: weakref.ref[pl.DataFrame]) -> None:
        entry = cache.get(key)
        if entry is not None and entry[0] is ref:
            del cache[key]

    passes = AliasPasses(gazetteer)
    _PASSES[key] = (weakref.ref(gazetteer, forget), passes)
    return passes


def alias_matches(
    texts: pl.DataFrame, patterns: pl.Series | list[str], marks: pl.Series | None = None
) -> pl.DataFrame:
    """One row per match of ``patterns`` (leftmost-first, no overlaps) in ``texts``' ``text``, with the
    ``matched_text`` and its ``byte_start``, in the order of ``texts``: one Aho-Corasick pass marks the
    matches (transforms.spans), where extracting them and finding their starts took two. ``marks``: the
    patterns between ``OPEN`` and ``CLOSE``, when the caller has them. The lists go to polars as one-row
    list literals: converting Python lists of 30,000 patterns cost more than the matching of small
    batches."""
    patterns = pl.Series(patterns, dtype=pl.String())
    if marks is None:
        marks = OPEN + patterns + CLOSE
    pattern_list = pl.lit(patterns).implode()
    marked = pl.col("text").str.replace_many(pattern_list, pl.lit(marks).implode(), leftmost=True)

    def two_pass(odd: pl.DataFrame) -> pl.DataFrame:
        return odd.with_columns(
            matched_text=pl.col("text").str.extract_many(pattern_list, overlapping=False, leftmost=True),
            byte_start=pl.col("text").str.find_many(pattern_list, overlapping=False, leftmost=True),
        )

    return match_rows(texts, "text", marked, two_pass, "matched_text")


def _settled_beside(uncued: pl.DataFrame, settled: pl.DataFrame) -> pl.DataFrame:
    """The organization mentions among ``uncued`` (aliases that need a cue the article lacks) that what stands
    right beside them settles: a legal or corporate suffix after them (``LEGAL_SUFFIX``), or an organization
    mention of ``settled`` (no cue needed) beside them in a list (``LIST_GAP``)."""
    orgs = uncued.filter(pl.col("entity_type") == "organization")
    if orgs.height == 0:
        return uncued.clear()
    suffixed = orgs.filter(pl.col("text").str.slice(pl.col("end_offset"), 20).str.contains(LEGAL_SUFFIX))
    partners = settled.filter(pl.col("entity_type") == "organization").select(
        "article_id", "field", p_start="start_offset", p_end="end_offset"
    )
    gap = (
        pl.when(pl.col("p_start") >= pl.col("end_offset"))
        .then(pl.col("text").str.slice(pl.col("end_offset"), pl.col("p_start") - pl.col("end_offset")))
        .when(pl.col("p_end") <= pl.col("start_offset"))
        .then(pl.col("text").str.slice(pl.col("p_end"), pl.col("start_offset") - pl.col("p_end")))
    )
    listed = (
        orgs.join(partners, on=["article_id", "field"], how="inner")
        .filter(gap.str.len_chars() <= LIST_GAP_LENGTH)
        .filter(gap.str.contains(LIST_GAP))
        .drop("p_start", "p_end")
    )
    return pl.concat([suffixed, listed], how="vertical").unique(
        subset=["article_id", "field", "entity_type", "start_offset"], keep="first", maintain_order=True
    )


def defined_span(abbreviation: str, before: str) -> int | None:
    """Where, in ``before`` (the text up to an opening parenthesis), the words an abbreviation stands for
    start: the initials of the last words spell it, small words (``SMALL_WORDS``) in between allowed; None
    when they do not."""
    words = [(m.start(), m.group()) for m in re.finditer(r"[^\W\d_]+", before)]
    letters = abbreviation.lower()
    i = len(letters) - 1
    for start, word in reversed(words[-(len(letters) + 4) :]):
        if word[0].lower() == letters[i]:
            i -= 1
            if i < 0:
                return start
        elif word.lower() not in SMALL_WORDS:
            return None
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in SMALL_WORDS and len(w) > 2}


def _defined_otherwise(found: pl.DataFrame) -> pl.DataFrame:
    """Drop the mentions of an abbreviation alias from an article that defines the abbreviation, in
    parentheses right after the words it stands for, as something other than the alias's entity ("Reporters
    sans frontières (RSF)" is not the Rapid Support Forces): the words spell it, no mention of that entity
    covers them and they share no word with its name. "Defense Innovation Unit (DIU)", where the words are the
    entity's own name, keeps it. Organizations and civil bodies only: a weapon system's abbreviation is
    defined by its own long name ("Joint Air-to-Surface Standoff Missile (JASSM)") even where the seeds do not
    list that name."""
    candidates = found.filter(
        pl.col("entity_type").is_in(("organization", "civil_body"))
        & pl.col("matched_text").str.contains(ABBREVIATION)
        & (pl.col("text").str.slice(pl.col("start_offset") - 1, 1) == "(")
        & (pl.col("text").str.slice(pl.col("end_offset"), 1) == ")")
    )
    if candidates.height == 0:
        return found
    rows = []
    for article_id, field, entity_type, entity_id, name, matched, start, text in candidates.select(
        "article_id",
        "field",
        "entity_type",
        "entity_id",
        "entity_name",
        "matched_text",
        "start_offset",
        "text",
    ).iter_rows():
        before = text[max(0, start - 120) : start - 1].rstrip()
        begins = defined_span(matched, before)
        # words shared with the entity's name make it the entity, named in words the seeds do not list
        if begins is not None and not _content_words(before[begins:]) & _content_words(name or ""):
            offset = max(0, start - 120) + begins
            rows.append((article_id, field, entity_type, entity_id, matched, offset, start - 1))
    if not rows:
        return found
    defined = pl.DataFrame(
        rows,
        schema={
            "article_id": pl.String(), "field": pl.String(), "entity_type": pl.String(),
            "entity_id": pl.String(), "matched_text": pl.String(), "d_start": pl.Int32(), "d_end": pl.Int32(),
        },
        orient="row",
    )  # fmt: skip
    spans = found.select("article_id", "field", "entity_type", "entity_id", "start_offset", "end_offset")
    own_name = (
        defined.join(spans, on=["article_id", "field", "entity_type", "entity_id"], how="inner")
        .filter((pl.col("start_offset") < pl.col("d_end")) & (pl.col("d_start") < pl.col("end_offset")))
        .select("article_id", "entity_type", "entity_id", "matched_text")
    )
    other = defined.select("article_id", "entity_type", "entity_id", "matched_text").join(
        own_name, on=["article_id", "entity_type", "entity_id", "matched_text"], how="anti"
    )
    return found.join(other, on=["article_id", "entity_type", "entity_id", "matched_text"], how="anti")


CONTEXT_COLUMNS = (
    "article_id", "entity_type", "entity_id", "entity_name", "matched_text", "field", "start_offset",
    "end_offset", "rule",
)  # fmt: skip


def _context_mentions(
    articles: pl.DataFrame, texts: pl.DataFrame, aliases: pl.DataFrame, services: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Organization mentions by unit grammar and by bare service names in context, minus those an alias
    organization mention overlaps; and the alias mentions (article_id, field, start_offset, entity_id) that
    give way to a bare name the publisher settles."""
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
        named = aliases.filter(pl.col("entity_type") == "organization").select(
            "article_id", "field", "entity_id", "end_offset"
        )
        frames.append(resolve_services(bare, countries, context, services, _forces(aliases, services), named))
    found = pl.concat(
        [f.select("article_id", "field", "entity_id", "entity_name", "matched_text", "start_offset",
                  "end_offset", "rule").cast({"start_offset": pl.Int32(), "end_offset": pl.Int32()})
         for f in frames]
    ).with_columns(entity_type=pl.lit("organization"))  # fmt: skip
    spans = aliases.filter(pl.col("entity_type").is_in(("organization", "civil_body"))).select(
        "article_id", "field", a_start="start_offset", a_end="end_offset", a_id="entity_id"
    )
    overlapping = found.join(spans, on=["article_id", "field"], how="inner").filter(
        (pl.col("a_start") < pl.col("end_offset")) & (pl.col("start_offset") < pl.col("a_end"))
    )
    # gazetteer-22: ... except a bare name the publisher settles that is, word for word, another country's
    # service's alias and also the language's common noun for any such service (``COMMON_SERVICE_NOUNS``):
    # "Luftwaffe" at a Swiss or Austrian publisher is its own air force (the labeling policy, README dev11),
    # where "ВКС", a name only Russia's service bears, stays Russia's; the alias mention gives way
    # and where the article does not name the alias's own country ("ВКС" at a Belarusian publisher, beside
    # "Минобороны РФ", stays Russia's)
    owners = (
        services.select(a_id="org_id", a_country="country_iso3").unique()
        if services is not None
        else pl.DataFrame(schema={"a_id": pl.String(), "a_country": pl.String()})
    )
    named = aliases.filter(pl.col("entity_type") == "country").select("article_id", a_country="entity_id")
    publishers = (
        overlapping.filter(
            (pl.col("rule") == RULE_FEED)
            & pl.col("matched_text").is_in(list(COMMON_SERVICE_NOUNS))
            & (pl.col("a_start") == pl.col("start_offset"))
            & (pl.col("a_end") == pl.col("end_offset"))
            & (pl.col("a_id") != pl.col("entity_id"))
        )
        .join(owners, on="a_id", how="inner")
        .join(named.unique(), on=["article_id", "a_country"], how="anti")
    )
    overlapped = overlapping.join(
        publishers.select("article_id", "field", "start_offset", "entity_id"),
        on=["article_id", "field", "start_offset", "entity_id"],
        how="anti",
    ).select("article_id", "field", "start_offset", "entity_id")
    found = found.join(overlapped, on=["article_id", "field", "start_offset", "entity_id"], how="anti")
    return found.select(CONTEXT_COLUMNS), publishers.select(
        "article_id", "field", "start_offset", entity_id="a_id"
    ).unique()


def _forces(aliases: pl.DataFrame, services: pl.DataFrame) -> pl.DataFrame:
    """Alias mentions of a country's armed forces (the services table's kind ``FORCES``: ЗСУ, НОАК,
    Bundeswehr), as (article_id, field, entity_id = its country, offsets), for :func:`resolve_services`."""
    armed = services.filter(pl.col("kind") == FORCES).select(
        entity_id=pl.col("org_id"), country=pl.col("country_iso3")
    )
    return (
        aliases.filter(pl.col("entity_type") == "organization")
        .join(armed, on="entity_id", how="inner")
        .select("article_id", "field", pl.col("country").alias("entity_id"), "start_offset", "end_offset")
    )


def _inside_service_names(found: pl.DataFrame, services: pl.DataFrame | None) -> pl.DataFrame:
    """Drop an armed forces' alias mention that a bare service name right before it was resolved by: it is
    part of the service's name ("ЗСУ" in "Повітряних сил ЗСУ", "НОАК" in "Военно-морские силы НОАК"), as
    the labeling policy reads an organization named inside another's name."""
    if services is None:
        return found
    resolved = found.filter(pl.col("rule").str.starts_with("service:")).select(
        "article_id", "field", s_end="end_offset"
    )
    if resolved.height == 0:
        return found
    armed = services.filter(pl.col("kind") == FORCES)["org_id"].implode()
    orgs = found.filter(
        (pl.col("entity_type") == "organization")
        & (pl.col("rule") == ALIAS)
        & pl.col("entity_id").is_in(armed)
    )
    inside = (
        orgs.join(resolved, on=["article_id", "field"], how="inner")
        .filter((pl.col("start_offset") - pl.col("s_end")).is_between(0, 1))
        .select("article_id", "field", "start_offset", "entity_id")
    )
    if inside.height == 0:
        return found
    return found.join(inside, on=["article_id", "field", "start_offset", "entity_id"], how="anti")


# gazetteer-24: languages that name a unit's or an agency's parent after it in the genitive, as part of its
# full name ("76-я десантно-штурмовая дивизия ВДВ", "Головне управління розвідки Міноборони", "das
# Jagdkommando des Bundesheeres"), and what may stand between the two: for German the article of the genitive;
# for Russian and Ukrainian, after a numbered unit, its lower-case descriptive words and a quoted name ("13-та
# бригада оперативного призначення «Хартія» Національної гвардії України")
GENITIVE_PARENT_LANGUAGES = ("ru", "uk", "be", "de")
PARENT_GAP = {
    "de": r"^\s+(?:des|der)\s+$",
    "alias": r"^\s+$",
    # (adjectives and nouns in the genitive only, "оперативного призначення", "морской пехоты": a verb or a
    # conjunction between the two makes them two mentions, "20-й армии поразили склады ВСУ", "бригадою та
    # ССО")
    "unit": r"^\s+(?:(?:[а-яіїєґё’'-]+(?:ого|его|ой|ей|ої|ьої|ых|их|ії)|призначення|назначения|піхоти|пехоты)"
    r"\s+){0,4}(?:«[^«»]{1,40}»\s+)?$",
}


def _parent_in_name(found: pl.DataFrame, texts: pl.DataFrame, services: pl.DataFrame | None) -> pl.DataFrame:
    """``found`` without an organization's mention that stands right after another organization's in the
    genitive, in the languages that name the parent so (``GENITIVE_PARENT_LANGUAGES``):
    it is part of that organization's full name, which the labeling policy does not read as a mention of its
    own (README: ЗСУ inside "Генштаб ЗСУ", "Luftstreitkräfte des Bundesheeres", "76-я десантно-штурмовая
    дивизия ВДВ"). The same service named elsewhere in the text still counts."""
    if services is None:
        return found
    code = pl.col("language").fill_null("").str.slice(0, 2)
    genitive = texts.filter(code.is_in(GENITIVE_PARENT_LANGUAGES)).select(
        "article_id", "field", "text", de=code == "de"
    )
    # (the organizations of the texts in those languages: the pairs are of those texts only)
    orgs = found.filter(pl.col("entity_type") == "organization").join(
        genitive.select("article_id", "field"), on=["article_id", "field"], how="semi"
    )
    if genitive.height == 0 or orgs.height == 0:
        return found
    parents = orgs.select("article_id", "field", "entity_id", p_start="start_offset")
    pairs = (
        orgs.select("article_id", "field", "rule", n_id="entity_id", n_end="end_offset")
        .join(parents, on=["article_id", "field"], how="inner")
        .filter((pl.col("p_start") > pl.col("n_end")) & (pl.col("p_start") - pl.col("n_end") <= 60))
        .filter(pl.col("n_id") != pl.col("entity_id"))
        .join(genitive, on=["article_id", "field"], how="inner")
        .with_columns(gap=pl.col("text").str.slice(pl.col("n_end"), pl.col("p_start") - pl.col("n_end")))
    )
    gap_ok = (
        pl.when(pl.col("de"))
        .then(pl.col("gap").str.contains(PARENT_GAP["de"]))
        .when(pl.col("rule") == "unit")
        .then(pl.col("gap").str.contains(PARENT_GAP["unit"]))
        .otherwise(pl.col("gap").str.contains(PARENT_GAP["alias"]))
    )
    inside = pairs.filter(gap_ok).select("article_id", "field", start_offset="p_start", entity_id="entity_id")
    if inside.height == 0:
        return found
    return found.join(inside.unique(), on=["article_id", "field", "start_offset", "entity_id"], how="anti")
