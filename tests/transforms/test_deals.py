"""Deal rules on literal texts (written by the team): one deal per DoD award paragraph and contractor, one per
FMS notice, one per news sentence or clause that states a deal; nothing from intentions, budgets or totals."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl
import pytest

from schemas.frames import DEAL_SCHEMA
from transforms.deals import common
from transforms.deals.common import ASIDE, VALUE_NEXT, Keyed, alternatives
from transforms.deals.news import (
    ACT_RE,
    COUNTED_DEALS,
    FIRST_OF,
    NO_ACTION,
    NOT_A_DEAL,
    RELATIVE,
    TAKEOVER,
    completed_act,
    sentence_cues,
)
from transforms.facts import References, extract_facts
from warehouse.seeds import read_seeds, seed_references


@pytest.fixture(scope="module")
def refs() -> References:
    return seed_references(read_seeds())


def deals(refs: References, summary: str, title: str | None = None) -> list[dict[str, object]]:
    articles = pl.DataFrame(
        {
            "article_id": ["a1"],
            "title": [title],
            "summary": [summary],
            "published_at": [datetime(2026, 5, 4, tzinfo=UTC)],
        },
        schema={
            "article_id": pl.String(),
            "title": pl.String(),
            "summary": pl.String(),
            "published_at": pl.Datetime("us", "UTC"),
        },
    )
    found = extract_facts(articles, refs).deals
    assert found.schema == pl.Schema(DEAL_SCHEMA)
    return found.to_dicts()


DOD = (
    "NAVY Acme Shipbuilding Co., Bath, Maine, is awarded a $412,500,000 modification (P00031) to previously "
    "awarded contract N00024-22-C-2305 to exercise an option for the detail design of two Arleigh Burke-class "
    "destroyers. Work will be performed in Bath, Maine, and is expected to be completed by June 2029. Fiscal 2026 "
    "shipbuilding and conversion (Navy) funds in the amount of $98,000,000 will be obligated at time of award. "
    "The Naval Sea Systems Command, Washington, D.C., is the contracting activity. "
    "ARMY Delta Ordnance LLC, Mesa, Arizona (W15QKN-26-D-0011); Gamma Arms Inc., Joplin, Missouri "
    "(W15QKN-26-D-0012); and Kappa Munitions Corp., Toledo, Ohio (W15QKN-26-D-0013), will compete for each "
    "order of the $250,000,000 firm-fixed-price contract for 120mm tank training rounds. Bids were solicited via "
    "the internet with five received. Army Contracting Command, Picatinny Arsenal, New Jersey, is the "
    "contracting activity."
)


def test_dod_paragraphs_give_one_deal_per_contractor(refs: References) -> None:
    found = deals(refs, DOD)
    assert [(d["supplier"], d["stage"], d["value"], d["contract_id"]) for d in found] == [
        ("Acme Shipbuilding Co.", "option", 412_500_000.0, "N00024-22-C-2305"),
        ("Delta Ordnance LLC", "awarded", 250_000_000.0, "W15QKN-26-D-0011"),
        ("Gamma Arms Inc.", "awarded", 250_000_000.0, "W15QKN-26-D-0012"),
        ("Kappa Munitions Corp.", "awarded", 250_000_000.0, "W15QKN-26-D-0013"),
    ]
    first = found[0]
    assert first["buyer"] == "USA"
    assert first["seller_country"] == "USA"
    assert first["rule"] == "dod_contract"
    assert first["agency"] == "Naval Sea Systems Command"  # without "The" and without its location
    assert first["weapon_id"] == "arleigh-burke"
    assert first["quantity"] == 2
    assert DOD[first["start_offset"] : first["end_offset"]] == first["evidence"]  # type: ignore[misc]
    assert str(first["evidence"]).startswith("Acme Shipbuilding Co.")  # the heading is not part of it
    assert len({d["deal_id"] for d in found}) == 4


FMS = (
    "WASHINGTON - The State Department has made a determination approving a possible Foreign Military Sale to "
    "the Government of Norway of Naval Strike Missile launchers and related equipment for an estimated cost of "
    "$310 million. The Defense Security Cooperation Agency delivered the required certification notifying "
    "Congress of this possible sale today. The Government of Norway has requested to buy twelve (12) launchers "
    "and spare parts. The principal contractor will be Raytheon Company, Tucson, Arizona."
)


def test_fms_notice_is_one_approved_deal(refs: References) -> None:
    (deal,) = deals(refs, FMS)
    assert deal["rule"] == "dsca_fms"
    assert deal["stage"] == "approved"
    assert (deal["buyer"], deal["seller_country"], deal["value"]) == ("NOR", "USA", 310_000_000.0)
    assert deal["supplier"] == "Raytheon Company"
    assert deal["supplier_id"] == "rtx"
    assert deal["quantity"] == 12
    assert deal["agency"] == "State Department"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Poland signed a PLN 6.5 billion contract with Hyundai Rotem for 180 K2 tanks on Friday.",
            {
                "stage": "signed",
                "buyer": "POL",
                "supplier_id": "hyundai-rotem",
                "weapon_id": "k2",
                "quantity": 180,
                "value": 6.5e9,
                "currency": "PLN",
            },
        ),
        (
            "Brazil's air force received two more KC-390 transports from Embraer this week.",
            {"stage": "delivered", "buyer": "BRA", "supplier_id": "embraer", "quantity": 2, "value": None},
        ),
        (
            "The State Department has cleared Greece to buy up to 40 F-35 fighter jets in a deal estimated at $8.6 "
            "billion.",
            {"stage": "approved", "buyer": "GRC", "weapon_id": "f-35", "quantity": 40, "value": 8.6e9},
        ),
        (
            "Saab has received an order worth 2.5 billion Swedish kronor from the Swedish Defence Materiel "
            "Administration for RBS 70 NG air defence systems.",
            {
                "stage": "awarded",
                "buyer": "SWE",
                "supplier_id": "saab",
                "value": 2.5e9,
                "currency": "SEK",
                "quantity": None,
            },
        ),
        # deals-24: "according to the agency's list of contracts" says where the award was read, no total
        (
            "Kawasaki Heavy Industries has been awarded a 120 billion yen contract by the Acquisition, "
            "Technology and Logistics Agency for three more C-2 transport aircraft, according to the agency's "
            "list of contracts published on Friday.",
            {"buyer": "JPN", "quantity": 3, "value": 120e9, "currency": "JPY"},
        ),
        # deals-24: the total a modification brings the contract to is no second deal
        (
            "The U.S. Army has added $300 million to Oshkosh Defense's contract for JLTV trucks. The "
            "modification to contract W56HZV-25-C-0100 raises the contract's total value to $2.2 billion and "
            "pays for more JLTV trucks for the Army and the Marine Corps.",
            {"stage": "modification", "value": 300e6},
        ),
    ],
)
def test_news_sentences(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_two_deals_in_one_sentence(refs: References) -> None:
    text = (
        "Lithuania signed a €950 million contract with KNDS Deutschland for 44 Leopard 2A8 tanks, along with a "
        "separate €122 million agreement with Saab for Carl-Gustaf M4 recoilless rifles."
    )
    found = deals(refs, text)
    assert [(d["buyer"], d["supplier_id"], d["value"]) for d in found] == [
        ("LTU", "kmw", 950e6),  # KNDS Deutschland, the former Krauss-Maffei Wegmann
        ("LTU", "saab", 122e6),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Navy plans to buy 12 more F-35C jets for $1.3 billion if Congress approves the request.",
        "The Army's budget request includes $3.1 billion for Patriot interceptors.",
        "Lockheed Martin test-launched a PAC-3 MSE interceptor worth about $4 million at White Sands.",
        "The services awarded 93 contracts worth $2.9 billion in the last week of the fiscal year.",
        "Costs for the second carrier grew from $11.4 billion to $12.9 billion, auditors said.",
        "Russia's fighter jet deal with Iran is a sign of weakness, analysts say.",
    ],
)
def test_no_deal_from_intentions_budgets_tests_totals_or_overruns(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_a_headline_repeating_the_summary_deal_counts_once(refs: References) -> None:
    title = "Poland signs PLN 6.5 billion deal for 180 K2 tanks"
    summary = "Poland signed a PLN 6.5 billion contract with Hyundai Rotem for 180 K2 tanks on Friday."
    found = deals(refs, summary, title=title)
    assert [d["field"] for d in found] == ["summary"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit price after the deal's value is not the value
        (
            "Naval Sea Systems Command issued Huntington Ingalls an undefinitized contract action of $640 million "
            "for four landing craft, about $160 million per vessel.",
            {"stage": "awarded", "supplier_id": "hii", "value": 640e6, "quantity": 4},
        ),
        # an order placed with its amount between "placed" and "order"
        (
            "The Indian Navy has placed a Rs 2,050 crore order with Bharat Electronics for 28 fire control radars.",
            {"stage": "awarded", "buyer": "IND", "value": 2.05e10, "currency": "INR", "quantity": 28},
        ),
        # a delivery under an earlier contract: the contract's value is not the delivery's
        (
            "Embraer has delivered the third KC-390 transport to Portugal's air force under the €827 million contract "
            "signed in 2019.",
            {"stage": "delivered", "buyer": "PRT", "value": None},
        ),
    ],
)
def test_values_that_belong_to_something_else(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_an_offset_clause_is_no_second_deal(refs: References) -> None:
    text = (
        "Slovakia signed a €1.3 billion contract with BAE Systems for 152 CV90 infantry fighting vehicles; the "
        "company agreed to industrial participation worth €520 million in Slovak plants."
    )
    assert [(d["buyer"], d["value"]) for d in deals(refs, text)] == [("SVK", 1.3e9)]


@pytest.mark.parametrize(
    "text",
    [
        # talks
        "Greek and Israeli officials discussed a possible order for 36 PULS launchers on Tuesday; such a deal "
        "would be worth about €700 million.",
        # a rumoured deal
        "Egypt is close to a $3 billion deal with Leonardo for 24 Eurofighter jets, two people briefed on the "
        "matter said.",
        # a signature that has not happened
        "Indonesia's order for 24 F-15EX jets from Boeing has not yet been signed, the defence ministry said.",
        # weighing an order
        "Romania is reportedly weighing an order for 54 K9 howitzers from Hanwha Aerospace worth $1 billion.",
        # a company's backlog, even with the orders that filled it
        "Airbus Defence and Space posted an order backlog of €23 billion at the end of 2025, after winning orders "
        "for 20 Eurofighter jets.",
        # a cancelled order, a forecast, yearly totals, a tender, an offer
        "Switzerland cancelled its CHF 300 million order for 12 Hermes 900 drones from Elbit Systems.",
        "Military drone orders will reach $25 billion a year by 2030, a market research firm forecast on Tuesday.",
        "Thales booked orders of €25.3 billion in 2025 and revenue of €20.6 billion, the group said.",
        "The Philippine Navy has invited bids to supply two submarines with an approved budget of PHP 110 billion.",
        "Hanwha Ocean has offered Canada up to 12 KSS-III submarines in a deal it says would be worth C$20 billion.",
        # agreements with several buyers at once: their sum, not one deal
        "Nammo has signed supply agreements with Norway and several other European customers worth NOK 9 billion.",
        # deals-24: money raised that is enough to buy something; a deal looked back on ("has since"); cargo an
        # aircraft delivered; the total a modification brings a contract to; what a buyer has ordered since a
        # year; another deal this one is separate from
        "A Lithuanian foundation has raised €2 million in a week, enough to buy two Bayraktar TB2 drones for "
        "Ukraine's army.",
        "Norway's contract for 54 Leopard 2A8 tanks was signed for NOK 19 billion; its price has since risen.",
        "A Royal Air Force A400M delivered 20 tonnes of tents and medicine to Beirut on Monday.",
        "Finland has ordered Patria vehicles worth more than €1 billion since 2019.",
        "The order is separate from the €400 million contract signed with Saab in June for Gripen spares.",
        # deals-25: host-nation support for foreign troops; equipment given by its maker; an unsolicited offer
        # to supply; a licence fee between companies; a private security company buying; a purchase recalled
        # as once the largest; a company buying from the armed forces
        "Seoul and Washington signed a host-nation support agreement under which Seoul pays $1.1 billion a year "
        "for 28,500 U.S. troops.",
        "Milrem Robotics delivered four THeMIS ground robots to the Estonian army as a gift worth €2 million.",
        "Elbit Systems sent the Israeli Air Force an unsolicited proposal to supply 200 Hermes 450 drones for $900 "
        "million.",
        "Hyundai Rotem signed an agreement with a Polish firm to build the K2 under licence, paying a licence fee "
        "of $40 million.",
        "Atlas Shield, a Kenyan private security company, has ordered 12 armoured vehicles from Paramount Group "
        "for $4 million.",
        "Greece bought 40 F-16 fighters for $2.1 billion, at the time the largest purchase in its history.",
        "KNDS has bought 30 retired Leopard 1 tanks from the Bundeswehr for €3 million to rebuild them.",
        # deals-27: a wage agreement; shares bought; a credit facility with banks; money to fund a research
        # centre; an airline's airliners; a purchase for the police; weather satellites
        "Naval Group and its unions signed a wage agreement worth €30 million a year for the Cherbourg yard that "
        "builds Barracuda submarines.",
        "Saab's chairman bought 15,000 of the company's shares for SEK 4 million on Friday.",
        "Rheinmetall signed a €3 billion syndicated credit facility with 14 banks to build ammunition plants.",
        "Leonardo signed an agreement with the Polytechnic of Turin to fund a €15 million research centre for "
        "testing helicopter gearboxes.",
        "Turkish Airlines, in which the state holds a stake, ordered 25 Boeing 787 jets worth $6 billion.",
        "The Interior Ministry signed a €40 million contract with Renault for 900 vehicles for the national "
        "police.",
        "EUMETSAT signed a €900 million contract with Thales Alenia Space for two weather satellites.",
        # deals-28: insurance bought; a donation; a private buyer; damages a court awards; a charity's purchase;
        # an office lease; a ministry paid for its runway; a sponsorship; weather radars and coaches
        "Thales has bought €300 million of insurance cover for its Brest shipyard that builds FDI frigates.",
        "Hanwha Aerospace signed an agreement on Friday to donate 3 billion won to a hospital near the plant that "
        "builds its K9 howitzers.",
        "A British private collector bought three retired Chieftain tanks from the Ministry of Defence for "
        "£90,000.",
        "A court in Graz awarded a farmer €400,000 in damages from the defence ministry for a Leopard 2A4 crash.",
        "An Estonian infantry battalion took delivery of three Patria armoured ambulances on Friday that a Finnish "
        "charity bought for €900,000.",
        "The Defence Materiel Organisation signed a ten-year lease worth €30 million on an office building in "
        "Utrecht for staff who manage the F-35 programme.",
        "The Norwegian defence ministry signed an agreement letting an airline use the runway at Ørland, home of "
        "its F-35s, for which the airline will pay the ministry NOK 8 million a year.",
        "The air show signed Saab as its main sponsor in a deal worth £2 million.",
        "The national weather service ordered eight weather radars from Leonardo for €30 million.",
        "Otokar received an order for 80 intercity coaches worth €25 million from a coach operator.",
        # deals-29: a company that buys, orders or awards (machine tools, another company, a subcontract);
        # land or a building leased or bought; money out of a fund; scholarships; an aircraft lessor's order;
        # a signing in a trailing "a year and a half after" clause; a delivery that has not happened
        "Kongsberg has ordered 40 milling machines from DMG Mori for NOK 120 million for the plant that builds "
        "NASAMS launchers.",
        "Rheinmetall has agreed to buy the Dutch naval electronics maker Seatronix for €300 million.",
        "Dassault Aviation has awarded Safran a €90 million contract for landing gear for Rafale fighters.",
        "Airbus Defence and Space signed a 15-year lease worth €40 million for a 25,000-square-metre hangar near "
        "Getafe to service A400M transports.",
        "Nammo has bought a 12-hectare plot at Raufoss for NOK 60 million to build a plant for 155 mm shells.",
        "The European Commission awarded Rheinmetall and KNDS a combined €60 million from the European Defence "
        "Fund to develop a new 155 mm shell.",
        "Lockheed Martin awarded $1 million in scholarships to students at Texas universities near its F-35 "
        "plant.",
        "Airbus received an order from the Irish aircraft lessor Avolon for 20 A330neo jets worth $6 billion.",
        "Portugal has asked Embraer for a price for two more KC-390 transports, a year and a half after Lisbon "
        "signed for its first five for €827 million.",
        "The Greek navy said the first 24 Exocet missiles from MBDA have not been handed over.",
        # deals-29, second step: a company that places an order, picks a supplier, contracts one or signs with
        # another company; a company named with its country; a bare "awarded" with its recipient before the
        # object or after "to"; a lease for a hangar; an order from a charter carrier
        "KNDS placed a €70 million order with Renk for transmissions for Leopard 2A8 tanks.",
        "Lockheed Martin selected Honeywell to supply auxiliary power units for the F-35 in a $400 million deal.",
        "Thales Australia has contracted Marand Precision Engineering for A$30 million to build Bushmaster parts.",
        "BAE Systems Australia awarded Civmec a A$250 million contract to build blocks for the Hunter-class "
        "frigates.",
        "Naval Group awarded a €100 million contract to Chantiers de l'Atlantique for hull sections of FDI "
        "frigates.",
        "Rheinmetall signed a €50 million contract with Thales for radars for its Skyranger 30 turrets.",
        "Airbus signed a 10-year lease worth €25 million for a hangar at Manching to maintain Eurofighter jets.",
        "Embraer won an order from charter carrier Jet2 for 10 E195-E2 jets worth $800 million.",
        # deals-30: a deal with a sports club or team; honours given to people; a maker's production count; a
        # purchase a time ago, with a comma
        "Airbus signed a five-year sponsorship deal worth €2 million a year with the Toulouse rugby club.",
        "Hensoldt agreed a shirt deal with a Bavarian ice hockey team worth €400,000 a season.",
        "The defence minister awarded medals to 25 Saab engineers who built the GlobalEye radar.",
        "Boeing delivered its 500th AH-64E Apache on Thursday, the company said.",
        "Embraer handed over its 100th C-390 at a ceremony in Gavião Peixoto.",
        "Twelve years ago, Poland bought 48 F-16 fighters from Lockheed Martin for $3.5 billion.",
        "A decade ago this week, India signed a €7.9 billion contract with Dassault Aviation for 36 Rafale jets.",
        # deals-30, second step: goods seized; what something named had done before, in a relative clause; a
        # book's story of a deal; awards given to people; money a university receives; "the 1,000th"
        "Customs officers seized drone parts worth €3 million that had been ordered by a Russian firm.",
        "Hackers stole files on the F-35 from a subcontractor that had won a $5 million order from Lockheed "
        "Martin.",
        "A new book tells how Saab won Brazil's order for 36 Gripen fighters.",
        "Poland's president gave awards to 30 engineers of PGZ who designed the Krab howitzer.",
        "The university received $5 million from Lockheed Martin to build a hypersonic wind tunnel.",
        "Lockheed Martin delivered the 1,000th F-35 on Thursday.",
        # deals-30, fourth step: equipment handed over as aid; a peace agreement; a fire brigade as the buyer
        "Japan's Self-Defense Forces handed over 20 trucks to the Philippines as aid.",
        "Germany delivered four IRIS-T SLM systems to Ukraine as military aid.",
        "Colombia signed a peace agreement with rebels, who handed over 2,000 rifles.",
        "The fire brigade received two firefighting drones from Elbit worth $2 million.",
        "The regional fire service ordered 12 Airbus H145 helicopters for €100 million.",
    ],
)
def test_no_deal_from_talks_rumours_totals_or_offers(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a delivery schedule is no intention
        (
            "Saab has received an order worth SEK 1.4 billion from the Swedish Defence Materiel Administration for "
            "Giraffe 1X radars, with deliveries planned for 2028.",
            {"stage": "awarded", "buyer": "SWE", "value": 1.4e9, "currency": "SEK"},
        ),
        (
            "Portugal signed a €400 million contract with Embraer for five more KC-390 transports, and the first "
            "aircraft would arrive in 2027.",
            {"stage": "signed", "buyer": "PRT", "value": 400e6, "quantity": 5},
        ),
        # what the buyer would do to pay for it is said of the deal, not the deal itself
        (
            "The State Department approved a possible $2.1 billion sale of 300 AIM-120D missiles to Japan, a "
            "purchase Tokyo would fund from its 2027 budget.",
            {"stage": "approved", "buyer": "JPN", "value": 2.1e9, "quantity": 300},
        ),
        # deals-29: a government that orders, named right before the verb after a company that speaks; a
        # headline's passive "awarded" after a company; a trailing "a year and a half after" clause
        (
            "Rheinmetall said the Bundeswehr has ordered 50 Skyranger 30 systems for €595 million.",
            {"stage": "awarded", "buyer": "DEU", "supplier": "Rheinmetall", "value": 595e6},
        ),
        (
            "Saab awarded SEK 2.1 billion contract for Gripen support by FMV.",
            {"stage": "awarded", "buyer": "SWE", "supplier": "Saab", "value": 2.1e9},
        ),
        (
            "Rheinmetall Hungary signed a €200 million contract with the Hungarian Ministry of Defence for 24 Lynx "
            "vehicles.",
            {"stage": "signed", "buyer": "HUN", "supplier": "Rheinmetall Hungary", "value": 200e6},
        ),
        (
            "Naval Group signed a contract with the Hellenic Navy for a fourth FDI frigate worth €1 billion.",
            {"stage": "signed", "buyer": "GRC", "supplier": "Naval Group", "value": 1e9},
        ),
        (
            "Poland's Armament Agency signed a $10 billion contract for 96 AH-64E Apache helicopters with Boeing on "
            "Tuesday, a year and a half after Washington approved the sale.",
            {"stage": "signed", "buyer": "POL", "value": 10e9, "quantity": 96},
        ),
        # deals-30: "Hours after ..." leads; a leading clause ended by a relative clause in commas; a trailing
        # contrast; a system named only in the leading clause is not the item; a buyer's seventh (not a
        # maker's count) is a delivery
        (
            "Hours after parliament approved the budget, the Estonian Centre for Defence Investment signed a €100 "
            "million contract with Mesko for Piorun missiles.",
            {"stage": "signed", "buyer": "EST", "supplier": "Mesko", "value": 100e6},
        ),
        (
            "Three days after the death of the former minister, who had championed the purchase for years, "
            "Romania's Ministry of National Defence signed a €900 million contract with Rheinmetall for 298 Lynx "
            "vehicles, the ministry said.",
            {"stage": "signed", "buyer": "ROU", "supplier": "Rheinmetall", "value": 900e6, "quantity": 298},
        ),
        (
            "Poland signed a contract with Hanwha Aerospace for 96 K9 howitzers worth $2.6 billion on Friday, even "
            "though deliveries of the first batch slipped by a month.",
            {"stage": "signed", "buyer": "POL", "value": 2.6e9, "quantity": 96},
        ),
        (
            "After weighing the Leopard 2A8 against the K2, Slovakia signed a €1.1 billion contract with "
            "Rheinmetall for 60 Lynx KF41 infantry fighting vehicles.",
            {"stage": "signed", "buyer": "SVK", "weapon_id": "lynx-kf41", "quantity": 60},
        ),
        (
            "Embraer delivered its seventh C-390 to the Portuguese Air Force on Friday.",
            {"stage": "delivered", "buyer": "PRT", "quantity": 1},
        ),
        # deals-30, second step: a relative clause in the past perfect is what its noun had done, the main
        # clause still the deal
        (
            "The Finnish Defence Forces, which had ordered 40 K9 howitzers in 2017, signed a €150 million contract "
            "with Hanwha for 38 more.",
            {"stage": "signed", "buyer": "FIN", "value": 150e6, "quantity": 38},
        ),
        (
            "Estonia signed a €90 million contract with Mesko for Piorun missiles that had been requested by its "
            "army.",
            {"stage": "signed", "buyer": "EST", "supplier": "Mesko", "value": 90e6},
        ),
        # deals-30, fourth step: aid said of how a purchase is paid for is no handover as aid
        (
            "Estonia signed a €50 million contract with Milrem for 20 THeMIS robots, paid for with EU aid.",
            {"stage": "signed", "buyer": "EST", "value": 50e6, "quantity": 20},
        ),
        # deals-30, third step: a choice and then the signing in one sentence are one deal, the signing's
        (
            "The Estonian Centre for Defence Investment selected the Korean gun and signed a €200 million contract "
            "with Hanwha Aerospace for 12 K9 howitzers.",
            {"stage": "signed", "buyer": "EST", "value": 200e6, "quantity": 12},
        ),
    ],
)
def test_what_is_said_beside_the_deal(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Swedish Defence Materiel Administration took up an option for 20 more Archer howitzers from BAE "
            "Systems Bofors, worth SEK 2.9 billion.",
            {"stage": "option", "buyer": "SWE", "quantity": 20, "value": 2.9e9},
        ),
        (
            "Taiwan has submitted a formal request to buy 60 Harpoon coastal defence missiles from the United "
            "States.",
            {"stage": "requested", "buyer": "TWN", "quantity": 60},
        ),
        # a letter of offer and acceptance the buyer signed; the value said in the next sentence
        (
            "Switzerland signed a letter of offer and acceptance with the U.S. government for five more Patriot "
            "fire units. The deal is worth CHF 660 million.",
            {"stage": "signed", "buyer": "CHE", "value": 660e6, "currency": "CHF"},
        ),
    ],
)
def test_stage_phrases(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_framework_and_its_first_call_off_are_two_deals(refs: References) -> None:
    text = (
        "The Norwegian Defence Materiel Agency concluded a framework agreement worth up to NOK 9 billion with "
        "Patria for armoured vehicles and at the same time placed a first call-off for 40 vehicles worth NOK 1.2 "
        "billion."
    )
    assert [(d["stage"], d["value"], d["quantity"]) for d in deals(refs, text)] == [
        ("signed", 9e9, None),
        ("awarded", 1.2e9, 40),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body with a government word, named after a possessive country
        (
            "Spain's Directorate General of Armament and Materiel has awarded Indra a €210 million contract for "
            "Lanza 3D radars.",
            {"buyer": "ESP", "agency": "Directorate General of Armament and Materiel", "value": 210e6},
        ),
        # a defence ministry without its country, paying in its country's currency
        (
            "The Ministry of Defence has signed a £240m contract with Leonardo for Wildcat helicopter support.",
            {"buyer": "GBR", "agency": "Ministry of Defence", "currency": "GBP"},
        ),
        # a supplier after its home town ("Montreal, Quebec-based"); carbines are counted
        (
            "The Canadian Army awarded Montreal, Quebec-based Ardent Armour a C$45 million contract for 12,000 "
            "carbines.",
            {"supplier": "Ardent Armour", "quantity": 12000, "currency": "CAD"},
        ),
        # the first units of a larger order
        (
            "The Romanian Air Force took delivery of the first three of 32 F-35A jets from Lockheed Martin.",
            {"stage": "delivered", "buyer": "ROU", "quantity": 3},
        ),
        (
            "The Royal Navy has taken delivery of HMS Example, the first of eight Type 26 frigates built by BAE "
            "Systems.",
            {"stage": "delivered", "buyer": "GBR", "quantity": 1},
        ),
        # deals-26: a defence ministry named without its country buys for the dateline's country, not the
        # seller's
        (
            "HANOI - Its first Korean trainers are on order: the Ministry of National Defence signed a contract "
            "with Korea Aerospace Industries for 12 KT-1 trainers worth 200 billion won.",
            {"stage": "signed", "buyer": "VNM", "seller_country": "KOR"},
        ),
        # ... and the body the sentence before names buys what a supplier received in this one
        (
            "HELSINKI - The Finnish Defence Forces Logistics Command announced two orders on Monday. Patria "
            "received an order for 40 armoured vehicles worth €300 million.",
            {"stage": "awarded", "buyer": "FIN", "supplier": "Patria", "value": 300e6},
        ),
    ],
)
def test_buyers_suppliers_and_counts(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_dod_order_against_a_base_contract_and_an_item_for_a_platform(refs: References) -> None:
    text = (
        "Acme Avionics Inc., Dayton, Ohio, was awarded a $31,250,000 firm-fixed-price delivery order "
        "(FA8620-26-F-0311) against contract FA8620-23-D-0042 for 75 mission computer upgrade kits for C-130J "
        "aircraft. Work will be performed in Dayton, Ohio, and is expected to be completed by June 2028. Fiscal 2026 "
        "aircraft procurement funds in the amount of $31,250,000 are being obligated at the time of award. The Air "
        "Force Life Cycle Management Center, Wright-Patterson Air Force Base, Ohio, is the contracting activity."
    )
    (deal,) = deals(refs, text)
    assert deal["contract_id"] == "FA8620-23-D-0042"  # the order's base contract, not the order's number
    assert (deal["system"], deal["quantity"]) == (
        "mission computer upgrade kits",
        75,
    )  # not "C-130J aircraft"


def test_deals_listed_after_a_total_and_a_colon(refs: References) -> None:
    text = (
        "Norway's Defence Materiel Agency signed contracts worth a combined NOK 3.1 billion on Monday: NOK 2.2 "
        "billion with Rheinmetall Norway for 30 Skyranger 30 air defence turrets and NOK 900 million with Saab "
        "for 12 Giraffe 1X radars."
    )
    found = deals(refs, text)
    assert [(d["buyer"], d["value"], d["quantity"]) for d in found] == [("NOR", 2.2e9, 30), ("NOR", 9e8, 12)]


def test_korean_won_is_no_verb(refs: References) -> None:
    text = (
        "South Korea's Defense Acquisition Program Administration shared 900 billion won between two firms, "
        "handing Hanwha Aerospace 540 billion won for 20 K9A2 howitzers and Hyundai Rotem 360 billion won for "
        "15 K2 tanks."
    )
    found = deals(refs, text)  # no third deal of 900 billion won: "won" there is money
    assert [(d["supplier_id"], d["value"]) for d in found] == [
        ("hanwha-aerospace", 540e9),
        ("hyundai-rotem", 360e9),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Lot 12" names the lot, "eight" counts
        (
            "The Boeing Co., St. Louis, Missouri, is awarded a $96,000,000 modification (P00012) to previously "
            "awarded contract N00019-24-C-0021. This modification exercises an option for eight Lot 12 F/A-18 "
            "Super Hornet aircraft. Naval Air Systems Command, Patuxent River, Maryland, is the contracting "
            "activity.",
            {"quantity": 8, "stage": "option"},
        ),
        # the item after the kind of work ("research, development and prototyping of ...")
        (
            "Acme Research Corp., Dayton, Ohio, has been awarded a $48,000,000 contract for research, development "
            "and prototyping of directed energy counter-drone weapons. The Air Force Research Laboratory, "
            "Kirtland Air Force Base, New Mexico, is the contracting activity.",
            {"system": "directed energy counter-drone weapons"},
        ),
        # the item after two verbs ("to integrate and sustain ...")
        (
            "U.S. Army Contracting Command has awarded Epirus Inc. a $66 million contract to develop and field "
            "high-power microwave systems.",
            {"system": "high-power microwave systems", "value": 66e6},
        ),
        # deals-24: counts in words with hundreds, and half a dozen
        (
            "Chile's defence ministry signed a contract with Rafael for three hundred and twenty Spike missiles "
            "worth $90 million.",
            {"quantity": 320},
        ),
        (
            "The Hellenic Navy has awarded Naval Group a €900 million contract for half a dozen more patrol "
            "vessels.",
            {"quantity": 6},
        ),
    ],
)
def test_counts_and_items(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_clause_that_gives_only_a_count_keeps_the_sentence_item(refs: References) -> None:
    text = (
        "Mesko signed two export contracts for Piorun missiles on Monday, one with Latvia's defence ministry for "
        "400 missiles worth €120 million and another with Estonia's defence ministry for 250 worth "
        "€75 million."
    )
    found = deals(refs, text)
    assert [(d["buyer"], d["weapon_id"], d["quantity"]) for d in found][-1] == ("EST", "piorun", 250)


def test_a_subsidiary_named_with_its_country(refs: References) -> None:
    text = "Britain's Defence Equipment and Support has awarded Thales UK a £120 million contract for Starstreak missiles."
    (deal,) = deals(refs, text)
    assert (deal["supplier"], deal["supplier_id"], deal["seller_country"], deal["buyer"]) == (
        "Thales UK",
        "thales",
        "GBR",
        "GBR",
    )


def test_the_agency_after_a_possessive_country(refs: References) -> None:
    text = "Norway's Defence Materiel Agency has ordered 24 more CV90 infantry fighting vehicles from BAE Systems Hägglunds."
    (deal,) = deals(refs, text)
    assert (deal["buyer"], deal["agency"], deal["quantity"]) == ("NOR", "Defence Materiel Agency", 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "General Atomics lands $3.5B Air Force deal for 40 MQ-9B drones.",
            {"stage": "awarded", "value": 3.5e9, "quantity": 40, "weapon_id": "mq-9"},
        ),
        # a defence ministry written in lower case, paying in rupees
        (
            "Hindustan Aeronautics Ltd bagged a Rs 62,700 crore order for 156 Prachand light combat helicopters from "
            "the defence ministry.",
            {"stage": "awarded", "buyer": "IND", "value": 6.27e11, "quantity": 156},
        ),
    ],
)
def test_headline_verbs(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_headline_at_the_start_of_the_summary_counts_once(refs: References) -> None:
    text = (
        "Saab Bags SEK 3bn Swedish Army Order for Carl-Gustaf Rounds. The Swedish Defence Materiel Administration "
        "has ordered Carl-Gustaf ammunition from Saab worth SEK 2.95 billion, the company said on Monday."
    )
    found = deals(refs, text)
    assert [(d["stage"], d["value"]) for d in found] == [("awarded", 2.95e9)]  # the body's exact amount


@pytest.mark.parametrize(
    "text",
    [
        # a law signed, a spending package
        "The president signed the annual defence authorization act into law, funding 24 more Black Hawk "
        "helicopters at a cost of $800 million.",
        "Lawmakers passed a $95 billion spending package to buy 12 more F-35C jets and two destroyers.",
        # a first flight of aircraft ordered earlier
        "The first of 12 C-390 transports ordered by the Netherlands made its maiden flight on Friday; the "
        "programme is worth €1 billion.",
        # bids submitted
        "Naval Group and Saab submitted rival bids to supply four submarines to the Dutch navy in a €4 billion "
        "programme.",
        # an order suspended, a contract terminated
        "Canada suspended a C$500 million order for eight CH-147F helicopters from Boeing pending a review.",
        "The Air Force terminated its $180 million contract with Acme Drones for 40 surveillance drones.",
        # a delivery delayed, a delivery the buyer will not see before a date
        "Handover of the 14 K9 howitzers ordered by Norway for NOK 2 billion has been delayed to 2028.",
        "Taiwan will not receive the 66 F-16V jets it bought for $8 billion before 2027, officials said.",
        # funding secured, shares bought back
        "The Eurodrone programme secured €1.2 billion in new funding from the four partner nations.",
        "Rheinmetall bought back €500 million of its shares after booking orders for Skyranger systems.",
        # a period's totals
        "Israel's defence exports rose to a record $14.8 billion in 2025, led by Arrow systems bought by Germany.",
        "Hanwha Aerospace received 12 trillion won of orders in the first half, including K9 howitzers.",
        "Thales won orders worth €3 billion from Gulf customers for Rafale radars and GM400 radars.",
    ],
)
def test_no_deal_from_laws_flights_bids_freezes_delays_funding_or_totals(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a leading clause with a budget or talks is not the main clause; its amount is not the deal's
        (
            "Despite a €90 million cost overrun on the programme, Norway ordered four more NH90 helicopters from "
            "NHIndustries for €210 million.",
            {"stage": "awarded", "buyer": "NOR", "value": 210e6, "quantity": 4},
        ),
        (
            "After months of negotiations, Greece signed a €3 billion contract with Naval Group for four FDI "
            "frigates.",
            {"stage": "signed", "buyer": "GRC", "value": 3e9, "quantity": 4},
        ),
        # a relative clause that ends the sentence says what the buyer will do with the item
        (
            "Denmark signed a DKK 6 billion contract with Saab for three GlobalEye aircraft, which it plans to base "
            "at Aalborg.",
            {"stage": "signed", "buyer": "DNK", "value": 6e9, "quantity": 3},
        ),
        # what the value could grow to is said beside the deal
        (
            "The Navy awarded Raytheon a $320 million contract for SM-6 missiles that could grow to $1.6 billion if "
            "all options are exercised.",
            {"stage": "awarded", "supplier_id": "rtx", "value": 320e6},
        ),
        # a delivery that completes an order: the order's value is not the delivery's
        (
            "The Hellenic Air Force took delivery of six more Rafale jets on Monday, completing an order worth €2.5 "
            "billion.",
            {"stage": "delivered", "buyer": "GRC", "value": None, "quantity": 6},
        ),
    ],
)
def test_what_is_said_around_the_main_clause(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_an_item_and_a_company_said_again_take_the_earlier_names(refs: References) -> None:
    item = (
        "Poland's budget includes money for more Patriot batteries. Separately, the ministry signed a $2 billion "
        "deal with Raytheon for 12 of the launchers."
    )
    (deal,) = deals(refs, item)
    assert (deal["weapon_id"], deal["quantity"], deal["value"]) == ("patriot", 12, 2e9)
    company = (
        "Kongsberg posted record results on Thursday. The company also said it had signed a NOK 1.5 billion "
        "contract with the Polish Armament Agency for NSM coastal missiles."
    )
    (deal,) = deals(refs, company)
    assert (deal["supplier_id"], deal["buyer"], deal["value"]) == ("kongsberg", "POL", 1.5e9)


@pytest.mark.parametrize(
    "text",
    [
        # deals-5: a deal verb only in a background phrase (a contract of a past year, a participle after a
        # comma, a cause)
        "The third Arrow battery, bought under a €4 billion agreement with Israel Aerospace Industries, entered "
        "service in Germany on Tuesday.",
        "Two of the ten Gowind corvettes Naval Group is building under a contract awarded in 2021 were launched "
        "at Lorient this week.",
        "Spain spent €300 million too much on Tiger helicopter spares because it ordered them from Airbus without "
        "a tender, auditors said.",
        # negated, denied, should, expected to, a condition, a question
        "Chile did not sign a contract for 12 Gripen fighters during the visit, despite talk of a $1 billion deal.",
        "Leonardo denied that it had signed a €900 million order from Qatar for NH90 helicopters.",
        "The Coast Guard should buy six more HC-130J aircraft from Lockheed Martin at $110 million each, the "
        "report argued.",
        "Slovakia is expected to receive its first CV90 vehicles from BAE Systems Hagglunds in 2027 under the "
        "€1.3 billion deal.",
        "If parliament agrees, Romania would pay $1.2 billion for 54 Abrams tanks from General Dynamics.",
        "Will Portugal order the KC-390 again? The air force has asked Embraer for a price on two more.",
        # a selection without a contract, a tender, a loan, a grant, a lawsuit, pay, sanctions, forecasts
        "Thales was named preferred bidder for a £300 million contract to maintain the Royal Navy's sonars.",
        "Finland issued a request for proposals for 1,000 drones, a programme worth up to €200 million.",
        "The Nordic Investment Bank approved a €150 million loan to Nammo to build a new explosives plant.",
        "The Army awarded a $12 million grant to a Texas university to research Stryker armour materials.",
        "Lockheed Martin sued the Navy for $300 million it says it is owed under an LCS support contract.",
        "The U.S. Treasury sanctioned four firms for shipping $80 million of drone engines to Russia.",
        "Analysts at Bernstein expect NATO armies to order 2,000 K9 and CAESAR howitzers worth $20 billion by "
        "2035.",
        "Saab's operating profit rose to SEK 3 billion as it delivered more Gripen E fighters to Brazil.",
    ],
)
def test_no_deal_without_a_completed_action_in_the_main_clause(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-5: a later statement, an unexercised option or what the deal ends is no intention of the deal
        (
            "Latvia signed a €120 million deal with Kongsberg for NASAMS launchers and said it may buy more in "
            "2028.",
            {"stage": "signed", "buyer": "LVA", "value": 120e6},
        ),
        (
            "Sweden's FMV ordered 40 CV90 vehicles from BAE Systems Hagglunds for SEK 4 billion, with an option "
            "for 20 more that would cost SEK 2 billion.",
            {"stage": "awarded", "value": 4e9, "quantity": 40},
        ),
        # a relative clause's amount is not the value when the rest of the sentence gives one
        (
            "The Czech defence ministry, whose budget had set aside CZK 5 billion, ordered 20 Leopard 2A8 tanks "
            "from KNDS Deutschland for CZK 4.6 billion.",
            {"stage": "awarded", "buyer": "CZE", "value": 4.6e9, "quantity": 20},
        ),
        # a delivery with its contract's value in a background participle: no value
        (
            "Hungary took delivery of the first four of its 44 Lynx KF41 vehicles, bought for €2 billion in "
            "2020, from Rheinmetall on Friday.",
            {"stage": "delivered", "buyer": "HUN", "value": None, "quantity": 4},
        ),
        # a contract that something falls under, signed now, is the deal
        (
            "Hanwha Aerospace will supply 30 K9 howitzers to Vietnam under a $250 million contract signed in "
            "Hanoi on Monday.",
            {"stage": "signed", "value": 250e6},
        ),
        # the buying body as the subject is the buyer, whatever country the order is for
        (
            "Denmark's Ministry of Defence ordered 155mm shells from Nammo for DKK 900 million on Friday, to be "
            "sent to Ukraine.",
            {"stage": "awarded", "buyer": "DNK", "value": 900e6},
        ),
        # an order from a body named after a country adjective
        (
            "Saab has received an order worth SEK 800 million from the Swedish Defence Materiel Administration "
            "for Carl-Gustaf ammunition.",
            {"stage": "awarded", "buyer": "SWE", "value": 800e6},
        ),
        # a leading clause about the money's source
        (
            "With money from its 2026 defence fund, Estonia bought six HIMARS launchers for $200 million.",
            {"stage": "awarded", "buyer": "EST", "value": 200e6, "quantity": 6},
        ),
    ],
)
def test_deals_beside_background_and_asides(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_headline_in_another_currency_counts_once(refs: References) -> None:
    text = (
        "Hanwha Aerospace Lands $700m Howitzer Deal. Hanwha Aerospace has signed a contract worth 1 trillion won "
        "with Egypt's armament authority for K9 howitzers."
    )
    (deal,) = deals(refs, text)
    assert (deal["currency"], deal["value"]) == ("KRW", 1e12)


def test_an_fms_letter_after_a_leading_clause_takes_its_own_value(refs: References) -> None:
    text = (
        "Using part of a $2 billion foreign military financing loan, Romania signed a letter of offer and "
        "acceptance worth $900 million on Friday for 18 Patriot launchers."
    )
    (deal,) = deals(refs, text)
    assert (deal["stage"], deal["buyer"], deal["value"]) == ("signed", "ROU", 900e6)


@pytest.mark.parametrize(
    "text",
    [
        # deals-6: a deal verb only in a leading clause is background
        "Five years after Norway ordered 54 Leopard 2A8 tanks from KNDS Deutschland, the first battalion is still "
        "waiting for its vehicles.",
        "Once the contract is signed, Greece will pay €3 billion for four FDI frigates.",
        # rumours and hedged reports
        "Unconfirmed reports say Algeria bought 14 Su-57 fighters from Russia for about $2 billion.",
        "Rumours persist that Vietnam signed a deal for T-90S tanks worth $300 million.",
        "Egypt reportedly bought 24 more Rafale jets for €4 billion, according to French media.",
        "Finland is reported to have ordered 20 more K9 howitzers from Hanwha Aerospace for €150 million.",
        # a future award
        "Spain's defence ministry will award Indra a €500 million contract for Lanza radars in the coming weeks.",
        # an order cut, a signing that is due, a letter being prepared
        "Canada will cut its order for P-8A Poseidon aircraft from 14 to 12 to save C$800 million.",
        "The agreement for 12 more Caesar howitzers is expected to be signed in Prague next week, at a cost of "
        "about €50 million.",
        "Lithuanian officials are preparing a letter of request for eight more HIMARS launchers worth about $500 "
        "million.",
        # purchases dated to a past year, listed as background
        "Vietnam has long bought Russian arms: it purchased six Kilo-class submarines in 2009 and 64 T-90S tanks "
        "in a deal worth about $250 million.",
        "Each of the 12 FA-50 jets the Philippines ordered in 2021 cost about $58 million.",
        # a memorandum of understanding and a letter of intent are intentions
        "Ukraine signed a memorandum of understanding with Rheinmetall on building an ammunition plant worth "
        "€200 million.",
        "Poland's Armament Agency signed a letter of intent with Hanwha Aerospace for 180 more K2 tanks.",
    ],
)
def test_no_deal_from_background_leads_rumours_cuts_and_intents(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-6: a range is its upper end
        (
            "Latvia's defence ministry signed a contract with Saab on Monday for 10 more RBS 70 launchers, valued "
            "at €40-50 million.",
            {"stage": "signed", "buyer": "LVA", "value": 50e6, "currency": "EUR", "quantity": 10},
        ),
        # "lakh crore" is 1e12
        (
            "The defence ministry signed a ₹1.2 lakh crore contract with Hindustan Aeronautics Limited for 97 "
            "Tejas Mk1A fighters.",
            {"stage": "signed", "buyer": "IND", "value": 1.2e12, "currency": "INR", "quantity": 97},
        ),
        # the value said after a semicolon
        (
            "Portugal signed a contract with Naval Group on Friday for two more Gowind corvettes; the ships will "
            "cost about €700 million.",
            {"stage": "signed", "buyer": "PRT", "value": 700e6, "quantity": 2},
        ),
        # contracts with one supplier for one item: one purchase, not a total
        (
            "The defence ministry signed contracts worth ₹8,000 crore with Bharat Electronics Limited for 12 "
            "Akash missile squadrons.",
            {"stage": "signed", "buyer": "IND", "supplier": "Bharat Electronics Limited", "value": 8e10},
        ),
        # the stage of the main clause, not of the leading one
        (
            "Having received its first F-35A jets last year, Poland ordered 12 more for $1.5 billion on Monday.",
            {"stage": "awarded", "buyer": "POL", "value": 1.5e9},
        ),
    ],
)
def test_values_and_stages_read_further(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_framework_and_its_call_off_with_their_own_subjects(refs: References) -> None:
    text = (
        "Patria signed a €600 million framework agreement with the Finnish Defence Forces Logistics Command for "
        "6x6 vehicles, and the command placed a first order worth €150 million on the same day."
    )
    found = deals(refs, text)
    assert [(d["stage"], d["buyer"], d["supplier"], d["value"]) for d in found] == [
        ("signed", "FIN", "Patria", 600e6),
        ("awarded", "FIN", "Patria", 150e6),
    ]


def test_an_fms_amendment_takes_the_added_items(refs: References) -> None:
    text = (
        "WASHINGTON - The State Department has made a determination approving a possible Foreign Military Sale "
        "to the Government of Australia of AGM-88G missiles, as an amendment to an earlier case. The Defense "
        "Security Cooperation Agency delivered the required certification notifying Congress today.\n\n"
        "The Government of Australia has requested to add forty (40) AGM-88G Advanced Anti-Radiation Guided "
        "Missiles Extended Range to a case approved in 2023 for sixty-three (63) missiles at an estimated cost "
        "of $94 million. The estimated cost of the items added is $75 million, which brings the estimated total "
        "case value to $169 million.\n\nThe principal contractor will be Northrop Grumman, Northridge, CA."
    )
    (deal,) = deals(refs, text)
    assert (deal["stage"], deal["buyer"], deal["value"], deal["quantity"]) == ("approved", "AUS", 75e6, 40)


@pytest.mark.parametrize(
    "text",
    [
        # deals-7: no completed deal act in the main clause: a verb whose object is no deal
        "Hanwha won acclaim at the show for its K9 howitzer, which sells for about $4 million a unit.",
        "Northrop Grumman was awarded the Aviation Week Laureate for the B-21 programme, whose cost is put at $203 "
        "billion.",
        # a main clause that opens with a year: history
        "In 2004 Chile bought ten F-16 fighters from Lockheed Martin for about $660 million.",
        # a participle without an object, an infinitive
        "Rheinmetall will hand over the first Skyranger 30 vehicles to the Austrian army next spring, out of 36 "
        "ordered.",
        "Several manufacturers are competing to supply the Czech army with 50 light armoured vehicles worth about 3 "
        "billion koruna.",
        # a bid, a joint procurement only signed up to
        "Airbus is bidding to supply 12 A330 MRTT tankers to Canada in a competition worth about C$5 billion.",
        "Estonia signed up to a joint procurement of 155mm ammunition worth €1 billion led by the European "
        "Defence Agency.",
        # an agreement between companies buys nothing
        "Leonardo and Hanwha Aerospace signed a teaming agreement to offer K9 howitzers to the Italian army for "
        "about €2 billion.",
    ],
)
def test_no_deal_without_a_completed_deal_act(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-7: money added to a contract is a modification
        (
            "The Navy added $640 million to General Dynamics Electric Boat's contract for Virginia-class submarines "
            "on Friday.",
            {"stage": "modification", "buyer": "USA", "value": 640e6, "currency": "USD"},
        ),
        # a range written with two amounts is one deal, at its upper end
        (
            "Sweden's FMV signed a contract with Saab for Carl-Gustaf M4 rifles valued at between SEK 900 million "
            "and SEK 1 billion.",
            {"stage": "signed", "buyer": "SWE", "value": 1e9, "currency": "SEK"},
        ),
        # koruna, "PHP" with a scale, "cr" after a rupee amount, lei (money-3)
        (
            "The Czech defence ministry signed a 5.1 billion koruna contract with Tatra Trucks for 120 military "
            "trucks.",
            {"stage": "signed", "buyer": "CZE", "value": 5.1e9, "currency": "CZK", "quantity": 120},
        ),
        (
            "The Philippine Navy signed a PHP 12 billion contract with Hanwha Ocean for an offshore patrol vessel.",
            {"stage": "signed", "buyer": "PHL", "value": 12e9, "currency": "PHP"},
        ),
        (
            "The Ministry of Defence signed a ₹3,500 cr contract with Bharat Dynamics for Astra air-to-air "
            "missiles.",
            {"stage": "signed", "buyer": "IND", "value": 3.5e10, "currency": "INR"},
        ),
        (
            "Romania signed a 2.1 billion lei contract with Rheinmetall for Lynx infantry fighting vehicles.",
            {"stage": "signed", "buyer": "ROU", "value": 2.1e9, "currency": "RON"},
        ),
        # a finite passive, a submitted request and an agreement to buy are completed acts
        (
            "Lithuania agreed to buy 44 Leopard 2A8 tanks for €950 million from KNDS.",
            {"stage": "awarded", "buyer": "LTU", "value": 950e6, "quantity": 44},
        ),
        (
            "A contract worth €450 million for 18 Caesar howitzers was awarded to KNDS France by the Czech defence "
            "ministry.",
            {"stage": "awarded", "buyer": "CZE", "supplier": "KNDS France", "value": 450e6, "quantity": 18},
        ),
        (
            "Norway's Defence Materiel Agency has submitted a formal request to buy 12 more HIMARS launchers, "
            "valued at about $300 million.",
            {"stage": "requested", "buyer": "NOR", "value": 300e6, "quantity": 12},
        ),
    ],
)
def test_completed_deal_acts_and_their_values(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


ACTS = [
    ("Norway signed a NOK 19.6 billion deal with KNDS Deutschland for 54 Leopard 2A8 tanks.", True),
    ("Italy Orders 24 More M-346 Trainers Worth €1bn.", True),
    ("Hungary took delivery of its first 24 Lynx KF41 vehicles from Rheinmetall.", True),
    ("A €62 million contract for nine Caesar howitzers was awarded to KNDS France on Monday.", True),
    ("Hanwha will supply 30 K9 howitzers under a €300 million contract signed in Tallinn on Friday.", True),
    ("BAE Systems received a not-to-exceed $1.2 billion contract from the Marine Corps.", True),
    ("Boeing said it expects to book orders for about 30 F-15EX fighters worth $6 billion.", False),
    ("Lockheed Martin was awarded the Collier Trophy for the F-35 programme, a $2 trillion effort.", False),
    (
        "A contract for 12 H145M helicopters could be awarded to Airbus Helicopters, worth €600 million.",
        False,
    ),
    ("Had Berlin ordered the Taurus Neo missiles in 2023, the first 600 would cost €2.1 billion.", False),
    ("The ministry intends to award the contract for three corvettes worth 9 billion zloty.", False),
    ("Lithuania's government approved a plan to buy 44 Leopard 2A8 tanks for about €950 million.", False),
]


@pytest.mark.parametrize(("sentence", "act"), ACTS)
def test_completed_act_in_python(sentence: str, act: bool) -> None:
    assert completed_act(sentence) is act


def test_completed_act_in_the_vectorized_pass_agrees() -> None:
    # a literal frame of sentences through the polars pass: a sentence without a completed act is negative
    cues = sentence_cues(pl.Series("sentence", [sentence for sentence, _ in ACTS]))
    assert cues["stage"].is_not_null().all()
    assert [not negative for negative in cues["negative"]] == [act for _, act in ACTS]


def test_a_headline_that_signs_for_a_named_system() -> None:
    # deals-7: "signs for" a system named by its capitalized name is a completed act, as "signed for" a deal
    assert completed_act("Japan signs for F-35A in $123.4 million deal with Lockheed Martin")
    assert completed_act("Indonesia has signed for the final tranche of 18 Rafale fighters")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-8: a value said in the next sentence, which holds no deal verb of its own
        (
            "Bulgaria has signed a contract for RBS 70 air defence systems with Saab. The deal is worth about "
            "120 million euros, the ministry said.",
            {"stage": "signed", "supplier": "Saab", "value": 120e6, "currency": "EUR"},
        ),
        # the value said in the sentence before, when the deal's sentence signs "the contract" it priced
        (
            "Croatia will pay €410 million for 44 Leopard 2A8 tanks. The defence ministry signed the contract "
            "with KNDS Deutschland on Monday.",
            {"stage": "signed", "value": 410e6, "currency": "EUR"},
        ),
        # a contract's new total before the increase: the modification is the increase
        (
            "The Navy raised the value of its contract with Huntington Ingalls Industries for amphibious ships "
            "to $3.1 billion by adding $450 million.",
            {"stage": "modification", "value": 450e6, "currency": "USD"},
        ),
        # a conversion in brackets between "placed" and "order"
        (
            "The MoD has placed a £600m (about $760m) order with Thales UK for Starstreak missiles.",
            {"stage": "awarded", "buyer": "GBR", "value": 600e6, "currency": "GBP"},
        ),
        # amounts in words and "RM" with a scale (money-4)
        (
            "Portugal signed a contract worth three hundred and twenty million euros with Embraer for six KC-390 "
            "transport aircraft.",
            {"stage": "signed", "buyer": "PRT", "value": 320e6, "currency": "EUR", "quantity": 6},
        ),
        (
            "Malaysia's defence ministry signed an RM2.4 billion contract with Boustead for two littoral "
            "mission ships.",
            {"stage": "signed", "buyer": "MYS", "value": 2.4e9, "currency": "MYR"},
        ),
    ],
)
def test_values_read_around_the_deal_sentence(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


@pytest.mark.parametrize(
    "text",
    [
        # deals-8: a company bought by another is a takeover, no deal
        "Hanwha Aerospace agreed to buy Austal for A$1.5 billion, the two companies said on Tuesday.",
        "Rheinmetall has acquired Naval Vessels Lürssen for about €1 billion, the company said on Monday.",
    ],
)
def test_no_deal_from_a_company_takeover(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_a_company_named_before_its_system_is_no_takeover(refs: References) -> None:
    (deal,) = deals(refs, "Poland bought Rheinmetall Skyranger systems for €1 billion.")
    assert (deal["buyer"], deal["value"]) == ("POL", 1e9)


def test_no_deal_from_a_tranche_of_funding_received(refs: References) -> None:
    # deals-8: money given to a government in a tranche, like a loan or a grant
    assert (
        deals(refs, "Moldova received a €270 million tranche of EU funding, part of it for air defence.")
        == []
    )


def test_an_item_said_again_after_of_the_is_the_earlier_system_with_its_maker(refs: References) -> None:
    # deals-9: "42 of the French jets" names no system; the one named before does, with its maker
    found = deals(
        refs,
        "The first three Dassault Rafale fighters bought by Indonesia landed at an air base in Riau. "
        "Jakarta has ordered 42 of the French jets in a deal worth about US$8.1 billion.",
    )
    assert [(d["buyer"], d["supplier"], d["weapon_id"], d["quantity"], d["value"]) for d in found] == [
        ("IDN", "Dassault", "rafale", 42, 8.1e9)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # deals-10: a deal still to be done, in the passive
        "A contract for eight more Archer howitzers is to be signed with BAE Systems Bofors in the spring, "
        "Swiss officials said.",
        # a court ruling about an award: the award is background
        "A tribunal in Stockholm ruled on Monday that the Swedish government had acted correctly when it "
        "awarded Saab the contract for four Giraffe radars, rejecting a complaint by Thales.",
        # a negated choice
        "Naval Group said its offer of four Scorpene submarines had not been chosen by the Philippine "
        "government.",
    ],
)
def test_no_deal_from_a_deal_to_be_done_a_ruling_or_a_choice_not_made(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-10: an amount between "exercised" and "option"
        (
            "The Marine Corps exercised a $145 million option with BAE Systems for 40 more Amphibious Combat "
            "Vehicles.",
            {"stage": "option", "supplier": "BAE Systems", "value": 145e6, "quantity": 40},
        ),
        # a deal agreed, with its amount before "deal"
        (
            "The Norwegian Defence Materiel Agency has agreed a NOK 2.6 billion deal with Saab for Carl-Gustaf "
            "ammunition.",
            {"stage": "signed", "supplier": "Saab", "value": 2.6e9, "currency": "NOK"},
        ),
        # the supplier named after the deal's value and an aside
        (
            "Portugal's defence ministry signed a contract worth €310 million, taxes included, with Indra "
            "for 12 air surveillance radars.",
            {"stage": "signed", "supplier": "Indra", "value": 310e6, "quantity": 12},
        ),
        # a price per unit said before the whole deal's value in the next sentence
        (
            "Estonia signed a contract with Hanwha Aerospace for 12 more K9 howitzers. Each gun costs about "
            "€4 million, and the whole deal, training included, is worth €61 million.",
            {"stage": "signed", "value": 61e6, "currency": "EUR", "quantity": 12},
        ),
    ],
)
def test_deals_10_stages_suppliers_and_values(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_an_fms_approval_names_its_contractor_before_the_role(refs: References) -> None:
    # deals-10: "RTX and Lockheed Martin are named as the principal contractors": the first one named
    (deal,) = deals(
        refs,
        "The State Department has approved a possible sale to Finland of AIM-120 missiles at an estimated "
        "cost of $1.1 billion; RTX and Northrop Grumman are named as the principal contractors.",
    )
    assert (deal["stage"], deal["buyer"], deal["supplier"], deal["value"]) == (
        "approved",
        "FIN",
        "RTX",
        1.1e9,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-11: the value of the option the deal sentence exercises, said in the next sentence
        (
            "The Danish Ministry of Defence has exercised an option for eight more Piranha V vehicles from "
            "General Dynamics. The option is worth DKK 480 million.",
            {"stage": "option", "value": 480e6, "currency": "DKK"},
        ),
        # the value of an amendment
        (
            "Chile's air force signed a contract amendment with Embraer for one more C-390 transport aircraft. "
            "The amendment is worth $95 million.",
            {"value": 95e6, "currency": "USD"},
        ),
        # one sentence with no deal act passed over before "The new contract is worth ..."
        (
            "Latvia has signed a contract with Saab for more Carl-Gustaf recoilless rifles. The weapons will "
            "equip two new infantry battalions. The new contract is worth SEK 620 million.",
            {"stage": "signed", "value": 620e6, "currency": "SEK"},
        ),
        # "It is worth ..." after a sentence about the order's contents
        (
            "Spain's army has ordered 40 more VAMTAC vehicles from Urovesa. The order covers troop carriers "
            "and ambulances. It is worth about €28 million.",
            {"stage": "awarded", "value": 28e6, "quantity": 40},
        ),
        # the buyer's estimate of a request
        (
            "Greece has sent Washington a letter of request for 20 more F-16 Block 72 fighters. The defence "
            "ministry estimates the purchase at $2.6 billion.",
            {"stage": "requested", "value": 2.6e9, "quantity": 20},
        ),
        # a request to buy, with an adverb before it
        (
            "Egypt has formally requested to buy 300 Javelin missiles from the United States.",
            {"stage": "requested", "buyer": "EGY", "quantity": 300},
        ),
        # a delivery takes no value of the contract said in the next sentence, nor of the order it completes
        (
            "Croatia took delivery of its first six Rafale fighters on Friday. The deal for the twelve jets is "
            "worth €999 million.",
            {"stage": "delivered", "value": None, "quantity": 6},
        ),
        (
            "Norway took delivery of its last three K9 howitzers, completing an order for 28 guns worth NOK 2.4 "
            "billion.",
            {"stage": "delivered", "value": None, "quantity": 3},
        ),
        # "the second of three" delivered is one unit
        (
            "The Estonian Navy received the second of three coastal missile batteries from Kongsberg Defence & "
            "Aerospace on Monday.",
            {"stage": "delivered", "quantity": 1},
        ),
        # a supplier described as a joint venture is no industrial joint venture
        (
            "Norway's defence ministry has ordered 24 more Leopard 2A8 tanks from KNDS Deutschland, the joint "
            "venture of Krauss-Maffei Wegmann and Nexter, for NOK 4.1 billion.",
            {
                "stage": "awarded",
                "supplier": "KNDS Deutschland",
                "value": pytest.approx(4.1e9),
                "quantity": 24,
            },
        ),
        # deals-13
        # the value said next as "valued the order at"
        (
            "Sweden has ordered 18 more Archer howitzers from BAE Systems Bofors. The agency valued the order "
            "at SEK 2 billion.",
            {"stage": "awarded", "value": pytest.approx(2e9), "currency": "SEK", "quantity": 18},
        ),
        # a delivery under an order "in a ... deal" takes no value
        (
            "The Philippine Navy has received the second of two frigates ordered from Hyundai Heavy Industries "
            "in a 28 billion peso deal.",
            {"stage": "delivered", "value": None, "quantity": 1},
        ),
        # an option for "a third" aircraft counts one
        (
            "Hungary has exercised its option for a third C-390 from Embraer, worth about €80 million.",
            {"stage": "option", "quantity": 1, "value": pytest.approx(8e7)},
        ),
        # the verb's counted object, and a state-owned supplier
        (
            "Ghana's defence ministry has ordered 40 Typhoon 4x4 patrol vehicles from state-owned Accra Motor "
            "Works, of Tema, for $30 million.",
            {"system": "Typhoon 4x4 patrol vehicles", "quantity": 40, "supplier": "Accra Motor Works"},
        ),
        # the item is not the parent company a unit belongs to
        (
            "Hanwha Ocean Systems, a unit of Hanwha Group, said it had won a $300 million contract from the "
            "Philippine Navy to build two corvettes.",
            {"system": "corvettes", "quantity": 2},
        ),
        # the satellites, not the work done on them
        (
            "Orbit Works Inc., Boulder, Colorado, has been awarded a $120,000,000 firm-fixed-price contract "
            "(FA8810-26-C-0099) for the design, production and launch support of four missile warning "
            "satellites. Space Systems Command, Los Angeles Air Force Base, California, is the contracting "
            "activity.",
            {"system": "missile warning satellites", "quantity": 4},
        ),
        # deals-14: rand and soles; the supplier is not the group its unit belongs to; the order's item is not
        # the exhibition it was placed at
        (
            "Armscor has placed an order worth R640 million with Denel Dynamics for Umkhonto missiles.",
            {"buyer": "ZAF", "value": pytest.approx(6.4e8), "currency": "ZAR", "supplier": "Denel"},
        ),
        (
            "Peru's Ministry of Defence has signed a contract with Hyundai Rotem for 20 K808 armoured vehicles, "
            "worth S/ 700 million.",
            {"buyer": "PER", "value": pytest.approx(7e8), "currency": "PEN", "quantity": 20},
        ),
        (
            "The UAE's Tawazun Council awarded Abu Dhabi-based ADASI, part of the EDGE Group, a contract worth AED "
            "900 million for loitering munitions on the opening day of the IDEX exhibition.",
            {"supplier": "ADASI", "system": "loitering munitions", "currency": "AED"},
        ),
        # deals-15: a participle after the deal noun and a comma; one unit of a named system by its ordinal
        (
            "The C$1.1 billion contract, awarded on Monday by Public Services and Procurement Canada, covers 60 "
            "LAV 6.0 armoured vehicles from General Dynamics Land Systems-Canada.",
            {"stage": "awarded", "value": pytest.approx(1.1e9), "currency": "CAD", "quantity": 60},
        ),
        (
            "Greece's Ministry of National Defence has signed a contract worth 1.1 billion euros with Naval Group "
            "for a fifth FDI frigate.",
            {"stage": "signed", "quantity": 1, "weapon_id": "fdi"},
        ),
        # deals-16: the amount after the colon that leads to the verb; a joint venture named as a party
        (
            "Romania did not wait for its €9 billion SAFE loan: on Monday its Ministry of National Defence signed "
            "a €120 million contract with Saab for RBS 70 NG systems.",
            {"stage": "signed", "value": pytest.approx(1.2e8), "currency": "EUR"},
        ),
        (
            "Italy's defence ministry signed a €900 million contract with Leonardo Rheinmetall Military Vehicles, "
            "the Italian joint venture, for 12 Lynx KF41 infantry fighting vehicles.",
            {"stage": "signed", "value": pytest.approx(9e8), "quantity": 12},
        ),
        # deals-17: an amendment signed is a modification; a delivery of a unit by its place in the order; a
        # consortium with an accented name; a system named inside its maker's name; initials hyphenated before
        # a company; the parent of a unit written with "state-owned"; the shipyard's town after "of"
        (
            "Chile's navy has signed an amendment to its 2024 contract with Astilleros Ñandú for four more patrol "
            "boats worth $90 million.",
            {"stage": "modification", "value": pytest.approx(9e7), "quantity": 4},
        ),
        (
            "The Indonesian Navy took delivery of the second and last of its offshore patrol vessels from PT PAL "
            "on Monday.",
            {"stage": "delivered", "quantity": 1, "system": "offshore patrol vessels"},
        ),
        (
            "Colombia's defence ministry signed a $75 million contract with Óptica Andina for night sights.",
            {"supplier": "Óptica Andina", "value": pytest.approx(7.5e7)},
        ),
        (
            "The Armament Agency signed a PLN 900 million contract with Rosomak S.A. for 40 Rosomak-L carriers.",
            {"quantity": 40, "weapon_id": "patria-amv"},
        ),
        (
            "Slovakia has signed a €200 million contract with GDELS-Santa Bárbara Sistemas for 20 ASCOD vehicles.",
            {"supplier": "GDELS-Santa Bárbara Sistemas", "quantity": 20},
        ),
        (
            "Bahrain ordered 40 armoured vehicles worth $60 million from NIMR, part of the state-owned EDGE Group.",
            {"supplier": "NIMR", "quantity": 40},
        ),
        (
            "Peru's navy awarded a contract worth $120 million to the shipbuilder Sima, of Callao, for four "
            "coastal patrol boats.",
            {"system": "coastal patrol boats", "quantity": 4},
        ),
        (
            "Manila has signed a $A95 million deal with Austal for two patrol boats.",
            {"currency": "AUD", "value": pytest.approx(9.5e7)},
        ),
        (
            "Thailand's army signed a THB 3.2 billion contract with Elbit Systems for 18 ATMOS howitzers.",
            {"currency": "THB", "value": pytest.approx(3.2e9), "quantity": 18},
        ),
        # deals-18: a country's possessive before a ministry named like another country's; "estimated at";
        # a passive signing between two parties with the item before the verb; ordinals and dozens
        (
            "Mali's Ministry of the Armed Forces has signed a contract estimated at CFA 25 billion with France's "
            "Arquus for 40 armoured vehicles.",
            {"buyer": "MLI", "supplier": "Arquus", "currency": "XOF", "quantity": 40},
        ),
        (
            "A contract worth around RM800 million for two offshore patrol vessels was signed on Monday between "
            "Malaysia's Ministry of Defence and Turkey's Dearsan.",
            {"supplier": "Dearsan", "quantity": 2, "system": "offshore patrol vessels"},
        ),
        (
            "The Philippine Department of National Defense signed a ₱2.1 billion contract with Hanwha Aerospace for "
            "a fourth K9 battery support vehicle.",
            {"currency": "PHP", "quantity": 1},
        ),
        (
            "South Korea's DAPA signed a 900 billion won contract with Hanwha Ocean for the first KSS-III "
            "Batch-III submarine.",
            {"quantity": 1, "currency": "KRW"},
        ),
        (
            "Leonardo said it had signed a contract with the Kenyan Air Force for two dozen M-346 aircraft worth "
            "about €800 million.",
            {"quantity": 24},
        ),
        (
            "The Royal Thai Air Force took delivery of a pair of Gripen C fighters from Saab on Friday, the first "
            "of the 12 jets Thailand ordered.",
            {"stage": "delivered", "quantity": 2},
        ),
        # deals-19: an amendment "with" the buyer "to" the contract; the body's amount over the headline's in
        # another currency; "adding a third ..."; rupiah, shillings, half a billion
        (
            "Chile adds two frigates in $300m amendment\nSANTIAGO - Babcock has signed an amendment with the "
            "Chilean Navy to its 2024 contract, adding two frigates for GBP 240 million, the company said.",
            {"stage": "modification", "value": pytest.approx(2.4e8), "currency": "GBP"},
        ),
        (
            "The Ghana Navy has signed an amendment to its 2025 contract with Dearsan, adding a third patrol boat "
            "for $20 million.",
            {"quantity": 1, "system": "patrol boat"},
        ),
        (
            "Indonesia's Ministry of Defence signed a contract worth 1.5 trillion rupiah with PT Pindad for 50 "
            "Maung vehicles.",
            {"currency": "IDR", "value": pytest.approx(1.5e12)},
        ),
        (
            "Kenya's Ministry of Defence has signed a contract worth KSh 3.9 billion with Turkish Aerospace for "
            "three Hürkuş aircraft.",
            {"currency": "KES", "value": pytest.approx(3.9e9)},
        ),
        (
            "The Defence Materiel Organisation signed a contract with Rheinmetall for 60 Boxer vehicles. The deal "
            "is valued at about half a billion euros.",
            {"value": pytest.approx(5e8), "currency": "EUR"},
        ),
        # deals-20: a leading "A year after ..." clause after a dateline
        (
            "LIMA - A year after signing a memorandum with Hanwha Aerospace, Peru's Ministry of Defence has signed "
            "a $150 million contract with the company for 12 K9 howitzers.",
            {"stage": "signed", "quantity": 12, "buyer": "PER"},
        ),
        # deals-20: the count in the next sentence
        (
            "FMV has placed an order with Saab for Giraffe 1X radars worth SEK 900 million. The order covers 12 "
            "systems on trucks.",
            {"quantity": 12, "value": pytest.approx(9e8)},
        ),
        # deals-21: what the deal came after or replaces, trailing it, is its history
        (
            "Chile's Ministry of Defence signed a contract worth $300 million with Saab on Tuesday for four "
            "radars, eight months after three companies submitted bids.",
            {"stage": "signed", "buyer": "CHL", "value": pytest.approx(3e8)},
        ),
        (
            "Greece signed a contract with Thales for 20 radars worth €120 million, two months later than "
            "officials had said it would.",
            {"stage": "signed", "value": pytest.approx(1.2e8)},
        ),
        (
            "Spain's Ministry of Defence has signed a €262 million contract with MBDA for 1,200 Akeron MP "
            "missiles, replacing the order it cancelled in October.",
            {"stage": "signed", "quantity": 1200, "value": pytest.approx(2.62e8)},
        ),
        # deals-21: the subject after a dateline; the day between the contract and its supplier
        (
            "ABIDJAN - Côte d'Ivoire's Ministry of Defence signed a CFA 52 billion contract with the French "
            "shipbuilder Ocea on Friday for four patrol vessels.",
            {"buyer": "CIV", "supplier": "Ocea"},
        ),
        (
            "Indonesia's Defence Ministry signed a $450 million contract on Monday with BrahMos Aerospace for two "
            "coastal batteries of BrahMos missiles.",
            {"supplier": "BrahMos Aerospace", "value": pytest.approx(4.5e8)},
        ),
        # deals-21: what the items will cost, said next
        (
            "The centre has exercised an option for six more K9 howitzers from Hanwha Aerospace. The six guns "
            "will cost about €46 million, including training.",
            {"stage": "option", "value": pytest.approx(4.6e7)},
        ),
        # deals-22: the ceiling raised; the body "it" or "the agency" is, from the sentence before; "priced at"
        # said next; the supplier after "with the <place>-based"; the item outside a relative clause
        (
            "The U.S. Army has raised the ceiling of its production contract with Lockheed Martin for GMLRS "
            "rockets by $1.75 billion, to $6.2 billion.",
            {"stage": "modification", "supplier": "Lockheed Martin", "value": pytest.approx(1.75e9)},
        ),
        (
            "WARSAW - Poland's Armament Agency spent more than 120 billion zloty on new equipment last year. On "
            "Wednesday it signed another contract with Mesko for 1,200 Piorun 2 missiles. The new deal is priced "
            "at 3.6 billion zloty gross.",
            {"buyer": "POL", "supplier": "Mesko", "quantity": 1200, "value": pytest.approx(3.6e9)},
        ),
        (
            "The Brazilian Navy signed a R$3.1 billion contract on Thursday with the Itajaí-based Águas Azuis "
            "consortium for a fifth Tamandaré-class frigate.",
            {"supplier": "Águas Azuis", "quantity": 1},
        ),
        (
            "Indonesia's Defence Ministry signed a contract worth $690 million with Airbus Defence and Space, "
            "whose A400M final assembly line is in Seville, Spain, for two more A400M transport aircraft.",
            {"quantity": 2, "weapon_id": "a400m"},
        ),
        (
            "DAPA signed a contract with LIG Nex1 on Friday for the first production batch of L-SAM long-range "
            "air defence systems, for a sum of 1.9 trillion won.",
            {"quantity": None, "supplier": "LIG Nex1"},
        ),
        # deals-23: a pair; a passive delivery "handed over"; a passive option with its agent; a price line said
        # next; the deal that is a batch of a planned fleet
        (
            "The UAE's Tawazun Council has signed for a pair of A330 MRTT tanker aircraft from Airbus Defence and "
            "Space in a deal worth AED 2.2 billion.",
            {"stage": "signed", "value": pytest.approx(2.2e9)},
        ),
        (
            "Two CAESAR Mk II howitzers were handed over to the Belgian Army at KNDS France's plant in Bourges on "
            "Monday.",
            {"stage": "delivered", "quantity": 2},
        ),
        (
            "An option for 16 more Piranha V carriers, worth DKK 850 million, has been taken up by Denmark's "
            "Ministry of Defence.",
            {"stage": "option", "quantity": 16, "value": pytest.approx(8.5e8)},
        ),
        (
            "Romania's Ministry of National Defence signed a contract with Rheinmetall on Wednesday for 298 Lynx "
            "KF41 vehicles. The price: 2.5 billion euros, VAT excluded.",
            {"value": pytest.approx(2.5e9), "quantity": 298},
        ),
        (
            "The Royal Thai Air Force signed a contract with Saab on Monday for four Gripen E/F fighters, the "
            "first batch of a planned fleet of twelve.",
            {"stage": "signed", "quantity": 4},
        ),
        # deals-21: a loan signed beside the deal in a second clause leaves the deal
        (
            "Morocco's Royal Armed Forces have signed a $570 million contract with Embraer for three C-390 "
            "aircraft, and on the same day the finance ministry signed a $400 million loan agreement with a "
            "Brazilian bank.",
            {"buyer": "MAR", "value": pytest.approx(5.7e8)},
        ),
    ],
)
def test_values_stages_counts_and_suppliers(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_delivery_of_a_named_ship_needs_no_count_or_supplier(refs: References) -> None:
    # deals-11: "took delivery of the FDI frigate ...": the delivery of a named system
    (deal,) = deals(refs, "The Hellenic Navy took delivery of the FDI frigate Kimon in Lorient on Thursday.")
    assert (deal["stage"], deal["buyer"], deal["weapon_id"]) == ("delivered", "GRC", "fdi")


@pytest.mark.parametrize(
    "text",
    [
        # deals-11: a purchase signed, won or chosen in a past year is background
        "Portugal signed for five C-390 transport aircraft in 2019.",
        "Hanwha Aerospace won a contract for 24 K9 howitzers from Norway in 2017.",
        "The K9 was chosen in 2017 over Nexter's Caesar.",
        # deals-13: received, committed, placed or secured in a past year is background too
        "The class is now expected to cost £9 billion; the yard received a £3 billion contract for the first "
        "ships in 2018.",
        "When Canada committed C$19 billion to 88 F-35A jets in 2023, the choice was political.",
        # deals-14: a company ordering from another company (a subcontract), a type chosen whose contract is
        # still to be signed, a cooperation agreement under which orders may follow
        "Airbus has placed an order with Hensoldt for radar sensors for its Eurofighter production line.",
        "The Chilean Air Force has chosen the Embraer C-390 to replace its Hercules. It plans to sign a "
        "contract for two aircraft next year.",
        "Norway and Chile signed a framework agreement on defence cooperation under which orders for NASAMS "
        "may follow.",
        # deals-16: a fronted negation; ordered someone to pay, received bids, a medal, shares, an unsigned offer
        "Not a single export order for the Kraken drone has been signed, despite a €40 million development "
        "grant, Rotorwerk said.",
        "A Munich court ordered Rheinmetall to pay €3 million to a former supplier over unpaid invoices for "
        "Boxer parts.",
        "The Danish ministry received four bids in its DKK 9 billion tender for 30 CV90 vehicles.",
        "A Norwegian F-35 pilot was awarded the Order of St. Olav for the jet's first NSM firing, which cost "
        "NOK 40 million.",
        "The Polish state bought 1 million new shares in WB Group for PLN 300 million.",
        "Estonia has received a letter of offer and acceptance for six HIMARS launchers worth $200 million and "
        "has until March to sign it.",
        # a running total of deliveries
        "Boeing has handed over more than 60 KC-46 tankers to the U.S. Air Force so far.",
        # deals-17: a year after a month; the year of a signing that a later clause continues; a delivery dated
        # to a year; deliveries counted up; how something named before was bought
        "The government selected the CAMM system in March 2025 after a two-year competition.",
        "Ghana signed a $120 million contract with Elbit in 2023 for six howitzers and received the first of "
        "them in May 2024.",
        "The navy took delivery of the last of its four MEKO frigates in 2023.",
        "Since 2010 the army has taken delivery of more than 500 Patria vehicles.",
        "The helicopters, built by Airbus in Marignane, were bought through a government-to-government "
        "programme in a package worth €600 million.",
        # deals-18: a choice after a sentence that says the contract is still to be signed; purchases so far;
        # deliveries to many buyers
        "Navantia expects to sign a contract with Saudi Arabia for five corvettes this spring. Riyadh chose the "
        "Spanish design in January, under an arrangement put at about €2 billion.",
        "The trucks are bought under a joint programme, through which Latvia has ordered about 300 vehicles so "
        "far.",
        "Embraer's defence unit delivered 14 A-29 aircraft to various customers last year.",
        # deals-19: a letter of offer still to be signed; an approval dated to a year; deals of a show counted
        "Norway expects to sign a letter of offer and acceptance for four MH-60R helicopters by June; the "
        "notification to Congress put the sale at an estimated $1 billion.",
        "Washington approved the sale of 12 F-35B jets to Singapore in 2020 at an estimated $2.75 billion.",
        "Contracts signed at the exhibition so far totalled $4 billion, the organisers said.",
        # deals-20: history fronted by "years ago"; a month before the year; a loan or grant with more words
        # before it; an anniversary; a donation from stocks; a company bought
        "Nine years ago Helsinki ordered 48 K9 howitzers from Hanwha Aerospace under a €145 million contract.",
        "The Slovak contract for 152 CV90 vehicles was worth about €1.3 billion when it was signed in December "
        "2022.",
        "The State Department has approved a $1 billion Foreign Military Financing direct loan to Romania to help "
        "pay for future purchases of HIMARS.",
        "The government has awarded Nammo a NOK 900 million grant to expand production of 155mm shells.",
        "The air force marked 20 years since it ordered the Gripen C with a flypast worth $10 million in fuel.",
        "Denmark has delivered eight CAESAR howitzers from its army's own stocks to Ukraine, worth $40 million.",
        "Hensoldt has signed an agreement to buy the Spanish radar company Sensia for €70 million.",
        # deals-21: a loan signed on its own; a contract valued when it was signed; a relative clause after a
        # preposition; a letter of offer sent; a memorandum; generic purchases under a programme
        "On the same day the finance ministry signed an €80 million loan with a group of French banks.",
        "The contract with Dassault Aviation was put at €2.7 billion when it was signed.",
        "The court dismissed an application to set aside the 1999 arms deal, under which the government bought "
        "Gripen fighters for about R30 billion.",
        "The U.S. government has sent Bulgaria a letter of offer and acceptance for 90 Stryker vehicles worth "
        "about $1.05 billion.",
        "In 1985 Britain and Saudi Arabia signed the first memorandum of the arrangement, under which the kingdom "
        "would receive Hawk jets.",
        "The vehicles themselves are bought under the joint programme for $2 billion.",
        # deals-22: an order dated "last year" or by a year before it; an agreement that only lets someone buy
        "The Czech Army ordered 155 mm ammunition from the group last year for about 2.4 billion crowns.",
        "The agency's budget grew, and in 2023 it ordered 3,500 Piorun missiles for about 3.5 billion zloty.",
        "Sweden and Finland signed a framework agreement that allows either country's procurement agency to buy "
        "Archer howitzers on the other's behalf, worth SEK 20 billion.",
        # deals-23: dated "at the end of 2023", "seven years ago", "agreed to buy in January 2024", after an aside;
        # "those contracts"; a delivery handed over in a past year
        "The crews have trained ever since Riga signed for the six launchers at the end of 2023, in a deal then "
        "put at about $220 million.",
        "The simulators were part of the €3 billion contract that Qatar signed with Leonardo seven years ago for "
        "28 NH90 helicopters.",
        "The party will ask to renegotiate the price of the 24 F-35A fighters that the Czech Republic agreed to "
        "buy in January 2024 for about 150 billion crowns.",
        "The first frigate was ordered from the company's predecessor, Daewoo Shipbuilding & Marine Engineering, "
        "in 2013 for about $410 million.",
        "The first of those contracts, for 180 K2 tanks, was worth $3.37 billion.",
        "The first Portuguese C-390 was handed over in 2023 for €118 million.",
    ],
)
def test_no_deal_from_past_years_and_running_totals(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_a_signing_with_a_later_delivery_year_is_still_a_deal(refs: References) -> None:
    # deals-11: the year of a schedule after "signed" dates nothing
    (deal,) = deals(
        refs, "Poland signed a contract with Hyundai Rotem for 180 K2 tanks, with deliveries in 2027."
    )
    assert (deal["stage"], deal["quantity"]) == ("signed", 180)


def test_a_shared_ceiling_said_after_the_award_sentence(refs: References) -> None:
    # deals-13: "The combined maximum value ... is $X, and the awardees will compete ..." is the awards' value,
    # not a third contractor's paragraph
    text = (
        "Alpha Marine LLC, Norfolk, Virginia (N00024-26-D-1001); and Beta Ship Repair Inc., Mayport, Florida "
        "(N00024-26-D-1002), are each awarded a firm-fixed-price, indefinite-delivery contract for the repair of "
        "surface ships. The combined maximum value of the two contracts is $500,000,000, and the awardees will "
        "compete for individual orders. Naval Sea Systems Command, Washington, D.C., is the contracting activity."
    )
    found = deals(refs, text)
    assert [(d["supplier"], d["value"], d["contract_id"]) for d in found] == [
        ("Alpha Marine LLC", 5e8, "N00024-26-D-1001"),
        ("Beta Ship Repair Inc.", 5e8, "N00024-26-D-1002"),
    ]
    assert {d["system"] for d in found} == {"repair of surface ships"}


@pytest.mark.parametrize(
    ("text", "supplier", "system", "quantity"),
    [
        # deals-13: the first of a list of principal contractors; a count in brackets in the item, and the
        # "of" of "the Government of Peru" passed over
        (
            "The State Department has approved a possible Foreign Military Sale to the Government of Peru of ten "
            "(10) Sentinel Hawk light helicopters for an estimated cost of $250 million. Lockheed Martin, Boeing "
            "and RTX would be the principal contractors.",
            "Lockheed Martin",
            "Sentinel Hawk light helicopters",
            10,
        ),
    ],
)
def test_fms_items_and_principal_lists(
    refs: References, text: str, supplier: str, system: str, quantity: int
) -> None:
    (deal,) = deals(refs, text)
    assert (deal["buyer"], deal["supplier"], deal["system"], deal["quantity"]) == (
        "PER",
        supplier,
        system,
        quantity,
    )


def test_a_headline_at_another_stage_than_the_first_sentence_is_left_out(refs: References) -> None:
    # deals-13: "orders radars, takes delivery of trainers" sums up two deals; read with the first sentence it
    # would lend that sentence its verbs and items
    text = (
        "Chile orders radars, takes delivery of trainers\n"
        "Chile's army signed a $90 million contract with Thales for twelve Ground Master radars on Monday. "
        "The air force also took delivery of the first two of eight T-35 Pillan trainers ordered from ENAER."
    )
    found = deals(refs, text)
    assert [(d["stage"], d["value"], d["quantity"]) for d in found] == [
        ("signed", 9e7, 12),
        ("delivered", None, 2),
    ]


def test_a_delivery_under_a_dated_contract_is_still_a_delivery(refs: References) -> None:
    # deals-17: the year belongs to the contract's signing (or purchase), not to the delivery
    (deal,) = deals(
        refs, "Hanwha Aerospace has delivered 12 K9 howitzers to Estonia under the contract signed in 2018."
    )
    assert (deal["stage"], deal["quantity"]) == ("delivered", 12)
    (named,) = deals(
        refs,
        "Naval Group delivered Amiral Ronarc'h, the second of the five FDI frigates, to the French Navy.",
    )
    assert (named["stage"], named["quantity"]) == ("delivered", 1)


def test_a_delivery_and_a_contract_of_one_supplier_are_two_deals(refs: References) -> None:
    # deals-17: a delivery is never the contract said again
    found = deals(
        refs,
        "The Department of Defence has signed a $A300 million contract with Hanwha Defence Australia for 10 more "
        "AS9 howitzers. Separately, Hanwha Defence Australia handed over the first four AS21 Redback vehicles "
        "to the Australian Army last week.",
    )
    assert [(d["stage"], d["quantity"]) for d in found] == [("signed", 10), ("delivered", 4)]


def test_two_contracts_listed_after_a_colon_or_as_one_and_the_other(refs: References) -> None:
    # deals-17: the headline's sum gives way to the listed deals; a clause's bare noun takes the sentence's
    # system
    found = deals(
        refs,
        "MoD signs Rs 9,000 crore deals for 30 Dhruv helicopters\nNEW DELHI - The Ministry of Defence signed two "
        "contracts with Hindustan Aeronautics Limited for 30 Dhruv helicopters: one worth Rs 5,000 crore for 16 "
        "helicopters for the Indian Navy, and the other worth Rs 4,000 crore for 14 helicopters for the Coast "
        "Guard.",
    )
    assert [(d["value"], d["quantity"], d["weapon_id"]) for d in found] == [
        (pytest.approx(5e10), 16, "dhruv"),
        (pytest.approx(4e10), 14, "dhruv"),
    ]
    listed = deals(
        refs,
        "Japan's Acquisition, Technology and Logistics Agency signed contracts with two companies on Monday: "
        "¥50 billion with Kawasaki Heavy Industries for two C-2 transport aircraft, and ¥30 billion with "
        "Mitsubishi Electric for radars.",
    )
    assert [(d["supplier"], d["value"]) for d in listed] == [
        ("Kawasaki Heavy Industries", pytest.approx(5e10)),
        ("Mitsubishi Electric", pytest.approx(3e10)),
    ]


def test_dod_obligated_funds_named_first_and_the_awardees_said_again(refs: References) -> None:
    # deals-17: the face value after funds obligated "in fiscal 2026 ... funds"; "The three companies will
    # compete" is no fourth contractor
    found = deals(
        refs,
        "Acme Missile Corp., Tucson, Arizona, was awarded $50,000,000 in fiscal 2026 missile procurement, Army "
        "funds, obligated at the time of award, on a $600,000,000 firm-fixed-price contract for interceptor "
        "production. Army Contracting Command, Redstone Arsenal, Alabama, is the contracting activity "
        "(W31P4Q-26-C-0099). "
        "Alpha Corp., Dayton, Ohio (FA8650-26-D-0001); Beta Inc., Reno, Nevada (FA8650-26-D-0002); and Gamma "
        "LLC, Austin, Texas (FA8650-26-D-0003), are each awarded a contract with a combined ceiling of "
        "$90,000,000 for sensor research. The three companies will compete for each order. Funds in the amount "
        "of $30,000 ($10,000 per contractor) will be obligated at time of award. The Air Force Research "
        "Laboratory, Wright-Patterson Air Force Base, Ohio, is the contracting activity.",
    )
    assert [(d["supplier"], d["value"]) for d in found] == [
        ("Acme Missile Corp.", 600_000_000.0),
        ("Alpha Corp.", 90_000_000.0),
        ("Beta Inc.", 90_000_000.0),
        ("Gamma LLC", 90_000_000.0),
    ]


def test_an_fms_contractor_named_with_its_town_before_the_role(refs: References) -> None:
    # deals-17: "X of <town>, <state>, would be the principal contractor"
    (deal,) = deals(
        refs,
        "The State Department has approved a possible Foreign Military Sale to Poland of 500 guidance kits for "
        "an estimated $80 million. Raytheon of Tucson, Arizona, would be the principal contractor.",
    )
    assert (deal["stage"], deal["supplier"]) == ("approved", "Raytheon")


def test_two_deals_in_won_and_an_option_on_the_same_day(refs: References) -> None:
    # deals-18: a list after a colon of amounts written with a currency word; "and, on the same day, exercised"
    listed = deals(
        refs,
        "South Korea's Defense Acquisition Program Administration signed two contracts on Friday: 800 billion won "
        "with Hanwha Aerospace for K9 howitzers, and 200 billion won with Poongsan for artillery shells.",
    )
    assert [(d["supplier"], d["value"]) for d in listed] == [
        ("Hanwha Aerospace", pytest.approx(8e11)),
        ("Poongsan", pytest.approx(2e11)),
    ]
    same_day = deals(
        refs,
        "The Slovak Ministry of Defence signed a €120 million contract with Tatra Trucks for 150 trucks and, on "
        "the same day, exercised an option for 40 more trucks worth €30 million.",
    )
    assert [(d["stage"], d["quantity"]) for d in same_day] == [("signed", 150), ("option", 40)]


def test_a_task_order_under_a_named_vehicle(refs: References) -> None:
    # deals-18: the base contract named before its number in brackets; the vehicle's name is not the item
    (deal,) = deals(
        refs,
        "Acme Solutions Inc., Huntsville, Alabama, was awarded a $40,000,000 task order (W15P7T-26-F-0200) under "
        "the Enterprise Support Services indefinite-delivery/indefinite-quantity contract (W15P7T-20-D-0077) for "
        "logistics support to Army aviation programs. Army Contracting Command, Aberdeen Proving Ground, "
        "Maryland, is the contracting activity.",
    )
    assert deal["contract_id"] == "W15P7T-20-D-0077"
    assert str(deal["system"]).startswith("logistics support")


def test_counted_deals_listed_in_the_next_sentence(refs: References) -> None:
    # deals-19: "signed two contracts worth a combined ..." then one clause per company and amount
    found = deals(
        refs,
        "Saudi Arabia's Ministry of Defense signed two contracts worth a combined SR 2.5 billion on Monday. "
        "Hanwha Aerospace will supply K9 howitzers under a SR 1.8 billion contract, and Saudi Arabian Military "
        "Industries will build armoured vehicles under a SR 700 million contract.",
    )
    assert [(d["supplier"], d["value"], d["stage"], d["buyer"]) for d in found] == [
        ("Hanwha Aerospace", pytest.approx(1.8e9), "signed", "SAU"),
        ("Saudi Arabian Military Industries", pytest.approx(7e8), "signed", "SAU"),
    ]


def test_a_delivery_read_as_a_headline_is_not_the_order_said_again(refs: References) -> None:
    # deals-19: a title-case first sentence that delivers is not dropped for a later order of the same system
    found = deals(
        refs,
        "SINGAPORE - The Republic of Singapore Air Force has taken delivery of its first four F-35B Lightning II "
        "fighters from Lockheed Martin, the Ministry of Defence said on Monday. Singapore has ordered 12 F-35Bs.",
    )
    assert (found[0]["stage"], found[0]["quantity"]) == ("delivered", 4)


def test_a_second_deal_after_a_time_or_a_separate_contract(refs: References) -> None:
    # deals-27: ", and hours later ... signed", ", and in a separate contract ordered"
    later = deals(
        refs,
        "The Czech Army took delivery of its first six Leopard 2A8 tanks from KNDS on Monday, and hours later the "
        "Defence Ministry signed a CZK 2 billion contract with Tatra Trucks for 120 more trucks.",
    )
    assert [(d["stage"], d["supplier"], d["quantity"]) for d in later] == [
        ("delivered", "KNDS", 6),
        ("signed", "Tatra Trucks", 120),
    ]
    separate = deals(
        refs,
        "The Defense Acquisition Program Administration signed a 900 billion won contract with Hanwha Aerospace "
        "for 40 K9A2 howitzers, and in a separate contract ordered 30 K2 tanks from Hyundai Rotem for 600 billion "
        "won.",
    )
    assert [(d["supplier"], d["value"]) for d in separate] == [
        ("Hanwha Aerospace", pytest.approx(9e11)),
        ("Hyundai Rotem", pytest.approx(6e11)),
    ]


def test_what_the_buyer_plans_to_buy_said_of_the_item(refs: References) -> None:
    # deals-27: "..., the first of twelve that the navy plans to buy" is no plan instead of the award
    (deal,) = deals(
        refs,
        "The agency awarded Mitsubishi Heavy Industries a ¥170 billion contract for two Mogami-class frigates, the "
        "first of twelve that the Maritime Self-Defense Force plans to buy.",
    )
    assert (deal["stage"], deal["quantity"], deal["value"]) == ("awarded", 2, pytest.approx(1.7e11))


def test_the_value_said_after_an_earlier_order_or_between_commas(refs: References) -> None:
    # deals-27: the next sentence's value belongs to an order of an earlier year; the one after, with an
    # aside before its verb, is this deal's; "The price, A$..., includes"
    (after_aside,) = deals(
        refs,
        "The Department of Defence has placed an order with Rheinmetall Defence Australia for 20 more Boxer "
        "vehicles. The Army's first 211 Boxers were ordered in 2018 under a contract worth about A$5 billion. The "
        "new order, the minister said on Monday, is worth A$640 million.",
    )
    assert after_aside["value"] == pytest.approx(6.4e8)
    (price,) = deals(
        refs,
        "Chile's Ministry of National Defence signed an agreement with the Netherlands on Monday to buy two "
        "Karel Doorman-class frigates. The price, €280 million, includes a refit before the ships sail.",
    )
    assert (price["value"], price["currency"]) == (pytest.approx(2.8e8), "EUR")


@pytest.mark.parametrize(
    ("parser", "many_keys"),
    [(True, common.MANY_KEYS), (True, 2), (False, common.MANY_KEYS)],
    ids=["literals", "every pattern's keys in one pass", "without the parser"],
)
def test_keyed_patterns_find_what_the_patterns_find(
    parser: bool, many_keys: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern tried alternative by alternative where the literals it requires occur (common.Keyed) matches
    where the pattern does, also with letters a case-insensitive ASCII letter matches whose lower case is not
    that letter ("ſ" for "s", "İ" and "ı" for "i"); its keys found one by one or in one pass."""
    monkeypatch.setattr(common, "MANY_KEYS", many_keys)
    assert alternatives(r"\b(?:a|b(?:c|d))\b|[|(]e|f") == [r"\b(?:a)\b", r"\b(?:b(?:c|d))\b", "[|(]e", "f"]
    assert alternatives(r"(?:a)(?:b|c)") == [r"(?:a)(?:b|c)"]  # two groups, not one
    texts = [
        "The ministry has not signed the contract with Saab.",
        "The ministry has not ſigned the contract with Saab.",
        "Poland is expected to sİgn a deal for 96 Apache helicopters.",
        "The Navy was awarded a contract, and the ministry said it may buy another six.",
        "Leonardo agreed to buy Iveco Defence Vehicles for €1.7 billion.",
        "The deal ıs valued at $153m.",
        "",
        # long enough to be tried only where a match can start (common._starts)
        "Officials said the programme stays on schedule while lawmakers asked for a plan for spare parts, "
        "and the ministry has not signed the contract with Saab. The deal is valued at $153m.",
        "Two of two officials said the ministry signed two contracts, and it bought two more of the two "
        "systems; two weeks later two firms and two yards won two orders for the first two of six ships.",
        "A long filler sentence about supply chains and training plans for the coming years, written only "
        "to make the text long; then the ministry ha\u0307s not signed the contract with Saab for it.",
        # asides and relative clauses, which Keyed.sub blanks out as the patterns do
        "The agency, which had waited two years, signed a deal that could be worth up to $2 billion, while a "
        "second order may follow, and the ministry, whose budget could grow to $5 billion, said so.",
        "Poland, which plans to buy more, ordered 96 Apache helicopters that it intends to field by 2030.",
    ]
    if not parser:  # a Python without re's private parser: every alternative is tried, same answers
        monkeypatch.setattr(common, "_parser", None)
    for pattern in (
        NO_ACTION.pattern,
        NOT_A_DEAL.pattern,
        ACT_RE,
        VALUE_NEXT,
        TAKEOVER,
        FIRST_OF,
        COUNTED_DEALS.pattern,
        ASIDE.pattern,
        RELATIVE.pattern,
    ):
        keyed = Keyed(pattern)
        for text in texts:
            assert keyed.sub(" ", text) == pattern.sub(" ", text), (pattern.pattern[:40], text)
            found = pattern.search(text)
            assert keyed.matches(text) is (found is not None), (pattern.pattern[:40], text)
            assert keyed.may_match(text) or found is None
            again = keyed.search(text, 4, len(text) - 2)
            expected = pattern.search(text, 4, len(text) - 2)
            assert (again and again.span()) == (expected and expected.span())


