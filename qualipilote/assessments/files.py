"""What an evidence file may be: PDF, office documents and images, up to EVIDENCE_MAX_BYTES.

The extension is checked AND the content: the first bytes (and, for zipped office formats, the
parts inside the archive) must be those of the type the extension announces, so that a renamed
executable or a page of HTML is refused whatever it is called.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Microsoft Office (doc, xls, ppt)
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signatures: tuple[bytes, ...]
    zip_marker: str = ""  # a part every archive of this type holds (OOXML)
    odf_mimetype: str = ""  # the "mimetype" part of an OpenDocument file

    def matches(self, head: bytes, upload) -> bool:
        if self.label == "WebP":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if not head.startswith(self.signatures):
            return False
        if self.zip_marker or self.odf_mimetype:
            return _zip_holds(upload, self.zip_marker, self.odf_mimetype)
        return True


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"

ACCEPTED_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", (b"%PDF-",)),
    "doc": FileType("Word", "application/msword", (OLE2,)),
    "xls": FileType("Excel", "application/vnd.ms-excel", (OLE2,)),
    "ppt": FileType("PowerPoint", "application/vnd.ms-powerpoint", (OLE2,)),
    "docx": FileType("Word", f"{_OOXML}.wordprocessingml.document", (ZIP,), "word/"),
    "xlsx": FileType("Excel", f"{_OOXML}.spreadsheetml.sheet", (ZIP,), "xl/"),
    "pptx": FileType("PowerPoint", f"{_OOXML}.presentationml.presentation", (ZIP,), "ppt/"),
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


def _zip_holds(upload, marker: str, odf_mimetype: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if odf_mimetype:
                # Only the tiny "mimetype" part is read, never the whole archive.
                if archive.getinfo("mimetype").file_size > 200:
                    return False
                return archive.read("mimetype").decode("ascii", "replace").strip() == odf_mimetype
            return any(name.startswith(marker) for name in archive.namelist())
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


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
