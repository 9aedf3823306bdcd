from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "qualipilote.frameworks"
    label = "frameworks"
    verbose_name = "Référentiels"

    def annual_review(self, organisation, year):
        from .review import scope_section

        return scope_section(organisation, year)
