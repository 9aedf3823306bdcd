"""The three real data files: what the sources give, loaded with the expected counts, and in
step with the indicator catalogue."""

import pytest
import yaml

from qualipilote.frameworks.enums import TextStatus
from qualipilote.frameworks.loader import default_paths, read_files
from qualipilote.frameworks.models import FrameworkVersion, Module
from qualipilote.indicators.catalogue import CATALOGUE_PATH

EXPECTED = {
    # (framework, version): (modules, commitments, sub-criteria)
    ("qual-e-pref", "2019"): (8, 24, 7),
    ("quali-ate", "2024"): (8, 36, 0),  # 1-27, 31-34, 39-43: the numbers the Savoie text gives
    ("services-publics-plus", "2023"): (3, 8, 0),
}


def _version(code, number):
    return FrameworkVersion.objects.get(framework__code=code, version=number)


def test_the_three_files_load_with_the_expected_counts(loaded_frameworks):
    assert {(r.label, r.state) for r in loaded_frameworks} == {
        ("Qual-e-pref 2019", "created"),
        ("Quali-ATE 2024", "created"),
        ("Services Publics+ 2023", "created"),
    }
    for (code, number), (modules, commitments, subs) in EXPECTED.items():
        version = _version(code, number)
        assert version.modules.count() == modules
        assert version.commitments.count() == commitments
        assert sum(c.sub_criteria.count() for c in version.commitments.all()) == subs


def test_quali_ate_keeps_the_modules_no_source_names_unknown_and_empty(loaded_frameworks):
    version = _version("quali-ate", "2024")
    unknown = version.modules.filter(title_status=TextStatus.UNKNOWN)
    assert sorted(unknown.values_list("number", flat=True)) == [3, 5, 6, 7]
    assert all(m.title == "" and not m.commitments.exists() for m in unknown)
    assert "28 à 30" in version.modules.get(number=3).notes
    assert "35 à 38" in version.modules.get(number=5).notes
    assert sorted(version.modules.filter(mandatory=True).values_list("number", flat=True)) == [1, 2]
    assert "socles" in version.modules.get(number=1).notes
    numbers = set(version.commitments.values_list("number", flat=True))
    assert numbers == set(range(1, 28)) | set(range(31, 35)) | set(range(39, 44))
    assert version.commitments.get(number=15).title == (
        "Nous vous répondons dans un délai annoncé et maîtrisé"
    )
    assert [str(v) for v in version.includes.all()] == ["Services Publics+ 2023"]


def test_qual_e_pref_has_module_1_mandatory_module_7_and_presumed_qualipref_titles(
    loaded_frameworks,
):
    version = _version("qual-e-pref", "2019")
    assert version.min_modules_for_label == 2
    assert version.label_validity_years == 3
    module_1 = version.modules.get(number=1)
    assert module_1.mandatory and module_1.title == "Relation générale avec les usagers"
    assert list(module_1.commitments.values_list("number", flat=True)) == list(range(1, 21))
    assert list(version.modules.get(number=7).commitments.values_list("number", flat=True)) == [
        47,
        48,
        49,
        50,
    ]
    presumed = version.modules.filter(title_status=TextStatus.PRESUMED)
    assert sorted(presumed.values_list("number", flat=True)) == [2, 3, 4, 5, 6, 8]
    assert version.commitments.get(number=18).title.startswith("Nous assurons la traçabilité")
    commitment_2 = version.commitments.get(number=2)
    assert list(commitment_2.sub_criteria.values_list("code", flat=True)) == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]
    assert all(
        s.title_status == TextStatus.PRESUMED and "Loire" in s.notes
        for s in commitment_2.sub_criteria.all()
    )
    assert "5 jours ouvrés" in version.commitments.get(number=17).evidence_guidance


def test_services_publics_plus_groups_its_eight_commitments_in_three_mandatory_modules(
    loaded_frameworks,
):
    version = _version("services-publics-plus", "2023")
    assert version.label_levels == ["bronze", "argent", "or"]
    groups = {
        m.title: list(m.commitments.values_list("number", flat=True)) for m in version.modules.all()
    }
    assert groups == {"Plus proche": [1, 2, 3], "Plus efficace": [4, 5, 6], "Plus simple": [7, 8]}
    assert not Module.objects.filter(version=version, mandatory=False).exists()
    assert "taux de décroché" in version.commitments.get(number=6).evidence_guidance


def _catalogue_links() -> set[tuple[str, str, int, str]]:
    catalogue = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))["indicators"]
    return {
        (ref["framework"], str(ref["version"]), int(number), indicator["code"])
        for indicator in catalogue
        for ref in indicator.get("commitments") or []
        for number in ref["numbers"]
    }


def test_indicator_codes_of_the_data_files_match_the_indicator_catalogue(db):
    """Each commitment lists exactly the indicators whose catalogue entry names it, and each
    commitment the catalogue names exists in the data files."""
    versions = read_files(default_paths())
    in_files = {
        (v.framework_code, v.version, c.number, code)
        for v in versions
        for c in v.commitments
        for code in c.indicator_codes
    }
    numbers = {(v.framework_code, v.version, c.number) for v in versions for c in v.commitments}
    catalogue = _catalogue_links()
    assert in_files == catalogue
    assert {link[:3] for link in catalogue} <= numbers


@pytest.mark.parametrize("path", default_paths(), ids=lambda p: p.name)
def test_every_data_file_documents_its_schema(path):
    assert "# Schema of a framework data file" in path.read_text(encoding="utf-8")
