from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualipilote.common.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (PostgreSQL : pg_dump au format custom ; SQLite : API de "
        "sauvegarde en ligne) et les fichiers de l'installation dans une archive .tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="fichier .tar à écrire")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if archive.exists():
            raise CommandError(f"{archive} existe déjà : choisissez un autre nom.")
        try:
            manifest = backup(archive)
        except BackupError as error:
            archive.unlink(missing_ok=True)
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {archive} ({len(manifest['tables'])} tables, {rows} lignes, "
                f"{len(manifest['files'])} fichiers)."
            )
        )