def test_fewest_keys_hold_every_key() -> None:
    """A text holds one of the keys exactly when it holds one of the keys that hold no other key."""
    keys = ("sixteen", "six", "sixty", "seven", "seventy", "pair", "six")
    assert common.fewest_keys(keys) == ("six", "seven", "pair")
    for text in ["sixteen jets", "seventy", "a pair", "ten", ""]:
        assert any(key in text for key in keys) is any(key in text for key in common.fewest_keys(keys))


def test_keys_in_one_pass_are_the_keys_that_occur() -> None:
    """The finder of a pattern with many keys (common._trie, the longest key where one starts, and the keys
    it starts with) finds every key that occurs, also keys inside or overlapping others."""
    keys = ["ab", "abcd", "bc", "cd", "d", "not ", "not a", "ot a", "x.y"]
    finder = re.compile(common._trie(keys))
    prefixes = {key: [short for short in keys if key.startswith(short)] for key in keys}
    for text in ["abcd", "abc", "xabcdx", "not a deal", "do not ask", "x.y and xzy", "", "bcd", "dd"]:
        found: set[str] = set()
        match = finder.search(text)
        while match is not None:
            found.update(prefixes[match.group()])
            match = finder.search(text, match.start() + 1)
        assert found == {key for key in keys if key in text}, text


