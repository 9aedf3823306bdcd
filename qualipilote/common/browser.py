"""Browser-test support: a real headless Chromium (Debian's package) driven by Playwright.

Fixtures are in the root conftest.py; tests mark themselves `@pytest.mark.browser` and use
`browser_page` with pytest-django's `live_server`. Screenshots go to $SCREENSHOT_DIR (CI keeps
them as artefacts) or to artefacts/screenshots.
"""

import os
from pathlib import Path

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def screenshot_dir() -> Path:
    path = Path(os.environ.get("SCREENSHOT_DIR", "artefacts/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_in(page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")
