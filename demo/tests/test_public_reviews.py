"""Demo public reviews of Haute-Savoie: the "Je donne mon avis" and Services Publics+ sample
files go through the product's imports, and loading twice adds nothing."""

import datetime as dt

import pytest

from demo.organisations import load_organisations_demo
from demo.public_reviews import load_demo
from qualipilote.registers.models import Feedback
from qualipilote.surveys.jdma import forms_summary
from qualipilote.surveys.models import JdmaReview

pytestmark = pytest.mark.django_db


def test_the_sample_files_load_once_for_haute_savoie():
    organisations = load_organisations_demo()
    load_demo(organisations, today=dt.date(2026, 11, 29))
    load_demo(organisations, today=dt.date(2026, 11, 29))

    haute_savoie = next(o for o in organisations if o.code == "pref-74")
    assert JdmaReview.objects.filter(organisation=haute_savoie).count() == 180
    assert not JdmaReview.objects.exclude(organisation=haute_savoie).exists()
    summary = {row["form_name"]: row for row in forms_summary(haute_savoie)}
    assert set(summary) == {
        "Prise de rendez-vous en ligne",
        "Demande de titre de séjour (ANEF)",
        "Demande d'autorisation de manifestation",
    }
    experiences = Feedback.objects.filter(organisation=haute_savoie, source="public_review")
    assert experiences.exclude(external_id="").count() == 16
    assert experiences.filter(answered_on__isnull=False).count() == 11
