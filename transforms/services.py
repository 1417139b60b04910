"""Bare service names ("the Air Force", "la Marine", "ВМС", "חיל האוויר") resolved to a country's service when
the context settles whose service it is, and dropped when it does not.

A gazetteer cannot list "the Navy": it names a different service on every publisher. The labeling policy
(samples/entity_gold/README.md) counts it when the publisher or the one country in focus settles it, so each
bare name is resolved by the first of these rules that gives an answer; the rule is kept on the mention:

1. ``service:adjacent_country``: a country is named right before or after it ("the Sudanese Army",
   "Fuerza Aérea Argentina", "ВВС США");
2. ``service:feed_country``: the feeds file gives the publisher's country (a U.S. Air Force or ministry feed,
   a national newspaper);
3. ``service:focus``: the article names exactly one country, or one at least twice as often as any other.

Two or more countries with none dominant and no feed country: no mention (giving up costs recall, a wrong
country's navy costs precision and misleads). A country without a service of that kind in the reference
data gives no mention either.

What counts as a bare name: the service words of the article's language (English when it is unknown). In
English the name must be capitalized, start the text or a sentence or follow "the", and stand alone: a
capitalized word after it makes it part of a longer name ("Air Force Base", "Navy Cross", "Marine Le Pen"),
and a job title ("Secretary of the Air Force") is not a mention of the service. One English name is lower
case: "forces" ("Russian forces", "U.S. forces"), which counts only right after a country, like the Russian
and Ukrainian "военные"; "IAF" is Israel's or India's air force only.
"""

from __future__ import annotations

import polars as pl
import regex

RULE_ADJACENT = "service:adjacent_country"
RULE_FEED = "service:feed_country"
RULE_FOCUS = "service:focus"
# gazetteer-23: a bare name that refers back to the same kind of service named in full in the article, of a
# country other than the publisher's, which the article does not name ("the Italian Army ... the Army plans"
# at a British publisher)
RULE_NAMED = "service:named"
MINISTRY = "ministry"  # the kind of a defense ministry among the services
MINISTRY_IN_FOCUS = "ministry_in_focus"  # gazetteer-25: a ministry that only the country in focus settles
GENERAL_STAFF = "general_staff"  # the kind of a general staff (a command named "General Staff of ...")
IAF = "iaf"  # "IAF": the air force of Israel or of India, no other country's
IAF_COUNTRIES = ("ISR", "IND")
# "the military" in Russian and Ukrainian ("Белорусские военные", "військові КНДР") and the abbreviations
# "ВС" and "ЗС" ("ВС РФ"): the country's armed forces only when a country is named right beside them; neither
# the publisher nor the focus settles it (the labeling policy counts "Білоруські військові", README dev5)
MILITARY = "military"
FORCES = "forces"  # the kind under which service_table also lists each country's armed forces as a whole
# Hebrew names a foreign army and ministry in the construct state with the country right after it ("צבא יוון",
# "לצבא פולין", "משרד ההגנה בפולין"; Israel's own are "הצבא" and "משרד הביטחון"): these count only beside a
# country, like MILITARY. The army of "צבא <country>" is the country's armed forces as a whole, or its army
# where the reference data has no such service (FORCES_OR_ARMY); the ministry is its defense ministry.
FORCES_OR_ARMY = "forces_or_army"
FOREIGN_MINISTRY = "foreign_ministry"
# gazetteer-22: a navy written in lower case in French, Italian and Portuguese ("la marine indienne", "la
# marina turca", "a marinha indiana") counts only beside its country, like MILITARY: the word alone is also
# an adjective or a harbour ("infanterie de marine", "marina di Ravenna")
NAVY_BESIDE = "navy_beside"
# ... and so do an army and an air force in lower case in Spanish, Italian and Portuguese ("el ejército
# israelí", "l'esercito ucraino", "a força aérea israelense")
ARMY_BESIDE = "army_beside"
AIR_FORCE_BESIDE = "air_force_beside"
ADJACENT_ONLY = {
    MILITARY: "armed_forces",
    FORCES_OR_ARMY: FORCES_OR_ARMY,
    FOREIGN_MINISTRY: "ministry",
    NAVY_BESIDE: "navy",
    ARMY_BESIDE: "army",
    AIR_FORCE_BESIDE: "air_force",
}
# ... and not when the next word makes them an adjective of something else ("военные учения", "військові
# бази")
NOT_MILITARY_AFTER = regex.compile(
    r"^\s+(?:учени|навчан|баз|объект|об.єкт|эксперт|експерт|корабл|самол[её]т|літак|суд|прокурор|комиссар|"
    r"комісар|округ|училищ|академ|техник|технік|расход|витрат|бюджет|операци|операці|действи|дій|сбор|збор|"
    r"част|подраздел|підрозділ|аэродром|аеродром|объединени|конфликт|конфлікт|помощ|допомог|преступлен|злочин)"
)
# "pro-Russian forces", "anti-government forces": not the country's
PRO_BEFORE = regex.compile(r"(?i)\b(?:pro|anti)-[\p{L}.]+\s+(?:armed\s+)?$")
# ... nor the verb ("Typhoon Haikui forces Taiwan to suspend ...")
VERB_OBJECT_AFTER = regex.compile(r"^\s+(?:\p{Lu}|(?:the|a|an|its|their|them|it|him|her|us|up)\b)")
# gazetteer-22: a service's name that is also its language's common noun for any such service ("die russische
# Luftwaffe"): where the publisher settles it, it is the publisher's service even though the gazetteer lists
# it as Germany's (the labeling policy, README dev11: "Luftwaffe" at a Swiss publisher)
COMMON_SERVICE_NOUNS = frozenset({"Luftwaffe"})
# gazetteer-23: an organization right before an event, a museum or a charity named after it is their name
# ("the Marine Corps Marathon", "the Army Ten-Miler", "the Navy Birthday Ball", "Army Emergency Relief")
EVENT_AFTER = (
    r"^\s+(?:Half\s+)?(?:Marathon|Ten-Miler|(?:Birthday\s+)?Ball|Museum|Foundation|Emergency\s+Relief|"
    # gazetteer-24: ... a veterans' league and a service's birthday ("the Marine Corps League", "the Marine
    # Corps birthday")
    r"(?:Federal\s+)?Credit\s+Union|League|[Bb]irthday)(?:$|[^\p{L}\p{N}])"
)
# (read by the gazetteer's alias matches and, gazetteer-24, by the bare names: "the Marine Corps birthday")
EVENT_AFTER_RE = regex.compile(EVENT_AFTER)
# gazetteer-22: a country's forces inside a staff's name or a job title ("the General Staff of Ukraine's armed
# forces", "commander of Russia's armed forces") are not a mention of them (the labeling policy: an
# organization inside another's full name, a job title)
STAFF_OF_BEFORE = regex.compile(
    r"\b(?:General\s+Staff|[Ss]taff|[Cc]ommander(?:-in-[Cc]hief)?|[Cc]hief|[Hh]ead)\s+of\s+(?:the\s+)?"
    r"\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?['’]s?\s+$"
)
# ... and Marines among other people ("Sailors and Marines of USS Tripoli", "200 Marines") are people, not the
# Marine Corps (the labeling policy, README dev12: "US Marines")
PEOPLE_BEFORE = regex.compile(
    r"(?:\b(?:[Ss]ailors|[Ss]oldiers|[Aa]irmen|[Tt]roops|[Gg]uardians)\s+and|\d"
    # gazetteer-24: ... and "U.S. Marines", "American Marines" (README dev12, dev13 and dev16: people, who
    # give the country but not the Marine Corps)
    r"|(?<![\p{L}\p{N}])(?:U\.S\.|US|American))\s+$"
)
PEOPLE_AFTER = regex.compile(
    r"^\s+(?:and\s+(?:[Ss]ailors|[Ss]oldiers|[Aa]irmen|[Gg]uardians)\b"
    # gazetteer-23: ... and Marines "with", "from" or "assigned to" a unit ("Marines with 3d Marine Division")
    r"|(?:with|from|assigned\s+to)\s)"
)
FOCUS_RATIO = 2  # a country "in focus" is named at least this many times as often as the next one

