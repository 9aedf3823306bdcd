from django.db import models


class TextStatus(models.TextChoices):
    """How sure we are of a title: the data files never invent wording (FRAMEWORKS.md)."""

    KNOWN = "known", "Texte source"
    PRESUMED = "presumed", "À confirmer"
    UNKNOWN = "unknown", "Inconnu"


class ModuleKind(models.TextChoices):
    GENERAL = "general", "Module général"
    BUSINESS = "business", "Module métier"
