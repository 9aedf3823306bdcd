"""The API's JSON parser (settings REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """NaN, Infinity and -Infinity are not JSON, yet some clients write them (Python's json
    does): they are read as the floats they name, so that the field refuses them with its name
    (« numerator » doit être un nombre fini.) rather than a parse error naming nothing. Any other
    malformed body gets a French message, never a 500 (a body nested thousands of levels deep
    exhausted Python's recursion limit)."""

    strict = False

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as error:
            detail = str(error.detail).removeprefix("JSON parse error - ")
            raise ParseError(
                f"Le corps de la requête n'est pas du JSON valide : {detail}"
            ) from None
        except RecursionError:
            raise ParseError("Le corps de la requête est imbriqué trop profondément.") from None