# Kind of an armed service from its English name in organizations.csv, first keyword found wins.
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    # gazetteer-25: a territorial defence force is a service of its own, not the country's armed forces as a
    # whole (which made "Poland's armed forces" and "Ukraine's armed forces" two services each, and none)
    ("territorial defen", "territorial_defence"),
    ("air and space force", "air_force"), ("aerospace force", "air_force"), ("air self-defen", "air_force"),
    ("air force", "air_force"), ("space force", "space_force"), ("coast guard", "coast_guard"),
    ("national guard", "national_guard"), ("special operations force", "special_operations"),
    ("marine corps", "marines"), ("marines", "marines"),
    ("navy", "navy"), ("naval force", "navy"), ("maritime self-defen", "navy"), ("ground self-defen", "army"),
    ("ground force", "army"), ("land force", "army"), ("army", "army"), ("armed forces", "armed_forces"),
    ("defence force", "armed_forces"), ("defense force", "armed_forces"),
)  # fmt: skip
# A ministry (org_type ministry) whose English name says it runs defense: the kind "ministry" (one per
# country; "Department of the Army" or an inspector general is not the defense ministry).
DEFENSE_MINISTRY = regex.compile(
    r"^(?:[\w.'’ ]+ )?(?:(?:Federal )?(?:Ministry|Department) of (?:National )?Defen[cs]e"
    r"|Ministry of the Armed Forces|Defen[cs]e Ministry|Secretaría de la Defensa Nacional)(?: of [\w ]+)?$"
)

