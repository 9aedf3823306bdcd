from django.db import models


class QuestionKind(models.TextChoices):
    """The kinds of question; the codes are a contract with the API."""

    SATISFACTION = "satisfaction", "Satisfaction (très satisfait … pas du tout satisfait)"
    YES_NO = "yes_no", "Oui ou non"
    SINGLE_CHOICE = "single_choice", "Choix unique"
    MULTIPLE_CHOICE = "multiple_choice", "Choix multiple"
    RATING = "rating", "Note de 0 à 10"
    TEXT = "text", "Texte libre"


class Satisfaction(models.TextChoices):
    """The satisfaction scale, in the order the forms show it (digits 1–4, then 0)."""

    VERY_SATISFIED = "very_satisfied", "Très satisfait"
    SATISFIED = "satisfied", "Satisfait"
    DISSATISFIED = "dissatisfied", "Peu satisfait"
    VERY_DISSATISFIED = "very_dissatisfied", "Pas du tout satisfait"
    NO_OPINION = "no_opinion", "Sans avis"


SATISFIED_CODES = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)
OPINION_CODES = (*SATISFIED_CODES, Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)

YES_NO_CHOICES = [("yes", "Oui"), ("no", "Non")]
RATING_MIN, RATING_MAX = 0, 10


class ResponseMode(models.TextChoices):
    ONLINE = "online", "En ligne"
    PAPER = "paper", "Papier (saisi par un agent)"
    API = "api", "API"


# Kinds whose answers are one of the question's choices (stored with their Choice row).
CHOICE_KINDS = (
    QuestionKind.SATISFACTION,
    QuestionKind.YES_NO,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
)
# Kinds whose choices are fixed by the kind itself; the others take the survey's own choices.
FIXED_CHOICES = {
    QuestionKind.SATISFACTION: list(Satisfaction.choices),
    QuestionKind.YES_NO: YES_NO_CHOICES,
}


class JdmaSmiley(models.TextChoices):
    """The three smileys of the "Je donne mon avis" satisfaction question, as the service stores
    them (its `intention`: bad, medium, good) and labels them ("Pas bien", "Moyen", "Très bien")."""

    BAD = "bad", "Pas bien"
    MEDIUM = "medium", "Moyen"
    GOOD = "good", "Très bien"


# The service's own score of each smiley, on 10 (its dashboards average these).
JDMA_SCORES = {JdmaSmiley.BAD: 0, JdmaSmiley.MEDIUM: 5, JdmaSmiley.GOOD: 10}


class JdmaAnswerKind(models.TextChoices):
    SMILEY = "smiley", "Smileys (Pas bien, Moyen, Très bien)"
    MARK = "mark", "Note de 1 à 5"
    TEXT = "text", "Texte"
