from django.db import models


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "En ligne"
    REPLACED = "replaced", "Remplacée par une publication plus récente"
    WITHDRAWN = "withdrawn", "Retirée"