# Service words per language: (pattern, kinds). Cyrillic and Polish stems take any case ending.
CYR = "[а-яіїєґё]*"
PL = "[a-ząćęłńóśźż]*"
BARE_NAMES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "en": (
        (
            r"(?:National )?Defen[cs]e Ministry|Ministry of (?:National )?Defen[cs]e|Defen[cs]e Department"
            r"|Department of (?:National )?Defen[cs]e|National Defence"
            # gazetteer-14: "Defence" alone as the subject, as Australian publishers name their department
            # ("Defence said", "Defence has committed $1.2 billion"); "Defence spending" is no ministry
            r"|Defen[cs]e(?=\s+(?:said|says|has|had|will|would|is|was|signed|signs|announced|announces"
            r"|confirmed|confirms|awarded|awards|ordered|orders|expects|plans|committed|commits|spokesperson"
            r"|spokesman|spokeswoman)\b)"
            # gazetteer-15: "DND", the Department of National Defense (Philippines) or of National Defence
            # (Canada)
            r"|DND",
            ("ministry",),
        ),
        # gazetteer-25: "the defence ministry said" in lower case, as the subject of a verb: a wire service
        # writes it of any country's ministry, so the publisher does not settle it, the country in focus does
        (
            r"(?<=\b[Tt]he\s)defen[cs]e\s+ministry(?=\s+(?:said|says|has|had|will|would|announced"
            r"|announces|confirmed|confirms|signed|signs|ordered|orders|plans|added)\b)",
            (MINISTRY_IN_FOCUS,),
        ),
        (r"Air(?: and|,) Space Forces", ("air_force", "space_force")),  # "Air, Space Forces leaders"
        (r"Air Force|AF", ("air_force",)),  # "AF" as U.S. military headlines abbreviate it
        (r"Space Force", ("space_force",)),
        (r"Army", ("army",)),
        (r"Navy", ("navy",)),
        (r"Marines|Marine Corps", ("marines",)),
        (r"Coast Guard", ("coast_guard",)),
        (r"Armed Forces|Defen[cs]e Forces?", ("armed_forces",)),
        # gazetteer-21: "the General Staff" (said of Ukraine's, Russia's, Poland's ... by the publisher or the
        # country in focus; "Chief of the General Staff" is a job title); "the IAF", Israel's or India's air
        # force only
        (r"General Staff", (GENERAL_STAFF,)),
        (r"IAF", (IAF,)),
        # gazetteer-21: "Russian forces", "U.S. forces": a country's armed forces only right after the country
        # (the labeling policy, README dev10 and dev12); not "pro-Russian forces"
        # gazetteer-24: ... and its "troops", and its "military" as a noun: the subject of a verb, or the
        # owner of a named part of it ("the British military's UKMTO centre", as "the Army's 1st Brigade"
        # names both); "Russian military drills" is an adjective, "the U.S. military's global satellite
        # communications" names none of its parts
        (
            r"(?:armed )?forces|troops|military(?=['’]s\s+[\p{Lu}\d]|\s+(?:said|says|has|had|have|is|was|"
            r"will|would|added|confirmed|denied)\b)",
            (MILITARY,),
        ),
    ),
    "fr": (
        (
            r"[Mm]inistère des [Aa]rmées|[Mm]inistère de la [Dd]éfense(?: nationale)?|Défense nationale",
            ("ministry",),
        ),
        (r"Marine", ("navy",)),
        (r"marine", (NAVY_BESIDE,)),
        (r"[Aa]rmée de [Tt]erre", ("army",)),
        (r"[Aa]rmée de l['’][Aa]ir(?: et de l['’][Ee]space)?", ("air_force",)),
        (r"[Ff]orces [Aa]rmées", ("armed_forces",)),
    ),
    "de": (
        (r"(?:Bundes)?[Vv]erteidigungsministeri(?:um|ums)|Bundesministerium der Verteidigung", ("ministry",)),
        (r"Marine", ("navy",)),
        (r"Heer(?:es)?", ("army",)),
        # gazetteer-24: "Luftstreitkräfte" too, the word for any air force, which an Austrian publisher uses
        # of its own (README dev12 and dev16)
        (r"Luftwaffe|Luftstreitkräfte", ("air_force",)),
        (r"Streitkräfte(?:n)?", ("armed_forces",)),
    ),
    "es": (
        # gazetteer-15: "Defensa" alone as the subject, as Spanish headlines name the ministry ("Defensa
        # firma")
        (
            r"Ministerio de (?:la )?Defensa(?: Nacional)?|Defensa(?=\s+(?:firma|firmó|ha\s+firmado|adjudica|"
            r"adjudicó|compra|encarga|aprueba|anuncia|confirma|recibe|licita|contrata)\b)",
            ("ministry",),
        ),
        (r"Armada", ("navy",)),
        (r"Ejército", ("army",)),
        (r"ejército", (ARMY_BESIDE,)),
        (r"Fuerza Aérea|Fuerza Aeroespacial", ("air_force",)),
        (r"fuerza aérea", (AIR_FORCE_BESIDE,)),
        (r"Infantería de Marina", ("marines",)),
        (r"Fuerzas Armadas", ("armed_forces",)),
    ),
    "it": (
        (r"[Mm]inistero della [Dd]ifesa", ("ministry",)),
        (r"Marina", ("navy",)),
        (r"marina", (NAVY_BESIDE,)),
        (r"Esercito", ("army",)),
        (r"esercito", (ARMY_BESIDE,)),
        (r"Aeronautica", ("air_force",)),
        (r"aeronautica", (AIR_FORCE_BESIDE,)),
        (r"Forze [Aa]rmate", ("armed_forces",)),
    ),
    "pt": (
        (r"Ministério da Defesa", ("ministry",)),
        (r"Marinha", ("navy",)),
        (r"marinha", (NAVY_BESIDE,)),
        (r"Exército", ("army",)),
        (r"exército", (ARMY_BESIDE,)),
        (r"Força Aérea", ("air_force",)),
        (r"força aérea", (AIR_FORCE_BESIDE,)),
        (r"Forças Armadas", ("armed_forces",)),
    ),
    "pl": (
        (rf"MON|Ministerstw{PL} Obrony Narodowej", ("ministry",)),
        (rf"Marynark{PL} Wojenn{PL}", ("navy",)),
        (rf"Wojsk{PL} Lądow{PL}", ("army",)),
        (rf"Sił{PL} Powietrzn{PL}", ("air_force",)),
        (rf"Sił{PL} Zbrojn{PL}", ("armed_forces",)),
    ),
    "uk": (
        (r"військов(?:і|их|им|ими)|ЗС", (MILITARY,)),
        (rf"Міноборони|Міністерств{CYR} (?:національної )?оборони", ("ministry",)),
        (rf"Генштаб{CYR}|Генеральн{CYR} штаб{CYR}", (GENERAL_STAFF,)),
        (rf"ССО|Сил{CYR} спеціальних операцій", ("special_operations",)),
        (rf"ВМС|Військово-[Мм]орськ{CYR} [Сс]ил{CYR}", ("navy",)),
        (rf"Повітрян{CYR} [Сс]ил{CYR}", ("air_force",)),
        (rf"Сухопутн{CYR} військ{CYR}", ("army",)),
        (rf"Збройн{CYR} [Сс]ил{CYR}", ("armed_forces",)),
        # gazetteer-22: in lower case, as running text writes another country's ("збройних сил Латвії"): only
        # beside the country
        (rf"збройн{CYR} сил{CYR}", (MILITARY,)),
    ),
    "ru": (
        (r"военн(?:ые|ых|ым|ыми)|ВС", (MILITARY,)),
        (rf"Минобороны|Министерств{CYR} (?:национальной )?обороны", ("ministry",)),
        (rf"Генштаб{CYR}|Генеральн{CYR} штаб{CYR}", (GENERAL_STAFF,)),
        (rf"ССО|Сил{CYR} специальных операций", ("special_operations",)),
        (rf"ВМФ|ВМС|Военно-[Мм]орск{CYR} (?:флот{CYR}|[Сс]ил{CYR})", ("navy",)),
        (rf"ВВС|ВКС|Воздушно-[Кк]осмическ{CYR} [Сс]ил{CYR}|Воздушн{CYR} [Сс]ил{CYR}", ("air_force",)),
        (rf"Сухопутн{CYR} войск{CYR}", ("army",)),
        (rf"Вооруж[её]нн{CYR} [Сс]ил{CYR}", ("armed_forces",)),
        (rf"вооруж[её]нн{CYR} сил{CYR}", (MILITARY,)),  # gazetteer-22: "вооружённых сил Латвии"
    ),
    "he": (
        (r"משרד הביטחון|משהב[״\"]ט", ("ministry",)),
        (r"חיל האוויר", ("air_force",)),
        (r"חיל הים", ("navy",)),
        (r"זרוע היבשה", ("army",)),
        (r"חיל הנחתים", ("marines",)),
        (r"הצבא", ("armed_forces",)),  # "the army": the IDF in an Israeli paper
        (r"(?<!ה)צבא", (FORCES_OR_ARMY,)),
        (r"משרד ההגנה", (FOREIGN_MINISTRY,)),
    ),
    "ar": (
        (r"وزارة الدفاع", ("ministry",)),
        (r"القوات الجوية", ("air_force",)),
        (r"القوات البحرية", ("navy",)),
        (r"القوات المسلحة", ("armed_forces",)),
    ),
}
# A preposition between a bare name and the country after it: "Força Aérea da Holanda", "Exército dos EUA",
# "Marina della Grecia", "Armée de l'air du Mali", "Army of the Republic", "Marine der Niederlande".
LINK_AFTER = {
    "en": regex.compile(r"^\s+of(?:\s+the)?\s+"),
    "fr": regex.compile(r"^\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+)"),
    "es": regex.compile(r"^\s+(?:de\s+la\s+|del\s+|de\s+)"),
    "it": regex.compile(r"^\s+(?:della\s+|dello\s+|dell['’]|del\s+|dei\s+|degli\s+|di\s+)"),
    "pt": regex.compile(r"^\s+(?:da|do|das|dos|de)\s+"),
    "de": regex.compile(r"^\s+(?:der|des)\s+"),
}
HEBREW_PREFIX = "[בלהוכמש]{0,2}"  # one-letter words written onto the next: "in", "to", "the", "and", ...
LATIN_SCRIPT = frozenset({"en", "fr", "es", "it", "pt", "pl"})  # German capitalizes every noun
EN_BEFORE = regex.compile(r"(?:^|[.!?:;]\s+|\b[Tt]he\s+)$")
# ... or after a word that is not capitalized, a number or a comma, parenthesis or quote ("two Air Force
# astronauts", "active-duty Air Force members", ", Navy ships"): a capitalized word before it would make it
# part of a longer name ("Salvation Army", "Free Syrian Army"), an ordinal a numbered one ("8th Air Force")
EN_LOWER_BEFORE = regex.compile(
    r"(?:(?<![\p{L}\p{N}])(?!\d+(?:st|nd|rd|th)\s)[\p{Ll}\p{N}][\p{L}\p{N}-]*\s+|[,(\"“‘']\s+|\(\s*)$"
)
# gazetteer-25: a service named in a contract's funding or customer line, as the DoD's contract
# announcements write them: alone in parentheses ("aircraft procurement (Navy) funds", "operation and
# maintenance (Navy)") or followed by its share of the work ("purchases for the Navy (78%) and the government
# of Australia (22%)").
# It is the publisher's own service even where another country's service of its kind is named before it
# (``RULE_NAMED`` does not apply)
FUNDING_BEFORE = regex.compile(r"\(\s*$")
FUNDING_AFTER = regex.compile(r"^(?:\s*\)|\s+\(\d{1,3}(?:\.\d+)?\s?%)")
JOB_TITLE_AFTER = regex.compile(r"^\s+(?:secretary|undersecretary|under secretary|chief of staff)\b")
JOB_TITLE_BEFORE = regex.compile(r"\b(?:Secretary|Sergeant|Major|Staff|Officer|Chief)\s+of\s+(?:the\s+)?$")
CAPITALIZED_AFTER = regex.compile(r"^\s+(?:\p{Lu}|\d)")
# ... or a capitalized word right before it: a country adjective ("Afghan AF", "the Sudanese Army") or the
# start of a longer name ("Salvation Army"), which the country mentions tell apart when the name is resolved
CAPITALIZED_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’.-]*\s+$")
# gazetteer-10: a possessive ending right before the name ("Côte d'Ivoire's Ministry of Defence", "Japan's
# Navy"): the country before it is beside the name as if nothing stood between
POSSESSIVE_BEFORE = regex.compile(r"(?<=\p{L})['’]s?\s+$")


