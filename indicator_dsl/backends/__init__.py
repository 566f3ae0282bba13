"""Evaluators compiled from the resolved AST: exact (per record), and the batch backends."""
