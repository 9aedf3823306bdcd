from django.urls import NoReverseMatch, reverse

# The sections of an organisation, in menu order: (label, URL name).
ORGANISATION_SECTIONS = [
    ("Tableau de bord", "organisations:home"),
    ("Organisation", "organisations:structure"),
    ("Périmètre", "scope:detail"),
    ("Auto-diagnostic", "assessments:overview"),
    ("Registres", "registers:index"),
    ("Indicateurs", "indicators:dashboard"),
    ("Communication d'urgence", "crisis:index"),
    ("Enquêtes", "surveys:list"),
    ("Plan d'actions", "improvement:actions"),
    ("Audits", "improvement:audits"),
    ("Préparation de l'audit", "improvement:readiness"),
    ("Jalons", "improvement:milestones"),
]


def _sections(request, organisation):
    sections = []
    for label, url_name in ORGANISATION_SECTIONS:
        try:
            url = reverse(url_name, kwargs={"org_code": organisation.code})
        except NoReverseMatch:
            continue  # a section whose app is not installed in this deployment
        sections.append(
            {
                "label": label,
                "url": url,
                "current": request.path.startswith(url)
                if url_name != "organisations:home"
                else request.path == url,
            }
        )
    return sections


def _home_organisation(request):
    """Outside an organisation's pages (frameworks, national view, API docs), the menu keeps the
    sections of the signed-in person's organisation when they belong to exactly one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = list(user.memberships.active().select_related("organisation")[:2])
    return memberships[0].organisation if len(memberships) == 1 else None


def organisation(request):
    current = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if current is not None and membership is not None:
        sections = _sections(request, current)
    elif current is None and (home := _home_organisation(request)) is not None:
        sections = _sections(request, home)
    else:
        sections = []
    return {"organisation": current, "membership": membership, "organisation_sections": sections}
