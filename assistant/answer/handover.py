"""What an answer from a heading or an announcing line shows: the units right below it (one rule for the answer and its check)."""

from __future__ import annotations

import re

from assistant.answer.answer_types import SMALL_NUMBER_WORDS
from assistant.answer.units import Unit

ANNOUNCER_WORDS = 14  # a sentence this short that counts things ('Drei Schwerpunkte wurden herausgearbeitet.') announces them
HANDOVER_UNITS = 2  # a heading or announcing line answers with this many units below it (within its heading)
_COUNTED = re.compile(rf"\b({SMALL_NUMBER_WORDS})\s+[A-ZÄÖÜ]\w+", re.I)


def announces(unit: Unit, counting: bool = False) -> bool:
    """A line that announces what follows: it ends with a colon or leads in to an enumeration, or (`counting`, for list questions) it is a short
    sentence that counts things ('Drei Schwerpunkte wurden herausgearbeitet.')."""
    if unit.opens_list():
        return True
    text = unit.text.rstrip()
    return counting and unit.kind == "sentence" and len(text.split()) <= ANNOUNCER_WORDS and bool(_COUNTED.search(text))


def handed_over(doc, index: int, counting: bool = False) -> list[int]:
    """Indexes of the units a heading or announcing line at `index` of `doc` (DocumentUnits) answers with; empty for any other unit."""
    unit = doc.units[index]
    if unit.kind != "heading" and not announces(unit, counting):
        return []
    return doc.following(index, HANDOVER_UNITS)


def shown_units(doc, index: int, counting: bool = False) -> list[int]:
    """The units an answer from unit `index` shows: the whole block of a signature, the announcing line and what it hands
    over to, only what is below a heading, the unit itself otherwise."""
    if doc.units[index].signature:  # place and date, offices and names are shown together
        return doc.group(index)
    below = handed_over(doc, index, counting)
    if not below:
        return [index]
    return below if doc.units[index].kind == "heading" else [index, *below]
