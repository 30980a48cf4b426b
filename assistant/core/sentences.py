"""German sentence splitting with an abbreviation list; returns character spans so offsets survive."""

from __future__ import annotations

import re

from assistant.core.german import MONTH_NAMES

# Abbreviations that end in a period but never end a sentence (lower-cased, without the final period).
ABBREVIATIONS = {
    "abs", "art", "bzw", "ca", "dr", "ggf", "nr", "s", "vgl", "z", "b", "u", "a", "d", "h", "i", "v", "m",
    "usw", "etc", "evtl", "inkl", "bspw", "insb", "einschl", "gem", "lt", "max", "min", "mio", "mrd", "tel",
    "str", "st", "prof", "dipl", "ing", "hrsg", "jh", "jhd", "sog", "u.a", "z.b", "d.h", "o.ä", "u.ä", "ziff",
    "abschn", "anh", "anl", "bd", "bzgl", "ebd", "f", "ff", "geb", "jr", "kap", "lfd", "mwst", "nachf", "o",
    "rd", "tsd", "vs", "zt", "z.t", "zzgl", "i.v.m", "bgbl", "abl", "sächsabl", "sächsgvbl", "sdr",
    "ausg", "verf", "allg", "durchschn", "eur", "bes", "bzgl", "vorl", "sept", "okt", "nov", "dez", "jan", "feb",
    "aug", "apr", "e.v", "rdnr", "rn", "buchst", "lit",
}
# Words that typically open a new sentence after a number with a period ("… 18 Monate. Danach …").
SENTENCE_OPENERS = {
    "der", "die", "das", "dies", "diese", "dieser", "dieses", "es", "sie", "er", "wir", "ich", "ein", "eine",
    "im", "in", "am", "auf", "für", "mit", "bei", "nach", "zu", "von", "sofern", "soweit", "wenn", "dabei",
    "damit", "deshalb", "auch", "hierzu", "hierfür", "zudem", "außerdem", "darüber", "näheres", "weitere",
}

_CANDIDATE = re.compile(r"[.!?…]+[\"'“”„»«)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\wÄÖÜäöüß.§-]+)$")
_NEXT_WORD = re.compile(r"\s+([\"'„“»(\[]?)(\S+)")


def _is_boundary(text: str, end: int, line_start: int, line_end: int) -> bool:
    """Decide whether the punctuation run ending at `end` closes a sentence (looking only inside its line)."""
    mark = text[end - 1]
    window_start = max(line_start, end - 80)
    before = text[window_start:end].rstrip("\"'“”„»«)]")
    punct_start = window_start + len(before.rstrip(".!?…"))
    following = _NEXT_WORD.match(text, end, line_end)
    if not following:
        return True
    next_word = following.group(2)
    first = next_word[0]
    if mark in "!?…":
        return not first.islower()
    word_match = _WORD_BEFORE.search(text, window_start, punct_start)
    word = word_match.group(1) if word_match else ""
    bare = word.lower().lstrip("(").rstrip(".")
    abbreviation = bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())
    if re.fullmatch(r"[a-z]{1,2}\)", next_word) and not abbreviation:
        # an enumeration letter after a full stop opens the next item: '… nachzuweisen ist. b) Die touristische …'
        after = _NEXT_WORD.match(text, following.end(), line_end)
        return bool(after) and after.group(2)[:1].isupper()
    if first.islower() or first in ",;:-–":
        return False
    if abbreviation:
        return False
    if bare.isdigit():
        next_lower = next_word.lower().strip("\"'„“»(,.")
        if next_lower.startswith(MONTH_NAMES):
            return False
        if len(bare) <= 2 and next_lower not in SENTENCE_OPENERS:
            return False  # ordinals: "2. AKDB Kommunalforum", "3. Dezember"
    if re.fullmatch(r"\d{1,2}\.\d{1,2}", bare):  # "30.09." in a date, "1.1. Zuwendungszweck"
        return False
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences in text[start:end]; a line break always ends a sentence."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        line_start = start + line.start()
        line_end = start + line.end()
        cursor = line_start
        for match in _CANDIDATE.finditer(text, line_start, line_end):
            cut = match.end()
            if _is_boundary(text, cut, line_start, line_end):
                _append(spans, text, cursor, cut)
                cursor = cut
        _append(spans, text, cursor, line_end)
    return spans


def _append(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Add a span trimmed of surrounding whitespace, if it holds any word character."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and re.search(r"\w", text[a:b]):
        spans.append((a, b))


def sentences(text: str) -> list[str]:
    """The sentences of a text as strings."""
    return [text[a:b] for a, b in split_sentences(text)]
