"""The discovery document is fetched when nothing is cached, whatever the monotonic clock says
(it counts from the machine's boot: during the first hour, a default of 0 looked fresh)."""

from qualipilote.organisations import proconnect

ISSUER = "https://proconnect.example"


class FakeResponse:
    def raise_for_status(self):
        pass

    def json(self):
        return {
            "issuer": ISSUER,
            **{name: f"{ISSUER}/{name}" for name in proconnect.ENDPOINTS.values()},
        }


def test_discovery_is_fetched_in_the_first_hour_after_boot(settings, monkeypatch):
    settings.PROCONNECT_ISSUER = ISSUER
    settings.OIDC_TIMEOUT = 1
    proconnect.forget_provider_metadata()
    monkeypatch.setattr(proconnect.time, "monotonic", lambda: 120.0)  # booted 2 minutes ago
    calls = []
    monkeypatch.setattr(
        proconnect.requests, "get", lambda url, timeout: calls.append(url) or FakeResponse()
    )
    try:
        metadata = proconnect.provider_metadata()
    finally:
        proconnect.forget_provider_metadata()
    assert metadata["authorization_endpoint"] == f"{ISSUER}/authorization_endpoint"
    assert calls == [ISSUER + proconnect.DISCOVERY_PATH]
