"""Dyad time series: how relations between two actors develop, period by period.

One aggregated query per series (grouped by period, status, quad class and CAMEO root) keeps a
curve over 100,000 articles fast; the pivot into periods happens in Python on a few hundred rows.

Each period carries counts per quad class and root, total and mean Goldstein, and the
**cooperation–conflict index**::

    cci = 100 * (cooperative − conflictual) / coverage

where *cooperative* counts quad classes 1–2 (verbal and material cooperation), *conflictual*
quad classes 3–4, and *coverage* is the number of articles published in the period (near-duplicates
excluded).  It reads "net cooperative events per 100 articles" and so does not rise merely because
the archive holds more news that month.  ``balance = (coop − conflict) / (coop + conflict)`` is the
bounded share in [−1, 1].  Only asserted, historical and reported events count by default;
negated, future and hypothetical events are reported per period as separate series.  Events are
placed at their event date (a 2017 article about 2014 sanctions counts in 2014); an event whose
date is coarser than the period (a year-only date in a monthly series) is tallied under
``imprecise`` instead of being smeared over an arbitrary month.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from detente.analytics.query import (
    COUNTED_STATUSES,
    OTHER_STATUSES,
    Direction,
    EventFilter,
    Period,
    Unit,
    period_bounds,
    period_expr,
    period_keys,
)


@dataclass
class PeriodPoint:
    """One period of a dyad series."""

    period: str
    start: str
    end: str
    coverage: int = 0  # articles published in the period
    count: int = 0  # counted events (or mentions)
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    roots: dict[str, int] = field(default_factory=dict)
    goldstein_total: float = 0.0
    goldstein_mean: float | None = None
    coop: int = 0
    conflict: int = 0
    cci: float | None = None
    balance: float | None = None
    other: dict[str, int] = field(default_factory=lambda: {s: 0 for s in OTHER_STATUSES})


@dataclass
class DyadSeries:
    """A dyad's curve: the question asked and one :class:`PeriodPoint` per period, gaps included."""

    a: str
    b: str
    by: Period
    direction: Direction
    unit: Unit
    points: list[PeriodPoint]
    imprecise: dict[str, int]  # coarse event date -> counted events too coarse for this period

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def dyad_series(conn: sqlite3.Connection, a: str, b: str, *, by: Period = "month",
                direction: Direction = "both", unit: Unit = "events",
                start: str | None = None, end: str | None = None) -> DyadSeries:
    """Counts, Goldstein and the cooperation–conflict index of A–B events per period.

    ``unit='events'`` counts each real-world event once (its cluster), ``'mentions'`` counts every
    report of it.  ``start``/``end`` bound the event dates (YYYY, YYYY-MM or YYYY-MM-DD).
    """
    flt = EventFilter(dyad=(a, b), direction=direction, statuses=None, start=start, end=end,
                      unit=unit).validated()
    rows = _grouped(conn, flt, by)
    imprecise = _imprecise(conn, flt, by)
    keys = _span(rows, flt, by)
    points = {k: PeriodPoint(k, *period_bounds(k, by)) for k in keys}
    for row in rows:
        _accumulate(points[row["p"]], row)
    coverage = _coverage(conn, by, keys)
    for point in points.values():
        point.coverage = coverage.get(point.period, 0)
        _finish(point)
    assert flt.dyad is not None
    return DyadSeries(flt.dyad[0], flt.dyad[1], by, direction, unit, list(points.values()), imprecise)


def _grouped(conn: sqlite3.Connection, flt: EventFilter, by: Period) -> list[sqlite3.Row]:
    where, params = flt.where()
    key = period_expr("e.event_date", by)
    sql = f"""SELECT {key} AS p, e.status, e.quad_class, e.cameo_root, COUNT(*) AS n, SUM(e.goldstein) AS g
              FROM events e WHERE {where} AND {key} IS NOT NULL
              GROUP BY p, e.status, e.quad_class, e.cameo_root"""
    return conn.execute(sql, params).fetchall()


def _imprecise(conn: sqlite3.Connection, flt: EventFilter, by: Period) -> dict[str, int]:
    where, params = flt.where()
    names = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)
    sql = f"""SELECT e.event_date AS d, COUNT(*) AS n FROM events e
              WHERE {where} AND {period_expr('e.event_date', by)} IS NULL AND e.status IN ({names})
              GROUP BY d ORDER BY d"""
    return {row["d"]: row["n"] for row in conn.execute(sql, params)}


def _span(rows: list[sqlite3.Row], flt: EventFilter, by: Period) -> list[str]:
    """Period keys from the query's start (or first event) to its end (or last event)."""
    present = sorted(row["p"] for row in rows)
    first = flt.start or (period_bounds(present[0], by)[0] if present else None)
    last = flt.end or (period_bounds(present[-1], by)[1] if present else None)
    if first is None or last is None:
        return []
    return period_keys(first, last, by)


def _accumulate(point: PeriodPoint, row: sqlite3.Row) -> None:
    n, status = row["n"], row["status"]
    if status not in COUNTED_STATUSES:
        point.other[status] = point.other.get(status, 0) + n
        return
    point.count += n
    point.quad[row["quad_class"]] = point.quad.get(row["quad_class"], 0) + n
    point.roots[row["cameo_root"]] = point.roots.get(row["cameo_root"], 0) + n
    point.goldstein_total += row["g"] or 0.0


def _finish(point: PeriodPoint) -> None:
    point.coop = point.quad.get(1, 0) + point.quad.get(2, 0)
    point.conflict = point.quad.get(3, 0) + point.quad.get(4, 0)
    point.goldstein_total = round(point.goldstein_total, 3)
    if point.count:
        point.goldstein_mean = round(point.goldstein_total / point.count, 3)
    if point.coverage:
        point.cci = round(100.0 * (point.coop - point.conflict) / point.coverage, 3)
    if point.coop + point.conflict:
        point.balance = round((point.coop - point.conflict) / (point.coop + point.conflict), 3)
    point.roots = dict(sorted(point.roots.items()))


def _coverage(conn: sqlite3.Connection, by: Period, keys: list[str]) -> dict[str, int]:
    """Articles published per period (near-duplicates excluded), over the series' span."""
    if not keys:
        return {}
    first, last = period_bounds(keys[0], by)[0], period_bounds(keys[-1], by)[1]
    sql = f"""SELECT {period_expr('a.date', by)} AS p, COUNT(*) AS n FROM articles a
              WHERE a.date >= ? AND a.date <= ? AND a.duplicate_of IS NULL GROUP BY p"""
    counts: dict[str, int] = defaultdict(int)
    for row in conn.execute(sql, (first, last)):
        if row["p"] is not None:
            counts[row["p"]] += row["n"]
    return counts
