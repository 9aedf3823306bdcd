from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from drf-spectacular-sidecar's local files, in the application's layout.
    path("docs/", views.api_docs, name="api-docs"),
    # Each domain owns its endpoints under /api/v1/organisations/<org_code>/…
    path("v1/organisations/<slug:org_code>/", include("qualipilote.registers.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.indicators.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.crisis.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.surveys.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.improvement.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.publication.api_urls")),
    # Any other address under /api/ answers a JSON 404, as the schema says (not the HTML page).
    path("<path:rest>", views.api_not_found),
]
