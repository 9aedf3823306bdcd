"""Structured logs: one JSON line per request and per task.

Each request gets an id (the load balancer's X-Request-ID when it is a plain token, else a new
one), sent back in the X-Request-ID header and written on every line logged while it runs. The
request's line says the method, the path without its query string (which may carry a search for
a name), the status, the duration and the organisation code; never a user name, an e-mail or a
client address (personal data stays out of the logs).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid

from django.utils import timezone

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
organisation_var: contextvars.ContextVar[str] = contextvars.ContextVar("organisation", default="")
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
request_logger = logging.getLogger("qualipilote.request")

# Attributes every LogRecord carries: anything else was passed through `extra=` and is written.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": timezone.now().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        organisation = getattr(record, "organisation", None) or organisation_var.get()
        if organisation:
            line["organisation"] = organisation
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def new_request_id(proposed: str | None = None) -> str:
    if proposed and REQUEST_ID_PATTERN.match(proposed):
        return proposed
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        organisation_token = organisation_var.set("")
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            organisation = getattr(request, "organisation", None)
            request_logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "organisation": organisation.code if organisation is not None else "",
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            organisation_var.reset(organisation_token)
            request_id_var.reset(id_token)
