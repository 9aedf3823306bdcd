from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "qualipilote.organisations"
    label = "organisations"
    verbose_name = "Organisations"
