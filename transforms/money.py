"""Money amounts in article text, in English and the other languages the feeds carry: "$1.2 billion",
"US$500 million", "EUR 3bn", "£250m", "Rs 2,000 crore", "50 millions d'euros", "1,2 Milliarden Euro",
"5,5 Mio. Euro", "3,5 млрд рублей", "R$ 1,2 bilhão", "250 mln USD", "₪ 200 מיליון", "40 مليون دولار",
"مليار دولار" -> amount in units + ISO 4217 code, converted to US dollars with a yearly rate table.

Rows without a currency cue (a symbol, code or currency word: ``CUES``, an Aho-Corasick test) are dropped
first; one regular expression then runs over the rest (``matches``: once, marking each match and where it
starts); the pieces of each match are
then read with ``str.extract_groups`` and vectorized expressions: no per-row Python.

Two facts outside the matched text settle a reading, both optional columns of the articles frame:
- ``language``: whether "4.320" is four thousand (es, de, ...) or four point three (en, he, ...); only a
  single separator followed by exactly three digits is ambiguous, every other form settles itself;
- ``feed_country`` (the publisher's country): "$" from an Australian, Canadian or New Zealand publisher is
  AUD, CAD or NZD ("$" from Colombia or Mexico is the peso), "рублей" from Belarus BYN, "pesos" from Mexico
  MXN; a text that says US$, USD or "U.S. dollars" overrides it. Where the publisher's country does not
  settle a family of several currencies (pesos, rials, dinars, dirhams, francs, crowns, lire, rubles), the one
  country of that currency the article itself names does (money-6); dollars never take the article's country.

Babel (CLDR) was considered for the number parsing and rejected: ``parse_decimal`` is a per-string Python
call (this module is vectorized), and a strict locale reading gets wrong what the text itself settles
("1,5" is one and a half even in an English article); the one locale fact needed, which languages write a
decimal comma, is the small set ``DECIMAL_COMMA`` below (CLDR's decimal symbol of each language).
"""

from __future__ import annotations

import re

import polars as pl

from schemas.frames import MONEY_SCHEMA
from transforms import screen
from transforms.spans import CLOSE, OPEN, matches_and_starts

MONEY_VERSION = "money-14"

DIGIT = "[0-9٠-٩۰-۹]"  # ASCII, Arabic-Indic and Persian digits
NUMBER = rf"{DIGIT}{{1,3}}(?:[ \u00a0\u202f]{DIGIT}{{3}})+(?:[.,]{DIGIT}+)?|{DIGIT}+(?:[.,٫٬]{DIGIT}+)*"
# scale words as written, longest first in each family (the regex takes the first alternative that fits)
SCALE = (
    # money-12: "₹1.15 lakh crore" (10^12), "500 тысяч долларов"
    r"(?i:lakh\s+crores?|mil\s+millones|thousand|millions|millionen|million|milliards|milliarden|milliarde|milliard|"
    r"billions|billionen|billion|trillions|trillion|millones|millón|millon|billones|billón|milioni|milione|"
    r"miliardi|miliardo|milhões|milhão|bilhões|bilhão|biliões|bilião|milionów|miliony|milion|miliardów|"
    r"miliardy|miliard|bilionów|biliony|bilion|миллиардов|миллиарда|миллиард|миллионов|миллиона|миллион|"
    r"триллионов|триллиона|триллион|мільярдів|мільярди|мільярда|мільярд|мільйонів|мільйони|мільйона|"
    r"мільйон|трильйонів|трильйони|трильйона|трильйон|тысячи|тысяча|тысяч|тисячі|тисяча|тисяч|тыс|тис|млн|млрд|трлн|tsd|tys|mio|mrd|mld|mln|mds|"
    # money-14: the wire services' "$1.3 bln", "$500 mln", "$2 trln" (Reuters)
    r"bln|trln|"
    r"md|bio|mille|mila|mil|crores|crore|cr|lakh|mn|bn|tn|trn|מיליארד|מיליון|אלף|مليارات|مليار|ملايين|مليون|بليون|"
    r"آلاف|ألف|mi|bi|m|b|k)"
)
# scale value by full (lowercased) match; the first pattern that fits wins
SCALE_VALUES: tuple[tuple[str, float], ...] = (
    (r"mil\s+millones", 1e9),
    (r"lakh\s+crores?", 1e12),
    (r"thousand|tsd|tys|тыс\w*|тис\w*|mille|mila|mil|k|אלף|ألف|آلاف", 1e3),
    (r"lakh", 1e5),
    (r"crores?|cr", 1e7),
    (r"million\w*|mill[oó]n\w*|milion\w*|milh\w*|миллион\w*|мільйон\w*|млн|mln|mn|mio|mi|m|"
     r"מיליון|مليون|ملايين", 1e6),
    (r"billón|billones|bili[ãõ]\w*|bilion\w*|bio|trillion\w*|триллион\w*|трильйон\w*|трлн|trln|tn|trn", 1e12),
    (r"milliard\w*|miliard\w*|bilh\w*|billion\w*|миллиард\w*|мільярд\w*|млрд|mld|mrd|mds|md|bln|bn|bi|b|"
     r"מיליארד|مليار\w*|بليون", 1e9),
)  # fmt: skip
LONG_SCALE = ("de", "fr", "nl", "sv", "da", "nb", "nn", "no", "fi")  # "Billion" is 10^12 in these languages
# CLDR's decimal symbol is a comma in these languages (a point in en, he, ar with Latin digits, zh, ja, ...)
DECIMAL_COMMA = (
    "fr", "de", "es", "it", "pt", "pl", "uk", "ru", "be", "nl", "sv", "da", "nb", "nn", "no", "fi", "cs",
    "sk", "sl", "hr", "sr", "bs", "bg", "ro", "hu", "tr", "el", "lt", "lv", "et", "id", "vi", "az", "kk",
    "ka", "ca", "gl", "eu", "is", "sq", "mk",
)  # fmt: skip
DECIMAL_POINT_COUNTRIES = {"es": ("MEX", "GTM", "HND", "NIC", "SLV", "PAN", "DOM", "PRI", "CUB", "PER")}

