"""Re-asked evidence: an item outside the fit that asks for a passage a fitted item already asks for."""

from evals.reasked import fitted_evidence, reasked_share, reasks, shingles
from evals.report import NEW_FACTS, REASKED_FACTS, render_markdown, report_tables


def _item(split, quote, doc="ozg", answerable=True, id_="x"):
    evidence = [{"doc_id": doc, "quote": quote}] if answerable else []
    return {"id": id_, "split": split, "answerable": answerable, "evidence": evidence, "facts": [["a"]] if answerable else [],
            "question": "?", "tags": []}


FIT = _item("dev", "Das Bürgerkonto wird bei zweijähriger Inaktivität des Nutzers automatisch gelöscht.", id_="f1")


def test_a_quote_cut_differently_from_the_same_passage_is_reasked_and_another_passage_is_new():
    runs = fitted_evidence([FIT, _item("fresh9", "ganz anderer Satz über Portale und Konten hier", id_="n0")], {"dev"})
    assert reasks(_item("fresh21", "bei zweijähriger Inaktivität des Nutzers automatisch gelöscht"), runs)
    assert not reasks(_item("fresh21", "Der Nutzer wird zwei Monate vorher automatisch elektronisch benachrichtigt."), runs)
    # the same words in another document are another passage; an item outside the fit does not count as fitted
    assert not reasks(_item("fresh21", "bei zweijähriger Inaktivität des Nutzers automatisch gelöscht", doc="egovg"), runs)
    assert not reasks(_item("fresh21", "ganz anderer Satz über Portale und Konten hier"), runs)
    assert shingles("a b c") == {("a", "b", "c")} and shingles("") == set()


def test_the_share_is_per_split_over_the_flagged_items():
    items = [_item("fresh21", "zweijähriger Inaktivität des Nutzers automatisch gelöscht", id_="a"),
             _item("fresh21", "Ein neuer Satz, den niemand gefragt hat, steht hier.", id_="b")]
    runs = fitted_evidence([FIT], {"dev"})
    assert reasked_share({(i["id"], i["split"]): reasks(i, runs) for i in items}) == {"fresh21": 0.5}


def test_the_report_shows_new_and_reasked_evidence_as_scopes():
    results = [{"id": "a", "split": "fresh21", "group": "andere Dokumente", "tags": [], "answerable": True, "abstained": False,
                "confidence": 0.9, "fact_ok": True, "rank": 1, "cited": ["x"], "answer": "x", "latency_ms": 1.0, "reasked": True},
               {"id": "b", "split": "fresh21", "group": "andere Dokumente", "tags": [], "answerable": True, "abstained": False,
                "confidence": 0.8, "fact_ok": False, "rank": None, "cited": ["y"], "answer": "y", "latency_ms": 1.0, "reasked": False}]
    items = [_item("fresh21", "x", id_="a"), _item("fresh21", "y", id_="b")]
    tables = report_tables({"pipeline": {"results": results}}, items)
    assert tables["pipeline"][REASKED_FACTS]["fact_accuracy"] == 1.0 and tables["pipeline"][NEW_FACTS]["fact_accuracy"] == 0.0
    markdown = render_markdown(tables, "h", "2026-11-28", None, {"fresh21": 0.5})
    assert "fresh21 0.50" in markdown and f"## {NEW_FACTS}" in markdown


def test_a_scope_without_unanswerable_questions_shows_no_abstention_recall():
    results = [{"id": "a", "split": "fresh21", "group": "andere Dokumente", "tags": [], "answerable": True, "abstained": False,
                "confidence": 0.9, "fact_ok": True, "rank": 1, "cited": ["x"], "answer": "x", "latency_ms": 1.0, "reasked": False}]
    tables = report_tables({"pipeline": {"results": results}}, [_item("fresh21", "x", id_="a")])
    assert tables["pipeline"][NEW_FACTS]["abstention_recall"] is None
