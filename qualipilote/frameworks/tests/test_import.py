"""Importing or completing a framework version from a workbook, in the interface."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from qualipilote.assessments.enums import AssessmentStatus
from qualipilote.assessments.models import SelfAssessment
from qualipilote.frameworks.models import Commitment, FrameworkVersion, Module
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import UserFactory

HEADER = ["type", "module", "numéro", "engagement", "intitulé", "statut de l'intitulé",
          "obligatoire", "attendus de l'auditeur", "indicateurs"]  # fmt: skip
IMPORT_URL = reverse("frameworks:import")


def workbook(rows, header=HEADER) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "referentiel.xlsx"
    return buffer


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _post(client, upload, framework="quali-ate", version="2024", **fields):
    data = {"framework_code": framework, "version": version, "file": upload, **fields}
    return client.post(IMPORT_URL, data)


def _ate(number):
    return Commitment.objects.get(version__framework__code="quali-ate", number=number)


COMPLETION = [
    {"type": "module", "numéro": 3, "intitulé": "Intitulé du module 3"},
    {"type": "engagement", "module": 3, "numéro": 28, "intitulé": "Engagement 28 du texte"},
    {"type": "sous-critère", "numéro": "28.1", "intitulé": "Premier sous-critère"},
    {"type": "engagement", "numéro": 15, "attendus de l'auditeur": "Registre des délais",
     "indicateurs": "email_answered_on_time_rate, letter_average_response_days"},
]  # fmt: skip


def test_an_administrator_completes_a_version_and_assessments_stay_attached(
    admin_client, loaded_frameworks, organisation
):
    commitment_15 = _ate(15)
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        commitment=commitment_15,
        status=AssessmentStatus.PARTLY_MET,
        assessed_at=timezone.now(),
    )

    response = _post(admin_client, workbook(COMPLETION))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "frameworks:version", kwargs={"framework_code": "quali-ate", "version": "2024"}
    )
    module_3 = Module.objects.get(version__framework__code="quali-ate", number=3)
    assert (module_3.title, module_3.title_status) == ("Intitulé du module 3", "known")
    assert _ate(28).module == module_3
    assert list(_ate(28).sub_criteria.values_list("code", flat=True)) == ["28.1"]
    commitment_15.refresh_from_db()
    assert commitment_15.title == "Nous vous répondons dans un délai annoncé et maîtrisé"
    assert commitment_15.auditor_expectations == "Registre des délais"
    assert commitment_15.indicator_codes == [
        "email_answered_on_time_rate",
        "letter_average_response_days",
    ]
    assessment.refresh_from_db()
    assert assessment.commitment_id == commitment_15.pk
    assert _ate(43).pk  # nothing the workbook left out was deleted
    page = admin_client.get(response["Location"])
    assert "Import terminé" in page.content.decode()
    assert "engagements : 1 créé, 1 mis à jour, 35 inchangés" in page.content.decode()
    assert commitment_15.history.first().history_user.is_superuser


def test_an_administrator_imports_a_new_version(admin_client, db):
    rows = [
        {"type": "module", "numéro": 1, "intitulé": "Accueil", "obligatoire": "oui"},
        {"type": "module", "numéro": 2, "statut de l'intitulé": "inconnu"},
        {"type": "engagement", "module": 1, "numéro": 1, "intitulé": "Nous vous accueillons"},
    ]
    response = _post(
        admin_client,
        workbook(rows),
        framework="referentiel-essai",
        version="2025",
        framework_name="Référentiel d'essai",
        title="Référentiel d'essai 2025",
    )
    assert response.status_code == 302
    version = FrameworkVersion.objects.get(framework__code="referentiel-essai", version="2025")
    assert version.framework.name == "Référentiel d'essai"
    assert version.modules.get(number=1).mandatory
    assert version.modules.get(number=2).title_status == "unknown"
    assert version.commitments.get(number=1).title == "Nous vous accueillons"


def test_a_new_version_needs_a_title_and_a_new_framework_a_name(admin_client, db):
    response = _post(admin_client, workbook(COMPLETION), framework="nouveau", version="1")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["framework_name"] == ["Obligatoire : ce référentiel n'existe pas encore."]
    assert form.errors["title"] == ["Obligatoire : cette version n'existe pas encore."]


def test_a_workbook_with_bad_rows_lists_every_error_with_line_and_column_and_saves_nothing(
    admin_client, loaded_frameworks
):
    rows = [
        {"type": "module", "numéro": 3, "intitulé": "Ne doit pas être enregistré"},
        {"type": "chapitre", "numéro": 1},
        {"type": "engagement", "module": 12, "numéro": 29, "intitulé": "Module absent"},
        {"type": "engagement", "module": 3, "numéro": 15, "intitulé": "Doublon d'un autre module"},
        {"type": "module", "numéro": 5, "obligatoire": "peut-être"},
        {"type": "sous-critère", "numéro": "99.1", "intitulé": "Sans engagement"},
        {"type": "engagement", "numéro": 30, "intitulé": "Sans module"},
    ]
    response = _post(admin_client, workbook(rows))

    assert response.status_code == 400
    errors = {(e.line, e.column): e.message for e in response.context["errors"]}
    assert errors[(3, "type")] == "« chapitre » n'est pas une valeur possible."
    assert "numéro en double (déjà dans le module 1)" in errors[(5, "module")]
    assert errors[(6, "obligatoire")] == "« peut-être » n'est pas une réponse oui/non."
    assert "engagement 99 inconnu" in errors[(7, "engagement")]
    assert errors[(8, "module")] == "obligatoire pour un nouvel engagement."
    assert "Classeur refusé : rien n'a été importé" in response.content.decode()
    assert Module.objects.get(version__framework__code="quali-ate", number=3).title == ""


def test_a_commitment_in_an_undeclared_module_is_refused_at_its_line(
    admin_client, loaded_frameworks
):
    rows = [{"type": "engagement", "module": 12, "numéro": 29, "intitulé": "Module absent"}]
    response = _post(admin_client, workbook(rows))
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert (error.line, error.column) == (2, "module")
    assert error.message.startswith("engagement 29 : module inconnu : 12")
    assert not Commitment.objects.filter(number=29).exists()


def test_the_same_commitment_twice_in_a_workbook_is_refused(admin_client, loaded_frameworks):
    rows = [
        {"type": "engagement", "module": 3, "numéro": 28, "intitulé": "Une fois"},
        {"type": "engagement", "module": 3, "numéro": 28, "intitulé": "Deux fois"},
    ]
    response = _post(admin_client, workbook(rows))
    [error] = response.context["errors"]
    assert (error.line, error.column, error.message) == (
        3,
        "numéro",
        "L'engagement 28 figure déjà ligne 2.",
    )


def test_a_file_that_is_not_a_spreadsheet_is_refused(admin_client, loaded_frameworks):
    upload = io.BytesIO(b"ceci n'est pas un classeur")
    upload.name = "referentiel.xlsx"
    response = _post(admin_client, upload)
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert error.message == "ce fichier n'est pas un classeur Excel (.xlsx) lisible."


def test_a_missing_column_is_named(admin_client, loaded_frameworks):
    response = _post(admin_client, workbook([{"type": "module"}], header=["type", "intitulé"]))
    [error] = response.context["errors"]
    assert (error.line, error.column) == (1, "numéro")


def test_the_import_is_refused_to_a_user_without_the_national_permission(
    client, member_client, loaded_frameworks
):
    lead = member_client(Role.QUALITY_LEAD)
    assert lead.get(IMPORT_URL).status_code == 403
    assert _post(lead, workbook(COMPLETION)).status_code == 403
    assert Module.objects.get(version__framework__code="quali-ate", number=3).title == ""


def test_a_user_given_the_permission_may_import(client, db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_frameworkversion"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    assert client.get(IMPORT_URL).status_code == 302


def test_the_template_is_a_real_workbook_with_the_columns_and_their_help(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("frameworks:import_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Référentiel", "Mode d'emploi"]
    header = [cell.value for cell in book["Référentiel"][1]]
    assert header[:3] == ["type", "module", "numéro"]
    assert "attendus de l'auditeur" in header


def test_a_downloaded_version_sent_back_unchanged_changes_nothing(admin_client, loaded_frameworks):
    url = reverse(
        "frameworks:version_workbook", kwargs={"framework_code": "qual-e-pref", "version": "2019"}
    )
    content = admin_client.get(url).content
    upload = io.BytesIO(content)
    upload.name = "qual-e-pref-2019.xlsx"
    response = _post(admin_client, upload, framework="qual-e-pref", version="2019")
    assert response.status_code == 302
    message = list(response.wsgi_request._messages)[0].message
    assert "inchangée" in message and "engagements : 24 inchangés" in message


def test_a_number_beyond_its_column_is_named_instead_of_crashing_the_database(
    admin_client, loaded_frameworks
):
    rows = [
        {"type": "module", "numéro": 99999, "intitulé": "Trop grand"},
        {"type": "engagement", "module": 3, "numéro": 40000, "intitulé": "Trop grand"},
        {"type": "sous-critère", "engagement": 1e15, "numéro": "1.9", "intitulé": "Trop grand"},
    ]
    response = _post(admin_client, workbook(rows))
    assert response.status_code == 400
    errors = {(e.line, e.column): e.message for e in response.context["errors"]}
    assert errors[(2, "numéro")] == "« 99999 » doit être inférieur ou égal à 32\u202f767."
    assert errors[(3, "numéro")] == "« 40000 » doit être inférieur ou égal à 32\u202f767."
    assert errors[(4, "engagement")].endswith("doit être inférieur ou égal à 32\u202f767.")
    assert not Module.objects.filter(number=99999).exists()
