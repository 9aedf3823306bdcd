"""Issue 11, item 4: the rules of committees, meetings, attendees, agendas, minutes and
decisions, through the services that every path uses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.committees import services
from qualipilote.committees.models import AgendaItem, Attendee, Committee, Decision, Meeting
from qualipilote.improvement.models import Action

from .conftest import TODAY
from .factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def messages_of(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


# --- Committees ---------------------------------------------------------------------------------


def test_a_committee_has_a_name_a_kind_a_chair_and_usual_members(organisation, lead, member):
    committee = services.create_committee(
        organisation,
        name="Comité de pilotage qualité",
        kind="steering",
        chair=lead,
        members=[lead, member],
        user=lead,
    )
    assert committee.get_kind_display() == "Comité de pilotage (COPIL)"
    assert committee.chair == lead
    assert set(committee.members.all()) == {lead, member}
    assert {entry.history_user for entry in committee.history.all()} == {lead}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "  "}, "name", "Indiquez le nom du comité."),
        ({"name": "COPIL\x00"}, "name", "caractère de contrôle"),
        ({"name": "x" * 201}, "name", "dépasse 200 caractères"),
        ({"kind": "board"}, "kind", "Indiquez la nature du comité"),
    ],
)
def test_a_committee_with_bad_input_is_refused(organisation, lead, values, field, message):
    arguments = {"name": "COPIL", "kind": "steering", "chair": lead, "members": [], **values}
    with pytest.raises(ValidationError) as refused:
        services.create_committee(organisation, **arguments)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Committee.objects.exists()


def test_a_chair_or_member_from_another_organisation_is_refused(organisation, lead, outsider):
    with pytest.raises(ValidationError) as refused:
        services.create_committee(
            organisation, name="COPIL", kind="steering", chair=outsider, members=[lead, outsider]
        )
    assert "n'est pas membre actif de Préfecture de la Haute-Savoie" in " ".join(
        refused.value.message_dict["chair"]
    )
    assert "members" in refused.value.message_dict
    assert not Committee.objects.exists()


def test_two_committees_of_an_organisation_cannot_share_a_name(organisation, other_organisation):
    services.create_committee(organisation, name="COPIL", kind="steering")
    services.create_committee(other_organisation, name="COPIL", kind="steering")
    with pytest.raises(ValidationError) as refused:
        services.create_committee(organisation, name="COPIL ", kind="users")
    assert "Un comité s'appelle déjà « COPIL »." in refused.value.message_dict["name"]


# --- Meetings -----------------------------------------------------------------------------------


def test_a_meeting_starts_with_the_usual_members_and_the_committee_chair(
    organisation, lead, member
):
    committee = services.create_committee(
        organisation, name="COPIL", kind="steering", chair=lead, members=[lead, member]
    )
    meeting = services.plan_meeting(committee, held_on=TODAY, user=lead, today=TODAY)
    assert meeting.chair == lead
    assert meeting.status == "planned"
    assert {a.user for a in meeting.attendees.all()} == {lead, member}


def test_a_meeting_date_too_far_away_is_refused(organisation):
    committee = CommitteeFactory(organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        services.plan_meeting(committee, held_on=dt.date(2062, 1, 1), today=TODAY)
    assert "La date de la réunion doit se situer entre" in refused.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as refused:
        services.plan_meeting(committee, held_on=None, today=TODAY)
    assert refused.value.message_dict["held_on"] == ["Indiquez la date de la réunion."]
    assert not Meeting.objects.exists()


def test_a_meeting_chaired_by_an_outsider_is_refused(organisation, outsider):
    committee = CommitteeFactory(organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        services.plan_meeting(committee, held_on=TODAY, chair=outsider, today=TODAY)
    assert "chair" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_a_meeting_is_held_only_once_its_date_has_come(organisation):
    meeting = MeetingFactory(
        committee__organisation=organisation, held_on=TODAY + dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as refused:
        services.mark_held(meeting, today=TODAY)
    assert "ne peut pas être déclarée tenue avant cette date" in messages_of(refused.value)
    held = services.mark_held(meeting, today=TODAY + dt.timedelta(days=3))
    assert held.status == "held"
    assert services.mark_held(held, today=TODAY + dt.timedelta(days=4)).status == "held"
    assert held.history.count() == 2  # created, held: the second click changes nothing


# --- Attendees ----------------------------------------------------------------------------------


def test_an_external_attendee_is_recorded_with_their_quality(organisation):
    meeting = MeetingFactory(committee__organisation=organisation, committee__kind="users")
    attendee = services.add_attendee(
        meeting, name="Mme Durand", quality="Représentante de l'UDAF de la Haute-Savoie"
    )
    assert attendee.is_external
    assert str(attendee) == "Mme Durand (Représentante de l'UDAF de la Haute-Savoie)"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "Mme Durand"}, "quality", "Indiquez la qualité de la personne extérieure."),
        ({"quality": "Usager"}, "name", "Choisissez un membre ou indiquez le nom"),
        ({"name": "M. Roux\x07", "quality": "Usager"}, "name", "caractère de contrôle"),
        ({"name": "x" * 201, "quality": "Usager"}, "name", "dépasse 200 caractères"),
    ],
)
def test_an_external_attendee_with_bad_input_is_refused(organisation, values, field, message):
    meeting = MeetingFactory(committee__organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        services.add_attendee(meeting, **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Attendee.objects.exists()


def test_a_member_attends_once_and_only_members_of_the_organisation(organisation, lead, outsider):
    meeting = MeetingFactory(committee__organisation=organisation)
    services.add_attendee(meeting, member=lead)
    with pytest.raises(ValidationError) as refused:
        services.add_attendee(meeting, member=lead)
    assert "figure déjà parmi les participants" in messages_of(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.add_attendee(meeting, member=outsider)
    assert "n'est pas membre actif" in messages_of(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.add_attendee(meeting, member=lead, name="Mme Durand", quality="Usager")
    assert "pas les deux" in messages_of(refused.value)
    assert meeting.attendees.count() == 1


def test_removing_an_attendee_twice_does_nothing_more(organisation, lead):
    meeting = MeetingFactory(committee__organisation=organisation)
    attendee = services.add_attendee(meeting, member=lead)
    services.remove_attendee(meeting, attendee.pk)
    services.remove_attendee(meeting, attendee.pk)
    assert not meeting.attendees.exists()


# --- Agenda -------------------------------------------------------------------------------------


def test_the_agenda_is_saved_as_an_ordered_copy_that_replaces_the_previous_one(organisation):
    meeting = MeetingFactory(committee__organisation=organisation)
    services.save_agenda(meeting, [("", "Point ancien")])
    services.save_agenda(
        meeting,
        [
            ("Actions en retard", "PA-74-2026-00001 — Refaire la signalétique"),
            ("", "  "),
            ("", "Questions diverses"),
        ],
    )
    assert list(meeting.agenda.values_list("position", "section", "title")) == [
        (1, "Actions en retard", "PA-74-2026-00001 — Refaire la signalétique"),
        (2, "", "Questions diverses"),
    ]
    meeting.refresh_from_db()
    assert meeting.agenda_saved_at is not None


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "L'ordre du jour est vide"),
        ([("", " ")], "L'ordre du jour est vide"),
        ([("", "x" * 501)], "Le point n° 1 dépasse 500 caractères."),
        ([("", "Bilan"), ("", "Budget\x1b")], "Le point n° 2 contient un caractère de contrôle"),
        ([("", f"Point {n}") for n in range(101)], "au plus 100 points"),
    ],
)
def test_a_bad_agenda_is_refused_and_the_saved_one_is_kept(organisation, items, message):
    meeting = MeetingFactory(committee__organisation=organisation)
    services.save_agenda(meeting, [("", "Bilan annuel de la qualité")])
    with pytest.raises(ValidationError) as refused:
        services.save_agenda(meeting, items)
    assert message in messages_of(refused.value)
    assert list(AgendaItem.objects.values_list("title", flat=True)) == [
        "Bilan annuel de la qualité"
    ]


# --- Minutes ------------------------------------------------------------------------------------


def test_minutes_written_after_the_meeting_mark_it_held(organisation):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    services.record_minutes(meeting, text="Le bilan 2025 est validé.", today=TODAY)
    meeting.refresh_from_db()
    assert meeting.minutes == "Le bilan 2025 est validé."
    assert meeting.status == "held"


def test_minutes_are_refused_before_the_meeting_or_empty(organisation):
    meeting = MeetingFactory(
        committee__organisation=organisation, held_on=TODAY + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(meeting, text="Trop tôt", today=TODAY)
    assert "une fois qu'elle a eu lieu" in messages_of(refused.value)
    meeting.held_on = TODAY
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(meeting, text="  ", today=TODAY)
    assert "Rédigez le compte rendu ou joignez son fichier." in messages_of(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(meeting, text="Compte\x00 rendu", today=TODAY)
    assert "Le compte rendu contient un caractère de contrôle" in messages_of(refused.value)


def test_a_minutes_file_is_checked_like_evidence(organisation, settings):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    saved = services.record_minutes(
        meeting, file=SimpleUploadedFile("CR COPIL.pdf", PDF), today=TODAY
    )
    assert saved.minutes_filename == "CR_COPIL.pdf"
    assert saved.minutes_content_type == "application/pdf"
    with saved.minutes_file.open("rb") as stored:
        assert stored.read() == PDF

    other = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(
            other, file=SimpleUploadedFile("cr.pdf", b"MZ\x90\x00 not a pdf"), today=TODAY
        )
    assert "n'est pas celui d'un fichier PDF" in messages_of(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(other, file=SimpleUploadedFile("cr.exe", b"MZ"), today=TODAY)
    assert "Ce type de fichier n'est pas accepté" in messages_of(refused.value)
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(other, file=SimpleUploadedFile("cr.pdf", PDF), today=TODAY)
    assert "dépasse la taille maximale" in messages_of(refused.value)
    other.refresh_from_db()
    assert not other.minutes_file and other.status == "planned"


# --- Decisions ----------------------------------------------------------------------------------


def test_a_decision_becomes_an_action_of_the_plan_linked_back_to_the_meeting(
    organisation, lead, member
):
    meeting = MeetingFactory(
        committee__organisation=organisation, committee__name="COPIL qualité", held_on=TODAY
    )
    decision = services.record_decision(
        meeting,
        text="Afficher les résultats des indicateurs dans les espaces d'accueil.",
        responsible=member,
        due_on=dt.date(2027, 1, 31),
        user=lead,
        today=TODAY,
    )
    action = decision.action
    assert action.source == "committee"
    assert action.owner == member
    assert action.due_on == dt.date(2027, 1, 31)
    assert action.title == "Afficher les résultats des indicateurs dans les espaces d'accueil."
    assert action.source_detail == "COPIL qualité du 20/11/2026"
    assert action.reference.startswith("PA-")
    assert Action.objects.get(pk=action.pk).committee_decision.meeting == meeting
    assert decision.history.get().history_user == lead


def test_a_decision_without_a_responsible_person_is_refused_and_nothing_is_saved(
    organisation, lead
):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            meeting,
            text="Refaire la signalétique",
            responsible=None,
            due_on=dt.date(2027, 1, 31),
            user=lead,
            today=TODAY,
        )
    assert refused.value.message_dict["responsible"] == [
        "Une décision de comité sans responsable ne peut pas être enregistrée : indiquez la "
        "personne chargée de la mettre en œuvre."
    ]
    assert not Decision.objects.exists()
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"due_on": None}, "due_on", "Indiquez l'échéance de la décision."),
        ({"due_on": TODAY - dt.timedelta(days=1)}, "due_on", "ne peut pas précéder la création"),
        ({"text": " "}, "text", "Indiquez la décision prise."),
        ({"text": "Décider\x00"}, "text", "caractère de contrôle"),
    ],
)
def test_a_decision_with_bad_input_is_refused(organisation, member, values, field, message):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    arguments = {
        "text": "Refaire la signalétique",
        "responsible": member,
        "due_on": TODAY,
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        services.record_decision(meeting, today=TODAY, **arguments)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Decision.objects.exists()
    assert not Action.objects.exists()


def test_a_decision_responsible_from_another_organisation_is_refused(organisation, outsider):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            meeting, text="Refaire", responsible=outsider, due_on=TODAY, today=TODAY
        )
    assert "n'est pas membre actif" in " ".join(refused.value.message_dict["responsible"])
    assert not Action.objects.exists()


def test_decisions_of_a_meeting_to_come_are_refused(organisation, member):
    meeting = MeetingFactory(
        committee__organisation=organisation, held_on=TODAY + dt.timedelta(days=7)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            meeting,
            text="Refaire",
            responsible=member,
            due_on=TODAY + dt.timedelta(days=30),
            today=TODAY,
        )
    assert "ses décisions s'enregistrent une fois qu'elle a eu lieu" in messages_of(refused.value)
    assert not Action.objects.exists()


def test_every_model_keeps_its_history(organisation, lead, member):
    committee = services.create_committee(organisation, name="CSA", kind="staff", user=lead)
    meeting = services.plan_meeting(committee, held_on=TODAY, user=lead, today=TODAY)
    services.add_attendee(meeting, member=member, user=lead)
    services.save_agenda(meeting, [("", "Bilan annuel")], user=lead)
    services.record_decision(
        meeting, text="Former les agents", responsible=member, due_on=TODAY, user=lead, today=TODAY
    )
    for model in (Committee, Meeting, Attendee, AgendaItem, Decision):
        assert model.history.filter(history_user=lead).exists(), model


def test_a_meeting_is_moved_or_rechaired_within_the_rules(organisation, lead, outsider):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    moved = services.update_meeting(
        meeting, held_on=TODAY + dt.timedelta(days=7), chair=lead, user=lead, today=TODAY
    )
    assert (moved.held_on, moved.chair) == (TODAY + dt.timedelta(days=7), lead)
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(moved, held_on=TODAY, chair=outsider, today=TODAY)
    assert "n'est pas membre actif" in " ".join(refused.value.message_dict["chair"])
    held = services.mark_held(
        MeetingFactory(committee=meeting.committee, held_on=TODAY), today=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(held, held_on=TODAY + dt.timedelta(days=1), today=TODAY)
    assert refused.value.message_dict["held_on"] == [
        "Une réunion tenue ne peut pas être datée dans le futur."
    ]
    meeting.refresh_from_db()
    assert meeting.chair == lead
