"""Foreign Military Sale notifications and the news that reports them: one deal per text."""

from __future__ import annotations

import re

from transforms.deals.common import (
    ASIDE,
    NUM,
    TO_COUNTRY,
    Amount,
    Deal,
    DealReferences,
    Gated,
    Mention,
    company_id,
    count_of,
    deal_value,
    lead_end,
    named_system,
    phrase_item,
    value_said_next,
    within,
)
from transforms.deals.news import blank_background

FMS_APPROVAL = re.compile(
    r"(?i)\b(?:approv\w*|clear\w*|determination approving|green-?light\w*|authori[sz]\w*|notif\w+ Congress)"
    r"\b[^;]{0,200}?\b(?:sales?|FMS|transfer)\b|Letter\(?s?\)?\s+of\s+Offer\s+and\s+Acceptance"
)
# deals-12: a transmittal's heading, the notice to Congress ("Notice of Proposed Issuance of Letter of
# Offer"): the approval when the text has no request sentence (one with "has requested to buy" stays
# `requested`, as the transmittals labeled before were)
NOTICE = re.compile(r"Notice\s+of\s+Proposed\s+Issuance\s+of\s+Letter")


FMS_MARK = Gated(
    re.compile(
        r"(?i)foreign\s+military\s+sales?\b|\bFMS\b|(?:possible|potential|proposed)\s+(?:\$[\d.,]+\s*\w*\s+)?"
        r"(?:foreign\s+military\s+|arms\s+)?sale|Letter\(?s?\)?\s+of\s+Offer"
    ),
    frozenset(["military", "fms", "possible", "potential", "proposed", "letter"]),
)


FMS_REQUEST = Gated(
    re.compile(
        # deals-6: "has requested to add twelve (12) ... to a case approved in 2024" (an amendment)
        r"(?i)\b(?:has|have|had)\s+requested\s+(?:to\s+(?:buy|purchase|procure|add)|(?:the|a)\s+(?:possible\s+)?sale)\s+"
    ),
    frozenset(["requested"]),
)


TOTAL_LINE = re.compile(r"(?m)^\s*TOTAL\b")
# deals-6: an amendment's own cost ("The estimated cost of the items added is $140 million, which brings the
# estimated total case value to $590 million"): it goes before the case's new total
ADDED_COST = re.compile(
    r"(?i)\bestimated\s+(?:cost|value)\s+of\s+the\s+(?:added\s+|new\s+|additional\s+)?(?:items|equipment|"
    r"articles|services|missiles|munitions)\s+(?:being\s+|to\s+be\s+)?added\b"
)
ESTIMATED = re.compile(
    r"(?i)\bestimated\s+(?:total\s+)?(?:program\s+|case\s+)?(?:value|cost)s?\b|\bestimated\s+to\s+cost\b"
)


PRINCIPAL = re.compile(
    r"(?i)\b(?:principal|prime|main)\s+contractors?\s+(?:will\s+be|is|are|include|includes|would\s+be)\s+(?:the\s+)?"
    r"(?P<s>[A-Z][^,;:(]*?)(?=,|;|:|\(|\s+of\s+|\s+in\s+|\s+located\b|\s+and\s+|\.\s|\.$|$)"
)

# deals-10: the contractor named before its role ("RTX and Lockheed Martin are named as the principal
# contractors"): the first one named
PRINCIPAL_BEFORE = re.compile(
    # deals-13: or the first of a list ("Lockheed Martin, RTX and Northrop Grumman would be the principal")
    # deals-17: its location after "of" ("BAE Systems of Nashua, New Hampshire, would be the principal ...")
    r"(?P<s>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})(?:\s+of\s+[A-Z][^,;:.]{1,40}?)?(?:,\s+[^,;:.]{1,60}?){0,4}"
    r"(?:,?\s+and\s+[^,;:.]{1,60}?)?"
    r",?\s+(?:is|are|was|were|"
    r"will\s+be|would\s+be)\s+(?:(?i:named|listed)\s+)?(?:as\s+)?the\s+(?i:principal|prime|main)\s+(?i:contractors?)\b"
)


