"""REST endpoints of emergency communication, under /api/v1/organisations/<org_code>/crisis/.

Access is decided by api.permissions.IsOrganisationMember (organisations.access); writing needs
RECORD_CRISIS, which integration tokens hold. Every write goes through services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from qualipilote.organisations.permissions import RECORD_CRISIS

from .models import CrisisEvent
from .serializers import EventCreateSerializer, EventSerializer, StepSerializer
from .services import open_event, record_step


def _api_errors(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class CrisisEventsMixin:
    write_ability = RECORD_CRISIS

    def events(self):
        if getattr(self, "swagger_fake_view", False):
            return CrisisEvent.objects.none()
        return CrisisEvent.objects.filter(
            organisation=self.request.api_access.organisation
        ).prefetch_related("steps")


class EventListView(CrisisEventsMixin, generics.ListAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        return self.events()

    @extend_schema(summary="Événements et exercices de communication d'urgence")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ouvrir un événement ou un exercice",
        request=EventCreateSerializer,
        responses={201: EventSerializer, 400: OpenApiResponse(description="Erreurs par champ.")},
        examples=[
            OpenApiExample(
                "Crue",
                value={
                    "title": "Crue de l'Arve",
                    "kind": "event",
                    "started_at": "2026-03-29T01:40:00+01:00",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, org_code):
        serializer = EventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            event = open_event(
                request.api_access.organisation, user=request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _api_errors(error) from None
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventDetailView(CrisisEventsMixin, generics.RetrieveAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        return self.events()

    @extend_schema(summary="Un événement, sa chronologie et ses contrôles d'une heure")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StepCreateView(CrisisEventsMixin, APIView):
    serializer_class = StepSerializer

    @extend_schema(
        summary="Enregistrer une étape de l'événement",
        request=StepSerializer,
        responses={
            201: EventSerializer,
            200: OpenApiResponse(
                EventSerializer, description="Étape déjà reçue avec ce client_key."
            ),
            400: OpenApiResponse(description="Erreurs par champ, en français."),
            404: OpenApiResponse(
                description="Aucun événement de cette organisation ne porte cet identifiant."
            ),
        },
        examples=[
            OpenApiExample(
                "Communiqué aux médias",
                value={
                    "step": "media_informed",
                    "at": "2026-03-29T03:25:00+02:00",
                    "channel": "press_release",
                    "text": "Crue de l'Arve : routes fermées.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, org_code, pk):
        event = get_object_or_404(self.events(), pk=pk)
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            recorded = record_step(event, user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _api_errors(error) from None
        event = self.events().get(pk=event.pk)
        return Response(
            EventSerializer(event).data,
            status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK,
        )
