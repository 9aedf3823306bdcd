from django.db import models


class DocumentKind(models.TextChoices):
    PROCEDURE = "procedure", "Fiche de procédure"
    MEMO = "memo", "Note de service"
    USERS_CHARTER = "users_charter", "Charte de l'usager"
    SECULARISM_CHARTER = "secularism_charter", "Charte de la laïcité"
    RECEPTION_GUIDE = "reception_guide", "Guide de l'accueil"
    POSTER = "poster", "Affiche"
    OTHER = "other", "Autre document"


# Months between an approval and the next review, per kind (the default of the next review date;
# the approver may choose another date).
REVIEW_PERIOD_MONTHS = {
    DocumentKind.PROCEDURE: 24,
    DocumentKind.MEMO: 12,
    DocumentKind.USERS_CHARTER: 36,
    DocumentKind.SECULARISM_CHARTER: 36,
    DocumentKind.RECEPTION_GUIDE: 24,
    DocumentKind.POSTER: 12,
    DocumentKind.OTHER: 24,
}


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    IN_REVIEW = "in_review", "En relecture"
    APPROVED = "approved", "Approuvée"
    SUPERSEDED = "superseded", "Remplacée"


class CommitteeKind(models.TextChoices):
    """The committee that validated a version. Recorded as a kind and a meeting date, not as a
    link to a committee meeting: the committees app is built beside this one (same layer)."""

    STEERING = "steering", "Comité de pilotage qualité (COPIL)"
    USERS = "users", "Comité local des usagers"
    MANAGEMENT = "management", "Comité de direction"
    SOCIAL = "social", "Comité social d'administration"
    OTHER = "other", "Autre instance"
