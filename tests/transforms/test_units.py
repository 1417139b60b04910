from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.services import (
    article_focus,
    bare_services_in,
    funding_line,
    ministry_kind,
    resolve_services,
    service_kind,
    service_table,
)
from transforms.units import UNIT_SCHEMA, find_units, units_in


def _units(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], f"unit:{number}-{kind}") for start, end, number, kind in units_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 3rd Infantry Division said", [("3rd Infantry Division", "unit:3-division")]),
        ("332nd Air Expeditionary Wing Airmen", [("332nd Air Expeditionary Wing", "unit:332-wing")]),
        (
            "4th Squadron, 2nd Cavalry Regiment",
            [("4th Squadron", "unit:4-squadron"), ("2nd Cavalry Regiment", "unit:2-regiment")],
        ),
        ("3rd (UK) Division", [("3rd (UK) Division", "unit:3-division")]),
        ("while 16 Air Assault Brigade keeps", [("16 Air Assault Brigade", "unit:16-brigade")]),
        ("join No. 40 Squadron at", [("No. 40 Squadron", "unit:40-squadron")]),
        ("Carrier Strike Group 12 sailed", [("Strike Group 12", "unit:12-group")]),
        ("Task Force 51", [("Task Force 51", "unit:51-task-force")]),
        ("the Seventh Fleet", [("Seventh Fleet", "unit:7-fleet")]),
        ("XVIII Airborne Corps", [("XVIII Airborne Corps", "unit:18-corps")]),
        (
            "72-я отдельная механизированная бригада",
            [("72-я отдельная механизированная бригада", "unit:72-brigade")],
        ),
        ("72-га окрема механізована бригада", [("72-га окрема механізована бригада", "unit:72-brigade")]),
        ("бойцы 93-й бригады", [("93-й бригады", "unit:93-brigade")]),
        (
            "получит 20-я гвардейская общевойсковая армия",
            [("20-я гвардейская общевойсковая армия", "unit:20-army")],
        ),
        ("47-ма ОМБр", [("47-ма ОМБр", "unit:47-brigade")]),
        ("le 1er régiment", [("1er régiment", "unit:1-regiment")]),
        ("la 3e division", [("3e division", "unit:3-division")]),
        ("Panzerbrigade 12", [("Panzerbrigade 12", "unit:12-brigade")]),
        ("das Taktische Luftwaffengeschwader 31", [("Luftwaffengeschwader 31", "unit:31-wing")]),
        ("die 3. Sturmbrigade meldete", [("3. Sturmbrigade", "unit:3-brigade")]),
        ("trafi do 18. Dywizji Zmechanizowanej", [("18. Dywizji", "unit:18-division")]),
        ("el 65º Batallón de Infantería", [("65º Batallón", "unit:65-battalion")]),
        ("la Segunda División", [("Segunda División", "unit:2-division")]),
        ("il 186° reggimento paracadutisti", [("186° reggimento", "unit:186-regiment")]),
        ("a 15ª Brigada de Infantaria", [("15ª Brigada", "unit:15-brigade")]),
        ("יצורפו לטייסת 140 בבסיס", [("לטייסת 140", "unit:140-squadron")]),
        ("أعلنت الفرقة 22 مشاة", [("الفرقة 22", "unit:22-division")]),
        ("flown by No. 3 (Fighter) Squadron", [("No. 3 (Fighter) Squadron", "unit:3-squadron")]),
        # Russian and Ukrainian ordinals spelled out, capitalized as in a unit's name, in any case
        ("Третя окрема штурмова бригада", [("Третя окрема штурмова бригада", "unit:3-brigade")]),
        (
            "бійці Третьої окремої штурмової бригади",
            [("Третьої окремої штурмової бригади", "unit:3-brigade")],
        ),
        ("Первая гвардейская танковая армия", [("Первая гвардейская танковая армия", "unit:1-army")]),
        ("П’ята окрема штурмова бригада", [("П’ята окрема штурмова бригада", "unit:5-brigade")]),
        # gazetteer-14: Canada's wings by their bases, RAF squadrons with role letters, "Ala N"
        ("first arriving at 4 Wing Cold Lake in 2026", [("4 Wing", "unit:4-wing")]),
        ("the Typhoons of II(AC) Squadron", [("II(AC) Squadron", "unit:2-squadron")]),
        ("vão para a Ala 2, em Anápolis", [("Ala 2", "unit:2-wing")]),
        # gazetteer-15: a name before the type after "<n>."; Roman numerals with Spanish units; "2e wing"
        ("bierze udział 1. Podlaska Brygada Obrony", [("1. Podlaska Brygada", "unit:1-brigade")]),
        ("do 16. Pomorskiej Dywizji Zmechanizowanej", [("16. Pomorskiej Dywizji", "unit:16-division")]),
        ("en la VI Brigada Aérea de Tandil", [("VI Brigada", "unit:6-brigade")]),
        ("de la Brigada Guadarrama XII", [("Brigada Guadarrama XII", "unit:12-brigade")]),
        ("les F-16 du 2e wing tactique", [("2e wing", "unit:2-wing")]),
        # gazetteer-18: designations of U.S. Navy and Marine squadrons and air wings, India's naval air
        # squadrons, French naval flotillas, "the 82nd Airborne"
        (
            "with CVW-9 as VFA-14 brings Super Hornets",
            [("CVW-9", "unit:9-wing"), ("VFA-14", "unit:14-squadron")],
        ),
        ("MiG-29K jets of INAS 303 back on deck", [("INAS 303", "unit:303-squadron")]),
        ("les Rafale Marine de la flottille 12F", [("flottille 12F", "unit:12-flotilla")]),
        ("the 82nd Airborne heads east", [("82nd Airborne", "unit:82-division")]),
        # U.S. Space Force deltas (wing-level units)
        ("Guardians of Space Delta 4 watch for launches", [("Space Delta 4", "unit:4-delta")]),
        ("Space Launch Delta 45 supports the mission", [("Space Launch Delta 45", "unit:45-delta")]),
        ("Mission Delta 31 was activated", [("Mission Delta 31", "unit:31-delta")]),
        # gazetteer-20: U.S. Navy and Marine Corps squadrons by their names; a detachment by its number
        ("Airborne Command and Control Squadron 121 landed", [("Control Squadron 121", "unit:121-squadron")]),
        ("Marine Medium Tiltrotor Squadron 364 embarked", [("Tiltrotor Squadron 364", "unit:364-squadron")]),
        ("the crews of Detachment 3 moved", [("Detachment 3", "unit:3-detachment")]),
        # ... and a unit named inside a job title is no mention of it; outside the title it is
        (
            "said Col. Ana Ruiz, commander of the 62nd Operations Group, whose 62nd Operations Group flew",
            [("62nd Operations Group", "unit:62-group")],
        ),
        # gazetteer-22: "Generation" after the kind of aircraft a maintenance squadron readies; Italian
        # brigades; U.S. Army battalions by their number and their regiment's
        (
            "the 333rd Fighter Generation Squadron flew",
            [("333rd Fighter Generation Squadron", "unit:333-squadron")],
        ),
        ("con la 46ª Brigata aerea a Pisa", [("46ª Brigata", "unit:46-brigade")]),
        ("paratroopers of 2-504 PIR jumped", [("2-504 PIR", "unit:2-battalion")]),
        (
            "soldiers from 1-187 Infantry and 3-69 Armor",
            [("1-187 Infantry", "unit:1-battalion"), ("3-69 Armor", "unit:3-battalion")],
        ),
        ("the 1-41 Field Artillery Regiment fired", [("1-41 Field Artillery Regiment", "unit:1-battalion")]),
        # a Spanish unit's number after its name; a corps numbered by a bare cardinal
        (
            "el Regimiento de Infantería 'Tenerife' n.º 49 desfiló",
            [("Regimiento de Infantería 'Tenerife' n.º 49", "unit:49-regiment")],
        ),
        ("el Grupo de Escuelas n.º 3 informó", [("Grupo de Escuelas n.º 3", "unit:3-group")]),
        ("troops of 33 Corps moved north", [("33 Corps", "unit:33-corps")]),
    ],
)
def test_units_follow_the_grammar_in_every_language(text: str, expected: list[tuple[str, str]]) -> None:
    assert _units(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the 3rd quarter",
        "a 2nd group of protesters",
        "the 20th century",
        "the Group of Seven",
        "3 Army Aviators Killed",  # a cardinal before an everyday type in a title-case headline
        "$5 Million Army Contract",
        "2 Brigade Soldiers Die",  # a capitalized word after a bare cardinal form
        "they sent 2 Brigade Combat Teams",  # ... that goes on with the type, even in prose
        "Boeing Sells 4 Wing Kits",  # ... in a title-case headline
        "Juan Carlos I Brigada",  # a Roman numeral after a name is the name's
        "a snowy 126th Army–Navy Game",  # a type joined to another name by a dash
        "the VP-8 spoke",  # only squadron letters the grammar lists
        "Division 2 football",  # a number after the type needs a military qualifier
        "the 3rd Quarter Army Results",
        "le 2e groupe de manifestants",
        "за 3 дня армия",
        "на 5-й день армия",
        "am 3. Oktober",
        "rose by 3. Army officials",
        "COVID-19 Task Force",
        "World War II Division",
        "Windows 11 Group Policy",
        "a Delta IV Heavy rocket",  # a delta needs "Space" or "Mission" before it
        "Delta 4 lifted off",
        "Третья мировая война",  # a spelled ordinal needs a unit type
        "Первый канал",
        "из другой бригады",  # "другой" is "another" as often as "second": not an ordinal here
        "третя бригада в списку",  # a spelled ordinal is capitalized in a unit's name
        "the Commanding General of the 3rd Infantry Division spoke",  # a job title (gazetteer-20)
        "Brig. Gen. Lee, commander of the 4th Fighter Wing, said",
        "a 3rd Generation Fighter Wing exhibit",  # "Generation" before the aircraft word is a rank in time
        "una brigata di amici",  # an everyday word without an ordinal
        "won 2-1 in the Infantry Cup",  # a score: no branch right after it
        "call 1-800 Aviation Supplies",  # three digits after the dash are a phone number's
        "3 Corps Members Honored",  # a bare cardinal's corps followed by a word that goes on with it
        "vive en la calle Mayor n.º 12",  # a number after a name that is no unit's
    ],
)
def test_numbers_that_are_not_units(text: str) -> None:
    assert _units(text) == []


