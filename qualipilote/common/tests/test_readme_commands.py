"""The README's commands work as written, from a fresh shell, in a fresh copy of the repository:
`make migrate` (what `make run` starts with) writes the development .env, then the README's
`.venv/bin/python manage.py …` lines run without any variable set by hand. Before, they failed
with an English traceback about SECRET_KEY."""

import os
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import get_commands

REPOSITORY = settings.BASE_DIR
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
MANAGE_LINES = re.findall(r"`(\.venv/bin/python manage\.py [^`]+)`", README)


def fresh_copy(destination):
    """The repository's files as a clone has them (no .env, no database), sharing the installed
    virtual environment and tools instead of installing them again."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPOSITORY / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)  # keeps dates: make sees nothing to rebuild
    for shared in (".venv", ".tools"):
        (destination / shared).symlink_to(REPOSITORY / shared)
    return destination


def fresh_shell(directory, command):
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_readme_names_only_existing_commands():
    assert MANAGE_LINES, "the README shows manage.py commands"
    commands = get_commands()
    for line in re.findall(r"manage\.py (\w+)", README):
        assert line in commands, f"README: manage.py {line} does not exist"
    assert not re.search(r"(?<![/\w])python3? manage\.py", README), (
        "bare `python manage.py` needs the virtual environment: write .venv/bin/python"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is needed")
def test_after_make_the_readme_commands_work_from_a_fresh_shell(tmp_path):
    copy = fresh_copy(tmp_path / "qualipilote")
    made = fresh_shell(copy, "make migrate")
    assert made.returncode == 0, made.stdout + made.stderr
    env_file = (copy / ".env").read_text()
    assert "DEBUG=1" in env_file
    assert re.search(r"^SECRET_KEY=\S{40,}$", env_file, re.MULTILINE)

    [create] = [line for line in MANAGE_LINES if "create_organisation" in line]
    created = fresh_shell(copy, create)
    assert created.returncode == 0, created.stdout + created.stderr
    assert "pref-57" in created.stdout

    through_make = fresh_shell(copy, 'make -s manage ARGS="demo_logins --port 8123"')
    assert through_make.returncode == 0, through_make.stderr
    assert "http://127.0.0.1:8123/" in through_make.stdout
    # The .env written once is kept: a second run does not change the key.
    fresh_shell(copy, "make migrate")
    assert (copy / ".env").read_text() == env_file
