"""Text helpers shared by the apps."""

import unicodedata


def strip_accents(text: str) -> str:
    """« Événement » → "Evenement": the letters without their diacritics."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
