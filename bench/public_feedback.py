"""A flood of citizens on the public feedback form, through a real HTTP server on loopback.

The application runs in this process behind a WSGI server with a fixed pool of worker threads
(as a production server has a fixed number of workers and database connections); `clients`
threads each open the form (GET: CSRF cookie and token), wait until every client is ready,
then all post their message at the same instant and follow the redirect to the thank-you page,
which shows the reference they were given. The run then counts, from the database:

- accepted: the citizen reached the thank-you page with a reference;
- refused: the server said no in a way the citizen can read (429 rate limit, form errors);
- failed: a server error (5xx) or a broken connection;
- stored: feedback rows of the scratch organisation;
- lost: messages neither refused nor stored (the citizen pressed "send" and nothing remains).

Every client posts from 127.0.0.1, so the rate limit (one bucket per address) would refuse all
but the first few: the run lifts it through settings for its duration (`lift_rate_limit`).
"""

from __future__ import annotations

import http.client
import logging
import re
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.db import connections, transaction
from django.test.utils import override_settings

from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import create_organisation
from qualipilote.registers.models import Feedback, FeedbackAuthor, FeedbackReferenceCounter

SCRATCH_CODE = "bench-avis"
TOKEN_PATTERN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE_PATTERN = re.compile(r"AV-[A-Z0-9-]+-\d{4}-\d{5,}")


