"""Preparedness: contacts imported all or nothing and exported, message templates with
placeholders, the on-call roster and who is on call now."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from qualipilote.common.tabular import ImportRejected
from qualipilote.crisis.models import Contact, MessageTemplate
from qualipilote.crisis.preparedness import (
    add_shift,
    fill_template,
    import_contacts,
    on_call_now,
    save_template,
)
from qualipilote.crisis.services import record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
CSV = "groupe;nom;fonction;structure;telephone;courriel\n"


def test_contacts_are_imported_from_a_csv(organisation):
    raw = (
        CSV + "Élus;Marie Dupont;Maire;Chamonix;04 50 00 00 00;maire@example.fr\n"
        "médias;Le Dauphiné;Rédaction;;04 50 11 11 11;\n"
    ).encode()
    assert import_contacts(organisation, raw, "contacts.csv") == 2
    assert sorted(Contact.objects.values_list("group", "name")) == [
        ("media", "Le Dauphiné"),
        ("officials", "Marie Dupont"),
    ]


def test_a_bad_line_refuses_the_whole_file_naming_line_and_column(organisation):
    raw = (
        CSV + "Élus;Marie Dupont;Maire;Chamonix;;\nPresse;Le Messager;;;;\n;Sans groupe;;;;\n"
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_contacts(organisation, raw, "contacts.csv")
    messages = [str(error) for error in rejected.value.errors]
    assert any("Ligne 3" in m and "groupe" in m and "Presse" in m for m in messages)
    assert any("Ligne 4" in m and "groupe" in m for m in messages)
    assert not Contact.objects.exists()


def test_contacts_export_is_safe_from_formulas(quality_lead_client, organisation):
    Contact.objects.create(organisation=organisation, group="partners", name="=HYPERLINK(1)")
    response = quality_lead_client.get(
        f"/{organisation.code}/communication-urgence/preparation/contacts.xlsx"
    )
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    assert sheet["B2"].data_type == "s"  # text, not a formula
    assert sheet["B2"].value == "=HYPERLINK(1)"
    csv = quality_lead_client.get(
        f"/{organisation.code}/communication-urgence/preparation/contacts.csv"
    )
    text = (
        b"".join(csv.streaming_content).decode("utf-8-sig")
        if csv.streaming
        else csv.content.decode("utf-8-sig")
    )
    assert "Partenaires;'=HYPERLINK(1)" in text


def test_a_template_is_filled_from_the_event(organisation):
    template = save_template(
        organisation,
        title="Premier communiqué",
        channel="press_release",
        body="{evenement} depuis le {debut} : appelez le {numero_cip}.",
    )
    event = CrisisEventFactory(
        organisation=organisation,
        title="Crue de l'Arve",
        started_at=dt.datetime(2025, 6, 1, 8, 0, tzinfo=PARIS),
    )
    assert fill_template(
        template, event
    ) == "Crue de l'Arve depuis le 01/06/2025 à 08:00 : appelez le ….".replace("….", "…."[:1] + ".")
    record_step(
        event,
        step="cip_activated",
        at=dt.datetime(2025, 6, 1, 9, 0, tzinfo=PARIS),
        cip_number="0 800 74 74 74",
    )
    assert fill_template(template, event).endswith("appelez le 0 800 74 74 74.")


def test_an_unknown_placeholder_is_refused(organisation):
    with pytest.raises(ValidationError, match=r"Champ inconnu : \{commune\}"):
        save_template(organisation, title="SMS", channel="sms", body="Évacuez {commune}.")
    with pytest.raises(ValidationError, match="Accolade mal fermée"):
        save_template(organisation, title="SMS", channel="sms", body="Évacuez {evenement.")
    assert not MessageTemplate.objects.exists()


def test_who_is_on_call_now_including_a_night_across_the_october_change(organisation):
    add_shift(
        organisation,
        person="Paul Martin",
        phone="06 00 00 00 01",
        starts_at=dt.datetime(2025, 10, 25, 18, 0, tzinfo=PARIS),
        ends_at=dt.datetime(2025, 10, 26, 8, 0, tzinfo=PARIS),
    )
    second_0230 = dt.datetime(2025, 10, 26, 2, 30, tzinfo=PARIS, fold=1)
    assert [s.person for s in on_call_now(organisation, second_0230)] == ["Paul Martin"]
    assert not on_call_now(organisation, dt.datetime(2025, 10, 26, 8, 0, tzinfo=PARIS)).exists()


def test_a_shift_ending_before_it_starts_is_refused(organisation):
    with pytest.raises(ValidationError, match="doit suivre son début"):
        add_shift(
            organisation,
            person="Paul Martin",
            phone="06",
            starts_at=dt.datetime(2025, 10, 26, 8, 0, tzinfo=PARIS),
            ends_at=dt.datetime(2025, 10, 25, 8, 0, tzinfo=PARIS),
        )


def test_the_preparedness_page_imports_and_refuses_an_agent(member_client, organisation):
    lead = member_client(Role.QUALITY_LEAD)
    url = f"/{organisation.code}/communication-urgence/preparation/"
    upload = io.BytesIO((CSV + "Partenaires;SDIS 74;Officier;;18;\n").encode())
    upload.name = "contacts.csv"
    response = lead.post(url, {"action": "contacts", "file": upload})
    assert response.status_code == 302
    assert "SDIS 74" in lead.get(url).content.decode()
    agent = member_client(Role.AGENT)
    assert agent.get(url).status_code == 200
    response = agent.post(url, {"action": "template", "title": "x", "channel": "sms", "body": "x"})
    assert response.status_code == 403


def test_another_organisations_member_cannot_read_the_contacts(
    member_client, organisation, other_organisation
):
    Contact.objects.create(organisation=organisation, group="media", name="Le Dauphiné")
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert outsider.get(
        f"/{organisation.code}/communication-urgence/preparation/contacts.csv"
    ).status_code in {403, 404}
    own = outsider.get(f"/{other_organisation.code}/communication-urgence/preparation/contacts.csv")
    assert "Le Dauphiné" not in b"".join(own.streaming_content).decode("utf-8-sig")
