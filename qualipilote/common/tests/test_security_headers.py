"""Every page carries a strict Content-Security-Policy: scripts, styles, fonts and images from
the application itself only (django-dsfr ships the DSFR's assets), no inline script or style, no
framing, no plugin. So no template of ours may carry inline code: a style or on… attribute, a
<script> without src, a <style> element, a javascript: link."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(settings.BASE_DIR, "qualipilote").glob("*/templates/**/*.html"))
INLINE_CODE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def test_the_walk_sees_the_templates():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_no_template_carries_inline_code(template):
    text = template.read_text(encoding="utf-8")
    found = [name for name, pattern in INLINE_CODE.items() if pattern.search(text)]
    assert found == []


@pytest.mark.parametrize("path", ["/comptes/connexion/", "/pref-74/avis/"])
def test_pages_carry_a_strict_content_security_policy(client, organisation, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_the_api_answers_carry_it_too(client, organisation):
    response = client.get("/api/v1/organisations/pref-74/correspondences/")
    assert "Content-Security-Policy" in response
