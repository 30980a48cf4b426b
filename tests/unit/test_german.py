"""German analysis for BM25: folding, dates, paragraphs, stemming, compound splitting."""

from assistant.core.german import GermanAnalyzer, fold, normalize_date


def test_fold_umlauts_and_sharp_s():
    assert fold("Köln") == fold("Koeln") == "koeln"
    assert fold("Straße") == "strasse"


def test_dates_in_every_spelling_become_one_token():
    assert normalize_date("27.01.2016") == normalize_date("27. Januar 2016") == "2016-01-27"
    assert normalize_date("32.01.2016") is None
    analyzer = GermanAnalyzer()
    assert "2016-01-27" in analyzer("am 27. Januar 2016") and "2016" in analyzer("am 27.01.2016")


def test_compounds_split_against_the_vocabulary():
    vocabulary = GermanAnalyzer.build_vocabulary(["Die Strategie zur Digitalisierung; der Breitband und sein Ausbau."])
    analyzer = GermanAnalyzer(vocabulary)
    tokens = analyzer("Digitalisierungsstrategie Breitbandausbau")
    assert {"strategi", "digitalisier", "breitband", "ausbau"} <= set(tokens)
    assert analyzer("Strategie")[0] in tokens


def test_stopwords_removed_and_stems_shared():
    analyzer = GermanAnalyzer()
    assert analyzer("Wann war die Konferenz?") == ["konferenz"]
    assert analyzer("Konferenzen")[0] == analyzer("Konferenz")[0]


def test_paragraph_references_are_tokens():
    assert GermanAnalyzer()("nach § 3 OZG")[:2] == ["§3", "3"]