def _language_pattern(language: str) -> regex.Pattern[str]:
    prefix = HEBREW_PREFIX if language == "he" else ""
    body = "|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(BARE_NAMES[language]))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){prefix}(?:{body})(?![\p{{L}}\p{{N}}])", regex.VERSION1)


PATTERNS = {language: _language_pattern(language) for language in BARE_NAMES}
# A text holds at least one of these if it holds a bare name (cheap Aho-Corasick prefilter).
PREFILTER = [
    "Air Force", "Space Force", "Air and Space", "Air, Space", "AF", "Army", "Navy", "Marine", "Coast Guard",
    "General Staff",
    "Armed Forces", "forces", "troops", "military",
    "Defence Force", "Defense Force", "rmée de", "orces armées", "orces Armées", "Heer",
    "Luftwaffe", "Luftstreitkräfte", "Streitkräfte",
    "הצבא", "Armada", "Ejército", "Fuerza", "Marina", "Esercito", "Aeronautica",
    "Forze", "צבא", "משרד ההגנה",
    "rmate", "Marinha", "Exército", "Força", "Marynark", "Wojsk", "Sił", "ВМС", "ВМФ", "ВВС", "ВКС", "орськ",
    "орск", "овітрян", "Сухопутн", "Збройн", "Вооруж", "збройн", "вооруж", "marine", "marina", "ejército",
    "esercito", "exército", "fuerza aérea", "aeronautica", "força aérea", "осмическ",
    "חיל", "זרוע", "القوات",
    "Defence", "Defense", "DND", "Defensa", "inistère", "Défense", "erteidigungsminist", "Verteidigung",
    "Ministerio", "defence ministry", "defense ministry",
    "inistero", "Ministério", "MON", "Ministerstw", "Міноборони", "Міністерств", "Минобороны", "Министерств",
    "Генштаб", "Генеральн", "ССО", "пеціальних операц", "пециальных операц", "Воздушн",
    "משרד הביטחון", "משהב", "وزارة الدفاع", "военн", "військов", "ВС", "ЗС",
]  # fmt: skip


