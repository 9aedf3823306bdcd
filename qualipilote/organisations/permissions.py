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
MANAGE_ACTIONS = "manage_actions"  # the action plan: create, follow, close, check effectiveness
MANAGE_AUDITS = "manage_audits"  # plan the label cycle's audits, close findings
# Read and correct the name, e-mail, phone and address of the citizen behind a complaint or a
# suggestion. Decided for one record by `can_see_contact_details`, below.
VIEW_CONTACT_DETAILS = "view_contact_details"

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
            MANAGE_ACTIONS,
            MANAGE_AUDITS,
            RECORD_AUDIT_FINDINGS,  # types in the findings of an audit report received on paper
        }
    ),
    Role.QUALITY_CORRESPONDENT: frozenset(
        {ASSESS, RECORD_REGISTERS, ENTER_MEASUREMENTS, VIEW_CONTACT_DETAILS, MANAGE_ACTIONS}
    ),
    Role.AGENT: frozenset({RECORD_REGISTERS}),
    Role.DIRECTOR: frozenset(),
    Role.AUDITOR: frozenset({RECORD_AUDIT_FINDINGS}),
    Role.VIEWER: frozenset(),
}


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
    # Once records can be assigned (people issue), the assigned agent sees them too:
    #   or record.assigned_to_id == membership.user_id
    return membership.can(VIEW_CONTACT_DETAILS)