def test_find_units_gives_one_row_per_unit_with_offsets() -> None:
    texts = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "field": ["title", "summary", "title"],
            "text": ["1st Armored Division soldiers", "No units here.", "Jägerbataillon 25 in Klagenfurt"],
        }
    )
    expected = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "field": ["title", "title"],
            "entity_id": ["unit:1-division", "unit:25-battalion"],
            "entity_name": ["1 division", "25 battalion"],
            "matched_text": ["1st Armored Division", "Jägerbataillon 25"],
            "start_offset": [0, 0],
            "end_offset": [20, 17],
        },
        schema=UNIT_SCHEMA,
    )
    assert_frame_equal(find_units(texts), expected)


ORGS = pl.DataFrame(
    {
        "org_id": ["us-navy", "us-air-force", "royal-navy", "irgc-navy", "iranian-navy", "us-dod"],
        "name": [
            "U.S. Navy",
            "U.S. Air Force",
            "Royal Navy",
            "IRGC Navy",
            "Islamic Republic of Iran Navy",
            "DoD",
        ],
        "aliases": ["", "", "", "", "", ""],
        "org_type": ["armed_service"] * 5 + ["ministry"],
        "country_iso3": ["USA", "USA", "GBR", "IRN", "IRN", "USA"],
        "requires_context": [None] * 6,
    }
)


