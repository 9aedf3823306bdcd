"""Indicator pages of an organisation. Access is checked by the tenancy middleware; writes ask
for an ability with @require_ability. The figures come from services and table.build_table."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import CLOSE_MONTHS, ENTER_MEASUREMENTS

from . import services
from .catalogue import commitment_ref_labels, linked_commitments
from .evidence import closure_evidence
from .exports import table_csv, table_xlsx
from .forms import (
    CloseMonthForm,
    DashboardFilterForm,
    EnteredFigureForm,
    ImportForm,
    ReopenMonthForm,
)
from .imports import IMPORT_FORMATS, import_figures
from .models import Indicator, MonthClosure, MonthlyMeasurement
from .periods import add_months, month_label, month_of, parse_month
from .table import build_table
from .tasks import refresh_organisation_months
from .yearly import yearly_rows


def _can(request, ability) -> bool:
    return request.membership is not None and request.membership.can(ability)


def _url(request, name, **kwargs) -> str:
    return reverse(f"indicators:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _filtered_table(request, *, with_charts=False):
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, organisation=request.organisation, today=today)
    start, end = form.period()
    table = build_table(
        request.organisation,
        start,
        end,
        today=today,
        unit=form.selected_unit(),
        with_charts=with_charts,
    )
    return form, table, today


def dashboard(request, org_code):
    form, table, today = _filtered_table(request, with_charts=True)
    past_months = [m for m in table.months if m < month_of(today)]
    query = request.GET.urlencode()
    return render(
        request,
        "indicators/dashboard.html",
        {
            "page_title": "Indicateurs",
            "form": form,
            "table": table,
            "missing": services.missing_figures(request.organisation, past_months)
            if table.unit is None
            else {},
            "query": f"?{query}" if query else "",
            "can_enter": _can(request, ENTER_MEASUREMENTS),
            "can_close": _can(request, CLOSE_MONTHS),
            # Yearly indicators are the organisation's: not shown for one unit's table.
            "yearly_years": (years := _yearly_years(table)),
            "yearly_rows": yearly_rows(request.organisation, years) if table.unit is None else [],
        },
    )


def _yearly_years(table) -> list[int]:
    """The year of the table's last month and the two before, newest first."""
    return [table.end.year - offset for offset in range(3)]


def export(request, org_code, fmt):
    _form, table, _today = _filtered_table(request)
    if fmt == "csv":
        return table_csv(table)
    if fmt == "xlsx":
        return table_xlsx(table)
    raise Http404("Format d'export inconnu.")


@require_POST
@require_ability(ENTER_MEASUREMENTS)
def refresh(request, org_code):
    today = timezone.localdate()
    months = [add_months(month_of(today), -n) for n in range(24)]
    refresh_organisation_months(request.organisation.pk, [f"{m:%Y-%m}" for m in months])
    messages.success(
        request,
        "Mise à jour demandée : les mesures enregistrées des 24 derniers mois (vue nationale, "
        "historique) sont recalculées depuis les registres. Les mois clôturés ne changent pas.",
    )
    return redirect(_url(request, "dashboard"))


def catalogue(request, org_code):
    indicators = list(Indicator.objects.active().in_table_order())
    return render(
        request,
        "indicators/catalogue.html",
        {
            "page_title": "Catalogue des indicateurs",
            "indicators": [
                {
                    "indicator": indicator,
                    "references": commitment_ref_labels(indicator),
                    "commitments": linked_commitments(indicator),
                }
                for indicator in indicators
            ],
        },
    )


# --- Entered figures -------------------------------------------------------------------------


def figures(request, org_code):
    organisation = request.organisation
    recent = (
        MonthlyMeasurement.objects.filter(organisation=organisation)
        .exclude(source="computed")
        .select_related("indicator", "unit", "entered_by")
        .order_by("-month", "indicator__position", "unit__name", "line")[:100]
    )
    return render(
        request,
        "indicators/figures.html",
        {
            "page_title": "Chiffres saisis",
            "indicators": Indicator.objects.active().monthly().entered().in_table_order(),
            "formats": IMPORT_FORMATS.values(),
            "recent": recent,
            "can_enter": _can(request, ENTER_MEASUREMENTS),
        },
    )


