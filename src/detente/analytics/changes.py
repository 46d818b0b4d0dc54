"""Change points: where a dyad's relations turned, and the events that explain each turn.

Detection runs ``ruptures``' PELT search with a least-squares cost (``KernelCPD`` with a linear
kernel, implemented in C) on a two-column signal per period: the square roots of the cooperative and conflictual counts (quad classes 1–2 and 3–4; the
square root steadies the variance of counts, so one busy week is not a regime), each scaled by
its standard deviation so that neither dominates.  The penalty defaults to ``2 · d · ln(n)`` (a
BIC-style choice for d standardised columns over n periods); a larger penalty finds fewer turns.

A change point is the first period of a new segment; ``direction`` says which way net cooperation
moved and ``kind`` which count moved most ("more conflict", "less cooperation", ...).  It is
explained by the counted events that pull in its direction in the first periods of the new
segment, looking further into it when those hold none (``when='after'``): the most conflictual (lowest Goldstein) for a turn toward conflict, the
most cooperative for a turn toward cooperation, widely reported ones first among equals.  When a
turn is the end of a burst (conflict subsides, nothing cooperative happens), the explanation is
the burst that ended: the last periods before the change (``when='before'``).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from detente.analytics.query import COUNTED_STATUSES, EventFilter, period_bounds
from detente.analytics.rows import event_rows
from detente.analytics.series import DyadSeries


@dataclass
class ChangePoint:
    period: str  # first period of the new segment
    index: int  # its position in the series
    before: dict[str, float]  # mean coop / conflict / net per period in the previous segment
    after: dict[str, float]
    direction: str  # "cooperation" or "conflict": which way net cooperation moved
    kind: str  # "more conflict", "less conflict", "more cooperation" or "less cooperation"
    delta: float  # change in mean net cooperation (coop − conflict) per period
    events: list[dict[str, Any]] = field(default_factory=list)
    when: str = "after"  # whether the explaining events start the new segment or end the old one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def detect(series: DyadSeries, *, penalty: float | None = None, scale: float = 1.0,
           min_size: int = 2) -> list[int]:
    """Indices of the periods that start a new segment (empty when the series is too short or flat).

    ``penalty`` replaces the default ``2 · d · ln(n)``; ``scale`` multiplies the default instead
    (below 1 finds more turns, above 1 fewer).
    """
    import numpy as np  # loaded only when a curve is analysed: importing the store stays light
    import ruptures

    signal = np.sqrt(np.array([[p.coop, p.conflict] for p in series.points], dtype=float))
    if len(signal) < 2 * min_size:
        return []
    spread = signal.std(axis=0)
    keep = spread > 0
    if not keep.any():
        return []
    signal = signal[:, keep] / spread[keep]
    pen = penalty if penalty is not None else scale * 2.0 * signal.shape[1] * math.log(len(signal))
    # KernelCPD with a linear kernel is PELT with the least-squares cost, in C: the pure-Python
    # Pelt(model="l2") gives the same breaks but takes seconds on a few hundred weeks.
    breaks = ruptures.KernelCPD(kernel="linear", min_size=min_size).fit(signal).predict(pen=pen)
    return [int(b) for b in breaks if b < len(signal)]


def change_points(conn: sqlite3.Connection, series: DyadSeries, *, penalty: float | None = None,
                  scale: float = 1.0, min_size: int = 2, explain: int = 5) -> list[ChangePoint]:
    """Change points of a dyad series, each with up to ``explain`` events behind the turn."""
    indices = detect(series, penalty=penalty, scale=scale, min_size=min_size)
    bounds = [0, *indices, len(series.points)]
    result = []
    for i, idx in enumerate(indices):
        before, after = _segment(series, bounds[i], idx), _segment(series, idx, bounds[i + 2])
        delta = round(after["net"] - before["net"], 3)
        cp = ChangePoint(series.points[idx].period, idx, before, after,
                         "cooperation" if delta >= 0 else "conflict", _kind(before, after), delta)
        cp.events = _after(conn, series, idx, bounds[i + 2], cp.direction, min_size, explain)
        if not cp.events:
            opposite = "conflict" if cp.direction == "cooperation" else "cooperation"
            first = max(idx - max(min_size, 1), bounds[i])
            cp.events = _explaining(conn, series, first, idx - 1, opposite, explain)
            cp.when = "before"
        result.append(cp)
    return result


def _after(conn: sqlite3.Connection, series: DyadSeries, idx: int, end: int, direction: str,
           min_size: int, limit: int) -> list[dict[str, Any]]:
    """Events pulling in the turn's direction from its first periods, looking further into the new
    segment (4×, then all of it) when the first periods hold none."""
    for width in (max(min_size, 1), 4 * max(min_size, 1), end - idx):
        events = _explaining(conn, series, idx, min(idx + width, end) - 1, direction, limit)
        if events or idx + width >= end:
            return events
    return []


def _kind(before: dict[str, float], after: dict[str, float]) -> str:
    d_coop, d_conflict = after["coop"] - before["coop"], after["conflict"] - before["conflict"]
    if abs(d_conflict) >= abs(d_coop):
        return "more conflict" if d_conflict > 0 else "less conflict"
    return "more cooperation" if d_coop > 0 else "less cooperation"


def _segment(series: DyadSeries, lo: int, hi: int) -> dict[str, float]:
    points = series.points[lo:hi]
    n = max(len(points), 1)
    coop = sum(p.coop for p in points) / n
    conflict = sum(p.conflict for p in points) / n
    return {"coop": round(coop, 3), "conflict": round(conflict, 3), "net": round(coop - conflict, 3)}


def _explaining(conn: sqlite3.Connection, series: DyadSeries, first: int, last: int, direction: str,
                limit: int) -> list[dict[str, Any]]:
    start = period_bounds(series.points[first].period, series.by)[0]
    end = period_bounds(series.points[last].period, series.by)[1]
    flt = EventFilter(dyad=(series.a, series.b), direction=series.direction, statuses=COUNTED_STATUSES,
                      start=start, end=end, unit=series.unit).validated()
    order = "e.goldstein ASC" if direction == "conflict" else "e.goldstein DESC"
    quads = {3, 4} if direction == "conflict" else {1, 2}
    rows = event_rows(conn, flt, order=f"{order}, mentions DESC, e.id", limit=limit * 4)
    return [r for r in rows if r["quad_class"] in quads][:limit]
