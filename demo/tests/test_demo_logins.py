"""demo_logins prints the address `make run` really serves (it printed http://127.0.0.1:8000/
whatever PORT was)."""

from io import StringIO

import pytest
from django.core.management import call_command


def first_line(*args):
    out = StringIO()
    call_command("demo_logins", *args, stdout=out)
    return out.getvalue().strip().splitlines()[0]


@pytest.mark.parametrize(
    ("args", "address"),
    [
        ((), "http://127.0.0.1:8000/"),
        (("--port", "8123"), "http://127.0.0.1:8123/"),
        (("--host", "0.0.0.0", "--port", "9000"), "http://localhost:9000/"),
        (("--host", "::1"), "http://[::1]:8000/"),
    ],
)
def test_the_address_is_the_one_served(args, address, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    assert first_line(*args) == f"Qualipilote : {address}"


def test_port_and_host_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "8001")
    monkeypatch.setenv("HOST", "192.0.2.10")
    assert first_line() == "Qualipilote : http://192.0.2.10:8001/"
