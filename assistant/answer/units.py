"""Answer units of one document: sentences, headings, and list records that carry their list's title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.markup import FOOTNOTE_DEFINITION
from assistant.core.sentences import split_sentences

SHORT_LINE = 140  # a line this short without a closing period is a heading, a list item or a table row
_LINE = re.compile(r"[^\n]+")
# A footnote ('[^12]: Stadt Ulm, 2019: Integriertes Stadtentwicklungskonzept') or an entry of a bibliography names a
# source: a unit of kind "source", whole, shown as the answer to nothing (and no list to count)
_BIBLIOGRAPHY = re.compile(r"(literatur|quellen)(verzeichnis|angaben|liste)?|literatur und quellen|bibliogra(ph|f)ie|"
                           r"references|bibliography|sources", re.I)
_BULLET = re.compile(r"^\s*([-*•›–]|\d{1,2}[.)]|[a-z][.)])\s+")


@dataclass
class Unit:
    """One answerable piece of a document, with offsets into the document text."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: str  # sentence | heading | record | slide | source (a footnote or a bibliography entry)
    group: int = -1  # records of one list share a group number
    title: str = ""  # what a record is an item of (list title or heading); a sentence's heading
    before: str = ""  # the sentence right before a sentence of the same paragraph (names its subject)
    leads_in: bool = False  # an unfinished sentence that an enumeration below completes ('… gilt nicht für' 1. … 2. …)
    signature: bool = False  # a line of a signature block (place and date, office, name): answered as one block

    @property
    def key(self) -> tuple[str, int, int]:
        """Stable identity inside one document version."""
        return (self.doc_id, self.start, self.end)

    def opens_list(self) -> bool:
        """The line announces what follows it: it ends with a colon or leads in to an enumeration."""
        return self.text.rstrip().endswith(":") or self.leads_in

    def window_text(self) -> str:
        """The unit with what comes before it: the previous sentence of its paragraph, or its list title."""
        if self.kind == "sentence" and self.before:
            return f"{self.before} {self.text}"
        return self.embed_text()

    def embed_text(self) -> str:
        """What the embedding model sees: records and headings with their title, sentences as they are."""
        if self.kind == "record" and self.title:
            return f"{self.title.rstrip(':')}: {self.text}"
        return self.text


def _is_short_line(text: str) -> bool:
    stripped = text.strip()
    if _BULLET.match(stripped):
        return len(stripped) <= 2 * SHORT_LINE  # an enumerated item, even when it ends with a period
    if not stripped or len(stripped) > SHORT_LINE:
        return False
    return not stripped.endswith((".", "!", "?", ";"))


def _line_units(doc_id: str, text: str, headings: set[str]) -> list[Unit]:
    """Classify every line: short lines become record candidates or headings, long lines are split into sentences."""
    units: list[Unit] = []
    sources = False  # inside a bibliography
    for line in _LINE.finditer(text):
        a, b = line.start(), line.end()
        raw = text[a:b]
        if not raw.strip():
            continue
        stripped = raw.strip()
        a += len(raw) - len(raw.lstrip())
        b = a + len(stripped)
        announcing = stripped.endswith(":") and not _BULLET.match(stripped)  # a short one is a sentence, not a record
        if stripped in headings:
            units.append(Unit(doc_id, a, b, stripped, "heading"))
            sources = bool(_BIBLIOGRAPHY.fullmatch(stripped.strip(" :")))
        elif sources or FOOTNOTE_DEFINITION.match(stripped):
            units.append(Unit(doc_id, a, b, stripped, "source"))
        elif _is_short_line(stripped) and not announcing:
            units.append(Unit(doc_id, a, b, stripped, "record"))
        else:  # in a paragraph that announces what follows, only its last sentence does
            units.extend(Unit(doc_id, s, e, text[s:e], "sentence") for s, e in _join_markers(text, split_sentences(text, a, b)))
    return units


_MARKER_ONLY = re.compile(r"^\(?(\d{1,3}|[a-zA-Z])[.)]$")  # '4.', '(2)', 'b)': an enumeration mark, no sentence of its own
# what the splitter cut off the end of a sentence: footnote marks ('… Stadtgebiet.[^11]'), a closing '4).', the year
# of a reference ('Schneidewind, U. (2017).')
_TAIL_ONLY = re.compile(r"^(\[\^[^\]\s]+\][.,;]?\s*)+$|^\d{1,3}\s?\)\.?$|^\((19|20)\d{2}[a-z]?\)\.?$")


def _join_markers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An enumeration mark that the sentence splitter cut off ('… zu entscheiden. 4. Nach Abschluss …') opens the
    sentence after it, footnote marks it cut off close the sentence before it: a unit of its own would be an answer
    that says nothing."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for s, e in spans:
        if out and opened is None and _TAIL_ONLY.match(text[s:e].strip()):
            out[-1] = (out[-1][0], e)  # belongs to the sentence before it
            continue
        if _MARKER_ONLY.match(text[s:e].strip()):
            opened = s if opened is None else opened
            continue
        out.append((opened if opened is not None else s, e))
        opened = None
    if opened is not None:
        out.append((opened, spans[-1][1]))
    return out


_FIRST_ITEM = re.compile(r"^\s*([-*•›–]|1[.)]|a[.)])\s+")  # an enumeration's first item
_FINISHED = re.compile(r"[.!?;:…\"“”»)\]]\s*$")


