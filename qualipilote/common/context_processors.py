from django.urls import NoReverseMatch, reverse

# The sections of an organisation, in menu order: (label, URL name).
ORGANISATION_SECTIONS = [
    ("Tableau de bord", "organisations:home"),
    ("Organisation", "organisations:structure"),
    ("Périmètre", "scope:detail"),
    ("Auto-diagnostic", "assessments:overview"),
    ("Registres", "registers:index"),
    ("Indicateurs", "indicators:dashboard"),
    ("Plan d'actions", "improvement:actions"),
    ("Audits", "improvement:audits"),
    ("Préparation de l'audit", "improvement:readiness"),
]


def organisation(request):
    current = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    sections = []
    if current is not None and membership is not None:
        for label, url_name in ORGANISATION_SECTIONS:
            try:
                url = reverse(url_name, kwargs={"org_code": current.code})
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
    return {"organisation": current, "membership": membership, "organisation_sections": sections}
