"""The loader: idempotent, updates by natural keys, refuses bad files whole, never deletes what
self-assessments or labelling scopes point to."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from qualipilote.assessments.enums import AssessmentStatus
from qualipilote.assessments.models import SelfAssessment
from qualipilote.frameworks.loader import load_files
from qualipilote.frameworks.models import (
    Commitment,
    Framework,
    FrameworkVersion,
    Module,
    SubCriterion,
)
from qualipilote.frameworks.schema import FrameworkDataError
from qualipilote.frameworks.tests.conftest import REAL_FILES, read_real
from qualipilote.frameworks.tests.factories import LabellingScopeFactory


def _ids():
    return (
        sorted(Framework.objects.values_list("pk", flat=True)),
        sorted(FrameworkVersion.objects.values_list("pk", "loaded_at")),
        sorted(Module.objects.values_list("pk", "title")),
        sorted(Commitment.objects.values_list("pk", "title", "search_text")),
        sorted(SubCriterion.objects.values_list("pk", "title")),
    )


def _commitment(code, version, number):
    return Commitment.objects.get(
        version__framework__code=code, version__version=version, number=number
    )


def test_loading_twice_changes_nothing_and_keeps_the_ids(loaded_frameworks):
    before = _ids()
    reports = load_files()
    assert [r.skipped for r in reports] == [True, True, True]
    assert _ids() == before


def test_a_forced_reload_of_unchanged_data_compares_every_row_and_writes_none(loaded_frameworks):
    before = _ids()
    reports = load_files(force=True)
    assert all(r.state == "unchanged" for r in reports)
    assert all(not r.commitments.changed and not r.modules.changed for r in reports)
    assert reports[1].commitments.unchanged == 36
    assert _ids() == before


def test_a_changed_file_updates_rows_by_their_natural_keys(loaded_frameworks, write_data):
    commitment_15 = _commitment("quali-ate", "2024", 15)
    data = read_real("quali-ate")
    module_3 = next(m for m in data["modules"] if m["number"] == 3)
    module_3.update(title="Module complété", title_status="known")
    entry = next(c for c in data["commitments"] if c["number"] == 15)
    entry["auditor_expectations"] = "Tableau de suivi des délais."
    data["commitments"].append({"number": 28, "module": 3, "title": "Engagement ajouté"})
    path = write_data("quali-ate-2024.yaml", data)

    [report] = load_files([path])

    assert report.state == "updated"
    assert (report.modules.updated, report.modules.unchanged) == (1, 7)
    assert (report.commitments.created, report.commitments.updated) == (1, 1)
    commitment_15.refresh_from_db()
    assert commitment_15.auditor_expectations == "Tableau de suivi des délais."
    assert _commitment("quali-ate", "2024", 28).module.title == "Module complété"
    assert commitment_15.history.count() == 2  # created, then updated


def test_a_commitment_removed_from_the_file_is_deleted(loaded_frameworks, write_data):
    data = read_real("quali-ate")
    data["commitments"] = [c for c in data["commitments"] if c["number"] != 43]
    [report] = load_files([write_data("quali-ate-2024.yaml", data)])
    assert report.commitments.deleted == 1
    assert not Commitment.objects.filter(version__framework__code="quali-ate", number=43).exists()


def test_removing_a_commitment_that_self_assessments_point_to_is_refused(
    loaded_frameworks, write_data, organisation
):
    commitment = _commitment("quali-ate", "2024", 43)
    SelfAssessment.objects.create(
        organisation=organisation,
        commitment=commitment,
        status=AssessmentStatus.MET,
        assessed_at=timezone.now(),
    )
    data = read_real("quali-ate")
    data["commitments"] = [c for c in data["commitments"] if c["number"] != 43]
    data["commitments"][0]["title"] = "Changement qui doit être annulé"

    with pytest.raises(FrameworkDataError) as refused:
        load_files([write_data("quali-ate-2024.yaml", data)])

    message = str(refused.value)
    assert "quali-ate-2024.yaml, engagement 43 : suppression refusée" in message
    assert "auto-diagnostic" in message
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert _commitment("quali-ate", "2024", 1).title.startswith("Nous vous informons")


def test_removing_a_module_chosen_in_a_labelling_scope_is_refused(loaded_frameworks, write_data):
    version = FrameworkVersion.objects.get(framework__code="quali-ate")
    LabellingScopeFactory(version=version, modules=list(version.modules.filter(number__in=[1, 8])))
    data = read_real("quali-ate")
    data["modules"] = [m for m in data["modules"] if m["number"] != 8]
    data["commitments"] = [c for c in data["commitments"] if c["module"] != 8]

    with pytest.raises(FrameworkDataError, match="module 8 : suppression refusée"):
        load_files([write_data("quali-ate-2024.yaml", data)])
    assert version.modules.filter(number=8).exists()
    assert version.commitments.filter(number=39).exists()


def _duplicate_across_modules(data):
    data["commitments"].append({"number": 15, "module": 2, "title": "Doublon"})


def _missing_title(data):
    del next(c for c in data["commitments"] if c["number"] == 4)["title"]


def _unknown_module(data):
    next(c for c in data["commitments"] if c["number"] == 31)["module"] = 9


def _unknown_include(data):
    data["version"]["includes"] = [{"framework": "marianne", "version": "2016"}]


def _bad_title_status(data):
    next(m for m in data["modules"] if m["number"] == 3)["title_status"] = "peut-être"


def _unknown_field(data):
    next(c for c in data["commitments"] if c["number"] == 5)["titel"] = "faute de frappe"


BAD_FILES = {
    "duplicate": (
        _duplicate_across_modules,
        "engagement 15 : numéro en double (déjà dans le module 1)",
    ),
    "missing field": (_missing_title, "engagement 4 : champ « title » manquant"),
    "unknown module": (_unknown_module, "engagement 31 : module inconnu : 9"),
    "unknown include": (_unknown_include, "version : inclusion inconnue : marianne 2016"),
    "bad title status": (_bad_title_status, "module 3 : statut d'intitulé « peut-être » inconnu"),
    "unknown field": (_unknown_field, "engagement 5 : champ inconnu « titel »"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_stops_the_load_naming_file_and_entry_and_loads_nothing(db, write_data, case):
    change, expected = BAD_FILES[case]
    data = read_real("quali-ate")
    change(data)
    bad = write_data("quali-ate-2024.yaml", data)

    with pytest.raises(FrameworkDataError) as refused:
        load_files([REAL_FILES["services-publics-plus"], REAL_FILES["qual-e-pref"], bad])

    assert f"quali-ate-2024.yaml, {expected}" in str(refused.value)
    assert not Framework.objects.exists()
    assert not Commitment.objects.exists()


def test_a_malformed_yaml_file_is_refused_with_its_line(db, write_data):
    text = "framework:\n  code: quali-ate\n  name: [Quali-ATE\nversion: {}\n"
    bad = write_data("quali-ate-2024.yaml", text)
    with pytest.raises(FrameworkDataError) as refused:
        load_files([REAL_FILES["services-publics-plus"], bad])
    message = str(refused.value)
    assert message.startswith("quali-ate-2024.yaml, ligne 4 : YAML mal formé")
    assert not Framework.objects.exists()


def test_a_framework_code_that_would_hide_a_page_is_refused(db, write_data):
    data = read_real("services-publics-plus")
    data["framework"]["code"] = "recherche"
    with pytest.raises(
        FrameworkDataError, match="s.yaml, référentiel : le code « recherche » est réservé"
    ):
        load_files([write_data("s.yaml", data)])


def test_two_files_for_the_same_version_are_refused(db, write_data):
    copy = write_data("copie.yaml", read_real("services-publics-plus"))
    with pytest.raises(
        FrameworkDataError, match="copie.yaml, version : Services Publics\\+ 2023 est aussi dans"
    ):
        load_files([REAL_FILES["services-publics-plus"], copy])


def test_an_unknown_title_must_stay_empty(db, write_data):
    data = read_real("quali-ate")
    next(m for m in data["modules"] if m["number"] == 5)["title"] = "Titre deviné"
    with pytest.raises(FrameworkDataError, match="module 5 : un intitulé au statut « unknown »"):
        load_files([REAL_FILES["services-publics-plus"], write_data("q.yaml", data)])


def test_correspondences_are_written_when_their_target_exists(db, write_data):
    data = read_real("quali-ate")
    next(c for c in data["commitments"] if c["number"] == 2)["correspondences"] = [
        {"framework": "services-publics-plus", "version": "2023", "number": 1, "source": "test"}
    ]
    load_files([REAL_FILES["services-publics-plus"], write_data("q.yaml", data)])
    link = _commitment("quali-ate", "2024", 2).correspondences.get()
    assert link.corresponds_to == _commitment("services-publics-plus", "2023", 1)

    next(c for c in data["commitments"] if c["number"] == 2)["correspondences"][0]["number"] = 99
    with pytest.raises(FrameworkDataError, match="engagement 2 : correspondance inconnue"):
        load_files([write_data("q.yaml", data)])


def test_the_command_prints_what_it_created_then_that_nothing_changed(db, capsys):
    call_command("load_frameworks")
    first = capsys.readouterr().out
    assert (
        "Quali-ATE 2024 (quali-ate-2024.yaml) : créée — modules : 8 créés ; engagements : 36 créés"
        in first
    )
    call_command("load_frameworks")
    assert "Quali-ATE 2024 (quali-ate-2024.yaml) : inchangée" in capsys.readouterr().out


def test_the_command_reports_a_bad_file_in_french_and_loads_nothing(db, write_data):
    data = read_real("quali-ate")
    _unknown_module(data)
    with pytest.raises(CommandError, match="Aucun référentiel n'a été chargé"):
        call_command(
            "load_frameworks", str(REAL_FILES["qual-e-pref"]), str(write_data("q.yaml", data))
        )
    assert not Framework.objects.exists()
