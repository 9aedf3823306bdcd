from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qualipilote.organisations.models import Membership, Organisation, Unit
from qualipilote.registers.assignment import Assignee, find_user, reassign_open_work


class Command(BaseCommand):
    help = (
        "Confie tous les dossiers ouverts des registres attribués à une personne (qui part ou "
        "change d'unité) à une autre personne ou à une unité de la même organisation, en une "
        "fois ; chaque dossier garde la trace du changement dans son historique."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Code de l'organisation.")
        parser.add_argument(
            "--from",
            dest="from_person",
            required=True,
            help="Courriel ou identifiant de la personne.",
        )
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--to", help="Courriel ou identifiant de la personne qui reprend.")
        target.add_argument("--to-unit", help="Code de l'unité qui reprend.")
        parser.add_argument(
            "--by",
            help="Courriel ou identifiant de la personne qui fait le changement (membre actif), "
            "inscrite comme son auteur dans l'historique de chaque dossier.",
        )

    def handle(self, *args, org, from_person, to=None, to_unit=None, by=None, **options):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation ne porte le code « {org} ».")
        leaving = self._member(organisation, from_person, active=False)
        author = self._member(organisation, by, active=True) if by else None
        if to:
            target = Assignee(user=self._member(organisation, to, active=True))
        else:
            unit = Unit.objects.filter(organisation=organisation, code=to_unit).first()
            if unit is None:
                raise CommandError(
                    f"Aucune unité de {organisation.code} ne porte le code « {to_unit} »."
                )
            target = Assignee(unit=unit)
        try:
            moved = reassign_open_work(
                organisation,
                from_user=leaving,
                to=target,
                by=author,
                reason=f"Commande reassign_open_work : dossiers de {leaving} confiés à {target.label}",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{moved} dossier(s) ouvert(s) de {leaving} confié(s) à {target.label}.")

    def _member(self, organisation, identifier, *, active: bool):
        """The person (`active`: an active member; otherwise any known account, a former member's
        records included)."""
        user = find_user(identifier)
        if user is None:
            raise CommandError(f"Aucun compte unique ne correspond à « {identifier} ».")
        member = Membership.objects.active().filter(organisation=organisation, user=user)
        if active and not member.exists():
            raise CommandError(f"« {identifier} » n'est pas membre actif de {organisation.code}.")
        return user