BARE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "field": pl.String(),
    "kind": pl.String(),
    "matched_text": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
    # a capitalized word follows (Latin-script languages) or, in English, precedes: a longer name or a country
    "capitalized_after": pl.Boolean(),
    # characters of a preposition after it ("da", "of the") that a country right after it may follow
    "link_after": pl.Int32(),
    # characters of a possessive before it ("'s " of "Kenya's Ministry of Defence") that a country right
    # before it may precede (gazetteer-10)
    "link_before": pl.Int32(),
    # gazetteer-25: named in a contract's funding or customer line (``FUNDING_AFTER``)
    "funding": pl.Boolean(),
}
SERVICE_SCHEMA: dict[str, pl.DataType] = {
    "country_iso3": pl.String(),
    "kind": pl.String(),
    "org_id": pl.String(),
    "org_name": pl.String(),
}


def service_kind(name: str) -> str | None:
    """The kind of armed service an English name says (army, navy, air_force, ...), or None."""
    lowered = name.lower()
    return next((kind for keyword, kind in KIND_KEYWORDS if keyword in lowered), None)


def whole_forces_kind(aliases: str | None) -> str | None:
    """ "armed_forces" when one of a service's aliases ("|"-separated) names a country's armed forces as a
    whole ("German Armed Forces" of the Bundeswehr), else None (gazetteer-25)."""
    names = (aliases or "").split("|")
    return "armed_forces" if any(service_kind(n) == "armed_forces" for n in names) else None


def ministry_kind(name: str) -> str | None:
    """ "ministry" when a ministry's English name says it is the defense ministry, else None."""
    return MINISTRY if DEFENSE_MINISTRY.match(name) else None


