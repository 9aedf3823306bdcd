"""Factories of the self-assessment, and a small framework shaped like Qual-e-pref 2019 (module 1
mandatory, at least two modules for the label) to test scopes and assessments against."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qualipilote.assessments.models import Evidence, SelfAssessment
from qualipilote.frameworks.tests.factories import (
    CommitmentFactory,
    FrameworkFactory,
    FrameworkVersionFactory,
    ModuleFactory,
)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def pdf_upload(name="preuve.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OOXML_MAIN = "application/vnd.openxmlformats-officedocument.{}.main+xml"


def ooxml_bytes(main_part: str, content_type: str, *, with_main_part=True, extra=None) -> bytes:
    """The smallest Office Open XML package: [Content_Types].xml declaring `main_part` with
    `content_type`, and the part itself (unless with_main_part is False)."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    parts = {"[Content_Types].xml": types.encode(), **(extra or {})}
    if with_main_part:
        parts[main_part] = b"<document/>"
    return zip_bytes(parts)


def docx_bytes(**kwargs) -> bytes:
    return ooxml_bytes(
        "word/document.xml", OOXML_MAIN.format("wordprocessingml.document"), **kwargs
    )


def workbook_bytes() -> bytes:
    """A real workbook, as openpyxl (like Excel or LibreOffice) writes it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Registre", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype: str, *, with_content=True) -> bytes:
    parts = {"mimetype": mimetype.encode()}
    if with_content:
        parts["content.xml"] = b"<office:document-content/>"
    return zip_bytes(parts)


def labelled_framework(code="qual-e-pref", name="Qual-e-pref", number="2019"):
    """Modules 1 (mandatory, commitments 1–4), 2 (5) and 7 (47, 48); two modules for a label."""
    version = FrameworkVersionFactory(
        framework=FrameworkFactory(code=code, name=name),
        version=number,
        title=f"{name} {number}",
        min_modules_for_label=2,
    )
    modules = {
        1: ModuleFactory(
            version=version, number=1, title="Relation générale avec les usagers", mandatory=True
        ),
        2: ModuleFactory(version=version, number=2, title="Délivrance de titres"),
        7: ModuleFactory(
            version=version, number=7, title="Communication d'urgence en cas d'événement majeur"
        ),
    }
    numbers = {1: [1, 2, 3, 4], 2: [5], 7: [47, 48]}
    commitments = {
        n: CommitmentFactory(
            version=version, module=modules[m], number=n, position=n, title=f"Engagement n° {n}"
        )
        for m, ns in numbers.items()
        for n in ns
    }
    return SimpleNamespace(version=version, modules=modules, commitments=commitments)


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    commitment = factory.SubFactory(CommitmentFactory)
    status = "met"
    assessed_at = factory.LazyFunction(timezone.now)


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    assessment = factory.SubFactory(SelfAssessmentFactory)
    kind = "link"
    title = "Page de l'intranet"
    url = "https://intranet.example.gouv.fr/qualite"
