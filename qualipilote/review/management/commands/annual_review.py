"""manage.py annual_review <org-code> <year> --output <file.pdf|file.docx>"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qualipilote.organisations.models import Organisation
from qualipilote.review.content import build_content
from qualipilote.review.models import AnnualReview
from qualipilote.review.render import review_docx, review_pdf
from qualipilote.review.services import check_year

RENDERERS = {".pdf": review_pdf, ".docx": review_docx}


class Command(BaseCommand):
    help = (
        "Génère le bilan annuel de la qualité d'une organisation, en PDF ou en DOCX selon "
        "l'extension du fichier de sortie (avec l'avant-propos et la conclusion du bilan de "
        "l'année s'il existe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("org_code", help="Code de l'organisation (ex. pref-74).")
        parser.add_argument("year", help="Année du bilan (ex. 2019).")
        parser.add_argument("--output", required=True, help="Fichier à écrire : .pdf ou .docx.")

    def handle(self, *args, org_code, year, output, **options):
        organisation = Organisation.objects.filter(code=org_code).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation ne porte le code « {org_code} ».")
        if not year.isdigit():
            raise CommandError(f"Année invalide « {year} » : saisissez une année en chiffres.")
        try:
            check_year(int(year))
        except ValidationError as error:
            raise CommandError(f"Année invalide : {error.message_dict['year'][0]}") from error
        path = Path(output)
        renderer = RENDERERS.get(path.suffix.lower())
        if renderer is None:
            raise CommandError(
                f"Extension « {path.suffix or '(aucune)'} » non prise en charge : le fichier de "
                "sortie doit se terminer par .pdf ou .docx."
            )
        review = AnnualReview.objects.filter(organisation=organisation, year=int(year)).first()
        content = build_content(
            organisation,
            int(year),
            foreword=review.foreword if review else "",
            conclusion=review.conclusion if review else "",
        )
        try:
            path.write_bytes(renderer(content))
        except OSError as error:
            raise CommandError(f"Impossible d'écrire « {output} » : {error.strerror}.") from error
        self.stdout.write(f"Bilan {year} de {organisation} écrit dans {output}.")
