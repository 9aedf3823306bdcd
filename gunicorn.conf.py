"""gunicorn's configuration, read from the environment (README, "Production").

GUNICORN_BIND      address:port to listen on (default 127.0.0.1:8000; behind the proxy)
GUNICORN_WORKERS   worker processes (default 2 × cores + 1)
GUNICORN_THREADS   threads per worker (default 1)
GUNICORN_TIMEOUT   seconds before a silent worker is killed and replaced (default 60)
GUNICORN_GRACEFUL_TIMEOUT  seconds given to running requests on stop or reload (default 30)
GUNICORN_MAX_REQUESTS      requests before a worker is recycled (default 2000, 0 = never)
GUNICORN_ACCESS_LOG        "-" for gunicorn's own access log on stdout (default: none, the
                           application writes one JSON line per request)
"""

import multiprocessing
import os
import sys


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name) or ""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        sys.exit(
            f"La variable {name} doit être un nombre entier supérieur ou égal à {minimum} ; "
            f"elle vaut « {raw} »."
        )
    return value


bind = [os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"]
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1, minimum=1)
threads = _int("GUNICORN_THREADS", 1, minimum=1)
timeout = _int("GUNICORN_TIMEOUT", 60, minimum=1)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# The proxy in front sets X-Forwarded-For; the application reads it (TRUSTED_PROXY_COUNT).
forwarded_allow_ips = "*" if os.environ.get("TRUSTED_PROXY_COUNT", "0") not in ("", "0") else None
wsgi_app = "qualipilote.wsgi:application"
# Load the application before forking: a settings error (a missing or malformed variable) stops
# the start once, with its French sentence, instead of in every worker.
preload_app = True
# gunicorn's control socket would be one path (~/.gunicorn/gunicorn.ctl) for every instance on
# the machine; the processes are managed by signals (systemd, deploy/serve) instead.
no_control_socket = True
