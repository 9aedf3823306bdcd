"""SubmissionLimit: accepted submissions per client address, counted in the cache every process
shares (the database cache unless REDIS_URL names a Redis server)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import RequestFactory

from qualipilote.common.cache import DatabaseCache
from qualipilote.common.ratelimit import SubmissionLimit

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def limit(settings):
    settings.TEST_SUBMISSION_LIMIT = 2
    settings.TEST_SUBMISSION_WINDOW = 3600
    return SubmissionLimit(
        "test-submissions",
        count_setting="TEST_SUBMISSION_LIMIT",
        window_setting="TEST_SUBMISSION_WINDOW",
    )


def request_from(address, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **headers)


def test_checking_does_not_use_up_an_attempt(limit):
    citizen = request_from("203.0.113.7")
    for _ in range(5):
        assert not limit.exhausted(citizen, scope="pref-74")
    limit.count(citizen, scope="pref-74")
    assert not limit.exhausted(citizen, scope="pref-74")
    limit.count(citizen, scope="pref-74")
    assert limit.exhausted(citizen, scope="pref-74")


def test_each_address_and_each_scope_has_its_own_count(limit):
    citizen, other = request_from("203.0.113.7"), request_from("203.0.113.8")
    limit.count(citizen, scope="pref-74")
    limit.count(citizen, scope="pref-74")
    assert limit.exhausted(citizen, scope="pref-74")
    assert not limit.exhausted(other, scope="pref-74")
    assert not limit.exhausted(citizen, scope="pref-73")


def test_the_default_cache_is_shared_by_every_process():
    # A per-process cache (LocMemCache) gives N workers N times the limit and forgets on restart.
    assert isinstance(caches["default"], DatabaseCache)
    assert django_settings.RATELIMIT_USE_CACHE == "default"


def test_two_processes_share_one_count(limit, monkeypatch):
    """Two cache clients on the same database table stand for two worker processes."""
    first_worker = caches.create_connection("default")
    second_worker = caches.create_connection("default")
    assert first_worker is not second_worker
    citizen = request_from("203.0.113.7")

    monkeypatch.setattr("django_ratelimit.core.caches", {"default": first_worker})
    limit.count(citizen, scope="pref-74")
    monkeypatch.setattr("django_ratelimit.core.caches", {"default": second_worker})
    assert not limit.exhausted(citizen, scope="pref-74")
    limit.count(citizen, scope="pref-74")
    monkeypatch.setattr("django_ratelimit.core.caches", {"default": first_worker})
    assert limit.exhausted(citizen, scope="pref-74")


def test_the_window_lasts_its_full_length_after_the_last_attempt(limit):
    """Django's own DatabaseCache.incr is get + set: the set gave the count the default 5-minute
    timeout, so a one-hour window ended five minutes after the last attempt."""
    citizen = request_from("203.0.113.7")
    with time_machine.travel(START, tick=False) as clock:
        limit.count(citizen, scope="pref-74")
        limit.count(citizen, scope="pref-74")
        window_left = limit.seconds_left(citizen, scope="pref-74")
        assert window_left > 600
        clock.shift(dt.timedelta(seconds=window_left - 60))
        assert limit.exhausted(citizen, scope="pref-74")
        clock.shift(dt.timedelta(seconds=120))
        assert not limit.exhausted(citizen, scope="pref-74")


def test_incr_is_atomic_and_keeps_the_expiry():
    cache = caches["default"]
    with time_machine.travel(START, tick=False) as clock:
        cache.add("counter", 0, timeout=3600)
        assert cache.incr("counter") == 1
        assert cache.incr("counter", 2) == 3
        clock.shift(dt.timedelta(seconds=3000))
        assert cache.get("counter") == 3
        clock.shift(dt.timedelta(seconds=601))
        assert cache.get("counter") is None
        with pytest.raises(ValueError):
            cache.incr("counter")


def test_the_client_address_honours_trusted_proxies(limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = [request_from("10.0.0.2", f"203.0.113.{n}") for n in (7, 8)]
    limit.count(behind_proxy[0], scope="pref-74")
    limit.count(behind_proxy[0], scope="pref-74")
    assert limit.exhausted(behind_proxy[0], scope="pref-74")
    assert not limit.exhausted(behind_proxy[1], scope="pref-74")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_increments_are_all_counted():
    """Eight workers counting at once: with get + set, some increments were lost (13 of 80 on
    PostgreSQL). On SQLite the IMMEDIATE transaction serialises writers; the test database there
    is an in-memory shared cache whose table locks ignore the busy timeout, so threads cannot
    stand for processes: PostgreSQL only."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("threads stand for worker processes on PostgreSQL only")

    caches["default"].add("simultaneous", 0, timeout=3600)

    def count_ten_times(_worker):
        try:
            worker_cache = caches.create_connection("default")
            for _ in range(10):
                worker_cache.incr("simultaneous")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(count_ten_times, range(8)))
    assert caches["default"].get("simultaneous") == 80
    caches["default"].delete("simultaneous")
