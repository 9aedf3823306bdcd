"""State changes of the frameworks app that a person makes in the interface.

Data files are loaded by `loader.load_files` (command `load_frameworks`); a national
administrator creates or completes a version from a spreadsheet with
`import_framework_spreadsheet`, which goes through the same rules and the same writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from qualipilote.common.tabular import ImportRejected, read_table

from .loader import existing_numbers, existing_versions
from .models import Framework, FrameworkVersion
from .schema import FrameworkDataError, VersionData
from .snapshot import version_data
from .spreadsheet import check_merged, merge_rows, problem_as_row_error
from .writer import VersionReport, write_versions

IMPORT_PERMISSION = "frameworks.add_frameworkversion"


def can_import_frameworks(user) -> bool:
    return user.is_authenticated and user.has_perm(IMPORT_PERMISSION)


@dataclass(frozen=True)
class ImportTarget:
    """What the form says about the version the rows belong to."""

    framework_code: str
    version: str
    framework_name: str = ""
    title: str = ""
    min_modules_for_label: int | None = None
    label_validity_years: int | None = None


def base_version(target: ImportTarget, source_name: str) -> VersionData:
    """The version as loaded (to be completed), or a new empty one."""
    existing = (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__code=target.framework_code, version=target.version)
        .first()
    )
    if existing is not None:
        data = version_data(existing, source_name)
    else:
        framework = Framework.objects.filter(code=target.framework_code).first()
        data = VersionData(
            framework_code=target.framework_code,
            framework_name=framework.name if framework else "",
            version=target.version,
            title="",
            source=f"Import du classeur {source_name}.",
            source_name=source_name,
        )
    data.source_name = source_name
    data.framework_name = target.framework_name or data.framework_name
    data.title = target.title or data.title
    if target.min_modules_for_label is not None:
        data.min_modules_for_label = target.min_modules_for_label
    if target.label_validity_years is not None:
        data.label_validity_years = target.label_validity_years
    return data


def import_framework_spreadsheet(
    *, raw: bytes, filename: str, target: ImportTarget, user
) -> VersionReport:
    """Creates or completes one framework version from a workbook, all or nothing.

    Raises ImportRejected listing every error with its line and column; nothing is saved then.
    Rows already loaded are updated in place, never deleted, so self-assessments stay attached.
    """
    table = read_table(raw, filename)
    with transaction.atomic():
        merged, errors = merge_rows(base_version(target, filename), table)
        errors = errors or check_merged(merged, existing_versions(), existing_numbers)
        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.column)))
        try:
            [report] = write_versions([merged], record_file=False, user=user)
        except FrameworkDataError as error:
            raise ImportRejected([problem_as_row_error(p) for p in error.problems]) from None
    return report
