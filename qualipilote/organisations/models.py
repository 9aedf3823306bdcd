import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from . import naming
from .enums import Channel, OrganisationKind, Role, SiteKind, UnitKind, role_label
from .permissions import may_open, role_can

# Metropolitan départements 01–95 (Corsica is 2A and 2B, there is no 20) and the five overseas
# départements. The code drives the working-day calendar.
DEPARTEMENT_CODES = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
)

# First path segments that belong to the application itself and can never be an organisation code.
RESERVED_CODES = frozenset(
    {"admin", "api", "comptes", "referentiels", "national", "static", "media", "sante"}
    | {"mentions-legales", "donnees-personnelles", "accessibilite"}  # legal pages
)

organisation_code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Le code ne peut contenir que des lettres minuscules, des chiffres et des tirets (ex. pref-74).",
)


def validate_departement(value: str) -> None:
    if value not in DEPARTEMENT_CODES:
        raise ValidationError(
            "« %(value)s » n'est pas un code de département (01 à 95, 2A, 2B, 971 à 976).",
            params={"value": value},
        )


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_CODES:
        raise ValidationError(
            "« %(value)s » est réservé par l'application.", params={"value": value}
        )


class Organisation(models.Model):
    """A tenant: a prefecture, a sub-prefecture, shared services or an interministerial directorate."""

    code = models.SlugField(
        "code",
        max_length=40,
        unique=True,
        validators=[organisation_code_validator, validate_not_reserved],
        help_text="Code stable utilisé dans les adresses et l'API, par exemple pref-74.",
    )
    name = models.CharField("nom", max_length=200)
    name_article = models.CharField(
        "article devant le nom",
        max_length=4,
        blank=True,
        choices=[
            (naming.LA, "la (la Préfecture de…)"),
            (naming.LE, "le (le Secrétariat général…)"),
            (naming.ELIDED, "l' (l'Agence…)"),
            (naming.LES, "les"),
            (naming.NONE, "aucun article"),
        ],
        help_text="Pour écrire « de la Préfecture de la Haute-Savoie ». Vide : déduit du nom.",
    )
    kind = models.CharField("type", max_length=40, choices=OrganisationKind.choices)
    departement = models.CharField("département", max_length=3, validators=[validate_departement])
    parent = models.ForeignKey(
        "self",
        verbose_name="organisation de rattachement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    whit_monday_worked = models.BooleanField(
        "lundi de Pentecôte travaillé",
        default=False,
        help_text="Journée de solidarité : cochez si le lundi de Pentecôte est un jour ouvré.",
    )
    personal_data_retention_months = models.PositiveSmallIntegerField(
        "conservation des données personnelles (mois)",
        default=24,
        help_text="Au-delà, les coordonnées des auteurs de réclamations sont anonymisées.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    # Renewed by calendar.invalidate() whenever the calendar or the register settings change:
    # every process then builds its copy of them again (see calendar.py).
    calendar_version = models.UUIDField(
        "version du calendrier et des réglages des registres", default=uuid.uuid4, editable=False
    )

    history = HistoricalRecords(excluded_fields=["calendar_version"])

    class Meta:
        verbose_name = "organisation"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def article(self) -> str:
        return self.name_article or naming.deduced_article(self.name)

    @property
    def name_with_article(self) -> str:
        """« la Préfecture de la Haute-Savoie »."""
        return naming.with_article(self.name, self.article)

    @property
    def name_with_de(self) -> str:
        """« de la Préfecture de la Haute-Savoie », « du SGCD… », « de l'Agence… »."""
        return naming.with_de(self.name, self.article)

    @property
    def name_with_a(self) -> str:
        """« à la Préfecture de la Haute-Savoie », « au SGCD… »."""
        return naming.with_a(self.name, self.article)

    @property
    def short_code(self) -> str:
        """ "74" for pref-74: what the public reads in the organisation's references
        (AV-74-2026-00015); unique among organisations (see clean)."""
        return short_code_of(self.code)

    def clean(self):
        if not self.code:
            return
        twins = Organisation.objects.exclude(pk=self.pk).filter(
            code__in=[self.short_code.lower(), f"pref-{self.short_code.lower()}"]
        )
        twin = twins.first()
        if twin is not None:
            raise ValidationError(
                {
                    "code": f"« {self.code} » donnerait les mêmes références publiques que "
                    f"« {twin.code} » ({self.short_code}) : choisissez un autre code."
                }
            )


def short_code_of(code: str) -> str:
    return code.removeprefix("pref-").upper()


class Unit(models.Model):
    """A node of the organisation chart: direction, bureau, service or pole."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name="unité de rattachement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(
        "code", max_length=40, help_text="Code court, unique dans l'organisation (ex. bae)."
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=UnitKind.choices)
    headcount = models.PositiveIntegerField("effectif", default=0)
    contact_email = models.EmailField(
        "courriel de contact", blank=True, help_text="Reçoit les rappels d'échéance."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "unité"
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unit_code_unique_per_org"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": "L'unité de rattachement doit être de la même organisation."}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "Une unité ne peut pas dépendre d'elle-même."})
            ancestor = ancestor.parent


class Site(models.Model):
    """A place where the public is received: a reception hall or a digital access point."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=30, choices=SiteKind.choices)
    address = models.CharField("adresse", max_length=300)
    description = models.TextField("description", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "site d'accueil"
        verbose_name_plural = "sites d'accueil"
        ordering = ["organisation", "name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """The memberships that open the organisation: suspended ones are kept for history only."""
        return self.filter(suspended_at__isnull=True)


class Membership(models.Model):
    """A user's one role in one organisation. Every access to an organisation's data goes through
    it, while it is active: a suspended membership keeps the person's name on what they did but
    no longer lets them in (organisations.access). Changed only through organisations.services.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    suspended_at = models.DateTimeField("suspendue le", null=True, blank=True, editable=False)
    # The day the person joined the service: a newcomer of a year is a member who arrived in it
    # (tutoring, newcomers' day and awareness figures of the training app).
    arrival_date = models.DateField("date d'arrivée", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appartenance"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation.code} ({self.role_label})"

    @property
    def role_label(self) -> str:
        """The role in the form of the person's title (Référente / Référent / Référent·e)."""
        return role_label(self.role, self.user.title)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    def can(self, ability: str) -> bool:
        return not self.is_suspended and role_can(self.role, ability)

    def may_open(self, namespace: str | None) -> bool:
        """Whether this member may open the pages of `namespace` (permissions.may_open): the
        main menu asks it, so a role limited to some pages sees only their links."""
        return may_open(self, namespace)


class ReceptionChannel(models.Model):
    """A way the public reaches the organisation: a telephone line, a mailbox, a website…"""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reception_channels"
    )
    kind = models.CharField("type", max_length=20, choices=Channel.choices)
    name = models.CharField("nom", max_length=200, help_text="Par exemple « Standard ».")
    contact = models.CharField(
        "coordonnées",
        max_length=300,
        blank=True,
        help_text="Numéro, adresse électronique ou lien, tel que le public le voit.",
    )
    site = models.ForeignKey(
        Site,
        verbose_name="site d'accueil",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_channels",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "canal d'accueil"
        verbose_name_plural = "canaux d'accueil"
        ordering = ["organisation", "kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        if self.site_id and self.site.organisation_id != self.organisation_id:
            raise ValidationError({"site": "Le site doit être de la même organisation."})


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (possibly expired)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, now):
        """Open and not expired: the invitations that can still be accepted."""
        return self.open().filter(expires_at__gt=now)


class Invitation(models.Model):
    """An e-mail address invited into an organisation with a role, until accepted, revoked or
    expired. The link sent carries a random token; only its SHA-256 digest is stored, so the
    database does not hold working links. Accepted once: the link then no longer works."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("adresse électronique")
    title = models.CharField(
        "civilité", max_length=3, blank=True, choices=[("mme", "Madame"), ("m", "Monsieur")]
    )
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyée le")
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acceptée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        verbose_name = "invitation"
        ordering = ["-sent_at"]
        constraints = [
            # One open invitation per address and organisation: the second is a resend.
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} — {self.organisation.code} ({self.role_label})"

    @property
    def role_label(self) -> str:
        return role_label(self.role, self.title)

    @property
    def person_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def is_expired(self, now) -> bool:
        return self.expires_at <= now

    def state(self, now) -> str:
        if self.accepted_at:
            return "acceptée"
        if self.revoked_at:
            return "révoquée"
        if self.is_expired(now):
            return "expirée"
        return "en attente"


class ClosureDay(models.Model):
    """A day the organisation is closed on top of public holidays (bridge day, local closure)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closure_days"
    )
    date = models.DateField("date")
    label = models.CharField("motif", max_length=200)

    class Meta:
        verbose_name = "jour de fermeture"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="one_closure_per_day")
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.label}"
