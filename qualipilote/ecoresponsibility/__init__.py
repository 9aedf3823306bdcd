"""Eco-responsibility (Quali-ATE module 2, SP+ commitment 8): actions, yearly figures, BEGES."""
