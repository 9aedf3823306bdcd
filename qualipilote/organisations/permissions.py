"""What each role may do inside its organisation: the one permission matrix of the project.

Reading is open to every member; each write is an *ability* that views and services ask for
through `Membership.can(ability)`. The auditor reads everything and records audit findings;
nothing else.
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
        }
    ),
    Role.QUALITY_CORRESPONDENT: frozenset({ASSESS, RECORD_REGISTERS, ENTER_MEASUREMENTS}),
    Role.AGENT: frozenset({RECORD_REGISTERS}),
    Role.DIRECTOR: frozenset(),
    Role.AUDITOR: frozenset({RECORD_AUDIT_FINDINGS}),
    Role.VIEWER: frozenset(),
}


def role_can(role: str, ability: str) -> bool:
    return ability in ABILITIES_BY_ROLE.get(role, frozenset())
