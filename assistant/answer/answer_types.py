"""Answer types: which kind of value a question asks for, and how well a text holds one (date, amount, person, contact).

The kinds are the usual ones of factoid question answering: a point in time, a number with its subtypes (money,
share, duration), a person or office. A text that only holds a paragraph number, a list marker or a year does not
answer 'how much'; a text that names an amount in words ('acht Wochen') does. Contact data (a telephone number, a mail,
web or postal address) is a value too: a text that names an office without its number does not answer 'Welche
Telefonnummer hat …'.
"""

from __future__ import annotations

import re

from assistant.answer.person_names import names_person
from assistant.core.german import MONTH_PATTERN

# subtypes of a number question, by the words that ask for them; each applies only together with the 'number' kind
NUMBER_SUBTYPES = {
    "money": r"\b(\w*(geld|betrag|betraege|summe|budget|etat|kosten|euro|mittel|zuschuss|gebuehr\w*)|(ge)?kostet|verdien\w*|gehalt|money|"
    r"funding|budget|costs?|spend|spent|fees?|eur)\b",
    "percent": r"\b(prozent\w*|\w*anteil\w*|\w*quote|share|percent\w*|proportion)\b",
    "duration": r"\b(wie lange|frist\w*|dauer\w*|zeitraum\w*|laufzeit\w*|how long|period|duration)\b",
}

FULL_DATE = re.compile(rf"\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}\b|\b\d{{1,2}}\.\s?({MONTH_PATTERN})\s\d{{4}}\b", re.I)
ANY_DATE = re.compile(rf"{FULL_DATE.pattern}|\b({MONTH_PATTERN})\b|\b(19|20)\d{{2}}\b|\b\d{{2}}/\d{{4}}\b", re.I)
SMALL_NUMBER_WORDS = "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"  # what a short list is counted in
_NUMBER_WORD = (rf"{SMALL_NUMBER_WORDS}|fuenf|zwoelf|zwanzig|dreißig|dreissig|vierzig|"
                r"fünfzig|fuenfzig|hundert|tausend|millionen|million|milliarden|milliarde|hälfte|haelfte|drittel|viertel|dutzend")
_ORDINAL = r"(zweit|dritt|viert|fünft|fuenft|sechst|siebt|acht|neunt|zehnt|zwanzigst|dreißigst|dreissigst)(e|en|er|es|em)"
NUMBER_WORDS = re.compile(rf"\b({_NUMBER_WORD})\b", re.I)
# where a digit is no amount: paragraph and page references, list markers and ordinals ('2. die Prüfung'), the number
# column of a table row ('06 | Offener Diskurs |'), footnote marks ('[^124]'), years
REFERENCE = re.compile(
    r"§+\s*\d+\w*|\b(Art\.|Artikel|Absatz|Abs\.|Nummer|Nr\.|Satz|Ziffer|Buchstabe|Anlage|Kapitel|S\.|BGBl\.\s*I+\s*S\.)\s*\d+\w*"
    r"|^\s*\(?\d+[.)]\s|^\s*\d{1,3}\s*\|\s|\(\d+\)|\b\d{1,2}\.\s|\[\^?\d+\]|\b(19|20)\d{2}\b(?!\s*(€|EUR|Euro|%|Prozent))", re.I | re.M)
MONEY = re.compile(r"€|\bEUR\b|\bEuro\b|\bMio\.|\bMrd\.|\bMillionen\b|\bMilliarden\b", re.I)
PERCENT = re.compile(r"%|\bProzent\b|\bv\.\s?H\.|\bvom Hundert\b|\bpercent\b", re.I)
_TIME_UNIT = r"(Stunden?|Werktag(en?)?|Tag(en?)?|Wochen?|Monat(en?)?|Jahr(en?)?|hours?|days?|weeks?|months?|years?)"
# a span of time: 'drei Monate', 'am vierten Tag', '01/2020 – 12/2021', and as an adjective: 'bei zweijähriger Inaktivität'
DURATION = re.compile(rf"\b(\d+|{_NUMBER_WORD}|{_ORDINAL})\s+{_TIME_UNIT}\b|\b\d{{2}}/\d{{4}}\s*[–-]\s*\d{{2}}/\d{{4}}"
                      rf"|\b(\d+-?|{_NUMBER_WORD})(jährig|jaehrig|monatig|wöchig|woechig|tägig|taegig)\w*", re.I)
