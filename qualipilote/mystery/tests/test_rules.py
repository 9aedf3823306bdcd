"""Issue 10, item 4: campaigns, grids, sampling plans, test contacts and their computed
figures, results, weak criteria made into actions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.improvement.models import Action
from qualipilote.mystery import services
from qualipilote.mystery.models import CriterionScore, TestContact
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import ClosureDay, Membership

from .factories import at, email_campaign, email_test, phone_campaign

pytestmark = pytest.mark.django_db

EMAIL_CODES = [
    "accuse_reception",
    "reponse_recue",
    "signature_conforme",
    "reponse_5_jours",
    "reponse_complete",
]


def scores_of(test) -> dict[str, str]:
    return dict(CriterionScore.objects.filter(test=test).values_list("criterion__code", "value"))


# --- Campaigns and grids --------------------------------------------------------------------


def test_a_new_campaign_copies_the_default_grid_of_its_channel(organisation, lead):
    email = email_campaign(organisation, lead)
    phone = phone_campaign(organisation, lead)
    assert list(email.criteria.values_list("code", flat=True)) == EMAIL_CODES
    assert email.criteria.get(code="reponse_5_jours").delay_days == 5
    labels = list(phone.criteria.values_list("label", flat=True))
    assert labels[0] == "Décroché en moins de 5 sonneries"
    assert {"courtoisie", "bon_service", "reponse_correcte"} <= set(
        phone.criteria.values_list("code", flat=True)
    )
    assert email.weak_threshold == 80


def test_the_period_must_not_end_before_it_starts(organisation, lead):
    with pytest.raises(ValidationError) as error:
        email_campaign(
            organisation, lead, starts_on=dt.date(2019, 6, 1), ends_on=dt.date(2019, 5, 1)
        )
    assert "ne peut pas précéder son début" in str(error.value.message_dict["ends_on"])


def test_a_contractor_campaign_names_its_contractor(organisation, lead):
    with pytest.raises(ValidationError) as error:
        email_campaign(organisation, lead, run_by="contractor")
    assert "prestataire" in str(error.value.message_dict["contractor"])
    campaign = email_campaign(organisation, lead, run_by="contractor", contractor="Cabinet Test")
    assert campaign.contractor == "Cabinet Test"


def test_a_cross_audit_needs_another_organisations_quality_lead(
    organisation, other_organisation, lead, partner_lead
):
    with pytest.raises(ValidationError) as error:
        email_campaign(organisation, lead, run_by="cross")
    assert "cross_auditor" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        email_campaign(organisation, lead, run_by="cross", cross_auditor=lead)
    assert "déjà membre" in str(error.value.message_dict["cross_auditor"])
    campaign = email_campaign(organisation, lead, run_by="cross", cross_auditor=partner_lead)
    membership = Membership.objects.get(user=partner_lead, organisation=organisation)
    assert membership.role == Role.CROSS_AUDITOR
    assert campaign.cross_auditor == partner_lead
    # A second cross campaign with the same partner keeps their one membership.
    email_campaign(organisation, lead, run_by="cross", cross_auditor=partner_lead)
    assert Membership.objects.filter(user=partner_lead, organisation=organisation).count() == 1


def test_the_grid_is_editable_until_the_first_test(organisation, lead):
    campaign = email_campaign(organisation, lead)
    added = services.save_criterion(
        campaign, user=lead, code="formule-politesse", label="Formule de politesse", rule="typed"
    )
    assert added.position == 6
    services.delete_criterion(campaign.criteria.get(code="reponse_complete"), user=lead)
    email_test(
        campaign,
        lead,
        at(dt.date(2019, 5, 20)),
        dt.date(2019, 5, 21),
        scores={"accuse_reception": "yes", "signature_conforme": "yes", "formule-politesse": "no"},
    )
    with pytest.raises(ValidationError, match="premier test"):
        services.save_criterion(campaign, user=lead, code="autre", label="Autre", rule="typed")
    with pytest.raises(ValidationError, match="premier test"):
        services.delete_criterion(campaign.criteria.get(code="formule-politesse"), user=lead)
    assert campaign.criteria.count() == 5


def test_two_criteria_of_a_grid_cannot_share_a_code(organisation, lead):
    campaign = email_campaign(organisation, lead)
    with pytest.raises(ValidationError) as error:
        services.save_criterion(campaign, user=lead, code="accuse_reception", label="Doublon")
    assert "déjà celui d'un autre critère" in str(error.value.message_dict["code"])


# --- Test contacts: computed figures --------------------------------------------------------


def test_the_delay_and_the_five_working_days_are_computed_with_the_calendar(organisation, lead):
    """Sent on Tuesday 28 May 2019; Ascension (Thursday 30 May) is a public holiday: an answer
    on Wednesday 5 June is 5 working days later (29, 31 May, 3, 4, 5 June), one on Thursday 6
    June 6 days."""
    campaign = email_campaign(organisation, lead)
    on_time = email_test(campaign, lead, at(dt.date(2019, 5, 28)), dt.date(2019, 6, 5))
    late = email_test(campaign, lead, at(dt.date(2019, 5, 28)), dt.date(2019, 6, 6))
    assert (on_time.delay_working_days, late.delay_working_days) == (5, 6)
    assert scores_of(on_time)["reponse_5_jours"] == "yes"
    assert scores_of(late)["reponse_5_jours"] == "no"
    assert scores_of(on_time)["reponse_recue"] == "yes"


def test_the_organisations_closure_days_count_as_non_working(organisation, lead):
    ClosureDay.objects.create(organisation=organisation, date=dt.date(2019, 6, 4), label="Pont")
    campaign = email_campaign(organisation, lead)
    test = email_test(campaign, lead, at(dt.date(2019, 5, 28)), dt.date(2019, 6, 6))
    assert test.delay_working_days == 5


def test_a_typed_value_of_a_computed_criterion_is_ignored(organisation, lead):
    campaign = email_campaign(organisation, lead)
    test = email_test(
        campaign,
        lead,
        at(dt.date(2019, 5, 28)),
        dt.date(2019, 6, 14),
        scores={
            "accuse_reception": "yes",
            "signature_conforme": "yes",
            "reponse_complete": "yes",
            "reponse_5_jours": "yes",
        },
    )
    assert scores_of(test)["reponse_5_jours"] == "no"


def test_without_an_answer_the_answer_criteria_are_not_applicable(organisation, lead):
    campaign = email_campaign(organisation, lead)
    test = email_test(
        campaign, lead, at(dt.date(2019, 5, 28)), None, scores={"accuse_reception": "no"}
    )
    assert test.delay_working_days is None
    assert scores_of(test) == {
        "accuse_reception": "no",
        "reponse_recue": "no",
        "signature_conforme": "na",
        "reponse_5_jours": "na",
        "reponse_complete": "na",
    }


def test_the_time_slot_comes_from_the_local_hour(organisation, lead):
    campaign = email_campaign(organisation, lead)
    morning = email_test(campaign, lead, at(dt.date(2019, 5, 28), 9, 30), dt.date(2019, 5, 29))
    noon = email_test(campaign, lead, at(dt.date(2019, 5, 28), 12, 30), dt.date(2019, 5, 29))
    late = email_test(campaign, lead, at(dt.date(2019, 5, 28), 16, 0), dt.date(2019, 5, 29))
    assert [t.time_slot for t in (morning, noon, late)] == ["morning", "midday", "afternoon"]
    assert [t.number for t in (morning, noon, late)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("sent", "answered", "field", "message"),
    [
        (dt.date(2019, 5, 14), None, "contacted_at", "hors de la période"),
        (dt.date(2019, 7, 1), None, "contacted_at", "hors de la période"),
        (dt.date(2019, 5, 28), dt.date(2019, 5, 27), "answered_on", "ne peut pas précéder"),
        (dt.date(2019, 5, 28), dt.date(2020, 1, 2), "answered_on", "dans le futur"),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_stored(
    organisation, lead, sent, answered, field, message
):
    campaign = email_campaign(organisation, lead)
    with pytest.raises(ValidationError) as error:
        email_test(campaign, lead, at(sent), answered)
    assert message in " ".join(error.value.message_dict[field])
    assert not TestContact.objects.exists() and not CriterionScore.objects.exists()


def test_a_score_not_in_the_choices_or_missing_is_refused(organisation, lead):
    campaign = email_campaign(organisation, lead)
    with pytest.raises(ValidationError) as error:
        email_test(
            campaign,
            lead,
            at(dt.date(2019, 5, 28)),
            dt.date(2019, 5, 29),
            scores={"accuse_reception": "peut-être", "signature_conforme": "yes"},
        )
    errors = error.value.message_dict
    assert "« peut-être » n'est pas une note possible" in errors["accuse_reception"][0]
    assert "Notez « Réponse complète et claire »" in errors["reponse_complete"][0]
    with pytest.raises(ValidationError) as error:
        email_test(
            campaign,
            lead,
            at(dt.date(2019, 5, 28)),
            None,
            scores={"inconnu": "yes", "accuse_reception": "yes"},
        )
    assert "Critère inconnu" in error.value.message_dict["inconnu"][0]
    assert not TestContact.objects.exists()


def test_a_unit_of_another_organisation_is_refused(organisation, other_organisation, lead):
    from qualipilote.organisations.tests.factories import UnitFactory

    campaign = email_campaign(organisation, lead)
    foreign = UnitFactory(organisation=other_organisation, code="x", name="Ailleurs")
    with pytest.raises(ValidationError) as error:
        email_test(campaign, lead, at(dt.date(2019, 5, 28)), dt.date(2019, 5, 29), unit=foreign)
    assert "unit" in error.value.message_dict


def test_the_period_cannot_shrink_away_from_recorded_tests(organisation, lead):
    campaign = email_campaign(organisation, lead)
    email_test(campaign, lead, at(dt.date(2019, 6, 20)), dt.date(2019, 6, 21))
    with pytest.raises(ValidationError, match="hors de la nouvelle période"):
        services.update_campaign(campaign, user=lead, ends_on=dt.date(2019, 6, 15))
    services.update_campaign(campaign, user=lead, weak_threshold=90)
    campaign.refresh_from_db()
    assert (campaign.weak_threshold, campaign.ends_on) == (90, dt.date(2019, 6, 30))


# --- Sampling plan --------------------------------------------------------------------------


def test_the_plan_counts_done_against_planned_by_unit_month_and_slot(organisation, lead, unit):
    campaign = email_campaign(organisation, lead)
    services.add_plan_line(
        campaign, user=lead, unit=unit, month=dt.date(2019, 5, 1), time_slot="morning", planned=2
    )
    services.add_plan_line(
        campaign, user=lead, unit=unit, month=dt.date(2019, 6, 1), time_slot="afternoon", planned=3
    )
    email_test(campaign, lead, at(dt.date(2019, 5, 20), 9), dt.date(2019, 5, 21), unit=unit)
    email_test(campaign, lead, at(dt.date(2019, 5, 21), 9), dt.date(2019, 5, 22), unit=unit)
    email_test(campaign, lead, at(dt.date(2019, 5, 22), 9), dt.date(2019, 5, 23), unit=unit)
    email_test(campaign, lead, at(dt.date(2019, 6, 4), 15), dt.date(2019, 6, 5), unit=unit)
    email_test(campaign, lead, at(dt.date(2019, 6, 4), 9), dt.date(2019, 6, 5), unit=unit)
    lines, done, planned = services.plan_progress(campaign)
    assert [(p.line.month.month, p.done, p.planned) for p in lines] == [(5, 3, 2), (6, 1, 3)]
    assert (done, planned) == (3, 5)  # a line's surplus does not fill another line


def test_a_plan_line_stays_in_the_campaigns_months(organisation, lead, unit):
    campaign = email_campaign(organisation, lead)
    with pytest.raises(ValidationError) as error:
        services.add_plan_line(
            campaign,
            user=lead,
            unit=unit,
            month=dt.date(2019, 8, 1),
            time_slot="morning",
            planned=2,
        )
    assert "période de l'enquête" in error.value.message_dict["month"][0]
    services.add_plan_line(
        campaign, user=lead, unit=unit, month=dt.date(2019, 5, 1), time_slot="morning", planned=2
    )
    with pytest.raises(ValidationError, match="déjà une ligne"):
        services.add_plan_line(
            campaign,
            user=lead,
            unit=unit,
            month=dt.date(2019, 5, 1),
            time_slot="morning",
            planned=1,
        )


# --- Results and actions ----------------------------------------------------------------------


def test_results_count_yes_among_applicable_and_average_the_delays(organisation, lead):
    campaign = email_campaign(organisation, lead)
    sent = at(dt.date(2019, 5, 20))
    email_test(campaign, lead, sent, dt.date(2019, 5, 21))  # 1 day
    email_test(
        campaign,
        lead,
        sent,
        dt.date(2019, 5, 22),
        scores={"accuse_reception": "no", "signature_conforme": "no", "reponse_complete": "yes"},
    )  # 2 days
    email_test(campaign, lead, sent, None, scores={"accuse_reception": "yes"})
    email_test(campaign, lead, sent, None, scores={"accuse_reception": "no"})
    figures = services.results(campaign)
    rows = {r.criterion.code: (r.yes, r.applicable, r.rate, r.weak) for r in figures.criteria}
    assert rows["accuse_reception"] == (2, 4, 50, True)
    assert rows["reponse_recue"] == (2, 4, 50, True)
    assert rows["signature_conforme"] == (1, 2, 50, True)  # the unanswered are not applicable
    assert rows["reponse_5_jours"] == (2, 2, 100, False)
    assert figures.average_delay == pytest.approx(1.5)
    assert (figures.tests, figures.answered) == (4, 2)


def test_a_weak_criterion_becomes_an_action_linked_to_the_campaign(organisation, lead):
    campaign = email_campaign(organisation, lead, title="Courriels printemps")
    sent = at(dt.date(2019, 5, 20))
    email_test(
        campaign,
        lead,
        sent,
        dt.date(2019, 5, 21),
        scores={"accuse_reception": "no", "signature_conforme": "yes", "reponse_complete": "yes"},
    )
    email_test(campaign, lead, sent, dt.date(2019, 5, 21))
    weak = campaign.criteria.get(code="accuse_reception")
    action = services.action_from_criterion(weak, user=lead, today=dt.date(2026, 11, 29))
    assert action.source == "mystery_shopper"
    assert "Courriels printemps" in action.source_detail
    assert "50 %" in action.description and action.owner == lead
    weak.refresh_from_db()
    assert weak.action == action
    with pytest.raises(ValidationError, match="déjà son action"):
        services.action_from_criterion(weak, user=lead)
    strong = campaign.criteria.get(code="signature_conforme")
    with pytest.raises(ValidationError, match="n'est pas un point faible"):
        services.action_from_criterion(strong, user=lead)
    assert Action.objects.count() == 1


def test_the_threshold_decides_what_is_weak(organisation, lead):
    campaign = email_campaign(organisation, lead, weak_threshold=40)
    sent = at(dt.date(2019, 5, 20))
    email_test(
        campaign,
        lead,
        sent,
        dt.date(2019, 5, 21),
        scores={"accuse_reception": "no", "signature_conforme": "yes", "reponse_complete": "yes"},
    )
    email_test(campaign, lead, sent, dt.date(2019, 5, 21))
    assert not any(r.weak for r in services.results(campaign).criteria)
    with pytest.raises(ValidationError):
        email_campaign(organisation, lead, weak_threshold=0)
