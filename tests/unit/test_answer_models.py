"""The boosted-tree unit ranker and answerability model, the refusal threshold, further places and English questions, without the model."""

import json

import numpy as np

from assistant.answer.citations import cite_shape
from assistant.answer.compose import Shape, unit_piece, add_other_places
from assistant.answer.documents import rebuild_document
from assistant.answer.prompts import OTHER_PLACES
from assistant.answer.learned import TreeEnsemble, model_from_dict
from assistant.answer.scoring import Candidate
from assistant.core.german import english_share
from assistant.core.types import StoredChunk
from evals.fit import UNIT_LEAVES, _fit_answerability, _fit_trees, choose_threshold

TEXT = (
    "Die Förderquote beträgt bis zu 80 Prozent der Ausgaben. Der Antrag geht an die Bewilligungsstelle. "
    "Zuständig ist die Sächsische Aufbaubank. " + "Ein Satz über etwas anderes steht hier. " * 30 + "Die Laufzeit endet am 31. Dezember 2025."
)


def _doc():
    cut = TEXT.index("Die Laufzeit")
    return rebuild_document("d", [StoredChunk("c0", TEXT[:cut], {"doc_id": "d", "start": 0, "end": cut}),
                                  StoredChunk("c1", TEXT[cut:], {"doc_id": "d", "start": cut, "end": len(TEXT)})])


def _candidate(doc, prefix, score):
    index = next(i for i, u in enumerate(doc.units) if u.text.startswith(prefix))
    return Candidate(doc.units[index], doc, index, 0, score=score)


def test_exported_trees_score_like_scikit_learn(monkeypatch):
    from joblib.externals.loky.backend import context
    from sklearn.ensemble import HistGradientBoostingClassifier

    monkeypatch.setattr(context, "physical_cores_cache", 2)  # else scikit-learn asks `lscpu` (no subprocess here)

    rng = np.random.RandomState(0)
    x = rng.rand(600, 3)
    y = ((x[:, 0] > 0.5) ^ (x[:, 1] > 0.7)).astype(int)  # an interaction a linear model cannot learn
    rows = [{"a": a, "b": b, "c": c} for a, b, c in x]
    exported = _fit_trees(rows, list(y), ["a", "b", "c"])
    reloaded = model_from_dict(json.loads(json.dumps(exported.to_dict())))
    assert isinstance(reloaded, TreeEnsemble)
    reference = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=UNIT_LEAVES, min_samples_leaf=20,
                                               random_state=0).fit(x, y).decision_function(x)
    assert np.allclose(reloaded.score(rows), reference, atol=1e-4)
    assert ((reloaded.score(rows) > 0) == y.astype(bool)).mean() > 0.9


def test_threshold_refuses_at_most_the_allowed_share_of_answerable_questions():
    probabilities = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.2, 0.1, 0.05, 0.4, 0.15])
    answerable = [True] * 8 + [False, False]
    right = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]
    threshold, _ = choose_threshold(probabilities, right, answerable, max_false_abstention=0.25)
    refused = sum(1 for p, a in zip(probabilities, answerable) if a and p < threshold)
    assert refused == 2  # 2 of 8 answerable refused is the most allowed
    assert choose_threshold(probabilities, right, answerable, max_false_abstention=0.0)[0] <= 0.05


def test_no_threshold_when_refusing_costs_more_than_answering():
    # the low probabilities belong to questions answered right, the unanswerable ones score high: refusing only loses
    probabilities = np.array([0.2, 0.25, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95])
    answerable = [True, True, True, True, True, True, False, False]
    right = [1, 1, 1, 1, 1, 1, 0, 0]
    threshold, cost = choose_threshold(probabilities, right, answerable, max_false_abstention=0.5)
    assert threshold == 0.0 and cost == 4.0  # the two unanswerable ones answered (2 × 2), nothing refused


