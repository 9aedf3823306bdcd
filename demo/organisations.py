"""Demo organisations as the seed documents describe them: Haute-Savoie (Qual-e-pref, 2019
report) and Savoie (Quali-ATE, 2024 quality policy), with one demo user per role.

The demo only fills what it created itself (demo.models marks it): an existing organisation with
a demo code that the demo did not create stops the load before anything is written, and an
existing account with a demo username is left exactly as it is (no password, no promotion, no
membership).
"""

from collections.abc import Callable

from django.db import transaction

from qualipilote.accounts.models import User
from qualipilote.organisations.enums import Role, SiteKind, UnitKind, role_label
from qualipilote.organisations.models import Membership, Organisation, Site, Unit
from qualipilote.organisations.services import create_organisation

from .models import DemoAccount, DemoOrganisation

DEMO_PASSWORD = "qualipilote-demo"
ADMIN_USERNAME = "admin"


class DemoConflict(Exception):
    """The database holds an organisation the demo did not create under one of its codes."""


# (code, name, kind, headcount, children) — Haute-Savoie at 1 January 2019, from the report.
HAUTE_SAVOIE_UNITS = [
    (
        "sg",
        "Secrétariat général",
        UnitKind.DIRECTION,
        8,
        [
            ("mci", "Mission de coordination interministérielle", UnitKind.SERVICE, 4, []),
        ],
    ),
    (
        "cabinet",
        "Direction du cabinet",
        UnitKind.DIRECTION,
        2,
        [
            (
                "brce",
                "Bureau de la représentation et de la communication de l'État",
                UnitKind.BUREAU,
                8,
                [],
            ),
            ("bsi", "Bureau de la sécurité intérieure", UnitKind.BUREAU, 11, []),
            (
                "sidpc",
                "Service interministériel de défense et de protection civile",
                UnitKind.SERVICE,
                12,
                [],
            ),
        ],
    ),
    (
        "dcl",
        "Direction de la citoyenneté et des libertés publiques",
        UnitKind.DIRECTION,
        2,
        [
            (
                "bcar",
                "Bureau de la citoyenneté et des activités réglementées",
                UnitKind.BUREAU,
                14,
                [],
            ),
            ("base", "Bureau de l'accueil et du séjour des étrangers", UnitKind.BUREAU, 18, []),
            ("bae", "Bureau de l'asile et de l'éloignement", UnitKind.BUREAU, 7, []),
            ("bc", "Bureau du contentieux", UnitKind.BUREAU, 3, []),
            ("cag", "Cellule affaires générales", UnitKind.POLE, 4, []),
        ],
    ),
    (
        "drcl",
        "Direction des relations avec les collectivités locales",
        UnitKind.DIRECTION,
        1,
        [
            ("bclb", "Bureau du contrôle de légalité et budgétaire", UnitKind.BUREAU, 8, []),
            ("bcf", "Bureau des concours financiers", UnitKind.BUREAU, 4, []),
            ("bafu", "Bureau des affaires foncières et de l'urbanisme", UnitKind.BUREAU, 11, []),
        ],
    ),
    (
        "drhb",
        "Direction des ressources humaines et budgétaires",
        UnitKind.DIRECTION,
        1,
        [
            ("brh", "Bureau des ressources humaines", UnitKind.BUREAU, 7, []),
            ("bfsg", "Bureau des finances et des services généraux", UnitKind.BUREAU, 11, []),
            ("boa", "Bureau de l'organisation administrative", UnitKind.BUREAU, 7, []),
            ("qualite", "Référent qualité et contrôle de gestion", UnitKind.POLE, 1, []),
        ],
    ),
    (
        "didnsic",
        "Direction interministérielle départementale du numérique, des SIC",
        UnitKind.DIRECTION,
        2,
        [
            ("standard", "Pôle accueil téléphonique (standard et SVI)", UnitKind.POLE, 4, []),
            ("sic", "Pôle systèmes et réseaux", UnitKind.POLE, 9, []),
        ],
    ),
    ("residence", "Personnel de résidence du corps préfectoral", UnitKind.SERVICE, 5, []),
]