@require_ability(ENTER_MEASUREMENTS)
def enter_figure(request, org_code, code):
    organisation = request.organisation
    indicator = get_object_or_404(Indicator.objects.active().monthly(), code=code)
    if indicator.is_computed:
        raise Http404("Cet indicateur est calculé depuis les registres.")
    form = EnteredFigureForm(
        request.POST or None,
        indicator=indicator,
        organisation=organisation,
        initial={"period": _requested_month(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        figure = services.EnteredFigure(
            indicator=indicator,
            month=data["period"],
            numerator=data["numerator"] if indicator.takes_ratio else None,
            denominator=data.get("denominator"),
            value=None if indicator.takes_ratio else data["numerator"],
            unit=data["unit"],
            line=data["line"].strip(),
            source_detail=data["source_detail"].strip(),
        )
        try:
            services.record_entered_figure(organisation, figure, user=request.user)
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(
                request, f"Chiffre de {month_label(figure.month)} enregistré : {indicator.label}."
            )
            return redirect(_url(request, "figures"))
    return render(
        request,
        "indicators/figure_form.html",
        {"page_title": f"Saisir : {indicator.label}", "indicator": indicator, "form": form},
    )


def _requested_month(request):
    """The month asked for in the link (?mois=AAAA-MM), else last month."""
    try:
        return parse_month(request.GET.get("mois", ""))
    except ValueError:
        return add_months(month_of(timezone.localdate()), -1)


FORM_FIELD_OF = {"value": "numerator", "period": "period", "indicator": None}


def _add_form_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        target = FORM_FIELD_OF.get(field, field)
        if target not in form.fields:
            target = None
        for message in messages_:
            form.add_error(target, message)


@require_ability(ENTER_MEASUREMENTS)
def import_file(request, org_code, slug):
    import_format = IMPORT_FORMATS.get(slug)
    if import_format is None:
        raise Http404("Format d'import inconnu.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_figures(
                request.organisation,
                import_format,
                upload.read(),
                upload.name,
                user=request.user,
                today=timezone.localdate(),
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                f"{report.measurements} chiffre(s) importé(s) pour {len(report.months)} mois.",
            )
            return redirect(_url(request, "figures"))
    return render(
        request,
        "indicators/import.html",
        {
            "page_title": f"Importer : {import_format.title}",
            "import_format": import_format,
            "form": form,
            "errors": errors,
        },
    )


def import_template(request, org_code, slug, file_format="csv"):
    """The header and an example row (and, in XLSX, a sheet that explains the columns)."""
    import_format = IMPORT_FORMATS.get(slug)
    if import_format is None:
        raise Http404("Format d'import inconnu.")
    return import_format.table.template_response(file_format, f"modele-{slug}")


# --- Closing months ---------------------------------------------------------------------------


def months(request, org_code):
    organisation = request.organisation
    today = timezone.localdate()
    closable = services.closable_months(today, 12)
    closures = list(
        MonthClosure.objects.filter(organisation=organisation)
        .select_related("closed_by", "reopened_by")
        .order_by("-month", "-closed_at")[:60]
    )
    in_force = [closure for closure in closures if closure.is_in_force]
    closed = {closure.month: closure for closure in in_force}
    # The last twelve months, and any older month still closed (it can be reopened).
    shown = sorted(set(closable) | set(closed), reverse=True)
    missing = services.missing_figures(organisation, shown)
    return render(
        request,
        "indicators/months.html",
        {
            "page_title": "Clôture des mois",
            "rows": [
                {
                    "month": month,
                    "closure": closed.get(month),
                    "missing": missing.get(month, []),
                    "reopen_form": ReopenMonthForm(
                        initial={"month": month}, prefix=f"m{month:%Y%m}"
                    ),
                }
                for month in shown
            ],
            "close_form": CloseMonthForm(months=[m for m in closable if m not in closed]),
            "closures": closures,
            "evidence": closure_evidence(organisation, in_force, today),
            "can_close": _can(request, CLOSE_MONTHS),
            "can_enter": _can(request, ENTER_MEASUREMENTS),
        },
    )


@require_POST
@require_ability(CLOSE_MONTHS)
def close(request, org_code):
    today = timezone.localdate()
    form = CloseMonthForm(request.POST, months=services.closable_months(today, 12))
    if not form.is_valid():
        messages.error(request, "Choisissez un mois terminé parmi les douze derniers.")
        return redirect(_url(request, "months"))
    try:
        closure = services.close_month(
            request.organisation, form.cleaned_data["month"], user=request.user, today=today
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        missing = f" ({len(closure.missing)} indicateur(s) sans chiffre)" if closure.missing else ""
        messages.success(request, f"Mois de {month_label(closure.month)} clôturé{missing}.")
    return redirect(_url(request, "months"))


@require_POST
@require_ability(CLOSE_MONTHS)
def reopen(request, org_code):
    prefix = request.POST.get("prefix", "")
    form = ReopenMonthForm(request.POST, prefix=prefix or None)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif de la réouverture.")
        return redirect(_url(request, "months"))
    try:
        closure = services.reopen_month(
            request.organisation,
            form.cleaned_data["month"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Mois de {month_label(closure.month)} rouvert.")
    return redirect(_url(request, "months"))
