"""Audit of published 自评表 (issue 8)."""
