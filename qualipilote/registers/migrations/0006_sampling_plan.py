"""Sampling plans (issue 7); the `sampled` flag of the records becomes computed.

Until now agents ticked "semaine échantillonnée" by hand, and the e-mail indicators counted the
ticked records only. Existing records are set to "no plan" (NULL: every record counts) and no
plan is created for anyone:
- hand ticks do not say which rule the organisation followed (a week ticked a few days off, a
  tick forgotten on one e-mail): inferring a plan from them would silently drop records;
- an organisation that registered only its sampled week keeps the same figures (its registers
  hold nothing else); one that registered every e-mail now has figures over all of them, which
  the memo of 5 July 2019 allows ("le suivi peut être effectué sur un échantillonnage") and
  which describes its service better than one week did;
- closed months keep their frozen figures (indicators never rewrite a closed month);
- a quality lead who wants the sample back declares the plan on the sampling page, from any past
  month: the records concerned are then flagged again from their dates.
The history rows keep the ticks as they were typed.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


RECORD_MODELS = ("correspondence", "feedback", "updaterequest")


def every_record_counts(apps, schema_editor):
    for name in RECORD_MODELS:
        apps.get_model("registers", name).objects.update(sampled=None)


def back_to_unticked(apps, schema_editor):
    for name in RECORD_MODELS:
        apps.get_model("registers", name).objects.filter(sampled__isnull=True).update(
            sampled=False
        )


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_calendar_version'),
        ('registers', '0005_feedback_personal_data_purged_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='correspondence',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.AlterField(
            model_name='historicalcorrespondence',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.AlterField(
            model_name='historicalfeedback',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.AlterField(
            model_name='historicalupdaterequest',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.AlterField(
            model_name='updaterequest',
            name='sampled',
            field=models.BooleanField(editable=False, help_text="Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, mois sans plan (tous les dossiers comptent).", null=True, verbose_name='semaine échantillonnée'),
        ),
        migrations.CreateModel(
            name='HistoricalSamplingPlan',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('register', models.CharField(choices=[('email', 'Courriels'), ('letter', 'Courriers')], max_length=20, verbose_name='registre')),
                ('week', models.CharField(choices=[('first', '1re semaine complète du mois'), ('second', '2e semaine complète du mois'), ('third', '3e semaine complète du mois'), ('last', 'Dernière semaine complète du mois')], max_length=10, verbose_name='semaine échantillonnée')),
                ('valid_from', models.DateField(help_text="Premier jour d'un mois.", verbose_name='en vigueur à partir du')),
                ('valid_until', models.DateField(blank=True, help_text="Dernier jour d'un mois ; vide : sans date de fin.", null=True, verbose_name="en vigueur jusqu'au")),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='motif ou référence')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation')),
            ],
            options={
                'verbose_name': "historical plan d'échantillonnage",
                'verbose_name_plural': "historical plans d'échantillonnage",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SamplingPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('register', models.CharField(choices=[('email', 'Courriels'), ('letter', 'Courriers')], max_length=20, verbose_name='registre')),
                ('week', models.CharField(choices=[('first', '1re semaine complète du mois'), ('second', '2e semaine complète du mois'), ('third', '3e semaine complète du mois'), ('last', 'Dernière semaine complète du mois')], max_length=10, verbose_name='semaine échantillonnée')),
                ('valid_from', models.DateField(help_text="Premier jour d'un mois.", verbose_name='en vigueur à partir du')),
                ('valid_until', models.DateField(blank=True, help_text="Dernier jour d'un mois ; vide : sans date de fin.", null=True, verbose_name="en vigueur jusqu'au")),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='motif ou référence')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sampling_plans', to='organisations.organisation')),
            ],
            options={
                'verbose_name': "plan d'échantillonnage",
                'verbose_name_plural': "plans d'échantillonnage",
                'ordering': ['register', 'valid_from'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'register', 'valid_from'), name='one_sampling_plan_per_start'), models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='sampling_plan_period_ordered')],
            },
        ),
        migrations.RunPython(every_record_counts, back_to_unticked),
    ]
