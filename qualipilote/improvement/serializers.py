"""API representations of actions, audits and findings. Field names and choice codes are a
contract with integrations (issue 11): rename nothing without a new API version. Writing goes
through services.py and audits.py; their French refusals become 400 answers by field."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qualipilote.api.serializers import ModelSerializer
from qualipilote.frameworks.models import Commitment
from qualipilote.indicators.models import Indicator
from qualipilote.organisations.models import Unit

from . import audits, services
from .enums import ActionKind, ActionSource, ActionStatus, AuditKind, FindingStatus
from .models import Action, Audit, Finding


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class ScopedSlugField(serializers.SlugRelatedField):
    """A related row named by a code, among the rows of the organisation being called."""

    def __init__(self, *, not_found: str, **kwargs):
        self.default_error_messages = {"does_not_exist": not_found, "invalid": "Valeur invalide."}
        super().__init__(**kwargs)

    def get_queryset(self):
        organisation = self.context.get("organisation")
        if organisation is None:
            return self.queryset.none()
        return self.scoped(organisation)


class OwnerField(ScopedSlugField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="username",
            queryset=get_user_model().objects.all(),
            not_found="Aucun membre de cette organisation n'a l'identifiant « {value} ».",
            **kwargs,
        )

    def scoped(self, organisation):
        return self.queryset.filter(
            memberships__organisation=organisation, memberships__suspended_at__isnull=True
        )


class UnitField(ScopedSlugField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="code",
            queryset=Unit.objects.all(),
            not_found="Aucune unité de cette organisation ne porte le code « {value} ».",
            **kwargs,
        )

    def scoped(self, organisation):
        return self.queryset.filter(organisation=organisation)


class FindingRefField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "Aucun constat d'audit de cette organisation ne porte le numéro {pk_value}.",
        "incorrect_type": "Le constat se désigne par son numéro (un entier).",
    }

    def get_queryset(self):
        organisation = self.context.get("organisation")
        if organisation is None:
            return Finding.objects.none()
        return Finding.objects.filter(audit__organisation=organisation).select_related(
            "audit__version", "commitment"
        )


class ActionSerializer(ModelSerializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    source = serializers.ChoiceField(choices=ActionSource.choices, required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    owner = OwnerField(help_text="Identifiant (username) d'un membre de l'organisation.")
    owner_unit = UnitField(required=False, allow_null=True, help_text="Code de l'unité pilote.")
    due_on = serializers.DateField()
    finding = FindingRefField(required=False, allow_null=True, help_text="Numéro du constat.")
    commitments = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Commitment.objects.all()
    )
    indicators = serializers.SlugRelatedField(
        many=True, required=False, slug_field="code", queryset=Indicator.objects.all()
    )
    effectiveness = serializers.CharField(
        required=False, allow_blank=True, help_text="Le constat écrit d'efficacité."
    )
    abandon_reason = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Action
        fields = (
            "id",
            "reference",
            "title",
            "description",
            "kind",
            "source",
            "source_detail",
            "finding",
            "commitments",
            "indicators",
            "owner",
            "owner_unit",
            "due_on",
            "status",
            "abandon_reason",
            "completed_on",
            "effectiveness",
            "effectiveness_checked_at",
            "created_at",
        )
        read_only_fields = (
            "id",
            "reference",
            "completed_on",
            "effectiveness_checked_at",
            "created_at",
        )

    def create(self, validated_data):
        status = validated_data.pop("status", None)
        effectiveness = validated_data.pop("effectiveness", None)
        abandon_reason = validated_data.pop("abandon_reason", "")
        user = self.context.get("user")
        user = user if user is not None and user.is_authenticated else None
        try:
            action = services.create_action(
                self.context["organisation"],
                user=user,
                reason=self.context.get("change_reason", "API"),
                **validated_data,
            )
            if status or effectiveness:
                action = services.update_action(
                    action,
                    user=user,
                    status=status,
                    abandon_reason=abandon_reason,
                    effectiveness=effectiveness,
                )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return action

    def update(self, action, validated_data):
        user = self.context.get("user")
        user = user if user is not None and user.is_authenticated else None
        if "finding" in validated_data and validated_data["finding"] != action.finding:
            raise serializers.ValidationError(
                {"finding": ["Le constat d'origine d'une action ne change pas."]}
            )
        validated_data.pop("finding", None)
        try:
            return services.update_action(
                action, user=user, reason=self.context.get("change_reason", "API"), **validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


class AuditSerializer(ModelSerializer):
    kind = serializers.ChoiceField(choices=AuditKind.choices)
    version = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Audit
        fields = ("id", "kind", "version", "starts_on", "ends_on", "auditors", "body", "scope")
        read_only_fields = ("id",)

    def create(self, validated_data):
        user = self.context.get("user")
        try:
            return audits.create_audit(
                self.context["organisation"],
                user=user if user is not None and user.is_authenticated else None,
                **validated_data,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer"},
            {
                "type": "object",
                "properties": {
                    "framework": {"type": "string"},
                    "version": {"type": "string"},
                    "number": {"type": "integer"},
                },
            },
        ]
    }
)
class CommitmentRefField(serializers.Field):
    """A commitment given by its id or by {framework, version, number}."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            data = None
        if isinstance(data, int):
            found = Commitment.objects.filter(pk=data).select_related("version").first()
            if found is None:
                raise serializers.ValidationError(f"Aucun engagement ne porte le numéro {data}.")
            return found
        if isinstance(data, dict) and set(data) == {"framework", "version", "number"}:
            framework, version, number = data["framework"], data["version"], data["number"]
            if (
                isinstance(framework, str)
                and isinstance(version, str)
                and isinstance(number, int)
                and not isinstance(number, bool)
            ):
                found = (
                    Commitment.objects.filter(
                        version__framework__code=framework, version__version=version, number=number
                    )
                    .select_related("version")
                    .first()
                )
                if found is None:
                    raise serializers.ValidationError(
                        f"Aucun engagement {number} dans {framework} {version}."
                    )
                return found
        raise serializers.ValidationError(
            "L'engagement se désigne par son id (un entier) ou par "
            '{"framework": "…", "version": "…", "number": …}.'
        )

    def to_representation(self, value):
        return value.pk


