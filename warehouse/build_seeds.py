"""Build the generated seeds from pycountry: countries.csv (every ISO 3166-1 country plus the names people
write, from country_aliases.csv) and languages.csv (ISO 639-1 codes plus legacy codes still seen in feeds).

Run `python -m warehouse.build_seeds` after changing country_aliases.csv or upgrading pycountry;
a test fails when a committed file differs from what this produces.
"""

from __future__ import annotations

import csv
import gettext
import io
import re
from pathlib import Path
from typing import Any

import pycountry

SEEDS = Path(__file__).resolve().parent / "seeds"
HEADER = ("iso3", "iso2", "name", "aliases", "requires_context")


# gazetteer-23: the case endings of a masculine noun with a hard stem, for the names of weapons the analyser
# does not know ("Суперкам"): a capitalized word of five letters or more ending in a hard consonant
HARD_STEM_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ]{3,}[бвгдзклмнпрстфх]$")
HARD_STEM_ENDINGS = {
    "ru": ("а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"),
    "uk": ("а", "у", "ові", "ом", "і", "и", "ів", "ам", "ами", "ах"),
}


def _usable(name: str | None) -> bool:
    """ISO's inverted names ("Korea, Republic of") and annotated ones ("(Dutch part)") are never written."""
    return bool(name) and "," not in str(name) and "(" not in str(name)


