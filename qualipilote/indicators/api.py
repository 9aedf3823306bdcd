"""REST endpoints of the indicators, under /api/v1/organisations/<org_code>/.

Access is decided by api.permissions.IsOrganisationMember (organisations.access): the views read
`request.api_access.organisation` and never look an organisation up themselves. Recording a
figure needs ENTER_MEASUREMENTS, which integration tokens hold.

The figures come from table.build_table, the structure the dashboard and its exports read, so
the API and the dashboard cannot disagree: computed indicators live from the registers (closed
months: their frozen values), entered ones from the organisation-level measurements.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from simple_history.utils import update_change_reason

from qualipilote.organisations.permissions import ENTER_MEASUREMENTS

from .enums import Source
from .models import Indicator
from .serializers import (
    EnteredFigureSerializer,
    IndicatorPeriodSerializer,
    IndicatorSeriesSerializer,
    MeasurementSerializer,
    series_of,
)
from .services import record_entered_figure
from .table import build_table

# services.entered_figure_errors names the indicator "indicator"; the API calls it by its code.
API_FIELD_OF = {"indicator": "code"}


class IndicatorListView(APIView):
    @extend_schema(
        summary="Indicateurs de l'organisation, mois par mois, avec le résultat de la période",
        description=(
            "Pour chaque indicateur actif du catalogue : les mois de la période (valeur null "
            "sans données), le résultat de la période (somme des numérateurs / somme des "
            "dénominateurs) et l'objectif. Les indicateurs calculés sont lus dans les registres "
            "(mois clôturés : valeurs figées) ; les indicateurs saisis, dans les chiffres de "
            "l'organisation. Les nombres sont des nombres JSON."
        ),
        parameters=[IndicatorPeriodSerializer],
        responses={200: IndicatorSeriesSerializer(many=True)},
    )
    def get(self, request, org_code):
        today = timezone.localdate()
        period = IndicatorPeriodSerializer(data=request.query_params, context={"today": today})
        period.is_valid(raise_exception=True)
        table = build_table(
            request.api_access.organisation,
            period.validated_data["start"],
            period.validated_data["end"],
            today=today,
        )
        rows = [series_of(row) for row in table.rows]
        return Response(IndicatorSeriesSerializer(rows, many=True).data)


class MeasurementCreateView(APIView):
    write_ability = ENTER_MEASUREMENTS

    @extend_schema(
        summary="Enregistrer le chiffre d'un mois pour un indicateur saisi",
        description=(
            "Crée ou remplace le chiffre du mois (de l'organisation, d'une unité ou d'une ligne). "
            "Un taux ou un délai se donne par son numérateur et son dénominateur ; un comptage "
            "par sa valeur. Refusé pour un indicateur calculé, un mois futur ou clôturé."
        ),
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="Code de l'indicateur.",
                examples=[OpenApiExample("Taux d'appels aboutis", value="phone_answer_rate")],
            )
        ],
        request=EnteredFigureSerializer,
        examples=[
            OpenApiExample(
                "Un taux, par son numérateur et son dénominateur",
                value={"period": "2026-02", "numerator": 930, "denominator": 1000},
                request_only=True,
            )
        ],
        responses={
            201: MeasurementSerializer,
            400: OpenApiResponse(description="Erreurs par champ, en français."),
            404: OpenApiResponse(description="Aucun indicateur actif ne porte ce code."),
        },
    )
    def post(self, request, org_code, code):
        access = request.api_access
        indicator = get_object_or_404(Indicator.objects.active(), code=code)
        serializer = EnteredFigureSerializer(
            data=request.data, context={"organisation": access.organisation}
        )
        serializer.is_valid(raise_exception=True)
        try:
            measurement = record_entered_figure(
                access.organisation,
                serializer.figure(indicator),
                user=request.user,
                source=Source.IMPORTED,
            )
        except DjangoValidationError as error:
            raise ValidationError(
                {
                    API_FIELD_OF.get(field, field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
        # Traceability: the history says which integration (or member) sent the figure.
        update_change_reason(
            measurement, f"API, jeton « {access.token.name} »" if access.token else "API"
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)
