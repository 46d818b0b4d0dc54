"""The HTTP API: JSON over the store, for the dashboard and for anyone's scripts.

Endpoints are thin: they validate input (FastAPI/Pydantic for types and ranges,
:class:`~detente.analytics.BadQuery` for codes and dates → 400), call the analytics layer and
return its dicts.  Every list is paginated (``limit``/``offset``) and says its ``total``.  No
endpoint takes a file path: the only file the server reads is the store it was started on (and
its own packaged static files).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from detente import analytics
from detente.analytics.export import export_events
from detente.analytics.query import (
    ALL_STATUSES,
    COUNTED_STATUSES,
    BadQuery,
    EventFilter,
    has_table,
    iso_bound,
)
from detente.analytics.rows import SORTS
from detente.server.db import StoreAccess

router = APIRouter(prefix="/api")

ActorCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,30}$", description="country or actor code, e.g. RUS")]
ArticleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="article id (content hash)")]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")]
ActorQ = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{2,30}$", description="country or actor code")]
By = Annotated[Literal["day", "week", "month", "year"], Query(description="period length")]
Direction = Annotated[Literal["both", "forward", "backward"],
                      Query(description="both directions, A→B only (forward) or B→A only (backward)")]
Unit = Annotated[Literal["events", "mentions"],
                 Query(description="count each real-world event once (events) or every report (mentions)")]
StatusQ = Annotated[list[str] | None, Query(
    description=f"event statuses to keep (repeat the parameter); default {', '.join(COUNTED_STATUSES)}; "
                "'all' keeps every status")]


SENSITIVITY = {"low": 3.0, "default": 1.0, "high": 0.25}  # multipliers of the default change penalty


def _access(request: Request) -> StoreAccess:
    return request.app.state.store


def _statuses(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return COUNTED_STATUSES
    if values == ["all"]:
        return None
    if bad := [v for v in values if v not in ALL_STATUSES]:
        raise BadQuery(f"unknown status {bad}: use {', '.join(ALL_STATUSES)} or all")
    return tuple(values)


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + len(items)
    return {"total": total, "limit": limit, "offset": offset, "next_offset": nxt if nxt < total else None,
            "items": items}


@router.get("/stats", summary="What the store holds")
def stats(request: Request) -> dict[str, Any]:
    """Counts of articles, events, quotes and actor mentions, the date range, and clustering state."""
    with _access(request).reader() as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]
        clustered = has_table(conn, "event_clusters")
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "events": one("SELECT COUNT(*) FROM events"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "mentions": one("SELECT COUNT(*) FROM actor_mentions"),
            "first_date": one("SELECT MIN(date) FROM articles"),
            "last_date": one("SELECT MAX(date) FROM articles"),
            "unclustered_events": one("SELECT COUNT(*) FROM events WHERE cluster_id IS NULL"),
            "clusters": one("SELECT COUNT(*) FROM event_clusters") if clustered else 0,
            "writable": _access(request).write,
        }


# ---- articles -------------------------------------------------------------------------------------

@router.get("/articles", summary="List articles")
def list_articles(request: Request, start: DateQ = None, end: DateQ = None,
                  source: Annotated[str | None, Query(max_length=200)] = None, actor: ActorQ = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Articles by publication date (newest first), without their text; filter by date, source, actor."""
    flt = EventFilter(start=start, end=end, actor=actor).validated()
    clauses, params = ["1"], {}
    if flt.start:
        clauses.append("a.date >= :start")
        params["start"] = flt.start
    if flt.end:
        clauses.append("a.date <= :end")
        params["end"] = flt.end
    if source:
        clauses.append("a.source = :source")
        params["source"] = source
    if flt.actor:
        where, p = EventFilter(actor=flt.actor, statuses=None).where()
        clauses.append(f"EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND {where})")
        params.update(p)
    where = " AND ".join(clauses)
    with _access(request).reader() as conn:
        total = conn.execute(f"SELECT COUNT(*) FROM articles a WHERE {where}", params).fetchone()[0]
        rows = conn.execute(
            f"""SELECT a.id, a.date, a.title, a.source, a.dateline_place, a.url, a.tone, a.topics, a.n_words,
                       a.duplicate_of, (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events
                FROM articles a WHERE {where} ORDER BY a.date DESC, a.id LIMIT :limit OFFSET :offset""",
            {**params, "limit": limit, "offset": offset}).fetchall()
    items = [{**dict(r), "topics": json.loads(r["topics"] or "[]")} for r in rows]
    return _page(items, total, limit, offset)


