"""Mystery-shopper audits (issue 10, item 4).

A campaign tests one channel (e-mail or phone) over a period; its grid of criteria is copied from
the defaults of its channel (`DefaultCriterion`, data) and may be edited until the first test is
recorded. A sampling plan says how many tests each unit gets per month and time slot; each test
contact keeps its dates and one score per criterion. Criteria whose rule is not "typed" are
computed by services from the dates with the organisation's working-day calendar, as are the
test's delay and time slot: nobody types them.

Every change is kept by django-simple-history. Rules live in services.py, which every path
(pages, import, admin) goes through.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .enums import CampaignChannel, Rule, RunBy, Score, TimeSlot

DEFAULT_WEAK_THRESHOLD = 80


class DefaultCriterion(models.Model):
    """The criteria a new campaign of a channel starts with (loaded by a data migration)."""

    channel = models.CharField("canal", max_length=10, choices=CampaignChannel.choices)
    code = models.SlugField("code", max_length=40)
    label = models.CharField("critère", max_length=200)
    rule = models.CharField("mode de notation", max_length=20, choices=Rule.choices)
    delay_days = models.PositiveSmallIntegerField(
        "délai (jours ouvrés)", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    requires_answer = models.BooleanField("suppose une réponse", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "critère par défaut"
        verbose_name_plural = "critères par défaut"
        ordering = ["channel", "position"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "code"], name="mystery_default_code")
        ]

    def __str__(self):
        return self.label


class Campaign(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="mystery_campaigns"
    )
    title = models.CharField("intitulé", max_length=200)
    channel = models.CharField("canal", max_length=10, choices=CampaignChannel.choices)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    run_by = models.CharField("réalisée par", max_length=20, choices=RunBy.choices)
    cross_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent qualité de l'organisation partenaire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cross_audited_campaigns",
    )
    contractor = models.CharField("prestataire", max_length=200, blank=True)
    weak_threshold = models.PositiveSmallIntegerField(
        "seuil de faiblesse (%)",
        default=DEFAULT_WEAK_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Un critère dont le taux de « oui » est inférieur à ce seuil est faible.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "enquête mystère"
        verbose_name_plural = "enquêtes mystère"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="mystery_campaign_period",
            )
        ]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField("code", max_length=40)
    label = models.CharField("critère", max_length=200)
    rule = models.CharField(
        "mode de notation", max_length=20, choices=Rule.choices, default=Rule.TYPED
    )
    delay_days = models.PositiveSmallIntegerField(
        "délai (jours ouvrés)", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    requires_answer = models.BooleanField(
        "suppose une réponse",
        default=False,
        help_text="Sans objet quand aucune réponse n'a été reçue.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)
    # The action of the action plan this weak criterion became (improvement is below mystery).
    action = models.ForeignKey(
        "improvement.Action",
        verbose_name="action du plan d'actions",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mystery_criteria",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "critère"
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="mystery_criterion_code")
        ]

    def __str__(self):
        return self.label

    @property
    def is_computed(self) -> bool:
        return self.rule != Rule.TYPED


class PlanLine(models.Model):
    """A line of the sampling plan: `planned` tests of a unit, in a month and a time slot."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_lines")
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    time_slot = models.CharField("créneau", max_length=20, choices=TimeSlot.choices)
    planned = models.PositiveSmallIntegerField(
        "tests prévus", validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne du plan d'échantillonnage"
        ordering = ["campaign", "month", "unit__name", "time_slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "month", "time_slot"], name="mystery_plan_line"
            )
        ]

    def __str__(self):
        return f"{self.planned} tests, {self.month:%m/%Y}, {self.get_time_slot_display()}"


class TestContact(models.Model):
    """One test: an e-mail sent or a call made, its answer and its scores."""

    __test__ = False  # not a pytest class

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tests")
    number = models.PositiveIntegerField("numéro")
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contacted_at = models.DateTimeField("envoyé ou appelé le")
    answered_on = models.DateField("réponse reçue le", null=True, blank=True)
    subject = models.CharField("objet de la demande", max_length=300, blank=True)
    comment = models.TextField("observations", blank=True)
    # Computed by services from the dates (never typed).
    time_slot = models.CharField("créneau", max_length=20, choices=TimeSlot.choices, editable=False)
    delay_working_days = models.PositiveSmallIntegerField(
        "délai de réponse (jours ouvrés)", null=True, blank=True, editable=False
    )
    recorded_at = models.DateTimeField("saisi le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "test"
        ordering = ["campaign", "contacted_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="mystery_test_number")
        ]

    def __str__(self):
        return f"Test n° {self.number}"


class CriterionScore(models.Model):
    test = models.ForeignKey(TestContact, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.CharField("note", max_length=3, choices=Score.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "note d'un critère"
        constraints = [
            models.UniqueConstraint(fields=["test", "criterion"], name="mystery_one_score")
        ]

    def __str__(self):
        return f"{self.criterion} : {self.get_value_display()}"
