"""The SQLite store (WAL + FTS5): see :mod:`detente.store.store` and docs/store.md."""

from detente.store.store import SCHEMA_VERSION, Store, StoreMissing

__all__ = ["SCHEMA_VERSION", "Store", "StoreMissing"]
