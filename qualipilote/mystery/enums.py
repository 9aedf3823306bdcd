from django.db import models


class CampaignChannel(models.TextChoices):
    EMAIL = "email", "Courriel"
    PHONE = "phone", "Téléphone"


class RunBy(models.TextChoices):
    """Who plays the user: the organisation itself, another organisation's quality lead (a
    cross audit) or a contractor whose results are imported."""

    SELF = "self", "L'organisation elle-même"
    CROSS = "cross", "Audit croisé avec une autre organisation"
    CONTRACTOR = "contractor", "Prestataire"


class Score(models.TextChoices):
    YES = "yes", "Oui"
    NO = "no", "Non"
    NOT_APPLICABLE = "na", "Sans objet"


class Rule(models.TextChoices):
    """How a criterion is scored: typed by the tester, or computed from the test's dates."""

    TYPED = "typed", "Saisi par l'enquêteur"
    ANSWER_RECEIVED = "answer_received", "Calculé : une réponse a été reçue"
    ANSWERED_WITHIN = "answered_within", "Calculé : réponse dans le délai en jours ouvrés"


class TimeSlot(models.TextChoices):
    MORNING = "morning", "Matin (avant 12 h)"
    MIDDAY = "midday", "Midi (12 h – 14 h)"
    AFTERNOON = "afternoon", "Après-midi (après 14 h)"


def time_slot_of(hour: int) -> str:
    if hour < 12:
        return TimeSlot.MORNING
    if hour < 14:
        return TimeSlot.MIDDAY
    return TimeSlot.AFTERNOON
