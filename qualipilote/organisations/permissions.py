"""What each role may do inside its organisation: the one permission matrix of the project.

Reading is open to every member, except citizens' contact details (VIEW_CONTACT_DETAILS); each
write is an *ability* that views and services ask for through `Membership.can(ability)`. The
auditor reads everything else and records audit findings; nothing else.
"""

from .enums import Role

MANAGE_ORGANISATION = "manage_organisation"  # units, sites, people, calendar, API tokens
MANAGE_SCOPE = "manage_scope"  # labelling scope
ASSESS = "assess"  # self-assessment and its evidence
RECORD_REGISTERS = "record_registers"  # registers entries, answers
MANAGE_REGISTERS = "manage_registers"  # imports, deadline rules, purge
ENTER_MEASUREMENTS = "enter_measurements"  # monthly figures from outside sources
CLOSE_MONTHS = "close_months"  # freeze or reopen a month of indicators
RECORD_AUDIT_FINDINGS = "record_audit_findings"
# Emergency communication: open an event or an exercise and record its steps (the duty officer).
RECORD_CRISIS = "record_crisis"
# Emergency communication preparedness: contact lists, message templates, on-call roster.
MANAGE_CRISIS = "manage_crisis"
MANAGE_SURVEYS = "manage_surveys"  # questionnaires, waves, their publication and closing
MANAGE_ACTIONS = "manage_actions"  # the action plan: create, follow, close, check effectiveness
MANAGE_AUDITS = "manage_audits"  # plan the label cycle's audits, close findings
MANAGE_ANNUAL_REVIEW = "manage_annual_review"  # the year's quality review: write it, generate it
# Committees: their meetings, attendees, agendas, minutes and decisions (which become actions).
MANAGE_COMMITTEES = "manage_committees"
# The document base: create documents, write and review their versions.
MANAGE_DOCUMENTS = "manage_documents"
# Approve a version of a document (never one's own: documents.services).
APPROVE_DOCUMENTS = "approve_documents"
MANAGE_TRAINING = "manage_training"  # training needs and sessions, tutoring, newcomers
# Eco-responsibility: actions, yearly figures, BEGES reports, staff initiatives.
MANAGE_ECORESPONSIBILITY = "manage_ecoresponsibility"
MANAGE_MYSTERY = "manage_mystery"  # mystery-shopper campaigns: grid, plan, imports, threshold
RECORD_MYSTERY_TESTS = "record_mystery_tests"  # the test contacts of a mystery-shopper campaign
PUBLISH_RESULTS = "publish_results"  # choose, publish and withdraw the public results
# Read and correct the name, e-mail, phone and address of the citizen behind a complaint or a
# suggestion. Decided for one record by `can_see_contact_details`, below.
VIEW_CONTACT_DETAILS = "view_contact_details"
# Read the audit trail: every record's history and each person's changes (organisations.trail).
VIEW_TRAIL = "view_trail"

ABILITIES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.QUALITY_LEAD: frozenset(
        {
            MANAGE_ORGANISATION,
            MANAGE_SCOPE,
            ASSESS,
            RECORD_REGISTERS,
            MANAGE_REGISTERS,
            ENTER_MEASUREMENTS,
            CLOSE_MONTHS,
            VIEW_CONTACT_DETAILS,
            RECORD_CRISIS,
            MANAGE_CRISIS,
            MANAGE_SURVEYS,
            MANAGE_ACTIONS,
            MANAGE_AUDITS,
            MANAGE_COMMITTEES,
            PUBLISH_RESULTS,
            RECORD_AUDIT_FINDINGS,  # types in the findings of an audit report received on paper
            MANAGE_ANNUAL_REVIEW,
            VIEW_TRAIL,
            MANAGE_DOCUMENTS,
            APPROVE_DOCUMENTS,
            MANAGE_TRAINING,
            MANAGE_ECORESPONSIBILITY,
            MANAGE_MYSTERY,
            RECORD_MYSTERY_TESTS,
        }
    ),
    Role.QUALITY_CORRESPONDENT: frozenset(
        {
            ASSESS,
            RECORD_REGISTERS,
            ENTER_MEASUREMENTS,
            VIEW_CONTACT_DETAILS,
            RECORD_CRISIS,
            MANAGE_SURVEYS,
            MANAGE_ACTIONS,
            MANAGE_COMMITTEES,
            MANAGE_DOCUMENTS,
            MANAGE_TRAINING,
            MANAGE_ECORESPONSIBILITY,
            RECORD_MYSTERY_TESTS,
        }
    ),
    Role.AGENT: frozenset({RECORD_REGISTERS, RECORD_CRISIS}),
    Role.DIRECTOR: frozenset({RECORD_CRISIS, APPROVE_DOCUMENTS}),
    Role.AUDITOR: frozenset({RECORD_AUDIT_FINDINGS}),
    Role.VIEWER: frozenset(),
    Role.CROSS_AUDITOR: frozenset({RECORD_MYSTERY_TESTS}),
}

# Roles limited to some pages of the organisation: the namespaces (app labels) of the only
# pages they may open; every other page and the whole API refuse them. Other roles open every
# page (reading is open to members). Asked by organisations.access for each page and API call.
PAGES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.CROSS_AUDITOR: frozenset({"mystery"}),
}


def may_open(membership, namespace: str | None) -> bool:
    """Whether `membership` may open a page of its organisation in `namespace` (None: the API
    or a page outside any app namespace)."""
    allowed = PAGES_BY_ROLE.get(membership.role)
    return allowed is None or namespace in allowed


def can_see_campaign(membership, campaign) -> bool:
    """Whether `membership` may open this mystery-shopper campaign: every active member of its
    organisation, except a cross auditor, who sees only the campaigns they are assigned to."""
    if membership is None or membership.is_suspended:
        return False
    if membership.organisation_id != campaign.organisation_id:
        return False
    if membership.role == Role.CROSS_AUDITOR:
        return campaign.cross_auditor_id == membership.user_id
    return True


def role_can(role: str, ability: str) -> bool:
    return ability in ABILITIES_BY_ROLE.get(role, frozenset())


def can_see_contact_details(membership, record) -> bool:
    """Whether `membership` may read and correct the contact details of the citizen behind
    `record` (a complaint or a suggestion of the registers). The one rule that pages, templates
    (registers' `contact_details_visible_to` filter), exports and the API ask.

    Everyone else learns only that contact details exist. An integration token has no
    membership: it never sees them."""
    if membership is None or membership.organisation_id != record.organisation_id:
        return False
    if membership.is_suspended:
        return False
    # The person a record is assigned to answers the citizen: they see the contact details too.
    if getattr(record, "assigned_to_id", None) == membership.user_id:
        return True
    return membership.can(VIEW_CONTACT_DETAILS)
