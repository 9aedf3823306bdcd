"""The file of a message (press release, screenshot of a post…): attached to an information step
after it is recorded, checked like every upload (type by its content, size), served only to the
organisation's members, replaced without leaving orphans."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.assessments.tests.factories import PDF_BYTES, pdf_upload
from qualipilote.crisis.enums import Step
from qualipilote.crisis.services import attach_message_file, record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def event(organisation):
    return CrisisEventFactory(
        organisation=organisation, started_at=dt.datetime(2025, 1, 6, 7, 0, tzinfo=dt.UTC)
    )


def step_of(event, step, minutes, **fields):
    at = event.started_at + dt.timedelta(minutes=minutes)
    return record_step(event, step=step, at=at, **fields).step


def file_url(step):
    event = step.event
    return f"/{event.organisation.code}/communication-urgence/{event.pk}/etapes/{step.pk}/fichier/"


def stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


def test_a_press_release_is_attached_to_the_media_message(event, media_root):
    media = step_of(event, Step.MEDIA_INFORMED, 30, channel="press_release")

    attach_message_file(media, pdf_upload("communique-crue.pdf"))

    media.refresh_from_db()
    assert media.attachment_name == "communique-crue.pdf"
    assert media.attachment_type == "application/pdf"
    assert media.attachment_size == len(PDF_BYTES)
    assert stored_files(media_root) == ["communique-crue.pdf"]


def test_only_a_message_carries_a_file(event, media_root):
    cell = step_of(event, Step.CELL_ACTIVATED, 20)

    with pytest.raises(ValidationError, match="Seul un message"):
        attach_message_file(cell, pdf_upload())
    assert stored_files(media_root) == []


def test_a_renamed_program_is_refused_and_nothing_is_stored(event, media_root):
    public = step_of(event, Step.PUBLIC_INFORMED, 30, channel="website")
    fake = SimpleUploadedFile("message.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    with pytest.raises(ValidationError, match="message.pdf"):
        attach_message_file(public, fake)
    public.refresh_from_db()
    assert not public.attachment
    assert stored_files(media_root) == []


def test_replacing_the_file_deletes_the_previous_one(
    event, media_root, django_capture_on_commit_callbacks
):
    officials = step_of(event, Step.OFFICIALS_INFORMED, 30, channel="sms")
    attach_message_file(officials, pdf_upload("premier.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        attach_message_file(officials, pdf_upload("second.pdf"))

    assert stored_files(media_root) == ["second.pdf"]


def test_an_agent_attaches_from_the_live_page_and_downloads_it(member_client, event):
    agent = member_client(Role.AGENT)
    media = step_of(event, Step.MEDIA_INFORMED, 30, channel="press_release")
    live = f"/{event.organisation.code}/communication-urgence/{event.pk}/"
    assert "Joindre le fichier du message" in agent.get(live).content.decode()

    response = agent.post(file_url(media), {"file": pdf_upload("communique.pdf")})

    assert response.status_code == 302
    assert response["Location"] == f"{live}#chronologie"
    download = agent.get(file_url(media))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["X-Content-Type-Options"] == "nosniff"
    assert 'filename="communique.pdf"' in download["Content-Disposition"]
    assert "Fichier du message : communique.pdf" in agent.get(live).content.decode()


def test_a_refused_file_is_said_in_french_on_the_live_page(member_client, event):
    agent = member_client(Role.AGENT)
    media = step_of(event, Step.MEDIA_INFORMED, 30, channel="press_release")
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")

    response = agent.post(file_url(media), {"file": upload}, follow=True)

    content = html.unescape(response.content.decode())
    assert "Ce type de fichier n'est pas accepté : « virus.exe »" in content, content[
        content.find("virus") - 300 : content.find("virus") + 100
    ]
    media.refresh_from_db()
    assert not media.attachment


def test_another_organisation_never_reads_nor_attaches(member_client, event, other_organisation):
    media = step_of(event, Step.MEDIA_INFORMED, 30, channel="press_release")
    attach_message_file(media, pdf_upload())
    stranger = member_client(Role.QUALITY_LEAD, org=other_organisation)

    assert stranger.get(file_url(media)).status_code in (403, 404)
    assert stranger.post(file_url(media), {"file": pdf_upload("autre.pdf")}).status_code in (
        403,
        404,
    )
    media.refresh_from_db()
    assert media.attachment_name == "preuve.pdf"


def test_a_read_only_member_downloads_but_cannot_attach(member_client, event):
    media = step_of(event, Step.MEDIA_INFORMED, 30, channel="press_release")
    attach_message_file(media, pdf_upload())
    reader = member_client(Role.VIEWER)

    download = reader.get(file_url(media))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert reader.post(file_url(media), {"file": pdf_upload()}).status_code == 403
