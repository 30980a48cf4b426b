"""Questions that compare documents: the documents a question names, and an answer that quotes each of them."""

from assistant.answer.comparison import compares, named_documents
from assistant.answer.compose import Piece, Shape, add_compared
from assistant.answer.documents import rebuild_document
from assistant.answer.question import QuestionProfile
from assistant.core.german import GermanAnalyzer
from assistant.core.types import StoredChunk
from tests.unit.sample_document import candidate

EGOVG = "Dieses Gesetz gilt für die Behörden des Bundes. Es tritt am 1. August 2013 in Kraft."
OZG = "Bund und Länder bauen einen Portalverbund auf. Dieses Gesetz tritt am 18. August 2017 in Kraft."


def _doc(doc_id, title, text):
    meta = {"doc_id": doc_id, "start": 0, "end": len(text), "title": title, "kind": "Gesetz"}
    return rebuild_document(doc_id, [StoredChunk(f"{doc_id}-0", text, meta)])


def _ranked():
    egovg = _doc("egovg", "E-Government-Gesetz (EGovG)", EGOVG)
    ozg = _doc("ozg", "Onlinezugangsgesetz (OZG)", OZG)
    return [candidate(egovg, "Dieses Gesetz gilt für die Behörden des Bundes.", 3.0, type_match=0.0),
            candidate(ozg, "Bund und Länder bauen einen Portalverbund auf.", 2.0, type_match=0.0),
            candidate(egovg, "Es tritt am 1. August 2013 in Kraft.", 1.0, type_match=1.0),
            candidate(ozg, "Dieses Gesetz tritt am 18. August 2017 in Kraft.", 0.5, type_match=1.0)]


def _profile(question, *terms):
    return QuestionProfile(text=question, kinds={"date"}, units=[([t], 1.0) for t in terms])


def test_a_document_is_named_by_a_title_term_no_other_candidate_document_holds():
    ranked, analyzer = _ranked(), GermanAnalyzer()
    named = named_documents(_profile("Welches trat früher in Kraft, EGovG oder OZG?", "egovg", "ozg"), ranked, analyzer)
    assert [d.doc_id for d in named] == ["egovg", "ozg"]
    # 'Gesetz' stands in both titles: it names neither
    assert named_documents(_profile("Wann trat das Gesetz in Kraft?", "gesetz"), ranked, analyzer) == []


def test_only_a_question_that_compares_quotes_each_named_document():
    ranked, analyzer = _ranked(), GermanAnalyzer()
    comparing = _profile("Welches trat früher in Kraft, EGovG oder OZG?", "egovg", "ozg")
    assert len(compares(comparing, ranked, analyzer)) == 2
    assert compares(_profile("Was regelt das EGovG zum OZG?", "egovg", "ozg"), ranked, analyzer) == []


def test_the_compared_document_is_quoted_with_its_unit_that_holds_the_asked_value():
    ranked = _ranked()
    best = ranked[2]
    shape = Shape(paragraphs=[Piece(best.unit, best.doc, best.unit.text)])
    docs = [ranked[0].doc, ranked[1].doc]
    typed = add_compared(shape, ranked, docs, typed_question=True)
    assert [p.unit.text for p in typed.paragraphs] == ["Es tritt am 1. August 2013 in Kraft.",
                                                       "Dieses Gesetz tritt am 18. August 2017 in Kraft."]
    plain = add_compared(Shape(paragraphs=[Piece(best.unit, best.doc, best.unit.text)]), ranked, docs)
    assert plain.paragraphs[-1].unit.text == "Bund und Länder bauen einen Portalverbund auf."  # its best unit


def test_beside_a_signature_block_the_compared_document_shows_its_own_signature_block():
    from tests.unit.sample_document import TEXT, chunks

    signed = rebuild_document("d", chunks(TEXT))
    block = [i for i, u in enumerate(signed.units) if u.signature]
    ozg = _ranked()[1].doc
    other = _doc("ozg2", "Onlinezugangsgesetz (OZG)", OZG + "\n\nBerlin, den 14. August 2017\n\nDer Bundespräsident\n\nFrank-Walter Steinmeier")
    other_block = [i for i, u in enumerate(other.units) if u.signature]
    assert len(block) == 3 and len(other_block) == 3
    first = candidate(signed, signed.units[block[0]].text, 3.0)
    ranked = [first, candidate(other, "Bund und Länder bauen einen Portalverbund auf.", 2.0),
              candidate(other, other.units[other_block[0]].text, 1.0)]
    shape = Shape(paragraphs=[Piece(signed.units[i], signed, signed.units[i].text) for i in block])
    shown = add_compared(shape, ranked, [signed, other, ozg])
    assert [p.unit.text for p in shown.paragraphs[3:]] == [other.units[i].text for i in other_block]
