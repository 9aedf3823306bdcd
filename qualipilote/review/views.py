"""The annual review's pages. Every one is under /<org_code>/bilan-annuel/: the organisation
and the membership are checked by organisations.access before the view runs, and every lookup
is filtered by `request.organisation` (another organisation's review is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_ANNUAL_REVIEW

from . import services
from .content import contributors
from .forms import CreateReviewForm, ReviewTextsForm
from .models import AnnualReview, ReviewGeneration

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _can_manage(request) -> bool:
    return request.membership.can(MANAGE_ANNUAL_REVIEW)


def review_list(request, org_code, form=None, status=200):
    reviews = AnnualReview.objects.filter(organisation=request.organisation).order_by("-year")
    return render(
        request,
        "review/list.html",
        {
            "page_title": "Bilans annuels de la qualité",
            "reviews": reviews,
            "form": form or CreateReviewForm(),
            "can_manage": _can_manage(request),
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_ANNUAL_REVIEW)
def review_create(request, org_code):
    form = CreateReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.create_review(
                request.organisation, form.cleaned_data["year"], user=request.user
            )
        except ValidationError as error:
            for message in error.message_dict.get("year", []):
                form.add_error("year", message)
        else:
            return redirect("review:detail", org_code=org_code, year=review.year)
    return review_list(request, org_code, form=form, status=400)


def _review(request, year) -> AnnualReview:
    return get_object_or_404(AnnualReview, organisation=request.organisation, year=year)


def review_detail(request, org_code, year, form=None, status=200):
    review = _review(request, year)
    form = form or ReviewTextsForm(
        initial={"foreword": review.foreword, "conclusion": review.conclusion}
    )
    generations = review.generations.select_related("requested_by").order_by("-requested_at")
    return render(
        request,
        "review/detail.html",
        {
            "page_title": f"Bilan annuel de la qualité {review.year}",
            "review": review,
            "form": form,
            "generations": generations,
            "can_manage": _can_manage(request),
            "sources": [str(config.verbose_name) for config in contributors()],
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_ANNUAL_REVIEW)
def review_save(request, org_code, year):
    """Saves the foreword and the conclusion; with "generate", then starts a generation."""
    review = _review(request, year)
    form = ReviewTextsForm(request.POST)
    if not form.is_valid():
        return review_detail(request, org_code, year, form=form, status=400)
    services.update_texts(review, **form.cleaned_data)
    if "generate" not in request.POST:
        messages.success(request, "Avant-propos et conclusion enregistrés.")
        return redirect("review:detail", org_code=org_code, year=year)
    generation = services.start_generation(review, user=request.user)
    return redirect("review:generation", org_code=org_code, year=year, pk=generation.pk)


def generation(request, org_code, year, pk):
    """A generation's progress: polled by htmx every second until it is finished."""
    review = _review(request, year)
    item = get_object_or_404(ReviewGeneration, review=review, pk=pk)
    template = "review/_progress.html" if request.htmx else "review/generation.html"
    return render(
        request,
        template,
        {
            "page_title": f"Génération du bilan {review.year}",
            "review": review,
            "generation": item,
        },
    )


def download(request, org_code, year, pk, file_format):
    review = _review(request, year)
    item = get_object_or_404(
        ReviewGeneration, review=review, pk=pk, status=ReviewGeneration.Status.DONE
    )
    if file_format not in CONTENT_TYPES:
        raise Http404("Format inconnu.")
    stored = getattr(item, file_format)
    if not stored:
        raise Http404("Fichier absent.")
    filename = f"bilan-qualite-{request.organisation.code}-{review.year}.{file_format}"
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[file_format],
    )
