"""Ingest: read archives into :class:`~detente.record.Article` s, cut datelines, spot near-duplicates.

    >>> from detente.ingest import read_articles, Problem
    >>> for item in read_articles(["archive/"]):
    ...     if isinstance(item, Problem):
    ...         print(item)          # "archive/x.jsonl:17: broken JSON: ... (skipped)"
    ...     else:
    ...         code(item)
"""

from detente.ingest.dateline import parse_dateline
from detente.ingest.dedup import NearDuplicateIndex
from detente.ingest.readers import Problem, read_articles

__all__ = ["NearDuplicateIndex", "Problem", "parse_dateline", "read_articles"]
