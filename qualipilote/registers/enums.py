from django.db import models


class RegisterKind(models.TextChoices):
    """The registers whose records carry a working-day deadline (one deadline rule each)."""

    EMAIL = "email", "Courriels"
    LETTER = "letter", "Courriers"
    FEEDBACK = "feedback", "Réclamations et suggestions"
    WEBSITE_UPDATE = "website_update", "Mises à jour du site internet"
    IVR_UPDATE = "ivr_update", "Mises à jour du SVI"


class CorrespondenceChannel(models.TextChoices):
    EMAIL = "email", "Courriel"
    LETTER = "letter", "Courrier"


class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", "Réclamation"
    SUGGESTION = "suggestion", "Suggestion"


class FeedbackSource(models.TextChoices):
    BOX = "box", "Urne"
    WEB_FORM = "web_form", "Formulaire web"
    PUBLIC_REVIEW = "public_review", "Avis Services Publics+"
    EMAIL = "email", "Courriel"
    LETTER = "letter", "Courrier"
    PHONE = "phone", "Téléphone"
    IN_PERSON = "in_person", "Accueil physique"


class UpdateTarget(models.TextChoices):
    WEBSITE = "website", "Site internet"
    IVR = "ivr", "Serveur vocal interactif (SVI)"


class AcknowledgementMode(models.TextChoices):
    AUTOMATIC = "automatic", "Automatique"
    MANUAL = "manual", "Manuel"


class RecordStatus(models.TextChoices):
    """Filter values of the register lists."""

    PENDING = "pending", "En attente"
    ANSWERED = "answered", "Répondu"
    OVERDUE = "overdue", "En retard (sans réponse)"
    ON_TIME = "on_time", "Répondu dans les délais"
    LATE = "late", "Répondu hors délai"


class ContactDetails(models.TextChoices):
    """What every member may know of a feedback's contact details (see
    organisations.permissions.can_see_contact_details for who reads them)."""

    NONE = "none", "aucune"
    RECORDED = "recorded", "enregistrées"
    ANONYMISED = "anonymised", "anonymisées"


class SampledRegister(models.TextChoices):
    """The registers an organisation may follow on one week a month (memo of 5 July 2019:
    general information requests by e-mail and by letter)."""

    EMAIL = RegisterKind.EMAIL.value, RegisterKind.EMAIL.label
    LETTER = RegisterKind.LETTER.value, RegisterKind.LETTER.label


class SampledWeek(models.TextChoices):
    """Which full week (Monday to Sunday, all in the month) of each month is sampled."""

    FIRST = "first", "1re semaine complète du mois"
    SECOND = "second", "2e semaine complète du mois"
    THIRD = "third", "3e semaine complète du mois"
    LAST = "last", "Dernière semaine complète du mois"


class PublicFeeling(models.TextChoices):
    """The feeling a user gives an experience on Services Publics+."""

    NEGATIVE = "negative", "Négatif"
    NEUTRAL = "neutral", "Neutre"
    POSITIVE = "positive", "Positif"
