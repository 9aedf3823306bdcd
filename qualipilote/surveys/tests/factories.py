"""Waves built as production builds them (services.create_survey)."""

import datetime as dt

from qualipilote.surveys import services

OPENS = dt.date(2026, 10, 1)
CLOSES = dt.date(2026, 10, 31)

QUESTIONS = [
    {
        "code": "accueil-global",
        "label": "Satisfaction globale de l'accueil",
        "kind": "satisfaction",
        "required": True,
    },
    {"code": "attente", "label": "Le délai d'attente", "kind": "satisfaction"},
    {
        "code": "site-internet",
        "label": "Avez-vous consulté notre site internet ?",
        "kind": "yes_no",
    },
    {
        "code": "motif",
        "label": "Motif de votre visite",
        "kind": "single_choice",
        "choices": [
            {"code": "titre-sejour", "label": "Titre de séjour"},
            {"code": "permis", "label": "Permis de conduire"},
            {"code": "autre", "label": "Autre"},
        ],
    },
    {
        "code": "canaux",
        "label": "Comment nous avez-vous contactés cette année ?",
        "kind": "multiple_choice",
        "choices": [
            {"code": "telephone", "label": "Téléphone"},
            {"code": "courriel", "label": "Courriel"},
            {"code": "guichet", "label": "Guichet"},
        ],
    },
    {"code": "note", "label": "Votre note de 0 à 10", "kind": "rating"},
    {"code": "commentaire", "label": "Vos commentaires", "kind": "text"},
]


def make_survey(
    organisation, *, questions=None, opens_on=OPENS, closes_on=CLOSES, published=True, **kwargs
):
    return services.create_survey(
        organisation,
        title=kwargs.pop("title", "Enquête de satisfaction 2026"),
        opens_on=opens_on,
        closes_on=closes_on,
        questions=services.read_question_specs(questions or QUESTIONS),
        published=published,
        **kwargs,
    )


def answer(survey, answers, *, day=None, mode="online", **kwargs):
    return services.submit_response(
        survey, answers, mode=mode, today=day or survey.opens_on, **kwargs
    )
