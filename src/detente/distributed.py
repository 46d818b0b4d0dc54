"""The Dask runner: the same stateless coder over partitions on a Dask cluster, Parquet in between.

    >>> run_dask(["archive/"], "news.db", workers=2, out_dir="parquet/")             # local cluster
    >>> run_dask(["archive/"], "news.db", scheduler="tcp://10.0.0.5:8786", out_dir="/nfs/run/")

An ingest on Dask *is* :func:`detente.pipeline.ingest`: this process reads, de-duplicates and is
the store's one writer, exactly as in a local run; only the coding is handed to the cluster
(:func:`code_on_dask`).  Articles are cut into partitions; a worker codes each partition with
:func:`detente.pipeline.code_articles` (the call a local worker process makes, so a coder failure
costs one article there too) and writes it as one Parquet part file per table, under a Hive-style
``run=`` folder per run::

    out_dir/articles/run=<run>/part-<n>.parquet    one row per article: metadata, text, tone, topics,
                                                   coder_version, error (why the coder failed, or null)
    out_dir/{sentences,actors,events,quotes}/run=<run>/part-<n>.parquet   one row per item, keyed
                                                   by (article_id, idx); actors, evidence are structs

This process reads each part back, rebuilds the :class:`~detente.record.Record` s and stores
them in input order, so what is in the store is what is in the Parquet, and the Parquet can be
read directly by Dask, pandas, pyarrow or DuckDB (``dask.dataframe.read_parquet(out_dir/"events")``).
The tables' columns are derived from the record dataclasses, so a field added to
:class:`~detente.record.Event` appears in the Parquet with no change here.

Memory stays flat however long the input: at most two partitions per worker thread are in flight.
Nothing is contacted but the given scheduler; without one, a local cluster listens on 127.0.0.1
only, with no dashboard.  ``out_dir`` must be a folder every worker and this process can reach
(the same path on a shared filesystem: NFS or Lustre on SLURM, a shared volume on Kubernetes).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import types
import typing
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from detente.coder import CODER_VERSION
from detente.ingest import Problem
from detente.ingest.dedup import WINDOW_DAYS
from detente.pipeline import IngestSummary, code_articles, ingest
from detente.record import ActorMention, Article, Event, Quote, Record, Sentence

if TYPE_CHECKING:
    from distributed import Client, Future

PARTITION = 100  # articles per task: 10-60 s of coding; fewer would mean many small Parquet files
CHILDREN: dict[str, type] = {"sentences": Sentence, "actors": ActorMention, "events": Event,
                             "quotes": Quote}
_RECORD_ONLY = ("topics", "tone")  # what the articles table adds to Article's own fields
_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


# --- running -------------------------------------------------------------------------------------


def run_dask(paths: Iterable[str | Path] | str | Path, db: str | Path, *, out_dir: str | Path,
             scheduler: str | None = None, workers: int = 2, partition_size: int = PARTITION,
             progress: bool = True, on_problem: Callable[[Problem], None] | None = None,
             dedup_window: int | None = WINDOW_DAYS) -> IngestSummary:
    """``detente ingest --engine dask``: ingest ``paths`` into ``db``, coding on a Dask cluster.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a
    local cluster of ``workers`` single-threaded processes is started for the run.  Everything
    else behaves as :func:`detente.pipeline.ingest`: same outcomes, same log, resumable.
    """
    with dask_client(scheduler, workers) as client:
        coder = partial(code_on_dask, client=client, out_dir=out_dir, partition_size=partition_size)
        return ingest(paths, db, progress=progress, on_problem=on_problem, coder=coder,
                      dedup_window=dedup_window)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster started (and stopped) here.

    The local cluster uses processes, not threads: spaCy and the coder hold the GIL.  Its log is
    kept to errors: at the end of a run the nannies report killing workers that are slow to exit
    (all their work is done by then), which would read like a failure.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def code_on_dask(articles: Iterable[Article], *, client: Client, out_dir: str | Path,
                 partition_size: int = PARTITION,
                 run: str | None = None) -> Iterator[tuple[Article, Record | str]]:
    """Each article with its Record (read back from Parquet) or why the coder failed, in order.

    A :data:`detente.pipeline.Coder`: what ``ingest(coder=...)`` calls in place of local workers.
    """
    run = run or f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    stream = iter(articles)
    partitions = iter(lambda: list(islice(stream, partition_size)), [])
    in_flight: deque[tuple[list[Article], Future]] = deque()
    for number, partition in enumerate(partitions):
        part = part_name(run, number)
        in_flight.append((partition, client.submit(code_partition, partition, str(out_dir), part,
                                                   key=f"detente-code-{part}", pure=False)))
        if len(in_flight) > 2 * max(1, sum(client.nthreads().values())):
            yield from _collect(*in_flight.popleft(), out_dir)
    while in_flight:
        yield from _collect(*in_flight.popleft(), out_dir)


def _collect(partition: list[Article], future: Future,
             out_dir: str | Path) -> Iterator[tuple[Article, Record | str]]:
    results = read_partition(out_dir, future.result())
    future.release()
    yield from zip(partition, results, strict=True)


def part_name(run: str, number: int) -> str:
    """Where partition ``number`` of ``run`` goes inside each table's folder."""
    return f"run={run}/part-{number:06d}.parquet"


