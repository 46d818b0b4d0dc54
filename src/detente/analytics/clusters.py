"""Event deduplication: the same real-world event reported by many articles becomes one cluster.

Wire stories are reprinted, updated and re-reported for days; counting every report would make a
curve follow newsroom activity instead of relations.  Two coded events are the same event when

* they join the same dyad (country level; for CAMEO root 04, meetings and talks, in either
  direction, because "Lavrov met Mogherini" and "Mogherini met Lavrov" are one meeting),
* they have the same CAMEO root and the same status class (factual = asserted/historical/reported;
  negated, future and hypothetical each on their own: a refused meeting is not a meeting),
* their dates fall within ``window_days`` of each other (equal, when a date has only month or
  year precision), and
* their evidence is similar: the overlap coefficient |A∩B| / min(|A|, |B|) of the content words
  of evidence and trigger (so a short "Mogherini visited Moscow" matches the long lead that
  reports the same visit), against any member of the cluster (single link), at least
  ``min_similarity``.  The dyad, type and date already make a match likely (GDELT merges on them
  alone); the evidence test keeps apart distinct same-day events such as two different accusations.

Clustering is incremental: events already assigned keep their cluster, new events join the best
open cluster or start one.  ``events.cluster_id`` holds the id of the cluster's first event (its
representative, so ``cluster_id = id`` picks one row per event), and the derived table
``event_clusters`` holds each cluster's mention, article and source counts and date span.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import groupby

SYMMETRIC_ROOTS = frozenset({"04"})
_WORD = re.compile(r"[^\W\d_]{3,}")
_STEM = 6  # truncation stemming: "sanctions"/"sanctioned" -> "sancti"
_MAX_COMPARED = 50  # members compared per cluster: bounds the cost of huge clusters

CLUSTER_DDL = """
CREATE TABLE IF NOT EXISTS event_clusters (
    id         INTEGER PRIMARY KEY,   -- = events.id of the representative event
    mentions   INTEGER NOT NULL,      -- coded events (reports) in the cluster
    articles   INTEGER NOT NULL,      -- distinct articles
    sources    INTEGER NOT NULL,      -- distinct news sources
    first_date TEXT NOT NULL,
    last_date  TEXT NOT NULL
);
"""


@dataclass
class ClusterSummary:
    """What a clustering run did."""

    events: int = 0  # events assigned in this run
    clusters: int = 0  # clusters touched (new or grown)
    merged: int = 0  # events that joined a cluster with other members


@dataclass
class _Event:
    id: int
    article_id: str
    source: str | None
    event_date: str
    cluster_id: int | None
    words: frozenset[str]


@dataclass
class _Cluster:
    id: int
    members: list[_Event] = field(default_factory=list)
    last_day: date | None = None


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_words(*texts: str | None) -> frozenset[str]:
    """Lower-cased, truncation-stemmed content words of the given texts."""
    stops = _stop_words()
    words = (w for t in texts if t for w in _WORD.findall(t.lower()))
    return frozenset(w[:_STEM] for w in words if w not in stops)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared words over the smaller set's size (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if len(value) == 10 else None


def cluster_events(conn: sqlite3.Connection, *, window_days: int = 3, min_similarity: float = 0.3,
                   rebuild: bool = False) -> ClusterSummary:
    """Assign ``events.cluster_id`` to every event that has none (all events when ``rebuild``).

    Needs a writable connection.  Runs in one write transaction, so readers see all of a run or
    none of it and a killed run leaves the previous clustering intact.
    """
    conn.executescript(CLUSTER_DDL)
    conn.execute("BEGIN IMMEDIATE")
    try:
        summary = _cluster_all(conn, window_days, min_similarity, rebuild)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return summary


def _cluster_all(conn: sqlite3.Connection, window_days: int, min_similarity: float,
                 rebuild: bool) -> ClusterSummary:
    if rebuild:
        conn.execute("UPDATE events SET cluster_id = NULL")
        conn.execute("DELETE FROM event_clusters")
    summary = ClusterSummary()
    for _, rows in groupby(conn.execute(_SCAN_SQL), key=lambda r: r[:4]):
        group = list(rows)
        if all(r[_CLUSTER] is not None for r in group):
            continue  # nothing new in this dyad/type/status group
        events = [_Event(r[4], r[5], r[6], r[7], r[_CLUSTER], content_words(r[9], r[10])) for r in group]
        assignments = _cluster_group(events, window_days, min_similarity)
        conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", assignments)
        touched = {cid for cid, _ in assignments}
        conn.executemany("INSERT OR REPLACE INTO event_clusters VALUES (?, ?, ?, ?, ?, ?)",
                         _stats(events, {eid: cid for cid, eid in assignments}, touched))
        summary.events += len(assignments)
        summary.merged += sum(1 for cid, eid in assignments if cid != eid)
        summary.clusters += len(touched)
    return summary


# One ordered scan groups every event by (dyad, root, status class), in date order within a group,
# already-clustered events first on a day: groups stream through Python one at a time.
_SYMMETRIC = ", ".join(f"'{r}'" for r in sorted(SYMMETRIC_ROOTS))
_SCAN_SQL = f"""
SELECT CASE WHEN root IN ({_SYMMETRIC}) AND t < s THEN t ELSE s END AS k1,
       CASE WHEN root IN ({_SYMMETRIC}) AND t < s THEN s ELSE t END AS k2, root, cls,
       id, article_id, source, event_date, cluster_id, evidence, trigger
