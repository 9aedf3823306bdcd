"""What the campaigns give to the rest of the application through MysteryConfig: the work queue
(tests of this month's sampling plan still to do), the milestones calendar (campaign periods)
and the annual quality review (order 60: the year's campaigns and their results)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable
from qualipilote.organisations.enums import Role
from qualipilote.organisations.permissions import RECORD_MYSTERY_TESTS

from . import services
from .models import Campaign, TestContact


def _month_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(following, dt.time.min, tzinfo=tz),
    )


def tests_due_this_month(campaigns, today: dt.date) -> int:
    """Tests of this month's plan lines not yet done, over `campaigns` (counted by the
    database: planned per campaign minus tests made this month, never below zero)."""
    month = today.replace(day=1)
    start, end = _month_bounds(today)
    done = (
        TestContact.objects.filter(
            campaign=OuterRef("pk"), contacted_at__gte=start, contacted_at__lt=end
        )
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        campaigns.filter(plan_lines__month=month)
        .annotate(planned=Sum("plan_lines__planned"))
        .annotate(done=Coalesce(Subquery(done), 0))
        .values_list("planned", "done")
    )
    return sum(max(planned - done, 0) for planned, done in rows)


def work_queue(request) -> list[dict]:
    membership = request.membership
    if membership is None or not membership.can(RECORD_MYSTERY_TESTS):
        return []
    organisation = request.organisation
    today = timezone.localdate()
    campaigns = Campaign.objects.filter(
        organisation=organisation, starts_on__lte=today, ends_on__gte=today
    )
    if membership.role == Role.CROSS_AUDITOR:
        campaigns = campaigns.filter(cross_auditor=membership.user)
    due = tests_due_this_month(campaigns, today)
    url = reverse("mystery:campaigns", kwargs={"org_code": organisation.code})
    return [
        {
            "key": "mystery",
            "title": "Enquêtes mystère",
            "counts": [
                {
                    "label": "Tests prévus ce mois-ci, restant à faire",
                    "count": due,
                    "url": url,
                    "urgent": False,
                }
            ],
        }
    ]


def milestones(organisation, start: dt.date, end: dt.date) -> list[dict]:
    campaigns = Campaign.objects.filter(
        organisation=organisation, starts_on__lte=end, ends_on__gte=start
    ).only("pk", "title", "starts_on", "ends_on", "channel")
    return [
        {
            "uid": f"enquete-mystere-{campaign.pk}",
            "category": "Enquête mystère",
            "title": f"{campaign.title} ({campaign.get_channel_display().lower()})",
            "date": campaign.starts_on,
            "end": campaign.ends_on if campaign.ends_on != campaign.starts_on else None,
            "url": reverse(
                "mystery:campaign", kwargs={"org_code": organisation.code, "pk": campaign.pk}
            ),
        }
        for campaign in campaigns
    ]


def _percent(value) -> str:
    return "—" if value is None else f"{value} %"


def french_number(value) -> str:
    return str(value).replace(".", ",")


def annual_review(organisation, year: int) -> list[ReviewSection]:
    """The year's campaigns (those that began in the year): their results per criterion, the
    average delay and the weak points turned into actions."""
    campaigns = list(
        Campaign.objects.filter(organisation=organisation, starts_on__year=year)
        .annotate(test_count=Count("tests"))
        .order_by("starts_on", "pk")
    )
    title = "Enquêtes mystère"
    if not campaigns:
        return [
            ReviewSection(
                order=60,
                title=title,
                empty_statement=f"Aucune enquête mystère n'a été menée en {year}.",
            )
        ]
    paragraphs, tables, charts = [], [], []
    for campaign in campaigns:
        figures = services.results(campaign)
        who = campaign.get_run_by_display().lower()
        paragraphs.append(
            f"{campaign.title} ({campaign.get_channel_display().lower()}, du "
            f"{campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y}, {who}) : "
            f"{figures.tests} tests."
            + (
                f" Délai moyen de réponse : {french_number(figures.average_delay)} jours ouvrés."
                if figures.average_delay is not None
                else ""
            )
        )
        weak = [r for r in figures.criteria if r.weak]
        if weak:
            paragraphs.append(
                "Points faibles (sous "
                f"{campaign.weak_threshold} %) : "
                + " ; ".join(
                    f"{r.criterion.label} ({_percent(r.rate)}"
                    + (f", action {r.criterion.action.reference}" if r.criterion.action else "")
                    + ")"
                    for r in weak
                )
                + "."
            )
        tables.append(
            ReviewTable(
                caption=f"{campaign.title} : résultats par critère",
                headers=["Critère", "Oui", "Tests notés", "Taux de oui"],
                rows=[
                    [r.criterion.label, str(r.yes), str(r.applicable), _percent(r.rate)]
                    for r in figures.criteria
                ],
            )
        )
        charts.append(
            ReviewChart(
                title=campaign.title,
                bars=[
                    ReviewBar(r.criterion.label, r.rate, campaign.weak_threshold)
                    for r in figures.criteria
                ],
            )
        )
    return [
        ReviewSection(order=60, title=title, paragraphs=paragraphs, tables=tables, charts=charts)
    ]


def campaigns_with_counts(queryset):
    return queryset.annotate(
        test_count=Count("tests", distinct=True),
        planned=Coalesce(
            Subquery(
                Campaign.objects.filter(pk=OuterRef("pk"))
                .annotate(total=Sum("plan_lines__planned"))
                .values("total")
            ),
            0,
        ),
    )
