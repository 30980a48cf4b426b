"""Text cleaning for German documents: Unicode, hyphenation, running headers, broken paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t ]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff]")
# "ver-\ntreten" -> "vertreten"; the hyphen is kept before an upper-case letter ("E-\nGovernment").
_LINE_HYPHEN = re.compile(r"(\w)[-‐]\s*\n\s*(?=(\w))")
_SENTENCE_END = re.compile(r"[.!?:;…\"“”»«)]\s*$")


def normalize_unicode(text: str) -> str:
    """NFC, no soft hyphens or zero-width characters, NBSP and tabs as plain spaces, Unix newlines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(SOFT_HYPHEN, "")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return text


def join_hyphenated(text: str) -> str:
    """Join words split by a hyphen at a line end, keeping real hyphens before capitals (E-Government)."""

    def repl(match: re.Match) -> str:
        nxt = match.group(2)
        if nxt.islower():
            return match.group(1)
        return match.group(1) + "-"

    return _LINE_HYPHEN.sub(repl, text)


def join_broken_paragraphs(text: str) -> str:
    """Rejoin paragraphs split by a page break inside a sentence (next paragraph starts in lower case)."""
    parts = re.split(r"(\n[ \t]*\n+)", text)
    out: list[str] = [parts[0]]
    for i in range(1, len(parts), 2):
        sep, nxt = parts[i], parts[i + 1]
        prev = out[-1]
        stripped_next = nxt.lstrip()
        prev_line = prev.rstrip().rsplit("\n", 1)[-1]
        continues = (
            stripped_next[:1].islower()
            and prev.rstrip()
            and not _SENTENCE_END.search(prev.rstrip())
            and not prev_line.lstrip().startswith("#")
        )
        if continues:
            if re.search(r"\w[-‐]$", prev.rstrip()):
                out[-1] = prev.rstrip()[:-1] + stripped_next
            else:
                out[-1] = prev.rstrip() + " " + stripped_next
        elif re.search(r"\w-$", prev.rstrip()) and stripped_next[:1].isupper():
            out[-1] = prev.rstrip() + stripped_next  # "E-Government-\n\nGesetzes"
        else:
            out.append(sep)
            out.append(nxt)
    return "".join(out)


def _line_template(line: str) -> str:
    """A line with digits folded, so running headers with page numbers compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip()))


def find_running_lines(pages: list[str], min_share: float = 0.4) -> list[re.Pattern]:
    """Regexes for header/footer lines repeated (up to digits) at the top or bottom of most pages."""
    if len(pages) < 3:
        return []
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.split("\n") if ln.strip()]
        seen = {_line_template(ln) for ln in lines[:2] + lines[-2:]}
        counts.update(t for t in seen if len(t) >= 3)
    threshold = max(3, int(min_share * len(pages) + 0.999))
    patterns = []
    for template, count in counts.items():
        if count >= threshold:
            body = re.escape(template).replace(r"\#", r"\d+").replace(r"\ ", r"\s*")
            patterns.append(re.compile(r"\A\s*" + body + r"[ \t]*\n?|\n?[ \t]*" + body + r"\s*\Z"))
    return patterns


def remove_running_lines(page: str, patterns: list[re.Pattern]) -> str:
    """Strip header/footer matches at the start or end of a page."""
    for pattern in patterns:
        page = pattern.sub("", page)
    return page


def unwrap_lines(text: str, wrap_width: int = 55) -> str:
    """Join hard-wrapped prose lines into paragraphs; short lines (slides, lists, headings) stay lines."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (
            out
            and stripped
            and len(out[-1]) >= wrap_width
            and not _looks_like_heading(stripped)
            and not stripped.startswith(("•", "-", "–", "▪"))
        ):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(stripped)
    return "\n".join(out)


_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]+\.|§\s*\d+\w*)\s*[A-ZÄÖÜ][^.!?]{0,80}$")


def _looks_like_heading(line: str) -> bool:
    """Numbered short line such as '5.3 Höhe der Förderung' or '§ 4 Zuständigkeit'."""
    return bool(_HEADING.match(line)) and len(line) <= 90
