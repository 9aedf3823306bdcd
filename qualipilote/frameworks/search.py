"""Finding a commitment by its number or by words, whatever the accents and the case.

SQLite and PostgreSQL disagree on accents and case (LIKE, collations, unaccent), so the loader
stores on each commitment a `search_text` already folded (no accents, lower case, words
separated by single spaces) and the query is folded the same way: a plain `contains` then
behaves the same on both databases.
"""

from __future__ import annotations

import re

from django.db.models import Case, Q, QuerySet, Value, When

from qualipilote.common.text import strip_accents

from .models import Commitment

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
NOT_WORD = re.compile(r"[^a-z0-9]+")
MAX_RESULTS = 200


def fold(text: str) -> str:
    """« L'Événement Majeur » → "l evenement majeur"."""
    plain = strip_accents(text.translate(LIGATURES))
    return NOT_WORD.sub(" ", plain.lower()).strip()


def search_text_for(number: int, title: str, section: str, sub_criteria) -> str:
    """What a commitment is found by; a leading space lets a query match the start of a word."""
    parts = [str(number), title, section]
    for sub in sub_criteria:
        parts += [sub.code, sub.title]
    return " " + fold(" ".join(parts)) + " "


def query_terms(query: str) -> list[str]:
    # One-letter words ("l", "d" from l', d') match almost everything and say nothing.
    return [term for term in fold(query).split() if term.isdigit() or len(term) > 1]


def search_commitments(query: str, version=None) -> QuerySet[Commitment]:
    """Commitments matching every term: a number matches the commitment's number or a number
    in its text, a word matches the start of a word of its number, title, section or
    sub-criteria. Exact number matches come first."""
    terms = query_terms(query)
    commitments = Commitment.objects.select_related("version__framework", "module")
    if version is not None:
        commitments = commitments.filter(version=version)
    if not terms:
        return commitments.none()
    condition = Q()
    for term in terms:
        matches = Q(search_text__contains=f" {term}")
        if term.isdigit():
            matches |= Q(number=int(term))
        condition &= matches
    numbers = [int(term) for term in terms if term.isdigit()]
    first = Case(When(number__in=numbers, then=Value(0)), default=Value(1))
    return (
        commitments.filter(condition)
        .annotate(exact_number=first)
        .order_by("exact_number", "version__framework__name", "-version__version", "position")[
            :MAX_RESULTS
        ]
    )
