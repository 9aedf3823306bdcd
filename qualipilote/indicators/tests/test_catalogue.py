"""The catalogue as data: `manage.py load_indicators` loads data/indicators.yaml idempotently,
and a bad file stops with a message naming the indicator and the field, loading nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qualipilote.indicators.catalogue import CATALOGUE_PATH
from qualipilote.indicators.models import Indicator

ISSUE_CODES = {
    "phone_answer_rate",
    "ivr_update_on_time_rate",
    "website_update_on_time_rate",
    "website_visit_share",
    "social_engagement_rate",
    "feedback_answered_on_time_rate",
    "feedback_average_response_days",
    "email_answered_on_time_rate",
    "email_average_response_days",
    "letter_average_response_days",
    "digital_point_visitors",
    "digital_point_satisfaction_rate",
    "overall_satisfaction_rate",  # fed by the surveys (issue 10)
    # Yearly, counted by the emergency-communication module (issue 12).
    "emergency_cell_within_hour_rate",
    "emergency_information_within_hour_rate",
    "emergency_cell_median_delay",
    "emergency_information_median_delay",
}


def load(path=CATALOGUE_PATH) -> str:
    out = StringIO()
    call_command("load_indicators", file=path, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loading_twice_creates_the_issue_indicators_once_then_changes_nothing():
    first = load()
    second = load()

    assert set(Indicator.objects.values_list("code", flat=True)) == ISSUE_CODES
    assert "17 créé(s), 0 mis à jour, 0 inchangé(s)" in first
    assert "0 créé(s), 0 mis à jour, 17 inchangé(s)" in second


@pytest.mark.django_db
def test_an_edited_indicator_is_updated(tmp_path):
    load()
    edited = CATALOGUE_PATH.read_text(encoding="utf-8").replace(
        'target: {operator: ">", value: 90}', 'target: {operator: ">=", value: 92}'
    )
    path = tmp_path / "indicators.yaml"
    path.write_text(edited, encoding="utf-8")

    output = load(path)

    phone = Indicator.objects.get(code="phone_answer_rate")
    assert (phone.target_operator, phone.target_value) == (">=", 92)
    assert "0 créé(s), 1 mis à jour, 16 inchangé(s)" in output


def test_the_seed_targets_are_in_the_catalogue(catalogue):
    targets = {code: indicator.target_display() for code, indicator in catalogue.items()}
    assert targets == {
        "phone_answer_rate": "> 90,00 %",
        "ivr_update_on_time_rate": "= 100,00 %",
        "website_update_on_time_rate": "= 100,00 %",
        "website_visit_share": "> 5,00 %",
        "social_engagement_rate": "> 2,00 %",
        "feedback_answered_on_time_rate": "> 80,00 %",
        "feedback_average_response_days": "≤ 15,00 j",
        "email_answered_on_time_rate": "> 80,00 %",
        "email_average_response_days": "≤ 5,00 j",
        "letter_average_response_days": "≤ 15,00 j",
        "digital_point_visitors": "Sans objectif",
        "digital_point_satisfaction_rate": "≥ 80,00 %",
        "overall_satisfaction_rate": "≥ 80,00 %",
        # The one-hour commitments of emergency communication (Quali-ATE 39–40).
        "emergency_cell_within_hour_rate": "= 100,00 %",
        "emergency_information_within_hour_rate": "= 100,00 %",
        "emergency_cell_median_delay": "≤ 60 min",
        "emergency_information_median_delay": "≤ 60 min",
    }


BAD_ENTRIES = [
    (
        "  - {code: x_rate, label: X, domain: phone, unit: percent, method: entered, "
        "source: S, numerator_label: N}\n",
        "Indicateur x_rate, champ « denominator_label »",
    ),
    (
        "  - {code: x_rate, label: X, domain: kitchen, unit: percent, method: entered}\n",
        "Indicateur x_rate, champ « domain » : « kitchen » n'est pas parmi",
    ),
    (
        "  - {code: x_rate, label: X, domain: phone, unit: percent, method: computed, "
        "register: email, aggregate: rate, record_filters: {colour: red}}\n",
        "Indicateur x_rate, champ « record_filters » : « colour » n'est pas un champ du registre.",
    ),
    (
        "  - {code: x_rate, label: X, domain: phone, unit: percent, method: entered, source: S, "
        "numerator_label: N, denominator_label: D, target: {operator: '~', value: 3}}\n",
        "Indicateur x_rate, champ « target » : opérateur « ~ » inconnu",
    ),
    (
        "  - {code: x_rate, label: X, domain: phone, unit: percent, method: entered, source: S, "
        "numerator_label: N, denominator_label: D, commitments: [{framework: f, version: '1', "
        "numbers: [douze]}]}\n",
        "Indicateur x_rate, champ « commitments » : numéros d'engagement non entiers",
    ),
    (
        "  - {code: x_rate, label: X, domain: emergency, unit: percent, frequency: yearly, "
        "method: entered, source: S, numerator_label: N, denominator_label: D}\n",
        "Indicateur x_rate, champ « method » : un indicateur annuel est calculé par un module",
    ),
    (
        "  - {code: x_rate, label: X, domain: emergency, unit: percent, method: module}\n",
        "Indicateur x_rate, champ « method » : un indicateur annuel est calculé par un module",
    ),
    (
        "  - {code: x_delay, label: X, domain: phone, unit: minutes, method: entered, source: S, "
        "numerator_label: N, denominator_label: D}\n",
        "Indicateur x_delay, champ « unit » : les minutes sont réservées",
    ),
    ("  - {code: phone_answer_rate, label: Doublon}\n", "Codes en double : phone_answer_rate."),
    ("  - : [\n", "indicators.yaml : YAML invalide"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "message"), BAD_ENTRIES)
def test_a_bad_catalogue_stops_naming_the_indicator_and_the_field(tmp_path, entry, message):
    path = tmp_path / "indicators.yaml"
    path.write_text(CATALOGUE_PATH.read_text(encoding="utf-8") + entry, encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        load(path)

    assert message in str(refused.value)
    assert "rien n'a été chargé" in str(refused.value)
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_file_without_indicators_is_refused(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text("indicators: []\n", encoding="utf-8")

    with pytest.raises(CommandError, match="la liste « indicators » est absente ou vide"):
        load(path)
