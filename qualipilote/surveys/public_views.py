"""The public answering page of a survey: no account, one submission per answer.

Guards as the public feedback form: a honeypot field, and the shared rate limit
(common.ratelimit, settings SURVEY_RATE_LIMIT accepted answers per SURVEY_RATE_WINDOW seconds,
per client address and organisation). The hidden `token` makes a double click count once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from qualipilote.common.ratelimit import SubmissionLimit
from qualipilote.organisations.access import public_page
from qualipilote.organisations.enums import Channel

from . import services
from .enums import ResponseMode
from .forms import HONEYPOT_FIELD, AnswerForm, apply_errors
from .models import Survey

SURVEY_LIMIT = SubmissionLimit("survey-answers", "SURVEY_RATE_LIMIT", "SURVEY_RATE_WINDOW")
TOO_MANY = (
    "Trop de réponses envoyées depuis votre connexion : merci de réessayer dans {minutes} "
    "minute{plural}."
)


def _site(request, survey):
    value = request.GET.get("site", "")
    if not value.isdigit():
        return None
    sites = survey.sites.all() if survey.sites.exists() else survey.organisation.sites.all()
    return sites.filter(pk=int(value)).first()


def _channel(survey, site) -> str:
    """A QR code in a hall answers for the in-person reception; the page otherwise for the
    website, when the wave covers it."""
    wanted = Channel.IN_PERSON if site is not None else Channel.WEBSITE
    return wanted if not survey.channels or wanted in survey.channels else ""


@public_page
def answer(request, org_code, pk):
    organisation = request.organisation
    survey = get_object_or_404(Survey, pk=pk, organisation=organisation, published=True)
    today = timezone.localdate()
    context = {"page_title": survey.title, "survey": survey, "today": today}
    if not survey.is_open_on(today):
        return render(
            request,
            "surveys/public/closed.html",
            context,
            status=410 if today > survey.closes_on else 404,
        )
    questions = services.survey_questions(survey)
    form = AnswerForm(request.POST or None, questions=questions)
    context["form"] = form
    site = _site(request, survey)
    context["site"] = site
    if request.method == "POST":
        if SURVEY_LIMIT.exhausted(request, scope=organisation.code):
            minutes = SURVEY_LIMIT.minutes_left(request, scope=organisation.code)
            context["too_many"] = TOO_MANY.format(
                minutes=minutes, plural="s" if minutes > 1 else ""
            )
            return render(request, "surveys/public/answer.html", context, status=429)
        if request.POST.get(HONEYPOT_FIELD):
            SURVEY_LIMIT.count(request, scope=organisation.code)
            return redirect("surveys_public:thanks", org_code=org_code, pk=pk)
        if form.is_valid():
            try:
                submission = services.submit_response(
                    survey,
                    form.answers(),
                    mode=ResponseMode.ONLINE,
                    channel=_channel(survey, site),
                    site=site,
                    token=form.cleaned_data["token"],
                    questions=questions,
                    today=today,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if submission.created:
                    SURVEY_LIMIT.count(request, scope=organisation.code)
                return redirect("surveys_public:thanks", org_code=org_code, pk=pk)
        return render(request, "surveys/public/answer.html", context, status=400)
    return render(request, "surveys/public/answer.html", context)


@public_page
def thanks(request, org_code, pk):
    survey = get_object_or_404(Survey, pk=pk, organisation=request.organisation, published=True)
    return render(request, "surveys/public/thanks.html", {"page_title": "Merci", "survey": survey})