# money-7: "R870 million" is South African rand (with a scale word only), "S/ 1,120 million" Peruvian soles
SYMBOLS = (
    # money-9: the dollar sign before the country letters too ("$A760 million", "$NZ50 million")
    r"US\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|NT\$|R\$|MX\$|COL\$|AR\$|\$(?:AU|A|NZ|C|US)|\$|€|£|¥|₹|₩|₪|₽|₺|₴|₱|฿|₦|₫|"
    r"\bR|S/\.?"
)
SYMBOLS_AFTER = r"€|£|\$|₽|₴|₪"  # "50 M€", "19 milliards $", "200 ₽"
CODES = (
    r"USD|EUR|GBP|JPY|INR|KRW|ILS|NIS|RUB|PLN|SEK|NOK|DKK|CHF|AUD|CAD|NZD|TRY|CNY|RMB|SAR|AED|TWD|SGD|"
    r"BRL|ZAR|CZK|HUF|RON|UAH|BYN|MXN|COP|ARS|CLP|IQD|QAR|KWD|JOD|EGP|PHP|MYR|RM|SR|KD|Rs\.?|Rp|"
    # money-9: the codes of the other currencies with exchange rates ("THB 17.5 billion")
    r"THB|IDR|PEN|HKD|MAD|OMR|BHD|CFA|KES|KSh"
)
# money-4: an amount written in English words before a scale and a currency word ("two billion euros",
# "three hundred million dollars", "fifty-five million euros"); without a scale word no number word is read.
# The deal rules count items with the same words (transforms/deals/common.NUMBER_WORDS).
NUMBER_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_SMALL_WORDS = (
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:{_UNIT_WORDS}))?|{_UNIT_WORDS}"
)
# money-11: also "half a" ("about half a billion euros")
WORD_NUMBER = (
    rf"(?i:(?:(?:{_UNIT_WORDS})\s+hundred(?:\s+(?:and\s+)?(?:{_SMALL_WORDS}))?|half\s+a|{_SMALL_WORDS}))"
)
WORD_SCALE = r"(?i:million|billion|trillion)"
US = r"US|U\.S\.|American"
# currency words and their inflections as written (matched case-insensitively, longer forms first)
CURRENCY_WORDS = (
    "pounds sterling", "livres sterling", "libras esterlinas", "фунтов стерлингов", "фунтів стерлінгів",
    "francs CFA", "CFA francs", "CFA franc", "francs suisses", "franchi svizzeri", "Swiss francs",
    "Swiss franc", "US-Dollars", "US-Dollar",
    "dollars", "dollar", "dollari", "dollaro", "dólares", "dólar", "dolarów", "dolary", "dolara", "dolar",
    "долларов", "доллара", "доллары", "доллар", "долл", "доларів", "долари", "долара", "долар", "дол",
    "דולרים", "דולר", "دولارات", "دولار", "euros", "euro", "евро", "євро", "אירו", "יורו", "يورو", "pounds",
    "pound", "Pfund", "livres", "sterline", "sterlina", "yen", "иен", "ієн", "єн", "yuan", "renminbi",
    "юаней",
    "юанів", "يوان", "rupees", "rupee", "won", "shekels", "shekel", "שקלים", "שקל", 'ש"ח', "ש״ח", "ש''ח",
    "rubles", "ruble", "roubles", "rouble", "Rubel", "rubli", "rublos", "рублей", "рубля", "рубль", "рубли",
    "рублів", "рублі", "руб", "hryvnias", "hryvnia", "гривень", "гривні", "гривня", "гривен", "гривны", "грн",
    "zlotys", "zloty", "złotych", "złote", "złoty", "zł", "злотых", "Franken", "franchi", "francs", "franc",
    "francos", "riyals", "riyal", "rials", "rial", "ريالات", "ريال", "dinars", "dinar", "دنانير", "دينار",
    "dirhams", "dirham", "درهم", "pesos", "peso", "reais", "liras", "lira", "ليرة", "kronor", "kroner",
    "krona", "krone", "koruna", "koruny", "korun", "lei", "leu", "جنيه إسترليني", "جنيه", "crowns", "crown",
    "кронах", "кроны", "крони", "крон",
    "baht", "rupiah",
)  # fmt: skip
WORDS = "(?i:" + "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True)) + ")"
BEFORE_WORD = (
    rf"(?i:{US}|Australian|Canadian|New Zealand|Singapore|Taiwan|Taiwanese|Hong Kong|Danish|Norwegian|"
    r"Swedish|Czech|российских|белорусских)"
)
AFTER_WORD = (
    r"(?i:US|USA|США|américains|américain|estadounidenses|americanos|statunitensi|amerykańskich|"
    r"американских|американських|أمريكي|أميركي|canadiens|australiens|mexicanos|colombianos|argentinos|"
    r"سعودي|قطري|عراقي|أردني|كويتي|إماراتي|مغربي|مصري)"
)
CONNECT = r"(?:\s(?:de\s|di\s|of\s|d['’])?)"  # "millions d'euros", "millones de pesos", "miliardi di euro"
BARE_SCALE = r"מיליארד|מיליון|مليار|مليون"  # "مليار دولار": a billion dollars, no digit written
PATTERN = (
    rf"(?:(?P<sym>{SYMBOLS})\s?(?P<n1>{NUMBER})(?:[\s-]?(?P<m1>{SCALE})\b\.?)?)"
    rf"|(?:\b(?P<code>{CODES})\s?(?P<n2>{NUMBER})(?:[\s-]?(?P<m2>{SCALE})\b\.?)?)"
    rf"|(?:\b(?P<n3>{NUMBER})(?:[\s-]?(?P<m3>{SCALE})\b\.?)?{CONNECT}(?:(?P<q3>{BEFORE_WORD})[\s-])?"
    rf"(?P<word>{WORDS})\b(?:\s(?P<r3>{AFTER_WORD})\b)?)"
    rf"|(?:\b(?P<n4>{NUMBER})(?:[\s-]?(?P<m4>{SCALE})\b\.?)?\s?(?:(?P<sym4>{SYMBOLS_AFTER})|(?P<code4>{CODES})\b))"
    rf"|(?:\b(?P<m5>{BARE_SCALE})\s(?P<word5>{WORDS})\b(?:\s(?P<r5>{AFTER_WORD})\b)?)"
    rf"|(?:\b(?P<n6>{WORD_NUMBER})[\s-](?P<m6>{WORD_SCALE})[\s-](?:(?P<q6>{BEFORE_WORD})[\s-])?"
    rf"(?P<word6>{WORDS})\b(?:\s(?P<r6>{AFTER_WORD})\b)?)"
)
# a row can hold money only if it holds one of these (a fast Aho-Corasick test before the regex)
CUES = tuple(
    sorted(
        {
            "$",
            "€",
            "£",
            "¥",
            "₹",
            "₩",
            "₪",
            "₽",
            "₺",
            "₴",
            "₱",
            "฿",
            "₦",
            "₫",
            "מיליארד",
            "מיליון",
            "مليار",
            "مليون",
        }
        | {"S/"}
        | {f"R{digit}" for digit in range(10)}
        | set(re.findall(r"[A-Z]{2,3}", CODES))
        | {"Rs", "Rp"}
        | {form for w in CURRENCY_WORDS for form in (w, w.lower(), w.capitalize(), w.upper())}
    )
)

