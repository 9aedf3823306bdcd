from django.db import models


class OrganisationKind(models.TextChoices):
    PREFECTURE = "prefecture", "Préfecture"
    SUB_PREFECTURE = "sub_prefecture", "Sous-préfecture"
    SHARED_SERVICES = "shared_services", "Secrétariat général commun départemental (SGCD)"
    INTERMINISTERIAL_DIRECTORATE = (
        "interministerial_directorate",
        "Direction départementale interministérielle (DDI)",
    )


class UnitKind(models.TextChoices):
    DIRECTION = "direction", "Direction"
    BUREAU = "bureau", "Bureau"
    SERVICE = "service", "Service"
    POLE = "pole", "Pôle"


class SiteKind(models.TextChoices):
    RECEPTION_HALL = "reception_hall", "Hall d'accueil"
    DIGITAL_ACCESS_POINT = "digital_access_point", "Point d'accueil numérique"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "Accueil physique"
    PHONE = "phone", "Téléphone"
    LETTER = "letter", "Courrier"
    EMAIL = "email", "Courriel"
    WEBSITE = "website", "Site internet"
    SOCIAL = "social", "Réseaux sociaux"


class Role(models.TextChoices):
    """A member's role. The labels here are the neutral forms (lists of roles, a person whose
    title is not given); a person's own role is shown by `role_label`, in the form of their
    title, never in the masculine alone."""

    QUALITY_LEAD = "quality_lead", "Référent·e qualité"
    QUALITY_CORRESPONDENT = "quality_correspondent", "Correspondant·e qualité"
    AGENT = "agent", "Agent·e"
    DIRECTOR = "director", "Direction"
    AUDITOR = "auditor", "Audit"
    VIEWER = "viewer", "Lecture seule"
    # Another organisation's quality lead who runs a cross mystery-shopper audit: sees only the
    # campaigns they are assigned to (permissions.PAGES_BY_ROLE, can_see_campaign).
    CROSS_AUDITOR = "cross_auditor", "Enquêteur·rice mystère croisé·e"


# (feminine, masculine) form of each role; the neutral form is the role's label above.
GENDERED_ROLE_LABELS: dict[str, tuple[str, str]] = {
    Role.QUALITY_LEAD: ("Référente qualité", "Référent qualité"),
    Role.QUALITY_CORRESPONDENT: ("Correspondante qualité", "Correspondant qualité"),
    Role.AGENT: ("Agente", "Agent"),
    Role.DIRECTOR: ("Directrice", "Directeur"),
    Role.AUDITOR: ("Auditrice", "Auditeur"),
    Role.VIEWER: ("Lectrice", "Lecteur"),
    Role.CROSS_AUDITOR: ("Enquêtrice mystère croisée", "Enquêteur mystère croisé"),
}


def role_label(role: str, title: str) -> str:
    """The role in the form of the person's title: "mme" (Madame) feminine, "m" (Monsieur)
    masculine, anything else the neutral form."""
    feminine, masculine = GENDERED_ROLE_LABELS.get(role, (None, None))
    if title == "mme" and feminine:
        return feminine
    if title == "m" and masculine:
        return masculine
    return Role(role).label if role in Role.values else role
