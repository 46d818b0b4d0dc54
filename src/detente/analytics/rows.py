"""Event rows as the API, the dashboard and the exports see them: flat, JSON-ready dicts.

Each row is one ``events`` row joined with its article's date, title, source and URL and with
its cluster's mention count, so that a row can be shown, linked to its article and exported
without further look-ups.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from detente.analytics.query import EventFilter, has_table

EVENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "idx", "sentence", "start", "end", "evidence",
    "source_code", "source_country", "source_sector", "source_name", "source_text",
    "target_code", "target_country", "target_sector", "target_name", "target_text",
    "cameo", "cameo_root", "cameo_name", "plover", "quad_class", "goldstein", "status",
    "event_date", "date_basis", "speaker_code", "speaker_name", "speaker_text", "location",
    "confidence", "rule", "trigger", "topics", "cluster_id",
)
EXTRA_COLUMNS: tuple[str, ...] = ("mentions", "articles", "sources", "article_date", "article_title",
                                  "article_source", "article_url", "article_tone", "stored_at")
ROW_COLUMNS: tuple[str, ...] = EVENT_COLUMNS + EXTRA_COLUMNS

SORTS: dict[str, str] = {
    "date": "e.event_date, e.id",
    "-date": "e.event_date DESC, e.id DESC",
    "goldstein": "e.goldstein, e.id",
    "-goldstein": "e.goldstein DESC, e.id",
    "mentions": "mentions DESC, e.event_date, e.id",
}


def _select(conn: sqlite3.Connection) -> str:
    cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    if has_table(conn, "event_clusters"):
        stats = ("COALESCE(c.mentions, 1) AS mentions, COALESCE(c.articles, 1) AS articles, "
                 "COALESCE(c.sources, 1) AS sources")
        join = "LEFT JOIN event_clusters c ON c.id = e.cluster_id"
    else:
        stats, join = "1 AS mentions, 1 AS articles, 1 AS sources", ""
    return (f"SELECT {cols}, {stats}, a.date AS article_date, a.title AS article_title, "
            f"a.source AS article_source, a.url AS article_url, a.tone AS article_tone, a.stored_at "
            f"FROM events e JOIN articles a ON a.id = e.article_id {join}")


def _row(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["topics"] = json.loads(d["topics"] or "[]")
    return d


def iter_event_rows(conn: sqlite3.Connection, flt: EventFilter, *, order: str = SORTS["date"],
                    limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Stream the events a (validated) filter selects, as flat dicts."""
    where, params = flt.where()
    sql = f"{_select(conn)} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params = {**params, "limit": limit, "offset": offset}
    for row in conn.execute(sql, params):
        yield _row(row)


def event_rows(conn: sqlite3.Connection, flt: EventFilter, *, order: str = SORTS["date"],
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    return list(iter_event_rows(conn, flt, order=order, limit=limit, offset=offset))


def count_events(conn: sqlite3.Connection, flt: EventFilter) -> int:
    where, params = flt.where()
    return conn.execute(f"SELECT COUNT(*) FROM events e WHERE {where}", params).fetchone()[0]


def event_by_id(conn: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its cluster's other reports (for "reported by N articles")."""
    row = conn.execute(f"{_select(conn)} WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = _row(row)
    cluster = event["cluster_id"]
    event["cluster"] = [] if cluster is None else [
        dict(r) for r in conn.execute(
            "SELECT e.id, e.article_id, e.event_date, e.evidence, a.title, a.source, a.date "
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ? AND e.id != ? "
            "ORDER BY a.date, e.id LIMIT 50", (cluster, event_id))]
    return event
