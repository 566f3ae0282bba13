"""Scoring: schemes as data, per-indicator scores, rollups, grades (issue 5)."""
