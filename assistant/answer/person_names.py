"""Person names: whether a question asks for a person's name, and whether a text names a person.

'Wer ist der Beauftragte für Informationssicherheit?' asks for a name; a sentence that only speaks of the office
('Der Beauftragte … wird … ernannt') does not answer it, while 'Wer ernennt den Beauftragten?' is answered by an
office. A name is recognised by a courtesy or academic title, by an office followed by a capitalised word
('Bürgermeister Heller', 'Oberbürgermeister Gunter Czisch'), or by a common first name before a surname.
"""

from __future__ import annotations

import re

# offices and roles held by one person (folded: lower case, umlauts as ae/oe/ue, ß as ss); a role that an
# authority fills ('Stelle', 'Behörde') is not among them
_ROLE = (
    r"(\w*minister(in)?|\w*buergermeister(in)?|staatssekretaer(in)?|\w*praesident(in)?|\w*leiter(in)?|"
    r"vorsitzende[rn]?|\w*chef(in)?|\w*beauftragte[rn]?|sprecher(in)?|\w*koordinator(in)?|geschaeftsfuehrer(in)?|"
    r"\w*direktor(in)?|ansprechpartner(in)?|ansprechperson|person|landrat|landraetin|dezernent(in)?|"
    r"mayor|minister|secretary|commissioner|head|chair(man|woman|person)?|director|president|officer|spokes(man|woman|person)|"
    r"coordinator|contact person)"
)
_NAME_WORDS = r"(namentlich|mit namen?|vorname\w*|nachname\w*|wie (heisst|hiess|heissen|hiessen)|by name|name of|called|named)"
# the role is what is asked: 'Wer ist (aktuell) der X', 'Welcher (Kölner) X', 'Wie heißt die X', 'Who is the X'
_ASKS_NAME = re.compile(
    rf"\b((wer|who) (ist|war|sind|waren|is|was|are|were) (\w+ ){{0,2}}((der|die|the) )?(\w+ )?{_ROLE}\b"
    rf"|(welche[rnms]?|which) (\w+ )?{_ROLE}\b"
    rf"|{_NAME_WORDS}\b.*\b{_ROLE}\b|\b{_ROLE}\b.*\b{_NAME_WORDS})"
)

# common German first names (and a few English ones) that start a full name
FIRST_NAMES = (
    "Alexander|Alexandra|Andrea|Andreas|Angela|Anja|Anke|Anna|Annette|Barbara|Bernd|Birgit|Boris|Brigitte|Carsten|Christa|"
    "Christian|Christiane|Christina|Christine|Christoph|Claudia|Cornelia|Daniel|Daniela|David|Dieter|Dirk|Doris|Dorothee|"
    "Elisabeth|Elke|Emily|Erika|Ernst|Eva|Frank|Franz|Friedrich|Florian|Gabriele|Georg|Gerhard|Gisela|Gudrun|Guido|Gunter|"
    "Günter|Günther|Hans|Hannelore|Harald|Heike|Heinz|Helga|Helmut|Hendrik|Henning|Horst|Hubert|Ilse|Ingrid|Jan|Jana|Jens|"
    "Joachim|Johann|Johannes|John|Jörg|Josef|Julia|Jürgen|Karin|Karl|Katharina|Katja|Kerstin|Klaus|Kristina|Lars|Lisa|Lothar|"
    "Manfred|Manuela|Marc|Marcus|Maria|Marianne|Marion|Markus|Martin|Martina|Matthias|Michael|Michaela|Monika|Nadine|Nicole|"
    "Norbert|Olaf|Oliver|Patrick|Paul|Peter|Petra|Rainer|Ralf|Ralph|Regina|Reinhard|Renate|Robert|Roland|Rolf|Ronald|Rudolf|"
    "Sabine|Sandra|Sarah|Sebastian|Silke|Simone|Sonja|Stefan|Stefanie|Steffen|Stephan|Susanne|Sven|Svenja|Thomas|Thorsten|"
    "Tobias|Torsten|Ulrich|Ulrike|Ursula|Uwe|Volker|Walter|Werner|Wolfgang"
)
_OFFICE = (r"\b([A-ZÄÖÜ][a-zäöüß]*(minister|meister|sekretär|präsident|direktor|dezernent|beauftragter?)|Minister|Präsident|"
           r"Direktor|Dezernent|Beauftragter?|Landrat|Landrätin)(in)?")
_CAPITALISED = r"[A-ZÄÖÜ][a-zäöüß]+(-[A-ZÄÖÜ][a-zäöüß]+)?"
PERSON_NAME = re.compile(
    rf"\b(Herrn?|Frau|Dr\.|Prof\.|Mr\.?|Mrs\.?|Ms\.?)\s+{_CAPITALISED}"
    rf"|{_OFFICE}\s+(von\s+{_CAPITALISED}\s+)?{_CAPITALISED}\b(?!\s+(für|des|der|von)\b)"
    # a first name may be glued to the word before it in extracted text ('KultusChristian Piwarz')
    rf"|(?<![a-zäöüß])({FIRST_NAMES})\s+{_CAPITALISED}\b|[a-zäöüß]({FIRST_NAMES})\s+{_CAPITALISED}\b"
)


def asks_for_name(folded_question: str) -> bool:
    """The folded question asks who holds a role by name ('Wie heißt die Oberbürgermeisterin …?')."""
    return bool(_ASKS_NAME.search(folded_question))


def names_person(text: str) -> bool:
    """The text names a person: a title, an office or a first name before a capitalised name."""
    return bool(PERSON_NAME.search(text))
