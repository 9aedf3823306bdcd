"""Files in S3-compatible object storage (django-storages; S3_BUCKET in production), here an S3
simulated by moto: evidence is written there, private, and still downloaded through the
organisation's view after the membership check, never from the bucket's address; import files
wait there for their task and are removed after."""

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from qualipilote.assessments import services
from qualipilote.assessments.models import Evidence
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UserFactory
from qualipilote.registers import import_jobs
from qualipilote.registers.models import Correspondence

from .factories import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db
BUCKET = "qualipilote-preuves"


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-3")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-3",
                    "default_acl": "private",
                    "querystring_expire": 60,
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_evidence_goes_to_the_bucket_privately_and_is_streamed_to_members_only(
    bucket, member_client, organisation, other_organisation, commitment
):
    user = UserFactory()
    services.record_self_assessment(organisation, commitment, status="met", user=user)
    services.add_file_evidence(organisation, commitment, file=pdf_upload(), user=user)
    evidence = Evidence.objects.get(kind="file")
    assert keys(bucket) == [evidence.file.name]
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=evidence.file.name)
    assert not any("AllUsers" in str(grant["Grantee"]) for grant in acl["Grants"])

    download = reverse("assessments:download", kwargs={"org_code": "pref-74", "pk": evidence.pk})
    response = member_client(Role.VIEWER).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    # The storage's own address is short-lived and signed, and the pages never show it.
    assert "X-Amz-Expires=60" in evidence.file.url
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert outsider.get(download).status_code == 403


def test_an_import_file_waits_in_the_bucket_and_is_removed_once_imported(bucket, organisation):
    raw = b"recu_le;canal\n16/02/2026;courriel\n16/02/2026;courrier\n"
    job = import_jobs.start_import(organisation, "correspondence", raw, "c.csv")
    job.refresh_from_db()
    assert job.status == "done"
    assert Correspondence.objects.count() == 2
    assert keys(bucket) == []
