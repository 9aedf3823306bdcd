"""The site's legal pages, linked from every page's footer: legal notice, personal data,
accessibility statement. Public, the same for every organisation."""

from django.shortcuts import render


def legal_notice(request):
    return render(request, "common/legal/legal_notice.html", {"page_title": "Mentions légales"})


def personal_data(request):
    return render(
        request, "common/legal/personal_data.html", {"page_title": "Données personnelles"}
    )


def accessibility(request):
    return render(
        request,
        "common/legal/accessibility.html",
        {"page_title": "Déclaration d'accessibilité"},
    )
