"""The rules of publishing: draft, publish once, one publication in force, withdraw."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qualipilote.publication import services
from qualipilote.publication.models import Publication

from .factories import draft, published

pytestmark = pytest.mark.django_db


def test_a_draft_is_not_online_and_has_no_frozen_content(data, lead, frozen_today):
    prepared = draft(data, lead)
    assert prepared.status == "draft" and prepared.content == {}
    assert services.current_publication(data) is None


def test_publishing_freezes_the_content_with_its_date(data, lead, frozen_today):
    publication = published(data, lead)
    assert publication.status == "published"
    assert publication.published_on.isoformat() == "2026-11-16"
    assert publication.published_by == lead
    assert publication.content["indicators"]["month"] == "2026-10-01"
    assert services.current_publication(data) == publication


def test_the_same_draft_is_published_once(data, lead, frozen_today):
    prepared = draft(data, lead)
    services.publish(prepared, user=lead)
    with pytest.raises(ValidationError, match="déjà été publié"):
        services.publish(prepared, user=lead)
    assert Publication.objects.filter(status="published").count() == 1


def test_a_new_publication_replaces_the_one_online_which_stays_in_the_history(
    data, lead, frozen_today
):
    first = published(data, lead)
    second = published(data, lead)
    first.refresh_from_db()
    assert (first.status, second.status) == ("replaced", "published")
    assert first.ended_at is not None
    assert list(Publication.objects.filter(organisation=data)) == [second, first]


def test_the_database_refuses_two_publications_in_force(data, lead, frozen_today):
    publication = published(data, lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(
            organisation=data, status="published", published_at=publication.published_at
        )


def test_withdrawing_takes_the_publication_offline_with_a_reason(data, lead, frozen_today):
    publication = published(data, lead)
    with pytest.raises(ValidationError, match="motif"):
        services.withdraw(publication, user=lead, reason="  ")
    services.withdraw(publication, user=lead, reason="Chiffres en cours de vérification")
    publication.refresh_from_db()
    assert publication.status == "withdrawn" and publication.withdrawn_by == lead
    assert services.current_publication(data) is None
    with pytest.raises(ValidationError, match="pas en ligne"):
        services.withdraw(publication, user=lead, reason="encore")


def test_nothing_to_publish_is_refused(organisation, lead, frozen_today):
    from qualipilote.indicators.catalogue import load_catalogue

    load_catalogue()
    with pytest.raises(ValidationError, match="Rien à publier"):
        services.publish(draft(organisation, lead), user=lead)
    assert not Publication.objects.filter(status="published").exists()


def test_an_unknown_indicator_code_is_refused(organisation, lead):
    with pytest.raises(ValidationError) as error:
        draft(organisation, lead, codes=["phone_answer_rate", "<b>inconnu</b>"])
    assert "Indicateur inconnu du catalogue : phone_answer_rate, <b>inconnu</b>." in str(
        error.value
    )


def test_a_publication_made_is_never_edited(data, lead, frozen_today):
    publication = published(data, lead)
    with pytest.raises(ValidationError, match="Seul un brouillon"):
        services.save_draft(
            data,
            user=lead,
            indicator_codes=[],
            include_commitments=False,
            include_survey=False,
            draft=publication,
        )
