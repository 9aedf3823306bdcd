from django.urls import path

from . import api

urlpatterns = [
    path("actions/", api.ActionListView.as_view(), name="api-action-list"),
    path("actions/<int:pk>/", api.ActionDetailView.as_view(), name="api-action-detail"),
    path("audits/", api.AuditListView.as_view(), name="api-audit-list"),
    path(
        "audits/<int:pk>/findings/",
        api.AuditFindingListView.as_view(),
        name="api-audit-finding-list",
    ),
    path("findings/<int:pk>/", api.FindingDetailView.as_view(), name="api-finding-detail"),
]