PERSON = re.compile(
    r"\b(Dr\.|Prof\.|Herr|Frau|[A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+,)"
    r"|(minister|beauftragt|behörde|amt\b|stelle\b|meister|direktor|sekretär|präsident|leiter|vorsitzend|senat)", re.I)


# where a text puts something: at an institution, an office or a place after a locative preposition ('im Staatsbetrieb
# Sächsische Informatik Dienste', 'bei der Landesdirektion Sachsen', 'am Münsterplatz'), or at a web or mail address
_PLACE_NOUN = r"[A-ZÄÖÜ]\w*(?:amt|ämter|behörde|stelle|ministerium|verwaltung|betrieb|bank|direktion|portal|zentrum|stadt|kreis|region|gemeinde|bezirk|platz|straße|agentur|rathaus|seite)\b"
_PLACE_START = r"(?:Amt|Behörde|Stelle|Ministerium|Verwaltung|Bank|Direktion|Portal|Zentrum|Stadt|Kreis|Region|Gemeinde|Bezirk|Platz|Senat|Rathaus)\w*\b"
PLACE = re.compile(
    rf"\b(?:in|im|bei|beim|an|am|auf|zur|zum|über|unter)\s+(?:(?:de[mnrs]|die|das|eine[mnrs]?)\s+)?(?:[\w-]+\s+)?"
    rf"(?:{_PLACE_NOUN}|{_PLACE_START})|\bwww\.\w|https?://|\b[\w.-]+@[\w-]+\.[a-z]{{2,}}\b")

# contact data: a telephone or fax number, a mail address, a web address, a postal address. A text holds one when it
# shows it ('Tel. 0351 4910-0', 'info@sab.sachsen.de', 'www.govdata.de', 'Pirnaische Straße 9, 01069 Dresden'); a
# text that only names the office does not give its number
_PHONE = r"\b(Tel(efon)?|Fax|Telefax|Phone)\.?\s*:?\s*\+?[\d(]|\+49[\s\d(]|\(0\d{2,5}\)\s*\d|\b0\d{2,5}\s?[/-]\s?\d{3,}"
_MAIL = r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+"
_WEB = r"\bwww\.[\w-]+|https?://|\b[\w-]+\.(de|com|org|eu|net|info)\b(?!-)"
_POSTAL = r"\b[A-ZÄÖÜ][\w-]*(straße|strasse|str\.|weg|platz|allee|ring|gasse|damm|ufer)\s+\d+\s?[a-z]?\b|\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+"
# (what asks for it in a folded question, what shows it in a text): only words that ask for the number or address
# itself ('per E-Mail', 'telefonisch' ask how, not where to); a bare 'Adresse' may be a postal, web or mail address
CONTACT_KINDS = {
    "phone": (r"\b(telefonnummer\w*|telefon-nummer\w*|rufnummer\w*|faxnummer\w*|telefaxnummer\w*|hotline\w*|"
              r"(tele)?phone numbers?|fax numbers?)\b", _PHONE),
    "email": (r"\b(e-?mail-?adress\w*|mailadress\w*|mail-adress\w*|e-?mail address\w*)\b", _MAIL),
    "web": (r"\b(webadress\w*|web-adress\w*|internetadress\w*|internet-adress\w*|internetseite\w*|internetauftritt\w*|"
            r"webseite\w*|website\w*|homepage\w*|url|web address\w*)\b", _WEB),
    "postal": (r"\b((post)?anschrift\w*|hausnummer\w*|postleitzahl\w*|(street|postal) address\w*)\b", _POSTAL),
    "address": (r"(?<![-\w])(adresse[n]?|address(es)?)\b", f"{_POSTAL}|{_WEB}|{_MAIL}"),
}
ASKS_CONTACT = {kind: re.compile(asked) for kind, (asked, _) in CONTACT_KINDS.items()}  # on the folded question
_HOLDS_CONTACT = {kind: re.compile(held) for kind, (_, held) in CONTACT_KINDS.items()}

