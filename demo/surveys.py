"""Demo satisfaction surveys, loaded by `manage.py load_demo`.

Haute-Savoie (pref-74): the 2018 satisfaction survey of the seed's annex (shared/seeds/002_…,
"Enquête de satisfaction 2018 — 122 questionnaires traités", from 9 October to 2 November 2018
in the two reception halls), typed in as paper questionnaires. The report gives only the
"% satisfaits et très satisfaits" of twelve questions; the answer counts below were chosen so
that each rate, over the answers that gave an opinion, rounds to the published one (courtesy
96 %, reduced mobility 87 %, plain language 97 %, right service 94 %, digital point 94 %,
signage 96 %, equipment 91 %, comfort 95 %, waiting time 70 %, confidentiality 89 %, phone
reception 53 %, overall 93 %). The yes/no and visit-reason questions of the annex have no
published figures: their counts are illustrative. The wave is closed, which feeds the overall
satisfaction indicator for November 2018.

A second wave of the same questionnaire is open around today (published, with a few answers),
so that the public page, the paper entry and the comparison with 2018 have something to show.
Loading twice changes nothing: an organisation that already has surveys is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from qualipilote.indicators.models import Indicator
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.surveys import services
from qualipilote.surveys.models import Response

OPENS_2018 = dt.date(2018, 10, 9)
CLOSES_2018 = dt.date(2018, 11, 2)
RESPONSES_2018 = 122
TITLE_2018 = "Enquête de satisfaction 2018"

# code, label, (très satisfait, satisfait, peu satisfait, pas du tout satisfait, sans avis),
# published rate. Each row sums to 122.
SATISFACTION_2018 = [
    ("courtoisie", "La courtoisie et la politesse des agents", (70, 45, 4, 1, 2), 96),
    (
        "mobilite-reduite",
        "Les locaux sont-ils adaptés et accessibles aux personnes à mobilité réduite ?",
        (40, 38, 9, 3, 32),
        87,
    ),
    ("langage", "La simplicité des termes employés", (68, 47, 3, 1, 3), 97),
    ("orientation", "L'orientation vers le bon service", (60, 49, 5, 2, 6), 94),
    ("point-numerique", "Les conditions d'accès aux points numériques", (30, 30, 3, 1, 58), 94),
    ("signaletique", "La signalétique du point d'accueil et des services", (55, 58, 4, 1, 4), 96),
    ("equipement", "Le matériel mis à disposition", (41, 50, 7, 2, 22), 91),
    ("confort", "La propreté et le confort des locaux", (50, 64, 5, 1, 2), 95),
    ("attente", "Le délai d'attente", (30, 54, 26, 10, 2), 70),
    ("confidentialite", "Les conditions de confidentialité", (45, 55, 9, 3, 10), 89),
    (
        "accueil-telephonique",
        "Les informations données par le serveur vocal interactif et l'accueil téléphonique",
        (12, 20, 16, 12, 62),
        53,
    ),
    (
        "accueil-global",
        "Satisfaction globale de l'accueil physique en préfecture",
        (60, 53, 6, 2, 1),
        93,
    ),
]
SCALE = ["very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied", "no_opinion"]
YES_NO_2018 = [  # illustrative counts (yes, no)
    (
        "site-internet",
        "Avez-vous préparé votre venue en préfecture en consultant préalablement son site internet ?",
        (78, 44),
    ),
    (
        "acces-simple",
        "Les conditions d'accès à la préfecture vous paraissent-elles simples ?",
        (104, 18),
    ),
    ("contact-telephone", "Avez-vous tenté de contacter la préfecture par téléphone ?", (60, 62)),
]
MOTIFS = [
    ("carte-sejour", "Carte de séjour", 52),
    ("asile", "Asile", 9),
    ("permis", "Permis de conduire", 14),
    ("associations", "Associations", 6),
    ("passeport", "Passeport temporaire", 5),
    ("permis-etranger", "Échange de permis de conduire étranger", 12),
    ("point-numerique", "Utilisation du point numérique", 16),
    ("autre", "Autre", 8),
]
COMMENTS = [
    "Attente trop longue le lundi matin.",
    "Agents très aimables, merci.",
    "Il faudrait plus de places assises.",
    "Le standard ne répond pas souvent.",
]


def questions_2018() -> list[dict]:
    questions = [
        {"code": code, "label": label, "kind": "yes_no", "section": "Avant votre venue"}
        for code, label, _counts in YES_NO_2018
    ]
    questions.append(
        {
            "code": "motif",
            "label": "Motif de visite en préfecture",
            "kind": "single_choice",
            "choices": [{"code": code, "label": label} for code, label, _n in MOTIFS],
            "section": "Votre visite",
        }
    )
    questions += [
        {"code": code, "label": label, "kind": "satisfaction", "section": "Votre visite"}
        for code, label, _counts, _rate in SATISFACTION_2018
    ]
    questions.append(
        {
            "code": "commentaire",
            "label": "Vos suggestions",
            "kind": "text",
            "section": "Votre visite",
        }
    )
    return questions


def _column(values_with_counts, rng) -> list:
    column = [value for value, count in values_with_counts for _ in range(count)]
    rng.shuffle(column)
    return column


def answers_2018(seed: int = 2018) -> list[dict]:
    """122 answer sets whose counts are exactly those above."""
    rng = random.Random(seed)
    columns = {}
    for code, _label, counts, _rate in SATISFACTION_2018:
        columns[code] = _column(zip(SCALE, counts, strict=True), rng)
    for code, _label, (yes, no) in YES_NO_2018:
        columns[code] = _column([("yes", yes), ("no", no)], rng)
    columns["motif"] = _column([(code, n) for code, _l, n in MOTIFS], rng)
    columns["commentaire"] = _column(
        [(c, 1) for c in COMMENTS] + [("", RESPONSES_2018 - len(COMMENTS))], rng
    )
    return [
        {code: column[index] for code, column in columns.items() if column[index]}
        for index in range(RESPONSES_2018)
    ]


def load_demo(organisations, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    for organisation in organisations:
        if organisation.code != "pref-74" or organisation.surveys.exists():
            continue
        with transaction.atomic():
            _load_haute_savoie(organisation, today)


def _load_haute_savoie(organisation, today):
    halls = list(organisation.sites.filter(kind="reception_hall").order_by("pk"))
    typist = (
        Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD)
        .select_related("user")
        .first()
    )
    specs = services.read_question_specs(questions_2018())
    overall = Indicator.objects.filter(code="overall_satisfaction_rate").first()
    for spec in specs:
        if spec.code == "accueil-global":
            spec.feeds_indicator = overall
    wave = services.create_survey(
        organisation,
        title=TITLE_2018,
        introduction="Enquête réalisée dans les deux halls d'accueil de la préfecture.",
        opens_on=OPENS_2018,
        closes_on=CLOSES_2018,
        questions=specs,
        sites=halls,
        channels=["in_person"],
    )
    questions = services.survey_questions(wave)
    days = (CLOSES_2018 - OPENS_2018).days + 1
    for index, answers in enumerate(answers_2018()):
        submission = services.submit_response(
            wave,
            answers,
            mode="paper",
            channel="in_person",
            site=halls[index % len(halls)] if halls else None,
            entered_by=typist.user if typist else None,
            paper_number=index + 1,
            questions=questions,
            today=today,
        )
        day = OPENS_2018 + dt.timedelta(days=index % days)
        Response.objects.filter(pk=submission.response.pk).update(
            submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10 + index % 6)))
        )
    services.close_wave(wave, today=today)

    current = services.create_survey(
        organisation,
        title=f"Enquête de satisfaction {today.year}",
        introduction="Vos réponses nous aident à améliorer l'accueil.",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        questions=services.specs_of(wave),
        questionnaire=wave.questionnaire,
        sites=halls,
        channels=["in_person", "website"],
    )
    rng = random.Random(today.toordinal())
    for index, answers in enumerate(answers_2018(seed=today.year)[:30]):
        services.submit_response(
            current,
            {k: v for k, v in answers.items() if rng.random() > 0.1 or k == "accueil-global"},
            mode="online",
            channel="in_person",
            site=halls[index % len(halls)] if halls else None,
            today=today,
        )
