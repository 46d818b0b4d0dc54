"""Relations over time: dyad series, event clusters, change points, rankings and exports.

Everything here reads an open SQLite connection of a détente store (``Store(path).conn``), so the
CLI, the HTTP API and notebooks share one implementation.  See docs/analytics.md for the formulas
(cooperation–conflict index, clustering rule, change detection) and the GDELT column mapping.
"""

from detente.analytics.changes import ChangePoint, change_points
from detente.analytics.clusters import ClusterSummary, cluster_events
from detente.analytics.export import FORMATS, GDELT_COLUMNS, export_events
from detente.analytics.query import (
    ALL_STATUSES,
    COUNTED_STATUSES,
    OTHER_STATUSES,
    PERIODS,
    BadQuery,
    EventFilter,
)
from detente.analytics.rows import count_events, event_by_id, event_rows, iter_event_rows
from detente.analytics.series import DyadSeries, PeriodPoint, dyad_series
from detente.analytics.top import (
    actor_network,
    speaker_quotes,
    top_actors,
    top_dyads,
    top_speakers,
    top_topics,
)

__all__ = [
    "ALL_STATUSES", "COUNTED_STATUSES", "FORMATS", "GDELT_COLUMNS", "OTHER_STATUSES", "PERIODS",
    "BadQuery", "ChangePoint", "ClusterSummary", "DyadSeries", "EventFilter", "PeriodPoint",
    "actor_network", "change_points", "cluster_events", "count_events", "dyad_series", "event_by_id",
    "event_rows", "export_events", "iter_event_rows", "speaker_quotes", "top_actors", "top_dyads",
    "top_speakers", "top_topics",
]
