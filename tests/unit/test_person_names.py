"""A question for a person's name is answered by a text that names a person, not by one that names the office."""

from assistant.answer.answer_types import type_match
from assistant.answer.person_names import asks_for_name, names_person
from assistant.answer.question import question_kinds
from assistant.core.german import fold


def test_questions_that_ask_who_holds_a_role_by_name():
    for question in (
        "Wer ist aktuell der Beauftragte für Informationssicherheit des Landes?",
        "Wie heißt die Oberbürgermeisterin von Saarbrücken?",
        "Welcher Staatssekretär sprach in München?",
        "Welche Person leitet das Projekt?",
        "Who is the mayor of Ulm?",
        "Which minister signed the guideline?",
        "Wer leitet das Projekt namentlich? Ich meine die Projektleiterin.",
    ):
        assert asks_for_name(fold(question)), question
        assert "name" in question_kinds(question), question


def test_questions_answered_by_an_office_or_a_body_do_not_ask_for_a_name():
    for question in (
        "Wer ernennt den Beauftragten für Informationssicherheit?",  # the role is the object, not what is asked
        "Welche Stelle bewilligt die Förderung?",  # an authority
        "Wie heißt das Portal für E-Rechnungen?",  # a name, but of no person
        "Welche Personen können Geld beantragen?",  # a group of applicants
        "Wann tagte man in Delmenhorst?",
    ):
        assert not asks_for_name(fold(question)), question


def test_texts_that_name_a_person():
    for text in (
        "Seit Jahren treibt der Ulmer Oberbürgermeister Gunter Czisch das Thema voran.",
        "In Schwerte fasste Detmolds Bürgermeister Heller die Situation zusammen.",
        "Der Bürgermeister von Arnsberg Vogel begründete seine Teilnahme.",
        "Dr. Marianne Wulff, Vitako",
        "Der Staatsminister für KultusChristian Piwarz",  # a first name glued to the line before it by the PDF text
        "An Herrn Florian Baumann, Senatskanzlei",
    ):
        assert names_person(text), text
    for text in (
        "Der Beauftragte für Informationssicherheit des Landes wird vom Beauftragten für Informationstechnologie ernannt.",
        "Das Bundesministerium oder die von ihm beauftragte Stelle veröffentlicht die Standards.",
        "Der Staatsminister für Wirtschaft, Arbeit und Verkehr",
        "Die Bewilligungsstelle ist die Sächsische Aufbaubank.",
    ):
        assert not names_person(text), text


def test_type_match_for_a_name_question():
    name = {"person", "name"}
    assert type_match(name, "Staatssekretär Klaus Vitt sprach.") == 1.0
    assert type_match(name, "Der Beauftragte wird vom Beauftragten für Informationstechnologie ernannt.") == 0.0
    assert type_match(name, "Dresden, den 21. Mai 2019", signature=True) == 1.0  # a line of a signature block
    # 'Wer ernennt …?' asks for no name: an office answers it as before
    assert type_match({"person"}, "Der Beauftragte wird vom Beauftragten für Informationstechnologie ernannt.") == 1.0


def test_a_conjunction_is_no_role():
    # 'ob' (whether) is no abbreviation of an office here: the question asks for who is responsible, not for a name
    assert not asks_for_name(fold("Wer ist dafür verantwortlich ob die Daten stimmen?"))
