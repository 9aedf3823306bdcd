from django.db import models


class AssessmentStatus(models.TextChoices):
    MET = "met", "Atteint"
    PARTLY_MET = "partly_met", "Partiellement atteint"
    NOT_MET = "not_met", "Non atteint"
    NOT_APPLICABLE = "not_applicable", "Non applicable"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Fichier"
    LINK = "link", "Lien"
