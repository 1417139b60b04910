"""DoD daily contract announcements: one deal per contractor of each award paragraph."""

from __future__ import annotations

import re

from transforms.deals.common import (
    Amount,
    Deal,
    DealReferences,
    Gated,
    Mention,
    clean_supplier,
    company_id,
    deal_value,
    named_system,
    phrase_item,
    quantity_of_items,
    split_location,
    strip_the,
    within,
)

PIID = re.compile(
    r"\b[A-Z][A-Z0-9]{5}-\s?[0-9lIO]\s?\d-\s?[A-Z]-\s?[A-Z0-9]{4}\b|\b[A-Z][A-Z0-9]{5}\d{2}[A-Z]\d{4}\b"
)


# "a $54,760,925 delivery order (W31P4Q26F0212) against contract W31P4Q-24-D-0015": the action is on the
# base contract (or ordering agreement) the order is placed against
ORDER_AGAINST = re.compile(
    rf"(?i)\border\s*\(?\s*(?:{PIID.pattern})\s*\)?,?\s+(?:placed\s+|issued\s+)?(?:against|under|off)\s+"
    rf"(?:(?:a|an|the)\s+)?(?:previously\s+(?:awarded|issued)\s+)?(?:[\w-]+\s+){{0,4}}?(?P<base>{PIID.pattern})|"
    # deals-18: the vehicle named before its number in brackets ("task order (W15P7T-26-F-0143) under the
    # Responsive Strategic Sourcing for Services indefinite-delivery/indefinite-quantity contract
    # (W15P7T-19-D-0121)")
    rf"\border\s*\(\s*(?:{PIID.pattern})\s*\),?\s+(?:placed\s+|issued\s+)?(?:against|under|off)\s+"
    rf"(?:(?:a|an|the)\s+)?(?:[\w/-]+\s+){{1,10}}?(?:contract|vehicle|agreement)\s+\((?P<named>{PIID.pattern})\)"
)


HEADINGS = re.compile(
    r"^(?:(?:ARMY|NAVY|AIR FORCE|MARINE CORPS|SPACE FORCE|DEFENSE [A-Z ]+?(?:AGENCY|ACTIVITY|SERVICE)|"
    r"MISSILE DEFENSE AGENCY|DARPA|SPACE DEVELOPMENT AGENCY|U\.S\. [A-Z ]+ COMMAND|"
    r"WASHINGTON HEADQUARTERS SERVICES|"
    r"(?:CONTRACTS|CONTRACT AWARDS) FOR [A-Z]+\.? \d{1,2}, \d{4})\s+)+"
)


AWARD_VERB = re.compile(
    r",?\s+(?:(?:has|have)\s+(?:each\s+)?been|(?:is|are)\s+(?:each\s+)?being|is|are|was|were)\s+(?:each\s+)?"
    r"awarded\b|,?\s+(?:will\s+(?:each\s+)?(?:compete|share)|(?:are|were)\s+sharing|each\s+received|"
    r"(?:has|have)\s+received)\b"
)


NOT_A_CONTRACTOR = re.compile(
    r"^(?:This|These|That|The\s+(?:contract|award|order|modification|task|delivery|work|effort|"
    r"requirement|funds?)|Funds|Work|It|They|Each|All|Both|Contractors?|"
    # deals-17: "The three companies will compete for each order": the awardees named before, again
    r"The\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?(?:companies|contractors|firms|"
    r"awardees|vendors|offerors|teams))\b"
)


DOD_MARK = Gated(
    re.compile(r"(?i)contracting activity|contracting activity is|contracting agency is"),
    frozenset(["contracting"]),
)


CONTRACTING_BEFORE = re.compile(r"^(?P<a>.+?),?\s+(?:is|was|will be|are)\s+the\s+contracting\s+activit")


CONTRACTING_AFTER = re.compile(r"(?i)contracting (?:activity|agency) (?:is|was) (?:the\s+)?(?P<a>[^.;()]+)")


OPTION = re.compile(r"(?i)\bexercis\w*\s+(?:\w+\s+){0,4}options?\b")


ACTION_NOUN = re.compile(r"(?i)\b(modification|order|contract|agreement|award)\b")


