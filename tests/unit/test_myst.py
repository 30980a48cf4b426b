"""MyST / Jupyter Book fences: a toctree reads as the list of its chapters, other fences as their body."""

import re

from ingest.myst import chapter_name, resolve_fences
from ingest.readers import parse_markdown

BOOK = """# Handlungsfelder

Im Rahmen des Projektes wurden drei Felder identifiziert.

```{toctree}
---
maxdepth: 2
---
06.01_Mobilitaet/index.md
06.02_Staedte_Gebaeude_Wohnen/index.md
06.03_Neues_Feld/index.md
```

# Mobilität
Text zur Mobilität.

# Städte, Gebäude und Wohnen
Text zum Wohnen.
"""


def test_a_toctree_becomes_the_list_of_its_chapters_named_by_their_headings():
    text = parse_markdown(BOOK).text
    assert "- Mobilität\n- Städte, Gebäude und Wohnen\n- Neues Feld" in text
    assert "maxdepth" not in text and "toctree" not in text and "index.md" not in text and "---" not in text


def test_a_chapter_is_named_by_an_explicit_title_else_its_heading_else_its_path():
    headings = {"mobilitaet": "Mobilität"}
    assert chapter_name("Einleitung <01_intro>", headings) == "Einleitung"
    assert chapter_name("06.01_Mobilitaet/index.md", headings) == "Mobilität"
    assert chapter_name("07_Offene_Daten.md", headings) == "Offene Daten"


def test_other_fences_keep_their_body_without_fence_and_option_lines():
    text = resolve_fences("Vorher\n```{note}\n:class: tip\nDas ist wichtig.\n```\n```python\nx = 1\n```\nNachher")
    assert text.split("\n") == ["Vorher", "Das ist wichtig.", "x = 1", "Nachher"]


def test_text_without_fences_is_unchanged():
    raw = "# Titel\n\nEin Satz: mit Doppelpunkt.\n- Punkt"
    assert resolve_fences(raw) == raw


def test_footnote_definitions_move_to_the_end_of_their_chapter():
    from ingest.readers import footnotes_last

    raw = ("# Kapitel A\n\nDie Felder sind:[^1]\n\n[^1]: Stadt Ulm, 2019\n    zweite Zeile\n\n- Mobilität\n- Bildung\n"
           "# Kapitel B\n\nText.[^1]\n\n[^1]: Quelle B\n")
    moved = re.sub(r"\n{3,}", "\n\n", footnotes_last(raw))  # blank lines left behind count once, as in Markdown
    assert "Die Felder sind:[^1]\n\n- Mobilität\n- Bildung" in moved  # the list follows the line announcing it
    assert "- Bildung\n\n## Fußnoten\n\n[^1]: Stadt Ulm, 2019 zweite Zeile\n\n# Kapitel B" in moved
    assert moved.rstrip().endswith("## Fußnoten\n\n[^1]: Quelle B")
    assert [s.path for s in parse_markdown(raw).sections][:2] == ["Kapitel A", "Kapitel A › Fußnoten"]
    assert footnotes_last("# Ohne\n\nText ohne Fußnote.\n") == "# Ohne\n\nText ohne Fußnote.\n"
    assert footnotes_last("# A\nText.[^1]\n# B\nMehr.\n") == "# A\nText.[^1]\n# B\nMehr.\n"  # a mark alone moves nothing


def test_a_table_rule_is_no_row():
    text = parse_markdown("Nr | Titel\n-------- | --------\n01 | Mobilität\n\n| a | b |\n|:---|---:|\n| 1 | 2 |\n\n---\n").text
    assert text.split("\n")[:6] == ["Nr | Titel", "01 | Mobilität", "", "| a | b |", "| 1 | 2 |", ""]
