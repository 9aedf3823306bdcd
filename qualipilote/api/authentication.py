from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token


class OrganisationTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`: the token stands for its organisation, not for a person."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("En-tête Authorization mal formé.")
        raw = header[1].decode(errors="replace")
        token = (
            ApiToken.objects.active()
            .select_related("organisation")
            .filter(key_hash=hash_token(raw))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Jeton inconnu ou révoqué.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return self.keyword
