"""API representations of emergency communication events (issue 12, item 6). Field names and
step codes are a contract with integrations: rename nothing without a new API version."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qualipilote.api.serializers import ModelSerializer, Serializer

from .enums import Channel, EventKind, Step
from .models import CrisisEvent, CrisisStep
from .services import event_checks

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 instant *with* its offset (2026-03-29T03:30:00+02:00 or …Z); shown back in
    Europe/Paris. An instant without offset is refused: it would be guessed."""

    default_error_messages = {
        "invalid": "Instant invalide : attendu ISO 8601 avec son décalage, par exemple "
        "2026-03-29T03:30:00+02:00.",
        "out_of_range": "L'instant doit être compris entre 2000 et 2100.",
        "naive": "L'instant doit préciser son décalage horaire (par exemple "
        "2026-10-25T02:30:00+01:00) : sans lui, l'heure d'été et l'heure d'hiver se confondent.",
    }

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid")
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if parsed.tzinfo is None:
            self.fail("naive")
        try:
            in_utc = parsed.astimezone(dt.UTC)
        except OverflowError:
            self.fail("invalid")
        if not EARLIEST <= in_utc < LATEST:
            self.fail("out_of_range")
        return parsed


class EventCreateSerializer(Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    started_at = AwareDateTimeField()


class StepSerializer(ModelSerializer):
    step = serializers.ChoiceField(choices=Step.choices)
    at = AwareDateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    client_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Clé choisie par le client : une étape renvoyée avec la même clé n'est "
        "enregistrée qu'une fois (réponse 200 au lieu de 201).",
    )

    class Meta:
        model = CrisisStep
        fields = (
            "id",
            "step",
            "at",
            "channel",
            "text",
            "synergi_reference",
            "cip_number",
            "client_key",
        )
        read_only_fields = ("id",)


class ChecksSerializer(Serializer):
    cell_delay_minutes = serializers.IntegerField(allow_null=True)
    cell_within_hour = serializers.BooleanField(allow_null=True)
    information_delay_minutes = serializers.IntegerField(
        allow_null=True, help_text="Le plus long des trois publics (élus, grand public, médias)."
    )
    information_within_hour = serializers.BooleanField(
        allow_null=True,
        help_text="null tant qu'une étape manque et que l'événement n'est pas terminé.",
    )


class EventSerializer(ModelSerializer):
    started_at = AwareDateTimeField(read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    checks = serializers.SerializerMethodField()

    class Meta:
        model = CrisisEvent
        fields = ("id", "title", "kind", "started_at", "steps", "checks")
        read_only_fields = fields

    @extend_schema_field(ChecksSerializer)
    def get_checks(self, event) -> dict:
        return event_checks(event).as_dict()
