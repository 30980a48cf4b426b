"""MyST / Jupyter Book fences in Markdown: a table of contents becomes the list of its chapters, other fences their text.

Strategies published as Jupyter Books (the Ulm Smart City strategy is one) join their chapters with
```{toctree} fences that list file paths ('06.01_Mobilitaet/index.md') under options ('maxdepth: 2'). Read as text,
those lines became answer units of their own ('maxdepth: 2' was shown as the answer to „Wie viele Handlungsfelder
…?"). A toctree is turned into a bullet list of its chapters, each named by the heading of the document that
matches its path (folded, so 'Mobilitaet' finds '# Mobilität'), or by its path made readable; the fence lines and
option lines of any other fence are dropped and its body kept."""

from __future__ import annotations

import re

from assistant.core.german import fold
from assistant.core.markup import HEADING_LINE

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(\{([\w:-]+)\})?.*$")
_OPTION = re.compile(r"^\s*:?[\w-]+:\s*\S*\s*$")  # 'maxdepth: 2', ':caption: Inhalt', ':hidden:'


def _key(text: str) -> str:
    """A comparison key: folded, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def chapter_name(entry: str, headings: dict[str, str]) -> str:
    """The chapter a toctree entry points to: its explicit title ('Mobilität <06.01_Mobilitaet/index>'), else the
    heading whose key the path's name matches, else the name itself."""
    titled = re.fullmatch(r"\s*(.+?)\s*<([^>]+)>\s*", entry)
    if titled:
        return titled.group(1)
    parts = [p for p in re.split(r"[/\\]", entry.strip()) if p]
    if parts and re.fullmatch(r"(index|readme)(\.\w+)?", parts[-1], re.I) and len(parts) > 1:
        parts = parts[:-1]
    name = re.sub(r"\.(md|ipynb|rst|txt)$", "", parts[-1] if parts else entry, flags=re.I)
    name = re.sub(r"^[\d._-]+", "", name)  # '06.01_' numbering
    readable = re.sub(r"[_-]+", " ", name).strip()
    if _key(readable) in headings:
        return headings[_key(readable)]
    # 'Staedte_Gebaeude_Wohnen' names '# Städte, Gebäude und Wohnen': the path's words in order, at most two more
    words = _words(readable)
    for heading in headings.values():
        extra = _words(heading)
        if words and len(extra) - len(words) <= 2 and _in_order(words, extra):
            return heading
    return readable


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _in_order(words: list[str], within: list[str]) -> bool:
    """`words` occur in `within` in this order (other words may stand between them)."""
    rest = iter(within)
    return all(any(w == x for x in rest) for w in words)


def _options_end(body: list[str]) -> int:
    """How many leading lines of a fence's body are its options (a '---' block or ':key: value' lines)."""
    if body and body[0].strip() == "---":
        for i, line in enumerate(body[1:], start=1):
            if line.strip() == "---":
                return i + 1
        return 0
    n = 0
    while n < len(body) and _OPTION.match(body[n]) and body[n].lstrip().startswith(":"):
        n += 1
    return n


def resolve_fences(raw: str) -> str:
    """Markdown with toctree fences as chapter lists and other fences as their plain body (see module docstring)."""
    if "```" not in raw and "~~~" not in raw:
        return raw
    headings = {_key(m.group(2)): m.group(2) for m in map(HEADING_LINE.match, raw.split("\n")) if m}
    lines = raw.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        marker, directive = opening.group(1), (opening.group(3) or "").lower()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(marker[:3])
                    and not _FENCE.match(lines[j]).group(2)), len(lines))
        body = lines[i + 1 : end]
        body = body[_options_end(body):]
        if directive == "toctree":
            entries = [line.strip() for line in body if line.strip() and not _OPTION.match(line)]
            out.extend(f"- {chapter_name(e, headings)}" for e in entries)
        else:
            out.extend(body)
        i = end + 1
    return "\n".join(out)