HAUTE_SAVOIE_SITES = [
    (
        "Hall d'accueil principal",
        SiteKind.RECEPTION_HALL,
        "14 rue du 30e régiment d'infanterie, 74000 Annecy",
        "Associations, élections, taxi/VTC, échange de permis étranger, passeport d'urgence, "
        "affaires funéraires, commissions médicales ; environ 15 000 visiteurs en 2018.",
    ),
    (
        "Hall d'accueil « Immigration »",
        SiteKind.RECEPTION_HALL,
        "12 bis rue du 30e régiment d'infanterie, 74000 Annecy",
        "Titres de séjour, documents de circulation, titres de voyage, asile ; environ 42 000 visiteurs en 2018.",
    ),
    (
        "Point d'accueil numérique",
        SiteKind.DIGITAL_ACCESS_POINT,
        "14 rue du 30e régiment d'infanterie, 74000 Annecy",
        "Installé dans un espace fermé pour la confidentialité ; plus de 4 000 usagers en 2018.",
    ),
]

SAVOIE_UNITS = [
    (
        "sg",
        "Secrétariat général",
        UnitKind.DIRECTION,
        3,
        [
            ("cpm", "Cellule de la performance et de la modernisation", UnitKind.POLE, 3, []),
        ],
    ),
    (
        "dcl",
        "Direction de la citoyenneté et de la légalité",
        UnitKind.DIRECTION,
        2,
        [
            ("immigration", "Bureau de l'immigration", UnitKind.BUREAU, 20, []),
            ("accueil", "Accueil général", UnitKind.SERVICE, 6, []),
        ],
    ),
    (
        "securites",
        "Direction des sécurités",
        UnitKind.DIRECTION,
        2,
        [
            (
                "sidpc",
                "Service interministériel de défense et de protection civile",
                UnitKind.SERVICE,
                10,
                [],
            ),
        ],
    ),
    (
        "cabinet",
        "Bureau du cabinet",
        UnitKind.BUREAU,
        4,
        [
            ("sicom", "Service interministériel de communication", UnitKind.SERVICE, 5, []),
        ],
    ),
    (
        "sgcd",
        "Secrétariat général commun départemental",
        UnitKind.DIRECTION,
        2,
        [
            ("brh", "Bureau des ressources humaines", UnitKind.BUREAU, 8, []),
            (
                "bfil",
                "Bureau du budget, des finances, de l'immobilier et de la logistique",
                UnitKind.BUREAU,
                9,
                [],
            ),
        ],
    ),
]

SAVOIE_SITES = [
    (
        "Bâtiment Caffé — accueil général",
        SiteKind.RECEPTION_HALL,
        "Château des ducs de Savoie, 73000 Chambéry",
        "Accueil général, points d'accès numérique et bureau de l'immigration.",
    ),
    (
        "Point d'accès numérique",
        SiteKind.DIGITAL_ACCESS_POINT,
        "Château des ducs de Savoie, 73000 Chambéry",
        "",
    ),
]

DEMO_ORGANISATIONS = [  # (code, name, département, units, sites)
    ("pref-74", "Préfecture de la Haute-Savoie", "74", HAUTE_SAVOIE_UNITS, HAUTE_SAVOIE_SITES),
    ("pref-73", "Préfecture de la Savoie", "73", SAVOIE_UNITS, SAVOIE_SITES),
]
DEMO_CODES = [code for code, *_rest in DEMO_ORGANISATIONS]

DEMO_USERS = [  # (username suffix, first name, last name, role)
    ("referent", "Claire", "Martin", Role.QUALITY_LEAD),
    ("correspondant", "Julien", "Bernard", Role.QUALITY_CORRESPONDENT),
    ("agent", "Sophie", "Durand", Role.AGENT),
    ("directeur", "Marc", "Lefèvre", Role.DIRECTOR),
    ("auditeur", "Nadia", "Moreau", Role.AUDITOR),
    ("lecteur", "Paul", "Girard", Role.VIEWER),
]
# Their titles, which choose the form of their role (Référente qualité, Correspondant qualité…).
DEMO_TITLES = {
    "referent": "mme",
    "correspondant": "m",
    "agent": "mme",
    "directeur": "m",
    "auditeur": "mme",
    "lecteur": "m",
}