@pytest.mark.parametrize(
    "text",
    [
        # deals-31: a debt for earlier purchases rescheduled or still owed
        "Mongolia and Russia signed an agreement to reschedule $150 million that Mongolia owes for T-72 tanks "
        "delivered since 2015.",
        "Belgrade signed a protocol with Moscow on debts of $90 million for MiG-29 fighters bought in 2017.",
    ],
)
def test_no_deal_from_a_debt_rescheduled(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-31: an amount in a trailing clause of what the deal came after is not its value
        (
            "Chile's Ministry of National Defence took delivery of two C-390 aircraft from Embraer on Monday, "
            "a month after a court froze $95 million owed to a local supplier.",
            {"stage": "delivered", "buyer": "CHL", "value": None, "quantity": 2},
        ),
        (
            "Norway's Defence Materiel Agency ordered 14 CV90 vehicles from BAE Systems Hägglunds for NOK 2 "
            "billion, days after a court fined a subcontractor NOK 4 million.",
            {"stage": "awarded", "buyer": "NOR", "value": 2e9, "quantity": 14},
        ),
        # a company's contract modified, by its possessive
        (
            "The U.S. Navy modified Raytheon's contract for Standard Missile-6 interceptors, adding $310 million.",
            {"stage": "modification", "buyer": "USA", "value": 310e6},
        ),
        # a country adjective before a company noun is the supplier's country
        (
            "The Kenya Navy signed a $60 million contract with Turkish shipbuilder Dearsan for one patrol vessel.",
            {"stage": "signed", "buyer": "KEN", "seller_country": "TUR", "value": 60e6},
        ),
    ],
)
def test_deals_31_values_stages_and_sellers(refs: References, text: str, expected: dict[str, object]) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_news_deal_needs_a_buyer_or_a_buying_body(refs: References) -> None:
    # deals-31: a company's order with no buyer named and no government body, customer or country in it is
    # no deal; a customer the text does not name still gives one, with buyer None
    assert (
        deals(refs, "Hensoldt won a €40 million order for TRML-4D radars, a spokesman said on Monday.") == []
    )
    (deal,) = deals(
        refs, "Saab received a SEK 900 million order from an undisclosed customer for Giraffe 1X radars."
    )
    assert (deal["buyer"], deal["supplier"], deal["value"]) == (None, "Saab", 900e6)


