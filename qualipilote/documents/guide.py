"""The procedure guide: the current version of every numbered sheet, by theme, as a page and as
a PDF (WeasyPrint) with a table of contents."""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from .enums import DocumentKind, VersionStatus
from .models import Document, DocumentTheme, DocumentVersion


def guide_themes(organisation) -> list[dict]:
    """Each theme with its sheets in force (a current version), in number order; themes without
    a sheet in force are listed with none."""
    current = DocumentVersion.objects.filter(status=VersionStatus.APPROVED).select_related(
        "author", "reviewer", "approver"
    )
    sheets = (
        Document.objects.filter(
            organisation=organisation,
            kind=DocumentKind.PROCEDURE,
            versions__status=VersionStatus.APPROVED,
        )
        .select_related("owner_unit")
        .prefetch_related(Prefetch("versions", queryset=current, to_attr="current"), "commitments")
        .order_by("number")
    )
    by_theme: dict[int, list] = {}
    for sheet in sheets:
        by_theme.setdefault(sheet.theme_id, []).append(sheet)
    return [
        {"theme": theme, "sheets": by_theme.get(theme.pk, [])}
        for theme in DocumentTheme.objects.filter(organisation=organisation).order_by("number")
    ]


def guide_pdf(organisation) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    html = render_to_string(
        "documents/guide_pdf.html",
        {
            "organisation": organisation,
            "themes": guide_themes(organisation),
            "generated_at": timezone.localtime(),
        },
    )
    stylesheet = CSS(filename=finders.find("documents/guide.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
