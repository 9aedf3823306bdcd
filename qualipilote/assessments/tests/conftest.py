import pytest

from qualipilote.frameworks.scope import set_scope

from .factories import labelled_framework


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    return settings.MEDIA_ROOT


@pytest.fixture
def framework(db):
    return labelled_framework()


@pytest.fixture
def scope(organisation, framework):
    """Haute-Savoie-like scope: modules 1 and 7 (commitments 1–4, 47, 48)."""
    return set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        channels=["in_person", "email"],
    )


@pytest.fixture
def commitment(scope, framework):
    return framework.commitments[1]