def dod_deals(
    text: str,
    spans: list[tuple[int, int]],
    amounts: list[Amount],
    weapons: list[Mention],
    refs: DealReferences,
) -> list[Deal]:
    heads: list[
        tuple[int, int, str, int]
    ] = []  # sentence index, start of the contractor, contractors, verb end
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        heading = HEADINGS.match(sentence)
        offset = heading.end() if heading else 0
        verb = AWARD_VERB.search(sentence, offset)
        if not verb:
            continue
        who = sentence[offset : verb.start()].strip(" ,")
        # deals-13: "The combined maximum value of the four contracts is $1,285,600,000, and the awardees will
        # compete ...": an amount before the verb; contractors come before theirs
        if not who or NOT_A_CONTRACTOR.match(who) or not who[0].isupper() or len(who) > 600 or "$" in who:
            continue
        heads.append((index, start + offset, who, start + verb.end()))
    deals: list[Deal] = []
    for number, (index, head_start, who, verb_end) in enumerate(heads):
        last = heads[number + 1][0] - 1 if number + 1 < len(heads) else len(spans) - 1
        unit_end = spans[last][1]
        head_end = spans[index][1]
        unit = text[head_start:unit_end]
        head = text[head_start:head_end]
        value = deal_value(text, within(amounts, verb_end, head_end)) or deal_value(
            text, within(amounts, head_start, unit_end)
        )
        # deals-13: a value said after the head sentence ("The combined maximum value ... is $X") does not
        # move where the item is read
        after_value = value.end if value and value.end <= head_end else verb_end
        noun = ACTION_NOUN.search(text, after_value, head_end) or ACTION_NOUN.search(text, verb_end, head_end)
        is_modification = bool(noun and noun.group(1).lower() == "modification")
        if OPTION.search(head) or (is_modification and OPTION.search(unit)):
            stage = "option"
        elif is_modification:
            stage = "modification"
        else:
            stage = "awarded"
        system, quantity, what_start, _ = phrase_item(text, after_value, head_end)
        weapon_id = named_system(text, weapons, what_start, head_end)[1] if system else None
        if system is None:
            system, weapon_id, quantity = named_system(text, weapons, head_start, unit_end)
        if system is None:
            system, quantity, _, _ = phrase_item(text, head_end, unit_end, of=False)
        if quantity is None:
            quantity = quantity_of_items(text, after_value, head_end)
        agency = _agency(text, spans[index : last + 1], refs)
        order = ORDER_AGAINST.search(head)
        first = PIID.search(unit)
        unit_piid = (
            (order.group("base") or order.group("named")) if order else first.group(0) if first else None
        )
        parts = [p for p in re.split(r";\s*(?:and\s+)?|\),\s+and\s+", who) if p.strip()]
        for part in parts:
            own = PIID.search(part)
            written = re.sub(r"\(\s*[^)]*\)", "", part) if own else part
            supplier, country = split_location(written, refs)
            supplier = clean_supplier(re.sub(r"^and\s+", "", supplier))
            if not supplier:
                continue
            deals.append(
                Deal(
                    rule="dod_contract",
                    stage=stage,
                    start=head_start,
                    end=unit_end,
                    buyer="USA",
                    seller_country=country,
                    supplier=supplier,
                    supplier_id=company_id(supplier, refs),
                    system=system,
                    weapon_id=weapon_id,
                    quantity=quantity,
                    amount=value,
                    contract_id=own.group(0) if own else unit_piid,
                    agency=agency,
                )
            )
    return deals


def _agency(text: str, spans: list[tuple[int, int]], refs: DealReferences) -> str | None:
    for start, end in spans:
        sentence = text[start:end]
        before = CONTRACTING_BEFORE.match(sentence)
        if before:
            name, _ = split_location(before.group("a"), refs)
            return strip_the(_drop_last_place(name, before.group("a")))
        after = CONTRACTING_AFTER.search(sentence)
        if after:
            name, _ = split_location(after.group("a"), refs)
            return strip_the(_drop_last_place(name, after.group("a")))
    return None


def _drop_last_place(name: str, written: str) -> str:
    """'380th Expeditionary Contracting Squadron, Southwest Asia': only the unit when no state was found."""
    if name == ", ".join(t.strip() for t in written.split(",") if t.strip()) and "," in name:
        return name.rsplit(",", 1)[0]
    return name
