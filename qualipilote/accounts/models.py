from django.contrib.auth.models import AbstractUser
from django.db import models


class Title(models.TextChoices):
    """How a person is addressed; it chooses the feminine or masculine form of their role."""

    MADAME = "mme", "Madame"
    MONSIEUR = "m", "Monsieur"
    UNSPECIFIED = "", "Non précisé"


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships, not from here.

    `is_national_reader` is the ministry's national role: aggregated figures of every
    organisation, never personal data and never an organisation's own pages.
    """

    email = models.EmailField("adresse électronique", blank=True)
    is_national_reader = models.BooleanField(
        "lecture nationale",
        default=False,
        help_text="Lit les chiffres agrégés de toutes les organisations, sans données personnelles.",
    )
    title = models.CharField(
        "civilité", max_length=3, choices=Title.choices, blank=True, default=Title.UNSPECIFIED
    )
    # ProConnect's `sub` for this person, stored at their first sign-in: later sign-ins find them
    # by it, even after their e-mail address changed.
    proconnect_sub = models.CharField(
        "identifiant ProConnect", max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        return self.get_full_name() or self.username
