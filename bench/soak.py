"""Soak of the production stack on loopback, bounded in time (CI runs it; README, "Production").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualipilote \\
    SOAK_REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/soak.py --seconds 60

1. Creates a PostgreSQL database `<name of DATABASE_URL>_soak` (dropped at the end), an
   organisation and 20 quality leads, and starts `deploy/serve` on it: gunicorn with several
   workers and two Huey consumers, Redis for the cache and the queue (SOAK_REDIS_URL, a Redis
   database of its own: it is emptied first; database 0 is refused), TRUSTED_PROXY_COUNT=1.
2. For --seconds, --clients concurrent clients each send the public feedback form from an address
   of their own (X-Forwarded-For, trusted from the one proxy), each message carrying a unique
   marker, and read the organisation's dashboards signed in as a quality lead.
3. Meanwhile a quality lead imports a register file of --import-rows rows; while a consumer runs
   it, that consumer is killed (kill -9), and so is one gunicorn worker.
4. Afterwards: every accepted message (thank-you page reached) is stored exactly once; the
   import is complete (every row) or absent, never partial, and completes once its task is put
   back in the queue; /healthz answers 200 again. Prints requests, p50/p95, errors, lost.

Exits 1 if a message was lost or stored twice, the import was partial or the stack did not
recover.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ORG = "pref-74"
PASSWORD = "soak-mot-de-passe-2026"
LEADS = 20
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MARKER = re.compile(r"soak-(\d+)-(\d+)")
SETUP = f"""
from qualipilote.accounts.models import User
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.organisations.services import create_organisation
organisation = create_organisation(code="{ORG}", name="Préfecture de la Haute-Savoie", kind="prefecture", departement="74")
for number in range({LEADS}):
    user = User.objects.create_user("referent-%d" % number, password="{PASSWORD}")
    Membership.objects.create(user=user, organisation=organisation, role=Role.QUALITY_LEAD)
