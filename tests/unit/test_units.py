"""Unit tests of single stages: fusion, verification, condensing, metrics (hand-computed numbers)."""

import pytest

from assistant.answer.condense import Standalone, condense, is_follow_up
from assistant.answer.retrieval import reciprocal_rank_fusion
from assistant.answer.verify import normalize_for_match, split_cited_sentences, supports
from evals.metrics import (
    answer_metrics,
    citation_precision,
    facts_present,
    first_hit_rank,
    hit_at,
    mean_reciprocal_rank,
    percentile,
)


def test_reciprocal_rank_fusion_hand_computed():
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert max(scores, key=scores.get) == "b"


def test_verification_normalises_and_rejects_unsupported():
    passage = "Das Land Berlin, ver-\ntreten durch den Regierenden Bürgermeister, fördert Projekte bis zu 90 % der Ausgaben."
    assert supports("Das Land Berlin, vertreten durch den Regierenden Buergermeister, foerdert Projekte", passage)
    assert not supports("Berlin fördert Projekte bis zu 95 % der Ausgaben.", passage)
    assert not supports("Die Stadt Hamburg plant eine Seilbahn über die Elbe.", passage)
    assert normalize_for_match("„Köln“ –  Straße") == "koeln strasse"


def test_split_cited_sentences():
    pieces = split_cited_sentences("Kiel war am 27.01.2016 [1]. Brehna folgte [2][3]. Ohne Beleg.")
    assert pieces == [("Kiel war am 27.01.2016", [1]), ("Brehna folgte", [2, 3]), ("Ohne Beleg.", [])]


def test_condense_replaces_the_entity():
    history = [{"role": "user", "content": "Welche Schwerpunkte hatte Köln?"}, {"role": "assistant", "content": "…"}]
    assert condense("Und in Kiel?", history).text == "Welche Schwerpunkte hatte Kiel?"
    assert condense("Und in Kiel?", history).context == ""
    assert condense("Welche Konferenzen gab es 2015?", history) == Standalone("Welche Konferenzen gab es 2015?")
    assert is_follow_up("Was ist mit München?") and not is_follow_up("Welche Konferenzen fanden 2015 statt?")


def test_a_follow_up_with_its_own_question_keeps_it_and_carries_the_previous_one():
    """A follow-up that asks something new about the same thing must not have its nouns swapped into the previous
    question ('Und wann wird so ein Bürgerkonto gelöscht?' once became 'Was ist nach dem OZG ein Bürgerkonto?')."""
    history = [{"role": "user", "content": "Was ist nach dem OZG ein Nutzerkonto?"}, {"role": "assistant", "content": "Ein Konto."}]
    standalone = condense("Und wann wird so ein Bürgerkonto automatisch gelöscht?", history)
    assert standalone.text == "Und wann wird so ein Bürgerkonto automatisch gelöscht?"
    assert standalone.context == "Was ist nach dem OZG ein Nutzerkonto"
    assert standalone.search_text() == "Und wann wird so ein Bürgerkonto automatisch gelöscht? (Was ist nach dem OZG ein Nutzerkonto)"
    # a question word or a lower-case content word makes it a question of its own, not an elliptic one
    assert condense("Und was war das Motto?", history).context
    assert condense("Und wann?", history) == Standalone("Und wann?", "Was ist nach dem OZG ein Nutzerkonto")
    # back-references mark a follow-up even without 'und'
    assert condense("Welches Angebot wurde da vorgestellt?", history).context
    assert condense("Wie sieht es bei Inhaltsdaten aus?", [{"role": "user", "content": "Wie lange bleiben Protokolldaten?"}]).text \
        == "Wie lange bleiben Inhaltsdaten?"


def test_fact_matching_accepts_date_spellings():
    assert facts_present("Die Konferenz war am 27. Januar 2016 [1].", [["27.01.2016"]])
    assert facts_present("Bis zu 1.000 Euro.", [["1 000 Euro"]])
    assert not facts_present("Am 28.01.2016.", [["27.01.2016"]])


def test_fact_matching_accepts_inflection_and_compound_heads_but_not_other_words():
    assert facts_present("2. die Bankverbindungsdaten,", [["Bankverbindung"]])  # the head of a compound
    assert facts_present("an den Schulen", [["Schule"]])  # an inflection
    assert not facts_present("die Hochschule", [["hoch"]])  # a short word is no compound head
    assert not facts_present("in Kielce", [["Kiel"]])
    assert not facts_present("bis 20161", [["2016"]]) and not facts_present("im Jahr 1963", [["63"]])
    assert facts_present("über die Hälfte (63%)", [["63"]])
    assert not facts_present("Stuttgart und Köln", [["Stuttgart"], ["Kiel"]])


def test_retrieval_metrics_hand_computed():
    ranks = [1, 3, None, 2]
    assert hit_at(ranks, 1) == 0.25 and hit_at(ranks, 3) == 0.75
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert first_hit_rank(["a b", "27.01.2016 Kiel"], "27.01.2016 Kiel") == 2


def test_answer_metrics_hand_computed():
    results = [
        {"answerable": True, "abstained": False, "fact_ok": True, "latency_ms": 10},
        {"answerable": True, "abstained": False, "fact_ok": False, "latency_ms": 20},
        {"answerable": True, "abstained": True, "fact_ok": False, "latency_ms": 30},
        {"answerable": False, "abstained": True, "fact_ok": False, "latency_ms": 40},
        {"answerable": False, "abstained": False, "fact_ok": False, "latency_ms": 50},
    ]
    m = answer_metrics(results)
    assert m["fact_accuracy"] == pytest.approx(1 / 3)
    assert m["accuracy"] == pytest.approx(2 / 5)
    assert m["precision"] == pytest.approx(1 / 3)
    assert m["abstention_recall"] == 0.5 and m["false_abstention"] == pytest.approx(1 / 3)
    assert m["latency_p50_ms"] == 30 and percentile([1, 2, 3, 4], 95) == 4


def test_citation_precision_hand_computed():
    value = citation_precision([["27.01.2016 Kiel", "Stuttgart"], ["Brehna 13.04.2016"]], ["27.01.2016 Kiel", "x"], [[["Kiel"]], [["13.04.2016"]]])
    assert value == pytest.approx(2 / 3)