@pytest.mark.parametrize(
    "text",
    [
        # deals-32: a correction of what an earlier version of the article said, and a generic "you"
        "An earlier version of this article said Denmark had ordered eight more CV90 vehicles from BAE Systems "
        "Hägglunds for DKK 1.2 billion.",
        "This report incorrectly stated that Chile had bought two C-390 aircraft from Embraer for $150 million.",
        "This week: why Greece's Rafale purchase took three years and what a €2 billion fighter deal buys you "
        "besides jets.",
    ],
)
def test_no_deal_from_a_correction_or_a_generic_you(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_a_correction_keeps_the_deal_it_restates(refs: References) -> None:
    # deals-32: the sentence about the earlier version is no deal; the deal restated after it is one
    (deal,) = deals(
        refs,
        "Correction: An earlier version of this story gave the wrong number of helicopters. Norway's Defence "
        "Materiel Agency ordered four AW149 helicopters from Leonardo on Tuesday in a NOK 2.2 billion contract.",
    )
    assert (deal["buyer"], deal["quantity"], deal["value"], deal["stage"]) == ("NOR", 4, 2.2e9, "awarded")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-32: a leading "With ... in mind," is background: its system is not the item
        (
            "With the lessons of Ajax in mind, Defence Equipment and Support awarded Rheinmetall BAE Systems Land "
            "a £290 million contract for 50 more Boxer armoured vehicles.",
            {"system": "Boxer armoured vehicles", "weapon_id": "boxer", "quantity": 50, "value": 290e6},
        ),
        # a U.S. state before a company noun is the supplier's home, not its name
        (
            "The Royal Thai Air Force signed a $38 million contract with Florida broker Jet Source International "
            "for two used C-130H Hercules transport aircraft.",
            {"supplier": "Jet Source International", "seller_country": "USA", "buyer": "THA", "quantity": 2},
        ),
        (
            "The Kenya Navy signed a $45 million contract with Texas shipbuilder Gulf Coast Marine for two patrol "
            "boats.",
            {"supplier": "Gulf Coast Marine", "seller_country": "USA", "value": 45e6},
        ),
    ],
)
def test_a_leading_aim_and_a_state_before_the_supplier(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


def test_a_count_corrected_in_place_is_the_first(refs: References) -> None:
    # deals-32: "four, not six, AW149 helicopters" counts four
    (deal,) = deals(
        refs,
        "Norway's Defence Materiel Agency ordered four, not six, AW149 helicopters from Leonardo in a NOK 2.2 "
        "billion contract.",
    )
    assert (deal["quantity"], deal["weapon_id"], deal["value"]) == (4, "aw149", 2.2e9)


@pytest.mark.parametrize(
    "text",
    [
        # deals-33: a deal played in a game or a scenario
        "In the war game run by the institute, Finland ordered 60 more K9 howitzers from Hanwha Aerospace for "
        "€700 million in the second round.",
        "Under the scenario, Sweden bought 40 Patriot launchers from Raytheon for $4 billion.",
        "During a tabletop exercise, Latvia signed a €90 million contract with Patria for 30 Patria 6x6 vehicles.",
        # a list of what is still to come
        "Contracts to watch next year: Greece signs for four FDI frigates from Naval Group worth €3 billion.",
        # a deal verb in an indirect question
        "Analysts are asking whether Romania ordered 54 Abrams tanks from General Dynamics for $1 billion.",
        "Asked whether Chile had bought two C-390 aircraft from Embraer for $200 million, the minister said "
        "nothing.",
        # deals in the plural with one amount: a total
        "Saudi Arabia's armed forces concluded deals worth SAR 9 billion during the four-day exhibition, the "
        "authority said.",
    ],
)
def test_no_deal_from_a_game_a_watch_list_a_question_or_deals_worth(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_deals_worth_with_one_supplier_for_one_item_are_one_deal(refs: References) -> None:
    # deals-33: ONE_SUPPLIER covers deals and agreements as well as contracts
    (deal,) = deals(
        refs,
        "Poland's Armament Agency signed deals worth PLN 3 billion with Huta Stalowa Wola for 48 Krab "
        "howitzers on Monday.",
    )
    assert (deal["buyer"], deal["supplier"], deal["quantity"], deal["value"]) == (
        "POL",
        "Huta Stalowa Wola",
        48,
        3e9,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deals-33: "its first" or "the first" item in the singular delivered counts one
        (
            "The Hellenic Navy took delivery of its first FDI frigate from Naval Group in Lorient on Thursday.",
            {"quantity": 1, "stage": "delivered", "supplier": "Naval Group"},
        ),
        # not a count after "first"
        (
            "The Hellenic Navy took delivery of its first two FDI frigates from Naval Group in Lorient.",
            {"quantity": 2, "stage": "delivered"},
        ),
        # the occasion a sentence opens with names no item
        (
            "At the ceremony marking the Tornado's retirement, the German Air Force took delivery of its first "
            "F-35A from Lockheed Martin.",
            {"weapon_id": "f-35", "quantity": 1, "buyer": "DEU"},
        ),
        # a parent named before its subsidiary is not the supplier
        (
            "The Tawazun Council awarded EDGE subsidiary ADASI a AED 800 million contract for 30 loitering "
            "munition launchers.",
            {"supplier": "ADASI", "value": 800e6},
        ),
        # a company by its home, saying what it won
        (
            "Kansas-based Prairie Machining said on Tuesday it has won a $4.2 million Army order for Abrams "
            "track parts.",
            {"supplier": "Prairie Machining", "seller_country": "USA", "value": 4.2e6},
        ),
        # a defence ministry whose spokesperson speaks is not the subject that buys
        (
            "The defence ministry's spokesman confirmed that Egypt signed a contract with Dassault Aviation for "
            "30 Rafale fighters worth €3.75 billion.",
            {"buyer": "EGY", "supplier": "Dassault Aviation", "quantity": 30},
        ),
    ],
)
def test_a_first_unit_an_occasion_a_parent_a_based_company_and_a_spokesperson(
    refs: References, text: str, expected: dict[str, object]
) -> None:
    (deal,) = deals(refs, text)
    assert {key: deal[key] for key in expected} == expected


@pytest.mark.parametrize(
    "text",
    [
        # deals-33, second step (sentences written for the unit tests): a ranking of deals and deals taken
        # all together
        "A new study lists the ten largest arms contracts of the century, led by the $25 billion Saudi Arabia "
        "signed with BAE Systems for 72 Typhoon fighters.",
        "The chart lists every contract Finland signed with Patria since 2016, from €400 million for vehicles to "
        "€90 million for mortars.",
        # a purchase told as history: "... years ago today", "Back then"
        "Ten years ago today, Qatar signed a €6.3 billion contract with Dassault Aviation for 24 Rafale fighters.",
        "Back then, Austria ordered 15 Eurofighter jets from Eurofighter GmbH for €2 billion.",
    ],
)
def test_no_deal_from_a_ranking_all_deals_together_or_a_purchase_told_as_history(
    refs: References, text: str
) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # deals-33, third step (sentences written for the unit tests): a deal in fiction, one someone claims,
        # and one a company will not confirm
        "In the film, Norway buys 20 more F-35A fighters from Lockheed Martin for NOK 30 billion.",
        "Leaked slides claimed that Laos had ordered 10 Yak-130 trainers from Irkut for $300 million.",
        "Thales won't confirm reports that Serbia signed for 12 Rafale fighters from Dassault Aviation for €2.7 "
        "billion.",
    ],
)
def test_no_deal_from_fiction_a_claim_or_a_report_not_confirmed(refs: References, text: str) -> None:
    assert deals(refs, text) == []


