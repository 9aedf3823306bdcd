"""Form pieces shared by every app."""

from django.conf import settings
from django.core.exceptions import ValidationError


def validate_import_size(upload) -> None:
    """Imports (registers, figures, frameworks) are refused above settings.IMPORT_MAX_BYTES,
    read at each call so that a deployment or a test can change it."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo."
        )
