from django.contrib.auth.models import AbstractUser
from django.db import models


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

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        return self.get_full_name() or self.username
