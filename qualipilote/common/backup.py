"""Backup and restore of an installation: its database and its files, in one archive.

The archive (a .tar file) holds:
- `database.dump`: PostgreSQL's pg_dump in its custom format (restored by pg_restore), or
  `database.sqlite3`: a copy of the SQLite file made by SQLite's online backup API (consistent
  while the application keeps writing);
- `files/…`: every file of the storage (local disk or object storage: evidence, pending imports);
- `manifest.json`: the database engine, the row count of every table and the SHA-256 of every
  file, checked after a restore.

A restore goes onto an empty installation (no organisation, no user, no file) unless forced.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is French and says why."""


@dataclass
class Verification:
    tables: dict[str, tuple[int, int]]  # table: (expected, found)
    files: dict[str, tuple[str, str | None]]  # name: (expected sha256, found)

    @property
    def differences(self) -> list[str]:
        lines = [
            f"table {name} : {expected} lignes attendues, {found} trouvées"
            for name, (expected, found) in self.tables.items()
            if expected != found
        ]
        lines += [
            f"fichier {name} : {'absent' if found is None else 'contenu différent'}"
            for name, (expected, found) in self.files.items()
            if expected != found
        ]
        return lines


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def storage_files(storage=default_storage, directory: str = "") -> list[str]:
    try:
        folders, names = storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{name}" if directory else name for name in names]
    for folder in folders:
        found += storage_files(storage, f"{directory}/{folder}" if directory else folder)
    return sorted(found)


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    settings_dict = connection.settings_dict
    arguments = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        arguments += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", settings_dict["USER"]]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"L'outil {tool} est introuvable : installez postgresql-client.")
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} a échoué : {result.stderr.strip()[:2000]}")


def _dump_database(workdir: Path) -> str:
    if connection.vendor == "postgresql":
        target = workdir / "database.dump"
        arguments, environment = _pg_environment()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments],
            environment,
        )
        return target.name
    if connection.vendor == "sqlite":
        target = workdir / "database.sqlite3"
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target.name
    raise BackupError(f"Base de données {connection.vendor} non prise en charge.")


def backup(archive: Path, *, storage=default_storage) -> dict:
    """Writes the archive; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="qualipilote-backup-") as temporary:
        workdir = Path(temporary)
        database_file = _dump_database(workdir)
        # Counted after the dump: figures of rows written in between may differ by the few
        # requests served meanwhile; the round trip is checked on a quiet installation.
        files = {}
        with tarfile.open(archive, "w") as tar:
            tar.add(workdir / database_file, arcname=database_file)
            for name in storage_files(storage):
                with storage.open(name, "rb") as stream:
                    content = stream.read()
                files[name] = hashlib.sha256(content).hexdigest()
                info = tarfile.TarInfo(f"files/{name}")
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "database": database_file,
                "tables": table_counts(),
                "files": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return manifest


def installation_is_empty(storage=default_storage) -> bool:
    try:
        if apps.get_model("organisations", "Organisation").objects.exists():
            return False
        if apps.get_model("accounts", "User").objects.exists():
            return False
    except DatabaseError:
        return True  # no tables yet: a new database
    return not storage_files(storage)


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r") as tar:
            return json.load(tar.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError) as error:
        raise BackupError(
            f"{archive} n'est pas une sauvegarde de Qualipilote ({error})."
        ) from error


def restore(archive: Path, *, force: bool = False, storage=default_storage) -> Verification:
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("Format de sauvegarde inconnu.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} ; la base visée est "
            f"{connection.vendor}."
        )
    if not force and not installation_is_empty(storage):
        raise BackupError(
            "L'installation visée n'est pas vide (organisations, comptes ou fichiers) : la "
            "restauration les remplacerait. Restaurez sur une base et un stockage vides, ou "
            "ajoutez --force pour remplacer leur contenu."
        )
    with tempfile.TemporaryDirectory(prefix="qualipilote-restore-") as temporary:
        workdir = Path(temporary)
        with tarfile.open(archive, "r") as tar:
            tar.extract(manifest["database"], workdir, filter="data")
            _restore_database(workdir / manifest["database"])
            if force:
                for name in storage_files(storage):
                    storage.delete(name)
            for name in manifest["files"]:
                content = tar.extractfile(f"files/{name}").read()
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, ContentFile(content))
                if saved != name:
                    raise BackupError(f"Le fichier {name} a été enregistré sous {saved}.")
    return verify(manifest, storage)


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        connection.close()
        arguments, environment = _pg_environment()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(dump),
            ],
            environment,
        )
        return
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def verify(manifest: dict, storage=default_storage) -> Verification:
    found = table_counts()
    tables = {name: (count, found.get(name, -1)) for name, count in manifest["tables"].items()}
    files = {}
    for name, checksum in manifest["files"].items():
        if not storage.exists(name):
            files[name] = (checksum, None)
            continue
        with storage.open(name, "rb") as stream:
            files[name] = (checksum, sha256_of(stream))
    return Verification(tables, files)
