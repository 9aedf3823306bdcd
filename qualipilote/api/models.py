import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from qualipilote.organisations.models import Organisation
from qualipilote.organisations.permissions import (
    ENTER_MEASUREMENTS,
    MANAGE_SURVEYS,
    RECORD_CRISIS,
    RECORD_REGISTERS,
)

TOKEN_PREFIX = "qp_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An integration's key to one organisation's API. Only its hash is stored."""

    # What an integration may write: registers records, entered monthly figures, surveys and
    # their answers, and the steps of an emergency communication event.
    ABILITIES = frozenset({RECORD_REGISTERS, ENTER_MEASUREMENTS, MANAGE_SURVEYS, RECORD_CRISIS})

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=100, help_text="À quoi sert ce jeton.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("début du jeton", max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, organisation: Organisation, name: str, created_by=None
    ) -> tuple["ApiToken", str]:
        """Creates a token and returns it with its raw value, shown once and never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            key_hash=hash_token(raw),
            prefix=raw[:10],
            created_by=created_by,
        )
        return token, raw

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def can(self, ability: str) -> bool:
        return ability in self.ABILITIES

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
