"""A loaded framework version read back as `schema.VersionData`: the base that a spreadsheet
import completes (so that the merged version is checked by the same rules as a file) and the
rows of the downloadable workbook."""

from __future__ import annotations

from .models import FrameworkVersion
from .schema import (
    CommitmentData,
    CorrespondenceData,
    Located,
    ModuleData,
    SubCriterionData,
    VersionData,
)


def version_data(version: FrameworkVersion, source_name: str = "") -> VersionData:
    framework = version.framework
    data = VersionData(
        framework_code=framework.code,
        framework_name=framework.name,
        publisher=framework.publisher,
        framework_description=framework.description,
        version=version.version,
        title=version.title,
        published_on=version.published_on,
        source=version.source,
        notes=version.notes,
        min_modules_for_label=version.min_modules_for_label,
        label_validity_years=version.label_validity_years,
        label_levels=list(version.label_levels),
        follow_up_months=version.follow_up_months,
        finding_grades=[dict(grade) for grade in version.finding_grades],
        includes=[
            (included.framework.code, included.version)
            for included in version.includes.select_related("framework")
        ],
        source_name=source_name or version.data_file,
    )
    data.modules = [
        ModuleData(
            number=module.number,
            title=module.title,
            title_status=module.title_status,
            kind=module.kind,
            mandatory=module.mandatory,
            description=module.description,
            notes=module.notes,
            loc=Located(source_name),
        )
        for module in version.modules.order_by("number")
    ]
    commitments = version.commitments.select_related("module").prefetch_related(
        "sub_criteria", "correspondences__corresponds_to__version__framework"
    )
    data.commitments = [_commitment(c, source_name) for c in commitments]
    return data


def _commitment(commitment, source_name: str) -> CommitmentData:
    return CommitmentData(
        number=commitment.number,
        module=commitment.module.number,
        title=commitment.title,
        section=commitment.section,
        auditor_expectations=commitment.auditor_expectations,
        evidence_guidance=commitment.evidence_guidance,
        notes=commitment.notes,
        indicator_codes=list(commitment.indicator_codes),
        sub_criteria=[
            SubCriterionData(
                code=sub.code,
                title=sub.title,
                title_status=sub.title_status,
                notes=sub.notes,
                loc=Located(source_name),
            )
            for sub in commitment.sub_criteria.all()
        ],
        correspondences=[
            CorrespondenceData(
                framework=link.corresponds_to.version.framework.code,
                version=link.corresponds_to.version.version,
                number=link.corresponds_to.number,
                source=link.source,
                loc=Located(source_name),
            )
            for link in commitment.correspondences.all()
        ],
        loc=Located(source_name),
    )
