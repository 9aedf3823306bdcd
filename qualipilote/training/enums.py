from django.db import models


class NeedOrigin(models.TextChoices):
    """Where a training need was expressed."""

    MANAGER = "manager", "Encadrant"
    ANNUAL_REVIEW = "annual_review", "Entretien professionnel annuel"
    REQUEST = "request", "Demande de l'agent"


class Theme(models.TextChoices):
    ACCUEIL = "accueil", "Accueil des usagers"
    QUALITE = "qualite", "Démarche qualité"
    OUTILS = "outils", "Outils et applications métier"
    REGLEMENTATION = "reglementation", "Réglementation"
    MANAGEMENT = "management", "Management"
    AUTRE = "autre", "Autre"


class NeedStatus(models.TextChoices):
    OPEN = "open", "À traiter"
    PLANNED = "planned", "Formation prévue"
    DONE = "done", "Satisfait"
    DECLINED = "declined", "Non retenu"


class SessionKind(models.TextChoices):
    TRAINING = "training", "Formation"
    NEWCOMERS_DAY = "newcomers_day", "Journée d'accueil des nouveaux arrivants"
