from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Each domain owns its endpoints under /api/v1/organisations/<org_code>/…
    path("v1/organisations/<slug:org_code>/", include("qualipilote.registers.api_urls")),
    path("v1/organisations/<slug:org_code>/", include("qualipilote.indicators.api_urls")),
]
