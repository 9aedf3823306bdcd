"""What an uploaded file may be (evidence, audit reports, crisis messages…): PDF, office documents
and images, up to EVIDENCE_MAX_BYTES.

The extension is checked AND the content: the first bytes (and, for zipped office formats, the
structure of the archive) must be those of the type the extension announces, so that a renamed
executable or a page of HTML is refused whatever it is called. An Office Open XML file (docx,
xlsx, pptx) must declare its main part with the type's content type in [Content_Types].xml and
hold that part; an OpenDocument file must name its type in its "mimetype" part and hold its
content.xml. Only these small parts are read, never the whole archive.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Microsoft Office (doc, xls, ppt)
ZIP = b"PK\x03\x04"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# [Content_Types].xml and "mimetype" are a few kilobytes; larger ones are not read.
SMALL_PART_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signatures: tuple[bytes, ...]
    ooxml_main: str = ""  # content type of the main part of an Office Open XML file
    odf_mimetype: str = ""  # the "mimetype" part of an OpenDocument file

    def matches(self, head: bytes, upload) -> bool:
        if self.label == "WebP":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if not head.startswith(self.signatures):
            return False
        if self.ooxml_main or self.odf_mimetype:
            return _archive_matches(upload, self.ooxml_main, self.odf_mimetype)
        return True


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"

ACCEPTED_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", (b"%PDF-",)),
    "doc": FileType("Word", "application/msword", (OLE2,)),
    "xls": FileType("Excel", "application/vnd.ms-excel", (OLE2,)),
    "ppt": FileType("PowerPoint", "application/vnd.ms-powerpoint", (OLE2,)),
    "docx": FileType(
        "Word",
        f"{_OOXML}.wordprocessingml.document",
        (ZIP,),
        ooxml_main=f"{_OOXML}.wordprocessingml.document.main+xml",
    ),
    "xlsx": FileType(
        "Excel",
        f"{_OOXML}.spreadsheetml.sheet",
        (ZIP,),
        ooxml_main=f"{_OOXML}.spreadsheetml.sheet.main+xml",
    ),
    "pptx": FileType(
        "PowerPoint",
        f"{_OOXML}.presentationml.presentation",
        (ZIP,),
        ooxml_main=f"{_OOXML}.presentationml.presentation.main+xml",
    ),
    "odt": FileType("OpenDocument texte", f"{_ODF}.text", (ZIP,), odf_mimetype=f"{_ODF}.text"),
    "ods": FileType(
        "OpenDocument tableur", f"{_ODF}.spreadsheet", (ZIP,), odf_mimetype=f"{_ODF}.spreadsheet"
    ),
    "odp": FileType(
        "OpenDocument présentation",
        f"{_ODF}.presentation",
        (ZIP,),
        odf_mimetype=f"{_ODF}.presentation",
    ),
    "png": FileType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    "gif": FileType("GIF", "image/gif", (b"GIF87a", b"GIF89a")),
    "webp": FileType("WebP", "image/webp", (b"RIFF",)),
}

ACCEPTED_HINT = (
    "PDF, documents bureautiques (doc, docx, odt, xls, xlsx, ods, ppt, pptx, odp) "
    "et images (png, jpg, jpeg, gif, webp)"
)


def _archive_matches(upload, ooxml_main: str, odf_mimetype: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if odf_mimetype:
                return _is_opendocument(archive, odf_mimetype)
            return _is_ooxml(archive, ooxml_main)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ElementTree.ParseError):
        return False
    finally:
        upload.seek(0)


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > SMALL_PART_MAX_BYTES:
        return None
    return archive.read(info)


def _is_opendocument(archive: zipfile.ZipFile, mimetype: str) -> bool:
    declared = _small_part(archive, "mimetype")
    if declared is None or declared.decode("ascii", "replace").strip() != mimetype:
        return False
    return "content.xml" in archive.namelist()


def _is_ooxml(archive: zipfile.ZipFile, main_content_type: str) -> bool:
    """[Content_Types].xml gives a part the main content type of the format, and the archive
    holds that part (part names are case-insensitive in OOXML)."""
    types = _small_part(archive, "[Content_Types].xml")
    if types is None:
        return False
    members = {name.lower() for name in archive.namelist()}
    for override in ElementTree.fromstring(types).iter(f"{CONTENT_TYPES_NS}Override"):
        if override.get("ContentType", "").strip() == main_content_type:
            part = override.get("PartName", "").lstrip("/").lower()
            if part in members:
                return True
    return False


def max_size_label() -> str:
    megabytes = settings.EVIDENCE_MAX_BYTES / (1024 * 1024)
    return f"{megabytes:g} Mo".replace(".", ",")


def safe_filename(name: str) -> str:
    """The uploaded name without its folders, made safe for any storage (accents are kept)."""
    base = PurePath(name.replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # "", "." or ".."
        cleaned = "preuve"
    if len(cleaned) > 150:  # keeps the extension of a very long name
        suffix = PurePath(cleaned).suffix[:10]
        cleaned = cleaned[: 150 - len(suffix)] + suffix
    return cleaned


def check_evidence_file(upload) -> FileType:
    """Returns the file's type, or raises ValidationError({"file": …}) in French."""
    if upload is None:
        raise ValidationError({"file": "Choisissez un fichier."})
    name = safe_filename(upload.name or "")
    if upload.size == 0:
        raise ValidationError({"file": f"Le fichier « {name} » est vide."})
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"file": f"Le fichier dépasse la taille maximale de {max_size_label()}."}
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    file_type = ACCEPTED_TYPES.get(extension)
    if file_type is None:
        raise ValidationError(
            {
                "file": f"Ce type de fichier n'est pas accepté : « {name} ». "
                f"Types acceptés : {ACCEPTED_HINT}."
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not file_type.matches(head, upload):
        raise ValidationError(
            {
                "file": f"Ce type de fichier n'est pas accepté : le contenu de « {name} » "
                f"n'est pas celui d'un fichier {file_type.label} (.{extension})."
            }
        )
    return file_type
