from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "qualipilote.surveys"
    label = "surveys"
    verbose_name = "Enquêtes de satisfaction"
