"""The API docs: Swagger UI from the application's own files (drf-spectacular-sidecar), drawn from
the OpenAPI schema, which documents every endpoint and field."""

import json

import pytest

pytestmark = pytest.mark.django_db


def schema(client) -> dict:
    return json.loads(client.get("/api/schema/?format=json").content)


def test_docs_page_serves_swagger_ui_from_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in content
    assert 'data-schema-url="/api/schema/?format=json"' in content
    assert "Authorization: Bearer" in content


def test_docs_page_loads_nothing_from_another_site_and_no_inline_script(client):
    content = client.get("/api/docs/").content.decode()
    assert "cdn." not in content
    assert "jsdelivr" not in content
    assert "<script>" not in content


def test_the_schema_documents_the_register_endpoints_and_their_fields(client):
    document = schema(client)
    assert "/api/v1/organisations/{org_code}/correspondences/" in document["paths"]
    assert "/api/v1/organisations/{org_code}/feedback/{id}/" in document["paths"]
    fields = document["components"]["schemas"]["Correspondence"]["properties"]
    for field in ("received_on", "acknowledged_on", "due_on", "working_days_taken", "overdue"):
        assert field in fields