def service_table(organizations: pl.DataFrame) -> pl.DataFrame:
    """(country, kind) -> the one armed service of that kind, or the defense ministry (kind "ministry")
    (``SERVICE_SCHEMA``), from organizations.csv.

    The kind comes from the English name (a column would have to be kept by hand for every new row). A
    country with two services of one kind (IRGC Navy and the Iranian Navy) has none here: a bare "Navy"
    cannot say which.
    """
    is_ministry = pl.col("org_type") == "ministry"
    is_staff = (pl.col("org_type") == "command") & pl.col("name").str.starts_with("General Staff of ")
    services = organizations.filter((pl.col("org_type") == "armed_service") | is_ministry | is_staff).select(
        country_iso3=pl.col("country_iso3"),
        kind=pl.when(is_ministry)
        .then(pl.col("name").map_elements(ministry_kind, return_dtype=pl.String()))
        .when(is_staff)
        .then(pl.lit(GENERAL_STAFF))
        .otherwise(
            pl.coalesce(
                pl.col("name").map_elements(service_kind, return_dtype=pl.String()),
                # gazetteer-25: a country's armed forces under a name that says no kind ("Bundeswehr",
                # "Tatmadaw") take the kind their English alias says
                pl.col("aliases").map_elements(whole_forces_kind, return_dtype=pl.String())
                if "aliases" in organizations.columns
                else pl.lit(None, pl.String()),
            )
        ),
        org_id=pl.col("org_id"),
        org_name=pl.col("name"),
    )
    services = services.filter(pl.col("kind").is_not_null() & pl.col("country_iso3").is_not_null())
    unique = services.filter(pl.len().over("country_iso3", "kind") == 1)
    # every service that is a country's armed forces as a whole (two may share a country: the PLA and its
    # Ground Force) also under the kind FORCES, which no bare name has: what settles a name beside it
    forces = services.filter(pl.col("kind").is_in(("armed_forces", "army"))).with_columns(kind=pl.lit(FORCES))
    # under FORCES_OR_ARMY, per country: its armed forces as a whole (a name with "Armed Forces" or "Defence
    # Forces" first: Poland's territorial defence force is of that kind too), else its army
    whole = pl.col("org_name").str.contains(r"Armed Forces|Defen[cs]e Forces")
    first = (
        services.filter(pl.col("kind").is_in(("armed_forces", "army")))
        .sort("country_iso3", pl.col("kind") != "armed_forces", ~whole, "org_id")
        .unique(subset=["country_iso3"], keep="first", maintain_order=True)
        .with_columns(kind=pl.lit(FORCES_OR_ARMY))
    )
    iaf = unique.filter(
        (pl.col("kind") == "air_force") & pl.col("country_iso3").is_in(IAF_COUNTRIES)
    ).with_columns(kind=pl.lit(IAF))
    return pl.concat([unique, forces, first, iaf]).cast(SERVICE_SCHEMA).sort("country_iso3", "kind")  # type: ignore[arg-type]


def bare_services_in(text: str, language: str) -> list[tuple[int, int, tuple[str, ...], bool, int, int]]:
    """(start, end, kinds, capitalized word next to it, length of a preposition after it, length of a
    possessive before it) of the bare service names in ``text``: a capitalized word after it (Latin-script
    languages) or, in English, before it, keeps the name only where that word is a country
    (``resolve_services``)."""
    names = BARE_NAMES[language]
    found = []
    for match in PATTERNS[language].finditer(text):
        group = match.lastgroup or ""
        start, end = match.span(group)
        kinds = names[int(group[1:])][1]
        if kinds == (MILITARY,) and (
            NOT_MILITARY_AFTER.match(text[end : end + 16]) is not None
            or PRO_BEFORE.search(text[max(0, start - 30) : start]) is not None
            or (language == "en" and VERB_OBJECT_AFTER.match(text[end : end + 8]) is not None)
            or (language == "en" and STAFF_OF_BEFORE.search(text[max(0, start - 60) : start]) is not None)
        ):
            continue
        if language == "en" and EVENT_AFTER_RE.match(text[end : end + 24]) is not None:
            continue
        if (
            language == "en"
            and match.group(group) == "Marines"
            and (
                PEOPLE_BEFORE.search(text[max(0, start - 20) : start]) is not None
                or PEOPLE_AFTER.match(text[end : end + 20]) is not None
            )
        ):
            continue
        # "Ministry of Defence" is that ministry wherever it stands; "Army" only where a name can start
        before = text[max(0, start - 40) : start]
        capitalized_before = False
        if language == "en" and kinds != (MINISTRY,):
            if (
                JOB_TITLE_BEFORE.search(before) is not None
                or JOB_TITLE_AFTER.match(text[end : end + 30]) is not None
            ):
                continue
            if EN_BEFORE.search(before) is None and EN_LOWER_BEFORE.search(before) is None:
                if CAPITALIZED_BEFORE.search(before) is None:
                    continue
                capitalized_before = True
        after = capitalized_before or (
            language in LATIN_SCRIPT and CAPITALIZED_AFTER.match(text[end : end + 3]) is not None
        )
        link = LINK_AFTER.get(language)
        linked = link.match(text[end : end + 12]) if link is not None else None
        if kinds == (MILITARY,) and match.group(group) == "troops":
            linked = (
                None  # gazetteer-24: "troops of the Philippine Army" are the army's, not a country's forces
            )
        possessive = POSSESSIVE_BEFORE.search(text, max(0, start - 4), start) if language == "en" else None
        found.append(
            (
                start,
                end,
                kinds,
                after,
                linked.end() if linked is not None else 0,
                start - possessive.start() if possessive is not None else 0,
            )
        )
    return found


