"""Grammar package data (grammar/indicator.lark)."""
