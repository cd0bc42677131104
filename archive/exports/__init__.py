"""Redacted case bundles: a signed, verifiable ZIP of what a purpose allows, with its manifest and custody."""
