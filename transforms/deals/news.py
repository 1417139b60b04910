"""News sentences with a deal verb that are not intentions, budget lines or yearly totals."""

from __future__ import annotations

import re

from transforms.deals.common import (
    TO_COUNTRY,
    Amount,
    Deal,
    DealReferences,
    Mention,
    company_id,
    deal_value,
    named_system,
    phrase_item,
    within,
)

STAGE_VERBS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "delivered",
        re.compile(
            r"(?i)\b(?:took|takes|take|taking|has\s+taken|have\s+taken)\s+delivery\b|\bhanded\s+over\b|"
            r"\bhands\s+over\b|\bdeliver(?:ed|s)\s+(?:the\s+)?(?:first|last|final|its|their|\d+|[a-z]+\s+\w+\s+to)\b|"
            r"\b(?:received|receives)\s+(?:its|the|their)\s+(?:first|last|final|initial|\w+th)\b"
        ),
    ),
    ("option", re.compile(r"(?i)\bexercis\w*\s+(?:\w+\s+){0,3}options?\b")),
    ("signed", re.compile(r"(?i)\b(?:signed|signs|sign|inked|inks|concluded|concludes|sealed|seals)\b")),
    (
        "modification",
        re.compile(
            r"(?i)\b(?:contract\s+modification|modification\s+(?:to|of|contract)|(?:modified|amended|expanded)\s+"
            r"(?:an?\s+|the\s+|its\s+)?(?:existing\s+)?(?:\w+\s+)?(?:contract|order|agreement))\b"
        ),
    ),
    (
        "approved",
        re.compile(
            r"(?i)\b(?:approved|approves|cleared|clears|green-?lit|authori[sz]ed)\b[^.;]{0,80}?\b(?:sales?|FMS|exports?)\b"
        ),
    ),
    (
        "requested",
        re.compile(
            r"(?i)\b(?:requested\s+to\s+(?:buy|purchase|procure)|letters?\s+of\s+request|"
            r"requested\s+(?:the\s+)?(?:possible\s+)?(?:purchase|sale))\b"
        ),
    ),
    (
        "awarded",
        re.compile(
            r"(?i)\b(?:awarded|awards|award|won|wins|win|secured|secures|selected|picked|chose|chosen|"
            r"ordered|orders|order\s+for|placed\s+(?:an?\s+)?(?:\w+\s+){0,3}orders?|purchased|purchases|"
            r"bought|buys|buy|procured|procures|contracted|tapped|booked|received\s+an?\s+|receives\s+an?\s+|"
            r"(?:will|to)\s+(?:supply|deliver|provide|build|produce))\b"
        ),
    ),
)


US_BUYER = re.compile(
    r"\b(?:the\s+)?(?:U\.S\.\s+|US\s+)?(?:Army|Navy|Air\s+Force|Marine\s+Corps|Space\s+Force|Pentagon|"
    r"Defense\s+Department|Department\s+of\s+Defense|Missile\s+Defense\s+Agency)\b"
)


DEAL_NOUN = re.compile(
    r"(?i)\b(?:contracts?|orders?|deals?|agreements?|sales?|purchases?|acquisitions?|buy)\b"
)


NOT_A_DEAL = re.compile(
    r"(?i)\b(?:plans?\s+to|planning\s+to|planned|considering|considers|consider|could|would|might|"
    r"may\s+(?:buy|order|purchase|sign)|intends?\s+to|seeks?\s+to|seeking|wants?\s+to|hopes?\s+to|"
    r"expected\s+to\s+(?:sign|order|buy|award|purchase)|in\s+talks|talks\s+(?:on|over|with|for)|"
    r"negotiat\w+|proposed|budget|appropriat\w+|spending\s+bill|if\s+approved|cancel\w*|protest\w*|"
    r"withdr[ae]w\w*|scrapp\w*|rejected|revenue|earnings|quarter|forecast|market\s+(?:for|worth)|"
    r"overrun|cost\s+growth|test[- ](?:fired|launch\w*|firing)|launched)\b"
)


AGGREGATE = re.compile(
    r"(?i)\b(?:in|of)\s+(?:new\s+)?contracts\b|\b\d+\s+contracts\b|\bcontracts\s+(?:worth|totaling|valued)\b|"
    r"\b(?:requests|sales|deals)\s+valued\b|\btotal(?:ed|ing)?\s+(?:of\s+)?\$"
)


