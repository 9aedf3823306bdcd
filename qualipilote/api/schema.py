"""What drf-spectacular cannot guess about the API: how to authenticate. Imported by
ApiConfig.ready() so that the extension is registered before any schema is generated."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class OrganisationTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer <token>`, a token created by the organisation (api.models)."""

    target_class = "qualipilote.api.authentication.OrganisationTokenAuthentication"
    name = "organisationToken"

    def get_security_definition(self, auto_schema):
        return {
            **build_bearer_security_scheme_object(
                header_name="Authorization", token_prefix=self.target.keyword
            ),
            "description": (
                "Jeton d'intégration d'une organisation, créé par son référent qualité (page "
                "« Jetons d'API ») ou par `manage.py create_api_token <organisation>` : "
                "`Authorization: Bearer <jeton>`. Il ne donne accès qu'aux données de son "
                "organisation."
            ),
        }


# --- What every operation may answer besides its success --------------------------------------

ERROR_SCHEMAS = {
    "Erreur": {
        "type": "object",
        "description": "Refus expliqué en français.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ErreursDeSaisie": {
        "type": "object",
        "description": (
            "Données refusées : pour chaque champ en erreur, la liste de ses messages en "
            'français ({"numerator": ["« numerator » doit être un nombre fini."]}) ; ou '
            '{"detail": message} quand le corps de la requête ne se lit pas.'
        ),
        "additionalProperties": True,
    },
}
ERRORS = {
    # Any operation: a filter, a body, or an address with a control character (%00…).
    "400": ("Requête refusée : données ou adresse invalides.", "ErreursDeSaisie"),
    "401": ("Jeton absent, inconnu ou révoqué.", "Erreur"),
    "403": ("Ce jeton ne donne pas accès à cette organisation ou à cette écriture.", "Erreur"),
    "404": ("Aucune ressource à cette adresse.", "Erreur"),
    "415": ("Le corps de la requête doit être du JSON (Content-Type: application/json).", "Erreur"),
}
WRITE_METHODS = {"post", "put", "patch"}  # those that read a body


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

    The views answer 400, 401, 403 and 404 with a JSON body, as DRF does, but the generated
    schema listed only the success: a client (or Schemathesis) could not know them. And the
    list filters take an empty value as "not given" (DRF's reading of a query string, as an
    HTML form sends it), which the schema now says with `allowEmptyValue`."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(ERROR_SCHEMAS)
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            for code, (description, schema) in ERRORS.items():
                if code == "415" and method not in WRITE_METHODS:
                    continue
                operation.setdefault("responses", {}).setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
