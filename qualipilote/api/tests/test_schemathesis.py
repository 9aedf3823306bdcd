"""Never a 500 to bad input: Schemathesis sends every operation of the OpenAPI schema generated
and hostile requests (valid and invalid by the schema), through the WSGI application, with the
API token of a test organisation, and checks each answer: no 5xx, a status code, content type,
body and headers the schema documents, invalid input refused.

Bounded so that the whole run takes well under two minutes (figures in the report of the
commit that added it); `SCHEMATHESIS_MAX_EXAMPLES` raises the bound for a longer hunt."""

import datetime as dt
import json
import os

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from qualipilote.api.models import ApiToken
from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.models import Indicator
from qualipilote.organisations.tests.factories import UnitFactory
from qualipilote.registers.models import Correspondence, Feedback

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC), tick=True):
        yield


def generated_schema() -> dict:
    """The schema drf-spectacular serves at /api/schema/, as JSON. Generated at import: the
    tests are made from it, one per operation; it reads no database."""
    generator = SchemaGenerator()
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(generated_schema())
schema.app = get_wsgi_application()  # calls go through Django's WSGI handler, as in production
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@pytest.fixture
def keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request; the test's
    transaction lives on that connection (Django's test client disconnects the same signal)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(db, settings, organisation, frozen_today, keep_the_test_connection):
    """The test organisation's catalogue, a unit and a few records the operations can find."""
    settings.ALLOWED_HOSTS = ["localhost"]  # the host Schemathesis' WSGI client sends
    load_catalogue()
    UnitFactory(organisation=organisation, code="bae")
    ids = []
    for received_on in (dt.date(2026, 2, 2), dt.date(2026, 3, 2)):
        for record in (
            Correspondence(organisation=organisation, channel="email", received_on=received_on),
            Feedback(
                organisation=organisation,
                kind="complaint",
                source="letter",
                received_on=received_on,
            ),
        ):
            record.save()
            ids.append(record.pk)
    return {"ids": ids, "codes": list(Indicator.objects.values_list("code", flat=True))}


@pytest.fixture
def bearer(organisation):
    _token, raw = ApiToken.issue(organisation, "Schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The organisation and its records are made once per operation; examples add to them.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=True,
    database=None,
)
def test_the_api_never_answers_500_and_keeps_to_its_schema(case, organisation, records, bearer):
    # A case made invalid on purpose in its path or headers is sent as generated: completing
    # it would make it valid, and Schemathesis would then expect a refusal.
    if not is_negative_at(case, ParameterLocation.PATH):
        case.path_parameters = reaching_the_views(case.path_parameters, organisation, records)
    headers = {} if is_negative_at(case, ParameterLocation.HEADER) else bearer
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])


def is_negative_at(case, location) -> bool:
    return case.meta is not None and case.meta.is_negative_at(location)


def reaching_the_views(path: dict | None, organisation, records) -> dict:
    """Calls go to the token's organisation (another code answers 403: the access tests check
    it), and most to records and indicators that exist, so that the bodies and filters are
    read rather than answered 404; one generated value in four is kept as it is."""
    path = {**(path or {}), "org_code": organisation.code}
    for name, existing in (("id", records["ids"]), ("code", records["codes"])):
        if name in path and hash(str(path[name])) % 4:
            path[name] = existing[hash(str(path[name])) % len(existing)]
    return path