FROM (SELECT e.id, e.article_id, a.source, e.event_date, e.cluster_id, e.evidence, e.trigger,
             e.cameo_root AS root, COALESCE(e.source_country, e.source_code, '') AS s,
             COALESCE(e.target_country, e.target_code, '') AS t,
             CASE WHEN e.status IN ('asserted', 'historical', 'reported') THEN 'factual' ELSE e.status END AS cls
      FROM events e JOIN articles a ON a.id = e.article_id)
ORDER BY k1, k2, root, cls, substr(event_date || '-01-01', 1, 10), cluster_id IS NULL, id"""
_CLUSTER = 8  # position of cluster_id in a scanned row


def _stats(events: list[_Event], assigned: dict[int, int], touched: set[int]) -> list[tuple[object, ...]]:
    """event_clusters rows (id, mentions, articles, sources, first, last) of the touched clusters."""
    members: dict[int, list[_Event]] = {}
    for ev in events:
        cid = ev.cluster_id if ev.cluster_id is not None else assigned[ev.id]
        if cid in touched:
            members.setdefault(cid, []).append(ev)
    return [(cid, len(evs), len({e.article_id for e in evs}), len({e.source for e in evs if e.source}),
             min(e.event_date for e in evs), max(e.event_date for e in evs)) for cid, evs in members.items()]


def _cluster_group(events: Iterable[_Event], window_days: int, min_similarity: float) -> list[tuple[int, int]]:
    """Greedy single-link clustering in date order; returns (cluster_id, event_id) for new events.

    Day-precision clusters stay open while their last member is within the window (so the work is
    linear in the group size); month- or year-precision events only meet events with the same date.
    """
    active: list[_Cluster] = []
    coarse: dict[str, list[_Cluster]] = {}
    assignments: list[tuple[int, int]] = []
    for ev in events:
        day = _day(ev.event_date)
        if day is not None:
            active = [c for c in active if c.last_day and (day - c.last_day).days <= window_days]
            pool = active
        else:
            pool = coarse.setdefault(ev.event_date, [])
        if ev.cluster_id is not None:
            cluster = next((c for c in pool if c.id == ev.cluster_id), None)
        else:
            cluster = _best_cluster(ev, pool, min_similarity)
        if cluster is None:
            cluster = _Cluster(ev.cluster_id or ev.id)
            pool.append(cluster)
        if ev.cluster_id is None:
            assignments.append((cluster.id, ev.id))
        cluster.members.append(ev)
        cluster.last_day = day
    return assignments


def _best_cluster(ev: _Event, pool: Iterable[_Cluster], min_similarity: float) -> _Cluster | None:
    best, best_sim = None, min_similarity
    for cluster in pool:
        sim = max(overlap(ev.words, m.words) for m in cluster.members[-_MAX_COMPARED:])
        if sim >= best_sim:
            best, best_sim = cluster, sim
    return best