def test_a_confirmed_signing_is_a_deal(refs: References) -> None:
    # deals-33, third step: "confirmed" is not "won't confirm"
    (deal,) = deals(
        refs,
        "The ministry confirmed that Serbia signed for 12 Rafale fighters from Dassault Aviation for €2.7 billion.",
    )
    assert (deal["buyer"], deal["supplier"], deal["quantity"]) == ("SRB", "Dassault Aviation", 12)


# deals-34 (sentences written for the unit tests, run against deals-33 first: 35 of the 65 negatives gave a
# deal, 3 of the 34 deals were missed): money, a system, a country, a company and a deal verb, but no deal
# reported (a deal named as background after a preposition or as a verb's object, an indirect question with
# "why" or "how", reports something happened after, a claim without "that", ...)
PROBES_34_NEGATIVE = [
    "The EUR 1.2 billion contract Peru signed with Navantia for two patrol vessels is under review by the "
    "new government.",
    "Reporters were handed files on the €900 million contract Taiwan signed with Lockheed Martin for 66 "
    "F-16V fighters.",
    "Critics of the deal Poland signed with Hanwha Aerospace for 180 K2 tanks say the price of $3.4 "
    "billion was too high.",
    "The minister resigned after reports that Croatia signed a €1 billion contract with Dassault Aviation "
    "for 12 Rafale jets.",
    "Lawmakers asked why the ministry awarded Rheinmetall a €300 million contract for 50 Lynx vehicles "
    "without a tender.",
    "Slides shown at the conference claim Slovakia ordered 152 CV90 vehicles from BAE Systems for €1.3 billion.",
    "The opposition demanded that the government cancel the $2 billion order Brazil placed with Saab for "
    "36 Gripen fighters.",
    "Protesters gathered outside parliament over the €4 billion deal Greece signed with Naval Group for "
    "three FDI frigates.",
    "An inspection of the $1.5 billion contract Indonesia signed with Airbus for two A400M aircraft found "
    "missing documents.",
    "The budget line for the 24 K9 howitzers Norway ordered from Hanwha Aerospace shows NOK 2 billion for 2027.",
    "Nobody has explained why Estonia bought six HIMARS launchers from Lockheed Martin for $200 million.",
    "The report compares the offer with the $6 billion contract Switzerland signed with Lockheed Martin "
    "for 36 F-35A jets.",
    "Senators questioned the $500 million contract the Army awarded to Oshkosh Defense for 200 JLTV vehicles.",
    "Investigators are looking into how Ukraine signed a $400 million contract with a Polish broker for "
    "mortar rounds.",
    "The union protested against the €2 billion order Belgium placed with KNDS for 382 trucks.",
    "Hanwha denied that Egypt had signed a $1.7 billion contract for 100 K9 howitzers.",
    "The ministry denied reports that Morocco ordered 24 F-16 Block 70 jets from Lockheed Martin for $3.8 "
    "billion.",
    "Rumours that Vietnam bought 12 Su-35 fighters from Sukhoi for $1 billion were dismissed by the ministry.",
    "Opposition MPs want to know why the Navy awarded Babcock a £1.2 billion contract for five Type 31 frigates.",
    "The committee wants the government to explain the €2.5 billion deal it signed with Leonardo for 24 "
    "M-346 trainers.",
    "Activists demand that Canada cancel the $15 billion contract it signed with General Dynamics Land "
    "Systems for armoured vehicles.",
    "Ministers were briefed on the $1.1 billion contract Australia signed with Kongsberg for NSM missiles.",
    "A former official testified about the $700 million deal Nigeria signed with Embraer for 12 A-29 "
    "Super Tucano aircraft.",
    "Documents leaked to the newspaper describe the €600 million contract Serbia signed with Airbus for "
    "H145M helicopters.",
    "Reports that Iraq has bought 14 K-SAM batteries from LIG Nex1 for $2.8 billion could not be verified.",
    "The newspaper asked Saab why Colombia ordered 17 Gripen fighters for $3.6 billion rather than F-16s.",
    "The K2 tanks Poland ordered from Hyundai Rotem for $6.5 billion are the subject of a parliamentary inquiry.",
    "The 12 Rafale jets Croatia bought from France for €999 million face maintenance problems.",
    "Pilots praised the 48 F-16 fighters Poland bought from Lockheed Martin for $3.5 billion.",
    "Transparency International called for an inquiry into the $650 million contract Ghana awarded to "
    "Elbit Systems.",
    "Budget papers list €450 million for the 20 Patria 6x6 vehicles Latvia ordered from Patria.",
    "The 2027 budget sets aside $300 million for payments on the contract Kenya signed with Norinco for "
    "100 armoured vehicles.",
    "A watchdog flagged the $250 million contract Pakistan awarded to Baykar for TB2 drones as overpriced.",
    "Opinion polls show most voters opposed the $6 billion deal Switzerland signed with Lockheed Martin "
    "for 36 F-35A jets.",
    "The podcast discusses the €3 billion contract Hungary signed with Airbus for 16 H225M helicopters.",
    "Supporters of the order Slovenia placed with Rheinmetall for 45 Boxer vehicles worth €450 million "
    "say it is overdue.",
    "Questions remain over the $1 billion contract Bangladesh signed with China for two submarines.",
    "The minister defended the €1.5 billion contract Portugal signed with Embraer for five KC-390 aircraft.",
    "Navantia is still waiting for the first payment on the €1.2 billion contract Peru signed for two "
    "patrol vessels.",
    "The study compares the $8 billion India paid Dassault Aviation for 36 Rafale fighters with Egypt's price.",
    "Demonstrators accused the government of wasting money on the $1.3 billion contract it signed with "
    "Embraer for C-390 aircraft.",
    "Rheinmetall is appealing the decision to cancel the €500 million contract Hungary awarded it for 200 "
    "Lynx vehicles.",
    "Journalists were shown the hangar where the 12 Rafale jets Croatia bought from Dassault Aviation for "
    "€999 million are serviced.",
    "According to the complaint, the broker took a fee on the $300 million contract Kenya signed with "
    "Norinco for armoured vehicles.",
    "Hanwha's chief executive was asked why Australia ordered 129 Redback vehicles from the company for "
    "A$7 billion.",
    "Ukraine's parliament debated the $1 billion contract Kyiv signed with Baykar for TB2 drones.",
    "A petition against the €700 million contract Slovakia signed with Lockheed Martin for 14 F-16 "
    "fighters gathered 50,000 signatures.",
    "The former minister is on trial over the $200 million contract Malawi signed with a Chinese firm for "
    "patrol boats.",
    "Shares in Saab rose after rumours that Thailand had ordered four more Gripen fighters for $500 million.",
    "Critics say the $2 billion Romania paid General Dynamics for 54 Abrams tanks was far too much.",
    "The report asks how Chile could justify the $800 million it agreed to pay Embraer for 12 C-390 aircraft.",
    "It is not clear why Latvia awarded Patria a €150 million order for 200 vehicles without competition.",
    "The article explains why Japan bought 147 F-35 fighters from Lockheed Martin for $23 billion.",
    "The opposition wants an investigation into the $900 million deal Kenya signed with Norinco for 100 "
    "armoured vehicles.",
    "The inquiry into the €1 billion order Croatia placed with Dassault Aviation for 12 Rafale jets opens "
    "on Monday.",
    "The price is double what Denmark paid when it signed a $2.7 billion contract with Lockheed Martin "
    "for 27 F-35A fighters.",
    "The same officials who negotiated the $1.7 billion contract Egypt signed with Hanwha Aerospace for "
    "K9 howitzers now face charges.",
    "Comparisons with the $3.5 billion contract Poland signed with Lockheed Martin for 48 F-16 fighters "
    "are misleading, the minister said.",
    "The audit office's report on the €2 billion deal Austria signed with Eurofighter GmbH for 15 jets "
    "was published on Monday.",
    "Lithuania's ambassador refused to comment on the $500 million contract Vilnius signed with Raytheon "
    "for NASAMS.",
    "Debate continues over whether the €2 billion Greece paid Naval Group for three FDI frigates was too much.",
    "Saab's share price fell on reports that Colombia ordered 17 Gripen fighters for $3.6 billion from a rival.",
    "In an interview, the general criticised the €600 million contract Serbia signed with Airbus for 12 "
    "H145M helicopters.",
    "Taxpayers are paying for the $1.2 billion contract Peru signed with Hyundai Rotem for 54 K2 tanks, "
    "critics said.",
    "The minister was quizzed about the £1.2 billion contract the Navy awarded Babcock for five Type 31 frigates.",
]
# real deals written to look like them: a deal in the main clause beside a relative clause, a leading clause
# of reports, criticism or an inquiry, confirmations and denials of something else
PROBES_34_DEALS = [
    "After reports of delays, Poland signed a $6.5 billion contract with Hyundai Rotem for 180 K2 tanks "
    "on Friday.",
    "The ministry, which had been criticised for delays, signed a €1.2 billion contract with Navantia for "
    "two frigates on Monday.",
    "Peru signed a €1.2 billion contract with Navantia for two patrol vessels, which critics say is too "
    "expensive.",
    "Saab said on Tuesday that Colombia had ordered 17 Gripen E fighters for $3.6 billion.",
    pytest.param(
        "Rheinmetall, which makes the Lynx, won a €2 billion order from Hungary for 218 Lynx vehicles.",
        marks=pytest.mark.xfail(strict=True, reason="missed at deals-33 and deals-34: left"),
    ),
    "After a two-year competition, Switzerland signed a $6 billion contract with Lockheed Martin for 36 "
    "F-35A jets.",
    "The Army awarded Oshkosh Defense a $500 million contract for 200 JLTV vehicles, the company said.",
    "Despite protests, Belgium placed a €2 billion order with KNDS for 382 trucks on Wednesday.",
    "Following an inspection of its fleet, Indonesia signed a $1.5 billion contract with Airbus for two "
    "A400M aircraft.",
    pytest.param(
        "Lockheed Martin received a $1.1 billion order from Morocco for 24 F-16 Block 70 fighters, the "
        "company confirmed on Friday.",
        marks=pytest.mark.xfail(strict=True, reason="missed at deals-33 and deals-34: left"),
    ),
    "Croatia signed a €999 million contract with France for 12 Rafale jets that will replace its MiG-21s.",
    "The government, facing questions over the cost, ordered 24 more Rafale fighters from Dassault "
    "Aviation for €4 billion.",
    "Nigeria signed a $700 million contract with Embraer for 12 A-29 Super Tucano aircraft after a long review.",
    "Kenya awarded Norinco a $300 million contract for 100 armoured vehicles, the defence ministry confirmed.",
    "Officials said on Monday that Bulgaria had signed a €300 million contract with Naval Group for two "
    "patrol ships.",
    "Slovakia ordered 152 CV90 vehicles from BAE Systems for €1.3 billion, the defence minister announced "
    "on Monday.",
    "Under pressure from parliament, Romania signed a $1 billion contract with General Dynamics for 54 "
    "Abrams tanks.",
    "In a move critics called rushed, Latvia ordered 200 Patria 6x6 vehicles from Patria for €150 million.",
    "The ministry said it had signed a €450 million contract with Patria for 20 Patria 6x6 vehicles in "
    "Riga on Tuesday.",
    "Australia signed a A$1.1 billion contract with Kongsberg for NSM missiles, the minister told "
    "parliament on Monday.",
    "Thailand ordered four more Gripen fighters from Saab for $500 million, sending the company's shares higher.",
    "Saab confirmed on Friday that Thailand had ordered four more Gripen fighters for $500 million.",
    "Two weeks after reports of a deal surfaced, Croatia signed a €1 billion contract with Dassault "
    "Aviation for 12 Rafale jets.",
    "Egypt signed a $1.7 billion contract with Hanwha Aerospace for 100 K9 howitzers, ending months of "
    "speculation.",
    "The defence ministry said that Morocco ordered 24 F-16 Block 70 jets from Lockheed Martin for $3.8 "
    "billion, confirming earlier reports.",
    "Answering critics, the minister said Portugal had signed a €1.5 billion contract with Embraer for "
    "five KC-390 aircraft.",
    "Greece signed a €3 billion contract with Naval Group for three FDI frigates, the ministry said, "
    "rejecting claims of overpricing.",
    "The Navy awarded Babcock a £1.2 billion contract for five Type 31 frigates on Thursday, ending a "
    "long competition.",
    "Ghana awarded Elbit Systems a $650 million contract for border surveillance radars on Monday, "
    "drawing calls for an inquiry.",
    "Brazil placed a $2 billion order with Saab for 36 Gripen fighters, which the opposition had tried to block.",
    "Hungary signed a €500 million contract with Rheinmetall for 50 Lynx vehicles on Monday, a spokesman "
    "confirmed.",
    pytest.param(
        "Vietnam bought 12 Su-35 fighters from Sukhoi for $1 billion, the ministry said, denying earlier "
        "rumours of a delay.",
        marks=pytest.mark.xfail(strict=True, reason="missed at deals-33 and deals-34: left"),
    ),
    "Taiwan ordered 108 M1A2T tanks from General Dynamics for $2 billion on Monday, the ministry said.",
    "Japan ordered 42 more F-35 fighters from Lockheed Martin for $4 billion, a spokesman said, answering "
    "questions from reporters.",
]


