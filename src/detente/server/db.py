"""Store access for the HTTP server: one short-lived connection per request.

A request opens the store read-only (``mode=ro``), so the server can never change it, never
blocks an ingest writing to the same file (SQLite WAL lets readers run beside one writer) and
needs no locking between worker threads: each connection lives and dies in the thread that
answers the request.  Only a server started with ``--write`` opens a writer, per write request.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from detente.store import Store


class StoreAccess:
    """Where the store is and whether this server may write to it."""

    def __init__(self, path: str | Path, *, write: bool = False) -> None:
        self.path = Path(path).resolve()
        self.write = write
        if not self.path.is_file():
            raise FileNotFoundError(f"no store at {self.path}: create one with `detente ingest --db {path}`")

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        with Store(self.path, readonly=True) as store:
            store.conn.execute("PRAGMA query_only = 1")
            yield store.conn

    @contextmanager
    def writer(self) -> Iterator[Store]:
        if not self.write:
            raise PermissionError("this server is read-only: start it with `detente serve --write`")
        with Store(self.path) as store:
            yield store