def _mark_lead_ins(units: list[Unit]) -> None:
    """A line or last sentence that stops mid-sentence (ending in a lower-case word) right before enumerated items
    leads in to them, as a line ending with a colon does (laws: 'Dieses Gesetz gilt nicht für' 1. … 2. …)."""
    for i, unit in enumerate(units[:-1]):
        following = units[i + 1]
        if following.kind != "record" or not _FIRST_ITEM.match(following.text) or _BULLET.match(unit.text):
            continue
        text = unit.text.rstrip()
        last_word = text.split()[-1] if text.split() else ""
        if unit.kind in ("sentence", "record") and not _FINISHED.search(text) and last_word[:1].islower():
            unit.kind, unit.leads_in = "sentence", True


def _blank_between(text: str, a: int, b: int) -> bool:
    return "\n\n" in re.sub(r"[ \t]+", "", text[a:b])


def _group_records(units: list[Unit], text: str) -> None:
    """Consecutive record lines form a list; lone records between blank lines join their lone neighbours."""
    runs: list[list[int]] = []
    loose: list[bool] = []  # a run of one-line paragraphs (blank lines between them)
    for i, unit in enumerate(units):
        if unit.kind != "record":
            continue
        previous = runs[-1][-1] if runs else None
        adjacent = previous == i - 1
        enumerated = adjacent and bool(_BULLET.match(unit.text)) and bool(_BULLET.match(units[previous].text))
        if adjacent and (enumerated or not _blank_between(text, units[previous].end, unit.start)):
            runs[-1].append(i)
        elif adjacent and (len(runs[-1]) == 1 or loose[-1]) and (i + 1 == len(units) or units[i + 1].kind != "sentence"):
            runs[-1].append(i)  # a block of one-line paragraphs, e.g. place, date and signatures
            loose[-1] = True
        else:
            runs.append([i])
            loose.append(False)
    first_sentence = next((i for i, u in enumerate(units) if u.kind == "sentence"), len(units))
    for number, run in enumerate(runs):
        after = units[run[-1] + 1].kind if run[-1] + 1 < len(units) else ""
        front = run[0] < first_sentence  # in the front matter, before the document's first sentence
        titling = after == "heading" and front and not re.search(r"\d", units[run[0]].text)
        if len(run) == 1 and (after == "sentence" or titling):
            # a short line that opens a paragraph is its heading; a lone line without a number over a heading in the
            # front matter (the document's kind above its title: 'POSITIONSPAPIER') is one too, never an answer of
            # its own ('Stand: November 2016' stays a record: it dates the document)
            units[run[0]].kind = "heading"
            continue
        for i in run:
            units[i].group = number


def _attach_titles(units: list[Unit], text: str) -> None:
    """Records get the line that announces their list; sentences get the heading above them."""
    heading = announcer = group_title = ""
    for i, unit in enumerate(units):
        if unit.kind == "heading":
            heading, announcer = unit.text, ""
            continue
        if unit.kind == "sentence":
            unit.title = heading
            previous = units[i - 1] if i > 0 else None
            if previous is not None and previous.kind == "sentence" and "\n" not in text[previous.end : unit.start]:
                unit.before = previous.text
            announcer = unit.text if unit.opens_list() else ""
            continue
        first_of_group = i == 0 or units[i - 1].group != unit.group
        if first_of_group and unit.group >= 0:
            group_title = announcer or heading
            if i > 0 and units[i - 1].kind == "heading":
                group_title = units[i - 1].text
            announcer = ""  # an announcing line introduces one list only
        unit.title = group_title if unit.group >= 0 else heading


SIGNATURE_TITLE = "Unterzeichnung"
SIGNATURE_LINES = 5  # a block longer than this (place and date, offices, names) is a list, not a signature
_PLACE_DATE = re.compile(r"^[A-ZÄÖÜ][\w .-]{1,40},\s+(den\s+)?\d{1,2}\.\s?(\d{1,2}\.\s?\d{2,4}|[A-Za-zäöüÄÖÜ]+\s+\d{4})$")


def _mark_signatures(units: list[Unit]) -> None:
    """A list that opens with a place-and-date line ('Dresden, den 21. Mai 2019', as its first line or as the sentence
    right before it) is a signature block: its lines, that line included, are one unit family titled as a signing."""
    for i, unit in enumerate(units):
        if unit.kind != "record" or unit.group < 0 or (i > 0 and units[i - 1].group == unit.group):
            continue
        members = [i]  # a list's records are consecutive
        while members[-1] + 1 < len(units) and units[members[-1] + 1].group == unit.group:
            members.append(members[-1] + 1)
        dated = _PLACE_DATE.match(unit.text.strip())
        before = units[i - 1] if i > 0 else None
        if not dated and before is not None and before.kind == "sentence" and _PLACE_DATE.match(before.text.strip()):
            before.kind, before.group, dated = "record", unit.group, True
            members.insert(0, i - 1)
        if not dated or len(members) > SIGNATURE_LINES:
            continue
        for j in members:
            units[j].signature, units[j].title = True, SIGNATURE_TITLE


def document_units(doc_id: str, text: str, headings: set[str] | None = None) -> list[Unit]:
    """All answer units of a document text in reading order."""
    units = _line_units(doc_id, text, headings or set())
    _mark_lead_ins(units)
    _group_records(units, text)
    _attach_titles(units, text)
    _mark_signatures(units)
    return units
