from django.conf import settings


def sign_in_options(request):
    """Whether the "S'identifier avec ProConnect" button is shown (settings.PROCONNECT_ENABLED)."""
    return {"proconnect_enabled": settings.PROCONNECT_ENABLED}