def test_service_kinds_come_from_the_names_and_ambiguous_pairs_are_dropped() -> None:
    assert service_kind("Japan Air Self-Defense Force") == "air_force"
    assert service_kind("Royal Australian Navy") == "navy"
    assert service_kind("Quds Force") is None
    table = service_table(ORGS)
    assert table.select("country_iso3", "kind", "org_id").rows() == [
        ("GBR", "navy", "royal-navy"),
        ("USA", "air_force", "us-air-force"),
        ("USA", "navy", "us-navy"),
    ]


def test_focus_is_the_one_country_or_a_clearly_dominant_one() -> None:
    countries = pl.DataFrame(
        {
            "article_id": ["one", "dominant", "dominant", "dominant", "tie", "tie"],
            "entity_id": ["GBR", "USA", "USA", "IRN", "USA", "GBR"],
        }
    )
    assert sorted(article_focus(countries).rows()) == [("dominant", "USA"), ("one", "GBR")]


def test_bare_services_resolve_by_adjacent_country_then_feed_then_focus_else_give_up() -> None:
    bare = pl.DataFrame(
        {
            "article_id": ["feed", "focus", "tie", "adjacent", "longer"],
            "field": ["title"] * 5,
            "kind": ["navy"] * 5,
            "matched_text": ["Navy"] * 5,
            "start_offset": [0, 0, 0, 8, 0],
            "end_offset": [4, 4, 4, 12, 4],
            "capitalized_after": [False, False, False, False, True],
        }
    )
    countries = pl.DataFrame(
        {
            "article_id": ["focus", "tie", "tie", "adjacent", "longer"],
            "field": ["summary", "summary", "summary", "title", "summary"],
            "entity_id": ["GBR", "USA", "GBR", "GBR", "USA"],
            "start_offset": [10, 10, 20, 0, 0],
            "end_offset": [17, 13, 27, 7, 3],
        }
    )
    feeds = pl.DataFrame(
        {
            "article_id": ["feed", "focus", "tie", "adjacent", "longer"],
            "feed_country": ["USA", None, None, "USA", None],
        }
    )
    result = resolve_services(bare, countries, feeds, service_table(ORGS)).sort("article_id")
    assert result.select("article_id", "entity_id", "rule").rows() == [
        ("adjacent", "royal-navy", "service:adjacent_country"),
        ("feed", "us-navy", "service:feed_country"),
        ("focus", "royal-navy", "service:focus"),
    ]


