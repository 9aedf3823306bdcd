"""Demo document base (Haute-Savoie): the procedure guide of the 2019 report (annex 2) — its
themes 0 (pilotage) to 7 (communication d'urgence) and its sheets 1 to 72 with their titles —,
the users' charter (COPIL of 11/04/2019), the secularism charter, the reception guide, the memo
of 5 July 2019 on e-mails and letters, and the quality notice board poster. Every sheet has an
approved version (created 11/04/2019, validated by the COPIL that day); a few were revised on
27/08/2019; the agent has read some of them; one sheet's review is overdue and one is due soon,
so the work queue and the calendar show reminders. Savoie gets the themes only.

Idempotent: an organisation that already has documents is left as it is. Written through the
documents app's services, as the pages do; the dates of the story are set afterwards."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from qualipilote.documents import services
from qualipilote.documents.models import Document, DocumentVersion
from qualipilote.organisations.enums import Role

THEMES = [
    (0, "Pilotage de la politique qualité"),
    (1, "Dispositions générales"),
    (2, "Accueil physique"),
    (3, "Téléphonie"),
    (4, "Sites internet"),
    (5, "Courriers et courriels"),
    (6, "Réseaux sociaux"),
    (7, "Communication d'urgence en cas d'événement majeur"),
]

SHEETS = [  # (number, title, owner unit code)
    (1, "Gestion de la base documentaire", "qualite"),
    (2, "Mise en œuvre de la politique Qualité", "qualite"),
    (3, "Fonctionnement du comité local des usagers", "qualite"),
    (4, "Enquêtes mystères simples ou croisées", "qualite"),
    (5, "Implication des agents dans la démarche Qualité", "qualite"),
    (10, "Traitement des suggestions et des réclamations", "qualite"),
    (11, "Identification des besoins en formation", "brh"),
    (12, "Formation par tutorat", "brh"),
    (20, "Accueil des personnes à mobilité réduite", "bae"),
    (21, "Gestion des pics d'affluence", "bae"),
    (22, "Modification des conditions d'accueil", "bae"),
    (23, "Gestion des incidents de guichet", "bae"),
    (
        24,
        "Accueil physique des usagers à la Direction des relations avec les collectivités "
        "locales (DRCL)",
        "",
    ),
    (
        25,
        "Accueil physique des usagers au Service interministériel de défense et de protection "
        "civiles (SIDPC)",
        "sidpc",
    ),
    (
        26,
        "Accueil physique des usagers à la Direction des ressources humaines et du budget (DRHB)",
        "brh",
    ),
    (30, "Mise à jour du serveur vocal interactif", "standard"),
    (
        31,
        "Organisation de l'accueil téléphonique à la Direction des relations avec les "
        "collectivités locales",
        "",
    ),
    (40, "Gestion des sites internet et intranet", "brce"),
    (41, "Publication sur le site internet des services de l'État (IDE)", "brce"),
    (42, "Publication d'un communiqué de presse de type alerte atmosphérique", "brce"),
    (
        50,
        "Traitement des demandes d'information générale — Périmètre de labellisation Qual-e-pref",
        "bae",
    ),
    (51, "Traitement des demandes d'information générale (courriers et courriels) par la DRCL", ""),
    (60, "Charte d'utilisation Twitter", "brce"),
    (61, "Prise en main rapide de Twitter", "brce"),
    (70, "Activation de la cellule de communication d'urgence opérationnelle", "sidpc"),
    (72, "Activation de la cellule d'information du public", "sidpc"),
]
REVISED = {10, 21, 50}  # updated on 27/08/2019 (the guide's "date de mise à jour")

OTHERS = [  # (kind, title, owner unit code)
    ("users_charter", "Notre charte de l'usager « Vous et nous »", "qualite"),
    ("secularism_charter", "Charte de la laïcité dans les services publics", "qualite"),
    ("reception_guide", "Guide de l'accueil", "qualite"),
    ("memo", "Note de service — Engagements Qual-e-pref : courriels et courriers", "sg"),
    ("poster", "Panneau d'affichage Qualité des espaces d'accueil", "bae"),
]

CREATED = dt.date(2019, 4, 11)
UPDATED = dt.date(2019, 8, 27)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF that says the document's title (real PDF structure, readable by any
    viewer and by the evidence checks)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 56 780 Td (" + text[:90] + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _member(organisation, role):
    membership = (
        organisation.memberships.filter(role=role).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _approve(document, *, author, reviewer, approver, on: dt.date, summary: str = ""):
    name = f"{document.reference or document.get_kind_display()} — {document.title}"
    upload = SimpleUploadedFile(
        f"{(document.reference or document.kind).replace(' ', '-').lower()}.pdf",
        demo_pdf(name),
        content_type="application/pdf",
    )
    version = services.add_version(document, author=author, upload=upload, summary=summary)
    services.submit(version, user=author)
    services.review(version, user=reviewer)
    services.approve(version, user=approver, committee_kind="steering", committee_met_on=on)
    DocumentVersion.objects.filter(pk=version.pk).update(
        created_at=_at(on, 9),
        submitted_at=_at(on, 9),
        reviewed_at=_at(on, 10),
        approved_at=_at(on, 11),
        updated_at=_at(on, 11),
    )
    DocumentVersion.objects.filter(document=document, superseded_at__isnull=False).update(
        superseded_at=_at(on, 11)
    )
    return version


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        for number, title in THEMES:
            services.set_theme(organisation, number, title)
        if (
            organisation.departement != "74"
            or Document.objects.filter(organisation=organisation).exists()
        ):
            continue
        with transaction.atomic():
            _load(organisation, today)


def _load(organisation, today):
    lead = _member(organisation, Role.QUALITY_LEAD)
    author = _member(organisation, Role.QUALITY_CORRESPONDENT)
    approver = _member(organisation, Role.DIRECTOR) or lead
    agent = _member(organisation, Role.AGENT)
    if lead is None or author is None or approver in (None, author):
        return
    units = {unit.code: unit for unit in organisation.units.all()}
    themes = {theme.number: theme for theme in organisation.document_themes.all()}
    documents = []
    for number, title, unit_code in SHEETS:
        documents.append(
            services.create_document(
                organisation,
                user=lead,
                kind="procedure",
                theme=themes[number // 10],
                number=number,
                title=title,
                owner_unit=units.get(unit_code),
            )
        )
    for kind, title, unit_code in OTHERS:
        documents.append(
            services.create_document(
                organisation, user=lead, kind=kind, title=title, owner_unit=units.get(unit_code)
            )
        )
    for document in documents:
        _approve(document, author=author, reviewer=lead, approver=approver, on=CREATED)
        if document.number in REVISED:
            _approve(
                document,
                author=author,
                reviewer=lead,
                approver=approver,
                on=UPDATED,
                summary="Mise à jour après les audits de l'été 2019.",
            )
        last = UPDATED if document.number in REVISED else CREATED
        Document.objects.filter(pk=document.pk).update(
            created_at=_at(CREATED, 9),
            updated_at=_at(last, 11),
            next_review_on=services.default_next_review(document.kind, today),
        )
        if agent is not None and document.number in (10, 20, 21, 50):
            services.acknowledge(services.current_version(document), user=agent)
    # Reminders to show: one review overdue, one due within the month.
    Document.objects.filter(organisation=organisation, number=23).update(
        next_review_on=today - dt.timedelta(days=10)
    )
    Document.objects.filter(organisation=organisation, number=30).update(
        next_review_on=today + dt.timedelta(days=20)
    )
