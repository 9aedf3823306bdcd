"""A real OpenID Connect provider for the ProConnect tests: node-oidc-provider, run by the
machine's Node.js from oidc_provider/ (package.json and package-lock.json pinned there).

`npm ci` installs it on first use and again whenever package-lock.json changes (the digest of
the lock installed is kept in node_modules/); nothing is installed by hand. The provider runs as
a child process on 127.0.0.1 for the whole test session, with the Django live server's callback
and post-logout addresses registered for its one client, and stops with the session.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import subprocess
import threading
from pathlib import Path

import requests

FOLDER = Path(__file__).parent / "oidc_provider"
INSTALLED_MARK = FOLDER / "node_modules" / ".qualipilote-lock-digest"
CLIENT_ID = "qualipilote-test"
START_SECONDS = 60


class ProviderUnavailable(RuntimeError):
    pass


def _lock_digest() -> str:
    return hashlib.sha256((FOLDER / "package-lock.json").read_bytes()).hexdigest()


def ensure_installed() -> None:
    """`npm ci` from the committed lock file, unless that very lock is already installed."""
    if INSTALLED_MARK.exists() and INSTALLED_MARK.read_text() == _lock_digest():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ProviderUnavailable(
            "Node.js and npm are needed for the ProConnect tests (the OpenID Connect provider)."
        )
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=FOLDER,
        check=True,
        timeout=300,
    )
    INSTALLED_MARK.write_text(_lock_digest())


class OidcProvider:
    """The running provider: its issuer, the client registered, and the test controls."""

    def __init__(self, *, redirect_uri: str, post_logout_redirect_uri: str):
        ensure_installed()
        self.client_id = CLIENT_ID
        self.client_secret = secrets.token_urlsafe(32)
        config = {
            "client": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uris": [redirect_uri],
                "post_logout_redirect_uris": [post_logout_redirect_uri],
            }
        }
        self.process = subprocess.Popen(
            ["node", str(FOLDER / "provider.mjs"), json.dumps(config)],
            cwd=FOLDER,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.issuer = self._wait_until_ready()

    def _wait_until_ready(self) -> str:
        ready: list[str] = []

        def read_first_line():
            ready.append(self.process.stdout.readline())

        reader = threading.Thread(target=read_first_line, daemon=True)
        reader.start()
        reader.join(START_SECONDS)
        line = ready[0] if ready else ""
        if not line.startswith("READY "):
            self.stop()
            raise ProviderUnavailable(f"The OpenID Connect provider did not start: {line!r}")
        return line.split()[1]

    def set_account(self, login: str, **claims) -> None:
        """Who signs in at the provider with `login`, and the claims it gives (sub, email…)."""
        response = requests.put(f"{self.issuer}/_test/accounts/{login}", json=claims, timeout=10)
        response.raise_for_status()

    def publish(self, which: str) -> None:
        """ "own-key" (normal) or "other-key": the JWKS then holds another public key under the
        signing key's id, so that every token signed verifies against the wrong key."""
        response = requests.put(f"{self.issuer}/_test/jwks", json={"publish": which}, timeout=10)
        response.raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process.stdout.close()
