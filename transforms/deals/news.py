"""News sentences with a deal verb that are not intentions, budget lines or yearly totals."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

import polars as pl

from transforms import screen
from transforms.deals.common import (
    ASIDE,
    DATELINE,
    ITEM_NOUNS,
    LEAD,
    MONTHS,
    NUM,
    PAID_ASIDE,
    TO_COUNTRY,
    US_STATES,
    Amount,
    Deal,
    DealReferences,
    Gated,
    Keyed,
    Mention,
    company_id,
    count_of,
    deal_value,
    folded,
    gated,
    lead_end,
    named_system,
    phrase_item,
    quantity_of_items,
    value_said_before,
    value_said_next,
    within,
    words_of,
)

# Literal keys of every deal verb (matched case-insensitively over the whole text column by polars): a
# sentence without one of them is never read by the news rules.
VERB_KEYS = (
    "award", "won ", "wins", "win ", "secured", "secures", "selected", "picked", "chose", "order", "placed",
    "purchas", "bought", "buys", "buy ", "procur", "contracted", "tapped", "booked", "received", "receives",
    "receiving", "gave ", "issued ", "handing", "handed", "hands ", "will supply", "to supply",
    "will deliver", "to deliver", "will provide", "to provide", "will build", "to build", "will produce",
    "to produce",
    "deliver", "delivery", "exercis", "took up", "taken up", "takes up", "taking up",
    "signed", "signs", "inked", "inks", "conclude", "sealed", "seals", "agreed ",
    "modif", "amended", "expanded", "the value of", "the ceiling of", "added ", "adds ", "approv", "cleared",
    "clears",
    "greenlit", "green-lit", "green light", "authoriz", "authoris", "request", "lands", "landed", "bags",
    "bagged", "clinch", "snag", "nabs", "nabbed",
)  # fmt: skip


def _verbs(words: str, pattern: str) -> Gated:
    """A stage's verbs: key words (space-separated, lower case), one of which must occur, and the pattern."""
    return gated(pattern, words)


# In order of precedence: a sentence that "received its first ... under the contract" is a delivery. The
# patterns are written for both regex engines (Python's ``re`` and polars' Rust regex: no look-around), so
# that polars classifies whole sentences at once and Python only the clauses of a sentence it splits.
QUANTITY_REACH = 160  # a count of the item bought is written within this many characters after the verb
RECEIVED_TAIL = r"([^.;]{0,60})"
RECEIVED_AFTER = r"(?i)\b(?:contracts?|orders?|deals?|awards?|approval|funding|requests?)\b"
STAGE_VERBS: tuple[tuple[str, Gated], ...] = (
    (
        "delivered",
        _verbs(
            "delivery delivered delivers handed hands",
            r"\b(?:took|takes|take|taking|has\s+taken|have\s+taken)\s+delivery\b|\bhand(?:ed|s)\s+over\b|"
            r"\bdeliver(?:ed|s)\s+(?:the\s+|its\s+|their\s+)?(?:first|last|final|initial|second|third|\w+th|"
            r"more|additional|another|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|\w+teen|twenty|"
            r"thirty|forty|fifty|its|their|[a-z]+\s+\w+\s+to)\b|"
            # deals-17: a named unit and its place in the order ("delivered Mahendragiri, the fourth of the
            # seven Project 17A stealth frigates, to the Indian Navy")
            r"\bdeliver(?:ed|s)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2},\s+(?:the|its|their)\s+"
            r"(?:first|second|third|last|final|\w+th)\b",
        ),
    ),
    (  # a delivery unless a contract word follows within 60 characters ("received a contract" is not)
        "received",
        _verbs(
            "received receives receiving",
            r"\b(?:received|receives|receiving)\s+(?:its\s+|the\s+|their\s+)?(?:first|last|final|initial|\w+th|"
            # deals-11: "received the second of three BrahMos ... batteries"
            r"second|third|"
            r"more|additional|another|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|\w+teen|"
            r"twenty|thirty|forty|fifty)\b" + RECEIVED_TAIL,
        ),
    ),
    (
        "option",
        _verbs(
            "exercise exercised exercises exercising took taken takes taking",
            # deals-10: an amount before "option" ("exercised a $198 million option")
            r"\b(?:exercis\w*|(?:took|taken|takes|taking)\s+up)\s+(?:[\w$€£¥₩₹.,-]+\s+){0,4}?options?\b|"
            # deals-23: the passive with its agent ("An option for 16 more Piranha V ..., worth DKK 850
            # million, has been taken up by Denmark's Ministry of Defence ...")
            r"\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:exercised|taken\s+up)\s+by\b",
        ),
    ),
    (  # deals-17: an amendment signed to a contract changes it ("has signed an amendment to its 2025 contract
        # with ARTEC ..., adding 25 vehicles for €380m"), before a signing
        "modification",
        _verbs(
            "amendment amendments addendum",
            # deals-19: also "signed an amendment with the Brazilian Air Force to its 2014 Gripen contract"
            r"\b(?:signed|signs|inked|concluded)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:amendment|addendum)\s+"
            r"(?:with\s+[^,;.]{1,60}?\s+)?(?:to|of)\b",
        ),
    ),
    (
        "signed",
        _verbs(
            "signed signs inked inks concluded concludes sealed seals agreed",
            r"\b(?:signed|inked|inks|concluded|concludes|sealed|seals)\b|\bsigns\s+(?:[^o\s]|o[^f\s])|"
            # deals-10: a deal agreed ("has agreed a DKK 3.1 billion deal with Terma")
            r"\bagreed\s+(?:an?|the|its|their)\s+(?:[\w$€£¥₩₹.,-]+\s+){0,4}?(?:deal|contract|agreement)s?\b",
        ),
    ),
    (
        "modification",
        _verbs(
            "modification modified amended expanded value ceiling added adds",
            # deals-22: also the ceiling ("has raised the ceiling of its production contract with Lockheed
            # Martin")
            r"\b(?:(?:raised|raises|increased|increases)\s+the\s+(?:value|ceiling)\s+of|"
            # deals-7: money added to a contract ("added $1.1 billion to Raytheon's contract for ...")
            r"(?:added|adds)\s+[^;]{0,40}?\bto\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,5}?"
            r"(?:contract|order|agreement)|"
            r"contract\s+modification|modification\s+(?:to|of|contract)|(?:modified|amended|expanded)\s+"
            r"(?:an?\s+|the\s+|its\s+)?(?:existing\s+)?(?:\w+\s+)?(?:contract|order|agreement)|"
            # deals-31: a company's contract, by its possessive ("modified Lockheed Martin's contract")
            r"(?:modified|amended|expanded)\s+(?:\S+\s+)?\S+['’]s\s+(?:contract|order|agreement))\b",
        ),
    ),
    (
        "approved",
        _verbs(
            "approved approves cleared clears greenlit green authorized authorised",
            r"\b(?:approved|approves|cleared|clears|green-?lit|authori[sz]ed)\b[^.;]{0,80}?\b(?:sales?|FMS|exports?)\b|"
            r"\b(?:approved|approves|cleared|clears)\s+(?:\w+\s+){1,4}to\s+(?:buy|purchase|acquire)\b",
        ),
    ),
    (
        "requested",
        _verbs(
            "requested request",
            r"\b(?:requested\s+to\s+(?:buy|purchase|procure)|letters?\s+of\s+request|"
            r"requested\s+(?:the\s+)?(?:possible\s+)?(?:purchase|sale)|"
            r"request\s+to\s+(?:buy|purchase|procure|acquire)|request\s+for\s+(?:the\s+)?(?:purchase|sale))\b",
        ),
    ),
    (
        "awarded",
        _verbs(
            "awarded awards award won wins win secured secures selected picked chose chosen ordered orders "
            "order placed purchased purchases bought buys buy procured procures contracted tapped booked "
            "received receives gave issued handing handed hands supply deliver provide build produce "
            "lands landed bags bagged clinches clinched snags snagged nabs nabbed",
            # no word boundary after the alternatives that end in a space or a digit: a verb found by
            # polars is ranked on its own text, where nothing follows it
            r"\b(?:(?:awarded|awards|award|won|wins|win|secured|secures|selected|picked|chose|chosen|"
            r"ordered|orders|order\s+for|placed\s+(?:an?\s+)?(?:[\w$€£¥₩.,()]+\s+){0,4}(?:orders?|call-offs?)|purchased|purchases|"
            r"bought|buys|buy|procured|procures|contracted|tapped|booked|"
            r"(?:will|to)\s+(?:supply|deliver|provide|build|produce))\b|received\s+an?\s|receives\s+an?\s|"
            r"(?:gave|issued)\s+(?:[A-Z][\w&.-]*\s+){1,4}an?\s|hand(?:ing|ed|s)\s+(?:[A-Z][\w&.-]*\s+){1,4}[\d$€£¥₩]|"
            # headline verbs: "lands $3.5B Air Force deal", "bagged a Rs 62,700 crore order"
            r"(?:lands|landed|bags|bagged|clinch(?:es|ed)|snag(?:s|ged)|nab(?:s|bed))\s+(?:an?\s+|the\s+)?"
            r"(?:[\w$€£¥₩.,-]+\s+){0,5}?(?:contracts?|deals?|orders?|awards?)\b)",
        ),
    ),
)

US_BUYER = re.compile(
    r"\b(?:the\s+)?(?:U\.S\.\s+|US\s+)?(?:Army|Navy|Air\s+Force|Marine\s+Corps|Space\s+Force|Pentagon|"
    r"Defense\s+Department|Department\s+of\s+Defense|Missile\s+Defense\s+Agency)\b"
)


# the contract a delivery falls under, before its amount: "under the $6.5 billion contract", "completing an
# order worth about €5.4 billion", "part of a $2 billion deal"
UNDER = re.compile(
    # deals-13: also "in" ("received the first three of 12 FA-50 ... ordered from KAI in a 36 billion peso
    # deal")
    r"(?i)\b(?:under|in|completing|completes|fulfilling|(?:as\s+)?part\s+of)\s+(?:the|a|an|its|their|this)"
    r"(?:\s+[\w-]+)?\s*$|\b(?:contract|order|deal|agreement|purchase)\s+(?:for\s+[\w\s-]{1,30}?\s+)?"
    # deals-11: the order's item between ("completing an order for 14 jets worth $1.6 billion")
    r"(?:worth|valued\s+at|of)\s+"
    r"(?:about|around|roughly|some|nearly|approximately|more\s+than|over|up\s+to)?\s*$"
)
# the item said again without its name ("870 of the missiles", "two more of the transport aircraft"): the
# weapon system named in an earlier sentence of the text
SAID_AGAIN = re.compile(rf"(?i)^(?:of\s+)?the\s+(?:[\w-]+\s+){{0,2}}?{ITEM_NOUNS}$")
THE_BEFORE = re.compile(r"(?i)\bthe\s+$")  # right before an item phrase: the item may be said again
# the supplier said again as "the company" ("The company also said it had received an order ...")
COMPANY_AGAIN = re.compile(
    r"\b[Tt]he\s+(?:company|group|firm|manufacturer|planemaker|shipbuilder|shipyard|contractor)\b"
)

DEAL_NOUN = re.compile(
    r"(?i)\b(?:contracts?|orders?|deals?|agreements?|sales?|purchases?|acquisitions?|buy)\b"
)


NOT_A_DEAL = Gated(
    re.compile(
        r"(?i)\b(?:(?:will|shall)\s+(?:also\s+|soon\s+|now\s+)?(?:buy|purchase|acquire|order|procure|award|"
        # deals-6: more future actions ("will award Indra a €500 million contract ...")
        r"sign|place|conclude|select|choose|pick)|plans?\s+to|planning\s+to|planned|considering|considers|consider|could|would|might|"
        r"may\s+(?:buy|order|purchase|sign)|intends?\s+to|seeks?\s+to|seeking|wants?\s+to|hopes?\s+to|"
        r"expected\s+to\s+(?:sign|order|buy|award|purchase)|in\s+talks|talks\s+(?:on|over|with|for)|"
        r"negotiat\w+|proposed|budget|appropriat\w+|spending\s+bill|if\s+approved|cancel\w*|protest\w*|"
        r"withdr[ae]w\w*|scrapp\w*|rejected|revenue|earnings|quarter|forecast|market\s+(?:for|worth)|"
        r"overrun|cost\s+growth|test[- ](?:fired|launch\w*|firing)|launched|discuss\w*|"
        r"weigh(?:s|ing)?|mull\w*|eye(?:s|ing)|explor(?:e|es|ing)|backlog|order\s+intake|book-to-bill|"
        r"(?:close\s+to|nearing|near)\s+(?:an?\s+|the\s+)?(?:[\w$€£¥₩.,-]+\s+){0,4}?(?:deal|agreement|contract)|"
        r"yet\s+to\s+(?:be\s+)?sign\w*|no\s+(?:contract|deal|agreement)\s+(?:has|had|was)|"
        # deals-23: contracts named as ones the text spoke of before ("the first of those contracts, for 180
        # K2 tanks, was worth $3.37 billion")
        r"(?:those|these)\s+(?:contracts|orders|deals|agreements|purchases)\b|"
        # deals-22: an agreement that only lets someone buy ("a framework agreement that allows either
        # country's procurement agency to buy equipment on the other's behalf")
        r"allows?\s+(?:[A-Za-z'’-]+\s+){0,4}?to\s+(?:buy|order|purchase|procure|acquire)\b|"
        r"(?:has|have|had|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?signed|"
        # deals-6: what is only rumoured ("Rumours that Egypt had quietly bought ...", "is rumoured to")
        r"rumou?r(?:s|ed)?|speculat\w+|unconfirmed|reportedly|allegedly|purportedly|"
        r"(?:is|are|was|were)\s+(?:reported|said|believed|thought|understood)\s+to\s+(?:have|be)|"
        # deals-6: what is being prepared ("are preparing a letter of request")
        r"prepar(?:ing|es)\s+(?:to|an?|the|its|their)|"
        # deals-6: a memorandum of understanding or a letter of intent is an intention, even when signed
        # deals-21: any memorandum ("signed the first memorandum of the Al Yamamah arrangement")
        r"memorand(?:um|a)\b|MoUs?|letters?\s+of\s+intent|LoIs?|"
        # deals-7: an agreement between companies to work together buys nothing
        # deals-16: a joint venture formed or agreed, not one named as a party ("with Leonardo Rheinmetall
        # Military Vehicles, the Italian joint venture, for 21 Lynx")
        r"(?:form|forms|formed|forming|set\s+up|sets\s+up|setting\s+up|establish\w*|creat\w+|launch\w*|"
        r"signed|signs|sign|agreed|agree|agrees|announced|announces)\s+(?:(?:a|an|the|their|its)\s+)?"
        r"(?:[\w-]+\s+){0,3}joint[\s-]+ventures?|joint[\s-]+venture\s+(?:agreement|deal|company|firm)|"
        r"teaming\s+agreements?|(?:industrial\s+)?(?:partnership|co-?operation)\s+"
        r"agreements?|"
        # deals-14: nor does one between governments on cooperation "under which orders ... may follow"
        r"agreements?\s+on\s+(?:[\w-]+\s+){0,4}?co-?operation|may\s+follow|"
        # deals-10: a deal still to be done ("A contract ... is to be signed with KNDS France"), a ruling
        # about a contract ("A court ... ruled ... that the Dutch state had acted lawfully when it awarded")
        r"(?:is|are|was|were)\s+to\s+be\s+(?:signed|awarded|placed|ordered|concluded|inked|sealed|finali[sz]ed|"
        r"bought|purchased|delivered)|ruled\s+(?:[\w-]+\s+){0,3}?that|"
        # deals-11: a running total of deliveries ("has handed over more than 90 KC-46As so far")
        r"(?:handed\s+over|delivered)\s+(?:more\s+than|over|nearly|almost)\s+\d[\d,]*|"
        # deals-16: a fronted negation ("Not a single export contract ... has been signed"); a verb in another
        # sense: ordered someone to do something, received bids or offers, awarded a medal or an order of
        # merit, bought shares
        r"not\s+(?:a\s+single|one)|"
        r"ordered\s+(?:[A-Z][\w.&'’-]*\s+){1,4}to\s+[a-z]+|"
        r"received\s+(?:\w+\s+){0,2}(?:bids|offers|proposals|tenders|applications|submissions|responses)|"
        r"received\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}letters?\s+of\s+offer|"
        r"awarded\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:medals?|prizes?|Order\s+of|Cross|honou?rs?|decorations?)|"
        r"(?:bought|buys|buy|purchased|acquired)\s+(?:[\w.,]+\s+){0,4}shares|"
        # deals-20: an anniversary ("marked 25 years since it ordered the Mirage 2000-5"); a donation from
        # stocks ("delivered six PzH 2000 ... from its army's own stocks to Ukraine"); a company bought
        # ("signed an agreement to buy the Danish counter-drone company MyDefence")
        # (ASCII letters, not \w: a bounded run of Unicode word classes made the polars pass several times
        # slower)
        r"(?:years|decades)\s+since|from\s+(?:its\s+|their\s+)?(?:[a-z'’-]+\s+)?own\s+stocks?|"
        r"(?:buy|acquire|purchase|take\s+over)\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,3}(?:company|firm|start-?up))\b"
    ),
    frozenset(
        [
            "since",
            "stocks",
            "stock",
            "company",
            "firm",
            "startup",
            "start-up",
            "will",
            "shall",
            "plans",
            "plan",
            "planning",
            "planned",
            "considering",
            "considers",
            "consider",
            "could",
            "would",
            "might",
            "may",
            "intends",
            "intend",
            "seeks",
            "seek",
            "seeking",
            "wants",
            "want",
            "hopes",
            "hope",
            "single",
            "ordered",
            "bids",
            "offers",
            "proposals",
            "tenders",
            "applications",
            "submissions",
            "responses",
            "medal",
            "medals",
            "prize",
            "prizes",
            "merit",
            "cross",
            "honour",
            "honours",
            "honor",
            "honors",
            "decoration",
            "decorations",
            "shares",
            "one",
            "cooperation",
            "operation",
            "follow",
            "expected",
            "talks",
            "negotiate",
            "negotiated",
            "negotiating",
            "negotiation",
            "negotiations",
            "negotiates",
            "proposed",
            "budget",
            "budgets",
            "appropriation",
            "appropriations",
            "appropriated",
            "spending",
            "if",
            "cancel",
            "cancels",
            "cancelled",
            "canceled",
            "cancellation",
            "cancelling",
            "canceling",
            "protest",
            "protests",
            "protested",
            "withdrew",
            "withdraw",
            "withdrawn",
            "withdrawal",
            "withdraws",
            "scrapped",
            "scrapping",
            "scrap",
            "rejected",
            "revenue",
            "revenues",
            "earnings",
            "quarter",
            "forecast",
            "forecasts",
            "market",
            "overrun",
            "overruns",
            "growth",
            "test",
            "launched",
            "weigh",
            "weighs",
            "weighing",
            "mull",
            "mulls",
            "mulled",
            "mulling",
            "eyes",
            "eyeing",
            "explore",
            "explores",
            "exploring",
            "backlog",
            "intake",
            "book",
            "discuss",
            "discussed",
            "discusses",
            "discussing",
            "discussion",
            "discussions",
            "close",
            "near",
            "nearing",
            "yet",
            "no",
            "not",
            "rumour",
            "rumours",
            "rumoured",
            "rumor",
            "rumors",
            "rumored",
            "speculation",
            "speculated",
            "speculates",
            "speculating",
            "speculative",
            "unconfirmed",
            "reportedly",
            "allegedly",
            "purportedly",
            "preparing",
            "prepares",
            "reported",
            "said",
            "believed",
            "thought",
            "understood",
            "memorandum",
            "allow",
            "allows",
            "those",
            "these",
            "memoranda",
            "mou",
            "mous",
            "intent",
            "loi",
            "lois",
            "joint",
            "teaming",
            "partnership",
            "cooperation",
            "operation",
            "be",
            "ruled",
            "handed",
            "delivered",
        ]
    ),
)


