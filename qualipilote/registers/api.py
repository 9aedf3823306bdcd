"""REST endpoints of the registers, under /api/v1/organisations/<org_code>/.

Access is decided by api.permissions.IsOrganisationMember (organisations.access): the view reads
`request.api_access.organisation` and never looks an organisation up itself. Writing needs
RECORD_REGISTERS, which integration tokens hold.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics

from qualipilote.organisations.permissions import RECORD_REGISTERS

from .filters import CorrespondenceFilterSet, FeedbackFilterSet
from .models import Correspondence, Feedback
from .serializers import CorrespondenceSerializer, FeedbackSerializer


class OrganisationRecordsMixin:
    model = None
    # The list pages' filters (registers.filters): one definition for pages, exports and API.
    filter_backends = [DjangoFilterBackend]
    filterset_class = None
    write_ability = RECORD_REGISTERS
    related = ("unit",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no request
            return self.model.objects.none()
        return self.model.objects.filter(
            organisation=self.request.api_access.organisation
        ).select_related(*self.related)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        access = getattr(self.request, "api_access", None)
        if access is not None:
            context["organisation"] = access.organisation
            context["user"] = self.request.user
            context["membership"] = access.membership  # None for an integration token
            context["change_reason"] = (
                f"API, jeton « {access.token.name} »" if access.token else "API"
            )
        return context

    def filter_queryset(self, queryset):
        if self.request.method != "GET" or "pk" in self.kwargs:
            return queryset
        return super().filter_queryset(queryset)


class RecordListView(OrganisationRecordsMixin, generics.ListCreateAPIView):
    pass


class RecordDetailView(OrganisationRecordsMixin, generics.RetrieveUpdateAPIView):
    http_method_names = ["get", "patch", "head", "options"]


@extend_schema_view(
    get=extend_schema(
        summary="Courriels et courriers reçus",
    ),
    post=extend_schema(
        summary="Enregistrer un courriel ou un courrier",
        examples=[
            OpenApiExample(
                "Courriel répondu",
                value={
                    "channel": "email",
                    "received_on": "2026-02-23",
                    "answered_on": "2026-02-25",
                    "topic": "Titre de séjour",
                },
                request_only=True,
            )
        ],
    ),
)
class CorrespondenceListView(RecordListView):
    model = Correspondence
    serializer_class = CorrespondenceSerializer
    filterset_class = CorrespondenceFilterSet


@extend_schema_view(
    get=extend_schema(summary="Un courriel ou un courrier"),
    patch=extend_schema(
        summary="Compléter un courriel ou un courrier (réponse, accusé de réception)"
    ),
)
class CorrespondenceDetailView(RecordDetailView):
    model = Correspondence
    serializer_class = CorrespondenceSerializer


@extend_schema_view(
    get=extend_schema(summary="Réclamations et suggestions"),
    post=extend_schema(
        summary="Enregistrer une réclamation ou une suggestion",
        examples=[
            OpenApiExample(
                "Réclamation reçue par courrier",
                value={
                    "kind": "complaint",
                    "source": "letter",
                    "received_on": "2026-02-23",
                    "theme": "Accueil",
                    "description": "Attente trop longue au guichet.",
                },
                request_only=True,
            )
        ],
    ),
)
class FeedbackListView(RecordListView):
    model = Feedback
    related = ("unit", "author")
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilterSet


@extend_schema_view(
    get=extend_schema(summary="Une réclamation ou une suggestion"),
    patch=extend_schema(summary="Compléter une réclamation ou une suggestion (date de réponse)"),
)
class FeedbackDetailView(RecordDetailView):
    model = Feedback
    related = ("unit", "author")
    serializer_class = FeedbackSerializer