NO_PRINCIPAL = re.compile(
    r"(?i)\b(?:no|not\s+(?:yet\s+)?(?:been\s+)?(?:known|selected|identified|determined))\b[^.]{0,40}"
    r"principal contractor|principal contractors?\s+(?:will|would)\s+be\s+(?:determined|selected|chosen)|"
    r"principal contractors?\s+(?:is|are)\s+(?:not|to be)\b"
)


# deals-16: a letter of offer received and not (yet) signed ("has until 30 June next year to sign it"): an
# offer the buyer has not taken, no deal
UNSIGNED_OFFER = re.compile(
    r"(?i)\breceived\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}letters?\s+of\s+offer\b|"
    # deals-21: one sent to the buyer ("The U.S. government has sent Bulgaria a letter of offer and
    # acceptance")
    r"\b(?:sent|sends|offered|offers|handed|hands|presented|presents|forwarded)\s+(?:[\w-]+\s+){0,3}?(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}letters?\s+of\s+offer\b|"
    r"\b(?:has|have)\s+until\b[^.;]{0,60}\bto\s+sign\b"
)
# a letter of offer and acceptance the buyer signed: the sale is agreed, no longer only approved
SIGNED_OFFER = re.compile(
    # deals-36 (written36): also over an amount with a decimal point ("signed a $7.2 billion letter of offer")
    r"(?i)\b(?:signed|signs|inked|inks|concluded|concludes)\b(?:[^.;]|\.\d){0,80}?\b(?:letters?\(?s?\)?\s+of\s+offer|LOAs?)\b"
)


APPROVER = re.compile(r"(?:U\.S\.\s+)?(?:State\s+Department|Department\s+of\s+State)")


INTENTION = re.compile(
    r"(?i)\b(?:plans?\s+to|planning\s+to|considering|could|would|might|intends?\s+to|seeks?\s+to|wants?\s+to|"
    r"in\s+talks|negotiat\w+|if\s+approved|"
    # deals-19: "New Zealand expects to sign a letter of offer and acceptance ... by June"
    r"expects?\s+to|expected\s+to|hopes?\s+to|aims?\s+to)\b"
)


FMS_ITEMS = re.compile(
    # deals-13: not the "of" of "the Government of Kenya"; a count in brackets may stand in the item ("of
    # twelve (12) MD 530F ... helicopters")
    r"(?i)\bsales?\b[^;]{0,80}?(?<!Government\s)(?<!Republic\s)(?<!Kingdom\s)\bof\s+(?:the\s+|an?\s+)?"
    r"(?P<what>(?:[^;:()$]|\(\d[\d,]*\))+?)\s*"
    r"(?:for\s+an\s+estimated|estimated\s+to\s+cost|at\s+an\s+estimated|worth|valued|\.\s|\.$|,\s|$)"
)


LEAD_COUNT = re.compile(rf"(?i)(?P<n>{NUM})\s+(?:\(\d[\d,]*\)\s+)?(?=\S)")


