"""Catalog package data (catalog/**/*.ind)."""
