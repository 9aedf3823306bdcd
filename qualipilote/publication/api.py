"""REST endpoint of the publication in force, under /api/v1/organisations/<org_code>/publication/
(read only; access decided by api.permissions.IsOrganisationMember). It returns the frozen
content and its Services Publics+ open-data rows, exactly as the public page shows them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Publication
from .results import read
from .serializers import PublicationSerializer


class CurrentPublicationView(APIView):
    @extend_schema(
        summary="Résultats publiés en vigueur (figés à leur date de publication)",
        responses={200: PublicationSerializer},
    )
    def get(self, request, org_code):
        publication = (
            Publication.objects.current()
            .filter(organisation=request.api_access.organisation)
            .first()
        )
        if publication is None:
            raise NotFound("Aucun résultat n'est publié pour le moment.")
        results = read(publication.content, publication.published_on)
        publication.open_data = results.open_data()
        return Response(PublicationSerializer(publication).data)
