from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import (
    assessments,
    committees,
    crisis,
    documents,
    ecoresponsibility,
    improvement,
    indicators,
    mystery,
    organisations,
    public_reviews,
    publication,
    registers,
    review,
    surveys,
    trail,
    training,
)

# Each domain's demo, in dependency order: organisations first, indicators last (they are
# computed from the registers).
DOMAIN_LOADERS = [
    ("Auto-diagnostic", assessments.load_demo),
    ("Registres", registers.load_demo),
    ("Indicateurs", indicators.load_demo),
    ("Communication d'urgence", crisis.load_demo),
    ("Enquêtes de satisfaction", surveys.load_demo),
    ("Avis « Je donne mon avis » et Services Publics+", public_reviews.load_demo),
    ("Plan d'actions et audits", improvement.load_demo),
    ("Bilan annuel", review.load_demo),
    ("Comités", committees.load_demo),
    ("Reprise de l'audit et de l'auto-diagnostic précédents", trail.load_demo),
    ("Base documentaire", documents.load_demo),
    ("Formation et tutorat", training.load_demo),
    ("Éco-responsabilité", ecoresponsibility.load_demo),
    ("Enquêtes mystère", mystery.load_demo),
    ("Résultats publiés", publication.load_demo),
]

OUTSIDE_DEVELOPMENT = (
    "Refusé : DEBUG est désactivé, ce serveur n'est donc pas un poste de développement. La "
    "démonstration crée des comptes dont le mot de passe est public "
    f"(« {organisations.DEMO_PASSWORD} »). Pour la charger quand même (serveur de formation ou "
    "de recette), relancez avec --force-outside-development."
)
NO_SUPERUSER = (
    "Hors développement, le compte administrateur de démonstration n'est pas créé : créez un "
    "administrateur avec son propre mot de passe (manage.py createsuperuser)."
)


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (Haute-Savoie, Savoie) ; peut être relancé sans "
        "doublon. Développement seulement (DEBUG=1), sauf avec --force-outside-development ; ne "
        "touche jamais une organisation ou un compte qu'elle n'a pas créés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-outside-development",
            action="store_true",
            help="Charge la démonstration même avec DEBUG=0 (serveur de formation ou de recette), "
            "sans compte administrateur de démonstration.",
        )

    def handle(self, *args, force_outside_development=False, **options):
        in_development = settings.DEBUG
        if not in_development and not force_outside_development:
            raise CommandError(OUTSIDE_DEVELOPMENT)
        try:
            loaded = organisations.load_organisations_demo(
                with_superuser=in_development, notice=self.stdout.write
            )
        except organisations.DemoConflict as conflict:
            raise CommandError(
                f"Refusé : {conflict} Rien n'a été chargé. En développement, repartez d'une "
                "base neuve (supprimez db.sqlite3, puis make run)."
            ) from conflict
        if not in_development:
            self.stdout.write(NO_SUPERUSER)
        for label, loader in DOMAIN_LOADERS:
            loader(loaded)
            self.stdout.write(f"Démonstration : {label} chargé.")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