@pytest.mark.parametrize("text", PROBES_34_NEGATIVE)
def test_no_deal_from_a_deal_named_as_background_asked_about_or_reported_on(
    refs: References, text: str
) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize("text", PROBES_34_DEALS)
def test_a_deal_beside_criticism_reports_and_relative_clauses_is_one_deal(
    refs: References, text: str
) -> None:
    assert len(deals(refs, text)) == 1


# deals-34, second step: more negatives of other kinds (35; 9 gave a deal after the first step) and deals
# written to look like them (4)
PROBES_34_MORE_NEGATIVE = [
    "The general who signed Peru's €1.2 billion contract with Navantia for two patrol vessels died on "
    "Sunday aged 81.",
    "Timeline: 2019, Poland signs a $4.6 billion contract with Lockheed Martin for 32 F-35A jets.",
    "The museum's new hall shows one of the 12 Mirage 2000 jets Peru bought from Dassault Aviation for "
    "$700 million.",
    "Hanwha is hiring 200 engineers to work on the $3.4 billion contract for 180 K2 tanks.",
    "The opposition leader promised to cancel the €2 billion contract with Naval Group for four "
    "submarines if elected.",
    "Voters will decide in a referendum whether to approve the CHF 6 billion purchase of 36 F-35A "
    "fighters from Lockheed Martin.",
    "A fact sheet from the ministry recalls that Chile paid $500 million for 10 F-16 fighters bought from "
    "the Netherlands.",
    "The senator's amendment would block the $1.2 billion sale of 40 F-16 fighters to Turkey.",
    "Turkey wants to buy 40 F-16 fighters from Lockheed Martin for $23 billion, the ambassador repeated.",
    "Compared with the $2.7 billion Denmark signed with Lockheed Martin for 27 F-35A jets, the Swiss "
    "price looks high.",
    "The ministry's answer to a written question lists €450 million paid to Patria for 20 vehicles "
    "ordered so far.",
    "Hanwha's share price has doubled since Poland signed a $5.8 billion contract for 212 K9 howitzers.",
    "Since the day Norway ordered 54 Leopard 2A8 tanks from KNDS for NOK 19 billion, prices have risen by "
    "a third.",
    "The study estimates that Romania overpaid by $200 million when it ordered 54 Abrams tanks from "
    "General Dynamics.",
    "Students re-enacted the signing of the $1 billion contract Brazil awarded Saab for 36 Gripen fighters.",
    "The cartoon shows the minister signing a €2 billion cheque to Dassault Aviation for 12 Rafale jets.",
    "A memo dated March 2024 recommends that Latvia order 200 Patria 6x6 vehicles from Patria for €150 "
    "million.",
    "The former defence minister wrote in his memoir that he signed the €1 billion contract with Dassault "
    "Aviation under pressure.",
    "Unions are planning a strike at the yard building the two frigates Peru ordered from Navantia for "
    "€1.2 billion.",
    "The survey asked defence officials which deal of the year was the best: Poland's $6.5 billion K2 "
    "contract with Hyundai Rotem won.",
    "Hyundai Rotem's profit rose 40% in the quarter thanks to the $6.5 billion contract Poland signed "
    "last year.",
    "Officials said a contract for 12 Rafale jets worth €2 billion could be signed with Dassault Aviation "
    "by the end of the year.",
    "The ceremony celebrated the tenth anniversary of the day India signed for 36 Rafale jets from "
    "Dassault Aviation.",
    "The lawyer said his client never received a cent from the $300 million contract Kenya signed with "
    "Norinco.",
    "An op-ed argues that Canada should have bought 88 Gripen fighters from Saab for C$15 billion instead.",
    "The exercise tested the 12 NASAMS launchers Lithuania bought from Kongsberg for €200 million.",
    "Sources close to the talks said Indonesia was about to sign a $2 billion contract with Dassault "
    "Aviation for 18 Rafale jets.",
    "The fine, $200 million, is part of a settlement over the contract Boeing signed with the Air Force "
    "for KC-46 tankers.",
    "Greece is expected to take delivery of the first of 24 Rafale jets it ordered from Dassault Aviation "
    "for €2.5 billion.",
    pytest.param(
        "It was the same week Slovakia signed a €1.3 billion contract with BAE Systems for 152 CV90 vehicles "
        "that the government fell.",
        marks=pytest.mark.xfail(strict=True, reason="a deal in a cleft sentence: left"),
    ),
    "Ukraine's envoy thanked Germany for the €500 million in IRIS-T systems Berlin bought from Diehl "
    "Defence for Kyiv last year.",
    "Leaked cables suggest Egypt signed a $3 billion contract with China for 40 J-10CE fighters.",
    "Bloggers speculated that Iran had bought 24 Su-35 fighters from Russia for $2 billion.",
    "If true, the report that Serbia ordered 12 Rafale jets from Dassault Aviation for €2.7 billion would "
    "end years of talks.",
    "The price of $85 million per jet is what Finland agreed when it signed a $9.4 billion contract for "
    "64 F-35A fighters.",
]
PROBES_34_MORE_DEALS = [
    "It was Poland's largest deal of the year: Warsaw signed a $6.5 billion contract with Hyundai Rotem "
    "for 180 K2 tanks on Friday.",
    "Students watched as Brazil's minister signed a $1 billion contract with Saab for 36 Gripen fighters "
    "on Tuesday.",
    "The ministry said Chile bought 10 F-16 fighters from the Netherlands for $500 million on Monday.",
    "Hanwha Aerospace said on Monday it had signed a $5.8 billion contract with Poland for 212 K9 howitzers.",
]


