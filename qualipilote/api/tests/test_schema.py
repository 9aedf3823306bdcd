"""The OpenAPI schema is clean (drf-spectacular has nothing to warn about), says how to
authenticate, and lists the errors every operation may answer."""

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture
def schema(tmp_path) -> dict:
    path = tmp_path / "schema.yaml"
    # Raises SchemaGenerationError on any warning, and validates against the OpenAPI 3 spec.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_the_schema_generates_without_a_warning_and_validates(schema):
    assert schema["openapi"].startswith("3.")


def test_the_schema_says_how_to_authenticate(schema):
    scheme = schema["components"]["securitySchemes"]["organisationToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "Authorization: Bearer" in scheme["description"]
    for methods in schema["paths"].values():
        for operation in methods.values():
            assert {"organisationToken": []} in operation["security"]


def test_every_operation_documents_its_errors(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (method, path)
