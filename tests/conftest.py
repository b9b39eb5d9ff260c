"""Shared fixtures: the seed report (a committed copy) and its record, computed once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Locally, property tests explore new random examples on every run (that is how they find bugs);
# in CI (CI=true) they are derandomised, so a red CI always means a reproducible failure.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
SEED_NAME = "000_c7325925ba10cb96.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed" / SEED_NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(seed_text: str) -> dict:
    import pipeline

    return pipeline.process(seed_text, path=SEED_NAME, encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def stat_cache_in_a_temporary_folder(tmp_path_factory):
    """Runs remember output files' modification times in a per-folder stat cache under the user's
    cache; the suite's hundreds of temporary output folders keep theirs in a temporary folder."""
    import hashlib

    from pipeline.runner import manifest

    base = tmp_path_factory.mktemp("stat-cache")

    def path(folder: Path) -> Path:
        return base / (hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24] + ".json")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest, "_stat_cache_path", path)
        yield
