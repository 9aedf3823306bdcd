"""Submission limits for public pages (feedback form today, surveys next): so many accepted
submissions per client address and window, counted with django-ratelimit in the cache every
process shares (settings.RATELIMIT_USE_CACHE).

Only what was accepted counts: a page checks `exhausted()` before handling a submission (this
never counts) and calls `count()` once the submission is saved. A citizen whose message was
refused (a validation error, a server error) has not used an attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from .clients import client_network

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmissionLimit:
    """`group` names the counter; the allowed count and the window (seconds) are read from the
    named settings at each request, so tests and deployments can change them."""

    group: str
    count_setting: str
    window_setting: str

    def exhausted(self, request, *, scope: str = "") -> bool:
        usage = self._usage(request, scope, increment=False)
        return usage is not None and usage["count"] >= usage["limit"]

    def count(self, request, *, scope: str = "") -> None:
        """Counts one accepted submission. The submission is already saved: a cache that cannot
        be written (database or Redis unavailable) is logged, never turned into an error page
        that would hide the citizen's reference."""
        try:
            self._usage(request, scope, increment=True)
        except Exception:  # any cache backend's error: the submission must stand
            logger.exception("Submission limit %s: the count could not be written.", self.group)

    def seconds_left(self, request, *, scope: str = "") -> int:
        """Seconds until the current window ends and the count starts again."""
        usage = self._usage(request, scope, increment=False)
        return max(usage["time_left"], 0) if usage else 0

    def minutes_left(self, request, *, scope: str = "") -> int:
        return max(1, -(-self.seconds_left(request, scope=scope) // 60))

    def rate(self) -> tuple[int, int]:
        return getattr(settings, self.count_setting), getattr(settings, self.window_setting)

    def _usage(self, request, scope: str, *, increment: bool):
        address = client_network(request)
        return get_usage(
            request,
            group=self.group,
            key=lambda _group, _request: f"{scope}:{address}",
            rate=self.rate(),
            increment=increment,
        )
