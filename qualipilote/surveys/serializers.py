"""What the surveys API reads and writes. Field names and choice codes are the issue's."""

from __future__ import annotations

from rest_framework import serializers

from qualipilote.api.serializers import Serializer
from qualipilote.organisations.enums import Channel

from .enums import QuestionKind


class ChoiceSerializer(Serializer):
    code = serializers.SlugField(max_length=50)
    label = serializers.CharField(max_length=200)


class QuestionSerializer(Serializer):
    code = serializers.SlugField(max_length=50)
    label = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    required = serializers.BooleanField(default=False)
    choices = ChoiceSerializer(many=True, required=False)
    section = serializers.CharField(max_length=200, required=False, allow_blank=True)


class SurveySerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    published = serializers.BooleanField(read_only=True)
    questions = QuestionSerializer(many=True)

    def to_representation(self, survey):
        return {
            "id": survey.pk,
            "title": survey.title,
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(),
            "published": survey.published,
            "questions": [
                {
                    "code": q.code,
                    "label": q.label,
                    "kind": q.kind,
                    "required": q.required,
                    "choices": [{"code": c.code, "label": c.label} for c in q.choices.all()],
                    "section": q.section.title if q.section else "",
                }
                for q in survey.questions.all()
            ],
        }


class ResponseInSerializer(Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Code de la question → code du choix (liste de codes pour un choix multiple), "
        "note de 0 à 10, ou texte.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    site = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
    token = serializers.UUIDField(
        required=False,
        help_text="Identifiant choisi par le client : renvoyé, la réponse compte une fois.",
    )


class ResponseOutSerializer(Serializer):
    id = serializers.IntegerField()
    created = serializers.BooleanField(help_text="false : ce jeton était déjà enregistré.")


class QuestionResultSerializer(Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    answers = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    answers_with_opinion = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)


class SurveyResultsSerializer(Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    responses = serializers.IntegerField()
    questions = QuestionResultSerializer(many=True)
