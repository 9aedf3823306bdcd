"""A survey answered by many people at once, through a real HTTP server on loopback.

Bounded: `clients` threads, each opens the public page once (GET: CSRF cookie, form token),
waits until every client is ready, then all post their answers at the same instant; every
`double_every`-th client sends the very same form a second time at once (a double tap), which
must count once. The run then reads the database:

- accepted: the client reached the thank-you page;
- stored: responses of the scratch survey; each must carry the answers its client sent;
- lost: accepted tokens with no stored response;
- counted twice: tokens stored more than once (impossible by the unique constraint: shown
  anyway), and responses beyond one per client.

Every client posts from 127.0.0.1: the survey's rate limit is lifted for the run.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import re
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from bench.public_feedback import (
    PooledWSGIServer,
    QuietRequestHandler,
    ServerErrors,
    _cookie_header,
    _cookies,
)
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import create_organisation
from qualipilote.surveys import services
from qualipilote.surveys.models import Answer, Response

SCRATCH_CODE = "bench-enquete"
CSRF_PATTERN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_PATTERN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
SCALE = ["very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied", "no_opinion"]
QUESTIONS = [
    {
        "code": "accueil",
        "label": "Satisfaction globale de l'accueil",
        "kind": "satisfaction",
        "required": True,
    },
    {"code": "attente", "label": "Le délai d'attente", "kind": "satisfaction"},
    {"code": "note", "label": "Votre note", "kind": "rating"},
]


@dataclass
class ClientResult:
    token: str = ""
    statuses: list[int] = field(default_factory=list)
    thanked: bool = False
    error: str = ""
    seconds: float = 0.0
    choice: str = ""


@dataclass
class SoakFigures:
    clients: int
    double_taps: int
    server_threads: int
    seconds: float
    accepted: int
    failed: int
    stored: int
    lost: int
    counted_twice: int
    wrong_answers: int
    expected_counts: Counter
    stored_counts: Counter
    most_simultaneous: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    server_errors: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        p95 = sorted(self.latencies)[int(0.95 * (len(self.latencies) - 1))] if self.latencies else 0
        return [
            f"{self.clients} répondants simultanés (dont {self.double_taps} envoient deux fois le "
            f"même formulaire), serveur à {self.server_threads} fils, {self.seconds:.1f} s, "
            f"jusqu'à {self.most_simultaneous} requêtes traitées à la fois",
            f"acceptés (page de remerciement) : {self.accepted}",
            f"en échec (5xx ou connexion rompue) : {self.failed}",
            f"réponses enregistrées : {self.stored}",
            f"perdues (acceptées, absentes de la base) : {self.lost}",
            f"comptées deux fois : {self.counted_twice}",
            f"réponses dont les choix diffèrent de ceux envoyés : {self.wrong_answers}",
            "comptes par choix identiques à ceux envoyés : "
            + ("oui" if self.expected_counts == self.stored_counts else "NON"),
            f"durée d'un envoi p50 / p95 : {statistics.median(self.latencies or [0]) * 1000:.0f} / {p95 * 1000:.0f} ms",
            "réponses HTTP : "
            + ", ".join(f"{k}×{v}" for k, v in sorted(self.statuses.items(), key=str)),
            *(
                [
                    "erreurs du serveur : "
                    + ", ".join(f"{k}×{v}" for k, v in self.server_errors.items())
                ]
                if self.server_errors
                else []
            ),
        ]


def remove_scratch_organisation() -> None:
    organisation = Organisation.objects.filter(code=SCRATCH_CODE).first()
    if organisation is None:
        return
    with transaction.atomic():
        Answer.objects.filter(response__survey__organisation=organisation).delete()
        Response.objects.filter(survey__organisation=organisation).delete()
        organisation.surveys.all().delete()
        organisation.questionnaires.all().delete()
        organisation.delete()


def scratch_survey():
    remove_scratch_organisation()
    organisation = create_organisation(
        code=SCRATCH_CODE,
        name="Organisation de mesure (jetable)",
        kind="prefecture",
        departement="74",
    )
    today = timezone.localdate()
    return services.create_survey(
        organisation,
        title="Enquête de mesure",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
        questions=services.read_question_specs(QUESTIONS),
    )


def soak(
    *, clients: int, server_threads: int, double_every: int = 10, timeout: float = 120
) -> SoakFigures:
    survey = scratch_survey()
    errors = ServerErrors()
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(errors)
    propagate, request_logger.propagate = request_logger.propagate, False
    server = PooledWSGIServer(("127.0.0.1", 0), QuietRequestHandler, workers=server_threads)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with override_settings(
            ALLOWED_HOSTS=["127.0.0.1"], SURVEY_RATE_LIMIT=clients * 4 + 10, RATELIMIT_ENABLE=False
        ):
            started = time.perf_counter()
            results = _run(server, survey, clients, double_every, timeout)
            seconds = time.perf_counter() - started
        figures = _figures(survey, clients, server_threads, seconds, results, errors, double_every)
        figures.most_simultaneous = server.most_busy
        return figures
    finally:
        server.shutdown()
        server.server_close()
        request_logger.removeHandler(errors)
        request_logger.propagate = propagate
        remove_scratch_organisation()


def _run(server, survey, clients, double_every, timeout) -> list[ClientResult]:
    port = server.server_address[1]
    ready = threading.Barrier(clients + 1)
    results = [ClientResult(choice=SCALE[i % len(SCALE)]) for i in range(clients)]
    path = f"/{SCRATCH_CODE}/enquete/{survey.pk}/"
    threads = [
        threading.Thread(
            target=_respondent,
            args=(
                port,
                path,
                index,
                ready,
                results[index],
                double_every and index % double_every == 0,
                timeout,
            ),
        )
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    server.most_busy = 0
    ready.wait(timeout)
    for thread in threads:
        thread.join(timeout)
    return results


def _post(port, path, body, cookies, timeout):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _respondent(port, path, index, ready, result: ClientResult, twice: bool, timeout) -> None:
    try:
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        page.request("GET", path)
        response = page.getresponse()
        body = response.read().decode()
        cookies = _cookies(response)
        csrf = CSRF_PATTERN.search(body).group(1)
        result.token = TOKEN_PATTERN.search(body).group(1)
        page.close()
    except Exception as error:
        result.error = f"GET: {error!r}"
        ready.wait(timeout)
        return
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "token": result.token,
            "q_accueil": result.choice,
            "q_note": str(index % 11),
        }
    )
    ready.wait(timeout)
    started = time.perf_counter()
    try:
        sends = [
            threading.Thread(
                target=lambda: result.statuses.append(
                    _post(port, path, body, cookies, timeout).status
                )
            )
            for _ in range(2 if twice else 1)
        ]
        for send in sends:
            send.start()
        for send in sends:
            send.join(timeout)
        result.thanked = bool(result.statuses) and all(status == 302 for status in result.statuses)
    except Exception as error:
        result.error = f"POST: {error!r}"
    finally:
        result.seconds = time.perf_counter() - started


def _figures(
    survey, clients, server_threads, seconds, results, errors, double_every
) -> SoakFigures:
    stored = Response.objects.filter(survey=survey)
    by_token = dict(
        Answer.objects.filter(response__survey=survey, question__code="accueil").values_list(
            "response__token", "choice__code"
        )
    )
    sent = {r.token: r.choice for r in results if r.thanked}
    per_token = Counter(str(token) for token in stored.values_list("token", flat=True))
    stored_counts = Counter(
        dict(
            Answer.objects.filter(response__survey=survey, question__code="accueil")
            .values("choice__code")
            .annotate(n=Count("id"))
            .values_list("choice__code", "n")
        )
    )
    statuses = Counter(status for r in results for status in r.statuses)
    if any(not r.statuses for r in results):
        statuses["sans réponse"] = sum(1 for r in results if not r.statuses)
    return SoakFigures(
        clients=clients,
        double_taps=sum(1 for i in range(clients) if double_every and i % double_every == 0),
        server_threads=server_threads,
        seconds=seconds,
        accepted=len(sent),
        failed=sum(1 for r in results if not r.statuses or any(s >= 500 for s in r.statuses)),
        stored=stored.count(),
        lost=sum(1 for token in sent if per_token[token] == 0),
        counted_twice=sum(n - 1 for n in per_token.values() if n > 1)
        + max(stored.count() - clients, 0),
        wrong_answers=sum(
            1 for token, choice in sent.items() if by_token.get(_uuid(token)) not in (None, choice)
        ),
        expected_counts=Counter(sent.values()),
        stored_counts=stored_counts,
        latencies=[r.seconds for r in results if r.statuses],
        statuses=statuses,
        server_errors=errors.by_kind,
    )


def _uuid(token: str):
    import uuid

    return uuid.UUID(token)
