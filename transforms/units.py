"""Military units named by a number and a type ("332nd Air Expeditionary Wing", "72-га окрема механізована
бригада", "Panzerbrigade 12"): found by a small grammar per language family, not by a list.

Units cannot all be listed (the U.S. Air Force alone has hundreds of numbered wings and squadrons), but they
are written in few shapes: an ordinal, optional qualifier words, a unit type ("3rd Infantry Division",
"7e brigade blindée", "15ª Brigada", "18. Dywizji"), or a type and a number ("Carrier Strike Group 12",
"Jägerbataillon 25", "טייסת 140", "Space Delta 4"). Each unit gets the id ``unit:<number>-<type>`` with the
type in English (samples/entity_gold/README.md).

What keeps ordinary numbers out ("the 3rd quarter", "2nd group of protesters", "the 20th century", "Group of
Seven"): the type word must be one of the closed list below; in English it must be capitalized (a name, not
a noun phrase), and the forms without an ordinal suffix need more evidence: a cardinal before the type
("16 Air Assault Brigade") admits only unambiguous military types and no capitalized word after it (title-case
headlines such as "3 Army Aviators Killed"), a number after the type needs a military qualifier before it
("Carrier Strike Group 12", not "Division 2"). Types that are also everyday words (group, company, command,
corps, army, detachment) must be capitalized in French, Spanish, Italian and Portuguese too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import polars as pl
import regex

AMBIGUOUS_TYPES = frozenset({"group", "company", "command", "corps", "army", "detachment"})

# Unit type of a (lowercased) type word, by its beginning; first match wins, so longer stems come first.
TYPE_STEMS: tuple[tuple[str, str], ...] = (
    ("task force", "task-force"), ("fuerza de tarea", "task-force"),
    ("demi-brigade", "brigade"), ("brigad", "brigade"), ("brigat", "brigade"), ("brygad", "brigade"),
    ("бригад", "brigade"),
    ("division", "division"), ("división", "division"), ("divisione", "division"), ("divisão", "division"),
    ("dywizj", "division"), ("дивизи", "division"), ("дивізі", "division"),
    ("regiment", "regiment"), ("régiment", "regiment"), ("reggiment", "regiment"), ("regimient", "regiment"),
    ("pułk", "regiment"), ("полк", "regiment"),
    ("battalion", "battalion"), ("bataillon", "battalion"), ("batallón", "battalion"),
    ("battaglion", "battalion"), ("batalhão", "battalion"), ("batalion", "battalion"),
    ("батальон", "battalion"), ("батальйон", "battalion"),
    ("squadron", "squadron"), ("escadron", "squadron"), ("escadrille", "squadron"), ("escuadr", "squadron"),
    ("squadriglia", "squadron"), ("esquadr", "squadron"), ("eskadr", "squadron"), ("эскадрил", "squadron"),
    ("ескадрил", "squadron"), ("staffel", "squadron"),
    ("wing", "wing"), ("escadre", "wing"), ("stormo", "wing"), ("skrzyd", "wing"), ("geschwader", "wing"),
    ("flotill", "flotilla"), ("flottill", "flotilla"), ("flottiglia", "flotilla"), ("flotilha", "flotilla"),
    ("flotyll", "flotilla"), ("флотили", "flotilla"), ("флотилі", "flotilla"),
    ("fleet", "fleet"), ("flotte", "fleet"), ("flota", "fleet"), ("flotta", "fleet"), ("frota", "fleet"),
    ("флот", "fleet"),
    ("groupement", "group"), ("groupe", "group"), ("group", "group"), ("grupo", "group"), ("gruppo", "group"),
    ("gruppe", "group"),
    ("company", "company"), ("compagnie", "company"), ("compañía", "company"), ("compagnia", "company"),
    ("companhia", "company"), ("kompani", "company"), ("рот", "company"),
    ("corps", "corps"), ("cuerpo", "corps"), ("corpo", "corps"), ("korpus", "corps"), ("korps", "corps"),
    ("корпус", "corps"),
    ("army", "army"), ("armée", "army"), ("ejército", "army"), ("armata", "army"), ("exército", "army"),
    ("armi", "army"), ("armee", "army"), ("арми", "army"), ("армі", "army"),
    ("commandement", "command"), ("command", "command"), ("comando", "command"), ("dowództw", "command"),
    ("kommando", "command"),
    ("détachement", "detachment"), ("detachment", "detachment"), ("destacamento", "detachment"),
    ("distaccamento", "detachment"), ("отряд", "detachment"), ("загін", "detachment"),
    ("загон", "detachment"),
)  # fmt: skip
POLISH_STEMS: tuple[tuple[str, str], ...] = (
    ("dywizj", "division"), ("brygad", "brigade"), ("pułk", "regiment"), ("batalion", "battalion"),
    ("eskadr", "squadron"), ("skrzydł", "wing"), ("flotyll", "flotilla"), ("flot", "fleet"),
    ("kompani", "company"), ("korpus", "corps"), ("armi", "army"), ("dowództw", "command"),
)  # fmt: skip
# German compounds end with the type: Panzerbrigade, Luftwaffengeschwader, Jägerbataillon.
GERMAN_ENDINGS: tuple[tuple[str, str], ...] = (
    ("brigade", "brigade"), ("division", "division"), ("regiment", "regiment"), ("bataillon", "battalion"),
    ("geschwader", "wing"), ("staffel", "squadron"), ("flottille", "flotilla"), ("kompanie", "company"),
    ("korps", "corps"), ("gruppe", "group"), ("kommando", "command"), ("armee", "army"),
)  # fmt: skip
HEBREW_TYPES = {
    "חטיבה": "brigade", "חטיבת": "brigade", "טייסת": "squadron", "אוגדה": "division", "אוגדת": "division",
    "גדוד": "battalion", "כנף": "wing", "שייטת": "flotilla", "פלוגה": "company", "פלוגת": "company",
}  # fmt: skip
ARABIC_TYPES = {
    "فرقة": "division",
    "لواء": "brigade",
    "كتيبة": "battalion",
    "فوج": "regiment",
    "سرب": "squadron",
}
SPELLED = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "primera": 1, "primer": 1, "primero": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercer": 3,
    "tercero": 3, "cuarta": 4, "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
    "séptima": 7, "séptimo": 7, "octava": 8, "octavo": 8, "novena": 9, "noveno": 9, "décima": 10,
    "décimo": 10, "primeira": 1, "primeiro": 1, "terceira": 3, "terceiro": 3, "oitava": 8, "oitavo": 8,
    "nona": 9, "nono": 9, "prima": 1, "primo": 1, "seconda": 2, "secondo": 2, "terza": 3, "terzo": 3,
    "quarta": 4, "settima": 7, "settimo": 7, "ottava": 8, "ottavo": 8, "decima": 10, "decimo": 10,
}  # fmt: skip
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18,
         "XIX": 19, "XX": 20}  # fmt: skip
# Words that make "<words> Group 12" a unit: the word just before a type that follows its number.
MILITARY_QUALIFIERS = (
    "Carrier", "Strike", "Destroyer", "Amphibious", "Expeditionary", "Submarine", "Patrol", "Air", "Mine",
    "Escort", "Fighter", "Bomber", "Helicopter", "Maritime", "Naval", "Surface", "Attack", "Airlift",
    "Tactical", "Special", "Joint", "Combined", "Coastal", "Riverine", "Logistics", "Ready", "Battle",
    "Assault", "Reconnaissance", "Operations", "Combat", "Missile", "Tanker", "Refueling", "Refuelling",
    # gazetteer-20: the U.S. Navy's and Marine Corps' squadrons by their names ("Airborne Command and Control
    # Squadron 125", "Marine Medium Tiltrotor Squadron 162", "Fleet Logistics Support Squadron 30")
    "Control", "Tiltrotor", "Transport", "Support", "Training", "Evaluation", "Warfare",
    # gazetteer-23: the Marine Corps' aircraft and air control groups ("Marine Aircraft Group 12")
    "Aircraft",
)  # fmt: skip

EN_TYPES = (
    r"Task\s+Force|Wing|Squadron|Group|Fleet|Flotilla|Brigade|Division|Regiment|Battalion|Company|Corps"
    r"|Army|Command|Detachment"
)
EN_FIRM_TYPES = r"Wing|Squadron|Fleet|Flotilla|Brigade|Division|Regiment|Battalion"  # no everyday meaning
# gazetteer-22: ... and "Corps" after a bare cardinal, as Indian, Pakistani and British publishers number
# their corps ("units of 14 Corps", "1 Corps"): the types a bare cardinal admits
EN_CARDINAL_TYPES = EN_FIRM_TYPES + "|Corps"
# "(UK)" in "3rd (UK) Division", "(Fighter)" in "No. 3 (Fighter) Squadron"
EN_QUALIFIER = r"(?:\p{Lu}[\p{L}'’-]*|\(\p{Lu}{1,4}\)|\(\p{Lu}\p{Ll}+\))"
# Capitalized words that make "<ordinal> <words> <type>" a rank in time, not a unit (title-case headlines).
NOT_QUALIFIERS = frozenset(
    {"Quarter", "Century", "Anniversary", "Annual", "Round", "Year", "Day", "Week", "Month", "Generation",
     "Edition", "Place", "Time", "Straight", "Consecutive", "Season", "Fiscal", "Largest", "Biggest"}
)  # fmt: skip
# gazetteer-22: ... except "Generation" after the kind of aircraft it readies, as the U.S. Air Force names its
# maintenance squadrons ("333rd Fighter Generation Squadron", "5th Bomb Generation Squadron")
GENERATION_OF = regex.compile(r"\b(?:Fighter|Aircraft|Bomb|Bomber|Helicopter|Airlift)\s+Generation\b")
# Capitalized words that go on with a type after a bare cardinal: a count of something, not a unit's name.
GOES_ON = frozenset(
    {"Combat", "Commander", "Commanders", "Leader", "Leaders", "Headquarters", "Soldiers", "Troops",
     "Members", "Officers", "Staff", "Chief", "Chiefs", "Level", "Teams", "Team", "Units", "Aircraft",
     "Jets", "Ships"}
)  # fmt: skip
CYRILLIC_ADJECTIVE = (
    r"[а-яіїєґ'’-]+(?:ая|яя|ой|ий|ый|ій|ую|юю|ое|ее|ые|ие|ых|их|ого|его|ому|ему|ым|им|ім|ом|ем|ої|ою|ею|ими"
    r"|ыми|а|у)"
)
ROMANCE_TYPES = (
    r"task\s+force|fuerza\s+de\s+tarea|demi-brigade|brigade|brigada|brigata|division|división|divisione"
    r"|divisão|régiment|regimiento|regimento|reggimento|bataillon|batallón|battaglione|batalhão|escadron"
    r"|escadrille|escadre|escuadrón|escuadrilla|squadriglia|esquadrão|esquadrilha|stormo|ala|wing|flottille"
    r"|flotilla|flottiglia|flotilha|flotte|flota|flotta|frota|groupement|groupe|grupo|gruppo|compagnie"
    r"|compañía|compagnia|companhia|corps|cuerpo|corpo|armée|ejército|armata|exército|commandement|comando"
    r"|détachement|destacamento|distaccamento"
)
CYRILLIC_TYPES = (
    r"бригад[а-яіїєґ]{0,3}|дивизи(?:я|и|ю|ей|ях|ям|ями)|дивізі(?:я|ї|ю|єю|ях|ям)|полк(?:а|у|ом|е|и|ов|ах|ам)?"
    r"|батальй?он[а-яіїєґ]{0,3}|[эе]скадрил[а-яіїєґ]{0,4}|арми(?:я|и|ю|ей)|армі(?:я|ї|ю|єю)"
    r"|флот(?:а|у|ом|е)?|флотил[иі][а-яіїєґ]{0,3}|корпус[а-яіїєґ]{0,3}|рот(?:а|ы|у|е|ой|і|ою|и)"
    r"|отряд[а-яіїєґ]{0,3}|загін|загон[а-яіїєґ]{0,2}"
)
# Russian and Ukrainian ordinals by stem (any ending: "Третя", "Третьої", "Первой"), capitalized as in a
# unit's name ("Третя окрема штурмова бригада"); "друг-" is left out: "другой" also means "another"
CYRILLIC_ORDINALS = {
    "Перш": 1, "Перв": 1, "Втор": 2, "Трет": 3, "Четверт": 4, "П'ят": 5, "П’ят": 5, "Пят": 5, "Шост": 6,
    "Шест": 6, "Сьом": 7, "Седьм": 7, "Восьм": 8, "Дев'ят": 9, "Дев’ят": 9, "Девят": 9, "Десят": 10,
}  # fmt: skip
CYRILLIC_ORDINAL_WORD = (
    "(?:" + "|".join(sorted(CYRILLIC_ORDINALS, key=len, reverse=True)) + ")(?:[ьи]?[а-яіїєґ]{1,3})"
)
SPELLED_WORDS = "|".join(sorted({w.capitalize() for w in SPELLED}, key=len, reverse=True))
ROMAN_WORDS = "|".join(sorted(ROMAN, key=len, reverse=True))
# gazetteer-15: the type words of "<n>. <type>" (German compounds end with the type, Polish words begin with
# it)
DOT_TYPES = (
    r"\p{Lu}\p{Ll}*(?:brigade|division|regiment|bataillon|geschwader|staffel|flottille|kompanie|korps|gruppe|"
    r"kommando|armee)|Brigade|Division|Regiment|Bataillon|Geschwader|Staffel|Flottille|Kompanie|Korps|Gruppe|"
    r"Kommando|Armee|(?:Dywizj|Brygad|Pułk|Batalion|Eskadr|Skrzydł|Flotyll|Flot|Kompani|Korpus|Armi|"
    r"Dowództw)\p{Ll}*"
)
ROMANCE_CAPITALIZED = (
    r"Brigada|División|Regimiento|Batallón|Brigata|Divisione|Reggimento|Battaglione|Brigade|Division|Régiment"
)
# gazetteer-22: a U.S. Army battalion by its number and its regiment's ("1-187 Infantry", "2-504 PIR", "3-69
# Armor"): the battalion; the cavalry's are squadrons and are left out (the labeling policy, README dev10)
ARMY_BRANCHES = (
    r"Parachute\s+Infantry\s+Regiment|Infantry(?:\s+Regiment)?|PIR|Armor(?:\s+Regiment)?|Field\s+Artillery"
    r"(?:\s+Regiment)?|Air\s+Defense\s+Artillery(?:\s+Regiment)?|Aviation(?:\s+Regiment)?"
)
BRITISH_REGIMENTS = (
    r"PARA|Para|RIFLES|Rifles|SCOTS|Royal Anglian|R ANGLIAN|Royal Irish|R IRISH|Royal Welsh|R WELSH"
    r"|Mercian|MERCIAN|Yorks|YORKS|Lancs|LANCS|Royal Gurkha Rifles|RGR"
)
NAVY_SQUADRONS = "VFA|VAQ|VAW|VMFA|VMA|VMGR|HSC|HSM|HMLA|HMH|VMM|VRC|VRM|VFC|VMAQ|VMU|VMX"
NOT_AFTER_NUMBER = r"(?<![\p{L}\p{N}$£€¥₪.,/-])"  # a number that is part of an amount, a code or a date
NOT_WORD_AFTER = r"(?![\p{L}\p{N}])"
# gazetteer-23: an event named after a unit's service is no unit ("the 51st Marine Corps Marathon")
NOT_EVENT_AFTER = r"(?!\s+(?:Half\s+)?(?:Marathon|Ten-Miler|(?:Birthday\s+)?Ball|Museum)(?![\p{L}\p{N}]))"

# gazetteer-24: a type word right before "Corps" is the corps' qualifier ("the Sixth Army Corps", "20th Army
# Corps"): the lazy qualifiers would otherwise stop at "Army" and read an army
NOT_CORPS_AFTER = r"(?!\s+Corps(?![\p{L}\p{N}]))"

# One pattern per shape; groups: num (digits), word (spelled or Roman ordinal), type (the type word), and
# for the German compounds comp (the whole compound).
PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (name, regex.compile(pattern, regex.VERSION1))
    for name, pattern in (
        # 3rd Infantry Division, 332nd Air Expeditionary Wing, 3rd (UK) Division, No. 40 Squadron
        (
            "en_ordinal",
            # gazetteer-23: the U.S. Army's and Marine Corps' own "2d" and "3d" ("3d Marine Division")
            NOT_AFTER_NUMBER + r"(?:No\.?\s*)?(?P<num>\d{1,3})(?:st|nd|rd|th|(?<=[23])d)?\s+"
            rf"(?:{EN_QUALIFIER}\s+){{0,4}}?(?P<type>{EN_TYPES}){NOT_WORD_AFTER}{NOT_CORPS_AFTER}{NOT_EVENT_AFTER}",
        ),
        # Seventh Fleet, Second Division, XVIII Airborne Corps
        # II(AC) Squadron: a Roman numeral may carry its role letters without a space
        (
            "en_spelled",
            rf"(?<![\p{{L}}\p{{N}}])(?P<word>{SPELLED_WORDS}|{ROMAN_WORDS})(?:\s+|(?=\(\p{{Lu}}))"
            rf"(?:{EN_QUALIFIER}\s+){{0,3}}?(?P<type>{EN_TYPES}){NOT_WORD_AFTER}{NOT_CORPS_AFTER}",
        ),
        # Carrier Strike Group 12, Destroyer Squadron 2, Task Force 51
        (
            "en_type_number",
            rf"(?<![\p{{L}}\p{{N}}])(?:(?P<qual>{'|'.join(MILITARY_QUALIFIERS)})\s+)?"
            # gazetteer-23: ... with the designation in parentheses between the type and the number, as
            # navy.mil writes it ("Strike Fighter Squadron (VFA) 147", "Carrier Air Wing (CVW) 2")
            rf"(?P<type>{EN_TYPES})(?:\s+\(\p{{Lu}}{{2,5}}\))?\s+(?P<num>\d{{1,3}})(?![\p{{L}}\p{{N}}]|[.,]\d)",
        ),
        # gazetteer-18: U.S. Navy and Marine Corps squadrons and carrier air wings by their designations
        # ("VFA-14", "HSC-8", "VMFA-121", "CVW-9"), India's naval air squadrons ("INAS 303")
        (
            "designation",
            rf"(?<![\p{{L}}\p{{N}}])(?:(?P<type>{NAVY_SQUADRONS}|CVW)-|(?P<type>INAS)\s)(?P<num>\d{{1,3}})"
            r"(?![\p{L}\p{N}])",
        ),
        (
            "army_battalion",
            NOT_AFTER_NUMBER + r"(?P<num>\d{1,2})-\d{1,3}(?:st|nd|rd|th)?\s+(?P<type>" + ARMY_BRANCHES + r")"
            # ... not the start of a longer name ("1-800 Aviation Supplies")
            r"(?![\p{L}\p{N}])(?!\s+\p{Lu}\p{Ll})",
        ),
        # gazetteer-24: British Army infantry battalions by their number and their regiment's short name, as
        # the MoD writes them ("2 PARA", "3 Royal Anglian", "1 R IRISH", "4 RIFLES")
        (
            "british_battalion",
            NOT_AFTER_NUMBER + r"(?P<num>[1-9])\s+(?P<type>" + BRITISH_REGIMENTS + r")(?![\p{L}\p{N}])",
        ),
        # gazetteer-18: French naval aviation flotillas ("la flottille 12F")
        (
            "flottille",
            r"(?<![\p{L}\p{N}])(?P<type>flottille)\s+(?P<num>\d{1,3})F(?![\p{L}\p{N}])",
        ),
        # gazetteer-18: "the 82nd Airborne" (a division named without its type)
        (
            "airborne",
            NOT_AFTER_NUMBER
            + r"(?P<num>\d{1,3})(?:st|nd|rd|th)\s+(?P<type>Airborne)(?!\s+(?:Division|Brigade|Corps|"
            r"Regiment|Battalion|Wing|Squadron|Infantry|Combat|Task|Command))(?![\p{L}\p{N}])",
        ),
        # Space Delta 4, Space Launch Delta 45, Space Base Delta 1, Mission Delta 31: the U.S. Space Force's
        # wing-level units; "Delta" alone is a rocket ("Delta IV") or a letter, so the qualifier is required
        (
            "en_delta",
            r"(?<![\p{L}\p{N}])(?:Space(?:\s+(?:Base|Launch))?|Mission)\s+(?P<type>Delta)\s+(?P<num>\d{1,3})"
            r"(?![\p{L}\p{N}]|[.,]\d)",
        ),
        # Ala 2, Ala 12: the air wings of Brazil and Spain, named by type and number
        (
            "romance_type_number",
            r"(?<![\p{L}\p{N}])(?P<type>Ala)\s+(?P<num>\d{1,3})(?![\p{L}\p{N}]|[.,]\d)",
        ),
        # 1er régiment, 7e brigade, 65º Batallón, 186° reggimento, 15ª Brigada, 2.ª División
        (
            "romance_ordinal",
            NOT_AFTER_NUMBER + r"(?P<num>\d{1,3})\s?(?:er|re|ère|ème|eme|e|è|\.?\s?[ºª°])\s+"
            rf"(?P<type>(?i:{ROMANCE_TYPES})){NOT_WORD_AFTER}",
        ),
        # Segunda División, Quinta Flota
        (
            "romance_spelled",
            rf"(?<![\p{{L}}\p{{N}}])(?P<word>{SPELLED_WORDS})\s+(?P<type>(?=\p{{Lu}})(?i:{ROMANCE_TYPES})){NOT_WORD_AFTER}",
        ),
        # 3. Sturmbrigade, 1. Panzerdivision, 18. Dywizji Zmechanizowanej, 3. Flotylli; gazetteer-15: the type
        # word is one of the types, so that a name before it is passed over ("1. Podlaska Brygada", "16.
        # Pomorskiej Dywizji")
        (
            "dot_ordinal",
            NOT_AFTER_NUMBER
            + r"(?P<num>\d{1,3})\.\s+(?:\p{Lu}[\p{L}-]*\s+){0,2}?(?P<type>"
            + DOT_TYPES
            + ")"
            + NOT_WORD_AFTER,
        ),
        # gazetteer-15: a Roman numeral before a Spanish, Italian or French unit type ("VI Brigada Aérea"),
        # and after a Spanish brigade's name ("Brigada Guadarrama XII", "Brigada Guzmán el Bueno X")
        (
            "romance_roman",
            rf"(?<![\p{{L}}\p{{N}}])(?<!\p{{Lu}}\p{{Ll}}+\s)(?P<word>{ROMAN_WORDS})\s+(?P<type>{ROMANCE_CAPITALIZED})"
            r"(?![\p{L}\p{N}])",
        ),
        # gazetteer-22: a Spanish unit's number after its name ("Regimiento de Caballería 'España' n.º 11",
        # "Comando Aéreo de Combate n.º 1")
        (
            "romance_numero",
            r"(?<![\p{L}\p{N}])(?P<type>Regimiento|Batallón|Brigada|Grupo|Escuadrón|Escuadrilla|Comando|Mando|"
            r"Tercio|Ala)\s+(?:[^\s,.;:()]+\s+){0,6}?n\.?\s?[º°o]\.?\s?(?P<num>\d{1,3})(?![\p{L}\p{N}]|[.,]\d)",
        ),
        (
            "romance_named",
            rf"(?<![\p{{L}}\p{{N}}])(?P<type>Brigada|Regimiento|Batallón)\s+[«\"'“]?\p{{Lu}}[\p{{L}}'’]*"
            rf"(?:\s+(?:(?:el|la|de|del)\s+)?\p{{Lu}}[\p{{L}}'’]*){{0,3}}[»\"'”]?\s+(?P<word>{ROMAN_WORDS})"
            r"(?![\p{L}\p{N}])",
        ),
        # Panzerbrigade 12, Taktisches Luftwaffengeschwader 31, Jägerbataillon 25
        (
            "german_compound",
            # and in the genitive (des Taktischen Luftwaffengeschwaders 71, des Jägerbataillons 292)
            r"(?<![\p{L}\p{N}])(?P<type>\p{Lu}\p{Ll}{2,}(?:brigade|division|regiment|bataillon|geschwader|staffel"
            r"|flottille|kompanie))(?:e?s)?\s+(?P<num>\d{1,3})(?![\p{L}\p{N}]|[.,]\d)",
        ),
        # 72-я отдельная механизированная бригада, 72-га окрема механізована бригада, 93-й бригады, 47 ОМБр
        (
            "cyrillic",
            NOT_AFTER_NUMBER + r"(?P<num>\d{1,3})(?:\s?-\s?[а-яіїєґ]{1,3}\s+"
            rf"(?:(?i:{CYRILLIC_ADJECTIVE})\s+){{0,4}}?(?P<type>(?i:{CYRILLIC_TYPES}))|(?:\s?-\s?[а-яіїєґ]{{1,3}})?\s+(?P<type>[А-ЯІЇЄҐ]{{1,5}}Бр))"
            + NOT_WORD_AFTER,
        ),
        # Третя окрема штурмова бригада, Первая гвардейская танковая армия
        (
            "cyrillic_spelled",
            rf"(?<![\p{{L}}\p{{N}}'’])(?P<cword>{CYRILLIC_ORDINAL_WORD})\s+"
            rf"(?:(?i:{CYRILLIC_ADJECTIVE})\s+){{0,4}}?(?P<type>(?i:{CYRILLIC_TYPES}))" + NOT_WORD_AFTER,
        ),
        # חטיבה 7, טייסת 140 (with one-letter prefixes: בחטיבה, לטייסת)
        (
            "hebrew",
            r"(?<![\p{L}\p{N}])[בלהוכמש]{0,2}(?P<type>"
            + "|".join(HEBREW_TYPES)
            + r")\s+(?P<num>\d{1,3})"
            + NOT_WORD_AFTER,
        ),
        # الفرقة 22, اللواء 7
        (
            "arabic",
            r"(?<![\p{L}\p{N}])(?:ال)?(?P<type>"
            + "|".join(ARABIC_TYPES)
            + r")\s+(?P<num>\d{1,3})"
            + NOT_WORD_AFTER,
        ),
    )
)
# Words at least one of which a text must contain to be searched at all (cheap Aho-Corasick prefilter, case
# as the grammar needs it: English types and the everyday-word types are capitalized).
_LOWER_STEMS = (
    "brigad", "brigat", "brygad", "division", "división", "divisione", "divisão", "dywizj", "regiment",
    "régiment", "reggiment", "regimient", "pułk", "bataillon", "batallón", "battaglion", "batalh", "batalion",
    "escadr", "escuadr", "squadrigl", "esquadr", "eskadr", "staffel", "stormo", "skrzyd", "geschwader",
    "flotill", "flottil", "flotilh", "flotyll", "flott", "flota", "frota", "kompanie", "ala ", "wing",
)  # fmt: skip
PREFILTER = (
    *_LOWER_STEMS, *(stem.capitalize() for stem in _LOWER_STEMS),
    "Wing", "Squadron", "Group", "Fleet", "Flotilla", "Brigade", "Division", "Regiment", "Battalion",
    "Airborne", *NAVY_SQUADRONS.split("|"), "CVW", "INAS", *BRITISH_REGIMENTS.split("|"),
    "Infantry", "PIR", "Armor", "Artillery", "Aviation",  # gazetteer-22: "1-187 Infantry", "2-504 PIR"
    "Company", "Corps", "Army", "Command", "Detachment", "Task Force", "Delta", "Groupe", "Grupo", "Gruppo",
    "Gruppe", "Compa",
    "Cuerpo", "Corpo", "Korpus", "Korps", "Armée", "Ejército", "Armata", "Exército", "Armi", "Armee",
    "Comando", "Dowództw", "Kommando", "Détachement", "Destacamento", "Distaccamento", "Fuerza de",
    "бригад", "Бригад", "Бр ", "Бр,", "Бр.", "дивизи", "Дивизи", "дивізі", "Дивізі", "полк", "Полк",
    "батальон", "Батальон", "батальйон", "Батальйон", "скадрил", "арми", "Арми", "армі", "Армі", "флот",
    "Флот", "корпус", "Корпус", "рота", "роты", "роту", "роте", "ротой", "отряд", "загін", "загон",
    *HEBREW_TYPES, *ARABIC_TYPES,
)  # fmt: skip
# The same, as one Rust regex run by polars over every candidate: a number or spelled ordinal followed within
# five words by a type word, or a type word followed by a number. Only its matches meet the Python patterns.
_STEMS = "|".join(sorted({regex.escape(w.strip()) for w in PREFILTER}, key=len, reverse=True))
_ORDINAL_WORDS = "|".join(sorted({*SPELLED, *(r.lower() for r in ROMAN)}, key=len, reverse=True))
# The pattern is only asked whether a text matches, so its word boundaries are written as the characters
# around them, which polars' fast regex engine decides in any text (a Unicode \b sent the candidates holding
# a non-ASCII letter, 40% of them on the gold texts, to the slow engine: 0.12 s of find_units' 0.13 s on
# 20,000 articles). A text matches exactly when it did with \b: before a word, "\b" is the start or a non-word
# character (WORD_BEFORE); between an ordinal word and the spaces after it ("\b\S*\s+"), whatever stands
# there begins with a character that is neither a word's nor a space (ORDINAL_AFTER); after a numeral, the
# end or a non-word character.
WORD_BEFORE = r"(?:^|\W)"
ORDINAL_AFTER = r"(?:[^\w\s]\S*)?\s+"
_TYPE_WITHIN_FIVE_WORDS = rf"(?:\S+\s+){{0,4}}?\S*(?:{_STEMS})"
CANDIDATE = (
    rf"(?:\d|{CYRILLIC_ORDINAL_WORD})\S*\s+{_TYPE_WITHIN_FIVE_WORDS}"
    rf"|{WORD_BEFORE}(?i:{_ORDINAL_WORDS}){ORDINAL_AFTER}{_TYPE_WITHIN_FIVE_WORDS}"
    # gazetteer-15: a Spanish brigade's name and its Roman numeral after the type ("Brigada Guadarrama XII")
    rf"|(?:{_STEMS})\S*\s+\d|Brigada\s+(?:\S+\s+){{1,4}}[IVX]+(?:$|\W)"
    rf"|{WORD_BEFORE}(?:{NAVY_SQUADRONS}|CVW)-\d"
    # gazetteer-22: "Regimiento ... n.º 11"
    rf"|{WORD_BEFORE}n\.?\s?[º°o]\.?\s?\d"
)
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

UNIT_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "field": pl.String(),
    "entity_id": pl.String(),
    "entity_name": pl.String(),
    "matched_text": pl.String(),
    "start_offset": pl.Int32(),
    "end_offset": pl.Int32(),
}


def unit_type(word: str, shape: str) -> str | None:
    """The English unit type of a type word as a shape captured it, or None when the word is no unit type."""
    lowered = unicodedata.normalize("NFC", word).lower()
    if shape == "en_delta":
        return "delta"
    if shape == "designation":
        return "wing" if word == "CVW" else "squadron"
    if shape == "flottille":
        return "flotilla"
    if shape == "airborne":
        return "division"
    if shape in ("army_battalion", "british_battalion"):
        return "battalion"
    if shape == "hebrew":
        return HEBREW_TYPES.get(word)
    if shape == "arabic":
        return ARABIC_TYPES.get(word)
    if shape == "german_compound":
        return next((t for end, t in GERMAN_ENDINGS if lowered.endswith(end)), None)
    if shape == "cyrillic" and word.endswith("Бр"):
        return "brigade"
    if lowered == "ala":
        return "wing"  # Spanish and Portuguese air wings; not a stem (Alarm, Alaska)
    if shape == "dot_ordinal":
        # German words end with the type (Sturmbrigade, Division), Polish ones begin with it (Dywizji)
        ending = next((t for end, t in GERMAN_ENDINGS if lowered.endswith(end)), None)
        return ending or next((t for stem, t in POLISH_STEMS if lowered.startswith(stem)), None)
    return next((t for stem, t in TYPE_STEMS if lowered.startswith(stem)), None)


def _number(match: regex.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("num"):
        return int(groups["num"].translate(ARABIC_DIGITS))
    if groups.get("cword"):
        cword = groups["cword"]
        return next((n for stem, n in CYRILLIC_ORDINALS.items() if cword.startswith(stem)), None)
    word = groups.get("word") or ""
    return SPELLED.get(word.lower()) or ROMAN.get(word)


def _accepted(match: regex.Match[str], shape: str, kind: str, text: str) -> bool:
    """Shape-specific evidence beyond the pattern (see the module docstring)."""
    word = match.group("type")
    if shape in ("en_ordinal", "en_spelled"):
        vetoes = NOT_QUALIFIERS.intersection(GENERATION_OF.sub(" ", match.group(0)).split())
        if vetoes:
            return False
    if shape == "en_ordinal":
        if regex.match(r"\s*[–-]\p{Lu}", text[match.end() :]):
            return False  # gazetteer-18: "the 126th Army–Navy Game"
        if regex.match(r"No\.?\s*\d|\d{1,3}(?:st|nd|rd|th)", match.group(0)):
            return True
        # a bare cardinal: only firm types, not an amount, and no capitalized word right after the type
        # unless the words before are prose ("at 4 Wing Cold Lake", Canada's wings and their bases) and the
        # word does not go on with the type ("2 Brigade Combat Teams", "3 Squadron Leaders")
        after = text[match.end() :]
        capitalized = regex.match(r"\s*(\p{Lu}[\p{L}'’-]*)", after)
        return (
            regex.fullmatch(EN_CARDINAL_TYPES, word) is not None
            and regex.match(r"\s*\d", after) is None
            and (
                capitalized is None
                or (
                    capitalized.group(1) not in GOES_ON
                    and regex.search(r"(?:^|\s)\p{Ll}[\p{L}'’-]*\s+$", text[: match.start()]) is not None
                )
            )
            and regex.match(r"\s*(?:million|billion|thousand|percent)", after) is None
        )
    if shape == "en_spelled":
        if match.group("word") in ROMAN:
            # I Corps, XVIII Airborne Corps, II(AC) Squadron; "World War II Division" is not a unit
            return kind == "corps" or (
                kind == "squadron" and text[match.end("word") : match.end("word") + 1] == "("
            )
        return kind not in ("group", "company", "command", "detachment")
    if shape == "en_type_number":  # gazetteer-20: "Detachment 1" too
        return kind in ("task-force", "detachment") or match.group("qual") is not None
    if shape in ("romance_roman", "romance_named", "romance_numero"):
        return True
    if shape in ("romance_ordinal", "romance_spelled"):
        return kind not in AMBIGUOUS_TYPES or word[:1].isupper()
    if shape == "dot_ordinal":
        return kind != "group" or len(word) > len("gruppe")  # "2. Gruppe" is anything; Kampfgruppe is a unit
    return True


# gazetteer-20: a unit named inside a job title is not a mention of the unit (the labeling policy: "Commanding
# General of the 1st Marine Division"); the same unit named elsewhere in the text still is
TITLE_OF = regex.compile(
    r"(?:\b(?:[Cc]ommander|[Cc]ommanding\s+(?:[Oo]fficer|[Gg]eneral)|[Cc]ommandant|[Cc]ommand\s+[Cc]hief|"
    r"[Ss]ergeant\s+[Mm]ajor|[Ss]enior\s+[Ee]nlisted\s+[Ll]eader)\s+of\s+(?:the\s+)?)$"
)


def units_in(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, number, type) of every unit named in ``text``, leftmost first, never overlapping."""
    found: list[tuple[int, int, int, str]] = []
    for shape, pattern in PATTERNS:
        for match in pattern.finditer(text, overlapped=False):
            kind = unit_type(match.group("type"), shape)
            number = _number(match)
            if kind is None or not number or not _accepted(match, shape, kind, text):
                continue
            if TITLE_OF.search(text, max(0, match.start() - 40), match.start()):
                continue  # gazetteer-20: a job title ("commander of the 100th Operations Group")
            found.append((match.start(), match.end(), number, kind))
    taken_until = -1
    for start, end, number, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= taken_until:
            taken_until = end
            yield start, end, number, kind