def test_a_bare_defense_ministry_is_the_ministry_of_the_country_the_context_settles() -> None:
    assert ministry_kind("Ministry of Defence of Ukraine") == "ministry"
    assert ministry_kind("U.S. Department of Defense") == "ministry"
    assert ministry_kind("Department of National Defence") == "ministry"
    assert ministry_kind("Department of the Army") is None
    assert ministry_kind("Department of Defense Inspector General") is None
    ministries = pl.DataFrame(
        {
            "org_id": ["ukraine-mod", "us-dept-army", "us-dod"],
            "name": [
                "Ministry of Defence of Ukraine",
                "Department of the Army",
                "U.S. Department of Defense",
            ],
            "aliases": ["", "", ""],
            "org_type": ["ministry"] * 3,
            "country_iso3": ["UKR", "USA", "USA"],
            "requires_context": [None] * 3,
        }
    )
    table = service_table(ministries)
    assert table.select("country_iso3", "kind", "org_id").rows() == [
        ("UKR", "ministry", "ukraine-mod"),
        ("USA", "ministry", "us-dod"),
    ]
    text = "Міноборони виділить кошти"
    assert [(text[s:e], kinds) for s, e, kinds, *_ in bare_services_in(text, "uk")] == [
        ("Міноборони", ("ministry",))
    ]
    # in English a ministry's name counts wherever it stands, not only after "the" or a sentence start
    text = "The guns go to the Army, National Defence said, and the Defence Ministry agreed."
    found = [(text[s:e], kinds) for s, e, kinds, *_ in bare_services_in(text, "en")]
    assert found == [
        ("Army", ("army",)),
        ("National Defence", ("ministry",)),
        ("Defence Ministry", ("ministry",)),
    ]
    bare = pl.DataFrame(
        {
            "article_id": ["a"],
            "field": ["summary"],
            "kind": ["ministry"],
            "matched_text": ["Міноборони"],
            "start_offset": [0],
            "end_offset": [10],
            "capitalized_after": [False],
        }
    )
    countries = pl.DataFrame(
        schema={"article_id": pl.String(), "field": pl.String(), "entity_id": pl.String(),
                "start_offset": pl.Int64(), "end_offset": pl.Int64()}
    )  # fmt: skip
    feeds = pl.DataFrame({"article_id": ["a"], "feed_country": ["UKR"]})
    result = resolve_services(bare, countries, feeds, table)
    assert result.select("entity_id", "rule").rows() == [("ukraine-mod", "service:feed_country")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we meet two Air Force astronauts", ["Air Force"]),  # after a word that is not capitalized
        ("for active-duty Air Force members", ["Air Force"]),
        ("the Air Force's terminals, Navy ships at sea", ["Air Force", "Navy"]),  # after a comma
        ("the 26th Air Force secretary", []),  # a numbered unit, and a job title after
        ("the Air Force secretary said", []),
        ("AF engineers set a record", ["AF"]),  # the abbreviation of U.S. military headlines
        ("Air, Space Forces leaders testify", ["Air, Space Forces"]),
    ],
)
def test_english_bare_names_stand_where_no_longer_name_or_title_claims_them(
    text: str, expected: list[str]
) -> None:
    assert [text[s:e] for s, e, *_ in bare_services_in(text, "en")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capitalized word before: part of a longer name, or a country; resolution tells them apart
        ("the Salvation Army said", [("Army", ("army",), True)]),
        ("Free Syrian Army fighters", [("Army", ("army",), True)]),
        ("pilots trained by a Kenyan AF instructor", [("AF", ("air_force",), True)]),
        ("Air, Space Forces leaders testify", [("Air, Space Forces", ("air_force", "space_force"), False)]),
    ],
)
def test_english_bare_names_after_a_capitalized_word_need_it_to_be_a_country(
    text: str, expected: list[tuple[str, tuple[str, ...], bool]]
) -> None:
    assert [
        (text[s:e], kinds, next_to) for s, e, kinds, next_to, *_ in bare_services_in(text, "en")
    ] == expected