class FindingSerializer(ModelSerializer):
    commitment = CommitmentRefField()
    grade = serializers.CharField(
        help_text="Code de l'échelle de la version : strength, improvement, sensitive_point, "
        "minor_nonconformity, major_nonconformity."
    )
    status = serializers.ChoiceField(choices=FindingStatus.choices, required=False)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = (
            "id",
            "audit",
            "commitment",
            "grade",
            "text",
            "status",
            "actions",
            "recorded_at",
            "closed_at",
        )
        read_only_fields = ("id", "audit", "recorded_at", "closed_at")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_actions(self, finding) -> list[str]:
        return [action.reference for action in finding.actions.all()]

    def create(self, validated_data):
        validated_data.pop("status", None)
        user = self.context.get("user")
        try:
            return audits.record_finding(
                self.context["audit"],
                user=user if user is not None and user.is_authenticated else None,
                **validated_data,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


class FindingStatusSerializer(ModelSerializer):
    """PATCH …/findings/<id>/: only the status changes (open, closed)."""

    status = serializers.ChoiceField(choices=FindingStatus.choices)

    class Meta:
        model = Finding
        fields = ("id", "status")
        read_only_fields = ("id",)

    def update(self, finding, validated_data):
        user = self.context.get("user")
        try:
            return audits.set_finding_status(
                finding,
                validated_data["status"],
                user=user if user is not None and user.is_authenticated else None,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def to_representation(self, instance):
        return FindingSerializer(instance, context=self.context).data
