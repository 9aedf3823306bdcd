"""Satisfaction surveys as data.

A `Questionnaire` is what stays the same from one wave to the next; each `Survey` is one wave of
it (dates, sites, channels, its own copy of the questions). A question keeps its identity across
waves by its `code`: results of two waves are compared question by question on that code.
A `Response` is one person's submission (online, typed from paper by an agent, or posted by the
API); its `Answer` rows hold a choice, a number (0–10 rating) or a text.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from qualipilote.organisations.enums import Channel

from .enums import CHOICE_KINDS, JdmaAnswerKind, JdmaSmiley, QuestionKind, ResponseMode


class Questionnaire(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="questionnaires"
    )
    title = models.CharField("titre", max_length=200)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "questionnaire"
        verbose_name_plural = "questionnaires"
        ordering = ["title"]

    def __str__(self):
        return self.title


class SurveyQuerySet(models.QuerySet):
    def open_on(self, day: dt.date):
        return self.filter(published=True, opens_on__lte=day, closes_on__gte=day)


class Survey(models.Model):
    """One wave of a questionnaire."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="surveys"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="waves", verbose_name="questionnaire"
    )
    title = models.CharField("titre", max_length=200)
    introduction = models.TextField("introduction", blank=True)
    opens_on = models.DateField("ouverte du")
    closes_on = models.DateField("au")
    published = models.BooleanField(
        "publiée", default=False, help_text="Une enquête non publiée ne reçoit aucune réponse."
    )
    sites = models.ManyToManyField(
        "organisations.Site", blank=True, related_name="surveys", verbose_name="sites"
    )
    channels = models.JSONField(
        "canaux", default=list, blank=True, help_text="Codes des canaux couverts."
    )
    closed_at = models.DateTimeField(
        "vague close le",
        null=True,
        blank=True,
        help_text="Ses résultats ont alors alimenté les indicateurs du mois de clôture.",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête"
        verbose_name_plural = "enquêtes"
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day: dt.date) -> bool:
        return self.published and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(code, code) for code in self.channels]

    def previous_wave(self) -> Survey | None:
        """The wave of the same questionnaire that closed last before this one opened."""
        return (
            Survey.objects.filter(
                questionnaire_id=self.questionnaire_id, closes_on__lt=self.opens_on
            )
            .exclude(pk=self.pk)
            .order_by("-closes_on", "-pk")
            .first()
        )


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("titre", max_length=200)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "partie"
        verbose_name_plural = "parties"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    code = models.SlugField(
        "code",
        max_length=50,
        help_text="Identité de la question d'une vague à l'autre (comparaison des résultats).",
    )
    label = models.CharField("intitulé", max_length=300)
    kind = models.CharField("type", max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField("obligatoire", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    feeds_indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="alimente l'indicateur",
        help_text="Son taux de satisfaction devient la mesure du mois où la vague se clôt.",
    )

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="one_question_code_per_survey")
        ]

    def __str__(self):
        return self.label

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField("code", max_length=50)
    label = models.CharField("libellé", max_length=200)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "choix"
        verbose_name_plural = "choix"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"], name="one_choice_code_per_question"
            )
        ]

    def __str__(self):
        return self.label


class Response(models.Model):
    """One submitted questionnaire. `token` makes a submission count once: the page (or the
    client) sends the same token again on a retry or a double click, and it is stored once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField("reçue le", default=timezone.now)
    mode = models.CharField("mode", max_length=10, choices=ResponseMode.choices)
    site = models.ForeignKey(
        "organisations.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="site",
    )
    channel = models.CharField("canal", max_length=20, choices=Channel.choices, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="saisie par",
    )
    paper_number = models.PositiveIntegerField(
        "numéro du questionnaire papier", null=True, blank=True
    )

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="response_survey_time")]

    def __str__(self):
        return f"Réponse {self.pk} à {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.PositiveSmallIntegerField("note", null=True, blank=True)
    text = models.TextField("texte", blank=True)

    class Meta:
        verbose_name = "réponse à une question"
        verbose_name_plural = "réponses aux questions"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="one_answer_per_choice",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(choice__isnull=True),
                name="one_value_answer_per_question",
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self):
        return f"{self.question.code} : {self.choice_id or self.number or self.text[:30]}"


class JdmaReview(models.Model):
    """One review imported from the State's "Je donne mon avis" service (its export, one line a
    review). Its identifier is the service's: importing the same file again adds nothing."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="jdma_reviews"
    )
    identifier = models.CharField("identifiant de l'avis", max_length=64)
    submitted_at = models.DateTimeField("date de l'avis")
    form_name = models.CharField("formulaire", max_length=200)
    integration_link = models.CharField("lien d'intégration", max_length=200, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "avis « Je donne mon avis »"
        verbose_name_plural = "avis « Je donne mon avis »"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier"], name="jdma_review_unique_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "submitted_at"], name="jdma_org_date")]

    def __str__(self):
        return f"{self.form_name} — {self.identifier}"


class JdmaAnswer(models.Model):
    """One answer of a review: a smiley (scored 0, 5 or 10 as the service does), a mark from 1
    to 5, or a text (comments, help sought)."""

    review = models.ForeignKey(JdmaReview, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField("question", max_length=300)
    kind = models.CharField("nature", max_length=10, choices=JdmaAnswerKind.choices)
    smiley = models.CharField("smiley", max_length=10, choices=JdmaSmiley.choices, blank=True)
    score = models.PositiveSmallIntegerField("note", null=True, blank=True)
    text = models.TextField("réponse", blank=True)

    class Meta:
        verbose_name = "réponse « Je donne mon avis »"
        verbose_name_plural = "réponses « Je donne mon avis »"
        constraints = [
            models.UniqueConstraint(fields=["review", "question"], name="jdma_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=10), name="jdma_score_on_ten"
            ),
        ]

    def __str__(self):
        return self.question