def find_units(texts: pl.DataFrame) -> pl.DataFrame:
    """Unit mentions in ``texts`` (article_id, field, text): ``UNIT_SCHEMA`` rows, ids ``unit:<n>-<type>``."""
    candidates = texts.filter(pl.col("text").str.contains_any(list(PREFILTER)))
    candidates = candidates.filter(pl.col("text").str.contains(CANDIDATE))
    rows: list[dict[str, object]] = []
    # each distinct text is searched once: syndicated copies and repeated titles are common
    for text in candidates["text"].unique().to_list():
        for start, end, number, kind in units_in(text):
            rows.append(
                {
                    "text": text,
                    "entity_id": f"unit:{number}-{kind}",
                    "entity_name": f"{number} {kind.replace('-', ' ')}",
                    "matched_text": text[start:end],
                    "start_offset": start,
                    "end_offset": end,
                }
            )
    schema = {
        "text": pl.String(),
        **{k: v for k, v in UNIT_SCHEMA.items() if k not in ("article_id", "field")},
    }
    found = pl.DataFrame(rows, schema=schema)
    return (
        candidates.select("article_id", "field", "text")
        .join(found, on="text", how="inner")
        .select(list(UNIT_SCHEMA))
        .sort("article_id", "field", "start_offset")
    )
