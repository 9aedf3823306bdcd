from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "qualipilote.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .calendar import invalidate_on_change
        from .models import ClosureDay

        # A closure day changes the working days however it is saved (service, admin, shell).
        post_save.connect(invalidate_on_change, sender=ClosureDay, dispatch_uid="closure_saved")
        post_delete.connect(invalidate_on_change, sender=ClosureDay, dispatch_uid="closure_deleted")

    def annual_review(self, organisation, year):
        from .review import organisation_section

        return organisation_section(organisation, year)