SYMBOL_CURRENCY = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "MX$": "MXN", "COL$": "COP",
    "AR$": "ARS", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₪": "ILS", "₽": "RUB",
    "₺": "TRY", "₴": "UAH", "R": "ZAR", "S/": "PEN", "S/.": "PEN", "$A": "AUD", "$AU": "AUD", "$NZ": "NZD",
    "$C": "CAD", "$US": "USD", "₱": "PHP", "฿": "THB", "₦": "NGN", "₫": "VND",
}  # fmt: skip
CODE_CURRENCY = {
    "NIS": "ILS", "RMB": "CNY", "CFA": "XOF", "Rs": "rupee", "Rs.": "rupee", "Rp": "IDR", "RM": "MYR",
    "SR": "SAR", "KD": "KWD", "KSh": "KES",
}  # fmt: skip
# currency word (lowercased, by its start) -> ISO code, or a family that the publisher's country settles
WORD_STEMS: tuple[tuple[str, str], ...] = (
    (r"pounds? sterling|livres sterling|libras esterlinas|фунт\w* стерл|جنيه إسترليني", "GBP"),
    (r"pound|pfund|livre|sterlin", "GBP"),
    (r"francs cfa|cfa franc", "XOF"),
    (r"swiss franc|francs suisses|franchi|franken", "CHF"),
    (r"franc", "franc"),
    (r"us-dollar", "USD"),
    (r"dollar|dólar|dolar|доллар|долл|долар|дол|דולר|دولار", "dollar"),
    (r"euro|евро|євро|אירו|יורו|يورو", "EUR"),
    (r"yen|иен|ієн|єн", "JPY"),
    (r"yuan|renminbi|юан|يوان", "CNY"),
    (r"rupee", "rupee"),  # money-12: a family, Indian unless a Pakistani publisher writes it
    (r"rupiah", "IDR"),  # money-11
    (r"won", "KRW"),
    (r"shekel|שקל|ש", "ILS"),
    (r"rubl|roubl|rubel|рубл|руб", "ruble"),
    (r"hryvn|гривн|гривен|гривень|грн", "UAH"),
    (r"zlot|złot|zł|злот", "PLN"),
    (r"riyal|rial|ريال", "rial"),
    (r"dinar|دنانير|دينار", "dinar"),
    (r"dirham|درهم", "dirham"),
    (r"peso", "peso"),
    (r"reais", "BRL"),
    (r"lira|ليرة", "lira"),
    (r"kronor|krona", "krona"),
    (r"kroner", "kroner"),
    (r"krone", "krone"),
    (r"korun", "CZK"),
    # money-5: "crowns" is the family of four currencies: its qualifier ("Czech crowns", "Swedish crowns") or
    # the publisher's country settles which; bare crowns of no known country are left unread
    (r"crown|крон", "crown"),
    (r"lei|leu", "RON"),
    (r"baht", "THB"),  # money-8
    (r"جنيه", "EGP"),
)
WORD_CURRENCY = {stem: code for stem, code in WORD_STEMS if code.isupper()}
# family|publisher's country -> ISO code; "$" is the symbol, "dollar" the word (a Mexican "dólares" is USD)
LOCAL_CURRENCY = {
    "$|AUS": "AUD", "$|CAN": "CAD", "$|NZL": "NZD", "$|SGP": "SGD", "$|HKG": "HKD", "$|TWN": "TWD",
    "$|COL": "COP", "$|MEX": "MXN", "$|ARG": "ARS", "$|CHL": "CLP",
    "dollar|AUS": "AUD", "dollar|CAN": "CAD", "dollar|NZL": "NZD", "dollar|SGP": "SGD", "dollar|HKG": "HKD",
    "dollar|TWN": "TWD", "ruble|BLR": "BYN", "franc|CHE": "CHF", "franc|LIE": "CHF",
    "rial|SAU": "SAR", "rial|QAT": "QAR", "rial|OMN": "OMR", "rial|IRN": "IRR", "rial|YEM": "YER",
    "dinar|IRQ": "IQD", "dinar|JOR": "JOD", "dinar|KWT": "KWD", "dinar|BHR": "BHD", "dinar|DZA": "DZD",
    "dinar|TUN": "TND", "dinar|LBY": "LYD", "dinar|SRB": "RSD", "dirham|MAR": "MAD",
    "peso|MEX": "MXN", "peso|COL": "COP", "peso|ARG": "ARS", "peso|CHL": "CLP", "peso|PHL": "PHP",
    "peso|URY": "UYU", "peso|DOM": "DOP", "peso|CUB": "CUP", "lira|LBN": "LBP", "lira|SYR": "SYP",
    "crown|CZE": "CZK", "crown|SWE": "SEK", "crown|NOR": "NOK", "crown|DNK": "DKK", "rupee|PAK": "PKR",
}  # fmt: skip
# a family without a country: dollars are US dollars, rubles Russian; a peso, dinar or franc is left unread
FAMILY_DEFAULT = {
    "$": "USD", "dollar": "USD", "ruble": "RUB", "rial": "SAR", "dirham": "AED", "lira": "TRY",
    "krona": "SEK", "kroner": "NOK", "krone": "DKK", "rupee": "INR",
}  # fmt: skip
# money-6: a family the article's country settles when the publisher's does not: the family's countries as
# the text names them (English names and demonyms; Spanish and French where the currency is local). Dollars
# are left out: wire copy about Australia or Canada quotes US dollars as often as local ones.
FAMILY_COUNTRIES: dict[str, dict[str, str]] = {
    "peso": {
        "MEX": r"\bMexic|\bMéxic", "COL": r"\bColombia", "ARG": r"\bArgentin", "CHL": r"\bChile",
        "PHL": r"\bPhilippin|\bFilipin", "URY": r"\bUrugua", "CUB": r"\bCuba",
        "DOM": r"\bDominican\s+Republic|\bRepública\s+Dominicana",
    },
    "rial": {"SAU": r"\bSaudi", "QAT": r"\bQatar", "OMN": r"\bOman", "IRN": r"\bIran", "YEM": r"\bYemen"},
    "dinar": {
        "IRQ": r"\bIraq", "JOR": r"\bJordan", "KWT": r"\bKuwait", "BHR": r"\bBahrain", "DZA": r"\bAlgeri",
        "TUN": r"\bTunisi", "LBY": r"\bLiby", "SRB": r"\bSerbia",
    },
    "dirham": {"MAR": r"\bMorocc|\bMaroc", "ARE": r"\bEmirat|\bUAE\b|\bAbu\s+Dhabi|\bDubai"},
    "franc": {"CHE": r"\bSwiss\b|\bSwitzerland|\bSuisse", "LIE": r"\bLiechtenstein"},
    # money-12: also in Russian, Ukrainian and German ("Норвегія виділить ... 2,5 млрд крон")
    "crown": {
        "CZE": r"\bCzech|\bTschech|Чехи|Чехі", "SWE": r"\bSwed|\bSchwed|Швец|Швеці",
        "NOR": r"\bNorw|Норвег", "DNK": r"\bDanish|\bDenmark|\bDänemark|Дани[яиюе]|Дані[яїю]",
    },
    "lira": {"TUR": r"\bTurk|\bTürk", "LBN": r"\bLeban", "SYR": r"\bSyria"},
    "ruble": {"RUS": r"\bRussia", "BLR": r"\bBelarus"},
}  # fmt: skip
# a qualifier the text writes beside the currency word overrides the family
QUALIFIER_CURRENCY = {
    "us": "USD", "u.s.": "USD", "american": "USD", "usa": "USD", "сша": "USD", "américains": "USD",
    "américain": "USD", "estadounidenses": "USD", "americanos": "USD", "statunitensi": "USD",
    "amerykańskich": "USD", "американских": "USD", "американських": "USD", "أمريكي": "USD", "أميركي": "USD",
    "australian": "AUD", "australiens": "AUD", "canadian": "CAD", "canadiens": "CAD", "new zealand": "NZD",
    "singapore": "SGD", "taiwan": "TWD", "taiwanese": "TWD", "hong kong": "HKD", "danish": "DKK",
    "norwegian": "NOK", "swedish": "SEK", "czech": "CZK", "российских": "RUB", "белорусских": "BYN",
    "mexicanos": "MXN",
    "colombianos": "COP", "argentinos": "ARS", "سعودي": "SAR", "قطري": "QAR", "عراقي": "IQD", "أردني": "JOD",
    "كويتي": "KWD", "إماراتي": "AED", "مغربي": "MAD", "مصري": "EGP",
}  # fmt: skip
DIGITS_TO_ASCII = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "٫": ".",
    "٬": ",",
}

