"""The client's address: the socket's peer unless settings.TRUSTED_PROXY_COUNT reverse proxies
stand in front, then the address the outermost trusted proxy saw (the Nth from the right of
X-Forwarded-For). What a client writes in X-Forwarded-For itself never counts."""

import pytest
from django.test import RequestFactory

from qualipilote.common.clients import client_address, client_network


def request_from(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxy_a_forged_forwarded_for_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The citizen forged the first entry; the proxy appended the address it really saw.
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"


def test_behind_two_proxies_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2")
    assert client_address(request) == "203.0.113.7"


@pytest.mark.parametrize("forwarded_for", [None, "", "203.0.113.7"])
def test_fewer_forwarded_addresses_than_proxies_falls_back_to_the_peer(settings, forwarded_for):
    # The request did not come through every configured proxy: nothing in the header is trusted.
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.3", forwarded_for)) == "10.0.0.3"


def test_a_malformed_forwarded_address_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2", "1.2.3.4, not-an-address")) == "10.0.0.2"


def test_ipv6_addresses_are_kept_whole(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "2001:db8::1")
    assert client_address(request) == "2001:db8::1"


def test_attempts_are_counted_per_ipv6_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_network(request_from("2001:db8:0:1:aaaa::1")) == "2001:db8:0:1::"
    assert client_network(request_from("2001:db8:0:1:bbbb::2")) == "2001:db8:0:1::"
    assert client_network(request_from("203.0.113.7")) == "203.0.113.7"
