"""Factories of the document base: themes and documents written through the services, files
that pass the evidence checks, and a version taken through the whole workflow."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.documents import services

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "fiche.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def theme(organisation, number: int = 2, title: str = "Accueil physique"):
    return services.set_theme(organisation, number, title)


def sheet(organisation, number: int = 21, title: str = "Gestion des pics d'affluence", **values):
    found = services.set_theme(organisation, number // 10, values.pop("theme_title", "Thème"))
    return services.create_document(
        organisation, kind="procedure", theme=found, number=number, title=title, **values
    )


def approved_version(document, *, author, reviewer, approver, **approval):
    version = services.add_version(document, author=author, upload=pdf_upload())
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    return services.approve(version, user=approver, **approval)