FIELDS = ("title", "summary")
CONTEXT = ("language", "feed_country")


def word_number(words: str) -> float | None:
    """A number written in English words (``WORD_NUMBER``): "two" 2, "fifty-five" 55, "three hundred and
    twenty" 320."""
    if words.lower().startswith("half"):
        return 0.5
    total = 0
    for token in re.split(r"[\s-]+", words.lower()):
        if token == "hundred":
            total *= 100
        elif token != "and":
            total += NUMBER_WORD_VALUES.get(token, 0)
    return float(total) or None


def parse_number(number: pl.Expr, decimal_comma: pl.Expr) -> pl.Expr:
    """A written number -> float, by the separators it shows and, when they leave it open, the language.

    Both "," and "." present: the last one is the decimal mark ("1.234,5", "1,234.5"). One kind repeated:
    thousands ("1,200,000"). One separator before 1, 2 or 4+ digits: decimal ("4,2", "1.5"). One separator
    before exactly 3 digits ("4.320", "1,500"): decimal only if it is the language's decimal symbol.
    """
    text = number.str.replace_many(DIGITS_TO_ASCII).str.replace_all(r"[\s\u00a0\u202f]", "")
    commas = text.str.count_matches(",", literal=True)
    points = text.str.count_matches(".", literal=True)
    last = text.str.extract(r"([.,])\d+$", 1)
    tail = text.str.extract(r"[.,](\d+)$", 1)
    head = text.str.extract(r"^(.*)[.,]\d+$", 1).str.replace_all(r"[.,]", "")
    repeated = pl.when(last == ",").then(commas).otherwise(points) > 1
    language_decimal = pl.when(decimal_comma).then(pl.lit(",")).otherwise(pl.lit("."))
    is_decimal = (
        pl.when(last.is_null())
        .then(False)
        .when((commas > 0) & (points > 0))
        .then(True)
        .when(repeated)
        .then(False)
        .when(tail.str.len_chars() != 3)
        .then(True)
        .otherwise(last == language_decimal)
    )
    return (
        pl.when(is_decimal)
        .then(pl.concat_str([head, pl.lit("."), tail]))
        .otherwise(text.str.replace_all(r"[.,]", ""))
        .cast(pl.Float64, strict=False)
    )