def code_partition(articles: list[Article], out_dir: str, part: str) -> str:
    """On a worker: code a partition and write its part files; returns ``part`` when all are there.

    Each file is written under a temporary name and renamed, so a retried or killed task never
    leaves a half-written file that a reader could mistake for a whole one.
    """
    tables = to_tables(code_articles(articles, workers=1))
    for name, table in tables.items():
        path = Path(out_dir, name, part)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    return part


# --- records <-> tables --------------------------------------------------------------------------


def to_tables(coded: Iterable[tuple[Article, Record | str]]) -> dict[str, pa.Table]:
    """Articles and their coding as Arrow tables: ``articles`` plus one table per child list."""
    rows: dict[str, list[dict[str, Any]]] = {"articles": [], **{name: [] for name in CHILDREN}}
    for article, result in coded:
        record = result if isinstance(result, Record) else None
        rows["articles"].append(_article_row(article, record, None if record else str(result)))
        for name in CHILDREN if record else ():
            rows[name] += [{"article_id": article.id, "idx": i, **item.to_dict()}
                           for i, item in enumerate(getattr(record, name))]
    return {name: pa.Table.from_pylist(data, schema=SCHEMAS[name]) for name, data in rows.items()}


def _article_row(article: Article, record: Record | None, error: str | None) -> dict[str, Any]:
    row = article.to_dict() | {"meta": json.dumps(article.meta, ensure_ascii=False, default=str)}
    row.update({k: getattr(record, k) if record else None for k in _RECORD_ONLY})
    return row | {"coder_version": CODER_VERSION, "error": error}


def from_tables(tables: dict[str, pa.Table]) -> list[Record | str]:
    """The Records (or coder failures) of a partition, in article order: the inverse of :func:`to_tables`."""
    children: dict[str, defaultdict[str, list[dict[str, Any]]]] = {}
    for name in CHILDREN:
        children[name] = defaultdict(list)
        for row in tables[name].to_pylist():  # written in article order, then idx order
            children[name][row.pop("article_id")].append(row)
            row.pop("idx")
    return [_record(row, children) for row in tables["articles"].to_pylist()]


def _record(row: dict[str, Any], children: dict[str, defaultdict[str, list[dict[str, Any]]]]) -> Record | str:
    if row["error"] is not None:
        return row["error"]
    if row["dateline"] is not None:
        row["dateline"] = dict(row["dateline"])  # Arrow maps come back as (key, value) pairs
    fields = {f.name for f in dataclasses.fields(Record)} - set(CHILDREN)
    return Record.from_dict({k: row[k] for k in fields} | {n: c[row["id"]] for n, c in children.items()})


def read_partition(out_dir: str | Path, part: str) -> list[Record | str]:
    """Read back the Records of one part written by :func:`code_partition`."""
    tables = {name: pq.read_table(Path(out_dir, name, part), schema=SCHEMAS[name])
              for name in ("articles", *CHILDREN)}
    return from_tables(tables)


# --- schemas, derived from the record dataclasses ------------------------------------------------


def _arrow_type(hint: Any) -> pa.DataType:
    """Arrow type of a dataclass field's annotation (optional-ness is Arrow's null, not a type)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return _arrow_type(inner)
    if origin is Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(args[0]))
    if origin is dict:  # dateline: a map; meta (any JSON value): JSON text, see _article_row
        return pa.map_(pa.string(), pa.string()) if args == (str, str) else pa.string()
    if dataclasses.is_dataclass(hint):
        return pa.struct(_fields(hint))
    return _SCALARS[hint]


def _fields(cls: type) -> list[pa.Field]:
    hints = typing.get_type_hints(cls)
    return [pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)]


def _schemas() -> dict[str, pa.Schema]:
    keys = [pa.field("article_id", pa.string(), nullable=False), pa.field("idx", pa.int32(), nullable=False)]
    record = {f.name: f for f in _fields(Record) if f.name in _RECORD_ONLY}
    schemas = {"articles": pa.schema([*_fields(Article), *record.values(), pa.field("coder_version", pa.string()),
                                      pa.field("error", pa.string())])}
    return schemas | {name: pa.schema(keys + _fields(cls)) for name, cls in CHILDREN.items()}


SCHEMAS: dict[str, pa.Schema] = _schemas()
