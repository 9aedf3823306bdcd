"""REST endpoints of the action plan and the audits, under /api/v1/organisations/<org_code>/.

Access is decided by api.permissions.IsOrganisationMember (organisations.access). Writing asks
for MANAGE_ACTIONS (actions), MANAGE_AUDITS (audits, closing findings) or RECORD_AUDIT_FINDINGS
(an auditor recording a finding: the only write an auditor has)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics

from qualipilote.organisations.permissions import (
    MANAGE_ACTIONS,
    MANAGE_AUDITS,
    RECORD_AUDIT_FINDINGS,
)

from .models import Action, Audit, Finding
from .serializers import (
    ActionSerializer,
    AuditSerializer,
    FindingSerializer,
    FindingStatusSerializer,
)


class OrganisationMixin:
    def organisation(self):
        return self.request.api_access.organisation

    def get_serializer_context(self):
        context = super().get_serializer_context()
        access = getattr(self.request, "api_access", None)
        if access is not None:
            context["organisation"] = access.organisation
            context["user"] = self.request.user
            context["change_reason"] = (
                f"API, jeton « {access.token.name} »" if access.token else "API"
            )
        return context


class ActionQueryMixin(OrganisationMixin):
    serializer_class = ActionSerializer
    write_ability = MANAGE_ACTIONS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        return (
            Action.objects.filter(organisation=self.organisation())
            .select_related("owner", "owner_unit", "finding")
            .prefetch_related("commitments", "indicators")
            .order_by("due_on", "reference")
        )


@extend_schema_view(
    get=extend_schema(summary="Plan d'actions"),
    post=extend_schema(
        summary="Créer une action",
        examples=[
            OpenApiExample(
                "Action corrective d'un constat",
                value={
                    "title": "Accusé de réception automatique des courriels",
                    "kind": "corrective",
                    "owner": "referent.74",
                    "owner_unit": "bcic",
                    "due_on": "2026-06-30",
                    "finding": 12,
                },
                request_only=True,
            )
        ],
    ),
)
class ActionListView(ActionQueryMixin, generics.ListCreateAPIView):
    pass


@extend_schema_view(
    get=extend_schema(summary="Une action"),
    patch=extend_schema(summary="Faire avancer une action (état, efficacité, échéance…)"),
)
class ActionDetailView(ActionQueryMixin, generics.RetrieveUpdateAPIView):
    http_method_names = ["get", "patch", "head", "options"]


@extend_schema_view(
    get=extend_schema(summary="Audits du cycle de labellisation"),
    post=extend_schema(summary="Enregistrer un audit"),
)
class AuditListView(OrganisationMixin, generics.ListCreateAPIView):
    serializer_class = AuditSerializer
    write_ability = MANAGE_AUDITS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Audit.objects.none()
        return Audit.objects.filter(organisation=self.organisation()).select_related(
            "version__framework"
        )


@extend_schema_view(
    get=extend_schema(summary="Constats d'un audit"),
    post=extend_schema(
        summary="Relever un constat",
        examples=[
            OpenApiExample(
                "Non-conformité mineure",
                value={
                    "commitment": {"framework": "qual-e-pref", "version": "2019", "number": 15},
                    "grade": "minor_nonconformity",
                    "text": "Les délais de réponse aux courriels ne sont pas mesurés.",
                },
                request_only=True,
            )
        ],
    ),
)
class AuditFindingListView(OrganisationMixin, generics.ListCreateAPIView):
    serializer_class = FindingSerializer
    write_ability = RECORD_AUDIT_FINDINGS

    def audit(self):
        return get_object_or_404(
            Audit.objects.select_related("version", "organisation"),
            pk=self.kwargs["pk"],
            organisation=self.organisation(),
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return (
            Finding.objects.filter(audit=self.audit())
            .select_related("audit__version", "commitment")
            .prefetch_related("actions")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and hasattr(self.request, "api_access"):
            context["audit"] = self.audit()
        return context


@extend_schema_view(
    get=extend_schema(summary="Un constat d'audit"),
    patch=extend_schema(
        summary="Clore ou rouvrir un constat",
        request=FindingStatusSerializer,
        responses=FindingSerializer,
    ),
)
class FindingDetailView(OrganisationMixin, generics.RetrieveUpdateAPIView):
    http_method_names = ["get", "patch", "head", "options"]
    write_ability = MANAGE_AUDITS

    def get_serializer_class(self):
        return FindingStatusSerializer if self.request.method == "PATCH" else FindingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return (
            Finding.objects.filter(audit__organisation=self.organisation())
            .select_related("audit__version", "commitment")
            .prefetch_related("actions")
        )