@router.get("/articles/{article_id}", summary="One article with its annotated text")
def get_article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    """The article's text with character offsets of its sentences, events, quotes and actor mentions.

    ``annotations`` merges them in text order (kind, start, end, label), ready to highlight; the
    text itself is returned as is and must be escaped by whoever displays it.
    """
    with _access(request).reader() as conn:
        row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"no article {article_id}")
        article = dict(row)
        article.pop("meta")
        article["topics"] = json.loads(article["topics"] or "[]")
        article["sentences"] = [dict(r) for r in conn.execute(
            "SELECT idx, start, end, parsed, tone FROM sentences WHERE article_id = ? ORDER BY idx", (article_id,))]
        article["events"] = analytics.event_rows(conn, EventFilter(article_id=article_id, statuses=None))
        article["quotes"] = [dict(r) for r in conn.execute(
            "SELECT * FROM quotes WHERE article_id = ? ORDER BY idx", (article_id,))]
        article["mentions"] = [dict(r) for r in conn.execute(
            "SELECT * FROM actor_mentions WHERE article_id = ? ORDER BY start", (article_id,))]
    article["annotations"] = _annotations(article)
    return article


def _annotations(article: dict[str, Any]) -> list[dict[str, Any]]:
    marks = [{"kind": "event", "id": e["id"], "start": e["start"], "end": e["end"], "sentence": e["sentence"],
              "label": f"{e['source_code'] or '?'} {e['cameo']} {e['target_code'] or '?'} ({e['status']})"}
             for e in article["events"]]
    marks += [{"kind": "quote", "id": q["id"], "start": q["start"], "end": q["end"], "sentence": q["sentence"],
               "label": q["speaker_name"] or q["speaker_code"] or "unknown speaker"} for q in article["quotes"]]
    marks += [{"kind": "mention", "id": m["idx"], "start": m["start"], "end": m["end"], "sentence": None,
               "label": m["code"]} for m in article["mentions"]]
    return sorted(marks, key=lambda m: (m["start"], -m["end"]))


# ---- events ---------------------------------------------------------------------------------------

def _event_filter(actor: str | None, source: str | None, target: str | None, a: str | None, b: str | None,
                  direction: str, code: str | None, quad_class: int | None, status: list[str] | None,
                  start: str | None, end: str | None, article_id: str | None, unit: str) -> EventFilter:
    if (a is None) != (b is None):
        raise BadQuery("a dyad needs both a and b")
    return EventFilter(actor=actor, source=source, target=target, dyad=(a, b) if a and b else None,
                       direction=direction, code=code, quad_class=quad_class,  # type: ignore[arg-type]
                       statuses=_statuses(status), start=start, end=end, article_id=article_id,
                       unit=unit).validated()  # type: ignore[arg-type]


