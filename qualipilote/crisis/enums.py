from django.db import models


class EventKind(models.TextChoices):
    """A real major event or an exercise: fixed at creation, an exercise never counts as an
    event in the checks' figures."""

    EVENT = "event", "Événement réel"
    EXERCISE = "exercise", "Exercice"


class Step(models.TextChoices):
    """The steps of the one timeline (API codes of issue 12, item 6; never rename one).

    The start of the event is the event's `started_at`, not a step."""

    COD_ACTIVATED = "cod_activated", "Activation du COD"
    CELL_ACTIVATED = "cell_activated", "Activation de la cellule de communication d'urgence"
    OFFICIALS_INFORMED = "officials_informed", "Information des élus locaux"
    PUBLIC_INFORMED = "public_informed", "Information du grand public"
    MEDIA_INFORMED = "media_informed", "Information des médias"
    CIP_ACTIVATED = "cip_activated", "Activation de la cellule d'information du public (CIP)"
    CIP_CLOSED = "cip_closed", "Fermeture de la CIP"
    ENDED = "ended", "Fin de l'événement"


# The three audiences of commitment 40 (Quali-ATE 2024) / 47 (Qual-e-pref): the first message to
# each one counts; later messages to the same audience are recorded as steps of the same code.
AUDIENCE_STEPS = (Step.OFFICIALS_INFORMED, Step.PUBLIC_INFORMED, Step.MEDIA_INFORMED)
# Recorded once per event (the database refuses a second one).
SINGLE_STEPS = (
    Step.COD_ACTIVATED,
    Step.CELL_ACTIVATED,
    Step.CIP_ACTIVATED,
    Step.CIP_CLOSED,
    Step.ENDED,
)


class Channel(models.TextChoices):
    PRESS_RELEASE = "press_release", "Communiqué de presse"
    WEBSITE = "website", "Site internet"
    SOCIAL_NETWORKS = "social_networks", "Réseaux sociaux"
    SMS = "sms", "SMS"
    FR_ALERT = "fr_alert", "FR-Alert"
    PHONE = "phone", "Téléphone"
