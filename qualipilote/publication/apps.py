from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "qualipilote.publication"
    label = "publication"
    verbose_name = "Publication des résultats"
    default_auto_field = "django.db.models.BigAutoField"

    def home_panel(self, request):
        """The organisation's dashboard links to its public results page (when something is
        published) and to the lead's publication page."""
        from .services import home_panel

        return home_panel(request)
