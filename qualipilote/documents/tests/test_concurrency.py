"""Two approvals at once (two versions of one document in review) never leave two current
versions: the document's row is locked, the second approval supersedes the first. Meaningful
on PostgreSQL; runs on SQLite too."""

import pytest
from django.core.exceptions import ValidationError

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.documents import services
from qualipilote.documents.enums import VersionStatus
from qualipilote.documents.models import DocumentVersion
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import pdf_upload, sheet

pytestmark = pytest.mark.django_db(transaction=True)


def _reviewed(document, author, reviewer):
    version = services.add_version(document, author=author, upload=pdf_upload())
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    return version


def test_two_approvals_at_once_leave_one_current_version(organisation):
    author = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    reviewer = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    approvers = [
        MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user for _ in range(2)
    ]
    document = sheet(organisation)
    first = _reviewed(document, author, reviewer)
    # Two versions in review at once, written around the one-open-version rule (as two pages
    # opened before either approval would see them).
    DocumentVersion.objects.filter(pk=first.pk).update(status=VersionStatus.SUPERSEDED)
    second = _reviewed(document, author, reviewer)
    DocumentVersion.objects.filter(pk=first.pk).update(status=VersionStatus.IN_REVIEW)
    versions = [first, second]
    results = run_at_once(lambda i: services.approve(versions[i], user=approvers[i]), 2)
    assert not any(isinstance(r, Exception) for r in results), results
    statuses = sorted(DocumentVersion.objects.values_list("status", flat=True))
    assert statuses == [VersionStatus.APPROVED, VersionStatus.SUPERSEDED]


def test_the_same_version_approved_twice_at_once_is_approved_once(organisation):
    author = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    reviewer = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    approvers = [
        MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user for _ in range(2)
    ]
    version = _reviewed(sheet(organisation), author, reviewer)
    results = run_at_once(lambda i: services.approve(version, user=approvers[i]), 2)
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "seule une version en relecture peut être approuvée" in " ".join(refused[0].messages)
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
