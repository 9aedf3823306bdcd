"""Pagination of the API's lists (settings REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"])."""

from __future__ import annotations

import re

from django.db.backends.base.operations import BaseDatabaseOperations
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from qualipilote.common.validation import named

INTEGER = re.compile(r"-?[0-9]+")
# Far beyond any register, and within every database's integers.
MAX_OFFSET = BaseDatabaseOperations.integer_field_ranges["IntegerField"][1]


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """`limit` (1 to 1000, 100 by default) and `offset` (from 0) as the schema says them: any
    other value answers 400 naming the parameter. DRF ignored a value it could not read, and
    took any limit: `limit=99999999999999999999999` answered 500 on PostgreSQL (bigint out of
    range). An empty value means "not given", as for every filter."""

    max_limit = 1000

    def get_limit(self, request):
        return self._read(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    @staticmethod
    def _read(request, name: str, default: int, lowest: int, highest: int) -> int:
        text = request.query_params.get(name, "").strip()
        if not text:
            return default
        if not INTEGER.fullmatch(text):
            raise ValidationError({name: [named(name, "doit être un nombre entier.")]})
        number = int(text)
        if not lowest <= number <= highest:
            raise ValidationError(
                {name: [named(name, f"doit être compris entre {lowest} et {highest}.")]}
            )
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
