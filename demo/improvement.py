"""Demo action plan and label cycle (Haute-Savoie and Savoie): the cycle planned from a
labelling audit a year ago, its findings (a strength, an improvement lead, two minor
nonconformities: one closed after its action was done and judged, one still followed), and
actions from every kind of source: a self-assessment gap, a complaint, an indicator off target,
a survey, a committee decision; one overdue, one due soon.

Idempotent: an organisation that already has audits or actions is left as it is. Everything is
written through the improvement app's services, as the pages do."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qualipilote.assessments.models import SelfAssessment
from qualipilote.frameworks.scope import commitments_in_scope, scope_of
from qualipilote.improvement import audits, milestones, services
from qualipilote.improvement.models import Action, Audit, Milestone
from qualipilote.indicators.models import Indicator
from qualipilote.organisations.enums import Role


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        _load_rhythm(organisation, today)
        if scope_of(organisation) is None or not scope_of(organisation).version.finding_grades:
            continue
        if (
            Audit.objects.filter(organisation=organisation).exists()
            or Action.objects.filter(organisation=organisation).exists()
        ):
            continue
        with transaction.atomic():
            _load(organisation, today)


def _member(organisation, role):
    membership = (
        organisation.memberships.filter(role=role).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _action(organisation, user, created_on, **values):
    """An action as if created on `created_on` (the demo tells a story that started earlier)."""
    action = services.create_action(organisation, user=user, today=created_on, **values)
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(created_on, dt.time(9)))
    )
    return action


def _load(organisation, today):
    lead = _member(organisation, Role.QUALITY_LEAD)
    correspondent = _member(organisation, Role.QUALITY_CORRESPONDENT) or lead
    if lead is None:
        return
    commitments = list(commitments_in_scope(organisation)[:6])
    if len(commitments) < 4:
        return
    labelled_on = today.replace(year=today.year - 1, day=min(today.day, 28))
    audits.plan_cycle(organisation, labelled_on, user=lead)
    labelling = Audit.objects.get(organisation=organisation, kind="labelling")
    labelling.auditors, labelling.body = "Deux auditeurs", "AFNOR Certification"
    labelling.save()
    record = lambda commitment, grade, text: audits.record_finding(  # noqa: E731
        labelling, commitment=commitment, grade=grade, text=text, user=lead
    )
    strength = record(
        commitments[0], "strength", "Accueil courtois et personnalisé, signalétique claire."
    )
    audits.set_finding_status(strength, "closed", user=lead)
    record(
        commitments[1],
        "improvement",
        "Diffuser plus largement les résultats des indicateurs aux agents d'accueil.",
    )
    closed_nc = record(
        commitments[2],
        "minor_nonconformity",
        "Les réclamations reçues par courriel ne reçoivent pas toutes un accusé de réception.",
    )
    open_nc = record(
        commitments[3],
        "minor_nonconformity",
        "Le délai de réponse aux courriels n'est pas mesuré pour tous les bureaux.",
    )
    started = labelled_on + dt.timedelta(days=7)
    fixed = _action(
        organisation,
        lead,
        started,
        title="Accusé de réception automatique sur la boîte fonctionnelle des réclamations",
        kind="corrective",
        owner=correspondent,
        due_on=started + dt.timedelta(days=60),
        finding=closed_nc,
    )
    services.set_status(fixed, "done", user=correspondent, today=started + dt.timedelta(days=45))
    services.record_effectiveness(
        fixed,
        "Contrôle sur trois mois : toutes les réclamations par courriel ont reçu un accusé de "
        "réception le jour même.",
        user=lead,
    )
    audits.set_finding_status(closed_nc, "closed", user=lead)
    measuring = _action(
        organisation,
        lead,
        started,
        title="Étendre le registre des courriels à tous les bureaux d'accueil",
        kind="corrective",
        owner=correspondent,
        due_on=today + dt.timedelta(days=10),
        finding=open_nc,
    )
    services.set_status(measuring, "in_progress", user=correspondent)
    services.add_note(
        measuring, "Trois bureaux sur cinq utilisent le registre.", user=correspondent
    )

    gap = (
        SelfAssessment.objects.filter(
            organisation=organisation, status__in=["not_met", "partly_met"]
        )
        .select_related("commitment")
        .first()
    )
    if gap is not None:
        _action(
            organisation,
            lead,
            today - dt.timedelta(days=90),
            title=f"Combler l'écart de l'engagement {gap.commitment.number}",
            kind="improvement",
            owner=lead,
            due_on=today - dt.timedelta(days=5),  # overdue
            self_assessment=gap,
        )
    phone = Indicator.objects.filter(code="phone_answer_rate").first()
    calls = _action(
        organisation,
        lead,
        today - dt.timedelta(days=200),
        title="Renfort du standard aux heures de pointe",
        kind="corrective",
        source="indicator",
        source_detail="Taux d'appels aboutis sous l'objectif au printemps",
        owner=lead,
        due_on=today - dt.timedelta(days=140),
        indicators=[phone] if phone else [],
    )
    services.set_status(calls, "done", user=lead, today=today - dt.timedelta(days=150))
    _action(
        organisation,
        lead,
        today - dt.timedelta(days=30),
        title="Afficher le temps d'attente estimé dans le hall",
        kind="improvement",
        source="survey",
        source_detail="Enquête de satisfaction de l'automne",
        owner=correspondent,
        due_on=today + dt.timedelta(days=60),
    )
    _action(
        organisation,
        lead,
        today - dt.timedelta(days=20),
        title="Présenter le bilan des réclamations au comité local des usagers",
        kind="improvement",
        source="committee",
        source_detail="COPIL",
        owner=lead,
        due_on=today + dt.timedelta(days=120),
    )


# The yearly rhythm of the seeds (Haute-Savoie's labelling report), as typed milestones on the
# 15th of the next such month: (month, title, kind).
YEARLY_RHYTHM = [
    (9, "Audit interne", "other"),
    (10, "Enquête de satisfaction", "other"),
    (11, "Audit de labellisation", "other"),
    (1, "Bilan au COPIL", "committee"),
    (2, "Comité technique", "committee"),
    (4, "Enquêtes mystères (printemps)", "other"),
]


def _load_rhythm(organisation, today):
    """Idempotent: an organisation that already has typed milestones is left as it is."""
    if Milestone.objects.filter(organisation=organisation).exists():
        return
    for month, title, kind in YEARLY_RHYTHM:
        on = dt.date(today.year, month, 15)
        if on < today:
            on = on.replace(year=today.year + 1)
        milestones.add_milestone(organisation, title=title, on=on, kind=kind, today=today)