"""


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Session:
    """One browser: cookies, a connection per request, the client's own address."""

    def __init__(self, port: int, address: str):
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {"X-Forwarded-For": self.address, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", content

    def post_form(self, path, fields, timeout=60):
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": path},
            timeout=timeout,
        )

    def sign_in(self, username):
        status, _, page = self.request("GET", "/comptes/connexion/")
        token = TOKEN.search(page.decode()).group(1)
        status, location, _ = self.post_form(
            "/comptes/connexion/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"connexion de {username} refusée ({status})")


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.accepted: set[str] = set()
        self.sent: set[str] = set()

    def record(self, seconds, status=None, error=None):
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors[error] += 1
            else:
                self.statuses[status] += 1


def client(index, port, deadline, figures: Figures, stop: threading.Event, leads, think):
    rng = random.Random(index)
    address = f"10.{index // 250}.{index % 250}.{rng.randint(1, 250)}"
    citizen = Session(port, address)
    # Readers share the sessions of the quality leads signed in beforehand (a sign-in costs a
    # password hash: 200 of them would measure PBKDF2, not the stack).
    reader = Session(port, address)
    reader.cookies = dict(leads[index % len(leads)].cookies)
    sent = 0
    time.sleep(rng.uniform(0, think))  # the clients arrive over the first seconds
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(rng.uniform(0.5, 1.5) * think)
        started = time.monotonic()
        try:
            if sent < 4 and rng.random() < 0.5:
                status, _, page = citizen.request("GET", f"/{ORG}/avis/")
                figures.record(time.monotonic() - started, status)
                token = TOKEN.search(page.decode())
                if not token:
                    continue
                marker = f"soak-{index}-{sent}"
                sent += 1
                with figures.lock:
                    figures.sent.add(marker)
                started = time.monotonic()
                status, location, _ = citizen.post_form(
                    f"/{ORG}/avis/",
                    {
                        "csrfmiddlewaretoken": token.group(1),
                        "kind": "suggestion",
                        "concerned": "",
                        "description": f"Message {marker} : horaires du guichet.",
                    },
                )
                figures.record(time.monotonic() - started, status)
                if status == 302 and location.endswith("/avis/merci/"):
                    with figures.lock:
                        figures.accepted.add(marker)
            else:
                path = rng.choice([f"/{ORG}/indicateurs/", f"/{ORG}/", f"/{ORG}/indicateurs/"])
                status, _, _ = reader.request("GET", path)
                figures.record(time.monotonic() - started, status)
        except Exception as error:  # noqa: BLE001 - counted as an error, the client goes on
            figures.record(time.monotonic() - started, error=type(error).__name__)
            time.sleep(0.2)


def import_file(rows: int) -> bytes:
    lines = ["recu_le;canal"] + [f"{1 + i % 28:02d}/02/2026;courriel" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def start_import(lead, rows) -> None:
    path = f"/{ORG}/registres/correspondence/importer/"
    _, _, page = lead.request("GET", path)
    token = TOKEN.search(page.decode()).group(1)
    boundary = secrets.token_hex(12)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="courriels.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + import_file(rows)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, location, _ = lead.request(
        "POST",
        path,
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": path},
        timeout=120,
    )
    log(f"import envoyé : {status} → {location}")


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def health(port) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=30000)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOAK_PORT", "18400")))
    parser.add_argument("--workers", type=int, default=3, help="processus gunicorn")
    parser.add_argument("--threads", type=int, default=4, help="fils par processus gunicorn")
    parser.add_argument(
        "--think",
        type=float,
        default=3.0,
        help="secondes entre deux actions d'un client, en moyenne",
    )
    arguments = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("soak : DATABASE_URL doit désigner un serveur PostgreSQL (postgres://…).")
    redis_url = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/9")
    redis_client = redis.Redis.from_url(redis_url)
    if redis_client.connection_pool.connection_kwargs.get("db", 0) == 0:
        sys.exit("soak : SOAK_REDIS_URL doit nommer une base Redis à lui (pas la base 0).")
    redis_client.flushdb()

    parts = urllib.parse.urlsplit(database_url)
    soak_name = f"{parts.path.lstrip('/') or 'qualipilote'}_soak"
    soak_url = urllib.parse.urlunsplit(parts._replace(path=f"/{soak_name}"))
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{soak_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{soak_name}"')

    media = tempfile.mkdtemp(prefix="qualipilote-soak-")
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": soak_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "SECURE_PROXY_SSL_HEADER": "0",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": media,
        "STATIC_ROOT": str(Path(media) / "static"),
        "HUEY_SQLITE_PATH": str(Path(media) / "huey.sqlite3"),
        "PORT": str(arguments.port),
        "GUNICORN_WORKERS": str(arguments.workers),
        "GUNICORN_THREADS": str(arguments.threads),
        "GUNICORN_TIMEOUT": "120",
        "HUEY_CONSUMERS": "2",
        "HUEY_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_FEEDBACK_RATE_LIMIT": "5",
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
        env=environment,
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [PYTHON, "manage.py", "load_indicators"],
        env=environment,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", SETUP],
        env=environment,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    serve_log = open(Path(media) / "serve.log", "w")  # noqa: SIM115 - closed at the end
    stack = subprocess.Popen(
        [str(ROOT / "deploy" / "serve")],
        env=environment,
        cwd=ROOT,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    database = psycopg.connect(soak_url, autocommit=True)
    failures = []
    try:
        for _ in range(300):
            if health(arguments.port) == 200:
                break
            if stack.poll() is not None:
                raise RuntimeError("la pile de production ne démarre pas (voir serve.log)")
            time.sleep(1)
        else:
            raise RuntimeError("/healthz ne répond pas 200 après 300 s")
        gunicorn_master = next(
            pid
            for pid in children(stack.pid)
            if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )
        log(
            f"pile démarrée : gunicorn {gunicorn_master}, {arguments.clients} clients, {arguments.seconds} s"
        )

        leads = []
        for number in range(LEADS):
            lead = Session(arguments.port, f"10.251.0.{number + 1}")
            lead.sign_in(f"referent-{number}")
            leads.append(lead)
        figures = Figures()
        stop = threading.Event()
        deadline = time.monotonic() + arguments.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(i, arguments.port, deadline, figures, stop, leads, arguments.think),
            )
            for i in range(arguments.clients)
        ]
        for thread in threads:
            thread.start()

        time.sleep(min(10, arguments.seconds / 6))
        importer = threading.Thread(target=start_import, args=(leads[0], arguments.import_rows))
        importer.start()
        killed_consumer = None
        kill_deadline = time.monotonic() + 60
        while time.monotonic() < kill_deadline:
            row = database.execute(
                "SELECT worker FROM common_taskrecord WHERE name = 'run_import_job' "
                "AND started_at IS NOT NULL"
            ).fetchone()
            job = database.execute(
                "SELECT status, rows_read FROM registers_importjob ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row and row[0] and job and job[0] in ("reading", "writing"):
                killed_consumer = int(row[0].rpartition(":")[2])
                os.kill(killed_consumer, signal.SIGKILL)
                log(f"consommateur Huey {killed_consumer} tué (kill -9) pendant l'import : {job}")
                break
            if job and job[0] in ("done", "failed"):
                log(f"l'import s'est terminé avant qu'on puisse tuer son consommateur : {job}")
                break
            time.sleep(0.05)
        workers = children(gunicorn_master)
        if workers:
            victim = random.choice(workers)
            os.kill(victim, signal.SIGKILL)
            log(f"processus gunicorn {victim} tué (kill -9)")
        importer.join(180)
        for thread in threads:
            thread.join(arguments.seconds + 60)
        stop.set()
        log("fin de la charge ; attente de la reprise (import remis en file, santé)")

        recovered_at = None
        job = None
        started = time.monotonic()
        while time.monotonic() - started < 240:
            job = database.execute(
                "SELECT id, status, imported FROM registers_importjob ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if job and job[1] in ("done", "failed") and health(arguments.port) == 200:
                recovered_at = time.monotonic() - started
                break
            time.sleep(2)

        organisation_id = database.execute(
            "SELECT id FROM organisations_organisation WHERE code = %s", [ORG]
        ).fetchone()[0]
        stored = Counter()
        for (description,) in database.execute(
            "SELECT description FROM registers_feedback WHERE organisation_id = %s",
            [organisation_id],
        ):
            for found in MARKER.finditer(description or ""):
                stored[f"soak-{found.group(1)}-{found.group(2)}"] += 1
        imported_rows = database.execute(
            "SELECT COUNT(*) FROM registers_correspondence WHERE organisation_id = %s",
            [organisation_id],
        ).fetchone()[0]
        lost = sorted(marker for marker in figures.accepted if stored[marker] == 0)
        twice = sorted(marker for marker, count in stored.items() if count > 1)
        unacknowledged = sorted(m for m in stored if m not in figures.accepted)
        latencies = sorted(figures.latencies)
        p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0
        server_errors = sum(v for k, v in figures.statuses.items() if k and k >= 500)
        print()
        print("===== Soak de la pile de production =====")
        print(f"clients simultanés           : {arguments.clients} pendant {arguments.seconds} s")
        print(f"requêtes                     : {len(latencies)}")
        print(
            f"durée p50 / p95              : {statistics.median(latencies or [0]) * 1000:.0f} / {p95 * 1000:.0f} ms"
        )
        print(
            "réponses                     : "
            + ", ".join(f"{k}×{v}" for k, v in sorted(figures.statuses.items()))
        )
        print(
            f"erreurs (5xx / connexion)    : {server_errors} / {sum(figures.errors.values())} {dict(figures.errors)}"
        )
        print(f"avis envoyés / acceptés      : {len(figures.sent)} / {len(figures.accepted)}")
        print(f"avis enregistrés             : {sum(stored.values())} ({len(stored)} distincts)")
        print(f"perdus (acceptés, absents)   : {len(lost)}")
        print(f"enregistrés deux fois        : {len(twice)}")
        print(f"enregistrés sans accusé      : {len(unacknowledged)}")
        print(
            f"import de {arguments.import_rows} lignes : état {job[1] if job else 'absent'}, {imported_rows} lignes en base"
        )
        print(f"consommateur tué             : {killed_consumer or 'aucun'}")
        print(
            "reprise (import fini, santé) : "
            + (f"{recovered_at:.0f} s après la charge" if recovered_at is not None else "NON")
        )
        if lost:
            failures.append(f"{len(lost)} avis acceptés perdus")
        if twice:
            failures.append(f"{len(twice)} avis enregistrés deux fois")
        if imported_rows not in (0, arguments.import_rows):
            failures.append(f"import partiel : {imported_rows} lignes sur {arguments.import_rows}")
        if job and job[1] == "done" and imported_rows != arguments.import_rows:
            failures.append("import terminé mais incomplet")
        if recovered_at is None:
            failures.append("la pile ne s'est pas rétablie (import ou /healthz)")
        if not figures.accepted:
            failures.append("aucun avis accepté")
    finally:
        database.close()
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
        serve_log.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{soak_name}" WITH (FORCE)')
        redis_client.flushdb()
        if failures:
            print(f"Journal de la pile : {Path(media) / 'serve.log'}")
    if failures:
        print("ÉCHEC : " + " ; ".join(failures))
        return 1
    print("Soak réussi.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
