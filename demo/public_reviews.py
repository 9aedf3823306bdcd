"""Demo public reviews of Haute-Savoie (pref-74), loaded by `manage.py load_demo`: a "Je donne
mon avis" export (demo/data/jdma-haute-savoie.csv: 180 reviews of three online procedures from
December 2025 to November 2026, in the service's own columns and smiley labels) and a Services
Publics+ export of experiences (demo/data/services-publics-plus-haute-savoie.csv: 16
experiences of 2026, most answered by the prefecture). The seed's 2019 report says referents
answer users' reviews in the "Je donne mon avis" application; the figures are illustrative.

Both go through the product's imports (surveys.jdma, registers.spplus), which add nothing the
second time: loading twice changes nothing. The same files serve the browser test."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.registers.spplus import import_experiences
from qualipilote.surveys.jdma import import_jdma

DATA = Path(__file__).resolve().parent / "data"
JDMA_FILE = DATA / "jdma-haute-savoie.csv"
SPPLUS_FILE = DATA / "services-publics-plus-haute-savoie.csv"


def load_demo(organisations, today=None) -> None:
    today = today or timezone.localdate()
    for organisation in organisations:
        if organisation.code != "pref-74":
            continue
        lead = (
            Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD)
            .select_related("user")
            .first()
        )
        user = lead.user if lead else None
        import_jdma(organisation, JDMA_FILE.read_bytes(), JDMA_FILE.name, user=user)
        import_experiences(
            organisation, SPPLUS_FILE.read_bytes(), SPPLUS_FILE.name, user=user, today=today
        )