def test_a_name_after_a_country_adjective_is_that_countrys_service_and_after_another_word_nothing() -> None:
    table = service_table(
        pl.DataFrame(
            {
                "org_id": ["afghan-air-force", "us-army"],
                "name": ["Afghan Air Force", "U.S. Army"],
                "aliases": ["Afghan Air Force", "U.S. Army"],
                "org_type": ["armed_service", "armed_service"],
                "country_iso3": ["AFG", "USA"],
            }
        )
    )
    bare = pl.DataFrame(
        {
            "article_id": ["afghan", "salvation"],
            "field": ["title", "title"],
            "kind": ["air_force", "army"],
            "matched_text": ["AF", "Army"],
            "start_offset": [15, 14],
            "end_offset": [17, 18],
            "capitalized_after": [True, True],
        }
    )
    countries = pl.DataFrame(
        {
            "article_id": ["afghan"],
            "field": ["title"],
            "entity_id": ["AFG"],
            "start_offset": [8],
            "end_offset": [14],
        }
    )
    feeds = pl.DataFrame({"article_id": ["afghan", "salvation"], "feed_country": ["USA", "USA"]})
    result = resolve_services(bare, countries, feeds, table)
    assert result.select("article_id", "entity_id", "rule").rows() == [
        ("afghan", "afghan-air-force", "service:adjacent_country")
    ]


