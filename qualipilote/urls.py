from django.contrib import admin
from django.urls import include, path

from qualipilote.common.health import healthz
from qualipilote.organisations import views as organisation_views

admin.site.site_header = "Administration de Qualipilote"
admin.site.site_title = "Qualipilote"

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("comptes/", include("qualipilote.accounts.urls")),
    path("comptes/invitation/", include("qualipilote.organisations.invitation_urls")),
    path("comptes/proconnect/", include("qualipilote.organisations.proconnect_urls")),
    path("api/", include("qualipilote.api.urls")),
    path("referentiels/", include("qualipilote.frameworks.urls")),
    path("national/", include("qualipilote.indicators.national_urls")),
    path("national/historique/", include("qualipilote.organisations.trail_national_urls")),
    path("", include("qualipilote.common.urls")),  # legal pages, before the organisation codes
    # Everything below belongs to one organisation; access is checked by
    # organisations.access.OrganisationAccessMiddleware from the <org_code> segment.
    path("<slug:org_code>/", include("qualipilote.organisations.urls")),
    path("<slug:org_code>/historique/", include("qualipilote.organisations.trail_urls")),
    path("<slug:org_code>/", include("qualipilote.frameworks.org_urls")),
    path("<slug:org_code>/auto-diagnostic/", include("qualipilote.assessments.urls")),
    path("<slug:org_code>/", include("qualipilote.registers.urls")),
    path("<slug:org_code>/", include("qualipilote.registers.io_urls")),
    path("<slug:org_code>/jetons-api/", include("qualipilote.api.org_urls")),
    path("<slug:org_code>/indicateurs/", include("qualipilote.indicators.urls")),
    path("<slug:org_code>/", include("qualipilote.crisis.urls")),
    path("<slug:org_code>/enquetes/", include("qualipilote.surveys.urls")),
    path("<slug:org_code>/enquete/", include("qualipilote.surveys.public_urls")),
    path("<slug:org_code>/", include("qualipilote.improvement.urls")),
    path("<slug:org_code>/bilan-annuel/", include("qualipilote.review.urls")),
    path("<slug:org_code>/comites/", include("qualipilote.committees.urls")),
    path("<slug:org_code>/documents/", include("qualipilote.documents.urls")),
    path("<slug:org_code>/formation/", include("qualipilote.training.urls")),
    path("<slug:org_code>/eco-responsabilite/", include("qualipilote.ecoresponsibility.urls")),
    path("<slug:org_code>/enquetes-mystere/", include("qualipilote.mystery.urls")),
    path("<slug:org_code>/publication/", include("qualipilote.publication.urls")),
    path("<slug:org_code>/resultats/", include("qualipilote.publication.public_urls")),
]

# No public route serves MEDIA_ROOT, not even in DEBUG: uploaded evidence is private to its
# organisation and is only served by assessments' download view, after the membership check.

# An unexpected error: a friendly 503 when the database or Redis is away, a 500 otherwise.
handler500 = "qualipilote.common.errors.server_error"
