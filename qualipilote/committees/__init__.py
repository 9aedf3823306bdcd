"""Committees (COPIL, users' committee, staff committee, working groups), meetings, decisions."""
