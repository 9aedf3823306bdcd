from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "qualipilote.assessments"
    label = "assessments"
    verbose_name = "Auto-diagnostic"