AGGREGATE = Gated(
    re.compile(
        r"(?i)\b(?:in|of)\s+(?:new\s+)?contracts\b|\b\d+\s+contracts\b|\bcontracts\s+(?:worth|totaling|valued)\b|"
        r"\b(?:requests|sales|deals)\s+valued\b|\btotal(?:ed|ing)?\s+(?:of\s+)?\$|"
        # agreements with several buyers at once ("framework agreements with the Bundeswehr and several NATO
        # partners worth more than €8bn"): what they add up to, not one deal
        r"\b(?:agreements|contracts|deals)\s+with\s+[^.;]{0,80}?\b(?:several|various|multiple|other)\s+"
        r"(?:[\w-]+\s+){0,2}(?:partners|customers|countries|nations|buyers|allies|governments)\b|"
        # deals-17: deliveries counted up ("have taken delivery of more than 1,000 of the vehicles");
        # deals-18: purchases so far ("through which Finland has ordered about 200 vehicles so far"),
        # deliveries to many buyers ("delivered 24 M-346s to various customers last year")
        r"\bha(?:ve|s)\s+(?:now\s+)?taken\s+delivery\s+of\s+(?:more\s+than|over|nearly|almost|about|some)\b|"
        r"\bha(?:ve|s)\s+(?:now\s+)?(?:ordered|bought|purchased|received|delivered|acquired)\b[^.;]{0,80}\bso\s+far\b|"
        r"\bto\s+(?:various|several|multiple|different|other)\s+(?:customers|buyers|operators|countries)\b|"
        # deals-33 (written33): deals in the plural with one amount ("had concluded deals worth AED 23.3
        # billion during the five-day show"), like "contracts worth"; one supplier for one item: ONE_SUPPLIER
        r"\b(?:deals|agreements)\s+(?:worth|valued\s+at)\b"
    ),
    frozenset(
        [
            "contracts",
            "valued",
            "total",
            "totaled",
            "totaling",
            "totalled",
            "totalling",
            "several",
            "various",
            "multiple",
            "other",
            "taken",
            "far",
            "different",
            "deals",
            "agreements",
        ]
    ),
)


# deals-4 (written5). Said of no deal, or of one not (or no longer) being done: a law signed ("signed the
# spending package into law"), a first flight, bids and offers submitted, an order frozen, suspended or
# terminated, a delivery that slipped or that the buyer "will not see" before a date, funding secured,
# shares bought back. Tried with NOT_A_DEAL; the vectorized pass tries it only on the sentences that hold
# one of UNDONE_KEYS.
UNDONE = Gated(
    re.compile(
        r"(?i)\b(?:into\s+law|spending\s+(?:package|measure|plan|review)|maiden\s+flight|first\s+flight|"
        r"(?:submitted|submits|submit|lodged|tabled)\s+(?:\w+\s+){0,3}?(?:bids?|offers?|proposals?|tenders?)|"
        r"bids?\s+to\s+(?:supply|build|provide|deliver)|froze|frozen|freez(?:es|ing)|suspend(?:s|ed|ing)?|"
        # deals-5: a denial ("denied reports that it had signed"), a selection that comes with no contract (a
        # shortlist, a preferred bidder, candidates)
        r"den(?:ied|ies|y|ying)|"
        r"preferred\s+(?:bidder|supplier|tenderer|partner|option)s?|short-?listed|shortlists?|shortlisting|"
        r"down-?select\w*|(?:selected|picked|chosen|chose|named)\s+(?:[\w-]+\s+){0,5}?as\s+(?:the\s+)?"
        r"(?:\w+\s+)?(?:candidates|finalists|front-?runners?)|"
        r"terminat(?:es|ed|ing|ion)|put\s+(?:\w+\s+){0,4}?on\s+hold|slipped|slips|pushed\s+back|"
        r"(?:delayed|postponed)\s+(?:again\s+)?(?:by|until|to|into|for)|behind\s+schedule|"
        r"(?:will|would)\s+not\s+(?:see|receive|get|take)|won['’]t\s+(?:see|receive|get|take)|"
        r"(?:secured|secures|won|wins|received|receives|obtained|got|gets)\s+(?:[\w$€£¥₩.,-]+\s+){0,5}?"
        r"(?:funding|funds|financing)|bought\s+back|buy(?:s|ing)?\s+back|buy-?backs?|repurchas\w+|"
        # deals-6: an order cut short ("will cut its order for Hunter-class frigates from nine to six")
        r"(?:cut|cuts|cutting)\s+(?:\w+\s+){0,2}?(?:orders?|purchases?|buys?)\b)\b"
    ),
    frozenset(
        [
            "law",
            "spending",
            "maiden",
            "flight",
            "submitted",
            "submits",
            "submit",
            "lodged",
            "tabled",
            "bid",
            "bids",
            "froze",
            "frozen",
            "freezes",
            "freezing",
            "suspend",
            "suspends",
            "suspended",
            "suspending",
            "terminates",
            "terminated",
            "terminating",
            "termination",
            "hold",
            "slipped",
            "slips",
            "pushed",
            "delayed",
            "postponed",
            "schedule",
            "not",
            "t",
            "funding",
            "funds",
            "financing",
            "back",
            "buyback",
            "buybacks",
            "repurchase",
            "repurchased",
            "repurchases",
            "repurchasing",
            "denied",
            "denies",
            "deny",
            "denying",
            "preferred",
            "shortlisted",
            "short",
            "shortlist",
            "shortlists",
            "shortlisting",
            "down",
            "downselect",
            "downselected",
            "downselects",
            "candidates",
            "finalists",
            "front",
            "frontrunner",
            "frontrunners",
            "cut",
            "cuts",
            "cutting",
        ]
    ),
)
UNDONE_KEYS = (
    "into law", "spending ", "flight", "submit", "lodged", "tabled", "bid", "froze", "freez", "suspend",
    "terminat", "on hold", "slip", " back", "delay", "postponed", "behind sch", "not ", "n't", "n’t", "fund",
    "financ", "repurchas", "deni", "deny", "preferred", "short", "select", "candidates", "finalists",
    "runner", " cut",
)  # fmt: skip
# deals-5 (written6). No completed deal action in the main clause: a negated one ("did not sign", "no
# contract was awarded", "failed to sign"), one that should, is expected to or may yet happen ("should buy",
# "is expected to receive", "may receive"), a condition at the start ("If Congress approves the sale, ..."),
# a tender or request for proposals, a loan or grant, a lawsuit, pay, sanctions and export bans, cost
# estimates and audits, forecasts and analysts' estimates, profits and order books, an opinion piece. Tried
# with NOT_A_DEAL and UNDONE; the vectorized pass tries it only on the sentences that hold one of MORE_KEYS.
ACTION = (
    r"(?:sign|award|order|buy|bought|purchas|plac|conclud|approv|select|receiv|ink|agree|finali[sz]|procur|"
    r"acquir|cho(?:s|os)|pick|"
    # deals-29: a delivery or handover that has not happened ("have not been handed over")
    r"deliver|hand)\w*"  # deals-10: "had not been chosen"
)
NO_ACTION = gated(
    rf"(?i)\b(?:(?:did|does|do|has|have|had|was|were|is|are)\s+not\s+(?:yet\s+|formally\s+)?(?:been\s+)?{ACTION}|"
    rf"(?:didn|hasn|haven|hadn|wasn|weren|isn|aren|doesn)['’]t\s+(?:yet\s+)?(?:been\s+)?{ACTION}|"
    rf"never\s+(?:been\s+)?{ACTION}|failed\s+to\s+(?:sign|win|secure|agree|reach|conclude|finali[sz]e)|"
    r"no\s+(?:\w+\s+)?(?:contracts?|deals?|orders?|agreements?|awards?|decisions?)\s+(?:has|have|had|was|"
    r"were|is)\s+(?:yet\s+)?(?:been\s+)?(?:signed|awarded|placed|concluded|made|reached|taken|finali[sz]ed)|"
    r"(?:should|must|needs?\s+to)\s+(?:also\s+|now\s+|not\s+|still\s+)?(?:buy|order|purchase|"
    r"sign|award|acquire|procure|select|choose|pick|place)|(?:expected|set|due|poised|likely|"
    r"scheduled)\s+to\s+(?:\w+\s+)?(?:sign|order|buy|award|purchase|receive|win|secure|conclude|select|place|"
    r"approve|finali[sz]e|ink|seal|take\s+delivery)|"
    # deals-6: the passive of the same ("is due to be signed on Friday")
    r"(?:expected|set|due|poised|likely|scheduled)\s+to\s+be\s+(?:signed|awarded|placed|concluded|ordered|"
    r"finali[sz]ed|inked|sealed|approved|delivered|handed)|"
    r"may\s+(?:\w+\s+)?(?:receive|award|select|place|win|"
    r"acquire|procure|conclude)|"
    r"(?:launched|launches|opened|opens|issued|issues|announced|published|floated|released|releases)\s+"
    r"(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]+\s+){0,5}?(?:tenders?|rf[pi]s?|requests?\s+for\s+"
    r"(?:proposals?|information|quotations?|bids?))|requests?\s+for\s+(?:proposals?|information|quotations?)|"
    r"invitations?\s+to\s+tender|bids\s+(?:are|were)\s+due|"
    r"(?:approved|approves|awarded|awards|granted|grants|gave|gives|extended|extends|provided|provides|"
    # deals-20: six words before it ("approved a $2 billion Foreign Military Financing direct loan", "awarded
    # Nammo a NOK 1.2 billion grant")
    r"received|receives|won|wins|secured|secures)\s+(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]+\s+){0,6}?"
    r"(?:loans?|grants?|credit\s+lines?|lines?\s+of\s+credit|"
    # deals-8: a tranche of funding received is money given, like a grant ("fund" is a MORE_KEYS key)
    r"tranches?\s+of\s+(?:[\w-]+\s+){0,2}?funding)|"
    # deals-21: a loan signed in the first clause, an amount and one word at most before it ("On the same
    # day the finance ministry signed an €80 million loan with a group of French banks"; not "signed a
    # contract backed by a loan", nor a loan in a second clause beside the deal: ", and ... signed a $400
    # million loan")
    r"^[^,;]{0,80}?\b(?:signed|signs|concluded|concludes|took\s+out|takes\s+out|obtained|obtains|arranged|arranges)\s+"
    r"(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]*\d[\w.,-]*\s+(?:(?:million|billion|bn|mn)\s+)?)?"
    r"(?:[A-Za-z-]+\s+)?(?:loans?|credit\s+lines?)|"
    r"su(?:ed|es)|lawsuits?|court\s+of\s+(?:federal\s+)?claims|"
    r"pay\s+(?:rise|raise|increase)s?|salar(?:y|ies)|"
    r"sanction(?:ed|s|ing)?|embargo\w*|export\s+(?:bans?|controls?)|(?:refused|blocked|blocking|halted|"
    r"halting)\s+(?:[\w-]+\s+){0,3}?(?:licen[cs]es?|exports?|sales?|transfers?|deliver\w*|orders?)|"
    r"estimates?\s+that|(?:will|would)\s+cost|cost\s+estimates?|life-?cycle\s+costs?|"
    r"blow(?:n|s)?\s+out|costs?\s+(?:has|have|had)\s+(?:risen|grown|climbed|jumped|increased)|"
    r"auditors?|audit\s+(?:found|report|office)|"
    r"analysts?\s+(?:at\s+[\w&.-]+(?:\s+[A-Z][\w&.-]*)*\s+)?(?:estimate|expect|predict|forecast|project|"
    r"believe)|(?:will|would)\s+(?:reach|climb|grow|rise|hit)|"
    r"(?:operating\s+)?profits?|order\s+book|opinion\s*:|"
    # deals-24: money raised that is "enough to buy" something; a deal the story looks back on ("was signed
    # for about CHF 6 billion; its cost has since come under review"); cargo carried ("delivered 16 tonnes of
    # food"); a total a modification brings the contract to; what a buyer has ordered since a year; another
    # deal this one is "separate from". (In NOT_A_DEAL, which every sentence goes through, they made the
    # vectorized pass's automaton too large: the farm's deals took three times as long.)
    r"enough\s+(?:money\s+)?to\s+(?:buy|purchase|pay\s+for|fund|order)|(?:has|have|had)\s+since|"
    r"deliver(?:ed|s|ing)?\s+(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?\d[\d,.]*\s+"
    r"(?:metric\s+)?(?:tonnes|tons|kilograms|kg|pallets|litres|liters|gallons)\s+of|"
    r"(?:raises?|raised|brings?|brought|increases?|increased|lifts?|lifted|takes|took)\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:contract'?s?\s+|order'?s?\s+|deal'?s?\s+)?"
    r"(?:total|overall|cumulative|combined)\s+(?:value\s+|worth\s+|cost\s+)?to|"
    r"(?:has|have)\s+(?:[a-z]+\s+)?(?:ordered|bought|purchased|acquired|received)\s+[^.;]*?\bsince\s+"
    r"(?:19|20)\d\d|separate\s+from\s+(?:the|a|an|its|their)|"
    # deals-25: host-nation support paid for another country's troops; equipment given ("delivered two
    # Bayraktar TB2 drones ... as a gift", "free of charge"); an offer or an unsolicited proposal to supply; a
    # licence or royalty fee; a private security company buying; a purchase recalled as once the largest
    # ("Poland bought 48 F-16C/D fighters ..., at the time the largest purchase in its history")
    r"host[\s-]+nation\s+support|as\s+(?:an?\s+)?(?:gifts?|present)|free\s+of\s+charge|at\s+no\s+(?:cost|charge)|"
    r"paid\s+nothing|unsolicited|(?:proposals?|offers?|offered|offering)\s+to\s+(?:supply|sell|build|deliver|"
    r"provide|produce)|licen[cs](?:e|ing)\s+fees?|royalt(?:y|ies)|private\s+(?:security|military)\s+"
    r"(?:company|companies|firms?|contractors?)|at\s+the\s+time\s+(?:the|its|their|a|an)\s+(?:[a-z-]+\s+)?"
    r"(?:largest|biggest|most))\b|"
    # deals-27 (written26): a wage agreement with a union; a company's shares bought or bought back; a credit
    # facility or syndicated loan signed with banks; money to fund a research or training centre; an airline
    # buying airliners (even a state-owned one); a purchase for the police (a civilian buyer, like w12's)
    r"\b(?:wage|pay)\s+(?:agreements?|deals?|settlements?)|\bcollective\s+(?:bargaining\s+|labou?r\s+)?"
    r"agreements?|\b(?:bought|buys|buy|buying|purchased|purchases|sold|sells|selling)\s+(?:back\s+)?"
    r"(?:[\w$€£¥₹.,'’-]+\s+){0,5}?shares\b|\bshare\s+(?:buy-?backs?|purchases?)\b|"
    r"^[^,;]{0,80}?\b(?:signed|signs|concluded|concludes|arranged|arranges|obtained|obtains|agreed)\s+"
    r"(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]+\s+){0,5}?(?:(?:credit|loan|financing|revolving|bridge)\s+"
    r"facilit(?:y|ies)|syndicated\s+(?:loans?|credit))|"
    r"\bto\s+fund\s+(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]+\s+){0,4}?(?:research|training|innovation|"
    r"technology|test)\s+(?:centres?|centers?|facilit(?:y|ies)|chairs?|institutes?|labs?|laborator(?:y|ies))\b|"
    r"^[^;]{0,80}?\b(?:Airlines|Airways|Air\s+Lines)\b[^;]{0,120}?\b(?:ordered|orders|bought|buys|signed|"
    r"placed|purchased|agreed)\b|"
    r"\bfor\s+(?:the\s+|its\s+)?(?:[A-Za-z-]+\s+){0,3}?police\b|"
    # deals-28 (written27): insurance bought; a donation; a private buyer ("from the private coach
    # operator", "a Dutch private collector"); damages a court awards; a charity's purchase; a lease of an
    # office building; a ministry renting out its roofs or runway, or being paid; a sponsorship
    r"\binsurance\b|\binsurers?\b|\bdonat(?:e|ed|es|ing|ions?)\b|"
    r"\b(?:from|by)\s+(?:the\s+|a\s+|an\s+)?private\s+(?:[\w-]+\s+){0,3}?(?:operators?|compan(?:y|ies)|firms?|"
    r"collectors?|buyers?|investors?|individuals?|owners?)\b|\bprivate\s+collectors?\b|\bdamages\b|"
    # deals-35 (unit-test sentences): a private buyer as the subject, a trader or a person named by a common
    # noun ("A Dutch trader bought 14 jet engines worth €420,000 from China for Iran", "an arms dealer had
    # ordered")
    r"\b(?:a|an)\s+(?:[\w'’-]+\s+){0,2}?(?:traders?|dealers?|collectors?|smugglers?|businessm[ae]n|middlem[ae]n|"
    r"hobbyists?|enthusiasts?)\s+(?:had\s+|has\s+|have\s+)?(?:bought|buys|purchased|purchases|ordered|orders|"
    r"acquired|acquires)\b|"
    # deals-29: also "a lease ... for a hangar" ("signed a 10-year lease worth €25 million for a hangar")
    r"\bcharit(?:y|ies)\b|\blease\s+(?:[\w$€£¥₹.,-]+\s+){0,6}?(?:on|for|of)\s+(?:an?\s+|the\s+|its\s+)?"
    r"(?:[\w-]+\s+)?(?:office|building|premises|headquarters|land|site|warehouse|hangar|plot|campus)|\boffice\s+(?:building|space|block)s?\b|"
    r"\b(?:rent|rents|renting|lease|leases|leasing|let|lets|use)\s+(?:out\s+)?(?:the\s+)?(?:roofs?|land|buildings?|"
    r"runways?|hangars?)\b|\bpay\s+(?:the\s+)?(?:[\w-]+\s+)?(?:ministry|government|state|army|navy|armed\s+"
    r"forces)\b|\bsponsor(?:s|ed|ing|ships?)?\b|"
    # deals-29 (written28): land or buildings bought, leased or rented (an area measure, or a plot, site,
    # building or warehouse as what the verb takes: "signed a 20-year lease worth about £64 million for a
    # 30,000-square-metre warehouse", "has bought a 46-hectare plot next to its plant"); money paid straight
    # out of a fund ("awarded ... a combined €95 million from the European Defence Fund"), scholarships and
    # the like; an order from an airline or an aircraft lessor ("received an order from the U.S. regional
    # airline SkyWest")
    r"\b\d[\d,.]*[\s-]*(?:square[\s-]+(?:metres?|meters?|feet|foot|kilometres?|kilometers?)|hectares?|acres?)\b|"
    r"\b(?:bought|buys|buy|buying|purchased|purchases|acquired|acquires|leased|leases|leasing|rented|rents)\s+"
    r"(?:an?\s+|the\s+|its\s+)?(?:[\w$€£¥₹.,-]+\s+){0,4}?(?:plots?|premises|buildings?|warehouses?|"
    r"campus(?:es)?|office\s+(?:blocks?|complex(?:es)?)|real\s+estate)\b|"
    r"\b(?:awarded|awards|granted|grants|gave|gives|allocated|allocates)\s+[^.;]{0,60}?\d[\d.,]*\s*"
    r"(?:million|billion|bn|mn|m)?\s+(?:\w+\s+)?from\s+(?:the\s+|its\s+|an?\s+)?(?:[\w-]+\s+){0,4}?funds?\b|"
    r"\b(?:scholarships?|bursar(?:y|ies)|fellowships?|stipends?)\b|"
    r"\bfrom\s+(?:the\s+|an?\s+)?(?:[\w.-]+\s+){0,3}?(?:airlines?|(?:aircraft\s+)?lessors?|(?:charter|low-cost|"
    r"budget|regional|cargo|passenger|holiday)\s+carriers?)\b|"
    # deals-30 (written29): a deal with a sports club or team ("signed a three-year shirt deal with the city's
    # basketball club"); honours given to people ("awarded state decorations to 40 engineers of Mesko"); a
    # maker's production count ("Lockheed Martin delivered its 1,200th F-35"), not a buyer's delivery
    r"\b(?:football|soccer|basketball|hockey|rugby|volleyball|handball|baseball|cricket|sports?)\s+(?:clubs?|"
    r"teams?|leagues?|federations?)\b|\b(?:shirt|jersey)\s+(?:deals?|sponsor\w*|partnerships?)\b|"
    r"\b(?:decorations?|medals?|prizes?|trophy|trophies|knighthoods?)\b|"
    r"\b(?:(?:delivered|delivers)\s+(?:its|the)|(?:handed|hands)\s+over\s+its|(?:rolled|rolls)\s+out\s+its)\s+"
    r"(?:\d{1,3},)?\d{3,}(?:st|nd|rd|th)\b|"
    # deals-30, second step (sentences written for the unit tests): goods seized; a story told of how a deal
    # was won; awards given to people; money a university receives (a gift or grant by another name)
    r"\b(?:seized|seizes|seizure|confiscated|confiscates|impounded|impounds)\b|"
    r"\b(?:books?|films?|documentar(?:y|ies)|memoirs?|biograph(?:y|ies)|histor(?:y|ies)|podcasts?|exhibitions?)"
    r"\b[^.;]{0,80}?\b(?:tells?|told|recounts?|recounted|retraces?|retraced|describes?|described|explains?|"
    r"explained|shows?|showed)\s+how\b|"
    r"\b(?:gave|gives|presented|presents)\s+(?:[\w-]+\s+)?awards\s+to\b|"
    r"\b(?:universit(?:y|ies)|colleges?|polytechnics?)\b[^.;]{0,80}?\b(?:received|receives|gets|got)\b|"
    # deals-30, fourth step (sentences written for the unit tests): equipment handed over as aid; a peace
    # agreement; a fire brigade or ambulance service as the buyer (a civilian body, like the police)
    r"\bas\s+(?:[\w-]+\s+)?aid\b|\bpeace\s+(?:agreements?|accords?|deals?|treat(?:y|ies))\b|"
    r"\b(?:fire\s+(?:brigades?|services?|departments?)|ambulance\s+services?)\b|"
    # deals-31 (written30): a debt for earlier purchases rescheduled, restructured or written off ("signed an
    # agreement to reschedule about $280 million that Laos still owes for Yak-130 trainers ... delivered since
    # 2018"): a debt agreement, the purchases its background
    r"\b(?:debts?|owes|reschedul(?:e|ed|es|ing))\b|"
    r"^[\s\"“'‘]*(?:if|should\s+(?:the|it|they|this|that|[a-z]+['’]s))\b",
    "not t never failed no should must need needs expected set due poised likely scheduled may launched "
    "launches opened opens issued issues announced published floated released releases request requests "
    "invitation invitations bids approved approves awarded awards granted grants gave gives extended "
    "extends provided provides received receives won wins secured secures sued sues lawsuit lawsuits "
    "court pay salary salaries sanction sanctioned sanctions sanctioning embargo embargoed embargoes "
    "export refused blocked blocking halted halting estimate estimates will would cost costs blown blow "
    "blows audit auditor auditors analyst analysts profit profits operating order opinion if loan loans "
    "enough since tonnes tons kilograms kg pallets litres liters gallons total overall cumulative combined "
    "separate host gift gifts present free no nothing unsolicited proposal proposals offer offers offered "
    "offering licence license licensing royalty royalties private time wage pay collective shares share "
    "facility facilities syndicated fund airlines airways lines police insurance insurer insurers donate "
    "donated donates donating donation donations collector collectors damages charity charities lease "
    "office rent rents renting leases leasing roof roofs runway runways hangar hangars sponsor sponsors "
    "sponsored sponsoring sponsorship sponsorships square hectare hectares acre acres plot plots "
    "premises building buildings warehouse warehouses campus campuses office real funds fund scholarship "
    "scholarships bursary bursaries fellowship fellowships stipend stipends airline airlines lessor lessors "
    "carrier carriers football soccer basketball hockey rugby volleyball handball baseball cricket sport "
    "sports shirt jersey decoration decorations medal medals prize prizes trophy trophies knighthood "
    "knighthoods delivered delivers handed hands rolled rolls seized seizes seizure confiscated confiscates "
    "impounded impounds how awards university universities college colleges polytechnic polytechnics aid "
    "peace fire ambulance debt debts owes reschedule rescheduled reschedules rescheduling trader traders "
    "dealer dealers smuggler smugglers businessman businessmen middleman middlemen hobbyist hobbyists "
    "enthusiast enthusiasts",
)
NO_ACTION_KEYS = (
    "never", "failed to", "no ", "should", "must ", "need", "expected", "scheduled", "set to", "due to",
    "poised", "likely", "may ", "tender", "rfp", "rfi", "request", "loan", "grant", "credit", " sue",
    "lawsuit", "court", "pay ", "salar", "sanction", "embargo", "export ban", "export control", "refused",
    " block", "halt", "estimate", "cost", "blow", "grow", "audit", "analyst", "reach", "climb",
    "rise", " hit ", "profit", "order book", "opinion", "if ",
    # deals-24
    "enough", "since", "tonne", " tons", "kilogram", " kg", "pallet", "litre", "liter", "gallon", "total",
    "overall", "cumulative", "combined", "separate",
    # deals-25
    "host", "gift", "a present", "free of", "no cost", "no charge", "nothing", "unsolicited", "proposal",
    "offer", "licen", "royalt", "private", "at the time",
    # deals-27
    "wage", "pay ", "collective", "share", "facilit", "syndicated", "fund", "airline", "airways",
    "air lines", "police",
    # deals-28 ("private" is deals-25's)
    "insur", "donat", "damages", "charit", "lease", "office", "rent", "runway", "roof", "sponsor",
    # deals-29 ("airlines" becomes "airline"; "fund" and "lease" are deals-27's and deals-28's)
    "square", "hectare", "acre", "plot", "premises", "building", "warehouse", "campus",
    "real estate", "scholarship", "bursar", "fellowship", "stipend", "lessor", "carrier",
    # deals-30
    "football", "soccer", "basketball", "hockey", "rugby", "volleyball", "handball", "baseball", "cricket",
    "sport", "shirt", "jersey", "decoration", "medal", "prize", "troph", "knighthood", "delivered its",
    "delivers its", "over its", "out its", "delivered the", "delivers the", "seiz",
    "confiscat", "impound", " how", "awards to", "universit", "college", "polytechnic", " aid", "peace ",
    "fire brigade", "fire service", "fire department", "ambulance service",
    # deals-31
    "debt", " owes", "reschedul",
    # deals-35 ("collector" is deals-28's)
    "trader", "dealer", "smuggler", "businessm", "middlem", "hobbyist", "enthusiast",
)  # fmt: skip
# a question ("Will Switzerland order more F-35s?") states no deal
QUESTION_END = " \t\n\"”’'"
QUESTION = re.compile(r"\?[\s\"”’']*$")


