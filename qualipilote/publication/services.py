"""The actions on publications: prepare a draft, publish it (frozen), withdraw the one online.

Publishing locks the organisation's row, then the draft's: two publications started at the same
instant are applied one after the other, so there is never more than one publication in force
(the database's partial unique constraint is the last guard); the same draft published twice is
published once, the second attempt gets a French message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.models import Organisation
from qualipilote.organisations.permissions import PUBLISH_RESULTS

from .enums import PublicationStatus
from .models import Publication
from .snapshot import build_content, has_figures, publishable_indicators


def current_publication(organisation) -> Publication | None:
    return Publication.objects.current().filter(organisation=organisation).first()


def _check_codes(codes) -> list[str]:
    codes = list(dict.fromkeys(codes))
    known = set(publishable_indicators().filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {"indicators": f"Indicateur inconnu du catalogue : {', '.join(unknown)}."}
        )
    return codes


@transaction.atomic
def save_draft(
    organisation,
    *,
    user,
    indicator_codes,
    include_commitments: bool,
    include_survey: bool,
    draft: Publication | None = None,
) -> Publication:
    """Creates a draft, or changes the choices of one (a publication already made is never
    changed: a correction is a new publication)."""
    codes = _check_codes(indicator_codes)
    if draft is None:
        draft = Publication(organisation=organisation, created_by=user)
    else:
        draft = Publication.objects.select_for_update().get(pk=draft.pk)
        if draft.organisation_id != organisation.pk or not draft.is_draft:
            raise ValidationError("Seul un brouillon peut être modifié.")
    draft.indicator_codes = codes
    draft.include_commitments = include_commitments
    draft.include_survey = include_survey
    draft.save()
    return draft


def preview_content(draft: Publication) -> dict:
    """What publishing the draft now would show (computed, not stored)."""
    return build_content(
        draft.organisation,
        indicator_codes=draft.indicator_codes,
        include_commitments=draft.include_commitments,
        include_survey=draft.include_survey,
    )


@transaction.atomic
def publish(draft: Publication, *, user) -> Publication:
    """Freezes the draft's content and puts it online in place of the current publication."""
    Organisation.objects.select_for_update().filter(pk=draft.organisation_id).first()
    draft = Publication.objects.select_for_update().select_related("organisation").get(pk=draft.pk)
    if not draft.is_draft:
        raise ValidationError("Ce brouillon a déjà été publié : rien n'a été changé.")
    content = preview_content(draft)
    if not has_figures(content):
        raise ValidationError(
            "Rien à publier : ni engagement du périmètre, ni résultat d'un mois clôturé parmi "
            "les indicateurs choisis, ni enquête close."
        )
    now = timezone.now()
    Publication.objects.current().filter(organisation_id=draft.organisation_id).update(
        status=PublicationStatus.REPLACED, ended_at=now
    )
    draft.content = content
    draft.status = PublicationStatus.PUBLISHED
    draft.published_at = now
    draft.published_by = user
    draft.save()
    return draft


@transaction.atomic
def withdraw(publication: Publication, *, user, reason: str) -> Publication:
    """Takes the publication offline: the public page then answers 404 until a new one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du retrait."})
    Organisation.objects.select_for_update().filter(pk=publication.organisation_id).first()
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not publication.is_current:
        raise ValidationError("Cette publication n'est pas en ligne : rien n'a été retiré.")
    publication.status = PublicationStatus.WITHDRAWN
    publication.ended_at = timezone.now()
    publication.withdrawn_by = user
    publication.withdraw_reason = reason
    publication.save()
    return publication


def home_panel(request):
    membership = request.membership
    if membership is None:
        return None
    organisation = request.organisation
    current = current_publication(organisation)
    return {
        "title": "Résultats publiés",
        "url": reverse("publication:index", kwargs={"org_code": organisation.code}),
        "template": "publication/home_panel.html",
        "current": current,
        "public_url": reverse("publication_public:results", kwargs={"org_code": organisation.code}),
        "can_publish": membership.can(PUBLISH_RESULTS),
    }
