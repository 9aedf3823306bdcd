"""The discovery document is fetched when nothing is cached, whatever the machine's uptime:
time.monotonic() counts from boot, and within the first hour an empty cache looked fresh."""

from unittest import mock

from qualipilote.organisations import proconnect


def test_an_empty_cache_is_fetched_even_just_after_boot(settings):
    settings.PROCONNECT_ISSUER = "https://proconnect.example"
    proconnect.forget_provider_metadata()
    document = {
        name: f"https://proconnect.example/{name}" for name in proconnect.ENDPOINTS.values()
    }
    document["issuer"] = "https://proconnect.example"
    answer = mock.Mock(json=mock.Mock(return_value=document), raise_for_status=mock.Mock())
    with (
        mock.patch.object(proconnect.time, "monotonic", return_value=120.0),
        mock.patch.object(proconnect.requests, "get", return_value=answer) as fetch,
    ):
        assert proconnect.provider_metadata() == document
        assert proconnect.provider_metadata() == document  # then cached
    assert fetch.call_count == 1
    proconnect.forget_provider_metadata()
