"""Text helpers shared by the apps."""

import unicodedata


def strip_accents(text: str) -> str:
    """« Événement » → "Evenement": the letters without their diacritics."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Ligatures NFKD leaves whole: « œuvre » is searched as "oeuvre".
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def fold(text: str) -> str:
    """The form in which text is searched: without accents, lower case, ligatures spelt out,
    runs of blanks made one space. « Éléonore  ŒUVRE » → "eleonore oeuvre". Stored folded
    (registers' `search_text`) and applied to the words searched, it makes a search
    accent- and case-insensitive the same way on SQLite and PostgreSQL."""
    return " ".join(strip_accents(text.translate(_LIGATURES)).casefold().split())


def search_words(query: str, limit: int = 10) -> list[str]:
    """The folded words of a search box, at most `limit` (a pasted paragraph is not a query)."""
    return fold(query or "").split()[:limit]
