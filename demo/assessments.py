"""Demo labelling scopes and self-assessments, from the two seed documents: Haute-Savoie
(Qual-e-pref 2019, modules 1 and 7, the 2019 labelling report) and Savoie (Quali-ATE 2024,
modules 1, 2, 4 and 8, the April 2024 quality policy).

Idempotent: a scope already set and commitments already assessed are left as they are (a demo
user's changes survive a second `load_demo`); only what is missing is added, through the same
services as the pages.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from qualipilote.assessments import services
from qualipilote.assessments.models import SelfAssessment
from qualipilote.frameworks.models import FrameworkVersion
from qualipilote.frameworks.scope import scope_of, set_scope
from qualipilote.organisations.enums import Channel, Role

logger = logging.getLogger(__name__)

# Haute-Savoie: "l'accueil général, les points d'accès numérique et les services en charge de
# l'immigration" (DCL's three bureaus, BSI for the driving-licence medical boards) and the
# services concerned "de manière transversale" (telephony and IT poles, communication bureau,
# HR, organisation, finance and general services, the quality lead), plus the civil protection
# service with which the communication bureau runs emergency communication (module 7).
SCOPES = {
    "pref-74": {
        "framework": ("qual-e-pref", "2019"),
        "modules": [1, 7],
        "units": [
            "bcar",
            "base",
            "bae",
            "bsi",
            "brce",
            "sidpc",
            "standard",
            "sic",
            "brh",
            "boa",
            "bfsg",
            "qualite",
        ],
        "sites": None,  # both reception halls and the digital access point: every site
    },
    "pref-73": {
        "framework": ("quali-ate", "2024"),
        "modules": [1, 2, 4, 8],
        "units": ["cpm", "immigration", "accueil", "sidpc", "sicom", "brh", "bfil"],
        "sites": None,
    },
}

MET, PARTLY, NOT_MET, NA = "met", "partly_met", "not_met", "not_applicable"

# (commitment number, status, comment or reason, who: lead/correspondent, evidence)
# evidence: ("link", title, url) or ("pdf", title, filename, paragraphs)
ASSESSMENTS = {
    "pref-74": [
        (
            1,
            MET,
            "Horaires et conditions d'accueil publiés sur le site internet des services de l'État et affichés dans les deux halls ; contrôle trimestriel de la page.",
            "lead",
            (
                "link",
                "Horaires et coordonnées — site des services de l'État",
                "https://www.haute-savoie.gouv.fr/",
            ),
        ),
        (
            2,
            MET,
            "Guide de l'accueil remis à tous les agents, charte de l'usager affichée ; enquête de satisfaction 2018 : 96 % de satisfaits de la courtoisie des agents d'accueil.",
            "lead",
            (
                "pdf",
                "Charte de l'usager « Vous et nous »",
                "charte-usager-vous-et-nous.pdf",
                [
                    "Préfecture de la Haute-Savoie — Notre charte de l'usager « Vous et nous »",
                    "Nous nous engageons à : vous informer sur les démarches administratives par différents moyens de communication ; vous accueillir avec attention et courtoisie ; donner une réponse compréhensible à vos demandes d'informations générales ; répondre systématiquement à vos réclamations et vos suggestions ; être à votre écoute pour progresser.",
                    "Validée par le COPIL du 11 avril 2019.",
                ],
            ),
        ),
        (
            3,
            MET,
            "Urne à l'accueil et formulaire sur le site internet ; 30 réclamations en 2019, 93 % traitées dans les 15 jours ouvrés ; comité local des usagers réuni une fois par an.",
            "correspondent",
            None,
        ),
        (
            7,
            PARTLY,
            "Temps d'attente : 70 % de satisfaits seulement (enquête 2018). Accueil sur rendez-vous généralisé au 1er juin 2019 pour les étrangers ; nouvelle enquête à l'automne 2019.",
            "lead",
            None,
        ),
        (
            8,
            MET,
            "Serveur vocal interactif intégralement restructuré au printemps 2019 ; mises à jour dans les 3 jours ouvrés : 100 % de janvier à juillet 2019.",
            "correspondent",
            None,
        ),
        (
            10,
            PARTLY,
            "Taux d'appels aboutis de 93,54 % (janvier–juillet 2019, cible > 90 %), mais 53 % de satisfaits de l'accueil téléphonique et pas de permanence téléphonique au service des étrangers (enquête mystère de juin 2019).",
            "lead",
            None,
        ),
        (
            15,
            MET,
            "Point numérique installé dans un espace fermé pour la confidentialité ; 94 % de satisfaits.",
            "correspondent",
            None,
        ),
        (
            17,
            MET,
            "93 % des réponses aux courriels dans les 5 jours ouvrés (enquête mystère du 15 mai au 30 juin 2019) ; délais rappelés par la note de service du 5 juillet 2019.",
            "lead",
            (
                "pdf",
                "Note de service du 5 juillet 2019 — courriels et courriers",
                "note-de-service-2019-07-05.pdf",
                [
                    "Note de service — Engagements Qual-e-pref : courriels et courriers (Annecy, 5 juillet 2019)",
                    "Le délai de réponse aux demandes d'information générale adressées par courriel est de 5 jours ouvrés ; par courrier, de 15 jours ouvrés en 2019 (10 jours ouvrés à partir de 2020).",
                    "Tous les courriels reçus sur une boîte fonctionnelle font l'objet d'un accusé de réception.",
                ],
            ),
        ),
        (
            47,
            PARTLY,
            "Fiche de procédure n° 70 « Activation de la cellule de communication d'urgence opérationnelle » rédigée ; délai d'activation à mesurer lors du prochain exercice.",
            "lead",
            None,
        ),
    ],
    "pref-73": [
        (
            3,
            MET,
            "Points d'accès numérique au bâtiment Caffé, avec l'accueil général et le bureau de l'immigration.",
            "correspondent",
            None,
        ),
        (
            7,
            NA,
            "Pas de serveur vocal interactif local : les appels sont pris directement par le standard.",
            "lead",
            None,
        ),
        (
            16,
            MET,
            "Référents désignés et habilités à répondre aux avis dans « Je donne mon avis » ; comité local annuel des usagers et de l'amélioration continue présidé par la secrétaire générale.",
            "lead",
            (
                "link",
                "Services Publics+ — Je donne mon avis",
                "https://www.plus.transformation.gouv.fr/",
            ),
        ),
        (
            18,
            MET,
            "Cellule de la performance et de la modernisation rattachée à la secrétaire générale ; référents qualité formés, avec une lettre de mission annuelle, identifiés sur l'organigramme.",
            "lead",
            (
                "pdf",
                "Politique qualité de la préfecture de la Savoie (avril 2024)",
                "politique-qualite-savoie-2024.pdf",
                [
                    "Politique qualité de la préfecture de la Savoie — avril 2024",
                    "En Savoie, la cellule de la performance et de la modernisation, rattachée à la secrétaire générale, est chargée d'assurer les missions de suivi et de pilotage de la démarche.",
                    "Document validé au comité de pilotage Qualité du 18 avril 2024.",
                ],
            ),
        ),
        (
            21,
            MET,
            "Tutorat obligatoire pour les nouveaux arrivants, fiche pratique du nouvel arrivant, journée d'accueil ; formations en ligne Mentor et For-mi.",
            "correspondent",
            None,
        ),
        (
            23,
            PARTLY,
            "BEGES réalisé tous les trois ans par le SGCD et publié sur le site de l'ADEME ; plan d'action local à actualiser.",
            "lead",
            ("link", "Bilans GES publiés — ADEME", "https://bilans-ges.ademe.fr/"),
        ),
        (
            26,
            NOT_MET,
            "Aucune action en faveur de la biodiversité n'est encore formalisée.",
            "lead",
            None,
        ),
        (
            43,
            PARTLY,
            "Exercices réguliers avec le SIDPC ; les retours d'expérience ne sont pas encore formalisés systématiquement.",
            "correspondent",
            None,
        ),
    ],
}


def load_demo(organisations) -> None:
    if not _frameworks_loaded():
        return
    for organisation in organisations:
        spec = SCOPES.get(organisation.code)
        if spec is None:
            continue
        with transaction.atomic():
            _ensure_scope(organisation, spec)
            _ensure_assessments(organisation, ASSESSMENTS.get(organisation.code, []))


def _frameworks_loaded() -> bool:
    wanted = [spec["framework"] for spec in SCOPES.values()]
    if all(_version(*key) for key in wanted):
        return True
    try:
        from qualipilote.frameworks.loader import load_files
    except ImportError:
        load_files = None
    if load_files is not None:
        load_files()  # the data files of the repository, as `manage.py load_frameworks`
        if all(_version(*key) for key in wanted):
            return True
    logger.warning(
        "Démonstration de l'auto-diagnostic ignorée : les référentiels Qual-e-pref 2019 et "
        "Quali-ATE 2024 ne sont pas chargés (lancez d'abord « manage.py load_frameworks »)."
    )
    return False


def _version(code: str, number: str) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(framework__code=code, version=number).first()


def _member(organisation, role):
    membership = (
        organisation.memberships.filter(role=role).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _ensure_scope(organisation, spec) -> None:
    if scope_of(organisation) is not None:
        return
    version = _version(*spec["framework"])
    sites = organisation.sites.all()
    set_scope(
        organisation,
        version=version,
        modules=version.modules.filter(number__in=spec["modules"]),
        units=organisation.units.filter(code__in=spec["units"]),
        sites=sites if spec["sites"] is None else sites.filter(name__in=spec["sites"]),
        channels=list(Channel.values),
        user=_member(organisation, Role.QUALITY_LEAD),
    )


def _ensure_assessments(organisation, entries) -> None:
    scope = scope_of(organisation)
    commitments = {c.number: c for c in scope.version.commitments.filter(module__scopes=scope)}
    users = {
        "lead": _member(organisation, Role.QUALITY_LEAD),
        "correspondent": _member(organisation, Role.QUALITY_CORRESPONDENT)
        or _member(organisation, Role.QUALITY_LEAD),
    }
    for number, status, text, who, evidence in entries:
        commitment = commitments.get(number)
        if commitment is None:
            continue  # the commitment left the scope (a demo user changed it): keep theirs
        if SelfAssessment.objects.filter(organisation=organisation, commitment=commitment).exists():
            continue
        user = users[who]
        services.record_self_assessment(
            organisation,
            commitment,
            status=status,
            not_applicable_reason=text if status == NA else "",
            comment="" if status == NA else text,
            user=user,
        )
        if evidence is not None:
            _add_evidence(organisation, commitment, evidence, user)


def _add_evidence(organisation, commitment, evidence, user) -> None:
    if evidence[0] == "link":
        _kind, title, url = evidence
        services.add_link_evidence(organisation, commitment, url=url, title=title, user=user)
        return
    _kind, title, filename, paragraphs = evidence
    upload = ContentFile(_pdf(paragraphs), name=filename)
    services.add_file_evidence(organisation, commitment, file=upload, title=title, user=user)


def _pdf(paragraphs: list[str]) -> bytes:
    """A small real PDF, made on the fly with WeasyPrint."""
    from django.utils.html import escape
    from weasyprint import HTML

    title, *body = paragraphs
    html = (
        "<html lang='fr'><body style='font-family: sans-serif; font-size: 11pt'>"
        f"<h1 style='font-size: 15pt'>{escape(title)}</h1>"
        + "".join(f"<p>{escape(paragraph)}</p>" for paragraph in body)
        + "<p style='color: #666'>Document de démonstration Qualipilote.</p></body></html>"
    )
    weasyprint_log = logging.getLogger("weasyprint")
    level = weasyprint_log.level
    weasyprint_log.setLevel(logging.WARNING)  # its INFO steps would clutter `make run`
    try:
        return HTML(string=html).write_pdf()
    finally:
        weasyprint_log.setLevel(level)
