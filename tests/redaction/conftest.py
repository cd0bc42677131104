"""Shared fixtures: one engine (spaCy models loaded once per session)."""

from __future__ import annotations

import pytest

from redaction.engine import RedactionEngine


@pytest.fixture(scope="session")
def engine() -> RedactionEngine:
    return RedactionEngine()
