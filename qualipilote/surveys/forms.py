"""Forms of the survey pages. Each derives from common.forms (control characters refused).

The answering forms are built from the wave's questions: a field per question, named
`q_<code>`; their values go to services.submit_response, which checks them again (the API and
the paper entry go through it too) and whose errors come back on the question's field.
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

from qualipilote.common.forms import Form
from qualipilote.organisations.enums import Channel

from .enums import RATING_MAX, RATING_MIN, QuestionKind, Satisfaction
from .services import TEXT_MAX_LENGTH

PREFIX = "q_"
HONEYPOT_FIELD = "site_web"


def field_name(question) -> str:
    return f"{PREFIX}{question.code}"


def required_options(question) -> dict:
    """A required question is a required field whose message names the question, as the
    service's does; the others are marked optional by the DSFR."""
    return {
        "label": question.label,
        "required": question.required,
        "error_messages": {"required": f"« {question.label} » : cette question est obligatoire."},
    }


def apply_errors(form, error: ValidationError) -> None:
    """Puts the service's errors on the question's field, the others above the form."""
    for key, messages in error.message_dict.items():
        name = f"{PREFIX}{key}"
        form.add_error(name if name in form.fields else None, messages)


class AnswerForm(Form):
    """The public form: radios for the scales and choices, boxes for multiple choices."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = self._field(question)

    @staticmethod
    def _field(question):
        common = required_options(question)
        if question.required:
            common["label"] = f"{question.label} (obligatoire)"
        choices = [(c.code, c.label) for c in question.choices.all()]
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind in (
            QuestionKind.SATISFACTION,
            QuestionKind.YES_NO,
            QuestionKind.SINGLE_CHOICE,
        ):
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == QuestionKind.RATING:
            return forms.ChoiceField(
                choices=[(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
                widget=forms.RadioSelect(attrs={"class": "qp-rating"}),
                help_text="0 : pas du tout satisfait, 10 : entièrement satisfait.",
                **common,
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH}),
            max_length=TEXT_MAX_LENGTH,
            help_text=f"{TEXT_MAX_LENGTH} caractères au plus.",
            **common,
        )

    def grouped(self):
        """[(section title, [bound fields])] in the questions' order."""
        groups: list[tuple[str, list]] = []
        for question in self.questions:
            title = question.section.title if question.section else ""
            if not groups or groups[-1][0] != title:
                groups.append((title, []))
            groups[-1][1].append(self[field_name(question)])
        return groups

    def answers(self) -> dict:
        return {
            q.code: self.cleaned_data.get(field_name(q))
            for q in self.questions
            if self.cleaned_data.get(field_name(q)) not in (None, "", [])
        }


# --- Paper entry ---------------------------------------------------------------------------------

SATISFACTION_DIGITS = {
    "1": Satisfaction.VERY_SATISFIED,
    "2": Satisfaction.SATISFIED,
    "3": Satisfaction.DISSATISFIED,
    "4": Satisfaction.VERY_DISSATISFIED,
    "0": Satisfaction.NO_OPINION,
}


def digit_choices(question) -> dict[str, str]:
    """Digit typed → choice code: the satisfaction scale 1–4 and 0 for "sans avis"; yes 1, no 2;
    other choices 1, 2, 3… in their order."""
    if question.kind == QuestionKind.SATISFACTION:
        return dict(SATISFACTION_DIGITS)
    return {str(index): c.code for index, c in enumerate(question.choices.all(), start=1)}


def digit_hint(question) -> str:
    labels = {c.code: c.label for c in question.choices.all()}
    if question.kind == QuestionKind.RATING:
        return f"Note de {RATING_MIN} à {RATING_MAX}"
    if question.kind == QuestionKind.TEXT:
        return "Texte recopié tel qu'écrit"
    parts = [f"{digit} {labels.get(code, code)}" for digit, code in digit_choices(question).items()]
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return "Plusieurs chiffres possibles (ex. 13) : " + ", ".join(parts)
    return ", ".join(parts)