@pytest.mark.parametrize("text", PROBES_34_MORE_NEGATIVE)
def test_no_deal_from_a_memoir_an_anniversary_a_timeline_or_what_was_paid(
    refs: References, text: str
) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize("text", PROBES_34_MORE_DEALS)
def test_a_deal_told_beside_a_ceremony_or_a_record_is_one_deal(refs: References, text: str) -> None:
    assert len(deals(refs, text)) == 1


# deals-34, third step: negatives of yet other genres (25; 12 gave a deal at deals-33, 9 after the second step)
# and deals like them (2)
PROBES_34_OTHER_NEGATIVE = [
    "About Hanwha Aerospace: since 2001 the company has delivered more than 1,800 K9 howitzers to nine "
    "countries.",
    "Job advert: Naval Group seeks a contract manager for the €3 billion FDI frigate programme Greece "
    "signed for.",
    "Letter to the editor: why did we pay €2 billion to Dassault Aviation for 12 Rafale jets?",
    "The bill would let the ministry sign contracts worth up to PLN 50 billion with Hanwha Aerospace for "
    "K9 howitzers.",
    "A translation error made it seem that Chile had bought 12 F-16 fighters for $400 million.",
    "The quiz asks readers which country ordered 180 K2 tanks from Hyundai Rotem for $3.4 billion.",
    "Hyundai Rotem shares jumped 9% on Monday, a week after Poland signed a $6.5 billion contract for 180 "
    "K2 tanks.",
    "Under the plan, Latvia would order 200 Patria 6x6 vehicles from Patria for €150 million by 2028.",
    "Our calculation: had Norway bought 54 K2 tanks instead, it would have paid NOK 15 billion.",
    "The documentary follows the crew of one of the two frigates Peru ordered from Navantia for €1.2 "
    "billion.",
    pytest.param(
        "A sculpture in Gdynia marks the spot where Poland signed for three Miecznik frigates from PGZ for "
        "PLN 8 billion.",
        marks=pytest.mark.xfail(strict=True, reason="the place where a deal was signed: left"),
    ),
    pytest.param(
        "The ministry's tweet, later deleted, said Ghana had ordered four Z-9 helicopters from AVIC for $80 "
        "million.",
        marks=pytest.mark.xfail(strict=True, reason="a deleted post: left"),
    ),
    "Satire: Luxembourg orders 300 F-35A fighters from Lockheed Martin for $30 billion.",
    "The minister joked that Estonia had bought 200 HIMARS launchers from Lockheed Martin for $5 billion.",
    "Prosecutors say the bribes were paid to win the $600 million order Bulgaria placed with Naval Group.",
    "The prize went to the team that negotiated the €2 billion contract Greece signed with Naval Group.",
    pytest.param(
        "Poland's K2 purchase, signed for $6.5 billion with Hyundai Rotem, is the subject of a new book.",
        marks=pytest.mark.xfail(
            strict=True, reason="a purchase named with its participle as a subject: left"
        ),
    ),
    "Researchers compared the $4 billion Poland spent on 250 Abrams tanks with what Romania spent.",
    "An April Fool's story claimed Monaco had ordered six Rafale jets from Dassault Aviation for €600 "
    "million.",
    "The ministry has been paying since 2020 for the 48 K9 howitzers it signed for with Hanwha Aerospace "
    "for $1 billion.",
    "In a hypothetical case, Denmark orders 20 more F-35A fighters from Lockheed Martin for $2 billion.",
    pytest.param(
        "The chart shows how much each buyer paid per jet: Switzerland signed for 36 F-35A fighters for $6 "
        "billion.",
        marks=pytest.mark.xfail(strict=True, reason="a chart's entry after a colon: left"),
    ),
    "A teacher used the $1 billion contract Brazil signed with Saab for 36 Gripen fighters as an example.",
    "The court annulled the €300 million contract Bulgaria signed with Naval Group for two patrol ships.",
    "Rumour has it that Qatar ordered 12 more Rafale jets from Dassault Aviation for €1.1 billion.",
]
PROBES_34_OTHER_DEALS = [
    "Hyundai Rotem shares jumped 9% on Monday after Poland signed a $6.5 billion contract with the "
    "company for 180 K2 tanks.",
    "Poland signed a PLN 8 billion contract with PGZ for three Miecznik frigates in Gdynia on Friday.",
]


