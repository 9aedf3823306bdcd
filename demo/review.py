"""Demo annual review, loaded by `manage.py load_demo`: Haute-Savoie's 2019 review (its foreword
and conclusion from the 2019 report in shared/seeds/002_…) and the 2019 corrective actions the
report lists, so that the review's action plan has the year's story: the interactive voice
server restructured in spring 2019, appointments for foreigners from 1 June 2019, the digital
point moved to a closed room, and, from complaints, tutorials on booking an appointment and
better forms. The report gives no date for the last three: their dates are illustrative.

Idempotent: an organisation that already has its 2019 review is left as it is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qualipilote.improvement import services
from qualipilote.improvement.models import Action
from qualipilote.organisations.enums import Role
from qualipilote.registers.models import Feedback
from qualipilote.review.models import AnnualReview
from qualipilote.review.services import create_review

YEAR = 2019
FOREWORD = (
    "La préfecture de la Haute-Savoie, labellisée Marianne puis Qualipref 2.0, s'est engagée en "
    "2019 dans le référentiel Qual-e-pref pour continuer à améliorer son organisation et "
    "consolider ses engagements relatifs à l'accueil, à l'information numérique et à une offre "
    "de services dématérialisés.\n\n"
    "La secrétaire générale a lancé la démarche de labellisation le 4 février 2019 lors d'un "
    "comité de pilotage réunissant l'ensemble des directeurs ; une référente qualité conduit le "
    "projet."
)
CONCLUSION = (
    "Ce bilan annuel fait l'objet d'une présentation et d'une validation par le COPIL. Il est "
    "en outre présenté au comité local des usagers et publié sur le site internet de l'État en "
    "Haute-Savoie."
)
# (title, source, created on, completed on, complaint theme it comes from)
ACTIONS_2019 = [
    (
        "Restructuration intégrale du serveur vocal interactif",
        "survey",
        dt.date(2019, 1, 14),
        dt.date(2019, 4, 30),
        None,
    ),
    (
        "Accueil sur rendez-vous généralisé pour les étrangers (titres de séjour, titres de "
        "voyage et asile)",
        "survey",
        dt.date(2019, 2, 4),
        dt.date(2019, 6, 1),
        None,
    ),
    (
        "Installation du point numérique dans un espace fermé (confidentialité des échanges)",
        "survey",
        dt.date(2019, 2, 4),
        dt.date(2019, 5, 20),
        None,
    ),
    (
        "Publication de tutoriels sur la prise de rendez-vous sur le site internet",
        "complaint",
        dt.date(2019, 3, 11),
        dt.date(2019, 4, 15),
        "Prise de rendez-vous",
    ),
    (
        "Amélioration des formulaires en ligne",
        "complaint",
        dt.date(2019, 5, 13),
        dt.date(2019, 9, 16),
        "Site internet",
    ),
]


def load_demo(organisations) -> None:
    for organisation in organisations:
        if organisation.code != "pref-74":
            continue
        if AnnualReview.objects.filter(organisation=organisation, year=YEAR).exists():
            continue
        membership = organisation.memberships.filter(role=Role.QUALITY_LEAD).first()
        if membership is None:
            continue
        with transaction.atomic():
            _load(organisation, membership.user)


def _load(organisation, lead) -> None:
    for title, source, created_on, completed_on, theme in ACTIONS_2019:
        complaint = (
            Feedback.objects.filter(organisation=organisation, theme=theme, received_on__year=YEAR)
            .order_by("received_on", "pk")
            .first()
            if theme
            else None
        )
        action = services.create_action(
            organisation,
            user=lead,
            today=created_on,
            title=title,
            kind="corrective",
            source=source,
            source_detail="Bilan Qual-e-pref 2019",
            owner=lead,
            due_on=completed_on,
            feedback=complaint,
        )
        Action.objects.filter(pk=action.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(created_on, dt.time(9)))
        )
        services.set_status(action, "done", user=lead, completed_on=completed_on)
    review = create_review(organisation, YEAR, user=lead)
    review.foreword, review.conclusion = FOREWORD, CONCLUSION
    review.save()