class PaperEntryForm(Form):
    """One paper questionnaire per screen, typed with the keyboard alone: a digit per choice,
    Tab to the next question, Enter to save; the next blank form comes at once."""

    paper_number = forms.IntegerField(
        label="Numéro du questionnaire papier", min_value=1, max_value=2_000_000_000
    )
    site = forms.ChoiceField(label="Site", required=False)
    channel = forms.ChoiceField(label="Canal", required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, survey, questions, sites, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()
        self.questions = questions
        self.sites = {str(site.pk): site for site in sites}
        self.fields["site"].choices = [("", "—")] + [(k, s.name) for k, s in self.sites.items()]
        channels = survey.channels or Channel.values
        labels = dict(Channel.choices)
        self.fields["channel"].choices = [("", "—")] + [(c, labels[c]) for c in channels]
        for question in questions:
            name = field_name(question)
            self.fields[name] = forms.CharField(
                **required_options(question),
                max_length=TEXT_MAX_LENGTH,
                help_text=digit_hint(question),
                # A one-line input even for free text: Enter saves from any field.
                widget=forms.TextInput(attrs={"autocomplete": "off"})
                if question.kind == QuestionKind.TEXT
                else forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}
                ),
            )
        first = next(iter(self.fields[field_name(q)] for q in questions), None)
        if first is not None:
            first.widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = field_name(question)
            raw = (data.get(name) or "").strip()
            if not raw or question.kind in (QuestionKind.TEXT, QuestionKind.RATING):
                continue
            digits = digit_choices(question)
            typed = [d for d in raw if not d.isspace() and d not in ",;"]
            if question.kind != QuestionKind.MULTIPLE_CHOICE and len(typed) != 1:
                self.add_error(
                    name, f"« {question.label} » : un seul chiffre parmi {', '.join(digits)}."
                )
                continue
            unknown = [d for d in typed if d not in digits]
            if unknown:
                self.add_error(
                    name,
                    f"« {question.label} » : « {unknown[0]} » ne correspond à aucun choix ({digit_hint(question)}).",
                )
                continue
            codes = [digits[d] for d in typed]
            data[name] = codes if question.kind == QuestionKind.MULTIPLE_CHOICE else codes[0]
        return data

    def answers(self) -> dict:
        return {
            q.code: self.cleaned_data[field_name(q)]
            for q in self.questions
            if self.cleaned_data.get(field_name(q)) not in (None, "", [])
        }

    def site_object(self):
        return self.sites.get(self.cleaned_data.get("site") or "")


# --- Building a wave and reading results ---------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SurveyForm(Form):
    """A new wave: its dates, sites and channels, and either the questions of an earlier wave
    (same codes, so results compare) or questions written one per line."""

    title = forms.CharField(label="Titre", max_length=200)
    introduction = forms.CharField(
        label="Introduction", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opens_on = forms.DateField(label="Ouverte du", widget=DateInput)
    closes_on = forms.DateField(label="Au (inclus)", widget=DateInput)
    copy_from = forms.ChoiceField(label="Reprendre les questions de la vague", required=False)
    questions_text = forms.CharField(
        label="Ou écrire les questions, une par ligne",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "code ; type ; intitulé ; choix 1 | choix 2 … — types : satisfaction, yes_no, "
            "single_choice, multiple_choice, rating, text ; ajoutez « ; obligatoire » en fin de ligne."
        ),
    )
    sites = forms.MultipleChoiceField(
        label="Sites couverts", required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label="Canaux couverts",
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.waves = {str(s.pk): s for s in organisation.surveys.order_by("-opens_on")}
        self.fields["copy_from"].choices = [("", "— Aucune —")] + [
            (k, f"{s.title} ({s.opens_on:%d/%m/%Y})") for k, s in self.waves.items()
        ]
        self.site_objects = {str(s.pk): s for s in organisation.sites.order_by("name")}
        self.fields["sites"].choices = [(k, s.name) for k, s in self.site_objects.items()]

    def clean(self):
        data = super().clean()
        if not data.get("copy_from") and not (data.get("questions_text") or "").strip():
            self.add_error("questions_text", "Reprenez les questions d'une vague ou écrivez-les.")
        return data

    def raw_questions(self) -> list[dict]:
        """The lines of `questions_text` as the API's question mappings."""
        questions = []
        for line in (self.cleaned_data.get("questions_text") or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            required = len(parts) > 4 and parts[4].lower() == "obligatoire"
            raw = {
                "code": parts[0],
                "kind": parts[1] if len(parts) > 1 else "",
                "label": parts[2] if len(parts) > 2 else "",
                "required": required,
            }
            if len(parts) > 3 and parts[3]:
                raw["choices"] = [c.strip() for c in parts[3].split("|") if c.strip()]
            questions.append(raw)
        return questions


class ResultsFilterForm(Form):
    marks_optional = False  # a filter: every field may stay empty

    site = forms.ChoiceField(label="Site", required=False)
    channel = forms.ChoiceField(label="Canal", required=False)
    start = forms.DateField(label="Du", required=False, widget=DateInput)
    end = forms.DateField(label="Au", required=False, widget=DateInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_objects = {str(s.pk): s for s in organisation.sites.order_by("name")}
        self.fields["site"].choices = [("", "Tous")] + [
            (k, s.name) for k, s in self.site_objects.items()
        ]
        self.fields["channel"].choices = [("", "Tous")] + list(Channel.choices)


class FedIndicatorsForm(Form):
    """For each satisfaction question, the indicator its rate feeds when the wave closes."""

    def __init__(self, *args, questions, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.questions = [q for q in questions if q.kind == QuestionKind.SATISFACTION]
        choices = [("", "— Aucun —")] + [(k, i.label) for k, i in self.indicators.items()]
        for question in self.questions:
            self.fields[field_name(question)] = forms.ChoiceField(
                label=question.label, choices=choices, required=False
            )
            self.initial[field_name(question)] = (
                str(question.feeds_indicator_id) if question.feeds_indicator_id else ""
            )

    def links(self) -> dict:
        return {
            q.code: self.indicators.get(self.cleaned_data.get(field_name(q)) or "")
            for q in self.questions
        }
