from django.db import models


class CommitteeKind(models.TextChoices):
    STEERING = "steering", "Comité de pilotage (COPIL)"
    USERS = "users", "Comité local des usagers"
    STAFF = "staff", "Comité social d'administration (CSA, comité technique)"
    WORKING_GROUP = "working_group", "Groupe de travail"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue"
