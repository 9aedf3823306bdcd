"""Import of the "Je donne mon avis" export and its figures with the surveys: the service's
columns and smiley labels, all or nothing with French errors by line and column, re-importing
adds nothing, counts / satisfaction share / average by month, comments as text, and each
organisation seeing only its own reviews."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.enums import Role
from qualipilote.surveys.jdma import form_results, forms_summary, import_jdma, year_figures
from qualipilote.surveys.models import JdmaAnswer, JdmaReview

pytestmark = pytest.mark.django_db

SAT = "De façon générale, comment ça s'est passé ?"
COMP = "Qu'avez-vous pensé des informations et des instructions fournies ?"
VERBATIM = "Souhaitez-vous nous en dire plus ?"
HEADER = [
    "Date de l'avis",
    "Nom du formulaire",
    "Lien d'intégration",
    "Identifiant Avis",
    SAT,
    COMP,
    VERBATIM,
]
FORM = "Prise de rendez-vous"
ROWS = [
    ["2026-01-05 09:12:00", FORM, "Site", "1a2b3c4", "Très bien", "5", "Parfait"],
    ["2026-01-20 17:40:10", FORM, "Site", "1a2b3c5", "Moyen", "3", ""],
    ["2026-02-03 08:00:00", FORM, "Site", "1a2b3c6", "Pas bien", "1", "<script>alert(1)</script>"],
    ["2026-02-14 12:30:00", FORM, "Site", "1a2b3c7", "Très bien", "", ""],
    ["2026-02-15 12:30:00", "Titre de séjour", "ANEF", "99ff001", "good", "", ""],
]


def csv_bytes(header=HEADER, rows=ROWS, sep=",") -> bytes:
    def cell(value):
        value = str(value)
        return f'"{value}"' if sep in value or '"' in value else value

    lines = [sep.join(cell(v) for v in header), *(sep.join(cell(v) for v in r) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(sheets) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rejected(organisation, raw, filename="avis.csv") -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_jdma(organisation, raw, filename)
    assert not JdmaReview.objects.exists() and not JdmaAnswer.objects.exists()
    return [str(error) for error in caught.value.errors]


def test_the_export_is_imported_with_the_services_scores(organisation):
    result = import_jdma(organisation, csv_bytes(), "avis.csv")

    assert (result.new, result.known) == (5, 0)
    review = JdmaReview.objects.get(identifier="1a2b3c4")
    assert review.submitted_at == dt.datetime(2026, 1, 5, 9, 12, tzinfo=dt.UTC)
    assert (review.form_name, review.integration_link) == (FORM, "Site")
    smileys = dict(
        JdmaAnswer.objects.filter(question=SAT).values_list("review__identifier", "score")
    )
    assert smileys == {"1a2b3c4": 10, "1a2b3c5": 5, "1a2b3c6": 0, "1a2b3c7": 10, "99ff001": 10}
    assert JdmaAnswer.objects.get(review=review, question=COMP).score == 5
    assert JdmaAnswer.objects.get(review=review, question=VERBATIM).text == "Parfait"
    # empty cells are no answer
    assert not JdmaAnswer.objects.filter(review__identifier="1a2b3c7", question=COMP).exists()


def test_reimporting_the_same_file_adds_nothing_and_says_so(organisation):
    import_jdma(organisation, csv_bytes(), "avis.csv")
    again = import_jdma(organisation, csv_bytes(), "avis.csv")
    assert (again.new, again.known) == (0, 5)
    assert again.message == "Import terminé : 0 nouvel avis enregistré, 5 déjà connus."
    assert JdmaReview.objects.count() == 5 and JdmaAnswer.objects.count() == 10

    more = ROWS + [["2026-03-01 10:00:00", FORM, "Site", "1a2b3c8", "Moyen", "", ""]]
    third = import_jdma(organisation, csv_bytes(rows=more), "avis-mars.csv")
    assert (third.new, third.known) == (1, 5)


def test_the_same_identifier_in_another_organisation_is_another_review(
    organisation, other_organisation
):
    import_jdma(organisation, csv_bytes(), "avis.csv")
    result = import_jdma(other_organisation, csv_bytes(), "avis.csv")
    assert result.new == 5
    assert JdmaReview.objects.filter(organisation=other_organisation).count() == 5


def test_headers_are_recognised_whatever_their_case_accents_and_apostrophes(organisation):
    header = [h.upper().replace("'", "’") for h in HEADER]
    header[2] = "Lien d'integration"
    assert import_jdma(organisation, csv_bytes(header=header), "avis.csv").new == 5


def test_an_unknown_column_refuses_the_file_naming_it(organisation):
    header = [*HEADER, "Note du guichet"]
    rows = [[*row, "8"] for row in ROWS]
    assert rejected(organisation, csv_bytes(header=header, rows=rows)) == [
        "Ligne 1, colonne « note du guichet » : colonne inconnue : ce n'est pas une colonne de "
        "l'export « Je donne mon avis » (questions du formulaire standard)."
    ]


def test_a_missing_fixed_column_refuses_the_file(organisation):
    header = [h for h in HEADER if h != "Identifiant Avis"]
    rows = [[c for i, c in enumerate(row) if i != 3] for row in ROWS]
    assert rejected(organisation, csv_bytes(header=header, rows=rows)) == [
        "Ligne 1, colonne « Identifiant Avis » : colonne absente de l'en-tête."
    ]


def test_bad_lines_refuse_the_whole_file_with_line_and_column(organisation):
    rows = [
        *ROWS[:2],
        ["31/02/2026 10:00", FORM, "Site", "abc0001", "Très bien", "", ""],
        ["2026-02-01 10:00:00", FORM, "Site", "abc0002", "Super", "6", ""],
        ["2026-02-01 10:00:00", "", "Site", "abc 3", "", "", ""],
        ["2026-02-02 10:00:00", FORM, "Site", "1a2b3c4", "Moyen", "", ""],
    ]
    assert rejected(organisation, csv_bytes(rows=rows)) == [
        "Ligne 4, colonne « Date de l'avis » : « 31/02/2026 10:00 » n'est pas une date et une "
        "heure (attendu AAAA-MM-JJ HH:MM:SS).",
        f"Ligne 5, colonne « {SAT} » : « Super » n'est pas une réponse possible (« Pas bien », "
        "« Moyen », « Très bien »).",
        f"Ligne 5, colonne « {COMP} » : « 6 » n'est pas une note de 1 à 5.",
        "Ligne 6, colonne « Nom du formulaire » : valeur obligatoire.",
        "Ligne 6, colonne « Identifiant Avis » : « abc 3 » n'est pas un identifiant d'avis "
        "(lettres, chiffres, 64 au plus).",
        "Ligne 7, colonne « Identifiant Avis » : même identifiant que la ligne 2.",
    ]


def test_control_characters_and_empty_files_are_refused(organisation):
    rows = [["2026-01-05 09:12:00", FORM, "Site", "1a2b3c4", "Très bien", "", "a\x07b"]]
    [error] = rejected(organisation, csv_bytes(rows=rows))
    assert error.startswith(f"Ligne 2, colonne « {VERBATIM.lower()} »")
    assert rejected(organisation, b"") == ["Ligne 1 : le fichier est vide."]
    assert rejected(organisation, b"x", "avis.xls") == [
        "Ligne 1 : format non reconnu : envoyez un fichier .csv ou .xlsx."
    ]


def test_xlsx_export_with_date_cells_is_imported(organisation):
    rows = [HEADER, [dt.datetime(2026, 1, 5, 9, 12), FORM, "Site", "1a2b3c4", "Moyen", 4, ""]]
    result = import_jdma(organisation, xlsx_bytes([("2026", rows)]), "avis.xlsx")
    assert result.new == 1
    review = JdmaReview.objects.get()
    assert review.submitted_at == dt.datetime(2026, 1, 5, 9, 12, tzinfo=dt.UTC)
    assert JdmaAnswer.objects.get(question=COMP).score == 4


def test_an_xlsx_export_of_several_years_is_refused_with_advice(organisation):
    row = ["2026-01-05 09:12:00", FORM, "Site", "1a2b3c4", "Moyen", "", ""]
    raw = xlsx_bytes([("2025", [HEADER, row]), ("2026", [HEADER, row])])
    [error] = rejected(organisation, raw, "avis.xlsx")
    assert "le classeur compte 2 feuilles (2025, 2026)" in error


def test_the_email_column_is_accepted_but_never_stored(organisation):
    header = [*HEADER, "Adresse mail"]
    rows = [[*row, "usager@example.org"] for row in ROWS]
    import_jdma(organisation, csv_bytes(header=header, rows=rows), "avis.csv")
    assert not JdmaAnswer.objects.filter(text__contains="@").exists()


def test_figures_per_form_question_and_month(organisation):
    import_jdma(organisation, csv_bytes(), "avis.csv")

    [question] = form_results(organisation, FORM)
    assert question.question == SAT
    january, february = question.months
    assert (january.label, january.bad, january.medium, january.good) == ("janvier 2026", 0, 1, 1)
    assert (january.satisfaction_rate, january.average) == (Decimal("50.0"), Decimal("7.5"))
    assert (february.label, february.bad, february.good, february.rated) == (
        "février 2026",
        1,
        1,
        2,
    )
    assert question.total.rated == 4 and question.total.good == 2
    assert question.total.satisfaction_rate == Decimal("50.0")
    assert question.total.average == Decimal("6.3")  # (10 + 5 + 0 + 10) / 4 = 6.25

    summary = {row["form_name"]: row for row in forms_summary(organisation)}
    assert summary[FORM]["reviews"] == 4
    assert summary["Titre de séjour"]["figures"].satisfaction_rate == Decimal("100.0")
    assert year_figures(organisation, 2026).rated == 5
    assert year_figures(organisation, 2025).satisfaction_rate is None


def test_the_import_page_needs_the_right_to_manage_surveys(member_client, organisation):
    url = reverse("surveys:jdma_import", kwargs={"org_code": organisation.code})
    agent = member_client(Role.AGENT)
    assert agent.get(url).status_code == 403


def test_the_lead_imports_from_the_page_and_reads_the_ratings(quality_lead_client, organisation):
    client = quality_lead_client
    url = reverse("surveys:jdma_import", kwargs={"org_code": organisation.code})
    page = client.get(url)
    assert page.status_code == 200 and "Identifiant Avis" in page.content.decode()

    sent = client.post(url, {"file": _upload(csv_bytes())}, follow=True)
    assert "Import terminé : 5 nouveaux avis enregistrés, 0 déjà connu." in sent.content.decode()
    listing = sent.content.decode()
    assert "Prise de rendez-vous" in listing and "50.0 % <span" in listing.replace(",", ".")

    results = client.get(
        reverse("surveys:jdma_results", kwargs={"org_code": organisation.code}),
        {"formulaire": FORM},
    )
    html = results.content.decode()
    assert results.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "février 2026" in html


def test_a_refused_file_shows_every_error_and_saves_nothing(quality_lead_client, organisation):
    url = reverse("surveys:jdma_import", kwargs={"org_code": organisation.code})
    bad = [*ROWS, ["2026-02-01 10:00:00", FORM, "Site", "abc0002", "Super", "", ""]]
    page = quality_lead_client.post(url, {"file": _upload(csv_bytes(rows=bad))})
    assert page.status_code == 400
    assert "« Super » n&#x27;est pas une réponse possible" in page.content.decode()
    assert not JdmaReview.objects.exists()


def test_a_file_over_the_import_size_limit_is_refused(quality_lead_client, organisation, settings):
    settings.IMPORT_MAX_BYTES = 100
    url = reverse("surveys:jdma_import", kwargs={"org_code": organisation.code})
    page = quality_lead_client.post(url, {"file": _upload(csv_bytes())})
    assert page.status_code == 400
    assert "Le fichier dépasse la taille maximale" in page.content.decode()
    assert not JdmaReview.objects.exists()


def test_another_organisation_sees_none_of_the_reviews(
    member_client, organisation, other_organisation
):
    import_jdma(organisation, csv_bytes(), "avis.csv")
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    own_url = reverse("surveys:jdma_results", kwargs={"org_code": other_organisation.code})
    assert outsider.get(own_url, {"formulaire": FORM}).status_code == 404
    theirs = reverse("surveys:jdma_results", kwargs={"org_code": organisation.code})
    assert outsider.get(theirs, {"formulaire": FORM}).status_code in (403, 404)
    listing = outsider.get(reverse("surveys:list", kwargs={"org_code": other_organisation.code}))
    assert FORM not in listing.content.decode()


def _upload(raw: bytes, name="avis.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="text/csv")
