"""The annual review's actions: create the year's review, write its foreword and conclusion,
and generate it (one PDF and one DOCX) as a background task with its progress.

Two clicks at once start one generation: `start_generation` locks the review's row and hands back
the generation already queued or running, if there is one. The task is safe to run twice (a
consumer killed, the task put back in the queue): a finished generation is left as it is.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from qualipilote.common.logs import organisation_var

from .content import build_content
from .models import FIRST_YEAR, AnnualReview, ReviewGeneration
from .render import review_docx, review_pdf

logger = logging.getLogger("qualipilote.review")
UNEXPECTED = "Erreur inattendue pendant la génération du bilan. Réessayez ou signalez-le."
# Collecting the sections is most of the database work; the PDF most of the rest.
COLLECT_SHARE, PDF_SHARE = 60, 30


def check_year(year: int, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {"year": f"L'année doit être comprise entre {FIRST_YEAR} et {today.year}."}
        )


def create_review(organisation, year: int, *, user=None) -> AnnualReview:
    check_year(year)
    try:
        with transaction.atomic():
            return AnnualReview.objects.create(
                organisation=organisation,
                year=year,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"year": f"Le bilan {year} existe déjà : ouvrez-le dans la liste des bilans."}
        ) from error


def update_texts(review: AnnualReview, *, foreword: str, conclusion: str) -> AnnualReview:
    review.foreword = foreword
    review.conclusion = conclusion
    review.full_clean()
    review.save(update_fields=["foreword", "conclusion", "updated_at"])
    return review


def start_generation(review: AnnualReview, *, user=None) -> ReviewGeneration:
    """Queues a generation, or returns the one already queued or running for this review."""
    from .tasks import run_generation

    with transaction.atomic():
        AnnualReview.objects.select_for_update().get(pk=review.pk)
        running = (
            review.generations.filter(
                status__in=(ReviewGeneration.Status.QUEUED, ReviewGeneration.Status.RUNNING)
            )
            .order_by("-pk")
            .first()
        )
        if running is not None:
            return running
        generation = ReviewGeneration.objects.create(
            review=review,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            step="En attente d'un processus de traitement",
        )
        transaction.on_commit(lambda: run_generation(generation.pk))
    return generation


def _progress(generation_id: int, percent: int, step: str) -> None:
    ReviewGeneration.objects.filter(pk=generation_id).update(
        status=ReviewGeneration.Status.RUNNING, percent=percent, step=step[:200]
    )


def render_review(organisation, year: int, *, foreword="", conclusion="", progress=None):
    """The review's content, PDF and DOCX. `progress(percent, step)` is told as it goes."""
    tell = progress or (lambda percent, step: None)

    def collecting(index, total, app_name):
        tell(index * COLLECT_SHARE // max(total, 1), f"Collecte des données : {app_name}")

    content = build_content(
        organisation, year, foreword=foreword, conclusion=conclusion, progress=collecting
    )
    tell(COLLECT_SHARE, "Mise en page du PDF")
    pdf = review_pdf(content)
    tell(COLLECT_SHARE + PDF_SHARE, "Écriture du document modifiable (DOCX)")
    docx = review_docx(content)
    return content, pdf, docx


def execute_generation(generation_id: int) -> ReviewGeneration | None:
    generation = (
        ReviewGeneration.objects.select_related("review__organisation")
        .filter(pk=generation_id)
        .first()
    )
    if generation is None or generation.finished:
        return generation
    review = generation.review
    organisation_var.set(review.organisation.code)
    started = time.perf_counter()
    try:
        _content, pdf, docx = render_review(
            review.organisation,
            review.year,
            foreword=review.foreword,
            conclusion=review.conclusion,
            progress=lambda percent, step: _progress(generation.pk, percent, step),
        )
    except Exception:
        ReviewGeneration.objects.filter(pk=generation.pk).update(
            status=ReviewGeneration.Status.FAILED, error=UNEXPECTED, finished_at=timezone.now()
        )
        raise
    name = f"bilan-qualite-{review.organisation.code}-{review.year}"
    with transaction.atomic():
        locked = ReviewGeneration.objects.select_for_update().get(pk=generation.pk)
        if locked.finished:  # another run finished it meanwhile
            return locked
        locked.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        locked.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        locked.status = ReviewGeneration.Status.DONE
        locked.percent = 100
        locked.step = "Terminé"
        locked.finished_at = timezone.now()
        locked.seconds = Decimal(f"{time.perf_counter() - started:.2f}")
        locked.save()
    logger.info("review generated", extra={"generation": generation.pk})
    return locked
