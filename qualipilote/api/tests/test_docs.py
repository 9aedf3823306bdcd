"""The API docs page works offline: rendered on the server from the OpenAPI schema."""

import pytest

pytestmark = pytest.mark.django_db


def test_docs_page_lists_the_register_endpoints_and_their_fields(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/organisations/{org_code}/correspondences/" in content
    assert "/api/v1/organisations/{org_code}/feedback/{id}/" in content
    for field in ("received_on", "acknowledged_on", "due_on", "working_days_taken", "overdue"):
        assert f"<code>{field}</code>" in content
    assert "Authorization: Bearer" in content


def test_docs_page_loads_nothing_from_another_site(client):
    content = client.get("/api/docs/").content.decode()
    assert "cdn." not in content
    assert "jsdelivr" not in content
