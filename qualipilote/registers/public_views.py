"""The public feedback page: a citizen leaves a suggestion or a complaint without an account.

Guards against abuse without JavaScript or third-party service: a size limit on the text, a
honeypot field that humans never see, and a rate limit per client address kept in Django's
cache (settings PUBLIC_FEEDBACK_RATE_LIMIT submissions per PUBLIC_FEEDBACK_RATE_WINDOW seconds).
The author's contact details are stored (FeedbackAuthor) only with their consent.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from qualipilote.common.forms import Form
from qualipilote.organisations.access import public_page
from qualipilote.organisations.enums import Channel

from .enums import FeedbackKind, FeedbackSource
from .models import Feedback, FeedbackAuthor

HONEYPOT_FIELD = "site_web"
SESSION_REFERENCE = "public_feedback_reference"
TOO_MANY = (
    "Trop d'envois depuis votre connexion : merci de réessayer dans une heure. "
    "Pour une demande urgente, contactez la préfecture par téléphone."
)


def max_text_length() -> int:
    return getattr(settings, "PUBLIC_FEEDBACK_MAX_LENGTH", 5000)


def rate_limit() -> tuple[int, int]:
    """(submissions allowed, window in seconds) per client address."""
    return (
        getattr(settings, "PUBLIC_FEEDBACK_RATE_LIMIT", 5),
        getattr(settings, "PUBLIC_FEEDBACK_RATE_WINDOW", 3600),
    )


class PublicFeedbackForm(Form):
    kind = forms.ChoiceField(
        label="Votre message est",
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
    )
    concerned = forms.ChoiceField(
        label="Service ou canal concerné",
        required=False,
        help_text="Facultatif : le service, ou la façon dont vous nous avez contactés.",
    )
    description = forms.CharField(
        label="Votre message",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ne donnez ici aucune information personnelle sensible (santé, numéro de dossier complet…).",
    )
    name = forms.CharField(label="Nom", max_length=200, required=False)
    email = forms.EmailField(label="Adresse électronique", required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
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
            f"{organisation.name} utilise ces coordonnées uniquement pour vous répondre au sujet "
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
    """Saves a web-form feedback in the register, and its author only with consent."""
    data = form.cleaned_data
    for _attempt in range(3):  # two citizens at once may race for the same reference
        try:
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
                    FeedbackAuthor.objects.create(
                        feedback=feedback, consent_given=True, **form.contact()
                    )
                return feedback
        except IntegrityError:
            continue
    raise IntegrityError("Impossible d'attribuer une référence unique.")


def client_address(request) -> str:
    # REMOTE_ADDR is the address the server sees; behind a reverse proxy, the proxy must set it
    # (X-Forwarded-For is not trusted here: a client could forge it to dodge the limit).
    return request.META.get("REMOTE_ADDR", "unknown")


def _over_the_limit(request, organisation) -> bool:
    allowed, _window = rate_limit()
    return cache.get(_rate_key(request, organisation), 0) >= allowed


def _count_submission(request, organisation) -> None:
    key = _rate_key(request, organisation)
    _allowed, window = rate_limit()
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def _rate_key(request, organisation) -> str:
    return f"public-feedback:{organisation.pk}:{client_address(request)}"


@public_page
def public_feedback(request, org_code):
    organisation = request.organisation
    form = PublicFeedbackForm(request.POST or None, organisation=organisation)
    context = {"page_title": f"Donner votre avis à {organisation.name}", "form": form}
    if request.method == "POST":
        if _over_the_limit(request, organisation):
            return render(
                request,
                "registers/public/feedback_form.html",
                {**context, "too_many": TOO_MANY},
                status=429,
            )
        if request.POST.get(HONEYPOT_FIELD):
            # A robot filled the field humans cannot see: thank it, save nothing.
            _count_submission(request, organisation)
            return redirect("registers_io:public_feedback_thanks", org_code=org_code)
        if form.is_valid():
            _count_submission(request, organisation)
            feedback = record_public_feedback(organisation, form)
            request.session[SESSION_REFERENCE] = feedback.reference
            return redirect("registers_io:public_feedback_thanks", org_code=org_code)
    return render(request, "registers/public/feedback_form.html", context)


@public_page
def public_feedback_thanks(request, org_code):
    return render(
        request,
        "registers/public/thanks.html",
        {
            "page_title": "Message reçu",
            "reference": request.session.pop(SESSION_REFERENCE, None),
        },
    )
