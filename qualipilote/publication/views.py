"""The quality lead's publication pages: history, draft (choices), preview, publish (after a
confirmation), withdraw. Every member reads them; only PUBLISH_RESULTS acts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import PUBLISH_RESULTS

from . import services
from .forms import DraftForm, WithdrawForm
from .models import Publication
from .results import read


def _publication(request, pk) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("organisation", "published_by", "created_by"),
        pk=pk,
        organisation=request.organisation,
    )


def _can_publish(request) -> bool:
    return request.membership is not None and request.membership.can(PUBLISH_RESULTS)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def index(request, org_code):
    publications = Publication.objects.filter(organisation=request.organisation).select_related(
        "published_by", "created_by", "withdrawn_by"
    )
    return render(
        request,
        "publication/index.html",
        {
            "page_title": "Résultats publiés",
            "current": services.current_publication(request.organisation),
            "publications": publications,
            "can_publish": _can_publish(request),
        },
    )


def _draft_page(request, form, draft=None):
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.save_draft(
                request.organisation,
                user=request.user,
                indicator_codes=data["indicators"],
                include_commitments=data["include_commitments"],
                include_survey=data["include_survey"],
                draft=draft,
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, "Brouillon enregistré : vérifiez l'aperçu avant de publier.")
            return redirect("publication:detail", org_code=request.organisation.code, pk=draft.pk)
    return render(
        request,
        "publication/draft_form.html",
        {"page_title": "Préparer une publication", "form": form, "draft": draft},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_ability(PUBLISH_RESULTS)
def draft_create(request, org_code):
    last = Publication.objects.filter(organisation=request.organisation).first()
    initial = {
        "indicators": last.indicator_codes
        if last
        else [code for code, _label in DraftForm().fields["indicators"].choices],
        "include_commitments": last.include_commitments if last else True,
        "include_survey": last.include_survey if last else True,
    }
    return _draft_page(request, DraftForm(request.POST or None, initial=initial))


@require_ability(PUBLISH_RESULTS)
def draft_edit(request, org_code, pk):
    draft = _publication(request, pk)
    if not draft.is_draft:
        messages.error(request, "Une publication faite ne se modifie pas : préparez-en une autre.")
        return redirect("publication:detail", org_code=org_code, pk=pk)
    initial = {
        "indicators": draft.indicator_codes,
        "include_commitments": draft.include_commitments,
        "include_survey": draft.include_survey,
    }
    return _draft_page(request, DraftForm(request.POST or None, initial=initial), draft)


def detail(request, org_code, pk):
    """A draft's preview (computed now) or a publication's frozen content."""
    publication = _publication(request, pk)
    if publication.is_draft:
        results = read(services.preview_content(publication), None)
    else:
        results = read(publication.content, publication.published_on)
    return render(
        request,
        "publication/detail.html",
        {
            "page_title": str(publication),
            "publication": publication,
            "results": results,
            "can_publish": _can_publish(request),
        },
    )


@require_ability(PUBLISH_RESULTS)
def publish(request, org_code, pk):
    """GET: the confirmation; POST: publish."""
    draft = _publication(request, pk)
    errors = []
    if request.method == "POST":
        try:
            services.publish(draft, user=request.user)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, "Résultats publiés : la page publique les montre.")
            return redirect("publication:index", org_code=org_code)
    return render(
        request,
        "publication/confirm_publish.html",
        {
            "page_title": "Publier les résultats",
            "publication": draft,
            "current": services.current_publication(request.organisation),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_ability(PUBLISH_RESULTS)
def withdraw(request, org_code, pk):
    publication = _publication(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(publication, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, "Publication retirée : la page publique n'affiche plus rien.")
            return redirect("publication:index", org_code=org_code)
    return render(
        request,
        "publication/confirm_withdraw.html",
        {"page_title": "Retirer la publication", "publication": publication, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
