from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualipilote.common.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (commande backup) sur une installation vide, puis vérifie le "
        "nombre de lignes de chaque table et l'empreinte de chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="fichier .tar écrit par la commande backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace le contenu d'une installation qui n'est pas vide",
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Sauvegarde introuvable : {archive}")
        try:
            verification = restore(archive, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verification.differences:
            raise CommandError("Restauration incomplète :\n" + "\n".join(verification.differences))
        rows = sum(expected for expected, _ in verification.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde restaurée et vérifiée : {len(verification.tables)} tables, {rows} "
                f"lignes, {len(verification.files)} fichiers identiques."
            )
        )
