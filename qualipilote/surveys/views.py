"""Members' pages of the surveys: list, new wave, results (filters, charts, comparison, export),
publication and closing, posters, and the agents' paper entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualipilote.common.tabular import Column, xlsx_response
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_SURVEYS, RECORD_REGISTERS

from . import services
from .charts import bar_chart
from .enums import ResponseMode
from .forms import (
    FedIndicatorsForm,
    PaperEntryForm,
    ResultsFilterForm,
    SurveyForm,
    apply_errors,
)
from .jdma import forms_summary
from .models import Response, Survey
from .posters import poster_pdf, public_path, qr_svg
from .results import Filters, question_results, with_previous_wave


def _survey(request, pk) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("organisation"), pk=pk, organisation=request.organisation
    )


def _can(request, ability) -> bool:
    return request.membership is not None and request.membership.can(ability)


def survey_list(request, org_code):
    surveys = (
        Survey.objects.filter(organisation=request.organisation)
        .select_related("questionnaire")
        .order_by("-opens_on", "title")
    )
    counts = dict(
        Response.objects.filter(survey__organisation=request.organisation)
        .values("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
    )
    rows = [(survey, counts.get(survey.pk, 0)) for survey in surveys]
    return render(
        request,
        "surveys/list.html",
        {
            "page_title": "Enquêtes de satisfaction",
            "rows": rows,
            "can_manage": _can(request, MANAGE_SURVEYS),
            "jdma_forms": forms_summary(request.organisation),
        },
    )


@require_ability(MANAGE_SURVEYS)
def survey_create(request, org_code):
    organisation = request.organisation
    form = SurveyForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = form.waves.get(data.get("copy_from") or "")
            specs = (
                services.specs_of(source)
                if source is not None
                else services.read_question_specs(form.raw_questions())
            )
            survey = services.create_survey(
                organisation,
                title=data["title"],
                introduction=data["introduction"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                questions=specs,
                questionnaire=source.questionnaire if source is not None else None,
                published=False,
                sites=[form.site_objects[k] for k in data["sites"]],
                channels=data["channels"],
            )
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                target = {"questions": "questions_text"}.get(key, key)
                form.add_error(target if target in form.fields else None, problems)
        else:
            messages.success(
                request, "Vague créée. Relisez-la, puis publiez-la pour recevoir des réponses."
            )
            return redirect("surveys:detail", org_code=org_code, pk=survey.pk)
    return render(
        request, "surveys/create.html", {"page_title": "Nouvelle vague d'enquête", "form": form}
    )


def _filters(request, form) -> Filters:
    if not form.is_valid():
        return Filters()
    data = form.cleaned_data
    return Filters(
        site=form.site_objects.get(data.get("site") or ""),
        channel=data.get("channel") or "",
        start=data.get("start"),
        end=data.get("end"),
    )


def survey_detail(request, org_code, pk):
    survey = _survey(request, pk)
    form = ResultsFilterForm(request.GET or None, organisation=request.organisation)
    filters = _filters(request, form)
    results = with_previous_wave(question_results(survey, filters), filters)
    charts = {r.code: bar_chart(r) for r in results.questions if r.counts}
    public_url = request.build_absolute_uri(public_path(survey))
    return render(
        request,
        "surveys/detail.html",
        {
            "page_title": survey.title,
            "survey": survey,
            "results": results,
            "rows": [(r, charts.get(r.code)) for r in results.questions],
            "filter_form": form,
            "query": request.GET.urlencode(),
            "can_manage": _can(request, MANAGE_SURVEYS),
            "can_enter_paper": _can(request, RECORD_REGISTERS),
            "public_url": public_url,
            "qr": qr_svg(public_url, scale=4),
            "sites": list(survey.sites.all()) or list(request.organisation.sites.order_by("name")),
        },
    )


@require_POST
@require_ability(MANAGE_SURVEYS)
def survey_publish(request, org_code, pk):
    survey = _survey(request, pk)
    publish = request.POST.get("published") == "1"
    services.set_published(survey, publish)
    messages.success(
        request,
        "Enquête publiée : elle reçoit des réponses entre ses dates."
        if publish
        else "Enquête retirée : elle ne reçoit plus de réponse.",
    )
    return redirect("surveys:detail", org_code=org_code, pk=pk)


@require_ability(MANAGE_SURVEYS)
def fed_indicators(request, org_code, pk):
    survey = _survey(request, pk)
    form = FedIndicatorsForm(
        request.POST or None,
        questions=list(survey.questions.all()),
        indicators=services.feedable_indicators(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_fed_indicators(survey, form.links())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Indicateurs alimentés par la vague enregistrés.")
            return redirect("surveys:detail", org_code=org_code, pk=pk)
    return render(
        request,
        "surveys/fed_indicators.html",
        {"page_title": f"Indicateurs alimentés — {survey.title}", "survey": survey, "form": form},
    )


@require_POST
@require_ability(MANAGE_SURVEYS)
def survey_close(request, org_code, pk):
    survey = _survey(request, pk)
    already = survey.closed_at is not None
    try:
        fed = services.close_wave(survey, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:detail", org_code=org_code, pk=pk)
    if already:
        messages.info(request, "Cette vague était déjà close : rien n'a changé.")
    else:
        messages.success(request, f"Vague close le {survey.closes_on:%d/%m/%Y}.")
        for figure in fed:
            if figure.error:
                messages.warning(request, f"{figure.indicator_label} : {figure.error}")
            else:
                messages.success(
                    request,
                    f"{figure.indicator_label} : {figure.satisfied} / {figure.answers_with_opinion} "
                    f"réponses avec un avis, enregistré pour {figure.month:%m/%Y}.",
                )
    return redirect("surveys:detail", org_code=org_code, pk=pk)


def survey_export(request, org_code, pk):
    survey = _survey(request, pk)
    form = ResultsFilterForm(request.GET or None, organisation=request.organisation)
    results = with_previous_wave(question_results(survey, _filters(request, form)))
    rows = [(r, c) for r in results.questions for c in (r.counts or [None])]
    columns = [
        Column("Code", lambda row: row[0].code),
        Column("Question", lambda row: row[0].label),
        Column("Type", lambda row: row[0].question.get_kind_display()),
        Column("Choix", lambda row: row[1].label if row[1] else ""),
        Column("Nombre", lambda row: row[1].count if row[1] else None),
        Column("Réponses à la question", lambda row: row[0].answers),
        Column("Réponses avec un avis", lambda row: row[0].answers_with_opinion or None),
        Column("Satisfaits et très satisfaits", lambda row: row[0].satisfied or None),
        Column("Taux de satisfaction (%)", lambda row: row[0].satisfaction_rate),
        Column("Taux de la vague précédente (%)", lambda row: row[0].previous_rate),
    ]
    comments = [(r, text) for r in results.questions for text in r.comments]
    comment_columns = [
        Column("Question", lambda row: row[0].label),
        Column("Commentaire", lambda row: row[1]),
    ]
    return xlsx_response(
        f"enquete-{survey.pk}-resultats",
        [("Résultats", columns, rows), ("Commentaires", comment_columns, comments)],
    )


def survey_poster(request, org_code, pk, site_pk):
    survey = _survey(request, pk)
    site = request.organisation.sites.filter(pk=site_pk).first()
    if site is None:
        raise Http404("Aucun site de cette organisation ne porte ce numéro.")
    url = request.build_absolute_uri(public_path(survey, site))
    response = HttpResponse(poster_pdf(survey, site, url), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="affiche-enquete-{survey.pk}-site-{site.pk}.pdf"'
    )
    return response


@require_ability(RECORD_REGISTERS)
def paper_entry(request, org_code, pk):
    survey = _survey(request, pk)
    questions = services.survey_questions(survey)
    sites = list(survey.sites.all()) or list(request.organisation.sites.order_by("name"))
    initial = {
        "paper_number": services.next_paper_number(survey),
        "site": request.GET.get("site", ""),
        "channel": request.GET.get("channel", ""),
    }
    form = PaperEntryForm(
        request.POST or None, survey=survey, questions=questions, sites=sites, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submit_response(
                survey,
                form.answers(),
                mode=ResponseMode.PAPER,
                channel=data.get("channel") or "",
                site=form.site_object(),
                entered_by=request.user,
                token=data["token"],
                paper_number=data["paper_number"],
                questions=questions,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            number = submission.response.paper_number
            if submission.created:
                messages.success(request, f"Questionnaire papier n° {number} enregistré. Suivant :")
            else:
                messages.info(
                    request, f"Questionnaire papier n° {number} déjà enregistré (envoyé deux fois)."
                )
            query = f"?site={data.get('site') or ''}&channel={data.get('channel') or ''}"
            return redirect(request.path + query)
    entered = survey.responses.filter(mode=ResponseMode.PAPER).count()
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "page_title": f"Saisie des questionnaires papier — {survey.title}",
            "survey": survey,
            "form": form,
            "entered": entered,
        },
    )
