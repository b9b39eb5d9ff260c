"""Shared fixtures: the seed report (a committed copy) and its record, computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED_NAME = "000_c7325925ba10cb96.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed" / SEED_NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(seed_text: str) -> dict:
    import pipeline

    return pipeline.process(seed_text, path=SEED_NAME, encoding="utf-8")
