"""The default grids of criteria by channel (issue 10 item 4), copied by each new campaign.

Kept as rows of DefaultCriterion (the lead may reword them in the admin); the data migration
0002 loaded them. A database emptied of them (a restore from an older backup, a test flush) gets
them back from here on the next campaign rather than campaigns with an empty grid."""

from __future__ import annotations

# (channel, code, label, rule, delay_days, requires_answer): the same as migration 0002.
DEFAULTS = [
    ("email", "accuse_reception", "Accusé de réception reçu", "typed", None, False),
    ("email", "reponse_recue", "Réponse reçue", "answer_received", None, False),
    ("email", "signature_conforme", "Signature conforme", "typed", None, True),
    ("email", "reponse_5_jours", "Réponse dans les 5 jours ouvrés", "answered_within", 5, True),
    ("email", "reponse_complete", "Réponse complète et claire", "typed", None, True),
    ("phone", "decroche", "Décroché en moins de 5 sonneries", "typed", None, False),
    (
        "phone",
        "presentation",
        "Présentation de l'interlocuteur et du service",
        "typed",
        None,
        False,
    ),
    ("phone", "courtoisie", "Courtoisie et écoute", "typed", None, False),
    ("phone", "bon_service", "Orientation vers le bon service", "typed", None, False),
    ("phone", "reponse_correcte", "Réponse correcte et complète", "typed", None, False),
]


def ensure_default_criteria(channel: str) -> None:
    """Recreates the channel's default grid when none of it is left."""
    from .models import DefaultCriterion

    if DefaultCriterion.objects.filter(channel=channel).exists():
        return
    for position, (row_channel, code, label, rule, delay, requires) in enumerate(DEFAULTS, 1):
        if row_channel == channel:
            DefaultCriterion.objects.get_or_create(
                channel=channel,
                code=code,
                defaults={
                    "label": label,
                    "rule": rule,
                    "delay_days": delay,
                    "requires_answer": requires,
                    "position": position,
                },
            )