def fms_deal(
    text: str,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    amounts: list[Amount],
    refs: DealReferences,
) -> Deal | None:
    approval = request = None
    for start, end in spans:
        sentence = text[start:end]
        if (
            approval is None
            and (
                FMS_APPROVAL.search(sentence)
                or ("Notice" in sentence and NOTICE.search(sentence) and not FMS_REQUEST.search(text))
            )
            and FMS_MARK.search(text)
            and not INTENTION.search(ASIDE.keyed.sub(" ", sentence))
            # deals-12: a letter of offer signed in a past year ("Athens signed a letter of offer and
            # acceptance for its first 20 F-35As in 2024") is background, like a purchase dated to a year
            and not (SIGNED_OFFER.search(sentence) and not SIGNED_OFFER.search(blank_background(sentence)[0]))
            and not (UNSIGNED_OFFER.search(sentence) and not SIGNED_OFFER.search(sentence))
        ):
            approval = (start, end)
        if request is None and FMS_REQUEST.search(sentence):
            request = (start, end)
    anchor = approval or request
    if anchor is None:
        return None
    countries = [m for m in mentions if m.entity_type == "country"]
    weapons = [m for m in mentions if m.entity_type == "weapon_system"]
    buyer = _fms_buyer(text, countries, approval, request)
    if buyer is None:
        return None
    estimates = [m for m in ESTIMATED.finditer(text)]
    totals = [m for m in estimates if "total" in m.group(0).lower()] + list(TOTAL_LINE.finditer(text))
    added = ADDED_COST.search(text) if "added" in text else None
    estimated = added or (totals[0] if totals else estimates[0] if estimates else None)
    value = deal_value(text, within(amounts, estimated.end(), estimated.end() + 60)) if estimated else None
    if value is None:
        # not an amount in a leading clause ("Using part of a $4 billion loan, Poland signed a letter ...")
        value = deal_value(
            text, within(amounts, anchor[0] + lead_end(text[anchor[0] : anchor[1]]), anchor[1])
        ) or (deal_value(text, within(amounts, *request)) if request else None)
    if (
        value is None
    ):  # "... signed a letter of offer and acceptance for 16 jets. The deal, worth DKK 17.5bn, ..."
        value = value_said_next(text, spans, anchor[1], amounts)
    system, weapon_id, quantity = None, None, None
    for span in (request, approval):
        if span and system is None:
            system, weapon_id, quantity = named_system(text, weapons, *span)
    if request and approval and weapon_id is not None:
        # deals-12: the approval's count of the same system is the whole sale ("of twenty (20) F-16 Block 70
        # aircraft"; the request then lists "fourteen (14) F-16C ... and six (6) F-16D ...")
        _, approved_id, approved_count = named_system(text, weapons, *approval)
        if approved_id == weapon_id and approved_count is not None:
            quantity = approved_count
    if request and quantity is None:
        asked = re.search(
            rf"(?i)requested\s+to\s+(?:buy|purchase|procure|add)\s+(?:up\s+to\s+|a\s+total\s+of\s+|approximately\s+|nearly\s+)?(?P<n>{NUM})\b",
            text[request[0] : request[1]],
        )
        if asked:
            quantity = count_of(asked.group("n"))
    items = FMS_ITEMS.search(text, *approval) if approval and system is None else None
    if items and len(items.group("what").split()) <= 12:
        system, count, _, _ = phrase_item(text, items.start("what") - 4, items.end("what"))
        what = items.group("what")
        lead = LEAD_COUNT.match(what) if system is None else None
        if lead:  # deals-13: "of ten (10) Sentinel Hawk light helicopters" after a country's name
            count, what = count_of(lead.group("n")), what[lead.end() :]
        system = system or what
        quantity = quantity if quantity is not None else count
    for span, pattern in ((request, FMS_REQUEST), (approval, FMS_APPROVAL)):
        for of in (False, True):
            if span and system is None:
                verb = pattern.search(text, *span)
                system, count, _, _ = phrase_item(text, verb.start() if verb else span[0], span[1], of=of)
                quantity = quantity if quantity is not None else count
    supplier = None
    if not NO_PRINCIPAL.search(text):
        principal = PRINCIPAL.search(text)
        if principal is None and "ontractor" in text:
            principal = PRINCIPAL_BEFORE.search(text)
        if principal:
            # deals-12: not the end of the sentence before ("... on Monday. Lockheed Martin would be")
            supplier = re.split(r"(?<=[a-z]{4})\.\s+", principal.group("s").strip())[-1]
    approver = APPROVER.search(text[anchor[0] : anchor[1]])
    return Deal(
        rule="dsca_fms",
        stage=("signed" if SIGNED_OFFER.search(text, *approval) else "approved") if approval else "requested",
        start=anchor[0],
        end=anchor[1],
        buyer=buyer,
        seller_country="USA",
        supplier=supplier,
        supplier_id=company_id(supplier, refs),
        system=system,
        weapon_id=weapon_id,
        quantity=quantity,
        amount=value,
        agency=re.sub(r"^U\.S\.\s+", "", approver.group(0)) if approver else None,
    )


def _fms_buyer(
    text: str, countries: list[Mention], approval: tuple[int, int] | None, request: tuple[int, int] | None
) -> str | None:
    for span in (approval, request):
        if span is None:
            continue
        inside = [c for c in within(countries, *span) if c.entity_id != "USA"]
        for country in inside:
            if TO_COUNTRY.search(text[max(span[0], country.start - 60) : country.start]):
                return country.entity_id
        if span is request:
            for country in inside:
                return country.entity_id
        if inside:
            return inside[0].entity_id
    others = [c for c in countries if c.entity_id != "USA"]  # "The Government of X has requested ..."
    return others[0].entity_id if others else None
