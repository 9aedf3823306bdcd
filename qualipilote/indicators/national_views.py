"""The national view (ministry): one indicator, one period, every organisation. National readers
only (@national_page); no organisation is entered and no personal data is read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from qualipilote.common.forms import Form
from qualipilote.common.tabular import Column, csv_response
from qualipilote.crisis.indicators import exercise_share
from qualipilote.organisations.access import national_page
from qualipilote.organisations.enums import OrganisationKind
from qualipilote.organisations.models import Organisation

from .forms import MonthField
from .models import Indicator, format_value
from .national import compare, histogram
from .periods import MAX_MONTHS, add_months, format_month, month_label, month_of
from .templatetags.indicators import STATUS_BADGES


class NationalFilterForm(Form):
    """The indicator, the period (a month: the same month twice) and who is compared."""

    marks_optional = False  # a filter: every field may stay empty

    indicator = forms.ModelChoiceField(
        label="Indicateur", queryset=None, to_field_name="code", empty_label=None
    )
    start = MonthField(label="Du mois", required=False)
    end = MonthField(label="Au mois", required=False)
    kind = forms.ChoiceField(
        label="Type d'organisation",
        required=False,
        choices=[("", "Tous les types"), *OrganisationKind.choices],
    )
    departement = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.active().monthly().in_table_order()
        departements = (
            Organisation.objects.order_by("departement")
            .values_list("departement", flat=True)
            .distinct()
        )
        self.fields["departement"].choices = [("", "Tous les départements")] + [
            (code, code) for code in departements
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "Le mois de fin doit suivre le mois de début.")
        elif start and end and (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            self.add_error("end", f"Une période compte au plus {MAX_MONTHS} mois.")
        elif start or end:  # one month given alone is that month
            data["start"], data["end"] = start or end, end or start
        return data


def filter_data(query, today: dt.date) -> dict:
    """The query string with its defaults: the first indicator of the catalogue and the last
    twelve finished months."""
    data = query.dict()
    if not data.get("indicator"):
        first = Indicator.objects.active().monthly().in_table_order().values_list("code", flat=True)
        data["indicator"] = first.first() or ""
    if not data.get("start") and not data.get("end"):
        last = add_months(month_of(today), -1)
        data["start"], data["end"] = format_month(add_months(last, -11)), format_month(last)
    return data


def _comparison(request):
    today = timezone.localdate()
    form = NationalFilterForm(filter_data(request.GET, today))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    comparison = compare(
        data["indicator"],
        data["start"],
        data["end"],
        kind=data["kind"],
        departement=data["departement"],
    )
    return form, comparison


@national_page
def home(request):
    form, comparison = _comparison(request)
    return _render(request, form, comparison)


def _render(request, form, comparison, status=200):
    context = {
        "page_title": "Vue nationale",
        "form": form,
        "comparison": comparison,
        "indicator_choices": [(i.code, i.label) for i in form.fields["indicator"].queryset],
        # Emergency communication exercises (the ministry's performance programme): read from
        # the crisis app, below this one in the layers contract.
        "exercise_shares": [
            exercise_share(Organisation.objects.all(), year)
            for year in (timezone.localdate().year, timezone.localdate().year - 1)
        ],
    }
    if comparison is not None:
        indicator = comparison.indicator
        context.update(
            {
                "histogram": histogram(indicator, [f.value for f in comparison.with_data]),
                "period_label": _period_label(comparison.start, comparison.end),
                "ranking_rows": ranking_rows(comparison),
                "deciles": [
                    (name, format_value(value, indicator.unit))
                    for name, value in comparison.deciles.items()
                ],
                "query": request.GET.urlencode(),
            }
        )
    return render(request, "indicators/national/home.html", context, status=status)


RANKING_ROW = (
    '<tr data-code="{code}"><td class="qp-num">{rank}</td><th scope="row">{name} '
    '<span class="fr-text--xs fr-text-mention--grey">{code}</span></th><td>{kind}</td>'
    '<td>{departement}</td><td class="qp-num qp-nowrap">{value}{sampled}</td>'
    '<td class="qp-num">{numerator}</td>{denominator_cell}<td class="qp-num">{months}</td>'
    '<td><p class="fr-badge fr-badge--sm {badge}">{status}</p></td></tr>'
)
SAMPLED_MARK = mark_safe(' <abbr title="mesuré sur la semaine échantillonnée">(éch.)</abbr>')


def _plain(number) -> str:
    if number is None:
        return "—"
    # French digits: a narrow no-break space between thousands, a decimal comma ("1 548,50").
    if number == number.to_integral_value():
        return f"{number:,.0f}".replace(",", "\u202f")
    return f"{number:,.2f}".replace(",", "\u202f").replace(".", ",")


def ranking_rows(comparison):
    """The <tr> of the ranking, written here rather than in the template: 300 rows of 9 cells
    took 50 ms through the template language, a few with format_html (which escapes)."""
    indicator = comparison.indicator
    return format_html_join(
        "\n",
        RANKING_ROW,
        (
            {
                "code": figure.code,
                "rank": figure.rank or "—",
                "name": figure.name,
                "kind": figure.kind_label,
                "departement": figure.departement,
                "value": format_value(figure.value, indicator.unit),
                "sampled": SAMPLED_MARK if figure.sampled else "",
                "numerator": _plain(figure.numerator),
                "denominator_cell": format_html(
                    '<td class="qp-num">{}</td>', _plain(figure.denominator)
                )
                if indicator.takes_ratio
                else "",
                "months": figure.months_with_data,
                "badge": STATUS_BADGES.get(figure.status, ""),
                "status": figure.status_label,
            }
            for figure in comparison.figures
        ),
    )


def _period_label(start: dt.date, end: dt.date) -> str:
    if start == end:
        return month_label(start)
    return f"de {month_label(start)} à {month_label(end)}"


def _export_number(value) -> Decimal | str:
    """Two decimals; common.tabular writes a Decimal with a French decimal comma, as a number."""
    return "" if value is None else Decimal(value).quantize(Decimal("0.01"))


EXPORT_COLUMNS = [
    Column("Rang", lambda f: f.rank),
    Column("Code", lambda f: f.code),
    Column("Organisation", lambda f: f.name),
    Column("Type", lambda f: f.kind_label),
    Column("Département", lambda f: f.departement),
    Column("Numérateur", lambda f: _export_number(f.numerator)),
    Column("Dénominateur", lambda f: _export_number(f.denominator)),
    Column("Résultat de la période", lambda f: _export_number(f.value)),
    Column("Statut", lambda f: f.status_label),
    Column("Mois avec des données", lambda f: f.months_with_data),
    Column("Semaine échantillonnée", lambda f: f.sampled),
]


@national_page
def export(request):
    form, comparison = _comparison(request)
    if comparison is None:
        return _render(request, form, None, status=400)
    filename = (
        f"vue-nationale-{comparison.indicator.code}-{comparison.start:%Y-%m}-{comparison.end:%Y-%m}"
    )
    return csv_response(filename, EXPORT_COLUMNS, comparison.figures)