@router.get("/events", summary="Search events")
def list_events(request: Request, actor: ActorQ = None, source: ActorQ = None, target: ActorQ = None,
                a: ActorQ = None, b: ActorQ = None, direction: Direction = "both",
                code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix")] = None,
                quad_class: Annotated[int | None, Query(ge=1, le=4)] = None, status: StatusQ = None,
                start: DateQ = None, end: DateQ = None,
                article_id: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")] = None,
                unit: Unit = "events",
                sort: Annotated[Literal["date", "-date", "goldstein", "-goldstein", "mentions"], Query()] = "date",
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Events filtered by actor (either side), source, target, dyad ``a``/``b``, CAMEO code prefix, quad
    class, status and event date.  With ``unit=events`` each event cluster appears once, with its
    ``mentions`` count."""
    flt = _event_filter(actor, source, target, a, b, direction, code, quad_class, status, start, end,
                        article_id, unit)
    with _access(request).reader() as conn:
        items = analytics.event_rows(conn, flt, order=SORTS[sort], limit=limit, offset=offset)
        total = analytics.count_events(conn, flt)
    return _page(items, total, limit, offset)


@router.get("/events/{event_id}", summary="One event with the other reports of it")
def get_event(request: Request, event_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    with _access(request).reader() as conn:
        event = analytics.event_by_id(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return event


# ---- dyads, actors, topics ------------------------------------------------------------------------

@router.get("/dyads/top", summary="Most active dyads")
def dyads_top(request: Request, start: DateQ = None, end: DateQ = None, actor: ActorQ = None,
              directed: bool = False, limit: Limit = 20) -> list[dict[str, Any]]:
    with _access(request).reader() as conn:
        return analytics.top_dyads(conn, start=start, end=end, limit=limit, directed=directed, actor=actor)


@router.get("/dyads/{a}/{b}/series", summary="A dyad's relations per period")
def dyad_series(request: Request, a: ActorCode, b: ActorCode, by: By = "month", direction: Direction = "both",
                unit: Unit = "events", start: DateQ = None, end: DateQ = None) -> dict[str, Any]:
    """Counts per quad class and CAMEO root, Goldstein total and mean, coverage and the
    cooperation–conflict index per period (see docs/analytics.md)."""
    with _access(request).reader() as conn:
        series = analytics.dyad_series(conn, a, b, by=by, direction=direction, unit=unit, start=start, end=end)
    if len(series.points) > 20_000:
        raise BadQuery("too many periods: choose a longer period or a shorter date range")
    return series.to_dict()


@router.get("/dyads/{a}/{b}/changes", summary="Where a dyad's relations turned, and why")
def dyad_changes(request: Request, a: ActorCode, b: ActorCode, by: By = "month", direction: Direction = "both",
                 unit: Unit = "events", start: DateQ = None, end: DateQ = None,
                 penalty: Annotated[float | None, Query(gt=0, le=1000, description="absolute PELT penalty")] = None,
                 sensitivity: Annotated[Literal["low", "default", "high"], Query(
                     description="scales the default penalty: low finds fewer turns, high more")] = "default",
                 explain: Annotated[int, Query(ge=0, le=50)] = 5) -> dict[str, Any]:
    """Change points (ruptures PELT) of the dyad series, each with the events that explain it."""
    scale = SENSITIVITY[sensitivity]
    with _access(request).reader() as conn:
        series = analytics.dyad_series(conn, a, b, by=by, direction=direction, unit=unit, start=start, end=end)
        changes = analytics.change_points(conn, series, penalty=penalty, scale=scale, explain=explain)
    return {"a": series.a, "b": series.b, "by": by, "changes": [c.to_dict() for c in changes]}


@router.get("/actors", summary="Most active actors")
def actors(request: Request, start: DateQ = None, end: DateQ = None,
           prefix: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,30}$")] = None,
           level: Literal["country", "code"] = "country", limit: Limit = 50) -> list[dict[str, Any]]:
    with _access(request).reader() as conn:
        return analytics.top_actors(conn, start=start, end=end, limit=limit, level=level, prefix=prefix)


@router.get("/actors/network", summary="Actor network for a period")
def network(request: Request, start: DateQ = None, end: DateQ = None, limit: Limit = 60,
            min_events: Annotated[int, Query(ge=1)] = 1) -> dict[str, Any]:
    """Nodes are actors (country level), edges the ``limit`` most active dyads with their balance."""
    with _access(request).reader() as conn:
        return analytics.actor_network(conn, start=start, end=end, limit=limit, min_events=min_events)


@router.get("/topics", summary="Most frequent topics")
def topics(request: Request, start: DateQ = None, end: DateQ = None, a: ActorQ = None, b: ActorQ = None,
           limit: Limit = 20) -> list[dict[str, Any]]:
    if (a is None) != (b is None):
        raise BadQuery("a dyad needs both a and b")
    with _access(request).reader() as conn:
        return analytics.top_topics(conn, start=start, end=end, limit=limit, dyad=(a, b) if a and b else None)


# ---- quotes -----------------------------------------------------------------------------------------

@router.get("/quotes", summary="Search quotes")
def list_quotes(request: Request, speaker: Annotated[str | None, Query(max_length=200)] = None,
                article_id: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")] = None,
                start: DateQ = None, end: DateQ = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Quotes by speaker name or code (case-insensitive), article and publication date."""
    EventFilter(start=start, end=end).validated()
    clauses, params = ["1"], {}
    if speaker:
        clauses.append("(q.speaker_name = :speaker COLLATE NOCASE OR q.speaker_code = :speaker)")
        params["speaker"] = speaker
    if article_id:
        clauses.append("q.article_id = :article_id")
        params["article_id"] = article_id
    if start:
        clauses.append("a.date >= :start")
        params["start"] = iso_bound(start)
    if end:
        clauses.append("a.date <= :end")
        params["end"] = iso_bound(end, upper=True)
    where = " AND ".join(clauses)
    base = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}"
    with _access(request).reader() as conn:
        total = conn.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
        items = [dict(r) for r in conn.execute(
            f"SELECT q.*, a.date, a.title, a.source {base} ORDER BY a.date DESC, q.id LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset})]
    return _page(items, total, limit, offset)


@router.get("/speakers", summary="Speakers with the most quotes")
def speakers(request: Request, start: DateQ = None, end: DateQ = None, limit: Limit = 30) -> list[dict[str, Any]]:
    with _access(request).reader() as conn:
        return analytics.top_speakers(conn, start=start, end=end, limit=limit)


@router.get("/speakers/{speaker}/quotes", summary="A speaker's quotes over time")
def speaker_quotes(request: Request, speaker: Annotated[str, Path(min_length=1, max_length=200)],
                   by: By = "month", start: DateQ = None, end: DateQ = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    with _access(request).reader() as conn:
        return analytics.speaker_quotes(conn, speaker, by=by, start=start, end=end, limit=limit, offset=offset)


# ---- search ---------------------------------------------------------------------------------------

_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def _segments(snippet: str) -> list[dict[str, Any]]:
    """Split an FTS5 snippet into plain and matched segments (no markup reaches the client)."""
    parts = re.split(f"({_HIT_OPEN}.*?{_HIT_CLOSE})", snippet)
    return [{"text": p.strip(_HIT_OPEN + _HIT_CLOSE), "hit": p.startswith(_HIT_OPEN)} for p in parts if p]


@router.get("/search", summary="Full-text search over articles and quotes")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=300, description="FTS5 query")],
           kind: Literal["articles", "quotes"] = "articles", limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """SQLite FTS5 (porter stemming): words, "exact phrases", OR, NOT, prefix*.  Results by relevance,
    each with a snippet split into ``{text, hit}`` segments."""
    if kind == "articles":
        sql = f"""SELECT a.id, a.date, a.title, a.source,
                         snippet(articles_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 16) AS snip
                  FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                  WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset"""
        count = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH :q"
    else:
        sql = f"""SELECT q.id, q.article_id, q.text, q.speaker_name, q.speaker_code, q.start, q.end, a.date,
                         a.title, snippet(quotes_fts, 0, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 24) AS snip
                  FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id
                  WHERE quotes_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset"""
        count = "SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH :q"
    try:
        with _access(request).reader() as conn:
            rows = conn.execute(sql, {"q": q, "limit": limit, "offset": offset}).fetchall()
            total = conn.execute(count, {"q": q}).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise BadQuery(f"bad search query {q!r}: {exc}") from None
    items = [{**dict(r), "snippet": _segments(r["snip"] or "")} for r in rows]
    for item in items:
        del item["snip"]
    return _page(items, total, limit, offset)


# ---- export ---------------------------------------------------------------------------------------

@router.get("/export", summary="Download events as CSV, JSON Lines or GDELT 2.0 rows")
def export(request: Request, format: Literal["csv", "jsonl", "gdelt"] = "csv", actor: ActorQ = None,
           a: ActorQ = None, b: ActorQ = None, direction: Direction = "both",
           code: Annotated[str | None, Query(pattern=r"^\d{2,4}$")] = None, status: StatusQ = None,
           start: DateQ = None, end: DateQ = None, unit: Unit = "events") -> StreamingResponse:
    """The same filters as ``/api/events``, as a file download (Parquet: use ``detente export``)."""
    flt = _event_filter(actor, None, None, a, b, direction, code, None, status, start, end, None, unit)
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 2**20, mode="w+b")  # closed by chunks()
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    # Written here, in the request's thread: a SQLite connection must not hop between threads.
    with _access(request).reader() as conn:
        export_events(conn, text, format, flt)
    text.flush()
    text.detach()
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(1 << 16):
                yield chunk

    media = {"csv": "text/csv", "jsonl": "application/x-ndjson", "gdelt": "text/tab-separated-values"}[format]
    name = {"csv": "events.csv", "jsonl": "events.jsonl", "gdelt": "events.export.CSV"}[format]
    return StreamingResponse(chunks(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---- writing (only with --write) ------------------------------------------------------------------

class NewArticle(BaseModel):
    """An article to code (and, on a writable server, to store)."""

    text: str = Field(min_length=1, max_length=1_000_000)
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)


@router.post("/code", summary="Code an article without storing it")
def code_article(article: Annotated[NewArticle, Body()]) -> dict[str, Any]:
    """Runs the same stateless coder as ``detente code`` and returns its JSON record."""
    from detente.coder import code
    from detente.record import Article

    return code(Article(**article.model_dump())).to_dict()


@router.post("/articles", summary="Code and store an article (server started with --write)", status_code=201)
def add_article(request: Request, article: Annotated[NewArticle, Body()]) -> dict[str, Any]:
    from detente.coder import code
    from detente.record import Article

    with _access(request).writer() as store:
        art = Article(**article.model_dump())
        if store.has_article(art.id):
            raise HTTPException(409, f"article {art.id} is already stored")
        record = code(art)
        store.add(art, record)
    return {"id": art.id, "events": len(record.events), "quotes": len(record.quotes)}


@router.post("/clusters", summary="Cluster new events (server started with --write)")
def cluster(request: Request, rebuild: bool = False) -> dict[str, Any]:
    """Groups reports of the same event (see docs/analytics.md); ``rebuild`` starts from scratch."""
    with _access(request).writer() as store:
        summary = analytics.cluster_events(store.conn, rebuild=rebuild)
    return summary.__dict__
