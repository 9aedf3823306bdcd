"""The deployment documentation is kept true: the reference systemd units, the compose file, the
example environment and the README's production section only name commands, files and
environment variables that exist."""

import re
import shlex

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = settings.BASE_DIR
DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Where variables are read: the settings, gunicorn's configuration, the serve and soak scripts
# and the Makefile (make's own variables: PORT, ARGS…).
READERS = "\n".join(
    (ROOT / name).read_text(encoding="utf-8")
    for name in (
        "qualipilote/settings.py",
        "gunicorn.conf.py",
        "deploy/serve",
        "bench/soak.py",
        "Makefile",
    )
)
UNITS = sorted((DEPLOY / "systemd").glob("qualipilote-*"))
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
EXAMPLE = (DEPLOY / "qualipilote.env.example").read_text(encoding="utf-8")
# Variables the platform or the tools define, not the application.
OUTSIDE = {"QUALIPILOTE_VERSION", "MAINPID", "PATH", "HOME"}


def is_read(name: str) -> bool:
    return re.search(rf"(?<![A-Z_]){name}(?![A-Z_])", READERS) is not None


def check_command(command: str) -> None:
    words = shlex.split(command)
    if words[0] in {"sh", "/bin/sh"}:
        for part in re.split(r"&&|;", words[-1]):
            check_command(part.strip())
        return
    program = words[0].removeprefix("/srv/qualipilote/")
    if program == "/bin/kill":
        return
    assert (ROOT / program).name in {"gunicorn", "python"}, command
    if program.endswith("gunicorn"):
        assert words[1:3] == ["-c", "gunicorn.conf.py"]
        assert (ROOT / "gunicorn.conf.py").is_file()
        return
    assert words[1] == "manage.py", command
    assert words[2] in get_commands(), f"manage.py {words[2]} does not exist"


def test_there_are_units_and_services_to_check():
    assert {unit.name for unit in UNITS} >= {
        "qualipilote-web.service",
        "qualipilote-worker@.service",
        "qualipilote-release.service",
        "qualipilote-backup.service",
    }
    assert {"web", "worker", "release"} <= set(COMPOSE["services"])


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_systemd_units_run_existing_commands(unit):
    for line in unit.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key in {"ExecStart", "ExecReload"}:
            check_command(value.replace("%%", "%"))
        if key == "EnvironmentFile":
            assert value == "/etc/qualipilote/qualipilote.env"


def test_compose_services_run_existing_commands_with_existing_variables():
    for name, service in COMPOSE["services"].items():
        check_command(service["command"])
        for variable in service.get("environment", {}):
            assert is_read(variable), f"compose {name}: {variable} is read nowhere"


def test_every_variable_of_the_example_environment_is_read():
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", EXAMPLE, re.MULTILINE)
    assert len(names) > 20
    for name in names:
        assert is_read(name), f"qualipilote.env.example: {name} is read nowhere"


def test_every_variable_the_readme_names_is_read():
    names = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", README))
    names |= set(re.findall(r"\b([A-Z][A-Z0-9_]{2,})=", README))
    assert {"REDIS_URL", "GUNICORN_WORKERS", "S3_BUCKET", "HEALTHZ_NETWORKS"} <= names
    for name in sorted(names - OUTSIDE):
        assert is_read(name), f"README names {name}, which nothing reads"


def test_the_readme_production_commands_exist():
    section = README.split("## Production", 1)[1].split("\n## ", 1)[0]
    for command in re.findall(r"manage\.py (\w+)", section):
        assert command in get_commands(), f"README: manage.py {command} does not exist"
    assert "make serve" in section
    assert re.search(r"^serve:", (ROOT / "Makefile").read_text(), re.MULTILINE)
