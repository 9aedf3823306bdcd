from decimal import Decimal

import pytest

from qualipilote.common.validation import (
    control_character_error,
    decimal_bounds_error,
    integer_column_range,
)
from qualipilote.organisations.models import Organisation


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_named_in_french(char):
    message = control_character_error(f"Bonjour{char}madame")
    assert message is not None
    assert f"U+{ord(char):04X}" in message


@pytest.mark.parametrize("text", ["Bonjour", "ligne 1\nligne 2\r\n", "a\tb", "Élodie — « ok »"])
def test_ordinary_text_passes(text):
    assert control_character_error(text) is None


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity")]
)
def test_numbers_that_are_not_finite_are_refused(value):
    assert (
        decimal_bounds_error(value, max_digits=16, decimal_places=2) == "doit être un nombre fini."
    )


def test_a_number_too_large_for_its_column_is_refused():
    assert "inférieur à" in decimal_bounds_error(1e15, max_digits=16, decimal_places=2)
    assert (
        decimal_bounds_error(Decimal("99999999999999.99"), max_digits=16, decimal_places=2) is None
    )
    assert decimal_bounds_error(-5, max_digits=16, decimal_places=2) is None


@pytest.mark.parametrize(
    "value",
    [["ok", "a\x00b"], {"clé": "a\x0bb"}, {"a\x1bb": "valeur"}, ("ok", ["profond\x7f"])],
)
def test_control_characters_are_found_in_lists_and_mappings(value):
    assert "caractère de contrôle" in control_character_error(value)


@pytest.mark.parametrize("value", [None, 12, 1.5, True, ["ok", 3], {"clé": None}])
def test_values_without_text_have_no_control_character(value):
    assert control_character_error(value) is None


def test_an_integer_column_has_the_same_range_on_every_database():
    column = Organisation._meta.get_field("personal_data_retention_months")
    assert integer_column_range(column) == (0, 32767)
