from django.core.management.base import BaseCommand, CommandError

from qualipilote.organisations.models import Organisation
from qualipilote.registers.purge import purge_personal_data


class Command(BaseCommand):
    help = (
        "Retire les données personnelles des réclamations et suggestions dont le dossier est clos "
        "depuis plus longtemps que la durée de conservation de l'organisation : coordonnées de "
        "l'auteur, texte libre (description, réponse, actions) et leur historique. Une tâche "
        "Huey le fait chaque nuit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Code d'une organisation (toutes par défaut).")
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien modifier.")

    def handle(self, *args, organisation=None, dry_run=False, **options):
        organisations = Organisation.objects.all()
        if organisation:
            organisations = organisations.filter(code=organisation)
            if not organisations.exists():
                raise CommandError(f"Aucune organisation ne porte le code « {organisation} ».")
        verb = "à purger" if dry_run else "purgé(s)"
        for result in purge_personal_data(organisations, dry_run=dry_run):
            self.stdout.write(
                f"{result.organisation.code} : {result.purged} avis {verb}, "
                f"dont {result.anonymised} auteur(s) {'à anonymiser' if dry_run else 'anonymisé(s)'} "
                f"(dossiers clos avant le {result.cutoff:%d/%m/%Y})."
            )
