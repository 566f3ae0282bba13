"""Importers: table text, CSV, XLSX → AST / .ind (issue 6)."""
