from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from .models import Membership
from .permissions import MANAGE_ORGANISATION
from .services import unit_tree


@login_required
def home(request):
    """The organisations the user belongs to; straight to the only one if there is one."""
    memberships = list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("organisation", "user")
        .order_by("organisation__name")
    )
    if len(memberships) == 1 and not request.user.is_national_reader:
        return redirect("organisations:home", org_code=memberships[0].organisation.code)
    if not memberships and request.user.is_national_reader:
        try:  # the ministry's reader lands on what they can read (the indicators' national view)
            return redirect(reverse("national:home"))
        except NoReverseMatch:
            pass
    return render(request, "organisations/my_organisations.html", {"memberships": memberships})


def organisation_home(request, org_code):
    organisation = request.organisation
    return render(
        request,
        "organisations/home.html",
        {
            "page_title": organisation.name,
            "work_queue": _work_queue(request),
            "home_panels": _home_panels(request),
        },
    )


def _work_queue(request):
    """What is the signed-in person's to do: each app that holds work gives its sections
    through its AppConfig's `work_queue(request)` (a list of {"key", "title", "counts"}, each
    count with a label, a number, the address of the filtered list and whether it is urgent).
    Apps above this one are never imported here."""
    from django.apps import apps

    sections = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "work_queue", None)
        if contribute is not None:
            sections += contribute(request) or []
    return sections


def _home_panels(request):
    """Each app may contribute a summary panel to the organisation's home page."""
    from django.apps import apps

    panels = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "home_panel", None)
        if contribute is not None:
            panel = contribute(request)
            if panel:
                panels.append(panel)
    return panels


def structure(request, org_code):
    organisation = request.organisation
    members = (
        organisation.memberships.active()
        .select_related("user", "unit")
        .order_by("role", "user__last_name")
    )
    return render(
        request,
        "organisations/structure.html",
        {
            "page_title": "Organisation",
            "units": unit_tree(organisation),
            "total_headcount": organisation.units.aggregate(total=Sum("headcount"))["total"] or 0,
            "sites": organisation.sites.all(),
            "channels": organisation.reception_channels.select_related("site"),
            "members": members,
            "can_manage": request.membership.can(MANAGE_ORGANISATION),
        },
    )
