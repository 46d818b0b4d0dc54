"""Rankings and networks: who interacts most, which topics dominate, who said what over time.

All are single aggregated queries over the store, bounded by a date range, so they stay fast on
large stores and can back both ``detente top`` and the dashboard's pickers and network view.
Actors are compared at country level (``RUS``, ``IGOEUREEC``) unless ``level='code'`` asks for
full codes (``RUSGOV``); self-interactions (RUS→RUS) are left out of dyads and networks.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

from detente.analytics.query import (
    COUNTED_STATUSES,
    EventFilter,
    Period,
    iso_bound,
    period_bounds,
    period_expr,
    period_keys,
)

Level = Literal["country", "code"]


def _side(side: str, level: Level) -> str:
    if level == "code":
        return f"e.{side}_code"
    return f"COALESCE(e.{side}_country, e.{side}_code)"


def _filter(start: str | None, end: str | None, **kw: Any) -> tuple[str, dict[str, object]]:
    return EventFilter(start=start, end=end, statuses=kw.pop("statuses", COUNTED_STATUSES), **kw).validated().where()


def top_dyads(conn: sqlite3.Connection, *, start: str | None = None, end: str | None = None,
              limit: int = 20, level: Level = "country", directed: bool = False,
              actor: str | None = None) -> list[dict[str, Any]]:
    """Dyads with the most counted events: counts, cooperative/conflictual split, mean Goldstein."""
    where, params = _filter(start, end, actor=actor)
    s, t = _side("source", level), _side("target", level)
    a, b = (s, t) if directed else (f"min({s}, {t})", f"max({s}, {t})")
    sql = f"""SELECT {a} AS a, {b} AS b, COUNT(*) AS events,
                     SUM(e.quad_class IN (1, 2)) AS coop, SUM(e.quad_class IN (3, 4)) AS conflict,
                     ROUND(AVG(e.goldstein), 3) AS goldstein_mean
              FROM events e WHERE {where} AND {s} IS NOT NULL AND {t} IS NOT NULL AND {s} != {t}
              GROUP BY a, b ORDER BY events DESC, a, b LIMIT :limit"""
    return [dict(r) for r in conn.execute(sql, {**params, "limit": limit})]


def top_actors(conn: sqlite3.Connection, *, start: str | None = None, end: str | None = None,
               limit: int = 20, level: Level = "country", prefix: str | None = None) -> list[dict[str, Any]]:
    """Actors in the most counted events (either side), with a name: the knowledge base's name
    for the code ("United States", "Russia: government"), else the one the events use most."""
    where, params = _filter(start, end)
    extra = ""
    if prefix:
        params["prefix"] = prefix.upper() + "*"
        extra = "WHERE actor GLOB :prefix"
    sql = f"""SELECT actor, COUNT(*) AS events,
                     COALESCE(MAX(CASE WHEN code = actor THEN name END), MAX(name)) AS used FROM (
                SELECT {_side('source', level)} AS actor, e.source_code AS code, e.source_name AS name
                FROM events e WHERE {where}
                UNION ALL
                SELECT {_side('target', level)} AS actor, e.target_code AS code, e.target_name AS name
                FROM events e WHERE {where}
              ) {extra} GROUP BY actor HAVING actor IS NOT NULL ORDER BY events DESC, actor LIMIT :limit"""
    return [{"actor": r["actor"], "events": r["events"], "name": actor_name(r["actor"]) or r["used"]}
            for r in conn.execute(sql, {**params, "limit": limit})]


def actor_name(code: str) -> str | None:
    """What to call an actor code in a ranking or a picker (:meth:`KnowledgeBase.code_name`)."""
    from detente.actors import KnowledgeBase

    return KnowledgeBase.default().code_name(code)


def top_topics(conn: sqlite3.Connection, *, start: str | None = None, end: str | None = None,
               limit: int = 20, dyad: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """Topics by number of articles (or, for a dyad, by number of its counted events)."""
    if dyad:
        where, params = _filter(start, end, dyad=dyad)
        sql = f"""SELECT j.value AS topic, COUNT(*) AS n FROM events e, json_each(e.topics) j
                  WHERE {where} GROUP BY topic ORDER BY n DESC, topic LIMIT :limit"""
    else:
        params = {"start": iso_bound(start) or "", "end": iso_bound(end, upper=True) or "9999"}
        sql = """SELECT j.value AS topic, COUNT(*) AS n FROM articles a, json_each(a.topics) j
                 WHERE COALESCE(a.date, '') >= :start AND COALESCE(a.date, '') <= :end
                   AND a.duplicate_of IS NULL
                 GROUP BY topic ORDER BY n DESC, topic LIMIT :limit"""
    return [dict(r) for r in conn.execute(sql, {**params, "limit": limit})]


def _quote_where(speaker: str | None, start: str | None, end: str | None) -> tuple[str, dict[str, object]]:
    clauses, params = ["1"], {}
    if speaker:
        params["speaker"] = speaker
        clauses.append("(q.speaker_name = :speaker COLLATE NOCASE OR q.speaker_code = :speaker)")
    if start:
        params["start"] = iso_bound(start)
        clauses.append("a.date >= :start")
    if end:
        params["end"] = iso_bound(end, upper=True)
        clauses.append("a.date <= :end")
    return " AND ".join(clauses), params


def top_speakers(conn: sqlite3.Connection, *, start: str | None = None, end: str | None = None,
                 limit: int = 20) -> list[dict[str, Any]]:
    """Speakers with the most quotes (named speakers; unnamed ones grouped by code)."""
    where, params = _quote_where(None, start, end)
    sql = f"""SELECT COALESCE(q.speaker_name, q.speaker_code) AS speaker, MAX(q.speaker_code) AS code,
                     COUNT(*) AS quotes, MIN(a.date) AS first, MAX(a.date) AS last
              FROM quotes q JOIN articles a ON a.id = q.article_id
              WHERE {where} AND COALESCE(q.speaker_name, q.speaker_code) IS NOT NULL
              GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT :limit"""
    return [dict(r) for r in conn.execute(sql, {**params, "limit": limit})]


def speaker_quotes(conn: sqlite3.Connection, speaker: str, *, by: Period = "month",
                   start: str | None = None, end: str | None = None,
                   limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A speaker's quotes over time: counts per period (gaps included) and one page of quotes."""
    where, params = _quote_where(speaker, start, end)
    key = period_expr("a.date", by)
    counts = {r["p"]: r["n"] for r in conn.execute(
        f"""SELECT {key} AS p, COUNT(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE {where} AND a.date IS NOT NULL GROUP BY p""", params)}
    keys = sorted(counts)
    periods: list[str] = []
    if keys:
        first = iso_bound(start) or period_bounds(keys[0], by)[0]
        periods = period_keys(first, iso_bound(end, upper=True) or period_bounds(keys[-1], by)[1], by)
    quotes = [dict(r) for r in conn.execute(
        f"""SELECT q.id, q.article_id, q.sentence, q.start, q.end, q.text, q.kind, q.cue, q.speaker_code,
                   q.speaker_name, q.speaker_text, q.rule, a.date, a.title, a.source
            FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}
            ORDER BY a.date, q.article_id, q.idx LIMIT :limit OFFSET :offset""",
        {**params, "limit": limit, "offset": offset})]
    return {"speaker": speaker, "by": by, "total": sum(counts.values()),
            "series": [{"period": k, "quotes": counts.get(k, 0)} for k in periods], "quotes": quotes}


def actor_network(conn: sqlite3.Connection, *, start: str | None = None, end: str | None = None,
                  limit: int = 60, min_events: int = 1) -> dict[str, Any]:
    """Actors (country level) as nodes and their interactions as undirected weighted edges.

    Edges are the ``limit`` heaviest dyads; nodes are the actors they touch, sized by events.
    """
    edges = [e for e in top_dyads(conn, start=start, end=end, limit=limit) if e["events"] >= min_events]
    weight: dict[str, int] = {}
    for e in edges:
        for actor in (e["a"], e["b"]):
            weight[actor] = weight.get(actor, 0) + e["events"]
    nodes = [{"id": a, "name": actor_name(a), "events": n}
             for a, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges}
