"""Where things live: the shared development data, the user's data folder, the default store.

All locations can be overridden by environment variables so that tests, CI and users on other
layouts never need to edit code.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_DB = "detente.db"


def shared_dir() -> Path | None:
    """The third-party development data (``../shared``); ``DETENTE_SHARED`` overrides.

    Returns None when absent: tests and benchmarks that need it skip with a clear message.
    """
    env = os.environ.get("DETENTE_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd() / ".." / "shared", PACKAGE_DIR.parents[1] / ".." / "shared"]
    for c in candidates:
        if (c / "seeds").is_dir():
            return c.resolve()
    return None


def data_home() -> Path:
    """The user's own files (imported actor dictionaries); ``DETENTE_HOME`` overrides."""
    env = os.environ.get("DETENTE_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "detente"
    return base