# deals-6: contracts with one named supplier for one item ("signed contracts worth ₹62,700 crore with
# Hindustan Aeronautics Limited for 156 Prachand ...") are one purchase, not a total of several deals;
# deals-33: also deals and agreements
ONE_SUPPLIER = (
    r"\b(?:contracts|deals|agreements)\s+(?:worth|valued\s+at)\s+[^;]{0,40}?\s+with\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4}\s+"
    r"for\s+(?:the\s+)?(?:\d|[a-z]+\s)"
)
ONE_SUPPLIER_RE = re.compile(ONE_SUPPLIER)


# deals-4 (written5). A period's totals: "arms exports reached €21.6 billion last year", "sales rose 11% to
# £14.6bn", "received £15.2bn of orders", "won orders worth SEK 18 billion". Tried with AGGREGATE; the
# vectorized pass tries it only on the sentences that hold one of TOTAL_KEYS.
PERIOD_TOTAL = Gated(
    re.compile(
        r"(?i)\b(?:exports?|imports?|sales|revenues?|orders|turnover)\s+(?:\w+\s+){0,2}?(?:reached|hit|rose|"
        r"fell|climbed|grew|jumped|dropped|totall?ed|amounted)\b|(?:\d|\b)(?:bn|billion|million|mn|trillion|tn)"
        r"\s+(?:[a-z]+\s+)?(?:of|in)\s+(?:new\s+)?orders\b|\borders\s+(?:worth|totall?ing|valued)\b|"
        # deals-19: "contracts signed at the show so far totalled SR 26 billion"
        r"\b(?:contracts|deals|agreements)\s+(?:[\w-]+\s+){0,6}?totall?ed\b"
    ),
    frozenset(
        [
            "export",
            "exports",
            "import",
            "imports",
            "sales",
            "revenue",
            "revenues",
            "orders",
            "turnover",
            "contracts",
            "deals",
            "agreements",
        ]
    ),
)
TOTAL_KEYS = (
    "reach", " hit ", " rose", " fell", "climb", " grew", "jumped", "dropped", "total", "amounted",
    "of orders", "in orders", "new orders", "orders worth", "orders valued",
)  # fmt: skip


# deals-5 (written6). What a sentence gives as background, whose deal verbs are not its action: the contract
# something falls under, signed in a past year ("under a £1.25bn contract awarded in 2019", "under contracts
# signed in 2022"; not "under an A$7 billion contract signed in Geelong on Friday": that is the deal), a
# contract of a past year ("a contract signed with Hanwha in 2022"), a participle after a comma (", bought
# under a framework agreement", ", purchased for €2.7 billion in 2024,"), a cause ("because they bought them
# from Boeing"). A sentence whose deal verbs are all in such phrases states no deal; the stage is read outside
# them, and an amount inside them is not the deal's. The vectorized pass sends a sentence with one of
# BACKGROUND_KEYS where BACKGROUND matches to the Python rules, which blank these phrases out.
PAST = (
    r"(?:in\s+(?:(?:early|late|mid-?)\s*)?20\d\d|last\s+(?:year|decade)|(?:\w+\s+)?years?\s+ago|"
    r"back\s+in\s+\w+|previously|earlier)\b"
)
DONE_WORDS = "signed|awarded|placed|concluded|inked|agreed|struck"
DONE = f"(?:{DONE_WORDS})"
BACKGROUND = gated(
    r"(?i)\bunder\s+(?:an?\s+|the\s+|its\s+|their\s+|this\s+|that\s+)?[^,;]{0,80}?\b(?:contracts?|"
    rf"agreements?|deals?|orders?|frameworks?)\s+{DONE}\s+(?:[\w-]+\s+){{0,4}}?{PAST}[^,;]*|"
    rf"\b(?:contracts?|agreements?|deals?|orders?)\s+{DONE}\s+(?:[\w-]+\s+){{0,4}}?{PAST}[^,;]*|"
    # deals-23: with its subject between ("the €3 billion contract that Qatar signed with Leonardo seven years
    # ago")
    rf"\b(?:contracts?|agreements?|deals?|orders?)\s+(?:that|which)\s+(?:[A-Za-z-]+\s+){{0,3}}?{DONE}\s+"
    rf"(?:[A-Za-z-]+\s+){{0,4}}?{PAST}[^,;]*|"
    r",\s+(?:bought|purchased|ordered)\s+(?:under|for|from|through|with|last|earlier|"
    rf"back|years)\b[^,;]*|,\s+(?:bought|purchased|ordered|acquired|procured|{DONE_WORDS})\s+{PAST}[^,;]*|"
    # deals-17: how something named before was bought ("The aircraft, built by Bell Textron in Texas, were
    # bought through the US Foreign Military Sales programme in a package that Washington cleared in 2022")
    # deals-21: also in the present ("The vehicles themselves are bought under the ... programme")
    r"\b(?:was|were|is|are|had\s+been|have\s+been|has\s+been)\s+(?:bought|purchased)\s+(?:through|via|under|as\s+part\s+of)"
    r"\b[^,;]*|"
    r"\bbecause\s+[^,;]*|"
    # deals-30, second step: what something named had done before, in a relative clause ("from a subcontractor
    # that had won a $5 million order from Lockheed Martin", "drone parts that had been ordered by a Russian
    # firm")
    r"\b(?:that|which|who)\s+had\s+(?:already\s+|previously\s+)?(?:been\s+)?(?:won|signed|ordered|bought|"
    r"purchased|awarded|placed|received|secured|delivered|acquired)\b[^,;]*|"
    # deals-34 (sentences written for the unit tests): what reports or rumours said, when they are what
    # something happened after or on ("The minister resigned after reports that Croatia signed ...",
    # "Shares rose on rumours that Thailand had ordered ..."); "confirmed reports that" stays a deal
    r"\b(?:after|on|amid|following|over)\s+(?:[\w-]+\s+){0,2}?(?:reports?|rumou?rs?|speculation)\s+that\b[^,;]*|"
    # deals-34, second step: what has happened since a deal ("Hanwha's share price has doubled since Poland
    # signed ..."), and what a person did who is named for it ("The general who signed Peru's contract ...
    # died on Sunday"): a lower-case noun right before "who"
    r"\bsince\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s+(?:had\s+|has\s+|have\s+)?"
    rf"(?:{DONE_WORDS}|ordered|bought|purchased|acquired)\b[^,;]*|"
    rf"(?-i:\b[a-z]+)\s+who\s+(?:{DONE_WORDS}|ordered|bought|purchased)\b[^,;]*",
    "under contract contracts agreement agreements deal deals order orders bought purchased ordered because "
    "that which who reports report rumours rumors rumour rumor speculation since",
)
BACKGROUND_KEYS = (
    " under ", "because", " bought ", " purchased ", ", ordered", " in 20", " ago", "last ", " back",
    "previously", "earlier", "that had", "which had", "who had",
    # deals-33
    "back then", "those days",
    # deals-34
    "report that", "reports that", "rumours that", "rumors that", "rumour that", "rumor that",
    "speculation that",
    # deals-34, second step
    "since ", " who ",
    # deals-36
    "year later", "years later", "decade later", "decades later",
)  # fmt: skip
# deals-34 (sentences written for the unit tests): a deal named as the object of a preposition or a verb with
# who signed it right after the deal noun, no "that" needed ("critics of the deal Poland signed with Hanwha
# ...", "files on the €900 million contract Taiwan signed ...", "debated the contract Kyiv signed ...", "the
# contract the Navy awarded Babcock"): a reduced relative clause, background like deals-23's "the contract
# that Qatar signed ... seven years ago" whatever its date. The phrase runs from who signed to the next
# comma, " to " or " for " ("has amended the contract it signed with Leonardo in October to add four more
# AW149 ..." keeps its item). Case-sensitive but for the deal noun: a name, "the" and a name, or a pronoun,
# then a lower-case verb (a title-case headline's "Contract With Hanwha Signed" is no such clause), spaces
# only between them (not a headline glued to its first sentence: "... Stinger deal\nThe U.S. Army has
# awarded"). Its own pattern, tried on every sentence with a stage in both passes (no literal key: the
# signer is a name); SIGNED_BY_CUE is the part the vectorized pass looks for (polars has no look-ahead)
SIGNED_BY_CUE = (
    r"(?i:\b(?:contracts?|deals?|orders?|agreements?|million|billion) (?:that )?)"
    # deals-35: or "the" and a government body in lower case ("annulled the $400 million contract the ministry
    # awarded Elbit Systems for ...", "the deal the defence ministry signed")
    r"(?P<by>(?:the )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3}|it|they|we|"
    r"the (?:[a-z]+ )?(?:ministry|government|navy|army|air force|agency|department|military|country|state|"
    r"office|administration|service|buyer|customer|company|group|firm)) "
    r"(?:had |has |have )?(?:signed|awarded|placed|concluded|inked|agreed|struck)\b"
)
SIGNED_BY = re.compile(SIGNED_BY_CUE + r"[^,;]*?(?=\s+(?:to|for)\s|[,;]|$)")
SIGNED_BY_KEYED = Keyed(SIGNED_BY)


# deals-32 (written32): what a text says about itself or about anyone, stating no deal: a correction of what
# an earlier version of the article said ("An earlier version of this story said Norway had ordered six ...",
# "This article incorrectly stated that ..."), and a deal verb whose object is a generic "you" ("what a $1
# billion tank deal buys you", "what €2 billion gets you"). Tried like NO_ACTION, on the main clause.
UNSTATED = gated(
    r"\b(?:earlier|previous|prior|original)\s+version\s+of\s+(?:this|the)\s+(?:story|article|report|item|"
    r"piece|headline)\b|\b(?:incorrectly|wrongly|erroneously|mistakenly)\s+(?:said|stated|reported|gave|"
    r"described)\b|\bmis(?:stated|reported)\b|\b(?:buys?|bought|gets?|got|orders?)\s+you\b|"
    # deals-33 (written33): a deal played in a game ("In the think tank's wargame, ... Taiwan bought 400 more
    # Harpoon ... in the first turn", "Under the scenario, ..."); a list of what is still to come ("Five
    # procurement decisions to watch in 2027: ..."); a deal verb in an indirect question (", and whether Spain
    # orders a further batch of Eurofighters", "Asked whether Poland had ordered ..."): nothing bought
    r"\b(?:in|under|during)\s+(?:the|a|an|its|their|this|that)\s+(?:[\w'’-]+\s+){0,3}?(?:(?:war|video|board|"
    r"computer)[\s-]?games?|simulations?|scenarios?|tabletop\s+exercises?|novels?|films?|movies?|dramas?|"
    r"thrillers?|fiction)\b|\bto\s+watch\b|"
    # deals-34 (sentences written for the unit tests): also after "why" and "how" ("Lawmakers asked why the
    # ministry awarded ...", "Nobody has explained why Estonia bought ...", "looking into how Ukraine signed
    # ...")
    # deals-36 (written36): the subject may hold an apposition in commas and an amount with a decimal point
    # ("asked why the contract for 96 Apache helicopters, worth $10 billion, was signed without ...")
    r"\b(?:whether|why|how)\s+(?:or\s+not\s+)?(?:to\s+|[^;:]{0,72}?\s(?:will|would|could|can|should|might|may|had|has|"
    rf"have|did|does|do|is|are|was|were)\s+(?:not\s+)?(?:be\s+|been\s+)?|(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s+|"
    # deals-34: or "the" and one word ("asked why the ministry awarded ..."); deals-35: or a pronoun ("did not
    # say why it ordered ...")
    rf"the\s+[\w'’-]+\s+|(?:it|they|he|she|we)\s+){ACTION}|"
    # deals-35 (unit-test sentences): what was paid too much for ("Critics say Hungary overpaid when it
    # ordered ..."), a deal someone is reminded of or recalls (", the minister reminded parliament", "recalled
    # that ..."), and what unnamed insiders or sources say ("Insiders say Egypt placed ..."): no deal of the
    # text's own
    r"\bover(?:paid|pays|paying|spent|spends|priced)\b|\bpaid\s+too\s+much\b|"
    r"\b(?:reminded|reminds|reminding|recalled|recalls|recalling)\s+(?:[\w'’-]+\s+){0,3}?(?:that|how|of|on|in|at)\b|"
    r",\s+(?:[\w'’-]+\s+){1,4}?(?:reminded|recalled)\s+[\w'’-]+|"
    r"^[\s\"“'‘]*(?:[\w'’-]+\s+){0,2}?(?:insiders|sources)\s+(?:say|said|claim|believe|suggest)\b|"
    # a ranking of deals ("the 100 biggest contracts of the decade, led by the $30 billion Poland signed"),
    # a list of past purchases like w32's most expensive weapons
    r"\b(?:biggest|largest|most\s+expensive|costliest)\s+(?:[\w-]+\s+){0,3}?(?:contracts|deals|purchases|orders|"
    r"arms\s+sales|acquisitions)\b|"
    # and deals taken all together ("every contract Norway signed with Kongsberg since 2015")
    r"\bevery\s+(?:[\w-]+\s+){0,2}?(?:contract|deal|order|purchase)\b|"
    r"\ball\s+(?:of\s+)?the\s+(?:[\w-]+\s+){0,2}?(?:contracts|deals|orders|purchases)\b|"
    # deals-33, third step: a deal someone claims or alleges, or will not confirm ("Slides from the briefing
    # claim that ...", "Airbus won't confirm reports that Serbia signed ...")
    r"\b(?:claims|claimed|claiming|alleges?|alleged|alleging)\s+that\b|"
    # deals-34: also a claim with no "that" ("Slides shown at the conference claim Slovakia ordered ...")
    rf"\b(?:claims?|claimed|alleges?|alleged)\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s+"
    rf"(?:had\s+|has\s+|have\s+)?{ACTION}|\b(?:won['’]t|will\s+not|would\s+not|"
    r"wouldn['’]t|did\s+not|didn['’]t|does\s+not|doesn['’]t|declined\s+to|refused\s+to|could\s+not|couldn['’]t|"
    r"cannot|can['’]t|neither)\s+confirm\b|\bunconfirmed\b|"
    # deals-34, second step (sentences written for the unit tests): what something "suggests" was done
    # ("Leaked cables suggest Egypt signed ..."); a memoir or diary; the anniversary of a deal; what a buyer
    # paid or agreed, as a measure ("double what Denmark paid when it signed ..."); a timeline ("Timeline:
    # 2019, Poland signs ...")
    rf"\b(?:suggests?|suggested|suggesting)\s+(?:that\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s+"
    rf"(?:had\s+|has\s+|have\s+)?{ACTION}|\b(?:memoirs?|autobiograph(?:y|ies)|diar(?:y|ies))\b|"
    r"\banniversar(?:y|ies)\s+of\b|\bwhat\s+(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*|it|they|the\s+[\w-]+)\s+"
    r"(?:paid|spent|agreed|got)\b|\btimeline\b|"
    # deals-34, third step: a joke, satire or a hypothetical case ("The minister joked that Estonia had bought
    # ...", "Satire: Luxembourg orders ..."), what something "made it seem", and a quiz's question ("which
    # country ordered 180 K2 tanks ...")
    r"\b(?:jok(?:e|es|ed|ing)|quipped|satir(?:e|ical)|hypothetical(?:ly)?|made\s+it\s+(?:seem|look|appear))\b|"
    r"\bwhich\s+(?:country|countries|buyers?|nations?|governments?|army|navy|air\s+force|compan(?:y|ies)|"
    rf"firms?|suppliers?|bidders?)\s+(?:had\s+|has\s+|have\s+)?{ACTION}",
    "version incorrectly wrongly erroneously mistakenly misstated misreported you wargame wargames game "
    "games video board computer simulation simulations scenario scenarios tabletop watch whether biggest "
    "largest expensive costliest every all novel novels film films movie movies drama dramas thriller "
    "thrillers fiction claims claimed claiming allege alleges alleged alleging confirm unconfirmed why how "
    "claim suggest suggests suggested suggesting memoir memoirs autobiography autobiographies diary diaries "
    "anniversary anniversaries what timeline joke jokes joked joking quipped satire satirical hypothetical "
    "hypothetically made which overpaid overpays overpaying overspent overspends overpriced paid reminded "
    "reminds reminding recalled recalls recalling insiders sources",
)
UNSTATED_KEYS = (
    "version", "incorrectly", "wrongly", "erroneously", "mistakenly", "misstated", "misreported", "buys you",
    "buy you", "bought you", "gets you", "get you", "got you", "order you", "orders you",
    # deals-33
    "wargame", "war game", "war-game", "game", "simulation", "scenario", "tabletop", "to watch", "whether",
    "biggest", "largest", "expensive", "costliest", "every ", "all the", "all of the",
    "novel", "film", "movie", "drama", "thriller", "fiction", "claims", "claimed", "claiming", "alleg",
    "confirm",
    # deals-34
    "why ", "how ", "claim",
    # deals-34, second step
    "suggest", "memoir", "autobiograph", "diary", "diaries", "anniversar", "what ", "timeline",
    # deals-34, third step
    "jok", "quipped", "satir", "hypothetical", "made it", "which ",
    # deals-35 ("why " and "how " are deals-34's)
    "overp", "overs", "paid too", "remind", "recall", "insiders", "sources",
)  # fmt: skip


# the deals-4 and deals-5 patterns are tried only on the sentences that hold one of their keys, all found
# by one search
MORE_KEYS = list(dict.fromkeys(UNDONE_KEYS + TOTAL_KEYS + NO_ACTION_KEYS + BACKGROUND_KEYS + UNSTATED_KEYS))
# as one regex of literals: with 200 keys, polars' literal search (contains_any) took twice as long (0.042
# against 0.020 s on 16,600 verb sentences of the farm). Its Unicode case folding may keep a few more
# sentences than an ASCII one: they only cost time, as the patterns decide
MORE_KEYS_RE = "(?i)" + "|".join(re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\1", key) for key in MORE_KEYS)


# deals-6: a purchase dated to a year ("it bought 50 JF-17 fighters in 2015, ..."), the year deciding as for
# the contracts above. Its own pattern, lower case only: joined to BACKGROUND, or case-insensitive, it made
# the vectorized pass several times slower
# deals-11: also a contract signed, won or awarded and a choice made in a past year ("Greece signed for its
# first three FDI frigates in 2022", "Saab won its first U.S. Army contract ... in 2013", "The Redback was
# chosen in 2023 over ..."); for these verbs a year after words of a schedule ("signed ... for deliveries
# in 2028"), a modal, a plan or a second clause ("signed ... and said it may buy more in 2028") dates nothing
# (DATED_LATER, read in Python only)
DATED = Gated(
    re.compile(
        # deals-13: also "received", "committed", "placed", "secured" ("BAE Systems received a £3.7 billion
        # contract for the first three ships in 2017", "When Germany committed €8.3 billion to 35 F-35A
        # fighters in 2022")
        # deals-17: a delivery dated to a year ("took delivery of the last of its first four MEKO A-200EN
        # ships in 2024")
        r"\b(?:bought|purchased|acquired|ordered|signed|won|awarded|chosen|selected|received|committed|placed|"
        r"delivery|delivered|handed|"
        # deals-19: an approval dated to a year ("Washington approved the sale of the first 12 jets in 2020")
        r"approved|cleared|"
        # deals-17: a month before the year ("selected the Type 26 in August 2025")
        # deals-22: also "last year" ("ordered 155 mm ammunition from the group last year for about 2.4
        # billion crowns")
        # deals-23: also "agreed" ("the 24 F-35A fighters that the Czech Republic agreed to buy in January
        # 2024"), "at the end of 2023" and "seven years ago"
        # deals-23: an aside in commas before the year ("was ordered from the company's predecessor, Daewoo
        # Shipbuilding & Marine Engineering, in 2013")
        rf"secured|agreed)\s(?:[^,;:]{{0,80}}\s)?(?:[^,;:]{{0,60}},\s[^,;:]{{1,60}},\s)?"
        rf"(?P<year>in\s(?:(?:{MONTHS})\s)?(?:19|20)\d\d\b|last\syear\b|"
        r"at\sthe\s(?:end|start|beginning)\sof\s(?:19|20)\d\d\b|[a-z]+\syears?\sago\b)[^,;]*"
    ),
    frozenset(
        [
            "bought",
            "purchased",
            "acquired",
            "ordered",
            "signed",
            "won",
            "awarded",
            "chosen",
            "selected",
            "received",
            "committed",
            "placed",
            "secured",
            "delivery",
            "delivered",
            "approved",
            "cleared",
            "agreed",
            "handed",
        ]
    ),
)
# deals-22: the year before the act ("and in 2023 it ordered 3,500 Piorun missiles for about 3.5 billion
# zloty")
# deals-30: or a time ago, with a comma too ("Ten years ago this month, Qatar ordered 24 Rafale fighters ...";
# deals-20's ACT_MARK reads it without one)
DATED_BEFORE = re.compile(
    rf"\b(?:in\s(?:(?:{MONTHS})\s)?(?:19|20)\d\d|(?:[A-Za-z]+|\d+)\s(?:years?|decades?)\s(?:ago"
    # deals-33: also "Five years ago today, ..." and "Back then, ..."
    # deals-36 (written36): or a time after an earlier one ("Three years later, Serbia ordered ...")
    r"(?:\sthis\s(?:week|month)|\stoday)?|later)|[Bb]ack\sthen|[Ii]n\sthose\sdays),?\s(?:it|they|he|she|[A-Z][A-Za-z'’-]*|the\s[A-Za-z-]+)\s"
    r"(?:bought|purchased|acquired|ordered|signed|won|awarded|chose|selected|received|placed|secured)\b[^,;]*"
)
DATED_BEFORE_KEYED = Keyed(DATED_BEFORE)
# deals-17: the year of a delivery phrase that names an earlier act dates that act ("delivered 12 K9
# howitzers to Norway under the NOK 2.2 billion contract signed in 2017", "the first two of 96 ... it bought
# in 2024"), not the delivery
DELIVERY_DATES_OTHER = re.compile(
    r"\b(?:signed|bought|ordered|purchased|acquired|awarded|agreed|contracts?|under|which|that|it)\b"
)
DATED_NEW = re.compile(r"(?:signed|won|awarded|chosen|selected|approved|cleared)\s")
DATED_LATER = re.compile(
    r"(?i)\b(?:deliver\w*|arriv\w*|service|operational|complet\w*|start\w*|begin\w*|until|will|"
    r"due|expected|schedul\w*|runs?|and|may|might|could|would|should|plan\w*|said|says)\b"
)


def _dated(sentence: str) -> list[tuple[int, int]]:
    spans = (
        [match.span() for match in DATED_BEFORE.finditer(sentence)]
        if DATED_BEFORE_KEYED.may_match(sentence)
        else []
    )
    position = 0
    may_match = DATED.keyed.may_match(sentence)  # else DATED finds nothing
    while may_match and (match := DATED.pattern.search(sentence, position)):
        position = match.end()
        # deals-12: the "and" of "letter of offer and acceptance" joins no second clause
        phrase = match.group(0).replace("offer and acceptance", "offer of acceptance")
        # deals-17: what comes between the verb and its year ("signed a $375 million contract ... in 2022 for
        # three batteries and received the first of them in April 2024": the year is the signing's)
        cut = match.start("year") - match.start()
        if DATED_NEW.match(phrase) and DATED_LATER.search(phrase, 0, cut):
            continue
        if phrase.startswith("deliver") and DELIVERY_DATES_OTHER.search(phrase, 0, cut):
            position = match.start() + 1  # the act it names may be dated itself
            continue
        spans.append(match.span())
    return spans


def blank_background(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with its BACKGROUND phrases blanked (same length, so offsets hold), and their spans."""
    words = words_of(sentence)
    dated = DATED.may_match(words)
    signed_by = (
        [(match.start("by"), match.end()) for match in SIGNED_BY.finditer(sentence)]
        if SIGNED_BY_KEYED.may_match(sentence)
        else []
    )
    if not BACKGROUND.may_match(words) and not dated and not signed_by:
        return sentence, []
    spans = (
        [match.span() for match in BACKGROUND.pattern.finditer(sentence)]
        if BACKGROUND.may_match(words) and BACKGROUND.keyed.may_match(sentence)
        else []
    )
    if dated:
        spans = sorted(spans + _dated(sentence))
    if signed_by:  # deals-34
        spans = sorted(spans + signed_by)
    for begin, stop in spans:
        sentence = sentence[:begin] + " " * (stop - begin) + sentence[stop:]
    return sentence, spans


# deals-7: a completed deal act. A news sentence states a deal only when its main clause has a finite deal
# verb that did something: an active verb in the past, present perfect or (headline) present with a direct
# object that is a deal, an amount, a count or a name ("signed a contract", "ordered 46 Leopard 2A8 tanks",
# "awarded Boeing a ...", "took delivery of", "Orders 24 More ...", "has submitted a letter of request"),
# "signed for" a deal, a finite passive ("a contract was awarded to ...", "was awarded a $1bn order") or a
# deal noun with its participle ("under an A$7 billion contract signed in Geelong on Friday"; one signed in
# a past year is blanked out as background before). What has none is no deal, whatever cue it carries: an
# infinitive or a modal ("plans to buy", "expects to book orders", "would order", "could be awarded"), a
# participle without an object ("out of 218 ordered"), a noun ("talks on a deal", "its order for"), a verb
# whose object is no deal ("won praise", "was awarded the Collier Trophy", "approved a plan to buy"), a
# counterfactual ("Had Berlin ordered ..., ...") and a modal perfect ("would have signed"), and a main clause
# that opens with a year ("In 1997 the Czech Republic bought ...": history, like a purchase dated to a
# year). The object is read after ACT_MARK has replaced the prepositions and conjunctions that end a noun
# phrase (and those clauses) by a bar: an object is the first noun phrase after the verb, never a word
# after "for", "of", "to" or "worth".
ACT_MARK = (
    r"(?i)^[\s\"“'‘]*(?:had|were)\s+[^,;]*|^[\s\"“'‘]*(?:back\s+)?in\s+(?:19|20)\d\d\b[^,;]*|"
    # deals-20: "Seven years ago Canberra ordered 211 of the vehicles ...": history, like a fronted year
    r"^[\s\"“'‘]*(?:\w+|\d+)\s+(?:years?|decades?)\s+ago\b[^,;]*|"
    r"\b(?:would|could|might|should|must|may|will|shall|can)\s+(?:not\s+)?have\s+(?:been\s+)?\w+|"
    r"\b(?:for|from|with|of|to|about|in|on|at|by|under|into|than|worth|valued|after|before|through|between|"
    r"that|which|who|because|as|if|but|while|when|where|whether|since|during|until|unless|once|per)\b"
)
# ordinals past "third", as words or digits ("received its seventh C-390", "the 21st")
LATER_ORDINALS = r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth"
DEALISH = (
    r"(?:(?i:contracts?|orders?|deals?|agreements?|awards?|options?|call-offs?|modifications?|purchases?|"
    r"acquisitions?|sales?|frameworks?|extensions?|ceilings?|value|delivery|deliveries|tranches?|batch(?:es)?|"
    r"lots?|loas?|requests?|letters?\s+\|\s+request|amendments?|addend(?:um|a)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    # deals-23: "signed for a pair of A330 MRTT tanker aircraft"
    r"fifty|sixty|seventy|eighty|ninety|dozens?|pairs?|couple|hundreds|thousands|first|last|final|initial|second|third|"
    # deals-12: any ordinal ("received its seventh C-390")
    rf"{LATER_ORDINALS}|more|additional|another|further|both|several)\b|[A-Z]{{0,3}}[$€£¥₩₹]|(?:Rs|[A-Z]{{3}})\.?\s?\d|\d)"
)
ACT_ACTIVE = (
    r"(?i:signed|signs|inked|inks|concluded|concludes|sealed|seals|awarded|awards|ordered|orders|bought|buys|"
    r"purchased|purchases|acquired|acquires|procured|procures|placed|places|won|wins|secured|secures|"
    r"selected|selects|picked|picks|chose|chooses|booked|books|received|receives|exercised|exercises|"
    r"contracted|tapped|taps|issued|issues|gave|gives|approved|approves|cleared|clears|requested|requests|"
    r"agreed|agrees|struck|strikes|added|adds|raised|raises|increased|increases|modified|modifies|amended|"
    r"amends|expanded|expands|finali[sz]ed|finali[sz]es|landed|lands|bagged|bags|clinched|clinches|snagged|"
    r"snags|nabbed|nabs|delivered|delivers|handed|hands|took|takes|taken|green-?lit|authori[sz]ed|"
    r"authori[sz]es|submitted|submits|sent|sends|filed|files|made|makes|handing)"
)
ACT_PASSIVE = (  # after ACT_AUX has glued the auxiliary to its participle: "was awarded" -> "@awarded"
    # deals-23: "were handed over to the Belgian Army"
    r"@(?i:awarded|signed|placed|"
    r"ordered|concluded|inked|sealed|approved|cleared|finali[sz]ed|issued|handed\s+over|handed|delivered|selected|chosen|"
    r"picked|exercised|taken\s+up|bought|purchased|procured|booked|received|agreed|struck|modified|amended|raised|"
    r"increased|granted|given|tapped|contracted)"
)
ACT = (
    rf"(?:^|[^@\w]){ACT_ACTIVE}\s+(?:\w+ly\s+)?(?:(?:(?i:an?|the|its|their|his|her|our)\s+)?(?:[A-Z]|{DEALISH})|"
    rf"(?:[^\s|;:,]+\s+){{1,4}}{DEALISH})|"
    rf"(?:^|[^@\w])(?i:signed|signs)\s+\|\s+(?:(?i:an?|the|its|their)\s+)?(?:[A-Z]|(?:\w+\s+)?{DEALISH})|"
    # deals-15: also after a comma ("The C$2.4 billion contract, awarded on Monday by ...")
    r"(?i:contracts?|deals?|agreements?|orders?),?\s+(?:signed|awarded|concluded|inked|placed|sealed|struck)\b|"
    # an agreement reached to buy ("agreed to buy 44 Leopard 2A8 tanks for €950 million"), as at deals-6
    # deals-11: a request to buy ("has formally requested to buy 612 Javelin anti-tank missiles")
    r"(?:^|[^@\w])(?i:agreed|agrees|requested|requests)\s+\|\s+(?i:buy|purchase|acquire|procure|order)\b|"
    rf"{ACT_PASSIVE}(?:\s+(?:\w+ly\s+)?(?:\||(?:(?i:an?|the|its)\s+)?(?:[^\s|;:,]+\s+){{0,3}}{DEALISH})|"
    r"\s*[,;.]|\s*$)"
)
# a passive's auxiliary glued to its participle, so that the participle is no active verb ("was awarded the
# Collier Trophy" has no object that is a deal)
ACT_AUX = r"(?i)\b(?:was|were|is|are|been)\s+(?:\w+ly\s+)?(\w)"
# a word inside a hyphenated one is no preposition ("a not-to-exceed $1.2 billion contract")
ACT_GLUE = r"-\s\|\s-"
ACT_MARK_RE = re.compile(ACT_MARK)
ACT_GLUE_RE = re.compile(ACT_GLUE)
ACT_AUX_RE = re.compile(ACT_AUX)
ACT_RE = re.compile(ACT)
ACT_KEYED = Keyed(ACT_RE)


def _no_act(sentence: str) -> bool:
    """deals-11: a sentence the value look-up may pass over: it states no deal act of its own."""
    if not ACT_KEYED.may_match(sentence):
        return True  # no key of ACT: the blanking below only removes words, it cannot make one
    return not completed_act(
        RELATIVE.keyed.sub(" ", sentence) if RELATIVE.keyed.may_match(sentence) else sentence
    )


def completed_act(main_clause: str) -> bool:
    """deals-7: whether a main clause (relatives, leading clause and asides left out) states a completed deal
    act (ACT)."""
    if not ACT_KEYED.may_match(main_clause):
        return False  # the marks below remove words or add none with a letter next to them: no key either
    marked = ACT_AUX_RE.sub(r"@\1", ACT_GLUE_RE.sub("-x-", ACT_MARK_RE.sub(" | ", main_clause)))
    return ACT_KEYED.matches(marked)


PLACE = r"[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,2}"  # "Kitchener, Ontario" of "Kitchener, Ontario-based"
# deals-17: capitals with accents too ("a contract with Águas Azuis")
NAME = r"(?P<s>(?:[A-ZÀ-ÖØ-Þ][\w.&'’-]*\s+(?:&\s+)?){0,4}[A-ZÀ-ÖØ-Þ][\w.&'’-]*)"
PARENT_BEFORE = re.compile(
    # deals-17: "NIMR, part of the state-owned EDGE Group"
    r"(?i)\b(?:part|a\s+unit|a\s+subsidiary|a\s+division|an\s+arm|a\s+member)\s+of\s+(?:the\s+)?"
    r"(?:[\w-]+-(?:owned|run|controlled)\s+)?$|"
    r"\bowned\s+by\s+(?:the\s+)?$"
)
# deals-13: "from state-owned PT Pindad"
OWNED = r"(?:(?:state|government|privately|family)-(?:owned|run|controlled)\s+)?"
# deals-33: a parent named before its subsidiary ("awarded EDGE subsidiary NIMR a AED 1.2 billion contract")
PARENT_WORD = r"(?:[A-Z][\w.&'’-]*\s+){1,3}(?:subsidiary|unit|division|affiliate)\s+"
PARENT_OF_NEXT = re.compile(r"\s+(?:subsidiary|unit|division|affiliate)\s+[A-ZÀ-ÖØ-Þ]")
OBJECT_SUPPLIERS = (  # the supplier is the object of the verb: no company suffix needed
    re.compile(
        rf"(?:awarded|awards|award|tapped|selected|picked|chose|gave)\s+(?:{PLACE}-based\s+)?(?:{PARENT_WORD})?{NAME}"
        # deals-14: "awarded Abu Dhabi-based ADASI, part of the EDGE Group, a contract"
        r"(?:,\s+(?:part|a\s+unit|a\s+subsidiary|a\s+division|an\s+arm)\s+of\s+[^,;.]{1,60},)?\s+(?:an?|the)\s"
    ),
    re.compile(
        # deals-10: also after the deal's value ("a contract worth €1.26 billion, VAT included, with Indra")
        # deals-18: also "estimated at" and "priced at"
        # deals-21: also after the day ("signed a $450 million contract on Monday with BrahMos Aerospace")
        rf"(?:contract|agreement|deal|order|option)(?:\s+(?:worth|(?:valued|estimated|priced)\s+at)\s+[^;:()]{{0,50}}?)?"
        rf"(?:\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\s+"
        # deals-22: also "with the Itajaí-based Águas Azuis consortium"
        rf"(?:with|from|to)\s+(?:(?:[A-Z]\w+|its)['’]s?\s+|the\s+(?={PLACE}-based\s))?{OWNED}"
        rf"(?:{PLACE}-based\s+)?{NAME}"
    ),
    re.compile(
        rf"(?i:maker|manufacturer|company|firm|shipbuilder|shipyard|builder|producer|contractor|supplier|"
        # deals-32: "with Florida broker Jet Source International"
        rf"broker|dealer)\s+{NAME}"
    ),
    # deals-18: a contract "signed ... between Malaysia's Ministry of Defence and Turkey's STM": the second
    # party
    re.compile(
        rf"\bbetween\s+[^;]{{0,100}}?\s+and\s+(?:(?:[A-Z]\w+|its)['’]s?\s+)?{OWNED}(?:{PLACE}-based\s+)?{NAME}"
    ),
    re.compile(
        rf"\b(?:ordered|bought|purchased|acquired|received|buy|purchase|acquire|delivery)\b[^.;]{{0,80}}?"
        rf"\bfrom\s+(?:(?:[A-Z]\w+|its)['’]s?\s+)?{OWNED}{NAME}"
    ),
    # deals-33: a company by its home, saying what it won ("Ohio-based Lakeside Precision said on Monday it
    # has won its first Defense Logistics Agency contract"): "-based" makes it a company without a suffix
    re.compile(
        rf"(?:^|\s-\s)[\"“]?{PLACE}-based\s+{NAME}\s+said\s+(?:on\s+[A-Z]\w+\s+)?(?:that\s+)?it\s+"
        r"(?:has\s+|had\s+)?(?:been\s+)?(?:won|wins|secured|received|awarded|booked|signed)\b"
    ),
)
GOVERNMENT = re.compile(
    r"(?i)\b(?:agency|ministry|department|army|navy|force|command|office|administration|government|"
    r"procurement|directorate|bureau|corps|guard)\b"
)
SUBJECT_SUPPLIERS = (  # the supplier is the subject: only a name that looks like a company
    re.compile(
        r"^(?:[\"“]?)(?P<s>(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*)(?:,[^,]{0,60},)?\s+(?:has\s+|have\s+|was\s+|were\s+|is\s+)?(?:been\s+)?(?:awarded|won|wins|secured|secures|received|receives|will\s+supply|will\s+deliver|delivered|handed|signed|inked|booked)\b"
    ),
)


COMPANY_SUFFIX = re.compile(
    r"(?i)\b(?:co|corp|corporation|inc|incorporated|llc|l\.l\.c|ltd|limited|lp|l\.p|plc|ag|ab|asa|sa|s\.a|"
    r"gmbh|jv|company|group|holdings|systems|industries|technologies|international|defense|defence|"
    r"aerospace|aeronautics|dynamics)\b"
)


AMOUNT_START = (
    r"(?:[A-Z]{0,3}[$€£¥₩]\s?|[A-Z]{3}\s+|Rs\.?\s*)\d|"  # "$", "A$", "€", "DKK ", "Rs " before digits
    # deals-18: a currency word after the scale ("1.38 trillion won", written "KRW" by the vectorized pass)
    r"\d[\d.,]*\s+(?:million|billion|trillion)\s+(?:won|KRW|yen|euros|dollars|pounds|crowns|kronor|kroner|rupees|"
    r"francs)\b"
)
AMOUNT_START_RE = re.compile(AMOUNT_START)
CLAUSE = Gated(
    re.compile(
        r",?\s+(?:along\s+with|as\s+well\s+as|while|whereas|and\s+also|plus)\s+|;\s+(?:and\s+)?|"
        # deals-18: also "and, on the same day, exercised an option ..."
        r",\s+and\s+(?=[A-Z])|\s+and,?\s+(?:\w+ly\s+|at\s+the\s+same\s+time,?\s+|on\s+the\s+same\s+day,?\s+|then\s+)?"
        r"(?=(?:gave|signed|ordered|awarded|took|received|placed|inked|won|bought|agreed|booked|exercised)\b)|"
        # deals-6: a second deal with its own subject (", and the agency placed a first call-off order ...")
        r",\s+and\s+(?:the|its)\s+(?:[a-z]\w*\s+){0,2}?(?=(?:gave|signed|ordered|awarded|placed|inked|booked)\b)|,\s+(?=(?:one|another)\s+(?:with|for|from|to)\b)|"
        # deals-27: a second deal after a time or a separate contract (", and hours later the Defence Ministry
        # signed ...", ", and in a separate contract ordered a dozen ... launchers from LIG Nex1 ...")
        r",\s+and\s+(?:(?:hours|days|weeks|minutes|moments)\s+later|later(?:\s+that\s+day)?|separately|"
        r"(?:in|under)\s+a\s+separate\s+(?:contract|deal|agreement|order)),?\s+(?:(?:the|its|their)\s+"
        r"(?:[\w-]+\s+){0,4}?)?(?=(?:gave|signed|ordered|awarded|placed|inked|booked|took|received|bought|"
        r"exercised)\b)|"
        r"\s+and\s+(?=another\b)|,\s+(?=handing\b)|"
        r"\s+and\s+(?=[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+[\d$€£¥₩])|"
        # deals listed after a colon: "signed contracts worth DKK 8.2 billion: DKK 5.6 billion with ..."
        rf":\s+(?={AMOUNT_START})|"
        # deals-17: "...: one worth Rs 26,800 crore for 66 helicopters ..., and the other worth Rs 35,900
        # crore ...", "...: ¥86 billion with Kawasaki ..., and ¥42 billion with Mitsubishi ..."
        r":\s+(?=one\s+(?:worth|valued|for|with)\b)|"
        r",\s+and\s+(?=the\s+(?:other|second)\s+(?:worth|valued|for|with)\b)|"
        rf",\s+and\s+(?={AMOUNT_START})"
    ),
    frozenset(["along", "as", "while", "whereas", "also", "plus", "and", "one", "another", "handing"]),
)
# Where a CLAUSE match can start: every alternative starts with "; ", ": ", or a comma or white space before
# its word ("along with", "as well as", "while", "whereas", "and", "plus"; after a comma also "one",
# "another", "handing")
CLAUSE_START = re.compile(
    r"[;:]\s|,\s+(?=along\s|as\s|while|whereas|and\s|plus|one\s|another\s|handing)|"
    r"\s+(?=along\s|as\s|while|whereas|and[\s,]|plus)"
)


def clause_cuts(text: str, start: int, end: int) -> list[re.Match[str]]:
    """``CLAUSE.pattern.finditer(text, start, end)``, the pattern tried only where a match can start (see
    CLAUSE_START, found by a search that skips the rest in C): the same positions tried in the same order."""
    cuts: list[re.Match[str]] = []
    position = start
    while (candidate := CLAUSE_START.search(text, position, end)) is not None:
        cut = CLAUSE.pattern.match(text, candidate.start(), end)
        if cut is None:
            position = candidate.start() + 1
        else:
            cuts.append(cut)
            position = cut.end()
    return cuts


TWO_DEALS_JOINED = (  # the clause joins of ADDITIVE_CUT and ADDITIVE_NEXT, for polars
    r"(?i:along\s+with|as\s+well\s+as|\bplus\b|and\s+also|,\s+(?:one|another)\s+(?:with|for|from|to)\b|"
    r"\band\s+another\b|,\s+handing\b|\ba\s+(?:separate|second)\b)|;|"
    r"\s+and\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}\s+[\d$€£¥₩]|"
    rf":\s+{AMOUNT_START}"
)
ADDITIVE_CUT = re.compile(r"(?i),?\s+(?:along\s+with|as\s+well\s+as|plus|and\s+also)\s+|;|:")
ADDITIVE_NEXT = re.compile(
    r"(?:one|another|handing|a\s+separate|a\s+second|the\s+other|the\s+second)\b|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}\s+[\d$€£¥₩]"
)
COUNTED_DEALS = Gated(
    re.compile(
        r"(?i)\b(?:two|three|four|five|both|several)\s+(?:\w+\s+)?(?:contracts|deals|orders)\b|"
        # deals-19: "signed contracts worth a combined Rs 6,900 crore with ..."
        r"\b(?:contracts|deals|orders)\s+(?:worth|valued\s+at)\s+a\s+combined\b|"
        # deals-17: "signed contracts with two companies"
        r"\b(?:contracts|deals|orders)\s+with\s+(?:two|three|four|five|several)\s+(?:companies|firms|suppliers|"
        r"manufacturers|shipyards|contractors)\b"
    ),
    frozenset(["contracts", "deals", "orders"]),
)
POSSESSIVE_GOVERNMENT = re.compile(
    r"['’]s?\s+(?:\w+\s+){0,2}(?:air\s+force|army|navy|ministry|defen[cs]e\s+ministry|government|"
    r"armed\s+forces|coast\s+guard|marines|military|procurement|armament|defen[cs]e\s+(?:materiel|procurement))"
    r"\b",
    re.IGNORECASE,
)
# "Belgium's Directorate General Material Resources", "Finland's Defence Forces Logistics Command": a body
# named after a possessive country, whose name has a government word, is the buyer (and the agency)
POSSESSIVE_BODY = re.compile(r"['’]s\s+(?P<body>[A-Z][\w&-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w&-]*){0,7})")
GOVERNMENT_BODY = re.compile(
    r"\b(?:Directorate|Command|Agency|Office|Administration|Department|Bureau|Organi[sz]ation|Forces|"
    r"Materiel|Procurement|Armaments?|Ministry|Logistics|Board|Commission|Authority|Secretariat)\b"
)
# a defence ministry named without its country, paying in its country's currency ("The Ministry of Defence
# has concluded a ₹13,500-crore contract ..."): the country of that currency is the buyer
DEFENCE_BODY = re.compile(
    r"\b(?:(?i:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry|department\s+of\s+(?:national\s+)?defen[cs]e|"
    r"defen[cs]e\s+department)|MoD)\b"
)
CURRENCY_HOME = {
    "INR": "IND", "GBP": "GBR", "AUD": "AUS", "CAD": "CAN", "NZD": "NZL", "KRW": "KOR", "JPY": "JPN",
    "PLN": "POL", "SEK": "SWE", "NOK": "NOR", "DKK": "DNK", "CHF": "CHE", "CZK": "CZE", "HUF": "HUN",
    "RON": "ROU", "TRY": "TUR", "ILS": "ISR", "BRL": "BRA", "ZAR": "ZAF", "PHP": "PHL", "THB": "THA",
    "IDR": "IDN", "MYR": "MYS", "SGD": "SGP", "TWD": "TWN", "PKR": "PAK", "UAH": "UKR", "CNY": "CHN",
    "MXN": "MEX", "CLP": "CHL", "COP": "COL", "SAR": "SAU", "AED": "ARE", "EGP": "EGY",
}  # fmt: skip
# a relative clause between commas, or one that ends the sentence (", which the air force plans to base at
# Gando"): said of what was bought, not the deal
# deals-21: also after a preposition (", under which the government bought Gripen fighters ...")
RELATIVE = Gated(
    re.compile(
        r",\s+(?:(?:under|through|by|with|for|from)\s+)?(?:which|who|whose)\s+[^,]+(?:,|$)|"
        # deals-27: what a buyer plans to buy, said of the item bought ("two upgraded Mogami-class frigates,
        # the first of twelve of the new design that the Maritime Self-Defense Force plans to buy")
        r"\s+(?:that|which)\s+(?:[\w-]+\s+){0,6}?(?:plans?|planned|intends?|wants?|hopes?|expects?|aims?)\s+to\s+"
        r"(?:buy|order|acquire|purchase|procure|field|operate)\b[^,;]*"
    ),
    frozenset({"which", "who", "whose", "that"}),
)


RECEIVED_CONTRACT = re.compile(RECEIVED_AFTER)
FIRST_OF = re.compile(
    rf"(?i)\b(?:first|initial|last|final|next|second|third)\s+(?:(?P<n>{NUM})\s+)?of\s+(?:the\s+|its\s+|their\s+)?"
    rf"{NUM}\b"
)
FIRST_OF_KEYED = Keyed(FIRST_OF)
# deals-17: a later ordinal ("Mahendragiri, the fourth of the seven Project 17A stealth frigates"); tried
# only where one is written (a substring test), as the alternatives make the search several times slower
NTH_OF = re.compile(
    rf"(?i)\b(?:{LATER_ORDINALS})\s+(?:(?P<n>{NUM})\s+)?of\s+(?:the\s+|its\s+|their\s+)?{NUM}\b"
)


# deals-17: also "took delivery of the third and last of its Multi-Mission Inshore Patrol Vessels"
ORDINAL_ONE = re.compile(
    rf"(?i)\w+\s+(?:delivery\s+of\s+|over\s+|of\s+)?(?:its|the|their)\s+"
    rf"(?:second|third|{LATER_ORDINALS}|\d+(?:st|nd|rd|th))\s+"
    r"(?:(?:and\s+(?:last|final)\s+)?of\s+(?:its|the|their)\s+)?(?!of\b)[A-Za-z]"
)


# deals-33 (written33): a delivery of "its first" or "the first" item in the singular ("took delivery of its
# first P-8A Poseidon", "the first F110 frigate, Bonifaz, was delivered"): one unit; not a count ("its first
# two ..."), a plural ("its first Rafales"), a batch or a contract
FIRST_ONE = re.compile(
    r"(?i)\b(?:its|the|their)\s+first\s+(?!of\b)(?P<item>(?:[\w-]+\s+){0,3}?[\w-]+)"
    r"(?=\s*[,.;]|\s+(?:from|to|at|on|in|under|for|was|were|has|had|is|and|with|of)\b)"
)
NOT_ONE_ITEM = frozenset({"batch", "batches", "tranche", "lot", "contract", "order", "phase", "time", "year"})


def first_one(sentence: str, system: str | None) -> bool:
    """Whether the sentence names the delivered ``system`` as "its first" or "the first" one unit."""
    if system is None or "first" not in sentence:
        return False
    for match in FIRST_ONE.finditer(sentence):
        item = match.group("item")
        words = item.lower().split()
        if (
            system in item
            and not item.endswith("s")
            and count_of(words[0]) is None
            and not words[0][0].isdigit()
            and not NOT_ONE_ITEM.intersection(words)
        ):
            return True
    return False


COUNTED_OBJECT = re.compile(
    rf"(?i)[\w-]+\s+(?:(?:a\s+total\s+of|another|an\s+additional|up\s+to)\s+)?(?P<n>{NUM})(?:\s\(\d[\d,]*\))?\s+"
    rf"(?P<what>(?:(?!percent|years?|months?|days?|dollars?|million|billion|of\b)[\w/-]+\s+){{0,4}}?"
    rf"{ITEM_NOUNS})\b"
)
ORDINAL_KEYS = (
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "teenth", "tieth",
)  # fmt: skip
# deals-13/15: one more unit named by its ordinal ("exercised its option for a sixth KC-390", "signed a
# contract ... for a fourth FDI frigate"), not a batch or a round
# deals-18: also "for the first KSS-III Batch-III submarine" (not "for the first three ...", a count)
ONE_MORE = re.compile(
    # deals-19: also "adding a third offshore patrol vessel"
    rf"(?i)\b(?:for|adding|adds|to\s+(?:buy|order|acquire|purchase|add))\s+(?:(?:a|an|one|its|the|their)\s+)?"
    rf"(?:first|second|third|{LATER_ORDINALS})\s+"
    # deals-22: also with a word before the batch ("for the first production batch of L-SAM ...")
    r"(?!of\b|(?:(?-i:[a-z-]+)\s+)?(?:batch|batches|tranche|lot|contract|order|phase|stage|increment)\b|"
    r"(?:year|round|time|part|step|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|\w+teen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|several|few)\b)[A-Za-z]"
)


# "1.68 trillion won" is Korean money, not the verb "won": written as "KRW" (same length, so offsets hold);
# deals-35 (unit-test sentences): so is the currency itself after an adjective or "the" ("Weak won makes
# Korean arms cheaper", "the stronger won", "the Korean won"), which no verb follows
WON_AMOUNT = (
    r"(?i)(\d|\b(?:million|billion|trillion|mn|bn|tn|weak|weaker|strong|stronger|soft|softer|falling|rising|"
    r"cheap|cheaper|korean|the))(\s+)won\b"
)
WON = re.compile(WON_AMOUNT)


def sentence_stage(sentence: str, words: frozenset[str] | None = None) -> tuple[str, int] | None:
    """The stage of the first verb class that matches, and where its verb is."""
    if "won" in sentence:
        sentence = WON.sub(r"\1\2KRW", sentence)
        words = None
    words = words_of(sentence) if words is None else words
    for name, verbs in STAGE_VERBS:
        match = verbs.pattern.search(sentence) if verbs.may_match(words) else None
        if match and name == "received" and RECEIVED_CONTRACT.search(match.group(1)):
            continue
        if match:
            return ("delivered" if name == "received" else name), match.start()
    return None


class Cue(NamedTuple):
    """What the vectorized pass found in one sentence."""

    stage: str | None  # the stage of its first verb class, None: no deal verb
    verb_at: int  # where that verb starts (characters from the sentence start)
    negative: bool  # an intention, budget line or total outside relative clauses
    clause: bool  # it may state two deals in two clauses (the clause rules run in Python)
    background: bool = False  # it has a BACKGROUND phrase (the Python rules read it without the cue)


def _rust(pattern: re.Pattern[str]) -> str:
    """The pattern for polars: the case-insensitive flag written into it."""
    flagged = pattern.flags & re.IGNORECASE and not pattern.pattern.startswith("(?i)")
    return ("(?i)" if flagged else "") + pattern.pattern


# every stage verb (the trailing look of "received" left out, so that it cannot swallow a second verb)
ANY_VERB = "|".join(f"(?:{_rust(v.pattern).removesuffix(RECEIVED_TAIL)})" for _, v in STAGE_VERBS)
NEGATIVE = f"(?:{_rust(NOT_A_DEAL.pattern)})|(?:{_rust(AGGREGATE.pattern)})"


def _either(*patterns: str) -> str:
    """One pattern that matches where one of ``patterns`` does (each keeps its own flags, scoped to its
    group): one regex pass instead of one per pattern where only whether a text matches counts."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


# the background phrases and the clause joins, each one pass over the sentences
BACKGROUND_ANY = _either(_rust(BACKGROUND.pattern), DATED.pattern.pattern, DATED_BEFORE.pattern)
CLAUSE_JOINED = _either(TWO_DEALS_JOINED, _rust(COUNTED_DEALS.pattern))


STAGE_NAMES = [("delivered" if name == "received" else name) for name, _ in STAGE_VERBS]
RECEIVED_RANK = [name for name, _ in STAGE_VERBS].index("received")


def sentence_cues(sentences: pl.Series) -> pl.DataFrame:
    """Stage, verb position (bytes), negative and clause flags of many sentences at once, with polars' Rust
    regex and the same patterns the clause rules use in Python: every verb of every sentence in one pass,
    each verb ranked by the stage precedence, the best one kept."""
    # every pattern with word boundaries goes through transforms.screen (real feed text nearly always holds
    # a non-ASCII character, which threw polars' regex off its fast path): 9,600 sentences of the real-feed
    # corpus 1.14 -> 0.49 s (0.29 s with the regexes compiled), the same cues; the farm's ASCII text 3.69 ->
    # 3.62 s for all the deal rules
    frame = screen.with_wide(
        pl.DataFrame({"sentence": sentences}, schema={"sentence": pl.String()}), "sentence"
    )
    frame = frame.with_columns(
        screen.replace_all(frame, "sentence", WON_AMOUNT, "${1}${2}KRW")
    ).with_row_index("row")
    verbs = frame.select("row", verb=screen.extract_all(frame, "sentence", ANY_VERB))
    counts = verbs.select("row", verb_count=pl.col("verb").list.len())
    rank: pl.Expr = pl.lit(None, dtype=pl.Int32())
    for position in reversed(range(len(STAGE_VERBS))):
        pattern = _rust(STAGE_VERBS[position][1].pattern).removesuffix(RECEIVED_TAIL)
        rank = (
            pl.when(pl.col("verb").str.contains(pattern))
            .then(pl.lit(position, dtype=pl.Int32()))
            .otherwise(rank)
        )
    ranked = verbs.explode("verb").drop_nulls("verb").with_columns(rank=rank).drop_nulls("rank")
    received = ranked.filter(pl.col("rank") == RECEIVED_RANK).select("row").unique()
    if received.height:  # "received a contract" is no delivery: a contract word within 60 characters after it
        contract = (
            received.join(frame, on="row")
            .filter(
                pl.col("sentence")
                .str.extract(_rust(STAGE_VERBS[RECEIVED_RANK][1].pattern), 1)
                .str.contains(RECEIVED_AFTER)
                .fill_null(False)
            )
            .select("row")
        )
        ranked = ranked.join(
            contract.with_columns(rank=pl.lit(RECEIVED_RANK, dtype=pl.Int32())),
            on=["row", "rank"],
            how="anti",
        )
    best = (
        ranked.sort("row", "rank", maintain_order=True)
        .group_by("row", maintain_order=True)
        .first()
        .join(frame, on="row")
        .select(
            "row",
            stage=pl.col("rank").replace_strict(dict(enumerate(STAGE_NAMES)), return_dtype=pl.String()),
            verb_byte=pl.col("sentence").str.find(pl.col("verb"), literal=True),
        )
    )
    # The flags only where a deal verb gave a stage: the rules pass over a sentence without one whatever its
    # flags say (real feed text: 2,736 of 9,632 sentences with a deal-verb key have a stage)
    staged = frame.join(best.select("row"), on="row", how="semi", maintain_order="left")
    s = pl.col("sentence")
    flags = staged.select("row", "sentence", screen.WIDE, main=s)
    flags = flags.with_columns(screen.replace(flags, "main", _rust(LEAD.pattern), " "))  # deals-30: first
    # deals-36: PAID_ASIDE in the same pass (a pass of its own made this function about 3% slower on the
    # gold texts)
    relative_or_paid = _either(_rust(RELATIVE.pattern), _rust(PAID_ASIDE.pattern))
    flags = flags.with_columns(screen.replace_all(flags, "main", relative_or_paid, " "))
    flags = flags.with_columns(screen.replace_all(flags, "main", _rust(ASIDE.pattern), " "))
    # the deals-4 and deals-5 patterns only where one of their keys occurs (a literal search costs far less
    # than adding them to NEGATIVE, which every sentence goes through)
    # deals-20: a month before a past year has no key of its own ("when it was signed in August 2020")
    keyed = flags.filter(s.str.contains(MORE_KEYS_RE) | screen.contains(flags, "sentence", MONTH_YEAR))
    more = keyed.select(
        "row",
        # a pass each: NO_ACTION is slow in polars' regex, and joined with the others slower still
        more=screen.contains(keyed, "main", _rust(UNDONE.pattern))
        | screen.contains(keyed, "main", _rust(PERIOD_TOTAL.pattern))
        | screen.contains(keyed, "main", _rust(NO_ACTION.pattern))
        | screen.contains(keyed, "main", _rust(UNSTATED.pattern)),
        background=screen.contains(keyed, "sentence", BACKGROUND_ANY),
    )
    # deals-6: a deal verb only in a leading clause ("Ten years after Qatar signed ..., the fighter has
    # become ...") is background: no deal unless the main clause has one of its own
    # deals-34: a deal noun with who signed it after it, on every sentence with a stage (no literal key)
    signed_by = flags.select("row", signed_by=screen.contains(flags, "sentence", SIGNED_BY_CUE))
    leading = flags.filter(screen.contains(flags, "sentence", _rust(LEAD.pattern)))
    led = leading.select("row", lead_only=~screen.contains(leading, "main", ANY_VERB))
    one_supplier = flags.filter(screen.contains(flags, "sentence", ONE_SUPPLIER))
    exempt = one_supplier.select(
        "row", exempt=~screen.contains(one_supplier, "main", _rust(NOT_A_DEAL.pattern))
    )
    flags = (
        flags.join(more, on="row", how="left", maintain_order="left")
        .join(led, on="row", how="left", maintain_order="left")
        .join(exempt, on="row", how="left", maintain_order="left")
        .join(signed_by, on="row", how="left", maintain_order="left")
    )
    flags = flags.with_columns(
        # the stage of a sentence with a leading clause is read in its main clause ("Having received its
        # first F-35A jets last year, Poland ordered 12 more ...": an order), by the Python rules
        background=pl.col("background").fill_null(False)
        | pl.col("lead_only").is_not_null()
        | pl.col("signed_by").fill_null(False)
    )
    # deals-7: no completed deal act in the main clause
    act = flags.select(screen.WIDE, act=pl.col("main"))
    act = act.with_columns(screen.replace_all(act, "act", ACT_MARK, " | "))
    act = act.with_columns(screen.replace_all(act, "act", ACT_GLUE, "-x-"))
    act = act.with_columns(screen.replace_all(act, "act", ACT_AUX, "@${1}"))
    negative = flags.select(
        "row",
        negative=(screen.contains(flags, "main", NEGATIVE) & ~pl.col("exempt").fill_null(False))
        | ~screen.contains(act, "act", ACT)
        | pl.col("more").fill_null(False)
        | pl.col("lead_only").fill_null(False)
        | s.str.strip_chars_end(QUESTION_END).str.ends_with("?"),
    )
    clause = staged.select(
        "row",
        clause=screen.contains(staged, "sentence", _rust(CLAUSE.pattern).replace("(?=", "(?:")),
        clause_joined=screen.contains(staged, "sentence", CLAUSE_JOINED),
    )
    return (
        frame.join(clause, on="row", how="left")
        .join(best, on="row", how="left")
        .join(counts, on="row", how="left")
        .join(negative, on="row", how="left")
        .join(flags.select("row", "background"), on="row", how="left")
        .sort("row")
        .select(
            "stage",
            "verb_byte",
            "negative",
            pl.col("background").fill_null(False),
            # two deals need a clause boundary and either a joining phrase or a second deal verb
            clause=(
                pl.col("clause") & (pl.col("clause_joined") | (pl.col("verb_count").fill_null(0) >= 2))
            ).fill_null(False),
        )
    )


# deals-36 (written36): a sentence followed by one that opens with a time after it ("Belgium ordered its
# CAESAR howitzers at about €3 million a gun. Three years later, ...", "A decade later, the air force is still
# short of pilots"): the text tells a story over years, so what the first sentence bought is its past, not
# news ("... later than planned" compares with a plan and dates nothing; "Two years later, the first guns
# will arrive" looks ahead from the deal, which stays news)
LATER_NEXT = re.compile(
    r"[\s\"”’']*(?:(?:(?:[A-Z][a-z]*|\d+)\s+)?(?:[a-z]+\s+)?(?:years?|decades?)|(?:Years|Decades))\s+later\b"
    r"(?!\s+than)(?![^.;]*\b(?:will|would|should|shall|is\s+due|are\s+due|expected|planned|scheduled)\b)"
)


def news_deals(
    text: str,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
    cues: dict[int, Cue] | None = None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Deal]:
    """The deals of the news sentences in ``spans``; ``cues`` (by sentence start): what the vectorized pass
    found, so that a plain sentence needs no regex of its own here; ``sentences``: all the text's sentences
    (``spans`` may hold only those with a deal verb), where a value said before or after the deal's sentence
    is read (deals-8)."""
    deals: list[Deal] = []
    every = sentences if sentences is not None else spans
    for sentence_start, sentence_end in spans:
        cue = cues.get(sentence_start) if cues is not None else None
        if cue is not None and cue.stage is None:
            continue
        if cue is not None and cue.background:
            cue = None  # the stage is read outside its background phrases
        if cue is None and sentence_stage(text[sentence_start:sentence_end]) is None:
            continue
        if "later" in text[sentence_end : sentence_end + 40] and LATER_NEXT.match(text, sentence_end):
            continue  # deals-36: the past of a story told over years
        if (cue is None or cue.negative or cue.clause) and counts_deals(text[sentence_start:sentence_end]):
            # deals-19: "signed two contracts worth a combined SR 4.9 billion ... Hanwha Aerospace will supply
            # K9 ... under a SR 3.7 billion contract, and SAMI will build armoured vehicles under a SR 1.2
            # billion contract": the next sentence lists the counted deals, each with its company and amount
            listed = _listed_next(text, every, sentence_start, sentence_end, mentions, amounts, refs)
            if listed:
                deals.extend(listed)
                continue
        if cue is not None and not cue.clause:
            pieces = [(sentence_start, sentence_end)]
        else:
            pieces = clauses(text, sentence_start, sentence_end, mentions, amounts)
        if cue is not None and len(pieces) == 1:  # a plain sentence: the cue says all its regexes said
            if not cue.negative:
                deal = _clause_deal(
                    text, every, sentence_start, sentence_end, mentions, amounts, refs, None, cue=cue
                )
                deals.append(deal) if deal is not None else None
            continue
        context = None
        if len(pieces) > 1:  # what the sentence says once for all its deals: stage, buyer, supplier, system
            context = _clause_deal(text, every, sentence_start, sentence_end, mentions, [], refs, None, True)
        for number, (start, end) in enumerate(pieces):
            if number == 0 and len(pieces) > 1 and sentence_stage(text[start:end]) is None:
                continue  # "... split 1.68 trillion won between two firms": a total, not a deal
            if COUNTED_DEALS.matches(text, start, end):
                continue  # "signed two export contracts": the clauses that follow are the deals
            deal = _clause_deal(text, every, start, end, mentions, amounts, refs, context)
            if deal is not None:
                deals.append(deal)
    return deals


def counts_deals(sentence: str) -> bool:
    """Whether a sentence counts deals (COUNTED_DEALS), with a substring test of its keys first."""
    lowered = sentence.lower()
    return (
        "contracts" in lowered or "deals" in lowered or "orders" in lowered
    ) and COUNTED_DEALS.keyed.matches(sentence)


def _listed_next(
    text: str,
    every: list[tuple[int, int]],
    start: int,
    end: int,
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
) -> list[Deal]:
    """The deals a sentence counts ("signed two contracts"), when the sentence after it gives each one in a
    clause of its own with a company and an amount; none unless it gives at least two (deals-19)."""
    following = next(((s, e) for s, e in every if s >= end), None)
    if following is None:
        return []
    context = _clause_deal(text, every, start, end, mentions, [], refs, None, True)
    if context is None:
        return []
    after_start, after_end = following
    cuts = clause_cuts(text, after_start, after_end)
    bounds = [after_start, *[p for cut in cuts for p in (cut.start(), cut.end())], after_end]
    listed: list[Deal] = []
    for piece_start, piece_end in zip(bounds[::2], bounds[1::2], strict=True):
        companies = [
            m
            for m in within(mentions, piece_start, piece_end)
            if m.entity_type == "organization" and refs.org_type.get(m.entity_id) == "company"
        ]
        if not companies or not within(amounts, piece_start, piece_end):
            continue
        deal = _clause_deal(text, every, piece_start, piece_end, mentions, amounts, refs, context, True)
        if deal is not None and deal.amount is not None:
            listed.append(replace(deal, stage=context.stage, start=start, end=after_end))
    return listed if len(listed) >= 2 else []


RANGE_OPEN = re.compile(
    r"(?i)\bbetween\s+(?:[A-Z]{0,3}[$€£¥₩₹]\s?|[A-Z]{2,3}\s+)?\d[^\s,;]*(?:\s+[^\s,;]+){0,2}$"
)

RANGE_OPEN_KEYED = Keyed(RANGE_OPEN)


def clauses(
    text: str, start: int, end: int, mentions: list[Mention], amounts: list[Amount]
) -> list[tuple[int, int]]:
    """A sentence that states two deals ("..., along with a separate €122 million agreement with Saab for
    ...", "... while Estonia took delivery of ...") as its clauses; else the sentence itself. A later clause
    counts only when it names its own amount or weapon system, and either has its own deal verb or is
    joined as one more deal ("along with", "as well as", "one with ...", "another", "X <amount> for")."""
    cuts = [  # deals-7: "between SEK 900 million and SEK 1 billion" is one range, not two deals
        cut
        for cut in clause_cuts(text, start, end)
        if not RANGE_OPEN_KEYED.matches(text, max(start, cut.start() - 40), cut.start())
    ]
    if not cuts:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    joins: list[bool] = []
    begin = start
    listed = False  # a colon opened a list of deals
    for cut in cuts:
        pieces.append((begin, cut.start()))
        joins.append(
            bool(
                ADDITIVE_CUT.match(cut.group(0))
                or ADDITIVE_NEXT.match(text, cut.end(), end)
                # deals-17: "...: ¥86 billion with Kawasaki ..., and ¥42 billion with Mitsubishi ...": a
                # list
                or (listed and AMOUNT_START_RE.match(text, cut.end(), end))
            )
        )
        listed = listed or ":" in cut.group(0)
        begin = cut.end()
    pieces.append((begin, end))
    for (piece_start, piece_end), additive in zip(pieces[1:], joins, strict=True):
        own_thing = within(amounts, piece_start, piece_end) or [
            m for m in within(mentions, piece_start, piece_end) if m.entity_type == "weapon_system"
        ]
        if not own_thing or not (additive or sentence_stage(text[piece_start:piece_end])):
            return [(start, end)]
    return pieces


# deals-33 (written33): the occasion a sentence opens with, up to its comma, when it holds no deal verb ("At
# the ceremony marking the CP-140 Aurora's last operational flight, the Royal Canadian Air Force took delivery
# of its first P-8A Poseidon"): a system it names is not the item (not "At the same ceremony the Egyptian Army
# took delivery of ..., which ...": no comma closes the occasion before the verb)
OCCASION = re.compile(
    rf"^(?:(?-i:{DATELINE.pattern}))?[\"“'‘(\s]*at\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){{0,3}}?(?:ceremony|ceremonies|"
    r"event|show|exhibition|conference|summit|parade|roll-?out)\s+(?:marking|to\s+mark|for|of|in|at|on|held|"
    r"celebrating|where|that|which)\b[^,;:]{0,160},\s",
    re.IGNORECASE,
)


def occasion_end(sentence: str) -> int:
    """Where the main clause starts after a leading occasion (OCCASION) with no deal verb, else 0."""
    if "at " not in sentence[:60].lower():
        return 0
    match = OCCASION.match(sentence)
    if match is None or sentence_stage(match.group(0)) is not None:
        return 0
    return match.end()


def _clause_deal(
    text: str,
    spans: list[tuple[int, int]],
    start: int,
    end: int,
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
    context: Deal | None,
    lenient: bool = False,
    cue: Cue | None = None,
) -> Deal | None:
    """The deal one sentence (or clause) states; ``context``: what the whole sentence says, which a clause
    without its own stage, buyer, supplier or system inherits. ``lenient``: no value or item required.
    ``cue``: stage and verb already found (a whole sentence checked by the vectorized pass)."""
    sentence = text[start:end]
    inherited = False  # a clause without a deal verb of its own
    background: list[tuple[int, int]] = []
    if cue is not None and cue.stage is not None:
        stage, verb_at = cue.stage, cue.verb_at
    else:
        main_clause, background = blank_background(sentence)
        words = words_of(main_clause)
        found = sentence_stage(main_clause, words)
        led = lead_end(main_clause) if found else 0
        if led:  # deals-6: the stage is the main clause's; a deal verb only in the leading one is background
            in_main = sentence_stage(main_clause[led:])
            if in_main is None:
                return None
            found = (in_main[0], in_main[1] + led)
        if found is None and (context is None or background):
            return None
        stage, verb_at = found if found else (context.stage if context else "awarded", 0)
        inherited = found is None
        # deals-30: the leading clause first, with a relative clause that ends it ("Two days after the funeral
        # of ..., who had pressed for new tanks for a decade, Spain's Ministry of Defence signed ..."): with
        # the relative clause gone first, the leading clause ran on to the next comma
        cut = lead_end(main_clause)
        if cut:
            main_clause = " " + main_clause[cut:]
            words = words_of(main_clause)
        if RELATIVE.may_match(words) and RELATIVE.keyed.may_match(main_clause):  # else the same words
            main_clause = RELATIVE.keyed.sub(" ", main_clause)
            words = words_of(main_clause)
        if PAID_ASIDE.may_match(words):  # deals-36: in the order of the vectorized pass, after RELATIVE
            main_clause = PAID_ASIDE.keyed.sub(" ", main_clause)
            words = words_of(main_clause)
        if ASIDE.may_match(words):
            main_clause = ASIDE.keyed.sub(" ", main_clause)
            words = words_of(main_clause)
        if (
            NOT_A_DEAL.matches(main_clause, words=words)
            or UNDONE.matches(main_clause, words=words)
            or NO_ACTION.matches(main_clause, words=words)
            or UNSTATED.matches(main_clause, words=words)
            or QUESTION.search(sentence)
        ):
            return None
        if not lenient and not inherited and not completed_act(main_clause):
            return None  # deals-7: no completed deal act in the main clause
        if not lenient and (
            (AGGREGATE.matches(main_clause, words=words) and not ONE_SUPPLIER_RE.search(main_clause))
            or PERIOD_TOTAL.matches(main_clause, words=words)
        ):
            return None  # a total; what a sentence says for all its deals (lenient) may name their total
    inside = within(mentions, start, end)
    # deals-17: a system's name inside a company's ("Rosomak S.A. of Siemianowice Śląskie for 80 Rosomak-L
    # ...") is not the item
    weapons = [
        m for m in inside if m.entity_type == "weapon_system" and not NAME_IN_COMPANY.match(text, m.end, end)
    ]
    if "which" in sentence or "who" in sentence:  # RELATIVE's key words, by substring (cheaper than words_of)
        # deals-22: nor one named in a relative clause, when the sentence names one outside it ("with Airbus
        # Defence and Space, whose A400M final assembly line is in Seville, Spain, for two more A400M ...")
        relatives = [match.span() for match in RELATIVE.pattern.finditer(sentence)]
        outside = [m for m in weapons if not any(b <= m.start - start < e for b, e in relatives)]
        weapons = outside or weapons
    lead = lead_end(sentence)
    if (
        lead
    ):  # deals-30: nor one named only in a leading clause ("After comparing ... NASAMS and IRIS-T, ...")
        weapons = [m for m in weapons if m.start - start >= lead] or weapons
    occasion = occasion_end(sentence)
    if occasion:  # deals-33: nor one named in the occasion the sentence opens with
        weapons = [m for m in weapons if m.start - start >= occasion] or weapons
    read = text  # the text the item and count are read in
    if background:  # deals-6: nor is an item or count named in a background phrase the deal's
        weapons = [m for m in weapons if not any(b <= m.start - start < e for b, e in background)]
        read = text[:start] + blank_background(sentence)[0] + text[end:]
    # an amount in a leading clause ("Despite a $2 billion cost overrun, ...") or a background phrase is not
    # the deal's; one in a relative clause (", whose own estimate had put the cost at €1.2 billion,") only
    # when the rest of the sentence gives none
    candidates = within(amounts, start + lead, end)
    trail = trailing_aside(sentence)
    if trail:  # deals-31: nor one in a trailing clause of what the deal came after or beside
        candidates = [a for a in candidates if a.start - start < trail]
    if start == 0 and len(candidates) > 1:
        # deals-19: a headline line read with the body's first sentence ("Brazil adds four Gripens in $480m
        # amendment\n... adding four Gripen E fighters for SEK 4.6 billion"): the body's amount, as written
        line_end = text.find("\n", 0, end)
        if line_end > 0 and not text[:line_end].rstrip().endswith((".", "?", "!", ":")):
            candidates = [a for a in candidates if a.start > line_end] or candidates
    colon = sentence.rfind(": ", 0, verb_at)
    if colon > 0 and within(candidates, start + colon, end):
        # deals-16: "Croatia did not wait for its €1.7 billion SAFE loan: on Monday its Ministry of Defence
        # signed a €74 million contract": the deal's amount is after the colon that leads to its verb
        candidates = within(candidates, start + colon, end)
    if background:
        candidates = [a for a in candidates if not any(b <= a.start - start < e for b, e in background)]
    value = _outside_relative(text, sentence, start, candidates)
    system, weapon_id, quantity = named_system(text, weapons, start, end)
    reach = min(end, start + verb_at + QUANTITY_REACH)
    maker: Mention | None = None  # the company named in the earlier system said again ("Dassault Rafale")
    if system is None:
        system, quantity, item_start, item_end = phrase_item(read, start + verb_at, end)
        counted = COUNTED_OBJECT.match(read, start + verb_at, end)
        if counted and (system is None or counted.start("n") < item_start):
            # deals-13: the verb's counted object ("has ordered 500 Maung 4x4 tactical vehicles from ...,
            # of Bandung, for ..."), not a phrase after it
            system, quantity = counted.group("what"), count_of(counted.group("n"))
            item_start, item_end = counted.start("what"), counted.end("what")
        if system is None and PASSIVE_BEFORE.search(read, max(start, start + verb_at - 12), start + verb_at):
            # deals-18: the deal noun is the subject ("A contract worth around RM1.1 billion for three
            # littoral mission ships was signed on Wednesday between ...")
            system, quantity, item_start, item_end = phrase_item(read, start, start + verb_at)
        if system is not None and quantity is None:
            # deals-7: a count after the item phrase counts something else ("... for SM-400 Block 2 radars
            # for four frigates": the radars are not counted)
            reach = min(reach, item_end)
        if context is not None and (
            system is None
            or system.lower().endswith("them")
            # deals-17: a clause's bare noun for what the sentence named ("two contracts ... for 156 Prachand
            # Light Combat Helicopters: one worth ... for 66 helicopters")
            or (" " not in system and context.system is not None and system.lower() in context.system.lower())
        ):
            system, weapon_id = context.system, context.weapon_id
        elif system is not None and (
            SAID_AGAIN.match(system)
            # deals-9: "42 of the French jets" (the item phrase starts after "of the")
            or (
                THE_BEFORE.search(read, max(0, item_start - 5), item_start)
                and SAID_AGAIN.match(f"the {system}")
            )
        ):
            earlier = [m for m in mentions if m.entity_type == "weapon_system" and m.end <= start]
            if earlier:
                named = earlier[-1]
                system, weapon_id, _ = named_system(text, [named], named.start, named.end)
                maker = next(
                    (
                        m
                        for m in mentions
                        if m.entity_type == "organization"
                        and named.start <= m.start < m.end <= named.end
                        and refs.org_type.get(m.entity_id) == "company"
                    ),
                    None,
                )
    if quantity is None:
        quantity = quantity_of_items(read, start + verb_at, reach, within(amounts, start, end))
    stop = min(end, start + verb_at + QUANTITY_REACH)
    window = text[start + verb_at : stop].lower()  # the ordinals' keys, before their regexes
    later = any(map(window.__contains__, ORDINAL_KEYS[2:]))  # past "third"
    first = FIRST_OF_KEYED.search(text, start + verb_at, stop)
    if first is None and later:
        first = NTH_OF.search(text, start + verb_at, stop)
    if first and quantity is not None and quantity != _total_of(first.group(0)):
        first = (
            None  # deals-18: "a pair of F-16 Block 70 fighters ..., the first of the 16 jets": of the pair
        )
    if first:  # "the first six of the 24 ...", "the first of five frigates": this action's units
        quantity = count_of(first.group("n")) if first.group("n") else 1
    elif quantity is None and stage == "delivered":
        # deals-12: one unit named by its place in the order ("received its seventh C-390")
        nth = ORDINAL_ONE.match(text, start + verb_at, min(end, start + verb_at + 40))
        quantity = 1 if nth or first_one(sentence, system) else None
    elif (
        quantity is None
        and (stage == "option" or weapon_id is not None or system is not None)
        and ("first" in window or "second" in window or "third" in window or later)  # before the regex
    ):
        # an option, or a named system (deals-18: or any item): one more unit by its ordinal
        quantity = 1 if ONE_MORE.search(text, start + verb_at, stop) else None
    if quantity is None and system is not None:
        # deals-20: the count in the next sentence ("... for Tridon Mk2 mobile air defence guns worth SEK 2.6
        # billion ... The order covers 48 systems")
        following = next(((s, e) for s, e in spans if s >= end), None)
        covered = COVERS.match(text, following[0], following[1]) if following else None
        quantity = count_of(covered.group("n")) if covered else None
    if (
        value is not None
        and stage == "delivered"
        and UNDER.search(text, max(0, value.start - 40), value.start)
    ):
        value = None  # "delivered ... under the $6.5 billion contract signed last year": not this action's
    if value is None and inherited:
        return None  # "...; the group also committed to build a plant": says more about the deal, no new one
    if value is None and stage != "delivered":  # deals-11: a delivery takes no value of its contract
        value = (
            _cost_said_after(text, spans, end, amounts)
            or value_said_next(text, spans, end, amounts, _no_act)
            or value_said_before(text, spans, start, end, amounts)
        )
    if _takeover(text, inside, refs) or (
        weapon_id is None
        and system is not None
        # deals-27: or in what the verb buys ("has ordered 40 Airbus A220 airliners and taken purchase rights
        # for 44 more")
        and (CIVILIAN_KEYED.matches(system) or CIVILIAN_KEYED.matches(text, start + verb_at, end))
    ):
        return None
    supplier, supplier_id, seller = _news_supplier(sentence, start, inside, refs)
    if supplier is None and context is not None:
        supplier, supplier_id, seller = context.supplier, context.supplier_id, context.seller_country
    elif supplier is None and COMPANY_AGAIN.search(sentence):
        supplier, supplier_id, seller = _company_before(mentions, start, refs)
    elif supplier is None and maker is not None:
        supplier, supplier_id, seller = maker.text, maker.entity_id, refs.org_country.get(maker.entity_id)
    if (
        not lenient
        and value is None
        # without a value, a deal names a weapon system or a count of what it buys
        and not (
            (weapon_id or quantity)
            # deals-11: or the delivery of a named system ("took delivery of the frigate TCG İzmir")
            and (DEAL_NOUN.search(sentence) or quantity or supplier or stage == "delivered")
        )
    ):
        return None
    if (
        _subcontract(sentence, start, inside, refs)
        or _chosen_not_signed(text, spans, start, end, verb_at)
        or _bought_from_forces(text, start, verb_at, inside, refs)
        or _company_buys(text, start, end, verb_at, inside, refs)
    ):
        return None
    buyer, agency = _news_buyer(text, start, end, stage, inside, supplier_id, seller, refs)
    before = next((s for s in reversed(spans) if s[1] <= start), None)  # the sentence before
    if buyer is None and before is not None and PRONOUN_SUBJECT.match(sentence):
        # deals-22: "it" is the body the sentence before opens with ("WARSAW - Poland's Armament Agency spent
        # .... On Wednesday it signed another contract with ... Mesko")
        earlier = [m for m in within(mentions, *before) if m.entity_type == "country"]
        opened = _subject_body(text, before[0], earlier)
        if opened is not None and opened[0] is not None:
            buyer, agency = opened[0], agency or opened[1]
    if (
        buyer is None
        and before is not None
        and supplier is not None
        and not any(m.entity_type == "country" for m in inside)
    ):
        # deals-26: the government body the sentence before names buys what this one's supplier received
        # ("The Norwegian Defence Materiel Agency announced three contracts .... Kongsberg ... received an
        # order for Naval Strike Missiles ...; Nammo received ...")
        opener = _news_buyer(text, *before, stage, within(mentions, *before), supplier_id, seller, refs)
        if opener[0] is not None and opener[1] is not None:
            buyer, agency = opener[0], agency or opener[1]
    if buyer is None and value is not None and value.currency in CURRENCY_HOME:
        body = DEFENCE_BODY.search(sentence)
        if body:
            buyer, agency = CURRENCY_HOME[value.currency], agency or body.group(0)
    if buyer is None and context is not None:
        buyer, agency = context.buyer, context.agency
    if buyer is None and not lenient and (supplier is None or not GOVERNMENT_WORD.search(sentence)):
        # deals-31: a news deal names its buyer, or at least a government or military body buys in it
        return None
    return Deal(
        rule="news",
        stage=stage,
        start=start,
        end=end,
        buyer=buyer,
        seller_country=seller,
        supplier=supplier,
        supplier_id=supplier_id,
        system=system,
        weapon_id=weapon_id,
        quantity=quantity,
        amount=value,
        agency=agency,
    )


# deals-31 (written30): what the deal came after or happens beside, trailing it (", two weeks after a Paris
# court froze €210 million meant for later payments on the jets", ", days after a parts distributor was jailed
# for selling $3.2 million of counterfeit microchips", ", even as ...", ", while ..."): an amount there is not
# the deal's. ASIDE reads the same phrases for the intention patterns, not for the value.
TRAILING_ASIDE = re.compile(
    r",\s+(?:(?:(?:nearly|almost|about|more\s+than|some|just|only)\s+)?(?:(?:a|an|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|several|a\s+few|\d+)\s+(?:hours?|days?|weeks?|months?|years?)|hours|"
    r"days|weeks|months|years|shortly|soon|the\s+(?:day|week|month))\s+(?:after|before)|even\s+as|even\s+though|"
    r"although|though|while|whereas)\s"
)
TRAILING_KEYS = (" after ", " before ", " even ", "though ", " while ", " whereas ")


def trailing_aside(sentence: str) -> int:
    """Where a trailing clause of what a deal came after or happens beside starts (TRAILING_ASIDE), 0 when
    the sentence has none; its keys are looked for first."""
    if not any(map(sentence.__contains__, TRAILING_KEYS)):
        return 0
    match = TRAILING_ASIDE.search(sentence)
    return match.start() if match else 0


GOVERNMENT_WORD = re.compile(
    r"(?i)\b(?:ministr(?:y|ies)|government|army|navy|air\s+force|armed\s+forces|military|defen[cs]e|"
    r"procurement|materiel|agency|administration|department|forces|marines|coast\s+guard|mod|dod|centre|"
    r"center|office|directorate|authority|command|"
    # a buyer the text does not name ("from an international customer", "by a country in Europe")
    r"customers?|clients?|countr(?:y|ies)|nations?)\b"
)


COVERS = re.compile(
    rf"\s*(?:The|This|That)\s+(?:order|contract|deal|agreement|purchase|package)\s+(?:covers|includes|is\s+for|"
    rf"comprises|calls\s+for)\s+(?:up\s+to\s+)?(?P<n>{NUM})\s+[a-z]"
)


# deals-23: also the end or start of a year, "years ago" having its own key
MONTH_YEAR = rf"\b(?:(?:{MONTHS})|(?:end|start|beginning) of) (?:19|20)\d\d\b"


def _total_of(phrase: str) -> int | None:
    """The whole of "the first six of the 24": 24."""
    whole = phrase.rsplit(" of ", 1)[-1].split()
    return count_of(whole[-1]) if whole else None


ABBREVIATION_END = re.compile(r"(?:\b(?:Inc|Co|Corp|Ltd|Bhd|Pty|Jr|Sr)|\b[A-Z]\.[A-Z]?)\.$")
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|is|are)\s+$")
HYPHENATED_BEFORE = re.compile(r"\b[A-Z][A-Z&]{1,8}-$")
NAME_IN_COMPANY = re.compile(
    r"\s+(?:S\.A\.|SA|S\.p\.A\.|Ltd|Limited|Inc|GmbH|AG|ASA|AS|plc|PLC|LLC|Corp|Co\.|Oy|AB|Sp\.\s?z\s?o\.o\.)(?:\W|$)"
)


# deals-14: a company that places an order with another company buys for itself (a subcontract: "Northrop
# Grumman has placed an order with Rheinmetall for F-35 centre fuselage sections"); no government buys
COMPANY_ORDER = re.compile(
    r"(?i)\bplaced\s+(?:an?\s+|its\s+|a\s+[\w-]+\s+)?(?:[\w-]+\s+)?orders?\s+with\b|\bsub-?contract"
)
# deals-14: a type chosen whose contract is still to be signed ("has chosen the C-390 ... It plans to sign a
# contract for one aircraft in 2027")
CHOSEN = re.compile(r"(?i)(?:chose|chosen|selected|picked|opted)\b")
LATER_SIGNING = re.compile(
    r"(?i)\b(?:plans?|intends?|expects?|aims?|hopes?)\s+to\s+(?:sign|conclude|finali[sz]e)\b|\bwill\s+sign\b|"
    r"\b(?:is|are)\s+(?:to|due\s+to|expected\s+to|scheduled\s+to)\s+be\s+signed\b"
)


def _subcontract(sentence: str, start: int, inside: list[Mention], refs: DealReferences) -> bool:
    """Whether a company named right before the order orders from another company (deals-14)."""
    lowered = sentence.lower()  # the pattern's keys, a substring test before the regex
    if "placed" not in lowered and "subcontract" not in lowered and "sub-contract" not in lowered:
        return False
    order = COMPANY_ORDER.search(sentence)
    if order is None:
        return False
    subject = next(
        (
            m
            for m in reversed(inside)
            if m.start < start + order.start() and m.entity_type in ("organization", "country")
        ),
        None,
    )
    if subject is None or subject.entity_type != "organization":
        return False
    if refs.org_type.get(subject.entity_id) != "company":
        return False
    return any(  # the company the order goes to
        m.entity_type == "organization"
        and refs.org_type.get(m.entity_id) == "company"
        and m.entity_id != subject.entity_id
        for m in inside
        if m.start >= start + order.start()
    )


# deals-25: a company that buys from armed forces or a ministry ("Rheinmetall has bought 64 retired Marder
# 1A3 infantry fighting vehicles from the Bundeswehr for about €9 million"): the government sells, no
# government buys. Active voice only ("... were bought from KNDS by Belgium" is Belgium's purchase).
COMPANY_BUYS = re.compile(
    r"(?i)(?:(?:has|have|had)\s+)?(?:bought|buys|purchased|purchases|acquired|acquires)\b"
)
FROM_BEFORE = re.compile(r"(?i)\bfrom\s+(?:the\s+)?$")
SELLING_BODIES = frozenset({"armed_service", "ministry", "agency", "command"})


def _bought_from_forces(
    text: str, start: int, verb_at: int, inside: list[Mention], refs: DealReferences
) -> bool:
    """Whether the sentence's subject is a company that buys from a government body (deals-25)."""
    verb = start + verb_at
    if not COMPANY_BUYS.match(text, verb) or PASSIVE_BEFORE.search(text, max(start, verb - 8), verb):
        return False
    subject = next(
        (m for m in inside if m.entity_type in ("organization", "country") and m.end <= verb), None
    )
    if subject is None or refs.org_type.get(subject.entity_id) != "company":
        return False
    return any(
        m.entity_type == "organization"
        and m.start > verb
        and refs.org_type.get(m.entity_id) in SELLING_BODIES
        and FROM_BEFORE.search(text, max(verb, m.start - 12), m.start)
        for m in inside
    )


# deals-29 (written28): a company that buys, orders or gives a contract itself, its name right before the
# verb ("Saab has agreed to buy the Finnish sonar maker ...", "BAE Systems has bought two Dassault Falcon 6X
# business jets", "Leonardo has awarded Avio Aero a €140 million contract"): no government buys, whatever the
# item (deals-14's placed order and deals-25's purchase from the armed forces were two cases of it). Active
# voice only; a bare "awarded" only with a company right after it ("Saab awarded $1bn contract" is a
# headline's passive).
COMPANY_VERB_GAP = re.compile(r"(?i)\s*(?:(?:has|have|had|also|now|recently|agreed\s+to|agrees\s+to)\s+)*")
COMPANY_BUYER_VERB = re.compile(
    r"(?i)(?:bought|buys|buy|purchased|purchases|purchase|acquired|acquires|acquire|ordered|orders|order|placed|places|"
    r"(?P<award>awarded|awards|award|contracted|contracts)|(?P<signed>signed|signs|concluded|concludes|inked|"
    r"inks)|(?P<chose>selected|selects|chose|chooses|picked|picks|tapped|taps))\b"
)
AUXILIARY_END = re.compile(r"(?i)\b(?:has|have|had)\s+$")
# an active "awarded" with its recipient named before the object ("awarded Civmec a A$250 million contract")
# or after "to" ("awarded a €100 million contract to Chantiers de l'Atlantique")
AWARDED_TO_NAME = re.compile(
    r"\s+(?:[A-Z][\w&.'’-]*\s+){1,5}(?:an?|the)\s|\s+(?:an?|the)\s+[^.;]{0,80}?\sto\s+[A-Z]"
)
WITH_PARTY = re.compile(r"(?i)\bwith\s+(?:the\s+)?$")


def _company_right_after(text: str, at: int, inside: list[Mention], refs: DealReferences, other: str) -> bool:
    """Whether the first organization or country mentioned at or after ``at`` is a company other than
    ``other``, with nothing but spaces before it ("selected Honeywell", "awarded Civmec")."""
    following = next(
        (m for m in inside if m.start >= at and m.entity_type in ("organization", "country")), None
    )
    return (
        following is not None
        and following.entity_id != other
        and refs.org_type.get(following.entity_id) == "company"
        and not text[at : following.start].strip()
    )


def _company_buys(
    text: str, start: int, end: int, verb_at: int, inside: list[Mention], refs: DealReferences
) -> bool:
    """Whether the subject right before the deal verb is a company that buys, orders, awards, chooses a
    supplier or signs with another company (deals-29)."""
    verb = start + verb_at
    before = [m for m in inside if m.entity_type in ("organization", "country") and m.end <= verb]
    if not before:
        return False
    subject, subject_end = before[-1], before[-1].end
    if (
        subject.entity_type == "country"
        and len(before) > 1
        and refs.org_type.get(before[-2].entity_id) == "company"
        and not text[before[-2].end : subject.start].strip()
    ):
        subject = before[-2]  # a company named with its country ("Thales Australia", "Rheinmetall Hungary")
    if refs.org_type.get(subject.entity_id) != "company":
        return False
    gap = COMPANY_VERB_GAP.match(text, subject_end, verb)
    if gap is None or gap.end() != verb:
        return False
    acted = COMPANY_BUYER_VERB.match(text, verb, end)
    if acted is None:
        return False
    if acted.group("signed"):  # signed with another company ("signed a contract with Siemens for ...")
        party = next(
            (
                m
                for m in inside
                if m.start >= acted.end() and WITH_PARTY.search(text, max(acted.end(), m.start - 12), m.start)
            ),
            None,
        )
        return (
            party is not None
            and party.entity_id != subject.entity_id
            and refs.org_type.get(party.entity_id) == "company"
            and not any(  # no government body in the sentence
                m.entity_type == "country" or refs.org_type.get(m.entity_id) in SELLING_BODIES for m in inside
            )
        )
    if acted.group("chose"):  # a supplier chosen by a company ("selected Honeywell to supply ...")
        return _company_right_after(text, acted.end(), inside, refs, subject.entity_id)
    if acted.group("award") is None or AUXILIARY_END.search(text, subject_end, verb):
        return True
    if AWARDED_TO_NAME.match(text, acted.end(), end):
        return True
    return _company_right_after(text, acted.end(), inside, refs, subject.entity_id)  # a bare "awarded"


def _chosen_not_signed(text: str, spans: list[tuple[int, int]], start: int, end: int, verb_at: int) -> bool:
    """Whether the deal verb is a choice and the sentence, or the one after it, says the contract is still to
    be signed (deals-14), or the one before it (deals-18: "Saab expects to sign a contract with Poland for
    three A26 submarines ... Warsaw chose the Swedish design for its Orka programme in November")."""
    if not CHOSEN.match(text, start + verb_at):
        return False
    following = next(((s, e) for s, e in spans if s >= end), (end, end))
    preceding = next(((s, e) for s, e in reversed(spans) if e <= start), (start, start))
    return bool(
        LATER_SIGNING.search(text, start, end)
        or LATER_SIGNING.search(text, *following)
        or LATER_SIGNING.search(text, *preceding)
    )


# deals-12: a civilian item bought (a city's electric buses, a shipowner's LNG carriers from a yard that also
# builds submarines) is no defence deal, whoever buys it
CIVILIAN = re.compile(
    r"(?i)\b(?:(?:electric|city|school|transit|hybrid|hydrogen|articulated|double-decker)\s+bus|buses|trams?|"
    r"trolleybus(?:es)?|locomotives?|railcars?|(?:commuter|passenger|high-speed)\s+trains?|(?:LNG|LPG|ammonia|container|bulk|car|cruise|crude|oil|product|chemical)\s+(?:carriers?|ships?|"
    r"vessels?|tankers?)|liquefied\s+(?:natural|petroleum)\s+gas\s+carriers?|ferries|airliners?|passenger\s+"
    r"(?:jets?|aircraft|ferries)|"
    # deals-27/28: police kit, weather satellites and radars, coaches
    r"body[\s-]+(?:worn\s+)?cameras?|(?:police|patrol)\s+cars?|(?:weather|meteorological|climate)\s+"
    r"(?:satellites?|radars?)|(?:intercity|tourist|touring|city)\s+coaches)\b"
)


CIVILIAN_KEYED = Keyed(CIVILIAN)


# deals-8: a company bought by another ("Leonardo agreed to buy Iveco Defence Vehicles for €1.7 billion", "has
# acquired a 30% stake in ..."): a takeover, no government buys goods or services
TAKEOVER = re.compile(
    r"(?i)\b(?:buy|buys|bought|acquire|acquires|acquired|took\s+over|takes\s+over|take\s+over|"
    r"(?:purchase|acquisition|takeover)\s+of)\s+(?:(?:a|an|its|the)\s+)?(?:[\w.%-]+\s+)?(?:stake\s+in\s+)?"
    r"(?:(?:the|its|rival|peer)\s+)?$"
)
TAKEOVER_KEYED = Keyed(TAKEOVER)

TAKEN_OVER_END = re.compile(r"\s*(?:[,.;]|$|(?:for|from|in|with|and)\b)")  # the company is the whole object


def _takeover(text: str, inside: list[Mention], refs: DealReferences) -> bool:
    """Whether a company is the whole object of a buying verb in the sentence (a takeover, not a deal):
    "bought Rheinmetall Skyranger systems" buys systems."""
    return any(
        mention.entity_type == "organization"
        and refs.org_type.get(mention.entity_id) == "company"
        and TAKEN_OVER_END.match(text, mention.end) is not None  # cheaper than the verb before it
        and TAKEOVER_KEYED.matches(text, max(0, mention.start - 40), mention.start)
        for mention in inside
    )


# deals-6: the value said in the clause after a semicolon ("... for one more FDI frigate; the ship, to be
# built in Lorient, will cost about €1 billion"): the price of what the deal buys, "will cost" though it says
COST_AFTER = re.compile(
    r"(?i)\s*;\s+(?:the|this|that|its)\s+[^.;]{0,80}?\b(?:will\s+cost|would\s+cost|costs?|is\s+worth|"
    r"is\s+valued\s+at|is\s+priced\s+at)\b"
)


def _cost_said_after(
    text: str, spans: list[tuple[int, int]], end: int, amounts: list[Amount]
) -> Amount | None:
    """The value said after a semicolon that ends the deal's clause, within the same sentence."""
    if not text.startswith(";", end):
        return None
    match = COST_AFTER.match(text, end)
    stop = next((e for s, e in spans if s <= end < e), None)
    if match is None or stop is None:
        return None
    return deal_value(text, within(amounts, match.end(), stop))


def _outside_relative(text: str, sentence: str, start: int, amounts: list[Amount]) -> Amount | None:
    """The deal's value among ``amounts``: the first outside relative clauses, else the first inside one."""
    if len(amounts) > 1 and ("which" in sentence or "who" in sentence):
        relative = [(m.start() + start, m.end() + start) for m in RELATIVE.pattern.finditer(sentence)]
        outside = [a for a in amounts if not any(b <= a.start < e for b, e in relative)]
        value = deal_value(text, outside)
        if value is not None:
            return value
    return deal_value(text, amounts)


def _news_supplier(
    sentence: str, start: int, inside: list[Mention], refs: DealReferences
) -> tuple[str | None, str | None, str | None]:
    for mention in inside:
        if mention.entity_type == "organization" and refs.org_type.get(mention.entity_id) == "company":
            if _parent_before(sentence, mention.start - start):
                continue  # deals-14: "ADASI, part of the EDGE Group": the parent is not the supplier
            if PARENT_OF_NEXT.match(sentence, mention.end - start):
                continue  # deals-33: "EDGE subsidiary NIMR": nor is a parent named before its subsidiary
            if _hyphenated_to_company(sentence, start, mention, inside, refs):
                continue  # "GDELS-Santa Bárbara Sistemas": the name is read at its second part
            branch = _branch(sentence, start, mention, inside)
            if branch is not None:  # "Thales UK", "Anduril Australia": the subsidiary of that country
                return (
                    sentence[mention.start - start : branch.end - start],
                    mention.entity_id,
                    branch.entity_id,
                )
            # deals-14: a company first named by its initials takes the full name the sentence also gives it
            # ("KAI lands ...\nKorea Aerospace Industries said")
            written = mention.text
            # deals-17: the name as written, with the initials hyphenated before it ("GDELS-Santa Bárbara
            # Sistemas")
            at = mention.start - start
            joined = (
                at > 0 and sentence[at - 1] == "-" and HYPHENATED_BEFORE.search(sentence, max(0, at - 12), at)
            )
            if joined:
                written = joined.group(0) + written
            if mention.text.isupper() and len(mention.text) <= 5:
                written = max(
                    (
                        m.text
                        for m in inside
                        if m.entity_id == mention.entity_id and not _parent_before(sentence, m.start - start)
                    ),
                    key=len,
                )
            return written, mention.entity_id, refs.org_country.get(mention.entity_id)
    candidates = [(p, False) for p in OBJECT_SUPPLIERS] + [(p, True) for p in SUBJECT_SUPPLIERS]
    for pattern, needs_suffix in candidates:
        match = pattern.search(sentence)
        if not match:
            continue
        name = match.group("s").strip()
        if name.endswith(".") and not ABBREVIATION_END.search(name):
            name = name[:-1]  # deals-18: the sentence's full stop ("... and Turkey's Dearsan.")
        if GOVERNMENT.search(name) or name.lower() in refs.country_by_name or name in US_STATES:
            continue  # deals-32: nor a U.S. state ("with Texas shipbuilder Acme Marine")
        if needs_suffix and not COMPANY_SUFFIX.search(name):
            continue
        home = _home(name, inside, start, sentence, refs) or _state_home(name, sentence)
        return name, company_id(name, refs), home
    return None, None, None


def _hyphenated_to_company(
    sentence: str, start: int, company: Mention, inside: list[Mention], refs: DealReferences
) -> bool:
    """Whether a company's initials are joined by a hyphen to another company's name ("GDELS-Santa Bárbara
    Sistemas"): one company, written with its parent's initials, which HYPHENATED_BEFORE reads."""
    return (
        sentence[company.end - start : company.end - start + 1] == "-"
        and HYPHENATED_BEFORE.search(sentence[: company.end - start + 1]) is not None
        and any(
            m.start == company.end + 1
            and m.entity_type == "organization"
            and refs.org_type.get(m.entity_id) == "company"
            for m in inside
        )
    )


def _parent_before(sentence: str, at: int) -> bool:
    """Whether PARENT_BEFORE matches in the 30 characters before ``at``; "of" or "by" looked for first, as
    every match holds one of them."""
    begin = max(0, at - 30)
    lowered = folded(sentence[begin:at])
    return ("of" in lowered or "by" in lowered) and PARENT_BEFORE.search(sentence, begin, at) is not None


def _company_before(
    mentions: list[Mention], start: int, refs: DealReferences
) -> tuple[str | None, str | None, str | None]:
    """The last company named before ``start``: who "the company" of a later sentence is."""
    for mention in reversed(mentions):
        if (
            mention.end <= start
            and mention.entity_type == "organization"
            and refs.org_type.get(mention.entity_id) == "company"
        ):
            return mention.text, mention.entity_id, refs.org_country.get(mention.entity_id)
    return None, None, None


def _branch(sentence: str, start: int, company: Mention, inside: list[Mention]) -> Mention | None:
    """The country right after a company's name ("Thales UK", "General Dynamics Land Systems-Canada")."""
    for mention in inside:
        gap = sentence[company.end - start : mention.start - start]
        after = sentence[mention.end - start : mention.end - start + 2]
        if (
            mention.entity_type == "country"
            and 0 < mention.start - company.end <= 1
            and gap in {" ", "-"}
            and after not in {"'s", "’s"}
        ):
            return mention
    return None


COMPANY_NOUN_BEFORE = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:shipbuilder|shipyard|company|firm|group|maker|manufacturer|contractor|"
    r"supplier|producer|builder|broker|dealer)\s+"
)


