"""German text analysis for lexical search: folding, dates, stemming and compound splitting."""

from __future__ import annotations

import re
from functools import lru_cache

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dez": 12,
}
MONTH_NAMES = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
               "november", "dezember")
MONTH_PATTERN = "|".join(MONTH_NAMES)
QUESTION_WORDS = {"wann", "wie", "was", "wer", "wo", "welche", "welcher", "welches", "wieviel", "wieviele", "warum", "wozu",
                  "wem", "wen", "wessen", "weshalb", "wieso", "womit", "wofuer", "woher", "wohin"}
STOPWORDS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder",
    "in", "im", "an", "am", "auf", "aus", "bei", "mit", "von", "vom", "zu", "zum", "zur", "fuer", "ist", "sind",
    "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben", "hatte", "sich", "es", "sie", "er",
    "wir", "ich", "als", "auch", "nicht", "so", "wie", "was", "wer", "wann", "wo", "welche", "welcher",
    "welches", "welchen", "dass", "da", "nach", "ueber", "um", "noch", "nur", "man", "kann", "muss", "soll",
    "diese", "dieser", "dieses", "diesem", "diesen", "gibt", "es", "the", "of", "and", "what", "which", "when",
    "where", "who", "is", "are", "was", "were", "did", "does", "do", "how", "many", "much", "bitte", "mir",
    "mal", "denn", "eigentlich", "genau", "sagen", "sag", "steht", "drin", "dazu", "gab", 
    "hatte", "hatten", "gibt", "geben", "etwas", "weiss", "wissen", "jemand",
    "eigentl", "ob", "dort", "hier", "damals", "eig", "nochmal", "kurz", "erklaer", "erklaere", "laut", "gemaess",
    "lautet", "lauten", "heisst", "hiess", "nennt", "nenne", "nennen", "beschreibt", "beschreibe", "erklaert",
    "sagt", "sagte", "sagten", "steht", "stehen", "aller", "alle", "allen", "mich", "uns", "ihr", "ihre", "sein",
    "viel", "viele", "vielen", "wieviel", "wieviele", "gab", "gibt's", "denn", "also", "bzw", "eigentlich",
    "wohin", "woher", "womit", "wofuer", "worueber", "wozu", "weshalb", "wieso", "warum", "inwiefern", "worum",
    "wodurch", "woran", "genannt", "nennt", "erwaehnt", "erwaehnen", "beschrieben", "dargestellt", "aufgefuehrt",
    "welchen", "welchem", "wurden", "worden", "habe", "haben", "hast", "koennen", "kann", "koennte", "sollte",
}
_TOKEN = re.compile(
    r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s?[a-zäöüß]{3,9}\.?\s\d{4}|§+\s*\d+[a-z]?\b|§+|[\w]+", re.I
)
# question words that name a field the documents label differently ("Wie hoch" -> "Höhe")
SYNONYMS = {"hoch": ["höhe"], "viel": ["höhe", "anzahl"], "lang": ["dauer"], "dauert": ["dauer"], "kostet": ["kosten"],
            "ausgefertigt": ["ausfertigungsdatum"], "ausfertigung": ["ausfertigungsdatum"]}
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "à": "a"})
LINKING = ("s", "es", "n", "en", "e")


def fold(word: str) -> str:
    """Lower case with umlauts and ß folded: Köln -> koeln, Straße -> strasse."""
    return word.lower().translate(_FOLD)


def normalize_date(token: str) -> str | None:
    """'27.01.2016' or '27. Januar 2016' -> '2016-01-27'; None if the token is no date."""
    match = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})", token)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})\.\s?([a-zäöüß]{3,9})\.?\s(\d{4})", token.lower())
        if not match or match.group(2) not in MONTHS:
            return None
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
    if year < 100:
        year += 2000
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("german")


class GermanAnalyzer:
    """Tokens for BM25: folded, stop words removed, stemmed, compounds split against a corpus vocabulary."""

    def __init__(self, vocabulary: set[str] | None = None, min_part: int = 4):
        self.vocabulary = vocabulary or set()
        self.min_part = min_part
        self._cache: dict[str, list[str]] = {}

    @staticmethod
    def words(text: str) -> list[str]:
        """Raw word and date tokens."""
        return _TOKEN.findall(text)

    @classmethod
    def build_vocabulary(cls, texts: list[str]) -> set[str]:
        """Folded words of a corpus, the parts compounds are split into."""
        vocabulary: set[str] = set()
        for text in texts:
            for word in re.findall(r"[^\W\d_]{4,}", text):
                vocabulary.add(fold(word))
        return vocabulary

    def split_compound(self, word: str, depth: int = 0) -> list[str]:
        """Parts of a folded compound: 'breitbandausbau' -> ['breitband', 'ausbau'] (empty if none)."""
        if depth > 3 or len(word) < 2 * self.min_part:
            return []
        for cut in range(self.min_part, len(word) - self.min_part + 1):
            head, tail = word[:cut], word[cut:]
            if tail not in self.vocabulary:
                continue
            heads = [head] + [head[: -len(s)] for s in LINKING if head.endswith(s) and len(head) - len(s) >= 3]
            head_word = next((h for h in heads if h in self.vocabulary), heads[-1] if len(heads) > 1 else head)
            parts = [head_word] + (self.split_compound(head_word, depth + 1) or [])
            parts += [tail] + (self.split_compound(tail, depth + 1) or [])
            return parts
        return []

    def analyze_word(self, raw: str) -> list[str]:
        """Tokens for one raw word."""
        cached = self._cache.get(raw)
        if cached is not None:
            return cached
        date = normalize_date(raw) if raw[:1].isdigit() else None
        if date:
            tokens = [date, date[:4]]
        elif raw.startswith("§"):
            number = re.sub(r"[§\s]", "", raw)
            tokens = ["§" + number.lower(), number.lower()] if number else ["§"]
        else:
            folded = fold(raw)
            if folded in STOPWORDS or len(folded) < 2:
                tokens = []
            else:
                stem = _stemmer().stemWord
                tokens = [stem(folded)]
                tokens += [stem(fold(synonym)) for synonym in SYNONYMS.get(folded, [])]
                if not folded.isdigit():
                    tokens += [stem(p) for p in self.split_compound(folded)]
        if len(self._cache) < 200_000:
            self._cache[raw] = tokens
        return tokens

    def __call__(self, text: str) -> list[str]:
        """Tokens of a text."""
        out: list[str] = []
        for raw in self.words(text):
            out.extend(self.analyze_word(raw))
        return out


# Function words that mark a question as English (the documents are German; English questions rely on the e5 vectors).
ENGLISH_MARKERS = frozenset(
    "the a of and or to on for with what which who whom whose when where why how does do did is are were "
    "has have had can could should would this that these those there their it its by from about".split()
)


def english_share(text: str) -> float:
    """Share of a text's words that are English function words (0 for German text, about 0.3–0.5 for English)."""
    words = re.findall(r"[a-zäöüß]+", text.lower())
    return sum(1 for w in words if w in ENGLISH_MARKERS) / len(words) if words else 0.0


ENGLISH_QUESTION = 0.2  # english_share from which a question is taken as English


def without_english_function_words(text: str) -> str:
    """An English question without its function words: in the German documents they only match English titles
    (bibliographies), never the answer. German text is returned unchanged."""
    if english_share(text) < ENGLISH_QUESTION:
        return text
    return re.sub(r"[A-Za-z]+", lambda m: "" if m.group(0).lower() in ENGLISH_MARKERS else m.group(0), text)
