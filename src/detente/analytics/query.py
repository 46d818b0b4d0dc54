"""Shared SQL building blocks: which events a question is about, and how dates fall into periods.

Every analytic (series, top lists, exports) and every HTTP endpoint filters events the same way, so
the WHERE clause is built in one place (:class:`EventFilter`) and a curve, its drill-down list and
its export always agree on which rows they mean.

Actors are given as a country code (``RUS``), a full CAMEO/Phoenix code (``RUSGOV``,
``IGOEUREEC``) or a code prefix; a spec matches an actor when it equals its country or is a prefix
of its code.  Event dates have day, month or year precision (``2017-07-11``, ``2017-07``,
``2017``); a date range keeps an event when the first day it can denote lies in the range.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Period = Literal["day", "week", "month", "year"]
Direction = Literal["both", "forward", "backward"]
Unit = Literal["events", "mentions"]

PERIODS: tuple[str, ...] = ("day", "week", "month", "year")
COUNTED_STATUSES: tuple[str, ...] = ("asserted", "historical", "reported")
OTHER_STATUSES: tuple[str, ...] = ("negated", "future", "hypothetical")
ALL_STATUSES: tuple[str, ...] = COUNTED_STATUSES + OTHER_STATUSES

_ACTOR = re.compile(r"^[A-Z0-9]{2,30}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BadQuery(ValueError):
    """A question the store cannot answer as asked (bad actor code, date, period...)."""


def actor_spec(value: str) -> str:
    """Normalise an actor spec (``rus`` → ``RUS``); BadQuery when it cannot be a code."""
    spec = value.strip().upper()
    if not _ACTOR.match(spec):
        raise BadQuery(f"bad actor code {value!r}: use a country or CAMEO actor code such as RUS or IGOEUREEC")
    return spec


def iso_bound(value: str | None, *, upper: bool = False) -> str | None:
    """Expand a date bound to a full day: ``2017`` → ``2017-01-01`` (or ``2017-12-31`` as upper bound)."""
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise BadQuery(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts).isoformat()
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            if not upper:
                return first.isoformat()
            nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return (nxt - timedelta(days=1)).isoformat()
    except ValueError as exc:
        raise BadQuery(f"bad date {value!r}: {exc}") from None
    return f"{parts[0]:04d}-12-31" if upper else f"{parts[0]:04d}-01-01"


def _actor_sql(side: str, param: str) -> str:
    """An actor spec on one side: its country equals the spec, or its code starts with it."""
    return f"(e.{side}_country = :{param} OR e.{side}_code GLOB :{param}_glob)"


@dataclass(frozen=True)
class EventFilter:
    """Which events a question is about.  ``unit='events'`` keeps one row per event cluster."""

    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    direction: Direction = "both"  # for dyad: both directions, A→B only, or B→A only
    code: str | None = None  # CAMEO code prefix
    quad_class: int | None = None
    statuses: tuple[str, ...] | None = COUNTED_STATUSES  # None: every status
    start: str | None = None
    end: str | None = None
    article_id: str | None = None
    unit: Unit = "mentions"

    def validated(self) -> EventFilter:
        """Normalise codes and dates; raise BadQuery on anything malformed."""
        if self.code is not None and not _CAMEO.match(self.code):
            raise BadQuery(f"bad CAMEO code {self.code!r}: use 2 to 4 digits such as 04 or 163")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise BadQuery("quad_class must be 1, 2, 3 or 4")
        if self.statuses is not None and (bad := set(self.statuses) - set(ALL_STATUSES)):
            raise BadQuery(f"unknown status {sorted(bad)}: use {', '.join(ALL_STATUSES)}")
        start, end = iso_bound(self.start), iso_bound(self.end, upper=True)
        if start and end and start > end:
            raise BadQuery(f"start {start} is after end {end}")
        return replace(
            self,
            actor=actor_spec(self.actor) if self.actor else None,
            source=actor_spec(self.source) if self.source else None,
            target=actor_spec(self.target) if self.target else None,
            dyad=(actor_spec(self.dyad[0]), actor_spec(self.dyad[1])) if self.dyad else None,
            start=start,
            end=end,
        )

    def where(self) -> tuple[str, dict[str, object]]:
        """SQL condition on table alias ``e`` and its named parameters (call on a validated filter)."""
        clauses: list[str] = []
        params: dict[str, object] = {}

        def actor(name: str, spec: str) -> None:
            params[name], params[f"{name}_glob"] = spec, spec + "*"

        if self.actor:
            actor("act", self.actor)
            clauses.append(f"({_actor_sql('source', 'act')} OR {_actor_sql('target', 'act')})")
        if self.source:
            actor("src", self.source)
            clauses.append(_actor_sql("source", "src"))
        if self.target:
            actor("tgt", self.target)
            clauses.append(_actor_sql("target", "tgt"))
        if self.dyad:
            actor("da", self.dyad[0])
            actor("db", self.dyad[1])
            forward = f"({_actor_sql('source', 'da')} AND {_actor_sql('target', 'db')})"
            backward = f"({_actor_sql('source', 'db')} AND {_actor_sql('target', 'da')})"
            clauses.append({"forward": forward, "backward": backward}.get(self.direction, f"({forward} OR {backward})"))
        if self.code:
            params["code_glob"] = self.code + "*"
            clauses.append("e.cameo GLOB :code_glob")
        if self.quad_class:
            params["quad"] = self.quad_class
            clauses.append("e.quad_class = :quad")
        if self.statuses is not None:
            names = [f":st{i}" for i in range(len(self.statuses))]
            params.update({f"st{i}": s for i, s in enumerate(self.statuses)})
            clauses.append(f"e.status IN ({', '.join(names) or 'NULL'})")
        if self.start:
            # The index narrows to the year; the expression compares the first day the date denotes.
            params["start"], params["start_year"] = self.start, self.start[:4]
            clauses.append("e.event_date >= :start_year AND substr(e.event_date || '-01-01', 1, 10) >= :start")
        if self.end:
            params["end"] = self.end
            clauses.append("e.event_date <= :end")
        if self.article_id:
            params["article_id"] = self.article_id
            clauses.append("e.article_id = :article_id")
        if self.unit == "events":
            clauses.append("(e.cluster_id IS NULL OR e.cluster_id = e.id)")
        return (" AND ".join(clauses) or "1"), params


def period_expr(column: str, by: Period) -> str:
    """SQL giving the period key of an ISO date column, NULL when the date is coarser than ``by``.

    Keys: ``2017-07-11`` (day), the Monday ``2017-07-10`` (week), ``2017-07`` (month), ``2017`` (year).
    """
    if by == "day":
        return f"CASE WHEN length({column}) = 10 THEN {column} END"
    if by == "week":
        return f"CASE WHEN length({column}) = 10 THEN date({column}, 'weekday 0', '-6 days') END"
    if by == "month":
        return f"CASE WHEN length({column}) >= 7 THEN substr({column}, 1, 7) END"
    if by == "year":
        return f"substr({column}, 1, 4)"
    raise BadQuery(f"bad period {by!r}: use {', '.join(PERIODS)}")


def period_bounds(key: str, by: Period) -> tuple[str, str]:
    """First and last day of a period key, for drilling from a bar to its events."""
    if by == "day":
        return key, key
    if by == "week":
        monday = date.fromisoformat(key)
        return key, (monday + timedelta(days=6)).isoformat()
    lower, upper = iso_bound(key), iso_bound(key, upper=True)
    assert lower and upper
    return lower, upper


def period_key(day: date, by: Period) -> str:
    """The period key of a calendar day (same keys as :func:`period_expr`)."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if by == "month":
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def period_keys(first: str, last: str, by: Period) -> list[str]:
    """Every period key from the period of ``first`` to that of ``last`` (full ISO days), gaps included."""
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    keys: list[str] = []
    while day <= end:
        key = period_key(day, by)
        if not keys or keys[-1] != key:
            keys.append(key)
        day = _next_period_start(day, by)
    return keys


def _next_period_start(day: date, by: Period) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day - timedelta(days=day.weekday()) + timedelta(days=7)
    if by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether a table exists (derived tables such as event_clusters appear after clustering)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None
