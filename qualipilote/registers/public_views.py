"""The public feedback page: a citizen leaves a suggestion or a complaint without an account.

Guards against abuse without JavaScript or third-party service: a size limit on the text, a
honeypot field that humans never see, and a rate limit per client address and organisation
(common.ratelimit: settings PUBLIC_FEEDBACK_RATE_LIMIT accepted messages per
PUBLIC_FEEDBACK_RATE_WINDOW seconds, counted in the cache every process shares).
The author's contact details are stored (FeedbackAuthor) only with their consent.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst

from qualipilote.common.forms import Form
from qualipilote.common.ratelimit import SubmissionLimit
from qualipilote.organisations.access import public_page
from qualipilote.organisations.enums import Channel

from .enums import FeedbackKind, FeedbackSource
from .models import Feedback, FeedbackAuthor

HONEYPOT_FIELD = "site_web"
SESSION_REFERENCE = "public_feedback_reference"
SESSION_CONTACT = "public_feedback_contact"
TOO_MANY = (
    "Trop d'envois depuis votre connexion : merci de réessayer dans {minutes} minute{plural}. "
    "Pour une demande urgente, contactez la préfecture par téléphone."
)
# Only accepted messages count: a refused one (invalid, or a server error) uses no attempt.
PUBLIC_FEEDBACK_LIMIT = SubmissionLimit(
    "public-feedback", "PUBLIC_FEEDBACK_RATE_LIMIT", "PUBLIC_FEEDBACK_RATE_WINDOW"
)


def max_text_length() -> int:
    return getattr(settings, "PUBLIC_FEEDBACK_MAX_LENGTH", 5000)


class PublicFeedbackForm(Form):
    # The page marks what may stay empty itself: « Vos coordonnées (facultatif) », and the
    # hint of the service concerned.
    marks_optional = False

    kind = forms.ChoiceField(
        label="Votre message est",
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez : réclamation ou suggestion."},
    )
    concerned = forms.ChoiceField(
        label="Service ou canal concerné",
        required=False,
        help_text="Facultatif : le service, ou la façon dont vous nous avez contactés.",
    )
    description = forms.CharField(
        label="Votre message",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Écrivez votre message."},
        help_text="Ne donnez ici aucune information personnelle sensible (santé, numéro de dossier complet…).",
    )
    # autocomplete: the browser fills in what it knows of the person (WCAG 1.3.5).
    name = forms.CharField(
        label="Nom",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label="J'accepte que mes coordonnées servent uniquement à me répondre", required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        limit = max_text_length()
        self.fields["description"].validators.append(MaxLengthValidator(limit))
        self.fields["description"].widget.attrs["maxlength"] = limit
        self.description_limit = limit  # printed by the page: DSFR caches the field's help text
        units = organisation.units.order_by("name").values_list("code", "name")
        self.fields["concerned"].choices = [
            ("", "— Je ne sais pas —"),
            ("Un service", [(f"unit:{code}", name) for code, name in units]),
            (
                "Un canal de contact",
                [(f"channel:{value}", label) for value, label in Channel.choices],
            ),
        ]
        months = organisation.personal_data_retention_months
        self.fields["consent"].widget.attrs["aria-describedby"] = "consent-text"
        # DSFR's checkbox template shows no help text: the page prints this one under the box.
        self.consent_text = (
            f"{capfirst(organisation.name_with_article)} utilise ces coordonnées uniquement pour vous répondre au sujet "
            f"de ce message. Elles sont conservées {months} mois au plus, "
            "puis effacées, et ne sont transmises à personne d'autre. Vous pouvez demander à tout "
            "moment leur rectification ou leur suppression (règlement général sur la protection "
            "des données)."
        )

    def contact(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in ("name", "email", "phone")}

    def clean(self):
        data = super().clean()
        if any(self.contact().values()) and not data.get("consent"):
            self.add_error(
                "consent",
                "Pour être recontacté, cochez cette case ; sinon, effacez vos coordonnées.",
            )
        return data

    def concerned_target(self) -> dict:
        """{"unit": Unit} or {"channel": value} or {} from the "concerned" choice."""
        value = self.cleaned_data.get("concerned") or ""
        kind, _sep, code = value.partition(":")
        if kind == "unit":
            return {"unit": self.organisation.units.get(code=code)}
        if kind == "channel":
            return {"channel": code}
        return {}


def record_public_feedback(organisation, form: PublicFeedbackForm) -> Feedback:
    """Saves a web-form feedback in the register, and its author only with consent. The
    reference comes from the organisation's counter (models.allocate_feedback_references), so
    simultaneous citizens wait a few milliseconds for each other instead of colliding."""
    data = form.cleaned_data
    with transaction.atomic():
        feedback = Feedback(
            organisation=organisation,
            kind=data["kind"],
            source=FeedbackSource.WEB_FORM,
            received_on=timezone.localdate(),
            description=data["description"],
            **form.concerned_target(),
        )
        feedback._change_reason = "Formulaire public"
        feedback.save()
        if data["consent"] and any(form.contact().values()):
            FeedbackAuthor.objects.create(feedback=feedback, consent_given=True, **form.contact())
    return feedback


@public_page
def public_feedback(request, org_code):
    organisation = request.organisation
    form = PublicFeedbackForm(request.POST or None, organisation=organisation)
    context = {"page_title": f"Donner votre avis {organisation.name_with_a}", "form": form}
    if request.method == "POST":
        if PUBLIC_FEEDBACK_LIMIT.exhausted(request, scope=organisation.code):
            minutes = PUBLIC_FEEDBACK_LIMIT.minutes_left(request, scope=organisation.code)
            too_many = TOO_MANY.format(minutes=minutes, plural="s" if minutes > 1 else "")
            return render(
                request,
                "registers/public/feedback_form.html",
                {**context, "too_many": too_many},
                status=429,
            )
        if request.POST.get(HONEYPOT_FIELD):
            # A robot filled the field humans cannot see: thank it, save nothing.
            PUBLIC_FEEDBACK_LIMIT.count(request, scope=organisation.code)
            return redirect("registers_io:public_feedback_thanks", org_code=org_code)
        if form.is_valid():
            feedback = record_public_feedback(organisation, form)
            PUBLIC_FEEDBACK_LIMIT.count(request, scope=organisation.code)
            request.session[SESSION_REFERENCE] = feedback.reference
            request.session[SESSION_CONTACT] = hasattr(feedback, "author")
            return redirect("registers_io:public_feedback_thanks", org_code=org_code)
    return render(request, "registers/public/feedback_form.html", context)


@public_page
def public_feedback_thanks(request, org_code):
    """What happens next, with the answer's deadline of this very message: the organisation's
    deadline rule for the register, in its working days (registers.deadlines), as saved."""
    reference = request.session.pop(SESSION_REFERENCE, None)
    with_contact = request.session.pop(SESSION_CONTACT, False)
    feedback = (
        Feedback.objects.filter(organisation=request.organisation, reference=reference).first()
        if reference
        else None
    )
    return render(
        request,
        "registers/public/thanks.html",
        {
            "page_title": "Message reçu",
            "reference": reference,
            "feedback": feedback,
            "with_contact": with_contact,
        },
    )