def test_a_countrys_possessive_before_a_bare_name_settles_it() -> None:
    # gazetteer-10: "Kenya's Ministry of Defence" is Kenya's whatever country the article focuses on
    text = "Kenya's Ministry of Defence and France's Navy"
    found = [(text[s:e], link_before) for s, e, *_, link_before in bare_services_in(text, "en")]
    assert found == [("Ministry of Defence", 3), ("Navy", 3)]
    table = service_table(
        pl.DataFrame(
            {
                "org_id": ["kenya-mod", "french-navy"],
                "name": ["Ministry of Defence of Kenya", "French Navy"],
                "aliases": ["Kenyan Ministry of Defence", "French Navy"],
                "org_type": ["ministry", "armed_service"],
                "country_iso3": ["KEN", "FRA"],
            }
        )
    )
    bare = pl.DataFrame(
        {
            "article_id": ["a", "a"],
            "field": ["summary", "summary"],
            "kind": ["ministry", "navy"],
            "matched_text": ["Ministry of Defence", "Navy"],
            "start_offset": [8, 41],
            "end_offset": [27, 45],
            "capitalized_after": [False, False],
            "link_before": [3, 3],
        }
    )
    countries = pl.DataFrame(
        {
            "article_id": ["a", "a", "a", "a"],
            "field": ["summary"] * 4,
            "entity_id": ["KEN", "FRA", "FRA", "FRA"],
            "start_offset": [0, 32, 60, 70],
            "end_offset": [5, 38, 66, 76],
        }
    )
    feeds = pl.DataFrame(
        {"article_id": ["a"], "feed_country": [None]}, schema_overrides={"feed_country": pl.String()}
    )
    result = resolve_services(bare, countries, feeds, table)
    assert sorted(result.select("entity_id", "rule").rows()) == [
        ("french-navy", "service:adjacent_country"),
        ("kenya-mod", "service:adjacent_country"),
    ]


def test_hebrew_and_german_bare_names_in_their_other_forms() -> None:
    text = "הצבא מסר כי חטיבת גולני השתתפה"
    assert [(text[s:e], kinds) for s, e, kinds, *_ in bare_services_in(text, "he")] == [
        ("הצבא", ("armed_forces",))
    ]
    text = "an die Panzerlehrbrigade 9 des Heeres"
    assert [text[s:e] for s, e, *_ in bare_services_in(text, "de")] == ["Heeres"]


def test_hebrew_construct_army_and_ministry_count_only_beside_a_country() -> None:
    text = "לצבא יוון ולמשרד ההגנה ביוון, והצבא מסר"
    assert [(text[s:e], kinds) for s, e, kinds, *_ in bare_services_in(text, "he")] == [
        ("צבא", ("forces_or_army",)),
        ("משרד ההגנה", ("foreign_ministry",)),
        ("הצבא", ("armed_forces",)),
    ]
    table = service_table(
        pl.DataFrame(
            {
                "org_id": ["polish-armed-forces", "polish-territorial", "polish-land-forces", "hellenic-army",
                           "greece-mod", "idf"],
                "name": ["Polish Armed Forces", "Territorial Defence Force (Poland)", "Polish Land Forces",
                         "Hellenic Army", "Greek Ministry of National Defence", "Israel Defense Forces"],
                "aliases": [""] * 6,
                "org_type": ["armed_service"] * 4 + ["ministry", "armed_service"],
                "country_iso3": ["POL", "POL", "POL", "GRC", "GRC", "ISR"],
            }
        )
    )  # fmt: skip
    # the armed forces as a whole where the reference data has them, else the army
    assert table.filter(pl.col("kind") == "forces_or_army").select("country_iso3", "org_id").rows() == [
        ("GRC", "hellenic-army"),
        ("ISR", "idf"),
        ("POL", "polish-armed-forces"),
    ]
    bare = pl.DataFrame(
        {
            "article_id": ["greece", "greece", "alone", "alone"],
            "field": ["title"] * 4,
            "kind": ["forces_or_army", "foreign_ministry"] * 2,
            "matched_text": ["צבא", "משרד ההגנה"] * 2,
            "start_offset": [1, 12, 1, 12],
            "end_offset": [4, 22, 4, 22],
            "capitalized_after": [False] * 4,
        }
    )
    countries = pl.DataFrame(
        {"article_id": ["greece", "greece"], "field": ["title"] * 2, "entity_id": ["GRC", "GRC"],
         "start_offset": [5, 23], "end_offset": [9, 28]}
    )  # fmt: skip
    # an Israeli publisher settles neither: Israel's own are "הצבא" and "משרד הביטחון"
    feeds = pl.DataFrame({"article_id": ["greece", "alone"], "feed_country": ["ISR", "ISR"]})
    result = resolve_services(bare, countries, feeds, table).sort("start_offset")
    assert result.select("article_id", "entity_id", "rule").rows() == [
        ("greece", "hellenic-army", "service:adjacent_country"),
        ("greece", "greece-mod", "service:adjacent_country"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gazetteer-23: the Army's and Marine Corps' "2d" and "3d"
        ("Marines with 3d Marine Division", [("3d Marine Division", "unit:3-division")]),
        ("the 52d Fighter Wing", [("52d Fighter Wing", "unit:52-wing")]),
        # ... only after a 2 or a 3 ("4d" is no ordinal)
        ("a 4d Marine Division poster", []),
        # the designation in parentheses between the type and the number, as navy.mil writes it
        (
            "Strike Fighter Squadron (VFA) 147 flew with Carrier Air Wing (CVW) 2",
            [("Fighter Squadron (VFA) 147", "unit:147-squadron"), ("Air Wing (CVW) 2", "unit:2-wing")],
        ),
        ("Marine Aircraft Group 12 moved", [("Aircraft Group 12", "unit:12-group")]),
        # an event named after the service is no unit
        ("finished the 51st Marine Corps Marathon", []),
        ("the 250th Navy Birthday Ball", []),
    ],
)
def test_units_of_the_twenty_third_version(text: str, expected: list[tuple[str, str]]) -> None:
    assert _units(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # gazetteer-25: a funding or customer line of a contract announcement
        ("aircraft procurement (Navy) funds", "Navy", True),
        ("purchases for the Navy (78%) and Japan (22%)", "Navy", True),
        ("purchases for the Navy (78.5 %)", "Navy", True),
        # not a service that ends a parenthesis it did not open, nor one before a parenthesis of words
        ("(run by the Navy) today", "Navy", False),
        ("the Navy (USN) said", "Navy", False),
        ("the Navy said", "Navy", False),
    ],
)
def test_funding_line(text: str, name: str, expected: bool) -> None:
    start = text.index(name)
    assert funding_line(text, start, start + len(name)) is expected
    if expected:  # and the name is read as a bare service, also right after the parenthesis
        assert name in [text[s:e] for s, e, *_ in bare_services_in(text, "en")]