class PooledWSGIServer(WSGIServer):
    """Django's development WSGI server handing each connection to a fixed pool of threads.

    The listen backlog holds every client's connection until a worker takes it."""

    request_queue_size = 2048

    def __init__(self, *args, workers: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wsgi")
        self._busy_lock = threading.Lock()
        self.busy = 0
        self.most_busy = 0  # requests in progress at the same moment, at most

    def process_request(self, request, client_address):
        self.pool.submit(self._handle, request, client_address)

    def _handle(self, request, client_address):
        with self._busy_lock:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            connections.close_all()
            with self._busy_lock:
                self.busy -= 1

    def server_close(self):
        self.pool.shutdown(wait=True)
        super().server_close()


class QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # one line per request would drown the figures
        pass


class ServerErrors(logging.Handler):
    """Counts the server errors Django logs (django.request), by exception type."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.by_kind: Counter[str] = Counter()

    def emit(self, record):
        kind = record.exc_info[0].__name__ if record.exc_info else record.getMessage()[:80]
        self.by_kind[kind] += 1


@dataclass
class ClientResult:
    status: int | None = None  # the POST's answer; None: no answer (connection broken)
    reference: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class FloodFigures:
    clients: int
    server_threads: int
    seconds: float
    accepted: int
    refused: int
    failed: int
    stored: int
    authors_stored: int
    distinct_references: bool
    references_without_gap: bool
    references_match: bool
    most_simultaneous: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    server_errors: Counter = field(default_factory=Counter)

    @property
    def lost(self) -> int:
        return self.clients - self.refused - self.stored

    @property
    def stored_without_answer(self) -> int:
        """Stored, yet the citizen saw an error (and may send it again)."""
        return self.stored - self.accepted

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def lines(self) -> list[str]:
        return [
            f"{self.clients} envois simultanés, serveur à {self.server_threads} fils, "
            f"{self.seconds:.1f} s, jusqu'à {self.most_simultaneous} requêtes traitées à la fois",
            f"acceptés (page de remerciement avec référence) : {self.accepted}",
            f"refusés (429 ou formulaire en erreur) : {self.refused}",
            f"en échec (5xx ou connexion rompue) : {self.failed}",
            f"enregistrés : {self.stored} (dont {self.authors_stored} avec coordonnées)",
            f"perdus (ni refusés ni enregistrés) : {self.lost}",
            f"enregistrés sans réponse au citoyen : {self.stored_without_answer}",
            "références distinctes : "
            + ("oui" if self.distinct_references else "NON")
            + ", sans trou : "
            + ("oui" if self.references_without_gap else "NON")
            + ", celles affichées sont celles enregistrées : "
            + ("oui" if self.references_match else "NON"),
            f"durée d'un envoi p50 / p95 : {statistics.median(self.latencies or [0]) * 1000:.0f}"
            f" / {self.percentile(0.95) * 1000:.0f} ms",
            "réponses : " + ", ".join(f"{k}×{v}" for k, v in sorted(self.statuses.items())),
            *(
                [
                    "erreurs du serveur : "
                    + ", ".join(f"{k}×{v}" for k, v in self.server_errors.items())
                ]
                if self.server_errors
                else []
            ),
        ]


def lift_rate_limit(clients: int):
    """Every client shares 127.0.0.1: the per-address limit is raised above the flood for the
    run (today's setting, and django-ratelimit's switch once the form uses it)."""
    return override_settings(PUBLIC_FEEDBACK_RATE_LIMIT=clients * 4 + 10, RATELIMIT_ENABLE=False)


def scratch_organisation() -> Organisation:
    remove_scratch_organisation()
    return create_organisation(
        code=SCRATCH_CODE,
        name="Organisation de mesure (jetable)",
        kind="prefecture",
        departement="74",
    )


def remove_scratch_organisation() -> None:
    organisation = Organisation.objects.filter(code=SCRATCH_CODE).first()
    if organisation is None:
        return
    with transaction.atomic():
        # Scratch rows leave no history behind (a plain delete writes a "-" row per record).
        for queryset in (
            FeedbackAuthor.history.filter(feedback__organisation=organisation),
            FeedbackAuthor.objects.filter(feedback__organisation=organisation),
            Feedback.history.filter(organisation_id=organisation.pk),
            Feedback.objects.filter(organisation=organisation),
            FeedbackReferenceCounter.objects.filter(organisation=organisation),
        ):
            queryset._raw_delete(queryset.db)
        organisation.delete()


def flood(*, clients: int, server_threads: int, timeout: float = 120) -> FloodFigures:
    """Runs the flood against a scratch organisation (created, then removed) and counts."""
    organisation = scratch_organisation()
    errors = ServerErrors()
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(errors)
    propagate, request_logger.propagate = request_logger.propagate, False
    huey_logger = logging.getLogger("huey")
    huey_level = huey_logger.level
    huey_logger.setLevel(logging.WARNING)  # a line per refresh task otherwise
    server = PooledWSGIServer(("127.0.0.1", 0), QuietRequestHandler, workers=server_threads)
    server.set_app(WSGIHandler())
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        with override_settings(ALLOWED_HOSTS=["127.0.0.1"]), lift_rate_limit(clients):
            started = time.perf_counter()
            results = _run_clients(server, clients, timeout)
            seconds = time.perf_counter() - started
        figures = _figures(organisation, clients, server_threads, seconds, results, errors)
        figures.most_simultaneous = server.most_busy
        return figures
    finally:
        server.shutdown()
        server.server_close()
        request_logger.removeHandler(errors)
        request_logger.propagate = propagate
        huey_logger.setLevel(huey_level)
        remove_scratch_organisation()


def _run_clients(server: PooledWSGIServer, clients: int, timeout: float) -> list[ClientResult]:
    port = server.server_address[1]
    ready = threading.Barrier(clients + 1)
    results = [ClientResult() for _ in range(clients)]
    threads = [
        threading.Thread(target=_citizen, args=(port, index, ready, results[index], timeout))
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    server.most_busy = 0  # from now on: the posts
    ready.wait(timeout)  # every form is open: all send at once
    for thread in threads:
        thread.join(timeout)
    return results


def _citizen(port, index, ready, result: ClientResult, timeout) -> None:
    path = f"/{SCRATCH_CODE}/avis/"
    try:
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        page.request("GET", path)
        response = page.getresponse()
        body = response.read().decode()
        cookies = _cookies(response)
        token = TOKEN_PATTERN.search(body).group(1)
        page.close()
    except Exception as error:  # the form never opened: counted as a failure
        result.error = f"GET: {error!r}"
        ready.wait(timeout)
        return
    fields = {
        "csrfmiddlewaretoken": token,
        "kind": "complaint" if index % 2 else "suggestion",
        "concerned": "",
        "description": f"Message {index} : attente trop longue au guichet.",
    }
    if index % 2:  # every other citizen leaves a contact
        fields |= {
            "name": f"Citoyen {index}",
            "email": f"citoyen{index}@example.org",
            "consent": "on",
        }
    ready.wait(timeout)
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request(
            "POST",
            path,
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": _cookie_header(cookies),
            },
        )
        response = connection.getresponse()
        response.read()
        result.status = response.status
        cookies |= _cookies(response)
        connection.close()
        if response.status == 302:
            thanks = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            thanks.request(
                "GET", response.getheader("Location"), headers={"Cookie": _cookie_header(cookies)}
            )
            found = REFERENCE_PATTERN.search(thanks.getresponse().read().decode())
            result.reference = found.group(0) if found else ""
            thanks.close()
    except Exception as error:
        result.error = f"POST: {error!r}"
    finally:
        result.seconds = time.perf_counter() - started


def _cookies(response) -> dict[str, str]:
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _sep, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    return cookies


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _figures(organisation, clients, server_threads, seconds, results, errors) -> FloodFigures:
    stored = list(
        Feedback.objects.filter(organisation=organisation).values_list("reference", flat=True)
    )
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in stored)
    shown = [result.reference for result in results if result.reference]
    statuses = Counter(result.status if result.status else "sans réponse" for result in results)
    return FloodFigures(
        clients=clients,
        server_threads=server_threads,
        seconds=seconds,
        accepted=len(shown),
        refused=sum(1 for r in results if r.status in (200, 400, 403, 429)),
        failed=sum(1 for r in results if r.status is None or r.status >= 500),
        stored=len(stored),
        authors_stored=FeedbackAuthor.objects.filter(feedback__organisation=organisation).count(),
        distinct_references=len(set(stored)) == len(stored),
        references_without_gap=numbers == list(range(1, len(numbers) + 1)),
        references_match=set(shown) <= set(stored),
        latencies=[result.seconds for result in results if result.status],
        statuses=statuses,
        server_errors=errors.by_kind,
    )
