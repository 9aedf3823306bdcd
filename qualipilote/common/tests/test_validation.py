from decimal import Decimal

import pytest

from qualipilote.common.validation import control_character_error, decimal_bounds_error


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