def funding_line(text: str, start: int, end: int) -> bool:
    """Whether the bare name at ``start:end`` of ``text`` stands in a contract's funding or customer line:
    in parentheses alone, "(Navy)", or followed by its share, "the Navy (78%)" (gazetteer-25)."""
    after = text[end : end + 12]
    in_parentheses = FUNDING_BEFORE.search(text, max(0, start - 4), start) is not None
    return FUNDING_AFTER.match(after) is not None and (in_parentheses or not after.lstrip().startswith(")"))


def find_bare_services(texts: pl.DataFrame) -> pl.DataFrame:
    """Bare service names in ``texts`` (article_id, field, text, language): a ``BARE_SCHEMA`` row per kind."""
    candidates = texts.select(
        "article_id", "field", "text", code=pl.col("language").fill_null("en").str.slice(0, 2)
    ).filter(pl.col("code").is_in(list(BARE_NAMES)) & pl.col("text").str.contains_any(PREFILTER))
    rows: list[dict[str, object]] = []
    # each distinct (text, language) is searched once: syndicated copies and repeated titles are common
    for text, code in candidates.select("text", "code").unique().iter_rows():
        for start, end, kinds, after, link, link_before in bare_services_in(text, code):
            rows.extend(
                {
                    "text": text,
                    "code": code,
                    "kind": kind,
                    "matched_text": text[start:end],
                    "start_offset": start,
                    "end_offset": end,
                    "capitalized_after": after,
                    "link_after": link,
                    "link_before": link_before,
                    "funding": code == "en" and funding_line(text, start, end),
                }
                for kind in kinds
            )
    found = pl.DataFrame(rows, schema={"text": pl.String(), "code": pl.String(), **BARE_SCHEMA})
    found = found.drop("article_id", "field")
    return candidates.join(found, on=["text", "code"], how="inner").select(list(BARE_SCHEMA))


def article_focus(countries: pl.DataFrame) -> pl.DataFrame:
    """(article_id, focus_country): the one country an article names, or the one it names at least
    ``FOCUS_RATIO`` times as often as any other; ``countries`` holds one row per country mention."""
    counts = (
        countries.group_by("article_id", "entity_id")
        .len()
        .sort(["article_id", "len", "entity_id"], descending=[False, True, False])
    )
    ranked = counts.group_by("article_id", maintain_order=True).agg(
        top=pl.col("entity_id").first(),
        top_count=pl.col("len").first(),
        second_count=pl.col("len").get(1, null_on_oob=True).fill_null(0),
    )
    return ranked.filter(pl.col("top_count") >= FOCUS_RATIO * pl.col("second_count")).select(
        "article_id", focus_country=pl.col("top")
    )