def scale_value(scale: pl.Expr, language: pl.Expr) -> pl.Expr:
    """A scale word -> its factor (1.0 when there is none); "Billion" is 10^12 in German and French."""
    lowered = scale.str.to_lowercase()
    long_billion = lowered.str.starts_with("billion") & language.is_in(LONG_SCALE).fill_null(False)
    found = pl.coalesce(
        [pl.when(lowered.str.contains(f"^(?:{p})$")).then(pl.lit(v)) for p, v in SCALE_VALUES]
    )
    return pl.when(long_billion).then(pl.lit(1e12)).otherwise(found).fill_null(1.0)


def word_currency(word: pl.Expr) -> pl.Expr:
    """A currency word -> ISO code or family ("dollar", "peso", ...), by the stem it starts with."""
    lowered = word.str.to_lowercase()
    return pl.coalesce([pl.when(lowered.str.contains(f"^(?:{s})")).then(pl.lit(c)) for s, c in WORD_STEMS])


def resolve_family(
    family: pl.Expr, qualifier: pl.Expr, country: pl.Expr, text_country: pl.Expr | None = None
) -> pl.Expr:
    """A currency family -> ISO code: the qualifier the text writes ("U.S. dollars", "Danish kroner"), else
    the publisher's country, else the one country of that currency the article names (``text_country``;
    money-6), else the family's default (or null). An ISO code stays as it is."""
    key = pl.concat_str([family, pl.lit("|"), country.fill_null("")])
    local = key.replace_strict(LOCAL_CURRENCY, default=None, return_dtype=pl.String())
    named = pl.lit(None, dtype=pl.String())
    if text_country is not None:
        named = pl.concat_str([family, pl.lit("|"), text_country]).replace_strict(
            LOCAL_CURRENCY, default=None, return_dtype=pl.String()
        )
    default = family.replace_strict(FAMILY_DEFAULT, default=None, return_dtype=pl.String())
    written = qualifier.replace_strict(QUALIFIER_CURRENCY, default=None, return_dtype=pl.String())
    is_code = family.str.contains(r"^[A-Z]{3}$")
    return pl.when(is_code).then(family).otherwise(pl.coalesce(written, local, named, default))


