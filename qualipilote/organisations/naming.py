"""An organisation's name in a French sentence, with its article: « la Préfecture de la
Haute-Savoie », « de la Préfecture… », « du Secrétariat général commun… », « de l'Agence… »,
« à la Préfecture… », « au SGCD… ». Never « de Préfecture de la Haute-Savoie ».

The article is the organisation's `name_article` when chosen, else deduced from the first word of
its name (its gender in a short list, or an elided « l' » before a vowel or a silent h)."""

from __future__ import annotations

import unicodedata

# Articles an organisation may choose; NONE: a name that takes no article (« Mayotte »).
LA, LE, ELIDED, LES, NONE = "la", "le", "l'", "les", "none"

FEMININE = {
    "prefecture", "sous-prefecture", "direction", "delegation", "mission", "maison", "agence",
    "cellule", "plateforme", "ddt", "ddtm", "ddets", "ddetspp", "ddpp", "dreal", "dreets",
    "drieets", "draaf", "drac", "dsden", "prefecture-de-police",
}  # fmt: skip
MASCULINE = {
    "secretariat", "sgcd", "sgar", "service", "centre", "pole", "bureau", "ministere", "conseil",
    "haut-commissariat", "commissariat", "cabinet", "departement", "rectorat",
}  # fmt: skip
VOWELS = set("aeiouy")
# Words starting with a silent h, elided like a vowel (l'hôtel) — an aspirated h is not (le haut).
SILENT_H = {"hotel", "hopital", "habitat"}


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def deduced_article(name: str) -> str:
    words = name.split()
    if not words:
        return NONE
    first = _plain(words[0]).strip(".,;:«»\"'")
    acronym = words[0].isupper() and len(words[0]) > 1
    if not acronym and (first[:1] in VOWELS or first in SILENT_H):
        return ELIDED  # la or le elided: l'Agence, l'Hôtel
    if first in FEMININE or first.startswith("sous-prefecture"):
        return LA
    if first in MASCULINE:
        return LE
    return NONE  # a word we do not know: the name is written as is, no article guessed


def with_article(name: str, article: str) -> str:
    if article == ELIDED:
        return f"l'{name}"
    if article in (LA, LE, LES):
        return f"{article} {name}"
    return name


def with_de(name: str, article: str) -> str:
    if article == LE:
        return f"du {name}"
    if article == LES:
        return f"des {name}"
    if article == LA:
        return f"de la {name}"
    if article == ELIDED:
        return f"de l'{name}"
    first = _plain(name[:1])
    return f"d'{name}" if first in VOWELS else f"de {name}"


def with_a(name: str, article: str) -> str:
    if article == LE:
        return f"au {name}"
    if article == LES:
        return f"aux {name}"
    if article == LA:
        return f"à la {name}"
    if article == ELIDED:
        return f"à l'{name}"
    return f"à {name}"