def _home(name: str, inside: list[Mention], start: int, sentence: str, refs: DealReferences) -> str | None:
    """The supplier's country when the sentence says it: "Norway's Kongsberg", "Kongsberg of Norway"."""
    at = sentence.find(name)
    for mention in inside:
        if mention.entity_type != "country" or at < 0:
            continue
        offset = mention.start - start
        if offset + len(mention.text) + 3 >= at > offset and sentence[offset + len(mention.text)] in "'’":
            return mention.entity_id
        # deals-31: a country adjective before a company noun ("with German shipbuilder Nordwerft", "the
        # Swedish defence group X")
        if 0 < at - offset - len(mention.text) <= 40 and COMPANY_NOUN_BEFORE.fullmatch(
            sentence, offset + len(mention.text), at
        ):
            return mention.entity_id
    return None


def _state_home(name: str, sentence: str) -> str | None:
    """deals-32: ``USA`` when a U.S. state is written before a company noun and the name ("Florida broker Jet
    Source International", "Texas shipbuilder Acme Marine"), as a country adjective is (deals-31)."""
    at = sentence.find(name)
    match = STATE_BEFORE.search(sentence, max(0, at - 40), at) if at > 0 else None
    if match is None and at > 0:  # deals-33: also "Ohio-based Lakeside Precision"
        match = STATE_BASED.search(sentence, max(0, at - 40), at)
    return "USA" if match and match.end() == at and match.group("state") in US_STATES else None


