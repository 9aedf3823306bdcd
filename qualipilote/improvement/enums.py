from django.db import models


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", "Corrective"
    PREVENTIVE = "preventive", "Préventive"
    IMPROVEMENT = "improvement", "D'amélioration"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ActionSource(models.TextChoices):
    """Where the gap that the action answers was found."""

    SELF_ASSESSMENT = "self_assessment", "Auto-diagnostic"
    AUDIT_FINDING = "audit_finding", "Constat d'audit"
    INDICATOR = "indicator", "Indicateur hors objectif"
    SURVEY = "survey", "Enquête de satisfaction"
    MYSTERY_SHOPPER = "mystery_shopper", "Enquête mystère"
    COMPLAINT = "complaint", "Réclamation"
    COMMITTEE = "committee", "Décision de comité"
    LESSONS_LEARNED = "lessons_learned", "Retour d'expérience"
    SUGGESTION = "suggestion", "Suggestion d'un agent ou d'un usager"


class AuditKind(models.TextChoices):
    INTERNAL = "internal", "Audit interne"
    LABELLING = "labelling", "Audit de labellisation"
    FOLLOW_UP = "follow_up", "Audit de suivi"
    RENEWAL = "renewal", "Audit de renouvellement"


EXTERNAL_AUDIT_KINDS = (AuditKind.LABELLING, AuditKind.FOLLOW_UP, AuditKind.RENEWAL)


class FindingStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Clos"


class MilestoneKind(models.TextChoices):
    """Typed milestones of the quality lead's calendar (issue 11, item 5)."""

    COMMITTEE = "committee", "Présentation en comité"
    BEGES = "beges", "BEGES"
    DOCUMENT_REVIEW = "document_review", "Revue documentaire"
    OTHER = "other", "Autre"
