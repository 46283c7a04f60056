"""The API against its own OpenAPI schema: schemathesis generates requests from the schema
(valid and invalid ones) for every operation, as the public and as the secretariat (its
session and its API token: the writes take the token, and refuse the session alone), over a
database holding the plan, the demo projects and an ambiguous code; every answer must be
documented (status code, content type, body) and no valid request refused, no invalid one
accepted, none a 5xx. Plus the schema's own consistency: one class per component name."""
import enum

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pydantic import BaseModel

from accounts.models import ApiToken
from conftest import make_collectivity
from maillage.api import api
from plan.loading import load_plan
from projects.demo import load_demo
from territories.models import Collectivity, Kind, Side, Succession

pytestmark = pytest.mark.django_db

# Examples per operation and per persona. 21 operations × 2 personas at 25 examples took
# about 7 minutes of each CI run (5–29 s a case); 10 keep every check on every operation
# (valid and invalid requests, deterministic) in under half of that.
MAX_EXAMPLES = 10
CONFIG = schemathesis.Config.from_dict({
    # Every built-in check (no 5xx, status code, content type, body conformance, valid data
    # accepted, invalid data rejected…), on reproducible cases.
    "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "deterministic": True},
    "phases": {"stateful": {"enabled": False}},
})

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = WSGIHandler()
cases_run = {}


@pytest.fixture(scope="module")
def open_connection():
    """Schemathesis calls the WSGI application, which closes the database connection at
    each request's start and end when it is in a transaction (PostgreSQL): the test's
    transaction would go with it. Django's test client disconnects the same signals."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_data(open_connection, django_db_setup, django_db_blocker):
    """The secretariat, the plan, the demo projects (published and not), a code shared by a
    région and a département (the 300) and a former région with its successor (the
    history): loaded once for the module, in a transaction rolled back at its end (each
    test runs in a savepoint inside it, as pytest-django's `db` does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        # conftest's `personas` is per test; the secretariat persona, made the same way.
        secretariat = get_user_model().objects.create_user(
            "secretariat", "secretariat@example.org", "mot-de-passe-sûr-42", is_secretariat=True, is_staff=True)
        load_plan()
        load_demo()
        make_collectivity(Side.FRANCE, Kind.REGION, "01", "Guadeloupe")
        make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "01", "Ain")
        region = Collectivity.objects.current().get(side=Side.FRANCE, kind=Kind.REGION, code="84")  # the demo's
        former = make_collectivity(Side.FRANCE, Kind.REGION, "82", "Rhône-Alpes", valid_until="2015-12-31")
        Succession.objects.create(predecessor=former, successor=region, event="fusion", date="2016-01-01")
        token = ApiToken.objects.issue(secretariat, label="Schéma", by=secretariat)[1]
        yield {"secretariat": secretariat, "tokens": {"secretariat": token}}
        transaction.set_rollback(True)


@pytest.fixture(params=["anonymous", "secretariat"])
def credentials(request, api_data, db) -> dict:
    """The persona's session cookie and API token (none for the public): the API reads
    both. Schemathesis's auth check sends each write again without the token, the session
    left: it must be refused."""
    if request.param == "anonymous":
        return {}
    client = Client()
    client.force_login(api_data[request.param])
    return {"cookies": {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value},
            "headers": {"Authorization": f"Bearer {api_data['tokens'][request.param]}"}}


@schema.parametrize()
@hypothesis_settings(
    database=None,
    deadline=None,
    # The database fixture is set up once per operation and persona; the API only reads it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, credentials):
    cases_run[case.operation.label] = cases_run.get(case.operation.label, 0) + 1
    # The suggestions take exactly one of `code` and `text`, a rule OpenAPI's query
    # parameters cannot state: a request with neither or both is schema-valid and answers
    # 422 (matching/tests/test_suggestions.py checks those answers). Likewise a write's body
    # names records (a collectivity in force, a piste) and obeys the form's rules (an end
    # after the start) that a schema cannot state: a schema-valid body may answer 422
    # (projects/tests/test_api_write.py checks those answers). Every other check runs.
    rules_beyond_the_schema = (case.operation.path.endswith("/matching/suggestions")
                               or case.operation.method.upper() != "GET")
    excluded = [positive_data_acceptance] if rules_beyond_the_schema else []
    case.call_and_validate(**credentials, excluded_checks=excluded)


OUR_APPS = {"core", "territories", "plan", "projects", "dashboard", "accounts", "fund", "matching"}


def _components(model, seen: dict[str, set]) -> None:
    """Walk a response or parameter model: every schema and enum it names, by name."""
    if isinstance(model, type) and issubclass(model, (BaseModel, enum.Enum)):
        # django-ninja wraps responses and parameters in classes of its own, not in the schema.
        if model.__module__.partition(".")[0] in OUR_APPS:
            classes = seen.setdefault(model.__name__, set())
            if model in classes:
                return
            classes.add(model)
        if issubclass(model, enum.Enum):
            return
        for field in model.model_fields.values():
            _components(field.annotation, seen)
    for argument in getattr(model, "__args__", ()):
        _components(argument, seen)


def test_no_two_classes_share_a_component_name():
    seen: dict[str, set] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for wrapper in operation.response_models.values():
                    _components(wrapper, seen)
                for model in operation.models:
                    _components(model, seen)
    assert {"PisteOut", "DashboardPisteOut", "ErrorOut", "Kind"} <= set(seen)
    shared = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
              for name, classes in seen.items() if len(classes) > 1}
    assert shared == {}


def test_the_pistes_of_a_plan_are_documented_with_the_plans_schema(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    ok = spec["paths"]["/api/v1/plans/{slug}/pistes"]["get"]["responses"]["200"]
    reference = ok["content"]["application/json"]["schema"]["items"]["$ref"]
    name = reference.rsplit("/", 1)[-1]
    assert set(spec["components"]["schemas"][name]["properties"]) >= {"heading", "progress", "project_count"}
    axis = spec["components"]["schemas"][name]["properties"]["axis"]["$ref"].rsplit("/", 1)[-1]
    assert "pistes" not in spec["components"]["schemas"][axis]["properties"]


def test_every_operation_with_parameters_documents_its_422(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if operation.get("parameters"):
                assert "422" in operation["responses"], (method, path)
                error = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert error == "#/components/schemas/ErrorOut", (method, path)