SUPPLIER_PATTERNS = (
    re.compile(
        r"(?:awarded|awards|award|tapped|selected|picked|chose)\s+(?P<s>(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*)\s+(?:an?|the)\s"
    ),
    re.compile(
        r"(?:contract|agreement|deal|order)\s+(?:with|from|to)\s+(?P<s>(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*)"
    ),
    re.compile(
        r"^(?:[\"“]?)(?P<s>(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*)(?:,[^,]{0,60},)?\s+(?:has\s+|have\s+|was\s+|were\s+|is\s+)?(?:been\s+)?(?:awarded|won|wins|secured|secures|received|receives|will\s+supply|will\s+deliver|delivered|handed|signed|inked|booked)\b"
    ),
)


COMPANY_SUFFIX = re.compile(
    r"(?i)\b(?:co|corp|corporation|inc|incorporated|llc|l\.l\.c|ltd|limited|lp|l\.p|plc|ag|ab|asa|sa|s\.a|"
    r"gmbh|jv|company|group|holdings|systems|industries|technologies|international|defense|defence|"
    r"aerospace|aeronautics|dynamics)\b"
)


def _stage(sentence: str) -> tuple[str, int] | None:
    for stage, pattern in STAGE_VERBS:
        match = pattern.search(sentence)
        if match:
            return stage, match.start()
    return None


def news_deals(
    text: str,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
) -> list[Deal]:
    deals: list[Deal] = []
    for start, end in spans:
        sentence = text[start:end]
        found = _stage(sentence)
        if found is None:
            continue
        stage, verb_at = found
        if NOT_A_DEAL.search(sentence) or AGGREGATE.search(sentence):
            continue
        inside = within(mentions, start, end)
        weapons = [m for m in inside if m.entity_type == "weapon_system"]
        value = deal_value(text, within(amounts, start, end))
        system, weapon_id, quantity = named_system(text, weapons, start, end)
        if system is None:
            system, quantity, _, _ = phrase_item(text, start + verb_at, end)
        if value is None:
            value = _value_said_next(text, spans, end, amounts)
        if value is None and not (DEAL_NOUN.search(sentence) or (quantity and system)):
            continue
        if value is None and system is None:
            continue
        supplier, supplier_id, seller = _news_supplier(sentence, start, inside, refs)
        buyer, agency = _news_buyer(text, start, end, verb_at, inside, supplier_id, seller, refs)
        if buyer is None and supplier is None:
            continue
        deals.append(
            Deal(
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
        )
    return deals


def _value_said_next(
    text: str, spans: list[tuple[int, int]], end: int, amounts: list[Amount]
) -> Amount | None:
    """The value said in the next sentence: "... a new order to Saab. The deal is valued at $153m."."""
    for start, stop in [s for s in spans if s[0] >= end][:1]:
        if re.search(
            r"(?i)\b(?:deal|contract|order|agreement|purchase|sale)\b[^.]{0,60}\b(?:valued|worth|value)",
            text[start:stop],
        ):
            return deal_value(text, within(amounts, start, stop))
    return None


def _news_supplier(
    sentence: str, start: int, inside: list[Mention], refs: DealReferences
) -> tuple[str | None, str | None, str | None]:
    for mention in inside:
        if mention.entity_type == "organization" and refs.org_type.get(mention.entity_id) == "company":
            return mention.text, mention.entity_id, refs.org_country.get(mention.entity_id)
    for pattern in SUPPLIER_PATTERNS:
        match = pattern.search(sentence)
        if match and COMPANY_SUFFIX.search(match.group("s")):
            name = match.group("s").strip()
            return name, company_id(name, refs), None
    return None, None, None


def _news_buyer(
    text: str,
    start: int,
    end: int,
    verb_at: int,
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
            break
    countries = [m for m in inside if m.entity_type == "country"]
    if buyer is None:
        for country in countries:
            if (
                TO_COUNTRY.search(text[max(start, country.start - 40) : country.start])
                and country.entity_id != seller
            ):
                buyer = country.entity_id
                break
    if buyer is None:
        for country in countries:
            from_country = re.search(
                r"(?i)\bfrom\s+(?:the\s+)?$", text[max(start, country.start - 12) : country.start]
            )
            possessive = text[country.end : country.end + 2] in {"'s", "’s"}
            if from_country or (possessive and country.entity_id == seller):
                continue
            if country.entity_id != seller or len(countries) == 1:
                buyer = country.entity_id
                break
    if buyer is None and seller == "USA" and US_BUYER.search(text, start, end):
        buyer = "USA"
    return buyer, agency
