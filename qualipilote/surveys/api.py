"""REST endpoints of the surveys, under /api/v1/organisations/<org_code>/surveys/.

Access is decided by api.permissions.IsOrganisationMember (organisations.access). Creating a
survey needs MANAGE_SURVEYS, posting a response RECORD_REGISTERS (both held by integration
tokens: a kiosk posts the answers it collects). Every write goes through services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from qualipilote.organisations.permissions import MANAGE_SURVEYS, RECORD_REGISTERS

from . import services
from .enums import ResponseMode
from .models import Survey
from .results import question_results
from .serializers import (
    ResponseInSerializer,
    ResponseOutSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
)


def _french(error: DjangoValidationError) -> ValidationError:
    return ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


def _survey(request, pk) -> Survey:
    return get_object_or_404(
        Survey.objects.prefetch_related("questions__choices"),
        pk=pk,
        organisation=request.api_access.organisation,
    )


class SurveyListView(APIView):
    write_ability = MANAGE_SURVEYS

    @extend_schema(
        summary="Enquêtes de l'organisation", responses={200: SurveySerializer(many=True)}
    )
    def get(self, request, org_code):
        surveys = (
            Survey.objects.filter(organisation=request.api_access.organisation)
            .prefetch_related("questions__choices", "questions__section")
            .order_by("-opens_on", "pk")
        )
        return Response([SurveySerializer(s).data for s in surveys])

    @extend_schema(
        summary="Créer une enquête (ouverte aux réponses entre ses dates)",
        request=SurveySerializer,
        responses={201: SurveySerializer},
        examples=[
            OpenApiExample(
                "Enquête d'accueil",
                value={
                    "title": "Enquête de satisfaction 2026",
                    "opens_on": "2026-10-01",
                    "closes_on": "2026-10-31",
                    "questions": [
                        {
                            "code": "accueil-global",
                            "label": "Satisfaction globale de l'accueil",
                            "kind": "satisfaction",
                            "required": True,
                        },
                        {
                            "code": "motif",
                            "label": "Motif de visite",
                            "kind": "single_choice",
                            "choices": [
                                {"code": "titre-sejour", "label": "Titre de séjour"},
                                {"code": "autre", "label": "Autre"},
                            ],
                        },
                    ],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, org_code):
        serializer = SurveySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            specs = services.read_question_specs(
                [dict(q) for q in request.data.get("questions", [])]
            )
            survey = services.create_survey(
                request.api_access.organisation,
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                questions=specs,
                published=True,
            )
        except DjangoValidationError as error:
            raise _french(error) from error
        return Response(
            SurveySerializer(_survey(request, survey.pk)).data, status=status.HTTP_201_CREATED
        )


class ResponseCreateView(APIView):
    write_ability = RECORD_REGISTERS

    @extend_schema(
        summary="Enregistrer une réponse à l'enquête",
        request=ResponseInSerializer,
        responses={201: ResponseOutSerializer, 200: ResponseOutSerializer},
        examples=[
            OpenApiExample(
                "Réponse d'une borne",
                value={
                    "answers": {"accueil-global": "very_satisfied", "motif": "titre-sejour"},
                    "channel": "in_person",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, org_code, pk):
        survey = _survey(request, pk)
        serializer = ResponseInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        site = None
        if data.get("site"):
            site = request.api_access.organisation.sites.filter(pk=data["site"]).first()
            if site is None:
                raise ValidationError(
                    {"site": ["Aucun site de cette organisation ne porte ce numéro."]}
                )
        try:
            submission = services.submit_response(
                survey,
                data["answers"],
                mode=ResponseMode.API,
                channel=data.get("channel") or "",
                site=site,
                token=data.get("token"),
            )
        except DjangoValidationError as error:
            raise _french(error) from error
        return Response(
            {"id": submission.response.pk, "created": submission.created},
            status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK,
        )


class SurveyResultsView(APIView):
    @extend_schema(
        summary="Résultats de l'enquête, question par question",
        responses={200: SurveyResultsSerializer},
    )
    def get(self, request, org_code, pk):
        survey = _survey(request, pk)
        results = question_results(survey, comments=False)
        return Response(
            {
                "id": survey.pk,
                "title": survey.title,
                "responses": results.responses,
                "questions": [
                    {
                        "code": r.code,
                        "label": r.label,
                        "kind": r.kind,
                        "answers": r.answers,
                        "counts": {c.code: c.count for c in r.counts},
                        "answers_with_opinion": r.answers_with_opinion,
                        "satisfied": r.satisfied,
                        "satisfaction_rate": float(r.satisfaction_rate)
                        if r.satisfaction_rate is not None
                        else None,
                    }
                    for r in results.questions
                ],
            }
        )