def named_country(family: pl.Expr, text: pl.Expr) -> pl.Expr:
    """The one country of a currency family that ``text`` names (``FAMILY_COUNTRIES``), else null: "95,000
    million pesos" in an article about Argentina are Argentine pesos, dirhams in one about Morocco Moroccan.
    Two such countries named settle nothing."""
    found: pl.Expr = pl.lit(None, dtype=pl.String())
    for name, countries in FAMILY_COUNTRIES.items():
        hits = [(code, text.str.contains(cue)) for code, cue in countries.items()]
        count = pl.sum_horizontal([hit.cast(pl.Int32) for _, hit in hits])
        one = pl.coalesce([pl.when(hit).then(pl.lit(code)) for code, hit in hits])
        found = pl.when((family == name) & (count == 1)).then(one).otherwise(found)
    return found


def extract_money(articles: pl.DataFrame, fx_rates: pl.DataFrame) -> pl.DataFrame:
    """Money amounts in ``articles`` (article_id, title, summary, published_at; optional language and
    feed_country), one row per match.

    ``fx_rates`` has (currency, year, usd_per_unit); the rate of the article's year is used, else the
    nearest year the table has for that currency. Offsets are character positions in the field.
    """
    context = [
        pl.col(c) if c in articles.columns else pl.lit(None, dtype=pl.String()).alias(c) for c in CONTEXT
    ]
    texts = (
        articles.select("article_id", "published_at", *context, *FIELDS)
        .unpivot(
            index=["article_id", "published_at", *CONTEXT],
            on=list(FIELDS),
            variable_name="field",
            value_name="value",
        )
        .filter(pl.col("value").is_not_null() & pl.col("value").str.contains_any(list(CUES)))
    )
    found = matches(texts)
    if found.height == 0:
        return pl.DataFrame(schema=MONEY_SCHEMA)
    found = found.explode("text", "byte_start")
    parts = found.select(pl.col("text").str.extract_groups(PATTERN)).unnest("text")
    found = pl.concat([found, parts], how="horizontal")
    whole = articles.select(
        "article_id", article_text=pl.concat_str(list(FIELDS), separator="\n", ignore_nulls=True)
    )
    return _read(found, fx_rates, whole)


