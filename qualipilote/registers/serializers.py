"""API representations of the register records. Field names are a contract with integrations:
rename nothing without a new API version.

Computed fields (`due_on`, `working_days_taken`, `on_time`, `overdue`) are read-only; they come
from the organisation's deadline rules and working calendar (deadlines.DeadlineComputer).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qualipilote.api.serializers import ModelSerializer
from qualipilote.organisations.models import Unit
from qualipilote.organisations.permissions import can_see_contact_details

from .deadlines import NoDeadlineRule, record_date_errors
from .enums import AcknowledgementMode, ContactDetails
from .models import Correspondence, Feedback

COMPUTED_FIELDS = ("due_on", "working_days_taken", "on_time", "overdue")


class UnitCodeField(serializers.SlugRelatedField):
    """A unit given by its code, among the units of the organisation being called."""

    default_error_messages = {
        "does_not_exist": "Aucune unité de cette organisation ne porte le code « {value} ».",
        "invalid": "Code d'unité invalide.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", allow_null=True, required=False, **kwargs)

    def get_queryset(self):
        organisation = self.context.get("organisation")
        if organisation is None:
            return Unit.objects.none()
        return Unit.objects.filter(organisation=organisation)


class RegisterRecordSerializer(ModelSerializer):
    """What every register record exposes; subclasses add their own fields."""

    unit = UnitCodeField(help_text="Code de l'unité concernée, ou null.")
    overdue = serializers.SerializerMethodField(
        help_text="Sans réponse et échéance dépassée, à la date du jour."
    )
    assignee = serializers.SerializerMethodField(
        help_text="À qui le dossier est attribué : personne-<id> ou unite-<id> (les valeurs du "
        "filtre assignee), ou null."
    )

    date_fields = ("received_on", "answered_on")

    class Meta:
        read_only_fields = ("id", "due_on", "working_days_taken", "on_time")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, record) -> bool:
        return record.is_overdue(self.today)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assignee(self, record) -> str | None:
        if record.assigned_to_id:
            return f"personne-{record.assigned_to_id}"
        if record.assigned_unit_id:
            return f"unite-{record.assigned_unit_id}"
        return None

    @property
    def today(self) -> dt.date:
        return self.context.get("today") or timezone.localdate()

    def validate(self, attrs):
        """The date rules of the registers (models' clean and imports share them)."""

        def current(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, None)

        errors = record_date_errors(
            received_on=current("received_on"),
            answered_on=current("answered_on"),
            acknowledged_on=current("acknowledged_on")
            if "acknowledged_on" in self.fields
            else None,
            today=self.today,
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        record = self.Meta.model(organisation=self.context["organisation"], **validated_data)
        return self._save(record)

    def update(self, record, validated_data):
        for name, value in validated_data.items():
            setattr(record, name, value)
        return self._save(record)

    def _save(self, record):
        user = self.context.get("user")
        if user is not None and user.is_authenticated and record.pk is None:
            record.created_by = user
        # Traceability: the history says which integration made the change.
        record._change_reason = self.context.get("change_reason", "API")
        try:
            record.save()
        except NoDeadlineRule as error:
            raise serializers.ValidationError({"received_on": [str(error)]}) from None
        return record


class CorrespondenceSerializer(RegisterRecordSerializer):
    acknowledgement_mode = serializers.ChoiceField(
        choices=AcknowledgementMode.choices,
        required=False,
        allow_blank=True,
        help_text="automatic ou manual ; manual par défaut quand acknowledged_on est donné.",
    )

    class Meta(RegisterRecordSerializer.Meta):
        model = Correspondence
        fields = (
            "id",
            "channel",
            "received_on",
            "acknowledged_on",
            "acknowledgement_mode",
            "answered_on",
            "unit",
            "in_scope",
            "topic",
            *COMPUTED_FIELDS,
            "assignee",
        )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        acknowledged = attrs.get("acknowledged_on")
        if acknowledged and not (
            attrs.get("acknowledgement_mode") or getattr(self.instance, "acknowledgement_mode", "")
        ):
            attrs["acknowledgement_mode"] = AcknowledgementMode.MANUAL
        return attrs


def _nullable_text(help_text: str) -> serializers.SerializerMethodField:
    return serializers.SerializerMethodField(help_text=help_text)


CONTACT_HELP = (
    "Coordonnées de l'auteur : null sauf pour le référent qualité et les correspondants qualité "
    "(jamais pour un jeton d'intégration)."
)


class FeedbackSerializer(RegisterRecordSerializer):
    contact_details = serializers.SerializerMethodField(
        help_text="Coordonnées de l'auteur : none (aucune), recorded (enregistrées), "
        "anonymised (anonymisées après la durée de conservation). Visible de tous."
    )
    author_name = _nullable_text(f"Nom. {CONTACT_HELP}")
    author_email = _nullable_text(f"Courriel. {CONTACT_HELP}")
    author_phone = _nullable_text(f"Téléphone. {CONTACT_HELP}")
    author_address = _nullable_text(f"Adresse postale. {CONTACT_HELP}")

    @extend_schema_field(serializers.ChoiceField(choices=ContactDetails.choices))
    def get_contact_details(self, record) -> str:
        return record.contact_details

    def _contact(self, record, name: str) -> str | None:
        """The author's field when the caller may see contact details (one rule, in
        organisations.permissions), None otherwise."""
        author = record.contact_author
        if author is None or not can_see_contact_details(self.context.get("membership"), record):
            return None
        return getattr(author, name)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, record):
        return self._contact(record, "name")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_email(self, record):
        return self._contact(record, "email")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_phone(self, record):
        return self._contact(record, "phone")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_address(self, record):
        return self._contact(record, "address")

    class Meta(RegisterRecordSerializer.Meta):
        model = Feedback
        fields = (
            "id",
            "reference",
            "kind",
            "source",
            "received_on",
            "answered_on",
            "unit",
            "in_scope",
            "theme",
            "description",
            *COMPUTED_FIELDS,
            "assignee",
            "contact_details",
            "author_name",
            "author_email",
            "author_phone",
            "author_address",
        )
        read_only_fields = (*RegisterRecordSerializer.Meta.read_only_fields, "reference")