@pytest.mark.parametrize("text", PROBES_34_OTHER_NEGATIVE)
def test_no_deal_from_a_joke_satire_a_hypothetical_case_or_a_quiz(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize("text", PROBES_34_OTHER_DEALS)
def test_a_deal_beside_share_prices_or_a_place_is_one_deal(refs: References, text: str) -> None:
    assert len(deals(refs, text)) == 1


# deals-35 (sentences written for the unit tests in the genres of written35 and others, none of them a
# rewording of a frozen item; run against deals-34 first: 8 of the 105 negatives gave a deal, 4 of the 25
# deals were missed; none at deals-35): money, a system, a country and a company beside a deal verb in court
# rulings, protests, offsets, loans, leases, delays, accidents, results, obituaries, job adverts, programmes,
# refunds, seizures, buybacks, what someone overpaid, was reminded of or did not explain, what insiders say, a
# deal something happens under, and multi-sentence items that recall a deal
PROBES_35_NEGATIVE = [
    "The Supreme Court upheld the award of a €600 million contract to Naval Group for four patrol "
    "ships, rejecting Fincantieri's appeal.",
    "A judge annulled the $400 million contract the ministry awarded Elbit Systems for border radars, "
    "citing irregularities.",
    "Judges ordered the ministry to pay Airbus €120 million for A400M aircraft delivered in 2019.",
    "Leonardo DRS protested the Army's $750 million award to Textron for 300 robotic vehicles, the GAO said.",
    "Boeing has challenged the Air Force's decision to buy 26 E-7 Wedgetail aircraft from Northrop "
    "Grumman for $2 billion.",
    "Lockheed Martin has met 60% of the offset commitments tied to Poland's $4.6 billion purchase of "
    "32 F-35 jets.",
    "The offset deal requires Saab to invest SEK 3 billion in Brazil in exchange for the order of 36 "
    "Gripen fighters.",
    "The European Investment Bank lent Poland €2 billion to help pay for 96 Apache helicopters ordered "
    "from Boeing.",
    "Korea's export credit agency will finance 80% of the $3 billion Romania will pay Hanwha for 54 K9 "
    "howitzers.",
    "Egypt secured a €4 billion loan from French banks to cover payments for 30 Rafale jets from "
    "Dassault Aviation.",
    "Peru is negotiating with Israel to lease two Heron drones from Israel Aerospace Industries for "
    "$20 million a year.",
    "The Czech Republic extended its lease of 14 Gripen fighters from Sweden, which costs CZK 1.7 "
    "billion a year.",
    "Delivery of the 12 Caesar howitzers Croatia ordered from KNDS France for €100 million has been "
    "postponed to 2028.",
    "Germany cancelled the delivery of 35 Puma vehicles from Rheinmetall worth €600 million after "
    "tests failed.",
    "The first of 24 AW149 helicopters Leonardo is building for Poland under a PLN 8 billion contract "
    "will arrive late.",
    "Deliveries of 18 Bayraktar TB2 drones to Kyrgyzstan have been suspended, Baykar said on Tuesday.",
    "One of the 24 Rafale jets Greece bought from Dassault Aviation for €2.5 billion crashed into the "
    "sea on Monday.",
    "A K9 howitzer delivered to Estonia by Hanwha Aerospace in 2023 exploded during a firing exercise, "
    "killing two soldiers.",
    "The pilot of the F-16 that Taiwan received from Lockheed Martin last year ejected safely before "
    "the crash.",
    "Rheinmetall's third-quarter sales rose 20% to €2.7 billion on deliveries of Boxer vehicles to "
    "Germany and Lynx to Hungary.",
    "Hanwha Aerospace shares fell 5% after Poland delayed the signing of a $3 billion contract for 72 "
    "K9 howitzers.",
    "Shares of Saab rose 8% on speculation that Thailand would order 12 more Gripen fighters worth $1 "
    "billion.",
    "BAE Systems reported first-half sales of £14 billion, helped by orders for Typhoon jets from Turkey.",
    "The former defence minister, who signed Poland's $6.5 billion contract for 180 K2 tanks in 2022, "
    "died on Sunday at 71.",
    "He died at 88, thirty years after negotiating the sale of 40 F-16 fighters to Norway from General "
    "Dynamics.",
    "Vacancy: contract officer to manage the €500 million purchase of 20 Boxer vehicles from "
    "Rheinmetall; apply by Friday.",
    "We are hiring engineers to support the delivery of 36 Gripen fighters to Brazil; salary SEK "
    "50,000 a month.",
    "Day one: 10:00 How Finland bought 64 F-35 jets for $9.4 billion; 11:00 coffee; 11:30 Ukraine's "
    "drone contracts.",
    "The conference will hear how Poland signed contracts with Hyundai Rotem for 1,000 K2 tanks in a year.",
    "Lockheed Martin signed a £2 million sponsorship deal with the RAF Museum to fund a new F-35 exhibition.",
    "Rheinmetall donated €1 million to a hospital in Unterlüß near its ammunition plant.",
    "Raytheon agreed to pay $950 million to the Justice Department to settle bribery and overbilling "
    "charges on Patriot sales.",
    "Boeing will refund the Air Force $30 million for KC-46 tankers delivered with faulty cameras.",
    "Customs seized 20 drone engines worth €200,000 that a trader had bought from China for Iran.",
    "Rheinmetall will buy back €1 billion of its own shares after record orders for ammunition from Germany.",
    "The ministry sold an old barracks to a property developer for £30 million.",
    "The Army sold 200 surplus Land Rovers at auction to private buyers for £2 million.",
    "Switzerland is renegotiating the price of its 36 F-35A fighters with the U.S. after costs rose by "
    "CHF 1 billion.",
    "Egypt and France are at odds over who pays for the upgrade of 24 Rafale jets, worth €500 million.",
    "Spain's purchase of 24 Hurjet trainers from Turkish Aerospace fell through when parliament was "
    "dissolved.",
    "The deal for 12 Rafale jets from Dassault Aviation collapsed after Serbia failed to pay the €2.7 "
    "billion.",
    "The shipyard went bankrupt, leaving unfinished two patrol vessels Mexico had ordered for €180 million.",
    "Police arrested two men who had bought 50 Stinger missiles from corrupt officers for $1 million.",
    "Fifty Polish pilots began training in Arizona on the AH-64 Apache helicopters Poland bought from "
    "Boeing.",
    "Saab will hire 1,500 people to build the Gripen jets Colombia ordered for $3.6 billion.",
    "Weak won makes Korean arms cheaper\nK2 tanks now cost Poland 9% less in zloty than when the "
    "second contract was priced, analysts say.",
    "Customs seize drone engines\nA Dutch trader bought 14 jet engines worth €420,000 from China for Iran.",
    "The jets Greece bought from Dassault Aviation for €2.5 billion now need new engines, the air "
    "force says.",
    "Bulgaria paid $1.3 billion for eight F-16 Block 70 jets from Lockheed Martin, a price its audit "
    "office calls too high.",
    "Ten years ago Qatar ordered 24 Rafale jets from Dassault Aviation for €6.3 billion; today half of "
    "them are in storage.",
    "Poland's tanks from Hyundai Rotem, ordered for $3.4 billion, have turned the army into Europe's "
    "largest K2 user.",
    "Critics say Hungary overpaid when it ordered 218 Lynx vehicles from Rheinmetall for €2 billion.",
    "The minister defended the $6.5 billion contract signed with Hyundai Rotem for 180 K2 tanks in a "
    "television debate.",
    "Opposition MPs want to know how much Estonia paid Hanwha Aerospace for 24 K9 howitzers.",
    "Analysts compared the €1.3 billion Slovakia paid BAE Systems for 152 CV90 vehicles with what "
    "Czechia paid.",
    "The Rafale deal India signed with Dassault Aviation for €7.9 billion remains a campaign issue.",
    "His company supplied 40 Piranha vehicles to Denmark for DKK 2 billion before he retired.",
    "She led the team at Saab that sold 36 Gripen jets to Brazil for $5.4 billion.",
    "Lockheed Martin, which sold 32 F-35 jets to Poland for $4.6 billion, reported higher sales.",
    "Fincantieri, which delivered two frigates to Indonesia last year, said its order book grew.",
    "The Patriot systems Romania received from Raytheon cost $3.9 billion, auditors said.",
    "Since it ordered 96 Apache helicopters from Boeing for $12 billion, Poland has cut other programmes.",
    "Thailand's Gripen purchase from Saab for $600 million has raised questions about pilot training.",
    "The contract with Naval Group for four FDI frigates, worth €3 billion, was the subject of a hearing.",
    "Norway's K9 howitzers from Hanwha Aerospace, bought for NOK 2 billion, performed well in the exercise.",
    "The F-16s that Jordan bought from the Netherlands for €100 million will be retired in 2030.",
    "Under the contract signed with Airbus for 22 H145M helicopters worth €600 million, Hungary also "
    "receives training.",
    "In a speech, the minister recalled how Finland ordered 64 F-35 jets from Lockheed Martin for $9.4 "
    "billion.",
    "The price of the CV90 vehicles Sweden ordered from BAE Systems Hägglunds for SEK 10 billion has "
    "risen by 15%.",
    "The report lists the 44 AW149 helicopters Poland ordered from Leonardo for PLN 8 billion among "
    "the delayed programmes.",
    "Romania's $3.9 billion Patriot order from Raytheon is the biggest in its history, the paper notes.",
    "A year after the Philippines signed a $600 million contract with Hyundai Heavy Industries for two "
    "frigates, the first has yet to sail.",
    "Insiders say Egypt placed a $2 billion order with Hanwha Aerospace for K9 howitzers, but the "
    "ministry is silent.",
    "The documentary tells how Poland bought 250 Abrams tanks from General Dynamics for $4.75 billion.",
    "Indonesia's Rafale order from Dassault Aviation, signed for $8.1 billion, is straining the budget.",
    "The Swiss government told voters it would pay CHF 6 billion for 36 F-35 jets from Lockheed Martin.",
    "Croatia ordered 12 Rafale jets from France for €999 million, the minister reminded parliament on "
    "Tuesday.",
    "Boeing shares fell after the company delivered fewer KC-46 tankers to the Air Force than expected.",
    "Lockheed Martin's profit rose 10% as it delivered 150 F-35 jets to the U.S. and its allies.",
    "The general praised the 24 AH-64E Apache helicopters Morocco bought from Boeing for $4.25 billion.",
    "Pakistan paid China $1.5 billion for 25 J-10C fighters, a researcher told the seminar.",
    "The ministry did not say why it ordered 48 K9 howitzers from Hanwha Aerospace for $700 million.",
    "The graph shows that Poland signed contracts worth $20 billion with Korean firms, led by $6.5 "
    "billion for K2 tanks.",
    "Thanks to the $3.4 billion contract signed with Hyundai Rotem for 180 K2 tanks, the factory in "
    "Changwon is busy.",
    "With the €2 billion order from Hungary for 218 Lynx vehicles, Rheinmetall's plant in Zalaegerszeg "
    "runs three shifts.",
    "Romania is close to choosing the K9. Hanwha Aerospace offered 54 howitzers for about $1 billion, "
    "officials said, and the ministry is reviewing the offer.",
    "Lithuania's parliament debated the purchase of 44 JLTV vehicles on Tuesday. The $30 million deal "
    "with Oshkosh Defense was approved by the government in 2021.",
    "The army wants more tanks. It received 28 M1A2 Abrams from General Dynamics last month, and the "
    "rest of the $4.75 billion order is due by 2026.",
    "Spain is reviewing its fighter plans. The Eurofighters Spain ordered in 2022 for €2 billion are "
    "arriving slowly, and Airbus blames suppliers.",
    "Greek officials visited Lorient on Tuesday. Naval Group showed them the frigates being built "
    "under the €3 billion contract. Delivery is expected next year.",
    "What next for Poland's K2 programme? The first contract, worth $3.4 billion, covered 180 tanks. A "
    "second one is still being negotiated.",
    "Taiwan's legislature froze part of the budget for the F-16V programme. Lockheed Martin was "
    "awarded the $8 billion contract in 2019.",
    "The Czech army's new CV90 vehicles will be built partly in Czechia. The CZK 55 billion contract, "
    "signed last year with BAE Systems Hägglunds, includes local production.",
    "Analysts at a bank expect Saab to report strong orders. Thailand's order for four Gripen jets, "
    "worth $600 million, was booked in the third quarter.",
    "Norway's K9 fleet will grow. The government said on Monday it intends to order 24 more howitzers "
    "from Hanwha Aerospace for NOK 2 billion.",
    "A parliamentary committee questioned the minister. He said the €1 billion contract with Naval "
    "Group for two submarines had been negotiated fairly.",
    "The Swiss F-35 dispute continues. The contract with Lockheed Martin for 36 jets was signed in "
    "2022 at a fixed price of CHF 6 billion, the government says.",
    "Pakistan's J-10C fleet was shown at a parade. The jets were bought from China in 2021; the price "
    "was never published.",
    "Estonia's defence investment centre published its annual report. It signed contracts worth €1.3 "
    "billion last year, including one with Hanwha for K9 howitzers.",
    "Hanwha Aerospace's profit rose. The company delivered 36 K9 howitzers to Poland in the quarter "
    "and booked new orders worth $2 billion.",
    "The ministry has not decided. Dassault Aviation offered 24 Rafale jets for €4 billion, and Saab "
    "offered Gripens for less.",
    "India's Rafale Marine deal is back in the news. The €6.6 billion contract with Dassault Aviation "
    "for 26 jets, signed in April, faces a court challenge.",
    "Jordan will retire its F-16s. The jets, bought from the Netherlands and Belgium over two decades, "
    "will be replaced by F-16 Block 70s ordered in 2022.",
    "The conference opened on Monday. Speakers included the head of Poland's Armament Agency, which "
    "signed the K2 contracts with Hyundai Rotem.",
    "Ukraine's drone makers are growing fast. The ministry bought 1.5 million drones last year for "
    "about $2.6 billion, a deputy minister said.",
]
PROBES_35_DEALS = [
    "Poland signed a $2.6 billion contract with Hyundai Rotem on Friday for 96 more K2 tanks, financed "
    "by a Korean loan.",
    "Romania signed a €1.1 billion contract with Rheinmetall on Thursday for eight Skynex systems.",
    "The defence ministry amended its contract with Hindustan Aeronautics Limited, adding ₹2,300 crore "
    "for 12 more Dornier 228 aircraft for the Indian Coast Guard.",
    "Brazil's army ordered 36 Centauro II vehicles from Iveco Defence Vehicles for €900 million for "
    "its cavalry brigades.",
    "Greece took delivery of its first Belharra frigate from Naval Group on Thursday, the Hellenic "
    "Navy said.",
    "After the Hurjet deal fell through, Spain awarded Pilatus Aircraft a CHF 780 million contract for "
    "24 PC-21 trainers.",
    "Despite the audit's criticism, the Netherlands ordered 12 more CV90 vehicles from BAE Systems "
    "Hägglunds for €300 million.",
    "Weeks after a crash grounded its fleet, Greece signed a €420 million contract with Dassault "
    "Aviation for six Rafale jets.",
    "Lithuania signed a €200 million contract with Rheinmetall for Skyranger air defence systems, a "
    "spokesperson said.",
    "The Philippine Navy took delivery of two corvettes from HD Hyundai Heavy Industries on Friday.",
    "Norway ordered 54 K9 howitzers from Hanwha Aerospace for NOK 3 billion, a year after the first "
    "batch arrived.",
    "The Army exercised a $200 million option with Oshkosh Defense for 500 JLTV vehicles after a "
    "protest was dismissed.",
    "Finland signed a €316 million contract with Rafael for David's Sling, despite criticism of the price.",
    "Denmark awarded Terma a DKK 1.5 billion contract for radars for its frigates, the acquisition "
    "agency said.",
    "Indonesia signed a $1.8 billion contract with Fincantieri for two frigates on Monday, the company said.",
    "The Czech Republic signed a CZK 150 billion agreement with the United States for 24 F-35A fighters.",
    "Estonia signed a €100 million contract with Patria for armoured vehicles, the minister told a "
    "podcast about his childhood.",
    "The Navy awarded Babcock a £1.2 billion contract for five Type 31 frigates after a protest was "
    "dismissed.",
    "The Army awarded Oshkosh a $1 billion contract for 2,000 JLTV vehicles once the GAO had denied a "
    "protest by AM General.",
    "Hanwha Aerospace won a $1 billion contract from Poland's Armament Agency for 48 K9 howitzers.",
]


@pytest.mark.parametrize("text", PROBES_35_NEGATIVE)
def test_no_deal_from_rulings_loans_delays_results_or_a_deal_recalled(refs: References, text: str) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize("text", PROBES_35_DEALS)
def test_a_deal_beside_loans_protests_hiring_or_a_crash_is_one_deal(refs: References, text: str) -> None:
    assert len(deals(refs, text)) == 1


def test_an_amount_added_to_cover_a_count_names_the_item_not_the_service_after_for(refs: References) -> None:
    # deals-35 (written35): "to cover 12 more Dornier 228 aircraft for the Indian Coast Guard"
    (deal,) = deals(
        refs,
        "The defence ministry amended its contract with Hindustan Aeronautics Limited, adding ₹2,300 crore to "
        "cover 12 more Dornier 228 aircraft for the Indian Coast Guard.",
    )
    assert (deal["stage"], deal["system"], deal["quantity"]) == ("modification", "Dornier 228 aircraft", 12)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # deals-35: the Korean currency after an adjective or "the" is no verb
        (
            "Weak won makes Korean arms cheaper\nK2 tanks now cost Poland 9% less than under the last contract.",
            0,
        ),
        ("The stronger won has made K9 howitzers dearer for Norway than Hanwha Aerospace had hoped.", 0),
        ("Hanwha Aerospace won a $1 billion contract from Poland's Armament Agency for 48 K9 howitzers.", 1),
        # a private buyer as the subject
        ("A Dutch trader bought 14 jet engines worth €420,000 from China for Iran.", 0),
        ("An arms dealer had ordered 200 rifles from Colt for $300,000.", 0),
        # a government body in lower case signing a deal noun: a reduced relative clause
        (
            "A judge annulled the $400 million contract the ministry awarded Elbit Systems for border radars.",
            0,
        ),
        (
            "The deal the defence ministry signed with Hanwha Aerospace for 48 K9 howitzers is under review.",
            0,
        ),
        # an obstacle the deal came after that is gone; a plan joined to a choice
        (
            "The Army exercised a $200 million option with Oshkosh Defense for 500 JLTV vehicles after a protest "
            "was dismissed.",
            1,
        ),
        (
            "Romania said it had picked the K9 and would sign a contract for 54 howitzers worth $1 billion with "
            "Hanwha.",
            0,
        ),
        # a deal something happens under, what was overpaid, a deal recalled, an indirect question, insiders
        (
            "Under the contract signed with Airbus for 22 H145M helicopters worth €600 million, Hungary also "
            "receives training.",
            0,
        ),
        (
            "Critics say Hungary overpaid when it ordered 218 Lynx vehicles from Rheinmetall for €2 billion.",
            0,
        ),
        ("Croatia ordered 12 Rafale jets from France for €999 million, the minister reminded parliament.", 0),
        (
            "The ministry did not say why it ordered 48 K9 howitzers from Hanwha Aerospace for $700 million.",
            0,
        ),
        ("Insiders say Egypt placed a $2 billion order with Hanwha Aerospace for K9 howitzers.", 0),
    ],
)
def test_deals_35_mechanisms(refs: References, text: str, found: int) -> None:
    assert len(deals(refs, text)) == found


# deals-36 (sentences written for the unit tests in the genres of written36, none of them a rewording of a
# frozen item; run against deals-35 first: 8 of the 47 negatives gave a deal, 4 of the 11 deals were missed;
# at deals-36 one negative still gives one, left as xfail, and no deal is missed): budget requests and budget
# lines, cost overruns and audits, test launches, yearly and export totals, features and analysis that recall
# deals, earnings, parliamentary questions with an apposition in the subject, leaks, court cases, trade-show
# wrap-ups, stories told over years ("... . Four years later, ..."), and deals beside how they are paid for,
# what they do to a supplier's order intake, or how late they came
PROBES_36_NEGATIVE = [
    "The Air Force's budget request seeks $3.2 billion for 24 F-35A fighters, six fewer than Lockheed "
    "Martin had planned to build for it.",
    "Canada's defence budget sets aside C$2.1 billion over five years for the 88 F-35 jets ordered from "
    "Lockheed Martin.",
    "The Army wants $900 million next year to buy 40 more AH-64E Apaches from Boeing, budget documents show.",
    "The price of the 12 Type 26 frigates has risen by £2 billion since BAE Systems was handed the contract.",
    "Costs on the Columbia-class programme have grown by $17 billion since General Dynamics was awarded "
    "the lead boat, the GAO said.",
    "Auditors found that the K2 tanks Poland bought from Hyundai Rotem cost 14% more than the army had "
    "budgeted.",
    "Romania test-fired two Patriot interceptors from a battery it received from Raytheon in 2020.",
    "The Navy fired an SM-6 missile from a destroyer on Tuesday, years after Raytheon was awarded the "
    "first production contract.",
    "Why Qatar's 2017 order of 36 F-15QA jets from Boeing still shapes its air force, an analysis.",
    "Hungary bought 44 Leopard 2A7 tanks from KNDS Deutschland for €1.5 billion. Four years later, only "
    "half of them are ready for combat.",
    "Greece signed for 24 Rafale jets with Dassault Aviation. A decade later, the air force is still "
    "short of pilots to fly them.",
    "Norway ordered 52 F-35A fighters from Lockheed Martin. Years later, the last of them is still in the "
    "United States for training.",
    "Hanwha Aerospace's order backlog rose to 30 trillion won, boosted by the K9 contracts it signed with "
    "Poland and Romania.",
    "Thales said sales grew 9% to €20.6 billion last year, helped by the Rafale radars and the 30 GM200 "
    "radars ordered by the Netherlands.",
    "MPs asked why the contract with Saab, worth SEK 9 billion, was awarded without a competition.",
    "Senators asked how the deal for 12 H-60 helicopters, valued at $1.2 billion, was signed so quickly.",
    "Lawmakers demanded to know whether the contract for 40 Piranha vehicles, worth CHF 1.2 billion, had "
    "been signed before the vote.",
    "The committee asked why the order for 24 Caesar howitzers, at €150 million, was placed with KNDS "
    "France without a tender.",
    "Leaked documents show the ministry wants 20 more Gripen E fighters from Saab for SEK 25 billion.",
    "A leaked draft of the plan lists the purchase of 48 K9 howitzers from Hanwha Aerospace for $1 billion.",
    "The court fined a broker €2 million for bribes paid to win a $300 million contract for 10 NH90 "
    "helicopters.",
    "A judge in Oslo heard evidence on Tuesday about how the ministry awarded Kongsberg a NOK 2 billion "
    "contract for NASAMS systems.",
    "German arms exports reached €12.8 billion last year, with Ukraine the top buyer of IRIS-T systems "
    "from Diehl Defence.",
    "South Korea signed arms export deals worth $17 billion last year, most of them for K2 tanks and K9 "
    "howitzers.",
    "The air show closed on Sunday; Airbus said visitors had seen the A400M that Indonesia ordered last "
    "year.",
    "Eurosatory ended on Friday with no contract announced, although KNDS showed the Leopard 2A8 that "
    "Norway ordered in 2023.",
    "Slovakia paid Lockheed Martin $1.8 billion for 14 F-16 Block 70 jets. Two years later, Bulgaria paid "
    "more for eight, a study shows.",
    "Croatia bought its Rafale jets secondhand. Three years later, Serbia ordered 12 new ones from "
    "Dassault Aviation for €2.7 billion, a contrast analysts note.",
    "Polish MPs asked why the contract for 32 F-35 jets, worth $4.6 billion, was signed without an offset "
    "agreement.",
    "Dutch senators asked how the order for 12 GM200 radars, at €200 million, was placed with Thales "
    "without a tender.",
    "Poland will spend PLN 186 billion on defence next year, including instalments for the K2 tanks "
    "ordered from Hyundai Rotem.",
    "The Pentagon's request includes $1.6 billion for 16 MH-60R helicopters for the Navy from Lockheed "
    "Martin.",
    "Britain's defence exports reached £14 billion in 2025, led by Typhoon support for Saudi Arabia and "
    "Qatar.",
    "Israel's defence exports hit a record $14.8 billion last year, with Germany's Arrow 3 purchase the "
    "biggest single contract.",
    "The Boxer programme is €1.5 billion over budget, years after Germany ordered 123 vehicles from ARTEC.",
    pytest.param(
        "Australia test-fired a Tomahawk missile from HMAS Brisbane on Monday; the US had approved the sale "
        "of 200 of them for $1.3 billion.",
        marks=pytest.mark.xfail(strict=True, reason="a past approval after a semicolon: left"),
    ),
    "India successfully test-fired an Akash missile on Tuesday from a launcher supplied by Bharat "
    "Electronics under a ₹8,000 crore order.",
    "Five years on, Croatia's purchase of 12 Rafale jets from France for €999 million looks like a bargain.",
    "In hindsight, Switzerland's order of 36 F-35A jets from Lockheed Martin for CHF 6 billion was the "
    "easy part.",
    "BAE Systems reported a record order backlog of £74 billion, with the Hunter-class frigates ordered "
    "by Australia its largest programme.",
    "A senator asked whether Austal USA, which won a $1.1 billion Navy contract for Medium Landing Ships, "
    "had hired enough welders.",
    "A leaked audit says Bulgaria paid Lockheed Martin $1.3 billion for eight F-16 Block 70 jets without "
    "checking the price.",
    "A court in Madrid heard on Monday that Spain paid Airbus €2 billion for A400M aircraft that arrived "
    "late.",
    "Visitors to the show could climb into the K9 howitzer that Hanwha Aerospace sold to Egypt for $1.7 "
    "billion.",
    "Exports of French arms to India totalled €3 billion last year, mostly for Rafale jets Dassault "
    "Aviation delivered.",
    "In 2016 Qatar ordered 24 Rafale jets from Dassault Aviation. Years later, Qatar's pilots still train "
    "in France.",
    "Estonia bought its first K9 howitzers from Hanwha Aerospace secondhand. A decade later, the army "
    "wants a new gun.",
]
PROBES_36_DEALS = [
    "Canada signed a C$2.1 billion contract with Lockheed Martin on Monday for 16 more F-35 jets, funded "
    "from this year's defence budget.",
    "India signed a ₹5,000 crore contract with Bharat Electronics on Friday for Akash systems, to be paid "
    "out of the capital budget.",
    "Poland signed a $6 billion contract with Hyundai Rotem for 180 K2 tanks, to be financed from the "
    "Armed Forces Support Fund.",
    "Spain signed a €3 billion letter of offer and acceptance with the United States for 24 F-35B jets on "
    "Tuesday.",
    "Lawmakers asked why the process took so long, hours after the ministry signed a €200 million "
    "contract with Patria for 91 vehicles.",
    "Greece signed a €1 billion contract with Naval Group for a fourth FDI frigate on Monday, years later "
    "than planned.",
    "Three years later than planned, Norway signed a NOK 10 billion contract with Hanwha Aerospace for 54 "
    "K9 howitzers.",
    "Thales said on Thursday that the Netherlands had ordered 12 more GM200 radars for €200 million, "
    "lifting its order intake.",
    "Norway signed a NOK 4 billion contract with Kongsberg on Monday for NASAMS launchers. Two years "
    "later, the first of them will be in service.",
    "Denmark ordered 16 more F-35A fighters from Lockheed Martin on Tuesday for DKK 8 billion. A decade "
    "later, the jets are expected to replace the last F-16s.",
    "Romania signed a $7.2 billion letter of offer and acceptance with the United States for 32 F-35A "
    "jets on Tuesday.",
]


@pytest.mark.parametrize("text", PROBES_36_NEGATIVE)
def test_no_deal_from_budgets_overruns_tests_totals_or_a_story_over_years(
    refs: References, text: str
) -> None:
    assert deals(refs, text) == []


@pytest.mark.parametrize("text", PROBES_36_DEALS)
def test_a_deal_beside_its_funding_order_intake_or_delay_is_one_deal(refs: References, text: str) -> None:
    assert len(deals(refs, text)) == 1


def test_a_signed_letter_of_offer_over_a_decimal_amount_is_signed(refs: References) -> None:
    # deals-36 (written36): "$7.2 billion" held the full stop the signed-offer pattern stopped at
    (deal,) = deals(
        refs,
        "Romania's road with its second-hand F-16s has been bumpy. On Tuesday the defence ministry signed a $7.2 "
        "billion letter of offer and acceptance with the United States for 32 F-35A fighters.",
    )
    assert (deal["stage"], deal["buyer"], deal["quantity"]) == ("signed", "ROU", 32)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # deals-36: a purchase followed by "N years later," is the past of a story; one followed by what is
        # still to come, or dated against a plan, is news
        ("Hungary bought 44 Leopard 2A7 tanks from KNDS Deutschland for €1.5 billion. Four years later, half "
         "of them are in repair.", 0),
        ("Norway signed a NOK 4 billion contract with Kongsberg on Monday for NASAMS launchers. Two years later, "
         "the first of them will be in service.", 1),
        ("Three years later than planned, Norway signed a NOK 10 billion contract with Hanwha Aerospace for 54 "
         "K9 howitzers.", 1),
        # how the deal is paid for and what it does to the supplier's figures, trailing it
        ("Ukraine's defence ministry ordered six IRIS-T SLM systems from Diehl Defence for €540 million, to be "
         "paid from the state budget.", 1),
        ("Saab said the Swedish Defence Materiel Administration had ordered Carl-Gustaf rifles for SEK 1 "
         "billion, boosting its order intake.", 1),
        # an indirect question whose subject holds an apposition
        ("Polish MPs asked why the contract for 96 Apache helicopters, worth $10 billion, was signed without an "
         "offset.", 0),
    ],
)  # fmt: skip
def test_deals_36_mechanisms(refs: References, text: str, found: int) -> None:
    assert len(deals(refs, text)) == found