def test_candidate_screen_matches_where_its_word_boundary_form_does() -> None:
    # CANDIDATE writes its word boundaries as the characters around them (polars' fast engine then decides
    # it in texts with non-ASCII letters): it must match exactly the texts the form with \b matches
    from transforms.units import _ORDINAL_WORDS, _STEMS, CANDIDATE, CYRILLIC_ORDINAL_WORD, NAVY_SQUADRONS

    bounded = (
        rf"(?:\d|\b(?i:{_ORDINAL_WORDS})\b|{CYRILLIC_ORDINAL_WORD})\S*\s+(?:\S+\s+){{0,4}}?\S*(?:{_STEMS})"
        rf"|(?:{_STEMS})\S*\s+\d|Brigada\s+(?:\S+\s+){{1,4}}[IVX]+\b|\b(?:{NAVY_SQUADRONS}|CVW)-\d"
        r"|\bn\.?\s?[º°o]\.?\s?\d"
    )
    texts = pl.DataFrame(
        {
            "text": [
                "First Division", "first-rate Division", "firstDivision", "éfirst Division", "first_ Division",
                "Ifirst Division", "(third) Brigade", "third, Brigade", "third\u00a0Brigade", "İ Corps",
                "I Corps", "ÉI Corps", "xii. Wing", "xiiy Wing", "décima Brigada", "ždécima Brigada",
                "Brigada Guadarrama XII", "Brigada Guadarrama XIIé", "Brigada Guadarrama XII.", "VFA-14",
                "éVFA-14", "(CVW-9)", "Regimiento n.º 11", "jn.º 11", "ä n° 3", "Третя бригада", "nothing",
                "3rd Army", "", "second ,  ,  , Army", "tenth\tWing", "ii\nCorps",
            ]
        }
    )  # fmt: skip
    old = texts.select(pl.col("text").str.contains(bounded)).to_series().to_list()
    new = texts.select(pl.col("text").str.contains(CANDIDATE)).to_series().to_list()
    assert new == old
    assert sum(old) > 15  # the cases hold both answers
