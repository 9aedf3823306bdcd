"""Training needs, sessions, tutoring, the newcomers' day."""
