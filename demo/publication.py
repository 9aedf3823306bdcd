"""Demo publication of results, loaded by `manage.py load_demo`.

Haute-Savoie (pref-74) has results online: the commitments of its labelling scope, its latest
closed month of indicators (those with a target) and its latest closed survey wave (the 2018
survey of the seed), published by its quality lead through the app's services. Savoie has
nothing published: its public page answers 404. Loading twice changes nothing: an organisation
that already has a publication is left alone.
"""

from __future__ import annotations

from django.db import transaction

from qualipilote.indicators.models import Indicator
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.publication import services
from qualipilote.publication.models import Publication


def load_demo(organisations) -> None:
    for organisation in organisations:
        if (
            organisation.code != "pref-74"
            or Publication.objects.filter(organisation=organisation).exists()
        ):
            continue
        lead = (
            Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        user = lead.user if lead else None
        codes = list(
            Indicator.objects.active()
            .exclude(target_operator="")
            .exclude(target_value=None)
            .values_list("code", flat=True)
        )
        with transaction.atomic():
            draft = services.save_draft(
                organisation,
                user=user,
                indicator_codes=codes,
                include_commitments=True,
                include_survey=True,
            )
            services.publish(draft, user=user)
