"""Evidence files: the checks live in common/files.py, shared with every app that takes uploads
(audit reports, crisis messages, documents); these names stay importable from here."""

from qualipilote.common.files import (  # noqa: F401
    ACCEPTED_HINT,
    ACCEPTED_TYPES,
    FileType,
    check_evidence_file,
    max_size_label,
    safe_filename,
)
