"""load_demo is for development: it refuses to run with DEBUG off unless forced, never touches an
organisation it did not create, and never changes an account it did not create (no promotion,
no password, no membership)."""

import pytest
from django.core.management import CommandError, call_command

from demo.models import DemoAccount, DemoOrganisation
from demo.organisations import DEMO_PASSWORD
from qualipilote.accounts.models import User
from qualipilote.organisations.models import Organisation
from qualipilote.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OWN_PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(autouse=True)
def organisations_only(monkeypatch):
    """The registers, indicators and self-assessment demos are not what these tests check."""
    monkeypatch.setattr("demo.management.commands.load_demo.DOMAIN_LOADERS", [])


@pytest.fixture
def development(settings):
    settings.DEBUG = True


def load_demo(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refusal:
        load_demo()
    assert "DEBUG" in str(refusal.value)
    assert "--force-outside-development" in str(refusal.value)
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_forced_outside_development_it_loads_but_creates_no_superuser(settings):
    settings.DEBUG = False
    output = load_demo("--force-outside-development")
    assert set(Organisation.objects.values_list("code", flat=True)) == {"pref-74", "pref-73"}
    assert User.objects.get(username="referent.74").check_password(DEMO_PASSWORD)
    assert not User.objects.filter(is_superuser=True).exists()
    assert "createsuperuser" in output


@pytest.mark.usefixtures("development")
def test_in_development_it_marks_what_it_creates():
    load_demo()
    assert set(DemoOrganisation.objects.values_list("organisation__code", flat=True)) == {
        "pref-74",
        "pref-73",
    }
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert DemoAccount.objects.filter(user=admin).exists()
    assert DemoAccount.objects.count() == User.objects.count() == 14


@pytest.mark.usefixtures("development")
def test_an_organisation_the_demo_did_not_create_is_refused(organisation):
    """Before: the demo reused a real pref-74 and added members with the published password."""
    with pytest.raises(CommandError) as refusal:
        load_demo()
    assert "pref-74" in str(refusal.value)
    assert "n'a pas été créée par la démonstration" in str(refusal.value)
    assert not organisation.memberships.exists()
    assert not organisation.units.exists()
    assert not User.objects.exists()
    assert not Organisation.objects.filter(code="pref-73").exists()


@pytest.mark.usefixtures("development")
def test_an_existing_admin_is_never_promoted_nor_changed():
    """Before: an existing `admin` account was made superuser."""
    UserFactory(username="admin", is_staff=False, is_superuser=False)
    output = load_demo()
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and not admin.is_staff
    assert admin.check_password(OWN_PASSWORD)
    assert not DemoAccount.objects.filter(user=admin).exists()
    assert "« admin » existe déjà" in output


@pytest.mark.usefixtures("development")
def test_an_existing_account_gets_no_demo_membership():
    person = UserFactory(username="referent.74")
    load_demo()
    person.refresh_from_db()
    assert not person.memberships.exists()
    assert person.check_password(OWN_PASSWORD)
    assert User.objects.get(username="referent.73").memberships.count() == 1


@pytest.mark.usefixtures("development")
def test_running_again_changes_no_demo_account():
    load_demo()
    lead = User.objects.get(username="referent.74")
    lead.set_password("changé-par-la-personne")
    lead.save()
    load_demo()
    lead.refresh_from_db()
    assert lead.check_password("changé-par-la-personne")
    assert Organisation.objects.count() == 2
