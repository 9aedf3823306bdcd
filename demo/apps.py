from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data generators and their commands (load_demo, demo_logins): development only,
    kept outside the runtime package `qualipilote`."""

    name = "demo"
    label = "demo"
    verbose_name = "Démonstration"
