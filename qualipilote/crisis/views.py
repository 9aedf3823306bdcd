"""Pages of emergency communication, under /<org_code>/communication-urgence/.

The live page is made for a phone: each step one tap, the current Paris time prefilled and
editable, the one-hour deadlines counted down. static/crisis/live.js sends steps with fetch and
keeps in localStorage those typed without a connection, until they are sent; the server answers
JSON to it, and the plain form works without JavaScript.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qualipilote.common.tabular import ImportRejected, csv_response, xlsx_response
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_CRISIS, RECORD_CRISIS

from . import preparedness as preparedness_services
from .enums import AUDIENCE_STEPS, SINGLE_STEPS, EventKind, Step
from .forms import (
    ContactImportForm,
    EventForm,
    LessonItemForm,
    LessonsForm,
    MessageFileForm,
    ShiftForm,
    StepForm,
    TemplateForm,
    local_now,
)
from .indicators import EXERCISES_PER_YEAR, year_bounds, yearly_figures
from .models import Contact, CrisisEvent, LessonsLearned, MessageTemplate, OnCallShift
from .services import (
    add_lesson_item,
    attach_message_file,
    event_checks,
    first_steps,
    open_event,
    organisation_events,
    record_step,
    write_lessons,
)
from .timing import shown

# Procedure sheets of the Haute-Savoie guide (seed 002) and the commitments they serve.
PROCEDURE_SHEETS = [
    ("70", "Activation de la cellule de communication d'urgence opérationnelle"),
    ("72", "Activation de la cellule d'information du public"),
]
COMMITMENTS = [("quali-ate", "2024", number) for number in (39, 40, 41, 42, 43)] + [
    ("qual-e-pref", "2019", number) for number in (47, 48, 49, 50)
]


def index(request, org_code):
    events = organisation_events(request.organisation)[:50]
    rows = [{"event": event, "checks": event_checks(event)} for event in events]
    year = timezone.localdate().year
    mine = CrisisEvent.objects.filter(organisation=request.organisation)
    figures = [
        yearly_figures(mine, shown_year, kind)
        for shown_year in (year, year - 1)
        for kind in (EventKind.EVENT, EventKind.EXERCISE)
    ]
    start, end = year_bounds(year)
    return render(
        request,
        "crisis/index.html",
        {
            "page_title": "Communication d'urgence",
            "rows": rows,
            "figures": figures,
            "exercises_this_year": mine.filter(
                kind=EventKind.EXERCISE,
                started_at__gte=start,
                started_at__lt=end,
                started_at__lte=timezone.now(),
            ).count(),
            "planned_exercises": mine.filter(
                kind=EventKind.EXERCISE, started_at__gt=timezone.now()
            ).order_by("started_at"),
            "exercises_target": EXERCISES_PER_YEAR,
            "year": year,
            "can_record": request.membership.can(RECORD_CRISIS),
        },
    )


def lessons(request, org_code, pk):
    """The RETEX of an event or exercise: what happened, and its items by theme."""
    event = get_object_or_404(organisation_events(request.organisation), pk=pk)
    record = LessonsLearned.objects.filter(event=event).first()
    can_write = request.membership.can(RECORD_CRISIS)
    lessons_form = LessonsForm(initial={"what_happened": record.what_happened if record else ""})
    item_form = LessonItemForm()
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Votre rôle ne permet pas d'écrire le retour d'expérience.")
        if "add_item" in request.POST:
            item_form = LessonItemForm(request.POST)
            if record is None:
                item_form.add_error(None, "Décrivez d'abord ce qui s'est passé.")
            elif item_form.is_valid():
                add_lesson_item(record, **item_form.cleaned_data)
                messages.success(request, "Constat ajouté.")
                return redirect("crisis:lessons", org_code=org_code, pk=pk)
        else:
            lessons_form = LessonsForm(request.POST)
            if lessons_form.is_valid():
                write_lessons(event, user=request.user, **lessons_form.cleaned_data)
                messages.success(request, "Retour d'expérience enregistré.")
                return redirect("crisis:lessons", org_code=org_code, pk=pk)
    return render(
        request,
        "crisis/lessons.html",
        {
            "page_title": f"Retour d'expérience — {event.title}",
            "event": event,
            "record": record,
            "items": record.items.all() if record else [],
            "lessons_form": lessons_form,
            "item_form": item_form,
            "can_write": can_write,
        },
    )


@require_ability(RECORD_CRISIS)
def event_new(request, org_code):
    now = timezone.now()
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid():
            try:
                event = open_event(
                    request.organisation,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    started_at=form.cleaned_data["instant"],
                    scenario=form.cleaned_data["scenario"],
                    participants=form.cleaned_data["participants"],
                    user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error, {"started_at": "started_at"})
            else:
                return redirect("crisis:live", org_code=org_code, pk=event.pk)
    else:
        form = EventForm(initial={"started_at": local_now(now), "kind": "event"})
    return render(
        request,
        "crisis/event_form.html",
        {"page_title": "Ouvrir un événement ou un exercice", "form": form},
    )


def _add_errors(form, error: ValidationError, fields: dict) -> None:
    for name, texts in error.message_dict.items():
        target = fields.get(name)
        for message in texts:
            form.add_error(target if target in form.fields else None, message)


def _json_wanted(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def live(request, org_code, pk):
    event = get_object_or_404(organisation_events(request.organisation), pk=pk)
    can_record = request.membership.can(RECORD_CRISIS)
    failed = None
    if request.method == "POST":
        if not can_record:
            return _refused(request, "Votre rôle ne permet pas d'enregistrer une étape.", 403)
        step = request.POST.get("step", "")
        if step not in Step.values:
            return _refused(request, "Étape inconnue.", 400)
        form = StepForm(request.POST, step=step)
        if form.is_valid():
            try:
                recorded = record_step(event, user=request.user, **form.step_fields())
            except ValidationError as error:
                _add_errors(
                    form,
                    error,
                    {"at": "at", "step": None, "channel": "channel", "cip_number": "cip_number"},
                )
            else:
                message = (
                    f"{Step(step).label} : enregistrée à {shown(recorded.step.at)}."
                    if recorded.created
                    else f"{Step(step).label} : déjà reçue, enregistrée une seule fois."
                )
                if _json_wanted(request):
                    return JsonResponse(
                        {"saved": True, "created": recorded.created, "message": message}
                    )
                return redirect(
                    reverse("crisis:live", kwargs={"org_code": org_code, "pk": pk}) + f"?ok={step}"
                )
        if _json_wanted(request):
            return JsonResponse(
                {
                    "saved": False,
                    "needs_fold": form.needs_fold,
                    "message": " ".join(
                        message for messages in form.errors.values() for message in messages
                    ),
                },
                status=400,
            )
        failed = form
        form.fields["at"].widget.attrs["data-edited"] = "1"  # live.js keeps the typed time
        event = get_object_or_404(organisation_events(request.organisation), pk=pk)
    return render(
        request,
        "crisis/live.html",
        _live_context(request, event, can_record, failed),
        status=400 if failed else 200,
    )


def message_file(request, org_code, pk, step_pk):
    """GET: the file of a message, served only here, to members of the organisation.
    POST (who may record steps): attaches or replaces it."""
    event = get_object_or_404(organisation_events(request.organisation), pk=pk)
    step = get_object_or_404(event.steps.filter(step__in=AUDIENCE_STEPS), pk=step_pk)
    if request.method == "POST":
        if not request.membership.can(RECORD_CRISIS):
            raise PermissionDenied("Votre rôle ne permet pas de joindre un fichier.")
        form = MessageFileForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            try:
                attach_message_file(step, form.cleaned_data["file"])
            except ValidationError as error:
                errors = [
                    message for messages in error.message_dict.values() for message in messages
                ]
        else:
            errors = [message for messages in form.errors.values() for message in messages]
        live_url = reverse("crisis:live", kwargs={"org_code": org_code, "pk": pk})
        if errors:
            messages.error(request, f"{step.get_step_display()} : " + " ".join(errors))
        else:
            messages.success(
                request, f"{step.get_step_display()} : fichier « {step.attachment_name} » joint."
            )
        return redirect(f"{live_url}#chronologie")
    if not step.attachment:
        raise Http404("Ce message n'a pas de fichier.")
    response = FileResponse(
        step.attachment.open("rb"),
        as_attachment=True,
        filename=step.attachment_name or "message",
        content_type=step.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, message: str, status: int):
    if _json_wanted(request):
        return JsonResponse({"saved": False, "message": message}, status=status)
    if status == 403:
        raise PermissionDenied(message)
    raise BadRequest(message)


def _live_context(request, event, can_record: bool, failed: StepForm | None) -> dict:
    now = timezone.now()
    checks = event_checks(event)
    first = first_steps(event)
    prefilled = local_now(now)
    panels = []
    for step in Step:
        recorded = first.get(step)
        if failed is not None and failed.step == step:
            form = failed
        else:
            form = StepForm(step=step, initial={"at": prefilled, "client_key": uuid.uuid4().hex})
        panels.append(
            {
                "step": step,
                "recorded": recorded,
                "recorded_at": shown(recorded.at) if recorded else "",
                "repeatable": step in AUDIENCE_STEPS,
                "closed": step in SINGLE_STEPS and recorded is not None,
                "late": _is_late(step, recorded, checks, now),
                "form": form,
            }
        )
    deadlines = []
    for deadline in checks.deadlines:
        left = deadline.seconds_left(now)
        deadlines.append(
            {
                "deadline": deadline,
                "due": deadline.due_at.isoformat() if deadline.due_at else "",
                "due_shown": shown(deadline.due_at) if deadline.due_at else "",
                "left": left,
                "left_text": _duration_text(left) if left is not None else "",
                "running": left is not None and not checks.over,
            }
        )
    return {
        "page_title": event.title,
        "event": event,
        "started_shown": shown(event.started_at),
        "checks": checks,
        "deadlines": deadlines,
        "panels": panels,
        "timeline": [
            {"step": step, "shown": shown(step.at), "message": step.step in AUDIENCE_STEPS}
            for step in sorted(event.steps.all(), key=lambda s: (s.at, s.pk))
        ],
        "file_form": MessageFileForm(),
        "can_record": can_record,
        "procedure_sheets": PROCEDURE_SHEETS,
        "templates": [
            {
                "title": template.title,
                "channel": template.get_channel_display(),
                "text": preparedness_services.fill_template(template, event),
            }
            for template in MessageTemplate.objects.filter(organisation=event.organisation)
        ],
        "on_call": preparedness_services.on_call_now(event.organisation, now),
        "commitments": COMMITMENTS,
        "just_saved": Step(request.GET["ok"]).label if request.GET.get("ok") in Step.values else "",
    }


def _is_late(step, recorded, checks, now) -> bool:
    """A step of a running one-hour deadline that is still missing after it."""
    if recorded is not None or checks.over:
        return False
    if step == Step.CELL_ACTIVATED:
        deadline = checks.deadlines[0]
    elif step in AUDIENCE_STEPS:
        deadline = checks.deadlines[1]
    else:
        return False
    return deadline.due_at is not None and deadline.due_at < now


def _duration_text(seconds: int) -> str:
    late = seconds < 0
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    text = f"{hours} h {minutes:02} min" if hours else f"{minutes} min"
    return f"dépassé de {text}" if late else f"reste {text}"


def preparedness(request, org_code):
    organisation = request.organisation
    can_manage = request.membership.can(MANAGE_CRISIS)
    template_form, shift_form, import_form = TemplateForm(), ShiftForm(), ContactImportForm()
    import_errors = []
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Votre rôle ne permet pas de modifier la préparation.")
        action = request.POST.get("action")
        if action == "template":
            template_form = TemplateForm(request.POST)
            if template_form.is_valid():
                try:
                    preparedness_services.save_template(organisation, **template_form.cleaned_data)
                except ValidationError as error:
                    _add_errors(template_form, error, {"body": "body"})
                else:
                    messages.success(request, "Modèle de message enregistré.")
                    return redirect("crisis:preparedness", org_code=org_code)
        elif action == "shift":
            shift_form = ShiftForm(request.POST)
            if shift_form.is_valid():
                try:
                    preparedness_services.add_shift(organisation, **shift_form.cleaned_data)
                except ValidationError as error:
                    _add_errors(shift_form, error, {"ends_at": "ends_at"})
                else:
                    messages.success(request, "Astreinte enregistrée.")
                    return redirect("crisis:preparedness", org_code=org_code)
        elif action == "contacts":
            import_form = ContactImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                try:
                    count = preparedness_services.import_contacts(
                        organisation, upload.read(), upload.name
                    )
                except ImportRejected as rejected:
                    import_errors = rejected.errors
                else:
                    messages.success(
                        request,
                        f"{count} contact{'s' if count > 1 else ''} importé{'s' if count > 1 else ''}.",
                    )
                    return redirect("crisis:preparedness", org_code=org_code)
        status = 400
    now = timezone.now()
    return render(
        request,
        "crisis/preparedness.html",
        {
            "page_title": "Préparation de la communication d'urgence",
            "on_call": preparedness_services.on_call_now(organisation, now),
            "shifts": OnCallShift.objects.filter(organisation=organisation, ends_at__gt=now)[:30],
            "templates": MessageTemplate.objects.filter(organisation=organisation),
            "contacts": Contact.objects.filter(organisation=organisation),
            "placeholders": preparedness_services.PLACEHOLDERS,
            "columns": preparedness_services.CONTACTS.columns,
            "template_form": template_form,
            "shift_form": shift_form,
            "import_form": import_form,
            "import_errors": import_errors,
            "can_manage": can_manage,
        },
        status=status,
    )


def contacts_export(request, org_code, file_format):
    contacts = Contact.objects.filter(organisation=request.organisation)
    columns = preparedness_services.CONTACT_EXPORT
    if file_format == "csv":
        return csv_response("contacts-de-crise", columns, contacts)
    if file_format == "xlsx":
        return xlsx_response("contacts-de-crise", [("Contacts de crise", columns, contacts)])
    raise Http404("Format inconnu.")


def contacts_template(request, org_code, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    return preparedness_services.CONTACTS.template_response(file_format, "modele-contacts-de-crise")
