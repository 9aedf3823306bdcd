from django.db import models


class Domain(models.TextChoices):
    """The groups of rows of the indicator table, in the seed's order."""

    PHONE = "phone", "Accueil téléphonique"
    WEB = "web", "Site internet et réseaux sociaux"
    FEEDBACK = "feedback", "Suggestions et réclamations"
    INFORMATION = "information", "Demandes d'information générale"
    DIGITAL_POINT = "digital_point", "Point numérique"
    SATISFACTION = "satisfaction", "Satisfaction"
    EMERGENCY = "emergency", "Communication d'urgence"


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", "%"
    DAYS = "days", "jours"
    COUNT = "count", "nombre"
    MINUTES = "minutes", "minutes"


class TargetOperator(models.TextChoices):
    GREATER = ">", "supérieur à"
    GREATER_OR_EQUAL = ">=", "supérieur ou égal à"
    LESS_OR_EQUAL = "<=", "inférieur ou égal à"
    EQUAL = "=", "égal à"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Mensuelle"
    # Counted per calendar year by the app that holds the records (AppConfig.yearly_indicators),
    # live, never stored month by month: see yearly.py.
    YEARLY = "yearly", "Annuelle"


class Method(models.TextChoices):
    COMPUTED = "computed", "Calculé depuis un registre"
    ENTERED = "entered", "Saisi ou importé"
    # Fed by the surveys app when a wave closes (a question points to the indicator): never
    # "missing" in a month without a closing wave, never asked for in reminders.
    SURVEY = "survey", "Issu des enquêtes de satisfaction"
    # Yearly figures counted by another module (emergency communication…), see yearly.py.
    MODULE = "module", "Calculé par un module de Qualipilote"


class Aggregate(models.TextChoices):
    """How a computed indicator reads its register."""

    RATE = "rate", "Taux de réponse dans le délai"
    AVERAGE = "average", "Délai moyen de réponse (jours ouvrés)"


class Source(models.TextChoices):
    COMPUTED = "computed", "Calculé"
    ENTERED = "entered", "Saisi"
    IMPORTED = "imported", "Importé"


class Status(models.TextChoices):
    """Where a figure stands against its target; always shown in words, never by colour alone."""

    MET = "met", "Atteint"
    NOT_MET = "not_met", "Non atteint"
    NO_DATA = "no_data", "Pas de données"
    NO_TARGET = "no_target", "Sans objectif"
