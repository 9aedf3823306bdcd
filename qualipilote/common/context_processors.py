from django.urls import NoReverseMatch, reverse

# The sections of an organisation, in menu order. An entry is either a link (label, URL name) or a
# group (label, [links]) shown as a DSFR drop-down: thirteen and more links in one row were more
# than a header can hold. A link whose app is not installed in this deployment is left out, and a
# group left empty disappears.
ORGANISATION_SECTIONS = [
    ("Tableau de bord", "organisations:home"),
    (
        "Pilotage",
        [
            ("Organisation", "organisations:structure"),
            ("Périmètre", "scope:detail"),
            ("Indicateurs", "indicators:dashboard"),
            ("Comités", "committees:list"),
            ("Jalons", "improvement:milestones"),
            ("Bilan annuel", "review:list"),
        ],
    ),
    (
        "Voix des usagers",
        [
            ("Registres", "registers:index"),
            ("Enquêtes", "surveys:list"),
            ("Enquêtes mystère", "mystery:campaigns"),
            ("Résultats publiés", "publication:index"),
        ],
    ),
    (
        "Amélioration continue",
        [
            ("Auto-diagnostic", "assessments:overview"),
            ("Plan d'actions", "improvement:actions"),
            ("Audits", "improvement:audits"),
            ("Préparation de l'audit", "improvement:readiness"),
        ],
    ),
    (
        "Ressources",
        [
            ("Documents", "documents:list"),
            ("Formation", "training:index"),
            ("Éco-responsabilité", "ecoresponsibility:index"),
        ],
    ),
    ("Communication d'urgence", "crisis:index"),
]


def _link(request, organisation, label, url_name):
    try:
        url = reverse(url_name, kwargs={"org_code": organisation.code})
    except NoReverseMatch:
        return None
    current = (
        request.path == url if url_name == "organisations:home" else request.path.startswith(url)
    )
    return {"label": label, "url": url, "current": current}


def _may_open(membership, url_name: str) -> bool:
    """A role limited to some pages (a cross auditor sees only mystery-shopper campaigns) sees
    only their links; the member's own rule says so (Membership.may_open)."""
    if membership is None or not hasattr(membership, "may_open"):
        return True
    return membership.may_open(url_name.split(":")[0])


def _sections(request, organisation, membership=None):
    sections = []
    for label, target in ORGANISATION_SECTIONS:
        if isinstance(target, str):
            if _may_open(membership, target) and (
                link := _link(request, organisation, label, target)
            ):
                sections.append(link)
            continue
        links = [
            link
            for link_label, url_name in target
            if _may_open(membership, url_name)
            and (link := _link(request, organisation, link_label, url_name))
        ]
        if links:
            sections.append(
                {
                    "label": label,
                    "links": links,
                    "current": any(link["current"] for link in links),
                    "id": f"menu-{len(sections)}",
                }
            )
    return sections


def _home_membership(request):
    """Outside an organisation's pages (frameworks, national view, API docs), the menu keeps the
    sections of the signed-in person's organisation when they belong to exactly one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = list(user.memberships.active().select_related("organisation")[:2])
    return memberships[0] if len(memberships) == 1 else None


def organisation(request):
    current = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if current is not None and membership is not None:
        sections = _sections(request, current, membership)
    elif current is None and (home := _home_membership(request)) is not None:
        sections = _sections(request, home.organisation, home)
    else:
        sections = []
    return {"organisation": current, "membership": membership, "organisation_sections": sections}
