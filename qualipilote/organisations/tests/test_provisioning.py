import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.services import create_organisation, import_organisations
from qualipilote.organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_create_organisation_command_creates_one_with_its_defaults(capsys):
    call_command(
        "create_organisation",
        "pref-57",
        name="Préfecture de la Moselle",
        kind="prefecture",
        departement="57",
    )
    moselle = Organisation.objects.get(code="pref-57")
    assert moselle.departement == "57"
    assert "pref-57" in capsys.readouterr().out


def test_create_organisation_command_refuses_an_unknown_departement():
    with pytest.raises(CommandError, match="n'est pas un code de département"):
        call_command(
            "create_organisation", "pref-99", name="Nulle part", kind="prefecture", departement="99"
        )
    assert not Organisation.objects.exists()


def test_create_organisation_command_refuses_a_duplicate_code(organisation):
    with pytest.raises(CommandError, match="déjà le code pref-74"):
        call_command(
            "create_organisation", "pref-74", name="Doublon", kind="prefecture", departement="74"
        )


@pytest.mark.parametrize("code", ["admin", "api", "Pref 74", "pref_74"])
def test_organisation_codes_must_be_url_safe_and_not_reserved(code):
    with pytest.raises(ValidationError) as error:
        create_organisation(code=code, name="X", kind="prefecture", departement="74")
    assert "code" in error.value.message_dict


def test_import_creates_organisations_and_their_children_from_one_file():
    csv = (
        "code;nom;type;departement;parent\n"
        "pref-67;Préfecture du Bas-Rhin;prefecture;67;\n"
        "sp-67-saverne;Sous-préfecture de Saverne;sous-prefecture;67;pref-67\n"
    ).encode()
    created = import_organisations(csv, "organisations.csv")
    assert [o.code for o in created] == ["pref-67", "sp-67-saverne"]
    assert Organisation.objects.get(code="sp-67-saverne").parent.code == "pref-67"


def test_import_reads_excel_windows_1252_csv():
    csv = "code;nom;type;departement;parent\npref-974;Préfecture de La Réunion;prefecture;974;\n"
    import_organisations(csv.encode("cp1252"), "organisations.csv")
    assert Organisation.objects.get(code="pref-974").name == "Préfecture de La Réunion"


def test_import_with_one_bad_line_creates_nothing_and_names_every_error():
    csv = (
        "code;nom;type;departement;parent\n"
        "pref-01;Préfecture de l'Ain;prefecture;01;\n"
        "pref-20;Préfecture fantôme;prefecture;20;\n"
        "pref-02;Préfecture de l'Aisne;ministere;02;pref-inconnue\n"
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_organisations(csv, "organisations.csv")
    messages = [str(error) for error in rejected.value.errors]
    assert any(m.startswith("Ligne 3, colonne « departement »") for m in messages)
    assert any(m.startswith("Ligne 4, colonne « type »") for m in messages)
    assert any(m.startswith("Ligne 4, colonne « parent »") for m in messages)
    assert not Organisation.objects.exists()


def test_import_refuses_a_file_without_the_expected_columns():
    with pytest.raises(ImportRejected, match="colonne absente"):
        import_organisations(b"code;name\npref-01;Ain\n", "organisations.csv")


def test_import_organisations_command_reports_errors_in_french(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "code;nom;type;departement;parent\npref-01;Ain;prefecture;XX;\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="aucune organisation créée"):
        call_command("import_organisations", str(path))


def test_a_unit_cannot_hang_under_another_organisations_unit(organisation, other_organisation):
    foreign = UnitFactory(organisation=other_organisation)
    unit = UnitFactory.build(organisation=organisation, parent=foreign)
    with pytest.raises(ValidationError, match="même organisation"):
        unit.clean()


def test_a_unit_cannot_be_its_own_ancestor(organisation):
    direction = UnitFactory(organisation=organisation)
    bureau = UnitFactory(organisation=organisation, parent=direction)
    direction.parent = bureau
    with pytest.raises(ValidationError, match="elle-même"):
        direction.clean()


def test_two_organisations_cannot_share_the_short_code_of_their_public_references(organisation):
    """pref-74 and 74 would both number their complaints AV-74-…: the second is refused."""
    with pytest.raises(ValidationError) as refused:
        create_organisation(code="74", name="Autre", kind="prefecture", departement="74")

    assert "mêmes références publiques" in refused.value.message_dict["code"][0]
    assert not Organisation.objects.filter(code="74").exists()


def test_import_refuses_two_lines_whose_public_references_would_collide():
    raw = "code;nom;type;departement;parent\npref-57;Moselle;prefecture;57;\n57;Autre;prefecture;57;\n"

    with pytest.raises(ImportRejected) as rejected:
        import_organisations(raw.encode())

    assert [(error.line, error.column) for error in rejected.value.errors] == [(3, "code")]
    assert not Organisation.objects.exists()
