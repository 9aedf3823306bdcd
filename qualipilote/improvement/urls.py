from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("plan-d-actions/", views.action_list, name="actions"),
    path("plan-d-actions/export.xlsx", views.action_export, name="actions_export"),
    path("plan-d-actions/nouvelle/", views.action_create, name="action_create"),
    path("plan-d-actions/importer/", views.action_import, name="actions_import"),
    path("plan-d-actions/modele.xlsx", views.action_import_template, name="actions_template"),
    path("plan-d-actions/<int:pk>/", views.action_detail, name="action"),
    path("plan-d-actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("plan-d-actions/<int:pk>/etat/", views.action_status, name="action_status"),
    path(
        "plan-d-actions/<int:pk>/efficacite/",
        views.action_effectiveness,
        name="action_effectiveness",
    ),
    path("plan-d-actions/<int:pk>/note/", views.action_note, name="action_note"),
    path("audits/", views.audit_list, name="audits"),
    path("audits/nouveau/", views.audit_create, name="audit_create"),
    path("audits/cycle/", views.plan_cycle, name="plan_cycle"),
    path("audits/<int:pk>/", views.audit_detail, name="audit"),
    path("audits/<int:pk>/rapport/", views.audit_report, name="audit_report"),
    path("audits/<int:pk>/constats/", views.finding_record, name="finding_record"),
    path("constats/<int:pk>/etat/", views.finding_status, name="finding_status"),
    path("jalons/", views.milestones, name="milestones"),
    path("jalons/nouveau/", views.milestone_create, name="milestone_create"),
    path("jalons/<int:pk>/retirer/", views.milestone_remove, name="milestone_remove"),
    path("jalons/flux/", views.milestones_feed_token, name="milestones_feed_token"),
    path("jalons/flux/<str:token>.ics", views.milestones_feed, name="milestones_feed"),
    path("preparation-audit/", views.readiness_overview, name="readiness"),
    path("preparation-audit/dossier.pdf", views.readiness_pdf, name="readiness_pdf"),
    path("preparation-audit/preuves.zip", views.readiness_zip, name="readiness_zip"),
    path(
        "preparation-audit/engagements/<int:pk>/",
        views.readiness_commitment,
        name="readiness_commitment",
    ),
]
