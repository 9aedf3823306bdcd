"""Backup and restore: the round trip onto an empty installation keeps every table's row count
and every file's checksum; a restore onto a non-empty installation is refused unless forced.
Runs on the database of the test run (SQLite, or PostgreSQL with pg_dump / pg_restore)."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qualipilote.assessments import services
from qualipilote.assessments.tests.factories import labelled_framework, pdf_upload
from qualipilote.common.backup import read_manifest, table_counts
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.tests.factories import UserFactory
from qualipilote.registers.tests.factories import CorrespondenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def installation(organisation, media):
    framework = labelled_framework()
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[7]],
        channels=["in_person", "email"],
    )
    commitment = framework.commitments[1]
    user = UserFactory()
    services.record_self_assessment(organisation, commitment, status="met", user=user)
    services.add_file_evidence(organisation, commitment, file=pdf_upload("bilan.pdf"), user=user)
    services.add_file_evidence(organisation, commitment, file=pdf_upload("affiche.pdf"), user=user)
    CorrespondenceFactory.create_batch(25, organisation=organisation)
    return organisation


def checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_target(tmp_path):
    """A database nobody uses yet, and its URL."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: _sqlite_counts(path)
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restore"
    params = connection.get_connection_params()
    params.pop("dbname", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = connection.settings_dict["USER"] or "postgres"
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    port = connection.settings_dict["PORT"] or 5432
    try:
        yield f"postgres://{user}@{host}:{port}/{name}", lambda: _pg_counts(name, params)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_counts(path):
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
            if not table.startswith("sqlite_")
        }


def _pg_counts(name, params):
    import psycopg

    with psycopg.connect(dbname=name, **params) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return {
            table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def restore_command(archive, database_url, media_root, *extra):
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "cle-de-test-de-restauration",
        "HUEY_IMMEDIATE": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "restore", str(archive), *extra],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=settings.BASE_DIR,
    )


def test_backup_then_restore_on_an_empty_installation_keeps_every_row_and_file(
    installation, media, tmp_path, empty_target
):
    archive = tmp_path / "sauvegarde.tar"
    call_command("backup", str(archive))
    source_counts = table_counts()
    source_files = checksums(media)
    assert len(source_files) == 2
    assert source_counts["registers_correspondence"] == 25
    manifest = read_manifest(archive)
    assert manifest["tables"] == source_counts
    assert manifest["files"] == source_files

    database_url, restored_counts = empty_target
    restored_media = tmp_path / "media-restauree"
    result = restore_command(archive, database_url, restored_media)
    assert result.returncode == 0, result.stderr
    assert "Sauvegarde restaurée et vérifiée" in result.stdout
    counts = restored_counts()
    for table, count in source_counts.items():
        assert counts[table] == count, table
    assert checksums(restored_media) == source_files


def test_a_restore_onto_a_non_empty_installation_is_refused_unless_forced(installation, tmp_path):
    archive = tmp_path / "sauvegarde.tar"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", str(archive))


def test_a_file_that_is_not_a_backup_is_refused_in_french(tmp_path, db):
    bogus = tmp_path / "photo.tar"
    bogus.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde de Qualipilote"):
        call_command("restore", str(bogus))