VALUE_KINDS = frozenset({"date", "number", "person", "name", *CONTACT_KINDS})  # kinds that ask for a value a text can be checked to hold
COUNT_PHRASE = r"wie ?viele[nrs]?|anzahl|how many"  # what makes a (folded) question a count
# 'wie viele X' / 'how many X': the word counted (an article or 'of the' before it skipped)
_COUNTED_WORD = re.compile(rf"\b(?:{COUNT_PHRASE})\s+(?:(?:der|die|den|dieser|an|von|of(?: the)?)\s+)?(\w+)")
_TIME_UNIT_WORD = re.compile(r"^(stunden?|werktag(e|en)?|tag(e|en)?|wochen?|monat(e|en)?|jahr(e|en)?|hours?|days?|weeks?|months?|years?)$")


def number_subtypes(folded_question: str) -> set[str]:
    """The subtypes (money, percent, duration) a folded number question asks for. A count asks for a number of what it
    counts, so that word alone sets the subtype: 'Wie viele Jahre gilt die mit Landesgeld gebaute …' asks for a
    duration, not an amount of money; 'In wie vielen Raten fließt das Fördergeld' for a plain number."""
    counted = _COUNTED_WORD.search(folded_question)
    if counted:
        word = counted.group(1)
        return {name for name, pattern in NUMBER_SUBTYPES.items() if re.search(pattern, word)} \
            | ({"duration"} if _TIME_UNIT_WORD.match(word) else set())
    return {name for name, pattern in NUMBER_SUBTYPES.items() if re.search(pattern, folded_question)}


def holds_number(text: str) -> bool:
    """The text states an amount: a digit that is no date, reference, list marker or year, or a number in words."""
    stripped = REFERENCE.sub(" ", FULL_DATE.sub(" ", text))
    return bool(re.search(r"\d", stripped) or NUMBER_WORDS.search(text))


YEAR = re.compile(r"\b(19|20)\d{2}\b")
# a question for a year ('In welchem Jahr …?', 'Which year …?'): a year answers it exactly, a span of time does not
ASKS_FOR_YEAR = re.compile(r"\b(welche[mnrs]?|what|which) (jahr|year)\b")


def _date_match(text: str, year: bool = False) -> float:
    """1 for a full date, 0.75 for a span of time ('am vierten Tag', 'nach drei Monaten'), 0.5 for a year or month;
    for a question that asks for a year (`year`), 1 for a year and 0 for a span of time without one."""
    if FULL_DATE.search(text) or (year and YEAR.search(text)):
        return 1.0
    if year:
        return 0.5 if ANY_DATE.search(text) else 0.0
    if DURATION.search(text):
        return 0.75
    return 0.5 if ANY_DATE.search(text) else 0.0


def _number_match(kinds: set[str], text: str) -> float:
    """1 when the text holds the amount asked for (of the asked subtype), 0.5 another amount, 0 none."""
    if not holds_number(text):
        return 0.0
    wanted = [{"money": MONEY, "percent": PERCENT, "duration": DURATION}[k] for k in ("money", "percent", "duration") if k in kinds]
    if not wanted:
        return 1.0
    return 1.0 if any(p.search(text) for p in wanted) else 0.5


def type_match(kinds: set[str], text: str, list_item: bool = False, exact_dates: bool = True, signature: bool = False) -> float:
    """1 when the text holds the kind of value asked for, 0 when it lacks it, 0.5 when nothing specific is asked.
    A count is answered by a list (its items are counted), whatever values the item holds. With exact_dates=False
    a year, a month or a span of time answers a date question fully ('Wann baut die Stadt …?' – '2028'). A question for
    a person's name is answered by a text that names one, or by a line of a signature block (`signature`)."""
    if "count" in kinds and list_item:
        return 1.0
    checks = []
    if "date" in kinds:
        checks.append(_date_match(text, "year" in kinds) if exact_dates else float(_date_match(text) > 0))
    if "number" in kinds and "date" not in kinds:
        checks.append(_number_match(kinds, text))
    if "name" in kinds:
        checks.append(1.0 if signature or names_person(text) else 0.0)
    elif "person" in kinds:
        checks.append(1.0 if PERSON.search(text) else 0.3)
    checks += [1.0 if _HOLDS_CONTACT[kind].search(text) else 0.0 for kind in CONTACT_KINDS if kind in kinds]
    if "place" in kinds and not checks:  # a where-question: a text that says where answers it best, others may
        checks.append(1.0 if PLACE.search(text) else 0.5)
    return sum(checks) / len(checks) if checks else 0.5
