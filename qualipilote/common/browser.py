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


def open_menu_link(page, group: str, link: str) -> None:
    """Follows a link of the main menu, opening its group (a DSFR drop-down) first."""
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name=group).click()
    menu.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state("networkidle")


def _axe_source() -> str:
    """axe-core as shipped inside the axe-playwright-python wheel (a dev dependency: installed by
    `make install`, nothing fetched at run time)."""
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


SERIOUS = ("serious", "critical")


def accessibility_violations(page, exclude: tuple[str, ...] = ()) -> list[str]:
    """Runs axe-core on the page as it stands; returns its serious and critical violations, one
    line each (rule, impact, help, first offending elements). Evaluated through the DevTools
    protocol, not injected as an inline <script>, so the page's Content-Security-Policy holds.
    `exclude`: CSS selectors of third-party widgets left out (the API's Swagger UI)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        """exclude => axe.run({exclude: exclude.map(selector => [selector])},
        {resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',
        'wcag21a', 'wcag21aa', 'best-practice']}})""",
        list(exclude),
    )
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        lines.append(
            f"{page.url} — {violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
        )
    return lines


def assert_accessible(page) -> None:
    violations = accessibility_violations(page)
    assert violations == [], "axe-core, serious or critical:\n" + "\n".join(violations)