def matches(texts: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``texts`` where ``PATTERN`` matches ``value``, with the list of matches (``text``) and the
    byte offset where each starts in ``value`` (``byte_start``): the regular expression runs once
    (transforms.spans). On 50,000 English articles, extracting the matches and then searching each row for
    them took eleven times as long as the regular expression. The marks go in through transforms.screen:
    ASCII word boundaries where a text holds no non-ASCII letter or digit, and elsewhere only where PATTERN
    without its boundaries matches (Unicode boundaries next to any non-ASCII character keep the regex engine
    off its fast path: 15,000 farm articles with typographic apostrophes 3.9-5.4 -> 0.62-0.67 s, 50,000
    real-feed entries 0.82 -> 0.17 s; the same matches)."""
    marked = texts.with_columns(
        _marked_value=screen.replace_all(texts, "value", PATTERN, OPEN + "${0}" + CLOSE)
    )
    found = matches_and_starts(marked, "value", pl.col("_marked_value"), _two_pass, "text")
    return found.filter(pl.col("text").list.len() > 0).drop("_marked_value")


def _two_pass(texts: pl.DataFrame) -> pl.DataFrame:
    """The matches, then each row searched for them (a row where one is not found again is left out)."""
    found = texts.with_columns(text=pl.col("value").str.extract_all(PATTERN)).filter(
        pl.col("text").list.len() > 0
    )
    found = found.with_columns(byte_start=pl.col("value").str.find_many(pl.col("text"), leftmost=True))
    return found.filter(pl.col("text").list.len() == pl.col("byte_start").list.len())


def _read(found: pl.DataFrame, fx_rates: pl.DataFrame, whole: pl.DataFrame | None = None) -> pl.DataFrame:
    """Amount, currency and offsets of each match (the named groups of ``PATTERN``); ``whole``: article_id
    and the article's text (title and summary), read for the country of a currency family (money-6)."""
    language = pl.col("language").str.to_lowercase().str.extract(r"^([a-z]{2,3})", 1)
    country = pl.col("feed_country").str.to_uppercase()
    point_country = pl.lit(False)
    for lang, countries in DECIMAL_POINT_COUNTRIES.items():
        point_country = point_country | ((language == lang) & country.is_in(countries)).fill_null(False)
    decimal_comma = (language.is_in(DECIMAL_COMMA) & ~point_country).fill_null(False)
    number = pl.coalesce(
        parse_number(pl.coalesce("n1", "n2", "n3", "n4"), decimal_comma),
        pl.col("n6").map_elements(word_number, return_dtype=pl.Float64()),
    )
    scale_word = pl.coalesce("m1", "m2", "m3", "m4", "m5", "m6")
    symbol = pl.coalesce("sym", "sym4").str.replace_all(r"\s", " ")
    by_symbol = (
        pl.when(symbol == "$")
        .then(pl.lit("$"))
        .otherwise(symbol.replace_strict(SYMBOL_CURRENCY, default=None, return_dtype=pl.String()))
    )
    by_code = pl.coalesce("code", "code4")
    by_code = by_code.replace_strict(CODE_CURRENCY, default=by_code, return_dtype=pl.String())
    word = pl.coalesce("word", "word5", "word6")
    qualifier = pl.coalesce("q3", "r3", "r5", "q6", "r6").str.to_lowercase()
    found = found.with_columns(family=pl.coalesce(by_symbol, by_code, word_currency(word)))
    text_country = None
    needs = found.filter(pl.col("family").is_in(list(FAMILY_COUNTRIES)))
    if whole is not None and needs.height:
        named = (
            needs.select("article_id", "family")
            .unique()
            .join(whole, on="article_id", how="left")
            .select(
                "article_id", "family", text_country=named_country(pl.col("family"), pl.col("article_text"))
            )
        )
        found = found.join(named, on=["article_id", "family"], how="left", maintain_order="left")
        text_country = pl.col("text_country")
    start = pl.col("value").cast(pl.Binary).bin.slice(0, pl.col("byte_start")).cast(pl.String).str.len_chars()
    found = found.with_columns(
        amount=pl.when(pl.col("m5").is_not_null()).then(pl.lit(1.0)).otherwise(number)
        * scale_value(scale_word, language),
        currency=resolve_family(pl.col("family"), qualifier, country, text_country),
        scaled=scale_word.is_not_null(),
        bare_number=pl.coalesce("n3", "n4").is_not_null(),
        year=pl.col("published_at").dt.year().cast(pl.Int32),
        start_offset=start.cast(pl.Int32),
    ).with_columns(end_offset=(pl.col("start_offset") + pl.col("text").str.len_chars()).cast(pl.Int32))
    return _to_usd(found.filter(_is_money()), fx_rates).select(list(MONEY_SCHEMA)).cast(MONEY_SCHEMA)  # type: ignore[arg-type]


def _is_money() -> pl.Expr:
    """Matches that are not money: no currency read, a zero amount, a weight, a year before a currency word.

    "4,000 pounds of turkey" (and "Pfund", "livres") is a weight: a bare pound word counts only with a scale
    word. "in 2024 dollars" and "2025 Euro-Hawk" are years: a plain four-digit 1900-2099 number before a
    currency word is not an amount.
    """
    word = pl.coalesce("word", "word5", "word6").str.to_lowercase()
    weight = word.str.contains(r"^(?:pounds?|pfund|livres)$").fill_null(False) & ~pl.col("scaled")
    year = (
        pl.col("bare_number")
        & ~pl.col("scaled")
        & pl.coalesce("n3", "n4").str.contains(r"^(?:19|20)\d\d$").fill_null(False)
    )
    # codes that are also other things count only with a scale: "PHP 36 billion" is Philippine pesos, "PHP
    # 8.3" the programming language; "RM4.1 billion" is Malaysian ringgit (money-4), "RM 2" may be anything;
    # "SR3.75 billion" Saudi riyals and "KD 120 million" Kuwaiti dinars (money-6), "SR 71" an aircraft
    # (money-7: "R870 million" rand, "R2" a road)
    scale_only = pl.coalesce("code", "code4").is_in(["PHP", "RM", "SR", "KD"]) | (
        pl.coalesce("sym", "sym4") == "R"
    )
    unscaled = scale_only.fill_null(False) & ~pl.col("scaled")
    return pl.col("currency").is_not_null() & (pl.col("amount") > 0) & ~weight & ~year & ~unscaled


def _to_usd(found: pl.DataFrame, fx_rates: pl.DataFrame) -> pl.DataFrame:
    rates = fx_rates.select(
        pl.col("currency").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.col("usd_per_unit").cast(pl.Float64),
    )
    bounds = rates.group_by("currency").agg(
        pl.col("year").min().alias("lo"), pl.col("year").max().alias("hi")
    )
    with_year = found.join(bounds, on="currency", how="left").with_columns(
        rate_year=pl.col("year").clip(pl.col("lo"), pl.col("hi"))
    )
    joined = with_year.join(
        rates.rename({"year": "rate_year"}), on=["currency", "rate_year"], how="left"
    ).with_columns(
        usd_per_unit=pl.when(pl.col("currency") == "USD").then(pl.lit(1.0)).otherwise(pl.col("usd_per_unit"))
    )
    return joined.with_columns(
        amount_usd=pl.col("amount") * pl.col("usd_per_unit"), extractor_version=pl.lit(MONEY_VERSION)
    )
