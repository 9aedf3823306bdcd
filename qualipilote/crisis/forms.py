"""Forms of the live page. Times are typed as Europe/Paris wall-clock times and turned into
instants by timing.paris_instant: the skipped March hour is refused, the repeated October hour
needs its `fold` (asked, never guessed)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from qualipilote.common.files import ACCEPTED_HINT, max_size_label
from qualipilote.common.forms import Form, validate_import_size

from .enums import AUDIENCE_STEPS, Channel, EventKind, Step
from .models import LessonOutcome, LessonTheme
from .timing import AmbiguousLocalTime, paris_instant, to_paris

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M")
FOLD_CHOICES = [
    ("0", "La première fois (heure d'été, UTC+2)"),
    ("1", "La seconde fois (heure d'hiver, UTC+1)"),
]


class LocalDateTimeField(forms.Field):
    """A naive wall-clock time as typed (datetime-local input); the form makes it an instant."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": "Saisissez une date et une heure (JJ/MM/AAAA HH:MM)."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        for pattern in LOCAL_FORMATS:
            try:
                parsed = dt.datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
            if not 2000 <= parsed.year < 2100:
                break
            return parsed
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def local_now(now: dt.datetime) -> str:
    return to_paris(now).strftime("%Y-%m-%dT%H:%M")


class LocalInstantMixin:
    """Turns the `at_field` wall-clock time and `fold` into `cleaned_data["instant"]`."""

    at_field = "at"
    needs_fold = False

    def clean(self):
        cleaned = super().clean()
        local = cleaned.get(self.at_field)
        if local is None:
            return cleaned
        fold = cleaned.get("fold")
        try:
            cleaned["instant"] = paris_instant(
                local, int(fold) if fold in ("0", "1") else None, field=self.at_field
            )
        except AmbiguousLocalTime as error:
            self.needs_fold = True
            self.add_error(self.at_field, error.message_dict[self.at_field])
        except ValidationError as error:
            self.add_error(self.at_field, error.message_dict[self.at_field])
        return cleaned


class EventForm(LocalInstantMixin, Form):
    at_field = "started_at"

    title = forms.CharField(label="Intitulé", max_length=200)
    kind = forms.ChoiceField(
        label="Nature",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        help_text="Un exercice n'est jamais compté comme un événement réel.",
    )
    started_at = LocalDateTimeField(label="Début de l'événement (heure de Paris)")
    fold = forms.ChoiceField(
        label="Cette heure existe deux fois cette nuit-là : laquelle ?",
        choices=FOLD_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    scenario = forms.CharField(
        label="Scénario (exercice)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    participants = forms.CharField(
        label="Participants (exercice)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(LocalInstantMixin, Form):
    """One step of the timeline; rendered with the prefix of its step code (one form per
    step on the live page)."""

    at = LocalDateTimeField(label="Heure (heure de Paris)")
    fold = forms.ChoiceField(
        label="Cette heure existe deux fois cette nuit-là : laquelle ?",
        choices=FOLD_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label="Canal", choices=[("", "—"), *Channel.choices], required=False
    )
    text = forms.CharField(
        label="Texte du message",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    synergi_reference = forms.CharField(
        label="Référence SYNERGI de la décision", required=False, max_length=60
    )
    cip_number = forms.CharField(label="Numéro de la CIP", required=False, max_length=30)
    client_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, prefix=step, **kwargs)
        self.step = Step(step)
        if step not in AUDIENCE_STEPS:
            del self.fields["channel"], self.fields["text"]
        if step != Step.COD_ACTIVATED:
            del self.fields["synergi_reference"]
        if step != Step.CIP_ACTIVATED:
            del self.fields["cip_number"]
        self.fields["at"].label = f"Heure — {self.step.label.lower()}"

    def step_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "step": str(self.step),
            "at": data["instant"],
            "channel": data.get("channel", ""),
            "text": data.get("text", ""),
            "synergi_reference": data.get("synergi_reference", ""),
            "cip_number": data.get("cip_number", ""),
            "client_key": data.get("client_key") or None,
        }


class LessonsForm(Form):
    what_happened = forms.CharField(
        label="Ce qui s'est passé", max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class LessonItemForm(Form):
    theme = forms.ChoiceField(label="Thème", choices=LessonTheme.choices)
    outcome = forms.ChoiceField(
        label="Constat", choices=LessonOutcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Constat détaillé", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactImportForm(Form):
    file = forms.FileField(
        label="Fichier de contacts",
        help_text="Fichier .csv (séparateur ; ou ,) ou .xlsx : groupe, nom, fonction, structure, telephone, courriel.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[validate_import_size],
    )


class TemplateForm(Form):
    title = forms.CharField(label="Intitulé", max_length=150)
    channel = forms.ChoiceField(label="Canal", choices=Channel.choices)
    body = forms.CharField(
        label="Texte",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Champs possibles : {evenement}, {debut}, {organisation}, {numero_cip}.",
    )


class ShiftForm(Form):
    person = forms.CharField(label="Personne d'astreinte", max_length=150)
    phone = forms.CharField(label="Téléphone", max_length=30)
    starts_at = LocalDateTimeField(label="Début (heure de Paris)")
    ends_at = LocalDateTimeField(label="Fin (heure de Paris)")

    def clean(self):
        cleaned = super().clean()
        for name in ("starts_at", "ends_at"):
            if cleaned.get(name) is not None:
                try:
                    # A hand-over typed in the repeated October hour is refused (no fold asked
                    # here): type 01:59 or 03:00 instead.
                    cleaned[name] = paris_instant(cleaned[name], field=name)
                except ValidationError as error:
                    self.add_error(name, error.message_dict[name])
        return cleaned


class MessageFileForm(Form):
    """The file of a message already recorded (press release, screenshot of a post…)."""

    file = forms.FileField(
        label="Fichier du message",
        help_text=f"{ACCEPTED_HINT} ; {max_size_label()} au plus.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,.odt,.xls,.xlsx,.ods,.ppt,.pptx,.odp,"
                ".png,.jpg,.jpeg,.gif,.webp"
            }
        ),
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )
