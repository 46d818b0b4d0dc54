"""The Dask runner gives the same store as a single-process ingest, and leaves readable Parquet.

One local cluster of two single-threaded worker processes codes the seed articles and 40
Reuters-21578 stories in small partitions (so both workers get several and results come back out
of order); everything the coder produced must be identical to ``detente.pipeline.ingest`` with
one process.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

from detente.distributed import run_dask
from detente.pipeline import ingest

REUTERS = Path("data") / "reuters21578" / "reuters21578.jsonl"
# Every table an ingest fills, in its natural order, less the columns that differ by run
# (autoincrement ids, timestamps).
TABLES = {
    "articles": ("seq", {"stored_at"}),
    "sentences": ("article_id, idx", set()),
    "actor_mentions": ("article_id, idx", set()),
    "events": ("article_id, idx", {"id"}),
    "quotes": ("article_id, idx", {"id"}),
}


@pytest.fixture(scope="module")
def inputs(shared: Path, seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed articles plus the first 40 Reuters stories about governments (events to find)."""
    source = shared / REUTERS
    if not source.exists():
        pytest.skip(f"{source} not found")
    picked: list[str] = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text", "")
            if "minister" in text.lower() or "government" in text.lower():
                picked.append(line)
            if len(picked) == 40:
                break
    path = tmp_path_factory.mktemp("dask-input") / "reuters40.jsonl"
    path.write_text("".join(picked), encoding="utf-8")
    return [seeds, path]


def _dump(db: Path, table: str) -> list[dict]:
    order, volatile = TABLES[table]
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    return [{k: v for k, v in dict(row).items() if k not in volatile} for row in rows]


def test_dask_run_stores_what_a_single_process_stores(inputs: list[Path], tmp_path: Path, nlp) -> None:
    local = ingest(inputs, tmp_path / "local.db", workers=1, progress=False)
    parquet = tmp_path / "parquet"
    dask = run_dask(inputs, tmp_path / "dask.db", workers=2, out_dir=parquet, partition_size=8,
                    progress=False)

    assert (dask.stored, dask.duplicates, len(dask.skipped)) == (local.stored, local.duplicates,
                                                                 len(local.skipped))
    assert dask.stored >= 40
    for table in TABLES:
        assert _dump(tmp_path / "dask.db", table) == _dump(tmp_path / "local.db", table), table
    events = _dump(tmp_path / "local.db", "events")
    assert len(events) >= 20, "too few events to show anything"

    # The Parquet written on the workers is what was stored, readable without the store.
    pq_events = ds.dataset(parquet / "events", partitioning="hive").to_table()
    assert pq_events.num_rows == len(events)
    assert sorted(zip(pq_events["article_id"].to_pylist(), pq_events["cameo"].to_pylist())) == \
        sorted((e["article_id"], e["cameo"]) for e in events)
    assert len(set(pq_events["run"].to_pylist())) == 1
    articles = ds.dataset(parquet / "articles", partitioning="hive").to_table()
    assert set(articles["id"].to_pylist()) == {a["id"] for a in _dump(tmp_path / "local.db", "articles")}
    assert articles["error"].null_count == articles.num_rows
