"""The default grids of criteria by channel, as data: a new campaign copies its channel's grid.
E-mail: the criteria of the Haute-Savoie 2019 e-mail audit (acknowledgement, answer, compliant
signature, answer within 5 working days) and the note of service's "complete and clear" answer;
phone: the criteria of the cross phone audits (rings, courtesy, right service, correct answer)."""

from django.db import migrations

# (channel, code, label, rule, delay_days, requires_answer)
DEFAULTS = [
    ("email", "accuse_reception", "Accusé de réception reçu", "typed", None, False),
    ("email", "reponse_recue", "Réponse reçue", "answer_received", None, False),
    ("email", "signature_conforme", "Signature conforme", "typed", None, True),
    ("email", "reponse_5_jours", "Réponse dans les 5 jours ouvrés", "answered_within", 5, True),
    ("email", "reponse_complete", "Réponse complète et claire", "typed", None, True),
    ("phone", "decroche", "Décroché en moins de 5 sonneries", "typed", None, False),
    ("phone", "presentation", "Présentation de l'interlocuteur et du service", "typed", None, False),
    ("phone", "courtoisie", "Courtoisie et écoute", "typed", None, False),
    ("phone", "bon_service", "Orientation vers le bon service", "typed", None, False),
    ("phone", "reponse_correcte", "Réponse correcte et complète", "typed", None, False),
]


def load(apps, schema_editor):
    DefaultCriterion = apps.get_model("mystery", "DefaultCriterion")
    for position, (channel, code, label, rule, delay, requires) in enumerate(DEFAULTS, start=1):
        DefaultCriterion.objects.update_or_create(
            channel=channel,
            code=code,
            defaults={
                "label": label,
                "rule": rule,
                "delay_days": delay,
                "requires_answer": requires,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("mystery", "DefaultCriterion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mystery", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
