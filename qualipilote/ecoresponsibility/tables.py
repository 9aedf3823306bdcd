"""The yearly figures as a file: one TableSpec drives the import (all or nothing, French errors
by line and column) and the template to download."""

from __future__ import annotations

from qualipilote.common.tables import TableColumn, TableSpec
from qualipilote.common.tabular import ImportRejected, RowError

from . import services
from .enums import INDICATOR_BY_CODE, Area
from .models import EcoFigure


def _area(value):
    text = str(value or "").strip()
    if not text:
        return ""
    by_label = {label.lower(): code for code, label in Area.choices}
    found = text if text in Area.values else by_label.get(text.lower())
    if found is None:
        raise ValueError(f"« {text} » inconnu (attendu : {', '.join(Area.values)}).")
    return found


def _indicator(value):
    text = str(value or "").strip()
    if text not in INDICATOR_BY_CODE:
        raise ValueError(f"« {text} » inconnu (attendu : {', '.join(INDICATOR_BY_CODE)}).")
    return text


FIGURES = TableSpec(
    "Données annuelles d'éco-responsabilité",
    (
        TableColumn(
            "annee", "year", description="Année (2000 à 2100).", example="2025", required=True
        ),
        TableColumn(
            "domaine",
            "area",
            _area,
            "energie, dechets, achats, biodiversite ou mobilite (vérifié avec l'indicateur).",
            "energie",
        ),
        TableColumn(
            "indicateur",
            "indicator",
            _indicator,
            "Code de l'indicateur : "
            + ", ".join(f"{c} ({s.unit})" for c, s in INDICATOR_BY_CODE.items()),
            "electricity_kwh",
            required=True,
        ),
        TableColumn(
            "valeur",
            "value",
            description="Valeur dans l'unité de l'indicateur.",
            example="412000",
            required=True,
        ),
        TableColumn(
            "source", "source", description="D'où vient le chiffre.", example="Factures EDF"
        ),
    ),
    model=EcoFigure,
)


def import_figures(organisation, raw: bytes, filename: str, *, user) -> list[EcoFigure]:
    """Records every figure of the file, or none: the first refusal lists every error. A line
    replaces the figure already recorded for its year and indicator; two lines of the file for
    the same year and indicator are refused."""
    rows = FIGURES.read_rows(raw, filename)
    errors = []
    seen: dict = {}
    for line, values in rows:
        for field, messages in services.figure_errors(values).items():
            errors += [RowError(line, FIGURES.header_of(field), m) for m in messages]
        key = (values.get("year"), values.get("indicator"))
        if key in seen:
            errors.append(
                RowError(
                    line, "indicateur", f"même année et même indicateur que la ligne {seen[key]}."
                )
            )
        else:
            seen[key] = line
    if errors:
        raise ImportRejected(errors)
    return services.record_figures(organisation, [values for _line, values in rows], user=user)
