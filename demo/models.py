"""What the demo created, so that `load_demo` only ever fills its own organisations and accounts.

A real pref-74 created by `create_organisation`, or a real `admin` account, has no mark: the demo
refuses the organisation and leaves the account alone (no password, no promotion, no membership).
"""

from django.conf import settings
from django.db import models

from qualipilote.organisations.models import Organisation


class DemoOrganisation(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="organisation"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "organisation de démonstration"
        verbose_name_plural = "organisations de démonstration"

    def __str__(self):
        return str(self.organisation)


class DemoAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="compte"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "compte de démonstration"
        verbose_name_plural = "comptes de démonstration"

    def __str__(self):
        return str(self.user)