def test_a_close_runner_up_from_another_place_is_shown_apart_with_its_own_citation():
    doc = _doc()
    best, close, near, far = (_candidate(doc, "Die Förderquote", 2.0), _candidate(doc, "Die Laufzeit", 1.8),
                              _candidate(doc, "Der Antrag", 1.9), _candidate(doc, "Zuständig", -3.0))
    shape = add_other_places(Shape(paragraphs=[unit_piece(doc, best.index)]), [best, near, close, far], 2, 0.5)
    assert [p.text for p in shape.also] == ["Die Laufzeit endet am 31. Dezember 2025."]  # `near` is the same place
    text, blocks, citations = cite_shape(shape, {"c0": 1.0, "c1": 0.5})
    assert blocks[-1].title == OTHER_PLACES and blocks[-1].items[0].citations == [2]
    assert text.splitlines()[1:3] == ["", OTHER_PLACES] and len(citations) == 2
    assert not add_other_places(Shape(paragraphs=[unit_piece(doc, best.index)]), [best, close], 0, 5.0).also


def test_english_share_marks_english_questions_only():
    assert english_share("Which details does an electronic invoice have to include?") > 0.25
    assert english_share("Was ist ein Nutzerkonto nach dem OZG und wann gilt es in Bayern?") == 0.0


def test_rerankers_come_from_a_registry_by_name(tmp_path):
    import pytest

    from assistant.answer.rerank import FeatureReranker, make_reranker
    from assistant.core.errors import ModelError
    from assistant.core.settings import Settings

    settings = Settings(data_dir=tmp_path)
    assert isinstance(make_reranker(settings.with_overrides(reranker="features")), FeatureReranker)
    assert make_reranker(settings.with_overrides(reranker="none")) is None
    with pytest.raises(ModelError):  # any other name is a CrossEncoder folder, which must exist
        make_reranker(settings.with_overrides(reranker=str(tmp_path / "missing")))


def test_answerability_trees_learn_coverage_freely_but_never_against_a_better_unit():
    rng = np.random.default_rng(0)
    n = 600
    best_score, coverage = rng.normal(size=n), rng.uniform(size=n)
    # answerable: a good best unit; or wording covered as well as the unit (unanswerable questions name an entity,
    # whose sentence covers the question although it holds no answer: high coverage with a poor unit)
    answerable = ((best_score > 0.3) | ((coverage < 0.4) & (best_score > -0.5))).astype(int)
    rows = [{"best_score": b, "best_cov_own": c} for b, c in zip(best_score, coverage)]
    model = _fit_answerability(rows, list(answerable))
    grid = [{"best_score": b, "best_cov_own": c} for c in (0.1, 0.9) for b in np.linspace(-2, 2, 21)]
    scores = model.score(grid).reshape(2, 21)
    assert np.all(np.diff(scores, axis=1) >= -1e-9)  # monotone: a better best unit never lowers answerability
    assert scores[0, 8] > scores[1, 8]  # with a middling unit, high coverage reads as 'entity named, answer absent'
    assert scores[1, -1] > 0 > scores[1, 0]  # and a good unit is answerable at any coverage


def test_a_unit_that_opens_with_the_asked_term_and_says_what_it_is_defines_it_and_moves_first():
    from assistant.answer.question import QuestionProfile
    from assistant.answer.scoring import defines_term, prefer_definition
    from assistant.answer.units import Unit

    def unit(text, defines):
        return Candidate(Unit("d", 0, len(text), text, "sentence"), None, 0, 0, features={"defines": defines}, score=0.0)

    profile = QuestionProfile(text="Was ist das Bürgerkonto?", kinds=set(), defines="buergerkonto")
    uses = unit("Die Verwendung des Bürgerkontos ist für die Nutzer freiwillig.", 0.0)
    defines = unit("Das „Bürgerkonto“ ist ein Nutzerkonto, das natürlichen Personen zur Verfügung steht.", 1.0)
    late = unit("Für alle Fragen rund um die Anmeldung gilt: das Bürgerkonto ist ein Angebot.", 1.0)  # the term far in
    assert defines_term(profile, defines) and not defines_term(profile, uses) and not defines_term(profile, late)
    assert prefer_definition(profile, [uses, late, defines], 3) == [defines, uses, late]
    assert prefer_definition(profile, [uses, late, defines], 2) == [uses, late, defines]  # beyond the window
    stop = QuestionProfile(text="Wer ist in der Behörde zuständig?", kinds=set(), defines="in")
    assert not defines_term(stop, unit("In der Behörde ist der Beauftragte zuständig.", 1.0))
