"""Services Publics+ experiences imported into the feedback register: their own source, the
feeling kept, the structure's answer as the reply, deadlines in working days, idempotent on the
experience's identifier (or a hash of date and description), tolerant headers but unknown ones
refused, all or nothing, and the description purged with the other personal data."""

import datetime as dt

import pytest
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.enums import Role
from qualipilote.registers.enums import FeedbackKind, FeedbackSource
from qualipilote.registers.models import Feedback
from qualipilote.registers.purge import purge_marker, purge_personal_data
from qualipilote.registers.spplus import content_key, import_experiences

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
HEADER = "id_experience;statut;ecrit_le;description;ressenti_usager;reponse_structure_1;date_de_premiere_reponse;intitule_typologie_1"
ROWS = [
    "481200;Traitée;05/01/2026;Attente de deux heures au guichet.;Négatif;Un agent de plus le lundi.;09/01/2026;Préfecture",
    "481237;Traitée;14/01/2026;Accueil très aimable.;Positif;Merci pour votre message.;16/01/2026;Préfecture",
    "481274;En attente de réponse;09/02/2026;Horaires du site faux.;neutre;;;Préfecture",
]


def csv(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def rejected(organisation, raw) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_experiences(organisation, raw, "experiences.csv", today=TODAY)
    assert not Feedback.objects.exists()
    return [str(error) for error in caught.value.errors]


def test_experiences_become_feedback_of_their_own_source(organisation):
    result = import_experiences(organisation, csv(*ROWS), "experiences.csv", today=TODAY)

    assert (result.new, result.known) == (3, 0)
    negative = Feedback.objects.get(external_id="481200")
    assert negative.source == FeedbackSource.PUBLIC_REVIEW
    assert negative.get_source_display() == "Avis Services Publics+"
    assert (negative.kind, negative.feeling) == (FeedbackKind.COMPLAINT, "negative")
    assert negative.received_on == dt.date(2026, 1, 5)
    assert negative.answer == "Un agent de plus le lundi."
    assert negative.answered_on == dt.date(2026, 1, 9)
    # Deadlines in working days of the organisation's calendar, as for any feedback.
    assert negative.working_days_taken == 4 and negative.on_time is True
    assert negative.reference.startswith("AV-")
    assert negative.history.get().history_change_reason.startswith("Import Services Publics+")
    positive = Feedback.objects.get(external_id="481237")
    assert (positive.kind, positive.feeling) == (FeedbackKind.SUGGESTION, "positive")
    pending = Feedback.objects.get(external_id="481274")
    assert (pending.feeling, pending.answer, pending.answered_on) == ("neutral", "", None)


def test_reimporting_adds_nothing_and_says_how_many_were_known(organisation):
    import_experiences(organisation, csv(*ROWS), "experiences.csv", today=TODAY)
    again = import_experiences(organisation, csv(*ROWS), "experiences.csv", today=TODAY)
    assert (again.new, again.known) == (0, 3)
    assert again.message == (
        "Import terminé : 0 nouvelle expérience ajoutée au registre, 3 déjà connues."
    )
    assert Feedback.objects.count() == 3


def test_without_an_identifier_column_the_date_and_description_identify_the_experience(
    organisation,
):
    header = "statut;ecrit_le;description;ressenti_usager"
    rows = [
        "Traitée;05/01/2026;Attente de deux heures.;Négatif",
        ";06/01/2026;Bon accueil.;positif",
    ]
    assert (
        import_experiences(organisation, csv(*rows, header=header), "e.csv", today=TODAY).new == 2
    )
    feedback = Feedback.objects.get(received_on=dt.date(2026, 1, 5))
    assert feedback.external_id == content_key(dt.date(2026, 1, 5), "Attente de deux heures.")
    again = import_experiences(organisation, csv(*rows, header=header), "e.csv", today=TODAY)
    assert (again.new, again.known) == (0, 2)


def test_headers_tolerate_accents_case_and_spaces(organisation):
    header = (
        "ID expérience;Statut;Date;Description;Ressenti;Réponse de la structure;Date de réponse"
    )
    rows = ["9;Traitée;05/01/2026;Attente.;NÉGATIF;Excuses.;2026-01-07"]
    import_experiences(organisation, csv(*rows, header=header), "e.csv", today=TODAY)
    feedback = Feedback.objects.get()
    assert (feedback.external_id, feedback.feeling, feedback.answer) == (
        "9",
        "negative",
        "Excuses.",
    )


def test_an_unknown_column_is_refused_by_name(organisation):
    header = HEADER + ";nom_usager"
    rows = [row + ";Dupont" for row in ROWS]
    assert rejected(organisation, csv(*rows, header=header)) == [
        "Ligne 1, colonne « nom_usager » : colonne inconnue : ce n'est pas une colonne de "
        "l'export des expériences Services Publics+."
    ]


def test_bad_lines_refuse_the_whole_file(organisation):
    rows = [
        *ROWS,
        "1;Traitée;31/02/2026;Texte.;Négatif;;;",
        "2;Traitée;05/03/2026;;colère;;;",
        "3;Traitée;05/03/2026;Texte.;positif;Réponse.;01/03/2026;",
        "4;Traitée;05/12/2026;Texte.;positif;;;",
        "481200;Traitée;05/01/2026;Autre.;Négatif;;;",
    ]
    errors = rejected(organisation, csv(*rows))
    assert errors == [
        "Ligne 5, colonne « ecrit_le » : « 31/02/2026 » n'est pas une date (attendu JJ/MM/AAAA "
        "ou AAAA-MM-JJ).",
        "Ligne 6, colonne « description » : valeur obligatoire.",
        "Ligne 6, colonne « ressenti_usager » : « colère » n'est pas un ressenti (« négatif », "
        "« neutre », « positif »).",
        errors[3],
        errors[4],
        "Ligne 9, colonne « id_experience » : même expérience que la ligne 2.",
    ]
    assert errors[3].startswith("Ligne 7, colonne « date_de_premiere_reponse » :")
    assert errors[4].startswith("Ligne 8, colonne « ecrit_le » :")


def test_the_purge_removes_an_experiences_description_and_answer(organisation):
    import_experiences(organisation, csv(ROWS[0]), "experiences.csv", today=TODAY)
    later = dt.date(2026, 1, 9) + dt.timedelta(
        days=31 * organisation.personal_data_retention_months
    )
    purge_personal_data([organisation], today=later)
    feedback = Feedback.objects.get()
    assert feedback.description == purge_marker(later) == feedback.answer
    assert feedback.feeling == "negative"  # a figure, not personal data
    assert all("Attente" not in (copy.description or "") for copy in feedback.history.all())


def test_the_page_imports_for_managers_only_and_shows_the_source(
    member_client, organisation, other_organisation
):
    url = reverse("registers_io:import_spplus", kwargs={"org_code": organisation.code})
    assert member_client(Role.AGENT).get(url).status_code == 403

    lead = member_client(Role.QUALITY_LEAD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    sent = lead.post(
        url, {"file": SimpleUploadedFile("experiences.csv", csv(*ROWS), "text/csv")}, follow=True
    )
    html = sent.content.decode()
    assert "Import terminé : 3 nouvelles expériences ajoutées au registre, 0 déjà connue." in html
    assert Feedback.objects.filter(organisation=organisation).count() == 3

    bad = lead.post(
        url, {"file": SimpleUploadedFile("e.csv", csv(ROWS[0] + ";x", header=HEADER + ";y"))}
    )
    assert bad.status_code == 400 and "colonne inconnue" in bad.content.decode()

    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    feedback = Feedback.objects.first()
    detail = reverse(
        "registers:feedback_detail", kwargs={"org_code": organisation.code, "pk": feedback.pk}
    )
    assert outsider.get(detail).status_code in (403, 404)
