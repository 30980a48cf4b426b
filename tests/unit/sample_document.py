"""A small document with prose, a titled list and a signature block, and candidates built from it, for unit tests."""

from assistant.answer.scoring import Candidate
from assistant.core.types import StoredChunk

TEXT = """Schlussbemerkung

Die Konferenzen fanden in ganz Deutschland statt. Ausrichter war Vitako.

Übersicht der Regionalkonferenzen:

30.09.2015 Stuttgart
08.10.2015 Delmenhorst
19.10.2015 Köln

Berlin, 7. November 2016

Guido Kahlen, Stadt Köln

Dr. Marianne Wulff, Vitako"""


def chunks(text, size=60, overlap=20):
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        out.append(StoredChunk(f"c{start}", text[start:end], {"doc_id": "d", "start": start, "end": end}))
        start = end - overlap if end < len(text) else end
    return out


def candidate(doc, text, score, **features):
    index = next(i for i, u in enumerate(doc.units) if u.text == text)
    return Candidate(doc.units[index], doc, index, 0, features=features, score=score)