def adjacent_countries(bare: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """(article_id, field, start_offset, adjacent_country): a country mention at most one character before or
    after the bare name ("the Sudanese Army", "Fuerza Aérea Argentina"), or after it and a preposition ("Força
    Aérea da Holanda"); the nearest one when two are."""
    spans = countries.select(
        "article_id", "field", adjacent_country="entity_id", c_start="start_offset", c_end="end_offset"
    )
    link = pl.col("link_after") if "link_after" in bare.columns else pl.lit(0, pl.Int32())
    link_before = pl.col("link_before") if "link_before" in bare.columns else pl.lit(0, pl.Int32())
    pairs = bare.select(
        "article_id", "field", "start_offset", "end_offset", link_after=link, link_before=link_before
    ).unique()
    joined = pairs.join(spans, on=["article_id", "field"], how="inner").with_columns(
        gap=pl.min_horizontal(
            pl.when(pl.col("c_end") <= pl.col("start_offset")).then(
                pl.when(pl.col("start_offset") - pl.col("c_end") == pl.col("link_before"))
                .then(0)
                .otherwise(pl.col("start_offset") - pl.col("c_end"))
            ),
            pl.when(pl.col("c_start") >= pl.col("end_offset")).then(
                pl.when(pl.col("c_start") - pl.col("end_offset") == pl.col("link_after"))
                .then(0)
                .otherwise(pl.col("c_start") - pl.col("end_offset"))
            ),
        )
    )
    return (
        joined.filter(pl.col("gap") <= 1)
        .sort("gap")
        .unique(subset=["article_id", "field", "start_offset"], keep="first")
        .select("article_id", "field", "start_offset", "adjacent_country")
    )


def _named_before(
    context: pl.DataFrame, named: pl.DataFrame, countries: pl.DataFrame, services: pl.DataFrame
) -> pl.DataFrame:
    """``context`` (bare names with their kind and feed country) with ``named_country`` set where one
    country's service of the bare name's kind is named in full before it (in the title, or earlier in the same
    field), that country is not the publisher's, and the article does not name the publisher's country
    (``RULE_NAMED``)."""
    of_kind = named.join(
        services.select(entity_id="org_id", kind="kind", n_country="country_iso3"),
        on="entity_id",
        how="inner",
    ).select("article_id", "kind", n_field="field", n_end="end_offset", n_country="n_country")
    # gazetteer-25: ... or that country's armed forces as a whole named before it ("the Bundeswehr ... the
    # Army's air-defence units" at a British publisher: the German Army)
    whole = named.join(
        services.filter(pl.col("kind") == FORCES).select(entity_id="org_id", n_country="country_iso3"),
        on="entity_id",
        how="inner",
    ).select("article_id", n_field="field", n_end="end_offset", n_country="n_country")
    # (a service of any kind, not a ministry or a general staff: "ВСУ ... сообщили в Минобороны" at a Russian
    # publisher names an enemy's forces and the publisher's own ministry)
    kinds = (
        context.select("article_id", "kind").unique().filter(~pl.col("kind").is_in((MINISTRY, GENERAL_STAFF)))
    )
    of_kind = pl.concat([of_kind, whole.join(kinds, on="article_id", how="inner").select(of_kind.columns)])
    keys = ["article_id", "field", "start_offset", "kind"]
    before = (pl.col("n_field") == "title") & (pl.col("field") == "summary") | (
        (pl.col("n_field") == pl.col("field")) & (pl.col("n_end") <= pl.col("start_offset"))
    )
    referred = (
        context.select(*keys, "feed_country")
        .join(of_kind, on=["article_id", "kind"], how="inner")
        .filter(
            before & pl.col("feed_country").is_not_null() & (pl.col("n_country") != pl.col("feed_country"))
        )
        .group_by(keys)
        .agg(pl.col("n_country").unique(), pl.col("feed_country").first())
        .filter(pl.col("n_country").list.len() == 1)
        .with_columns(pl.col("n_country").list.first())
        .join(
            countries.select("article_id", feed_country="entity_id").unique(),
            on=["article_id", "feed_country"],
            how="anti",
        )
        .select(*keys, referred="n_country")
    )
    return (
        context.join(referred, on=keys, how="left")
        .with_columns(named_country=pl.col("referred"))
        .drop("referred")
    )


def resolve_services(
    bare: pl.DataFrame,
    countries: pl.DataFrame,
    feeds: pl.DataFrame,
    services: pl.DataFrame,
    forces: pl.DataFrame | None = None,
    named: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Bare names (``BARE_SCHEMA``) -> (article_id, field, entity_id, entity_name, matched_text, offsets,
    rule) for those the context resolves. ``countries``: country mentions (article_id, field, entity_id,
    offsets); ``feeds``: article_id, feed_country; ``services``: ``SERVICE_SCHEMA``; ``forces``: mentions of
    a country's armed forces by name (article_id, field, entity_id = the country, offsets), which settle a
    bare name right beside them like the country would ("Военно-морские силы НОАК", "Повітряних сил ЗСУ")
    but count for nothing else; ``named``: organization mentions by name (article_id, entity_id), of which
    the services settle a bare name of their kind that refers back to them (``RULE_NAMED``)."""
    if bare.height == 0:
        return bare.select(
            "article_id", "field", "matched_text", "start_offset", "end_offset",
            entity_id=pl.lit(None, pl.String()), entity_name=pl.lit(None, pl.String()),
            rule=pl.lit(None, pl.String()),
        )  # fmt: skip
    beside = countries if forces is None else pl.concat([countries.select(forces.columns), forces])
    context = (
        bare.join(adjacent_countries(bare, beside), on=["article_id", "field", "start_offset"], how="left")
        .join(feeds.select("article_id", "feed_country"), on="article_id", how="left")
        .join(article_focus(countries), on="article_id", how="left")
        # a capitalized word next to the name makes it part of a longer one, unless that word is the country
        .filter(~pl.col("capitalized_after") | pl.col("adjacent_country").is_not_null())
    )
    adjacent_only = pl.col("kind").is_in(list(ADJACENT_ONLY))
    context = context.filter(~adjacent_only | pl.col("adjacent_country").is_not_null()).with_columns(
        kind=pl.col("kind").replace(ADJACENT_ONLY)
    )
    # gazetteer-25: a name the publisher does not settle is resolved without the feed's country
    in_focus = pl.col("kind") == MINISTRY_IN_FOCUS
    context = context.with_columns(
        feed_country=pl.when(in_focus).then(None).otherwise(pl.col("feed_country")),
        kind=pl.when(in_focus).then(pl.lit(MINISTRY)).otherwise(pl.col("kind")),
    )
    context = context.with_columns(named_country=pl.lit(None, pl.String()))
    if named is not None and named.height:
        context = _named_before(context, named, countries, services)
        if "funding" in context.columns:  # gazetteer-25: a funding line's service is the publisher's
            context = context.with_columns(
                named_country=pl.when(pl.col("funding")).then(None).otherwise(pl.col("named_country"))
            )
    resolved = context.with_columns(
        country_iso3=pl.coalesce("adjacent_country", "named_country", "feed_country", "focus_country"),
        rule=pl.when(pl.col("adjacent_country").is_not_null())
        .then(pl.lit(RULE_ADJACENT))
        .when(pl.col("named_country").is_not_null())
        .then(pl.lit(RULE_NAMED))
        .when(pl.col("feed_country").is_not_null())
        .then(pl.lit(RULE_FEED))
        .when(pl.col("focus_country").is_not_null())
        .then(pl.lit(RULE_FOCUS)),
    )
    return resolved.join(services, on=["country_iso3", "kind"], how="inner").select(
        "article_id", "field", "matched_text", "start_offset", "end_offset",
        entity_id="org_id", entity_name="org_name", rule="rule",
    )  # fmt: skip