STATE_BASED = re.compile(r"\b(?P<state>(?:(?:New|North|South|West|Rhode)\s)?[A-Z][a-z]+)-based\s+")


STATE_BEFORE = re.compile(
    rf"\b(?P<state>(?:(?:New|North|South|West|Rhode)\s)?[A-Z][a-z]+){COMPANY_NOUN_BEFORE.pattern}"
)


# deals-5: the buying body as the subject of the sentence ("Norway's Defence Materiel Agency ordered ...",
# "The MoD has placed ..."): the buyer, whatever country the order is "for"
SUBJECT_DEFENCE_BODY = re.compile(rf"[\"“]?(?:[Tt]he\s+)?{DEFENCE_BODY.pattern}")
# a body named after a country adjective ("the Norwegian Defence Materiel Agency", "the Dutch defence
# ministry")
ADJECTIVE_BODY = re.compile(
    r"\s+(?:(?:[A-Z][\w&-]*\s+){0,4}?(?:Ministry|Agency|Administration|Directorate|Command|Department|"
    r"Organi[sz]ation|Procurement|Materiel|Armaments?|Navy|Army|Air\s+Force|Armed\s+Forces|Coast\s+Guard)\b"
    r"(?:\s+(?:of|for)\s+(?:National\s+)?Defen[cs]e\b)?|(?i:defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|"
    r"army|navy|air\s+force|armed\s+forces))\b"
)


PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:(?:On|In|Last|This|Earlier|Later)\s+[\w ]{0,20}?,?\s+)?"
    r"(?:[Ii]t|[Tt]he\s+(?:agency|ministry|department|administration|office))\s+(?:has\s+|had\s+|also\s+|then\s+)?"
    r"(?:signed|ordered|awarded|placed|bought|purchased|exercised|concluded)\b"
)


def _subject_body(text: str, start: int, countries: list[Mention]) -> tuple[str | None, str | None] | None:
    """(buyer, agency) when the sentence starts with a government body: a possessive country's ("Norway's
    Defence Materiel Agency") or a defence ministry named without its country (buyer None); else None."""
    # deals-21: the subject after a dateline ("ABIDJAN - Côte d'Ivoire's")
    dateline = DATELINE.match(text, start)
    start = dateline.end() if dateline else start
    for country in countries[:1]:
        if (
            0 <= country.start - start <= 4
            and text[country.end : country.end + 1] in "'’"
            and (POSSESSIVE_GOVERNMENT.match(text, country.end))
        ):
            body = POSSESSIVE_BODY.match(text, country.end)
            named = body.group("body") if body and GOVERNMENT_BODY.search(body.group("body")) else None
            return country.entity_id, named
    opening = text[start : start + 24]
    body = (
        SUBJECT_DEFENCE_BODY.match(text, start)
        if "MoD" in opening or "efen" in opening or "inist" in opening
        else None
    )
    if body and text[body.end() : body.end() + 2] not in {"'s", "’s"}:
        # deals-33: not a body whose spokesperson or minister speaks ("The defence ministry's spokesperson
        # confirmed ... that Indonesia signed ...")
        return None, body.group(0).lstrip('"“').removeprefix("The ").removeprefix("the ")
    return None


