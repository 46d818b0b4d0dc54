"""Shared fixtures: one spaCy model per test session, and the location of ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.config import shared_dir


@pytest.fixture(scope="session")
def nlp():
    from detente.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared not found: set DETENTE_SHARED to the shared data folder")
    return path


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"
