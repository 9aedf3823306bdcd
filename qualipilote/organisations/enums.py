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
    QUALITY_LEAD = "quality_lead", "Référent qualité"
    QUALITY_CORRESPONDENT = "quality_correspondent", "Correspondant qualité"
    AGENT = "agent", "Agent"
    DIRECTOR = "director", "Directeur"
    AUDITOR = "auditor", "Auditeur"
    VIEWER = "viewer", "Lecteur"