# deals-26: a defence ministry named without its country ("the Ministry of National Defence", "the Defence
# Ministry"), which the gazetteer gives one country's id: as a whole mention, and inside a sentence (there
# not "Department of Defense", which "U.S." before it names)
GENERIC_MINISTRY_NAMES = (
    r"Ministry\s+of\s+(?:National\s+)?Defen[cs]e|(?:National\s+)?Defen[cs]e\s+Ministry|"
    r"Ministry\s+of\s+the\s+Armed\s+Forces"
)
GENERIC_MINISTRY = re.compile(
    rf"(?i)(?:the\s+)?(?:{GENERIC_MINISTRY_NAMES}|Department\s+of\s+(?:National\s+)?Defen[cs]e)$"
)
GENERIC_MINISTRY_IN = re.compile(
    rf"(?:^|(?<=[\s:;,(]))(?:[Tt]he\s+)?(?P<body>(?:{GENERIC_MINISTRY_NAMES}))(?!\s+of\s)"
)


def dateline_country(text: str, refs: DealReferences) -> str | None:
    """The country of the text's dateline: the country it names ("RAUFOSS, Norway - "), else the country
    whose capital it is ("HANOI - "); None without a dateline or when neither is known."""
    dateline = DATELINE.match(text)
    if dateline is None:
        return None
    place = dateline.group(0).rstrip().rstrip("-–—").strip()
    parts = [part.strip().lower() for part in place.split(",")]
    if len(parts) > 1 and parts[-1] in refs.country_by_name:
        return refs.country_by_name[parts[-1]]
    return refs.capital_country.get(parts[0])


def _news_buyer(
    text: str,
    start: int,
    end: int,
    stage: str,
    inside: list[Mention],
    supplier_id: str | None,
    seller: str | None,
    refs: DealReferences,
) -> tuple[str | None, str | None]:
    """(buyer, agency): a government body that buys, else the country the sale goes to, else the subject."""
    agency = None
    buyer = None
    for mention in inside:
        if mention.entity_type != "organization" or mention.entity_id == supplier_id:
            continue
        kind = refs.org_type.get(mention.entity_id)
        if kind in {"armed_service", "ministry", "agency", "command"} and mention.entity_id not in {
            "us-state-department",
            "dsca",
        }:
            agency = mention.text
            buyer = refs.org_country.get(mention.entity_id)
            # deals-18: the country whose body it is, said right before it ("Senegal's Ministry of the Armed
            # Forces" is not France's, whose name it shares)
            owner = next(
                (
                    m.entity_id
                    for m in inside
                    if m.entity_type == "country"
                    and 0 <= mention.start - m.end <= 3
                    and m.end < mention.start
                    and text[m.end : mention.start].strip() in {"'s", "’s", "'", "’"}
                ),
                None,
            )
            buyer = owner or buyer
            if owner is None and GENERIC_MINISTRY.match(mention.text):
                # deals-26: "the Ministry of National Defence" of a story datelined HANOI is Vietnam's
                buyer = dateline_country(text, refs) or buyer
            break
    companies = [
        m for m in inside if m.entity_type == "organization" and refs.org_type.get(m.entity_id) == "company"
    ]
    countries = [  # "France" of "KNDS France", "UK" of "Thales UK" name no country of the deal
        m
        for m in inside
        if m.entity_type == "country"
        and not any(c.start <= m.start and (m.end <= c.end or 0 < m.start - c.end <= 1) for c in companies)
    ]
    subject = _subject_body(text, start, countries)
    if buyer is None and subject is not None:  # deals-5: "Norway's Defence Materiel Agency ordered ..."
        buyer, agency = subject
        if buyer is None:  # "The MoD has placed a £1.6bn order ... for Ukraine": the currency says whose
            return None, agency
    if buyer is None and stage != "requested":  # a request goes *to* the seller's government
        for country in countries:
            if (
                TO_COUNTRY.search(text[max(start, country.start - 40) : country.start])
                and country.entity_id != seller
            ):
                buyer = country.entity_id
                break
    if buyer is None:
        for country in countries:  # "Brazil's air force received ..."
            if POSSESSIVE_GOVERNMENT.match(text, country.end):
                buyer = country.entity_id
                body = POSSESSIVE_BODY.match(text, country.end)  # "Norway's Defence Materiel Agency"
                if agency is None and body and GOVERNMENT_BODY.search(body.group("body")):
                    agency = body.group("body")
                break
    if buyer is None:
        for country in countries:
            body = POSSESSIVE_BODY.match(text, country.end)
            company = body is not None and any(
                m.start == body.start("body") and refs.org_type.get(m.entity_id) == "company"
                for m in inside
                if m.entity_type == "organization"
            )
            if body and not company and GOVERNMENT_BODY.search(body.group("body")):
                buyer, agency = country.entity_id, agency or body.group("body")
                break
    if buyer is None:
        for country in countries:  # "an order from the Norwegian Defence Materiel Agency"
            body = ADJECTIVE_BODY.match(text, country.end)
            if body and text[country.start : country.end][:1].isupper():
                buyer, agency = country.entity_id, agency or text[country.start : body.end()]
                break
    if buyer is None:
        for country in countries:
            from_country = FROM_BEFORE.search(text[max(start, country.start - 12) : country.start])
            possessive = text[country.end : country.end + 2] in {"'s", "’s"}
            if from_country or (possessive and country.entity_id == seller):
                continue
            # deals-12: one country named several times ("Canada ...\nOttawa has awarded Irving
            # Shipbuilding ...") buys from its own industry, as when named once
            if country.entity_id != seller or len({c.entity_id for c in countries}) == 1:
                buyer = country.entity_id
                break
    if seller is not None and buyer in (None, seller):
        # deals-26: a defence ministry named without its country buys for the country of the dateline
        # ("HANOI - ... the Ministry of National Defence signed a contract with Hanwha Aerospace"), rather
        # than the seller's country buying from its own industry (a seller known: not a deal of its own)
        generic = GENERIC_MINISTRY_IN.search(text, start, end)
        home = dateline_country(text, refs) if generic else None
        if generic and home:
            buyer, agency = home, agency or generic.group("body")
    if buyer is None and seller == "USA" and US_BUYER.search(text, start, end):
        buyer = "USA"
    return buyer, agency
