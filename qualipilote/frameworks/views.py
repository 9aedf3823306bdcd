"""Pages of the frameworks: readable by every signed-in user (a framework is public text, not an
organisation's data), imported only by a national administrator (IMPORT_PERMISSION)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qualipilote.common.tabular import XLSX_CONTENT_TYPE, ImportRejected

from .forms import FrameworkImportForm, SearchForm
from .models import Commitment, FrameworkVersion
from .search import search_commitments
from .services import can_import_frameworks, import_framework_spreadsheet
from .snapshot import version_data
from .spreadsheet import COLUMNS, workbook_bytes


def _crumbs(current: str, *links: tuple[str, str]) -> dict:
    home = [{"url": reverse("frameworks:list"), "title": "Référentiels"}]
    return {"links": home + [{"url": u, "title": t} for u, t in links], "current": current}


def _version_or_404(framework_code: str, version: str) -> FrameworkVersion:
    return get_object_or_404(
        FrameworkVersion.objects.select_related("framework"),
        framework__code=framework_code,
        version=version,
    )


@login_required
def framework_list(request):
    versions = (
        FrameworkVersion.objects.select_related("framework")
        .annotate(
            module_count=Count("modules", distinct=True),
            commitment_count=Count("commitments", distinct=True),
        )
        .prefetch_related("includes__framework")
        .latest_first()
    )
    return render(
        request,
        "frameworks/list.html",
        {
            "page_title": "Référentiels",
            "versions": versions,
            "search_form": SearchForm(),
            "can_import": can_import_frameworks(request.user),
        },
    )


@login_required
def framework_detail(request, framework_code):
    """A framework's address leads to its latest version."""
    version = (
        FrameworkVersion.objects.filter(framework__code=framework_code).order_by("-version").first()
    )
    if version is None:
        raise Http404("Aucun référentiel ne porte ce code.")
    return redirect("frameworks:version", framework_code=framework_code, version=version.version)


@login_required
def version_detail(request, framework_code, version):
    framework_version = _version_or_404(framework_code, version)
    modules = framework_version.modules.annotate(commitment_count=Count("commitments"))
    modules = modules.prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("position", "number"))
    )
    return render(
        request,
        "frameworks/version_detail.html",
        {
            "page_title": str(framework_version),
            "version": framework_version,
            "modules": modules,
            "includes": framework_version.includes.select_related("framework"),
            "included_in": framework_version.included_in.select_related("framework"),
            "search_form": SearchForm(initial={"version": framework_version.pk}),
            "can_import": can_import_frameworks(request.user),
            "breadcrumb_data": _crumbs(str(framework_version)),
        },
    )


def _indicator_labels(codes: list[str]) -> dict[str, str]:
    """Labels of the indicator codes a commitment lists. The catalogue belongs to an app above
    the frameworks (indicators): it is asked through its AppConfig, never imported."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        provider = getattr(config, "indicator_labels", None)
        if provider is not None:
            labels |= provider(codes)
    return labels


@login_required
def commitment_detail(request, framework_code, version, number):
    commitment = get_object_or_404(
        Commitment.objects.select_related("version__framework", "module"),
        version__framework__code=framework_code,
        version__version=version,
        number=number,
    )
    framework_version = commitment.version
    known = _indicator_labels(commitment.indicator_codes)
    siblings = list(framework_version.commitments.order_by("position", "number"))
    index = next(i for i, c in enumerate(siblings) if c.pk == commitment.pk)
    version_url = reverse(
        "frameworks:version", kwargs={"framework_code": framework_code, "version": version}
    )
    return render(
        request,
        "frameworks/commitment_detail.html",
        {
            "page_title": f"Engagement {commitment.number} — {framework_version}",
            "commitment": commitment,
            "version": framework_version,
            "sub_criteria": commitment.sub_criteria.all(),
            "indicators": [(code, known.get(code)) for code in commitment.indicator_codes],
            "correspondences": commitment.correspondences.select_related(
                "corresponds_to__version__framework"
            ),
            "corresponded_by": commitment.corresponded_by.select_related(
                "commitment__version__framework"
            ),
            "includes": framework_version.includes.select_related("framework"),
            "included_in": framework_version.included_in.select_related("framework"),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "breadcrumb_data": _crumbs(
                f"Engagement {commitment.number}", (version_url, str(framework_version))
            ),
        },
    )


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = list(search_commitments(form.cleaned_data["q"], form.cleaned_data["version"]))
    return render(
        request,
        "frameworks/search.html",
        {
            "page_title": "Rechercher un engagement",
            "search_form": form,
            "results": results,
            "query": form.cleaned_data["q"] if form.is_valid() else "",
            "breadcrumb_data": _crumbs("Recherche"),
        },
    )


def _workbook_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@login_required
def import_template(request):
    return _workbook_response(workbook_bytes(), "modele-referentiel")


@login_required
def version_workbook(request, framework_code, version):
    """The version in the import format, to complete and send back."""
    framework_version = _version_or_404(framework_code, version)
    return _workbook_response(
        workbook_bytes(version_data(framework_version)), f"{framework_code}-{version}"
    )


@login_required
def import_page(request):
    if not can_import_frameworks(request.user):
        raise PermissionDenied(
            "L'import des référentiels est réservé à l'administration nationale."
        )
    initial = {
        "framework_code": request.GET.get("framework", ""),
        "version": request.GET.get("version", ""),
    }
    form = FrameworkImportForm(request.POST or None, request.FILES or None, initial=initial)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_framework_spreadsheet(
                raw=upload.read(), filename=upload.name, target=form.target(), user=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, f"Import terminé. {report}")
            target = form.target()
            return redirect(
                "frameworks:version", framework_code=target.framework_code, version=target.version
            )
    return render(
        request,
        "frameworks/import.html",
        {
            "page_title": "Importer ou compléter un référentiel",
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "versions": FrameworkVersion.objects.select_related("framework").latest_first(),
            "breadcrumb_data": _crumbs("Importer"),
        },
        status=400 if errors else 200,
    )