def build_countries(aliases_csv: Path = SEEDS / "country_aliases.csv") -> str:
    """The text of countries.csv: one row per ISO 3166-1 country."""
    extra: dict[str, tuple[list[str], str]] = {}
    with aliases_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            extra[row["iso3"]] = (names, row["requires_context"] or "")
    known = {c.alpha_3 for c in pycountry.countries}
    unknown = sorted(set(extra) - known)
    if unknown:
        raise ValueError(f"country_aliases.csv names codes that are not ISO 3166-1: {unknown}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        hand, context = extra.get(country.alpha_3, ([], ""))
        common = getattr(country, "common_name", None)
        display = common or (hand[0] if hand else country.name)
        candidates = [display, country.name, getattr(country, "official_name", None), *hand]
        aliases: list[str] = []
        for name in candidates:
            if name and _usable(name) and name not in aliases:
                aliases.append(name)
        writer.writerow((country.alpha_3, country.alpha_2, display, "|".join(aliases), context))
    return out.getvalue()


# --- country names in other languages ---------------------------------------------------------------------

LOCAL_HEADER = ("iso3", "language", "kind", "aliases")
# ISO 3166 translations read from pycountry's gettext catalogs, for the languages the extractor reads.
LOCAL_LANGUAGES = ("fr", "de", "es", "it", "pt", "pl", "uk", "ru", "he", "ar")
CASES_RU = ("nomn", "gent", "datv", "accs", "ablt", "loct")
CASES_UK = (*CASES_RU, "voct")
CASES_PL = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")
# German declension of an adjective is regular: russisch, russische, russischen, russischer, russisches, ...
GERMAN_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# "Nordsyrien", "Westukraine": a compass or region prefix glued to a German country name
GERMAN_COMPOUND_PREFIXES = (
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Nordost",
    "Nordwest",
    "Südost",
    "Südwest",
    "Zentral",
)
# Hebrew and Arabic write "and", "in", "to", "from", "the", ... as letters glued to the next word
HEBREW_PREFIXES = ("ו", "ב", "ל", "מ", "ה", "ש", "כ", "וב", "ול", "ומ", "וה", "שב", "של", "שה", "מה", "כש")
HEBREW_ELIDING = ("ב", "ל", "כ", "וב", "ול", "וכ", "שב", "של", "כש")
ARABIC_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
ARABIC_DIACRITICS = re.compile(
    "[\u064b-\u0652]"
)  # vowel marks and shadda: ISO's catalog has them, news does not
# Translations that are common words at the start of a sentence ("Того" is "of that" in Russian) or need the
# context the English alias needs (Georgia, Jordan, Chad, Niger): only the hand-written table names them.
SKIP_TRANSLATIONS = {"TGO", "GEO", "JOR", "TCD", "NER"}
MIN_ALIAS_LENGTH = 3
# ... except an all-caps abbreviation written by hand ("РФ", the Russian Federation in Russian and Ukrainian)
MIN_ABBREVIATION_LENGTH = 2


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _restore_case(original: str, form: str) -> str:
    """pymorphy3 answers in lower case: give the form the original's capitals ("США", "Тель-Авив")."""
    if original.isupper():
        return form.upper()
    if original[:1].isupper():
        # each part with the original's capitals where the letters agree: "Тель-Авив", "Кот-д'Ивуар", and
        # "Десантно-штурмові" -> "Десантно-штурмових" (not "Десантно-Штурмових")
        originals, parts = original.split("-"), form.split("-")
        if len(originals) != len(parts):
            return "-".join(part[:1].upper() + part[1:] for part in parts)
        return "-".join(_capitals_of(o, p) for o, p in zip(originals, parts, strict=True))
    return form


def _capitals_of(original: str, form: str) -> str:
    """``form`` with a capital wherever ``original`` has one on the same letter at the same place."""
    return "".join(
        c.upper() if i < len(original) and original[i].isupper() and original[i].lower() == c else c
        for i, c in enumerate(form)
    )


def _nominative_parses(options: list[list[Any]]) -> list[Any]:
    """The pymorphy3 parse of each word of a name written in the nominative: a nominative reading, and for
    adjectives one that agrees in number with the first noun ("Вооружённые силы" is plural, not "силы" the
    genitive singular)."""
    nominative = [[p for p in parses if p.tag.case == "nomn"] or parses for parses in options]
    head = next((parses[0] for parses in nominative if parses[0].tag.POS == "NOUN"), None)
    number = head.tag.number if head is not None else None
    return [
        next((p for p in parses if p.tag.POS != "ADJF" or p.tag.number in (number, None)), parses[0])
        for parses in nominative
    ]


def _nominative_analyses(options: list[list[tuple[str, ...]]]) -> list[list[tuple[str, ...]]]:
    """Morfeusz analyses of each word of a name, nominative readings first, adjectives agreeing in number and
    gender with the first noun ("rosyjskie Ministerstwo" is neuter singular)."""

    def fields(analysis: tuple[str, ...]) -> list[str]:
        return analysis[2].split(":")

    def rank(x: tuple[str, ...]) -> tuple[bool, bool, bool]:
        f = fields(x)
        # a capitalized word is a name before it is an adjective ("Polska" the country, not "polska"), and a
        # place before a surname
        place = len(x) > 3 and "nazwa_geograficzna" in x[3]
        return (
            "nom" not in f[2].split(".") if len(f) > 2 else True,
            x[0][:1].isupper() and f[0] != "subst",
            not place,
        )

    nominative = [sorted(a, key=rank) for a in options]
    nominative = _capitalized_adjectives(nominative)
    head = next((a[0] for a in nominative if a and a[0][2].startswith("subst")), None)
    if head is None or len(fields(head)) < 4:
        return nominative
    number, genders = fields(head)[1], set(fields(head)[3].split("."))

    def agrees(x: tuple[str, ...]) -> bool:
        f = fields(x)
        return f[0] == "subst" or (len(f) > 3 and f[1] == number and bool(genders & set(f[3].split("."))))

    return [sorted(a, key=lambda x: not agrees(x)) for a in nominative]


def _agrees(adjective: tuple[str, ...], noun: tuple[str, ...]) -> bool:
    """Whether a Morfeusz adjective reading agrees in case, number and gender with a noun reading."""
    a, n = adjective[2].split(":"), noun[2].split(":")
    if a[0] != "adj" or n[0] != "subst" or len(a) < 4 or len(n) < 4:
        return False
    return (
        a[1] == n[1]
        and bool(set(a[2].split(".")) & set(n[2].split(".")) & {"nom"})
        and bool(set(a[3].split(".")) & set(n[3].split(".")))
    )


def _capitalized_adjectives(nominative: list[list[tuple[str, ...]]]) -> list[list[tuple[str, ...]]]:
    """gazetteer-25: a capitalized word that reads as a noun and as an adjective agreeing with the noun next
    to it is that noun's adjective in a name ("Wojsko Polskie", "Polska Grupa Zbrojeniowa", "Huta Stalowa
    Wola"), not a second noun: declined with its noun ("Wojska Polskiego", "Polskiej Grupy Zbrojeniowej")."""
    out = [list(a) for a in nominative]
    for i, readings in enumerate(out):
        if not readings or not readings[0][0][:1].isupper() or not readings[0][2].startswith("subst"):
            continue
        neighbours = [out[j][0] for j in (i - 1, i + 1) if 0 <= j < len(out) and out[j]]
        agreeing = [r for r in readings if any(_agrees(r, n) for n in neighbours)]
        if agreeing:
            out[i] = agreeing + [r for r in readings if r not in agreeing]
    return out


def _frozen_words(nouns: list[bool], inflectable: list[bool], numbers: list[str | None]) -> list[bool]:
    """Which words of a name keep their form when the name is declined. The first noun is the head and
    declines with the adjectives that agree with it; a second noun, and what follows it or an adjective that
    does not agree with the head, is a fixed genitive or apposition ("Министерства обороны России",
    "Вооружённых сил Российской Федерации", "Республики Корея", "Sił Zbrojnych Ukrainy")."""
    frozen: list[bool] = []
    head: int | None = None
    freeze = False
    for i, (noun, ok) in enumerate(zip(nouns, inflectable, strict=True)):
        if not freeze and head is not None and (noun or numbers[i] != numbers[head]):
            freeze = True
        frozen.append(freeze or not ok)
        if noun and head is None:
            head = i
    return frozen


class _Inflector:
    """Case forms of names and all forms of adjectives, from morphological dictionaries: pymorphy3 with the
    OpenCorpora (ru) and VESUM (uk) dictionaries, Morfeusz 2 with SGJP (pl). Used only here, at seed-build
    time: the extractor matches the generated forms exactly and needs neither library."""

    def __init__(self) -> None:
        import morfeusz2
        import pymorphy3

        self.morph = {lang: pymorphy3.MorphAnalyzer(lang=lang) for lang in ("ru", "uk")}
        self.morfeusz = morfeusz2.Morfeusz(generate=True, analyse=True)

    def name_forms(self, language: str, phrase: str, plurals: bool = False) -> set[str]:
        """Case forms of a name; with ``plurals`` also of its plural ("Искандеры", "Калібрів"), for the
        names of weapons, which are counted."""
        if language == "pl":
            return self._polish_phrase(phrase)
        morph = self.morph[language]
        cases = CASES_UK if language == "uk" else CASES_RU
        words = phrase.split()
        parses = _nominative_parses([morph.parse(word) for word in words])
        forms = {phrase}
        nouns = [parse.tag.POS == "NOUN" for parse in parses]
        inflectable = [
            p.tag.POS in ("NOUN", "ADJF", "PRTF") and not w.isupper()
            for w, p in zip(words, parses, strict=True)
        ]
        frozen = _frozen_words(nouns, inflectable, [parse.tag.number for parse in parses])
        numbers: list[set[str]] = [set(), {"plur"}] if plurals else [set()]
        for case in cases:
            for number in numbers:
                inflected = []
                for word, parse, fixed in zip(words, parses, frozen, strict=True):
                    form = None if fixed or "Fixd" in parse.tag else parse.inflect({case, *number})
                    inflected.append(_restore_case(word, form.word) if form else word)
                forms.add(" ".join(inflected))
        if plurals and forms == {phrase} and HARD_STEM_NAME.match(phrase):
            # gazetteer-23: a name the analyser leaves as it is ("Суперкам") takes the regular endings of a
            # masculine noun with a hard stem, in both numbers ("«Суперкамы»", "Суперкамів")
            forms |= {phrase + ending for ending in HARD_STEM_ENDINGS[language]}
        return forms

    def word_forms(self, language: str, lemma: str) -> set[str]:
        """Every form of an adjective ("российский") or a demonym noun ("россиянин")."""
        if language == "pl":
            return {
                orth
                for orth, tag in self._polish_generate(lemma)
                if tag.startswith(("adj:", "subst:")) and not tag.endswith((":com", ":sup"))
            }
        parse = self.morph[language].parse(lemma)[0]
        keep = ("ADJF",) if parse.tag.POS in ("ADJF", "PRTF") else ("NOUN",)
        forms = {_restore_case(lemma, f.word) for f in parse.lexeme if f.tag.POS in keep}
        # the analyser splits unknown compounds at a hyphen it then prints ("южно-корейский")
        return forms if "-" in lemma else {f.replace("-", "") for f in forms}

    def _polish_generate(self, lemma: str) -> list[tuple[str, str]]:
        return [(item[0], item[2]) for item in self.morfeusz.generate(lemma)]

    def _polish_phrase(self, phrase: str) -> set[str]:
        """Case forms of a Polish name, its words agreeing in case ("Korei Południowej")."""
        by_word: list[dict[str, list[str]]] = []
        words = phrase.split()
        analysed = [
            [  # whole-word analyses only: Morfeusz also splits "Al-Kaida" into segments
                (*a[2][:3], tuple(a[2][3]))
                for a in self.morfeusz.analyse(word)
                if a[2][0] == word and a[2][2].split(":")[0] in ("subst", "adj", "ppas")
            ]
            for word in words
        ]
        analysed = _nominative_analyses(analysed)
        nouns = [bool(a) and a[0][2].startswith("subst") for a in analysed]
        numbers = [a[0][2].split(":")[1] if a and ":" in a[0][2] else None for a in analysed]
        inflectable = [bool(a) and not w.isupper() for w, a in zip(words, analysed, strict=True)]
        frozen = _frozen_words(nouns, inflectable, numbers)
        for word, analyses, fixed in zip(words, analysed, frozen, strict=True):
            if fixed:
                by_word.append({case: [word] for case in CASES_PL})
                continue
            _orth, lemma, tag = analyses[0][:3]
            fields = tag.split(":")
            pos, number = fields[0], fields[1]
            genders = set(fields[3].split(".")) if len(fields) > 3 else set()
            cases: dict[str, list[str]] = {case: [] for case in CASES_PL}
            for orth, form_tag in self._polish_generate(lemma):
                form_fields = form_tag.split(":")
                if len(form_fields) < 4 or form_fields[0] != pos or form_fields[1] != number:
                    continue
                agrees = pos == "subst" or genders & set(form_fields[3].split("."))
                # an adjective keeps its degree ("Wyspy Mniejsze" is comparative: "Wysp Mniejszych")
                degree = fields[-1] if pos == "adj" and fields[-1] in ("com", "sup") else None
                if (
                    not agrees
                    or form_fields[-1] in ("neg",)
                    or (form_fields[-1] in ("com", "sup") and form_fields[-1] != degree)
                ):
                    continue
                if degree is not None and form_fields[-1] != degree:
                    continue
                for case in form_fields[2].split("."):
                    if case in cases and orth not in cases[case]:
                        cases[case].append(orth)
            by_word.append({case: forms or [word] for case, forms in cases.items()})
        out = {phrase}
        for case in CASES_PL:
            if len(by_word) == 1:  # a one-word name keeps every spelling of each case ("Polski", "Polsce")
                out.update(_restore_case(words[0], form) for form in by_word[0][case])
            else:
                forms = [
                    _restore_case(w, options[case][0]) for w, options in zip(words, by_word, strict=True)
                ]
                out.add(" ".join(forms))
        return out


def _capitalized(forms: set[str]) -> set[str]:
    return forms | {f[:1].upper() + f[1:] for f in forms}


def _prefixed(language: str, forms: set[str]) -> set[str]:
    """Hebrew and Arabic forms with a one-letter prefix glued on (Arabic "ل" + "ال" is written "لل")."""
    if language == "he":
        out = forms | {p + f for p in HEBREW_PREFIXES for f in forms}
        # after ב, ל and כ the article ה is not written: "התעשייה" -> "בתעשייה", "לתעשייה"
        return out | {p + f[1:] for p in HEBREW_ELIDING for f in forms if f.startswith("ה") and len(f) > 3}
    if language == "ar":
        out = set(forms)
        for prefix in ARABIC_PREFIXES:
            for form in forms:
                joined = prefix + form
                if prefix.endswith("ل") and form.startswith("ال"):
                    joined = prefix + form[1:]
                out.add(joined)
        return out
    return forms


def _german_forms(names: list[str], adjectives: list[str]) -> tuple[set[str], set[str]]:
    compounds = {
        prefix + name[:1].lower() + name[1:]
        for name in names
        if name.isalpha() and name[:1].isupper() and not name.isupper()
        for prefix in GERMAN_COMPOUND_PREFIXES
    }
    declined = {adj + ending for adj in adjectives for ending in GERMAN_ADJECTIVE_ENDINGS}
    return compounds, _capitalized(declined)


def _arabic_adjectives(adjectives: list[str]) -> set[str]:
    """gazetteer-15: an Arabic adjective of nationality in its four forms: masculine and feminine, without and
    with the article ("تركي", "تركية", "التركي", "التركية": "مسيّرات أكنجي تركية الصنع" is Turkish)."""
    out = set(adjectives)
    for word in adjectives:
        base = word.removeprefix("ال")
        if base.endswith("ي"):
            out |= {base, base + "ة", "ال" + base, "ال" + base + "ة"}
    return out


def _local_names(inflector: _Inflector, row: dict[str, str]) -> tuple[set[str], set[str]]:
    """(names, capitals) of one row of country_names_local.csv, every form spelled out."""
    language = row["language"]
    names, demonyms = _split(row["names"]), _split(row["demonyms"])
    adjectives, capitals = _split(row["adjectives"]), _split(row["capitals"])
    if language in ("ru", "uk", "pl"):
        out = {form for name in names for form in inflector.name_forms(language, name)}
        out |= {form for word in demonyms + adjectives for form in inflector.word_forms(language, word)}
        out = _capitalized(out) | set(names)
        caps = {form for name in capitals for form in inflector.name_forms(language, name)}
    elif language == "de":
        compounds, declined = _german_forms(names, adjectives)
        out, caps = set(names) | set(demonyms) | compounds | declined, set(capitals)
    elif language == "ar":
        out, caps = set(names) | set(demonyms) | _arabic_adjectives(adjectives), set(capitals)
    else:
        out, caps = set(names) | set(demonyms) | _capitalized(set(adjectives)), set(capitals)
    return _spelling_variants(language, _prefixed(language, out)), _spelling_variants(
        language, _prefixed(language, caps)
    )


def _spelling_variants(language: str, forms: set[str]) -> set[str]:
    """Russian is often printed without "ё"; Ukrainian writes its apostrophe three ways."""
    out = set(forms)
    if language == "ru":
        out |= {f.replace("ё", "е").replace("Ё", "Е") for f in forms}
    if language == "uk":
        for mark in ("'", "’", "ʼ"):
            out |= {f.replace("'", mark).replace("’", mark).replace("ʼ", mark) for f in forms}
    if language == "he":  # Hebrew abbreviations are typed with ASCII quotes or with geresh and gershayim
        out |= {f.replace("'", "׳").replace('"', "״") for f in forms}
        out |= {f.replace("׳", "'").replace("״", '"') for f in forms}
    return {
        f
        for f in out
        if len(f) >= MIN_ALIAS_LENGTH or (len(f) >= MIN_ABBREVIATION_LENGTH and f.isupper() and f.isalpha())
    }


def _iso_translations(inflector: _Inflector, language: str) -> dict[str, set[str]]:
    """Every country's ISO 3166 names in ``language`` that people write (inflected where a dictionary can)."""
    catalog = _translations(language)
    out: dict[str, set[str]] = {}
    for country in pycountry.countries:
        if country.alpha_3 in SKIP_TRANSLATIONS:
            continue
        english = [
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ]
        names: set[str] = set()
        for name in english:
            if not name:
                continue
            local = catalog.gettext(name)
            if language == "ar":
                local = ARABIC_DIACRITICS.sub("", local)
            if local != name and _usable(local) and len(local) >= 4:
                names.add(local)
        if language in ("ru", "uk", "pl"):
            names = {form for name in names for form in inflector.name_forms(language, name)}
        # only the hand-written names of the countries in the news get the Hebrew and Arabic prefixed forms:
        # prefixing every ISO name tripled the automaton for little
        out[country.alpha_3] = _spelling_variants(language, names)
    return out


def build_country_names(local_csv: Path = SEEDS / "country_names_local.csv") -> str:
    """The text of country_names.csv: one row per (country, language, kind) with every written form."""
    inflector = _Inflector()
    names: dict[tuple[str, str], set[str]] = {}
    capitals: dict[tuple[str, str], set[str]] = {}
    for language in LOCAL_LANGUAGES:
        for iso3, forms in _iso_translations(inflector, language).items():
            names.setdefault((iso3, language), set()).update(forms)
    with local_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found, caps = _local_names(inflector, row)
            key = (row["iso3"], row["language"])
            names.setdefault(key, set()).update(found)
            capitals.setdefault(key, set()).update(caps)
    # an alias owned by two countries (in any language, or language-less in countries.csv) is dropped: one
    # spelling, one country; a language-less alias already applies everywhere
    everywhere: dict[str, str] = {}
    with (SEEDS / "countries.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for alias in _split(row["aliases"]):
                everywhere[alias] = row["iso3"]
    owners: dict[str, set[str]] = {}
    for (iso3, _language), forms in [*names.items(), *capitals.items()]:
        for form in forms:
            owners.setdefault(form, set()).add(iso3)
    all_names = {form for forms in names.values() for form in forms}

    def keep(form: str, iso3: str, capital: bool) -> bool:
        if form in everywhere or len(owners[form]) > 1 or owners[form] != {iso3}:
            return False
        return not (capital and form in all_names)  # "Mexico" the country wins over the city

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOCAL_HEADER)
    for kind, table in (("name", names), ("capital", capitals)):
        for (iso3, language), forms in sorted(table.items()):
            kept = sorted(f for f in forms if keep(f, iso3, kind == "capital"))
            if kept:
                writer.writerow((iso3, language, kind, "|".join(kept)))
    return out.getvalue()


def build_local_aliases(
    local_csv: Path,
    id_col: str,
    plurals: bool = False,
    generated: dict[tuple[str, str], set[str]] | None = None,
) -> str:
    """The text of a generated alias table (id, language, aliases) from its hand-written source: names in
    other languages with their case forms (ru, uk, pl; a row for one language only) and one-letter prefixes
    (he, ar); raises on a spelling claimed by two entities. ``generated`` adds spellings made by rule
    ((id, language) -> names, declined like a one-language row), which give way: one that another entity
    claims by hand, or that two entities' rules both make, is left out."""
    inflector = _Inflector()
    forms: dict[tuple[str, str], set[str]] = {}
    with local_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            languages = row["language"].split()
            for language in languages:
                # a row shared by several languages holds names none of them declines ("НАТО", "Al-Qaida")
                declined = language in ("ru", "uk", "pl") and len(languages) == 1
                found: set[str] = set()
                for alias in _split(row["aliases"]):
                    found |= inflector.name_forms(language, alias, plurals) if declined else {alias}
                found = _spelling_variants(language, _prefixed(language, found))
                forms.setdefault((row[id_col], language), set()).update(found)
    owners: dict[str, set[str]] = {}
    for (entity_id, _language), found in forms.items():
        for form in found:
            owners.setdefault(form, set()).add(entity_id)
    clashes = sorted(f"{form}: {sorted(ids)}" for form, ids in owners.items() if len(ids) > 1)
    if clashes:
        raise ValueError(f"{local_csv.name}: aliases with two owners: {clashes[:10]}")
    made: dict[tuple[str, str], set[str]] = {}
    for (entity_id, language), names in sorted((generated or {}).items()):
        found = set()
        for name in sorted(names):
            # a designation ("Су-34", "Х-101М") is printed as it is; a name ("Искандер") is declined
            declinable = language in ("ru", "uk") and not any(c.isdigit() or c == "-" for c in name)
            # a bare name that is a word of the language ("Каштан", "Пародия") is more often that word
            if declinable and inflector.morph[language].word_is_known(name.lower()):
                continue
            found |= inflector.name_forms(language, name, plurals) if declinable else {name}
        made[(entity_id, language)] = _spelling_variants(language, found)
    makers: dict[str, set[str]] = {}
    for (entity_id, _language), found in made.items():
        for form in found:
            makers.setdefault(form, set()).add(entity_id)
    for (entity_id, language), found in made.items():
        kept = {f for f in found if owners.get(f, {entity_id}) == {entity_id} and makers[f] == {entity_id}}
        forms.setdefault((entity_id, language), set()).update(kept)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((id_col, "language", "aliases"))
    for (entity_id, language), found in sorted(forms.items()):
        writer.writerow((entity_id, language, "|".join(sorted(found))))
    return out.getvalue()


def build_organization_aliases() -> str:
    """The text of organization_aliases.csv, from organization_aliases_local.csv."""
    return build_local_aliases(SEEDS / "organization_aliases_local.csv", "org_id")


# --- Cyrillic spellings of designations and names, by rule --------------------------------------------------

# Systems whose designations and names the Russian and Ukrainian press writes in Cyrillic: Soviet, Russian,
# Ukrainian and Belarusian ones (Су-34, Х-101, Искандер), and Iranian and North Korean ones, whose names
# it transliterates (Шахед-238, Хоррамшахр, Хвасон-19). Chinese, Turkish and Western ones it keeps in Latin
# letters or spells by sound (Хаймарс), which no letter rule gives: those are written by hand.
TRANSLITERATED_ORIGINS = ("RUS", "UKR", "BLR", "IRN", "PRK")
# Latin letter groups of the English spellings, longest first; one table per language
_LATIN_GROUPS_RU = {
    "shch": "щ",
    "iya": "ия",
    "kh": "х",
    "zh": "ж",
    "ts": "ц",
    "tz": "ц",
    "ch": "ч",
    "sh": "ш",
    "gh": "г",
    "yu": "ю",
    "ya": "я",
    "yo": "ё",
    "ye": "е",
    "ei": "ей",
    "ay": "ай",
    "ey": "ей",
    "oy": "ой",
    "iy": "ий",
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "ы",
    "z": "з",
}
_LATIN_GROUPS_UK = {
    **_LATIN_GROUPS_RU,
    "i": "і",
    "y": "и",
    "iya": "ія",
    "iy": "ій",
    "ye": "є",
    "yi": "ї",
    "yo": "йо",
    "ei": "ей",
}
# a Latin alias that is one token of letters, digits and hyphens: "Su-34", "Mi-8MTV", "9K720", "Iskander-M"
_DESIGNATION = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
# NATO reporting codes are not what the Russian or Ukrainian press prints
_NATO_CODE = re.compile(r"^(?:SA|SS|SSC|AS|AT|KS)-")
MIN_TRANSLITERATED_WORD = 5  # a bare Cyrillic word shorter than this is too often a common word (Бук, Тор)


def _latin_chunk(chunk: str, language: str) -> str:
    """One run of Latin letters in Cyrillic: letter groups left to right, longest first ("Kh" -> "Х", but
    "KH" is two capitals); an ALL-CAPS run is an abbreviation spelled letter by letter ("BMP" -> "БМП")."""
    table = _LATIN_GROUPS_UK if language == "uk" else _LATIN_GROUPS_RU
    out: list[str] = []
    i = 0
    while i < len(chunk):
        for size in (4, 3, 2, 1):
            group = chunk[i : i + size]
            # a group of two or more letters is read only as written in lower case after its first letter
            if len(group) == size and group.lower() in table and (size == 1 or group[1:].islower()):
                break
        cyrillic = table[group.lower()]
        if i == 0 and group.lower() == "e" and language == "ru":
            cyrillic = "э"  # "Emad" -> "Эмад"
        if group.lower() == "y" and out and out[-1][-1].lower() in "аеёиоуыэюяії":
            cyrillic = "й"  # "Bayraktar": a "y" after a vowel
        if group[0].isupper():
            cyrillic = cyrillic.upper() if (len(group) == 1 and chunk.isupper()) else cyrillic.capitalize()
        out.append(cyrillic)
        i += len(group)
    return "".join(out)


def cyrillic_spellings(alias: str, language: str, korean: bool = False) -> set[str]:
    """Cyrillic spellings of a Latin designation or name in Russian or Ukrainian ("Su-34" -> "Су-34",
    "Mi-8MTV" -> "Ми-8МТВ" / "Мі-8МТВ", "Iskander-M" -> "Искандер-М", "Khorramshahr" -> "Хоррамшахр");
    with ``korean``, a "-ng" at a word's end is also written without its "g" ("Hwasong" -> "Хвасон"). Empty
    for what is not one token of letters, digits and hyphens, for NATO codes and for short bare words."""
    if not _DESIGNATION.match(alias) or _NATO_CODE.match(alias):
        return set()
    parts = re.split(r"([A-Za-z]+)", alias)
    spelled = "".join(_latin_chunk(p, language) if p.isalpha() else p for p in parts)
    forms = {spelled}
    if korean:
        forms.add(re.sub(r"(?<=[а-яіїє])нг(?=$|-)", "н", spelled))
    return {f for f in forms if any(c.isdigit() for c in f) or len(f) >= MIN_TRANSLITERATED_WORD}


def transliterated_weapon_names(
    weapons_csv: Path = SEEDS / "weapon_systems.csv",
) -> dict[tuple[str, str], set[str]]:
    """(weapon_id, language) -> Cyrillic spellings of its Latin aliases, for the systems of
    TRANSLITERATED_ORIGINS that need no context cue, in Russian and Ukrainian."""
    out: dict[tuple[str, str], set[str]] = {}
    with weapons_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (
                row["origin_iso3"] not in TRANSLITERATED_ORIGINS
                or (row.get("requires_context") or "").strip()
            ):
                continue
            for language in ("ru", "uk"):
                korean = row["origin_iso3"] == "PRK"
                found = {
                    f for alias in _split(row["aliases"]) for f in cyrillic_spellings(alias, language, korean)
                }
                if found:
                    out[(row["weapon_id"], language)] = found
    return out


def build_weapon_aliases() -> str:
    """The text of weapon_aliases.csv (Cyrillic designations and their case forms, transliterations), from
    weapon_aliases_local.csv, plus the Cyrillic spellings of Soviet, Russian, Ukrainian, Iranian and North
    Korean designations and names made by rule (:func:`transliterated_weapon_names`)."""
    return build_local_aliases(
        SEEDS / "weapon_aliases_local.csv", "weapon_id", plurals=True, generated=transliterated_weapon_names()
    )


# Codes that are not ISO 639-1 any more but still appear in feeds (Java locales keep emitting some of them).
LEGACY_LANGUAGES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


def build_languages() -> str:
    """The text of languages.csv: every ISO 639-1 code, plus legacy codes mapped to their successor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("code", "name", "canonical"))
    for language in sorted(pycountry.languages, key=lambda lang: getattr(lang, "alpha_2", "")):
        code = getattr(language, "alpha_2", None)
        if code:
            writer.writerow((code, language.name, code))
    for legacy, canonical in sorted(LEGACY_LANGUAGES.items()):
        writer.writerow((legacy, f"legacy code for {canonical}", canonical))
    return out.getvalue()


GENERATED = {
    "countries.csv": build_countries,
    "country_names.csv": build_country_names,
    "organization_aliases.csv": build_organization_aliases,
    "weapon_aliases.csv": build_weapon_aliases,
    "languages.csv": build_languages,
}

if __name__ == "__main__":
    for name, build in GENERATED.items():
        (SEEDS / name).write_text(build(), encoding="utf-8")
        print(f"wrote {SEEDS / name}")
