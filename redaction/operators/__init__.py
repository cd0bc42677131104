"""Operators: what happens to a span (remove, pseudonymise, generalise, keep)."""
