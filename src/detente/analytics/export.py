"""Exports: coded events as CSV, JSON Lines, Parquet, and in the GDELT 2.0 event-table layout.

CSV, JSON Lines and Parquet carry the store's event columns plus the article's date, title, source
and URL and the cluster's mention counts (:data:`~detente.analytics.rows.ROW_COLUMNS`).  The GDELT
layout is the 61 tab-separated columns of the GDELT 2.0 event table, without a header, so that
tools written for GDELT/ICEWS read our output unchanged; the mapping is documented in
``docs/analytics.md``.  Rows stream from SQLite to the file, so exporting a large store needs
little memory.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

from detente.analytics.query import EventFilter
from detente.analytics.rows import ROW_COLUMNS, iter_event_rows

Format = Literal["csv", "jsonl", "parquet", "gdelt"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet", "gdelt")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS) + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL")
)

# CAMEO actor type codes (CAMEO codebook ch. 3); other 3-letter parts of a code are not types.
ACTOR_TYPES = frozenset(
    ["GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "LEG", "HLH", "REF", "AGR", "ELI", "LAB", "IGO", "NGO", "IMG", "INS", "MNC", "NGM", "SEP", "UAF", "ENV", "MOD", "RAD", "AMN"])
_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "NGM")


def export_events(conn: sqlite3.Connection, out: Path | IO[str], fmt: Format, flt: EventFilter) -> int:
    """Write the events a filter selects to ``out`` (a path, or a text stream for csv/jsonl/gdelt).

    Returns the number of rows written.  ``flt.unit='events'`` writes one row per event cluster,
    as the GDELT event table does; ``'mentions'`` one row per coded report.
    """
    rows = iter_event_rows(conn, flt.validated())
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("Parquet is a binary format: give a file path")
        return write_parquet(rows, out)
    writer = {"csv": write_csv, "jsonl": write_jsonl, "gdelt": write_gdelt}[fmt]
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return writer(rows, fh)
    return writer(rows, out)


def write_csv(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=ROW_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for n, row in enumerate(rows, 1):
        writer.writerow({**row, "topics": ";".join(row["topics"])})
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for n, row in enumerate(rows, 1):
        fh.write(json.dumps({k: row.get(k) for k in ROW_COLUMNS}, ensure_ascii=False) + "\n")
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    ints = {"id", "idx", "sentence", "start", "end", "quad_class", "cluster_id", "mentions",
            "articles", "sources"}
    floats = {"goldstein", "confidence", "article_tone"}

    def kind(c: str) -> Any:
        if c == "topics":
            return pa.list_(pa.string())
        return pa.int64() if c in ints else pa.float64() if c in floats else pa.string()

    return pa.schema([(c, kind(c)) for c in ROW_COLUMNS])


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, *, batch_size: int = 50_000) -> int:
    """Stream rows into a Parquet file in record batches (typed columns, topics as a list)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches(rows, batch_size):
            writer.write_table(pa.Table.from_pylist([{c: r.get(c) for c in ROW_COLUMNS} for r in batch],
                                                    schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_gdelt(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """GDELT 2.0 event table: 61 tab-separated columns, no header, one line per event."""
    n = 0
    for n, row in enumerate(rows, 1):
        fh.write("\t".join(_gdelt_cell(v) for v in gdelt_row(row)) + "\n")
    return n


def _gdelt_cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ")


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One event row in GDELT 2.0 event-table column order (see :data:`GDELT_COLUMNS`)."""
    day = _full_date(row["event_date"])
    year_days = 366 if (day.year % 4 == 0 and day.year % 100 != 0) or day.year % 400 == 0 else 365
    tone = row.get("article_tone")
    values: list[Any] = [
        row["cluster_id"] or row["id"], day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year,
        round(day.year + (day.timetuple().tm_yday - 1) / year_days, 4),
    ]
    values += _gdelt_actor(row, "source") + _gdelt_actor(row, "target")
    values += [
        1 if row["sentence"] == 0 else 0, row["cameo"], row["cameo"][:3], row["cameo_root"],
        row["quad_class"], row["goldstein"], row.get("mentions", 1), row.get("sources", 1),
        row.get("articles", 1), None if tone is None else round(10.0 * tone, 4),
    ]
    values += [0] + [None] * 7 + [0] + [None] * 7  # actor geography: not coded
    values += [4 if row.get("location") else 0, row.get("location")] + [None] * 6
    values += [_date_added(row.get("stored_at")), row.get("article_url") or f"detente:article/{row['article_id']}"]
    return values


def _full_date(value: str) -> date:
    """Month- and year-precision dates become the first day of their month or year."""
    return date.fromisoformat((value + "-01-01")[:10])


def _date_added(stored_at: str | None) -> str | None:
    if not stored_at:
        return None
    digits = "".join(ch for ch in stored_at if ch.isdigit())
    return digits[:14] or None


def _gdelt_actor(row: dict[str, Any], side: str) -> list[Any]:
    """Code, name, country, known group, ethnic, 2 religions and 3 type codes of one actor."""
    code = row.get(f"{side}_code")
    if not code:
        return [None] * 10
    country = row.get(f"{side}_country")
    country = country if country and len(country) == 3 and country not in _KNOWN_GROUP_PREFIXES else None
    rest = code[3:] if country and code.startswith(country) else code
    parts = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    known = parts[-1] if parts and parts[0] in _KNOWN_GROUP_PREFIXES and len(parts) > 1 else None
    types = [p for p in parts if p in ACTOR_TYPES][:3]
    name = row.get(f"{side}_name") or row.get(f"{side}_text")
    return [code, name.upper() if name else None, country, known, None, None, None,
            *(types + [None] * (3 - len(types)))]