def _create_units(organisation, specs, parent=None):
    for code, name, kind, headcount, children in specs:
        unit, _ = Unit.objects.update_or_create(
            organisation=organisation,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "headcount": headcount,
                "parent": parent,
                "contact_email": f"{code}@{organisation.code}.demo.gouv.fr",
            },
        )
        _create_units(organisation, children, unit)


def _ensure_organisation(code, name, departement) -> Organisation:
    existing = Organisation.objects.filter(code=code).first()
    if existing:
        return existing  # checked beforehand by demo_conflicts(): the demo created it
    organisation = create_organisation(
        code=code, name=name, kind="prefecture", departement=departement
    )
    DemoOrganisation.objects.create(organisation=organisation)
    return organisation


def _ensure_demo_user(username, first_name, last_name, notice, **extra) -> User | None:
    """The demo account `username`, created with the demo password if it does not exist. An
    account the demo did not create is never changed: None, and a notice says so."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.gouv.fr",
            **extra,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        DemoAccount.objects.create(user=user)
        return user
    if DemoAccount.objects.filter(user=user).exists():
        return user
    notice(
        f"Le compte « {username} » existe déjà et n'a pas été créé par la démonstration : "
        "il est laissé tel quel (ni mot de passe, ni droits, ni appartenance de démonstration)."
    )
    return None


def demo_conflicts() -> list[str]:
    """French sentences, one per organisation with a demo code that the demo did not create."""
    demo_marked = DemoOrganisation.objects.values("organisation")
    return [
        f"L'organisation « {organisation.code} » ({organisation.name}) existe déjà et n'a pas "
        "été créée par la démonstration : la démonstration n'y touche pas."
        for organisation in Organisation.objects.filter(code__in=DEMO_CODES).exclude(
            pk__in=demo_marked
        )
    ]


@transaction.atomic
def load_organisations_demo(
    *, with_superuser: bool = True, notice: Callable[[str], object] = lambda _text: None
) -> list[Organisation]:
    """Creates (or finds, when the demo created them) the two demo organisations and their demo
    accounts. Raises DemoConflict, having written nothing, when a demo code is taken by an
    organisation the demo did not create."""
    conflicts = demo_conflicts()
    if conflicts:
        raise DemoConflict(" ".join(conflicts))
    result = []
    for code, name, dept, units, sites in DEMO_ORGANISATIONS:
        organisation = _ensure_organisation(code, name, dept)
        _create_units(organisation, units)
        for site_name, kind, address, description in sites:
            Site.objects.update_or_create(
                organisation=organisation,
                name=site_name,
                defaults={"kind": kind, "address": address, "description": description},
            )
        for suffix, first, last, role in DEMO_USERS:
            user = _ensure_demo_user(
                f"{suffix}.{dept}", first, last, notice, title=DEMO_TITLES[suffix]
            )
            if user is not None:
                Membership.objects.update_or_create(
                    user=user, organisation=organisation, defaults={"role": role}
                )
        result.append(organisation)
    _ensure_demo_user("national", "Anne", "Lambert", notice, is_national_reader=True)
    if with_superuser:
        _ensure_demo_user(
            ADMIN_USERNAME, "Admin", "Qualipilote", notice, is_staff=True, is_superuser=True
        )
    return result


def demo_logins() -> list[tuple[str, str]]:
    rows = [
        (f"{suffix}.{dept}", f"{role_label(role, DEMO_TITLES[suffix])} — {org}")
        for dept, org in (("74", "Haute-Savoie"), ("73", "Savoie"))
        for suffix, _f, _l, role in DEMO_USERS
    ]
    rows.append(("national", "Rôle national (chiffres agrégés)"))
    rows.append(("admin", "Administrateur (interface /admin/)"))
    return rows
