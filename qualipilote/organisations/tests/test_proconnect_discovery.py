"""The discovery document is fetched the first time, whatever the machine's uptime."""

from unittest import mock

from qualipilote.organisations import proconnect

ISSUER = "https://proconnect.example.gouv.fr"
METADATA = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/auth",
    "token_endpoint": f"{ISSUER}/token",
    "userinfo_endpoint": f"{ISSUER}/me",
    "jwks_uri": f"{ISSUER}/jwks",
}


def test_the_first_call_fetches_even_minutes_after_the_machine_started(settings):
    settings.PROCONNECT_ISSUER = ISSUER
    proconnect.forget_provider_metadata()
    response = mock.Mock(json=mock.Mock(return_value=METADATA))
    with (
        mock.patch.object(proconnect.time, "monotonic", return_value=120.0),
        mock.patch.object(proconnect.requests, "get", return_value=response) as get,
    ):
        assert proconnect.provider_metadata()["authorization_endpoint"] == f"{ISSUER}/auth"
        assert proconnect.provider_metadata() == METADATA  # then kept for an hour
    assert get.call_count == 1
    proconnect.forget_provider_metadata()
