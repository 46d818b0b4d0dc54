"""Is détente at least as fast as running spaCy's full pipeline over the same texts?

    python benchmarks/throughput.py --limit 2000 --workers 2
    python benchmarks/throughput.py --limit 300 --profile 25     # where détente's time goes

In one run, over the first ``--limit`` records of a JSON Lines file (default: Reuters-21578 in
../shared), it measures

(a) bare spaCy: ``en_core_web_sm`` ``nlp.pipe`` with every component, ``n_process=--workers``;
(b) détente: ``detente.pipeline.ingest`` of the same file into a fresh SQLite store with
    ``workers=--workers`` — reading, de-duplication, coding and storing, worker start-up included
    (``--engine dask``: the same through a local Dask cluster and Parquet);

and prints articles/s and words/s for both, their ratio, the peak memory of each process tree,
CPU seconds, and the share of sentences détente parsed fully.  Both rates count the same input
articles and words (``len(text.split())`` of each article body), so the ratio is the ratio of the
times.  The CPU-time ratio is printed too: it does not move when other programs share the machine.

``--profile N`` instead codes and stores the sample in this process under cProfile and prints the
time per module and the N most expensive calls.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from measure import (
    Measured,
    arguments,
    cpu_seconds,
    input_path,
    run_isolated,
    slice_jsonl,
)


def read_texts(path: str) -> list[str]:
    """Article bodies exactly as détente's reader makes them (dateline cut, bad records left out)."""
    from detente.ingest import read_articles
    from detente.record import Article

    return [a.text for a in read_articles(path) if isinstance(a, Article)]


def spacy_phase(path: str, workers: int, batch_size: int) -> Measured:
    """(a) The full ``en_core_web_sm`` pipeline over every article body."""
    from detente.nlp import load_nlp

    texts = read_texts(path)
    nlp = load_nlp()
    start, cpu = time.perf_counter(), cpu_seconds()
    sentences = sum(sum(1 for _ in doc.sents)
                    for doc in nlp.pipe(texts, n_process=workers, batch_size=batch_size))
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return Measured("spaCy full pipeline", len(texts), _words(texts), wall, cpu,
                    extra={"pipeline": list(nlp.pipe_names), "sentences": sentences})


def detente_phase(path: str, workers: int, db: str, engine: str = "local") -> Measured:
    """(b) An ingest into an empty store: read, de-duplicate, code, store.

    ``engine="dask"`` codes on a local Dask cluster of ``workers`` processes through Parquet
    (:func:`detente.distributed.run_dask`), to show what the Dask runner costs on one machine.
    """
    texts = read_texts(path)
    start, cpu, own = time.perf_counter(), cpu_seconds(), cpu_seconds(children=False)
    parquet = Path(db).with_suffix(".parquet")
    if engine == "dask":
        from detente.distributed import run_dask

        summary = run_dask([path], db, workers=workers, out_dir=parquet, progress=False)
    else:
        from detente.pipeline import ingest

        summary = ingest([path], db, workers=workers, progress=False)
    wall, cpu, own = time.perf_counter() - start, cpu_seconds() - cpu, cpu_seconds(children=False) - own
    # The reading/de-duplicating/writing process is the one part that does not scale out.
    return Measured(f"détente ingest ({engine})", len(texts), _words(texts), wall, cpu,
                    extra=_store_figures(db) | {"writer_cpu_s": own, "stored": summary.stored,
                                                "store_bytes": _bytes(Path(db).parent, Path(db).name),  # with its WAL
                                                "parquet_bytes": _bytes(parquet),
                                                "duplicates": summary.duplicates,
                                                "skipped": len(summary.skipped)})


def _bytes(folder: Path, prefix: str = "") -> int:
    """Size on disk of the files whose names start with ``prefix`` under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob(f"{prefix}*") if p.is_file()) if folder.exists() else 0


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _store_figures(db: str) -> dict[str, float]:
    """What the coder did: share of sentences fully parsed, events and quotes per article."""
    with sqlite3.connect(db) as conn:
        sentences, parsed = conn.execute("SELECT count(*), coalesce(sum(parsed), 0) FROM sentences").fetchone()
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    return {"sentences": sentences, "parsed_share": parsed / sentences if sentences else 0.0,
            "events": events, "quotes": quotes}


def compare(path: Path, workers: int, batch_size: int, engine: str) -> dict[str, object]:
    """Run both phases, each in a fresh process, and return their figures and ratios."""
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        spacy = run_isolated(spacy_phase, str(path), workers, batch_size)
        detente = run_isolated(detente_phase, str(path), workers, str(Path(tmp) / "bench.db"), engine)
    return {
        "input": str(path), "workers": workers,
        "spacy": spacy.as_dict(), "detente": detente.as_dict(),
        "ratio": detente.words_per_s / spacy.words_per_s if spacy.words_per_s else 0.0,
        "cpu_ratio": detente.words_per_cpu_s / spacy.words_per_cpu_s if spacy.words_per_cpu_s else 0.0,
    }


def report(result: dict[str, object]) -> str:
    s, d = result["spacy"], result["detente"]
    header = (f"{'':26}{'articles/s':>11}{'words/s':>9}{'wall s':>8}{'CPU s':>8}"
              f"{'words/CPU s':>13}{'peak MB':>9}")
    rows = [header] + [
        (f"{m['name']:26}{m['articles_per_s']:11.1f}{m['words_per_s']:9.0f}{m['wall_s']:8.1f}"
         f"{m['cpu_s']:8.1f}{m['words_per_cpu_s']:13.0f}{m['peak_rss_mb']:9.0f}")
        for m in (s, d)
    ]
    x = d["extra"]
    per_article = 1000 * x["writer_cpu_s"] / d["articles"]
    disk = f"store {x['store_bytes'] / max(1, x['stored']) / 1024:.1f} KB"
    if x["parquet_bytes"]:
        disk += f", Parquet {x['parquet_bytes'] / max(1, x['stored']) / 1024:.1f} KB"
    rows += [
        (f"articles {d['articles']}, words {d['words']}, workers {result['workers']}, "
         f"input {result['input']}"),
        (f"détente / spaCy throughput ratio: {result['ratio']:.2f} (target >= 1.0); "
         f"per CPU second: {result['cpu_ratio']:.2f}"),
        (f"sentences fully parsed by détente: {x['parsed_share']:.1%} of {x['sentences']} "
         f"(spaCy parsed all {s['extra']['sentences']}); events {x['events']}, "
         f"quotes {x['quotes']}, stored {x['stored']}, duplicates {x['duplicates']}, "
         f"skipped {x['skipped']}"),
        (f"détente's main process (reads, de-duplicates, writes; codes too when workers=1): "
         f"{x['writer_cpu_s']:.1f} CPU s, {per_article:.1f} ms per article"),
        f"on disk per stored article: {disk}",
    ]
    return "\n".join(rows)


def profile(path: Path, top: int) -> None:
    """Code and store the sample in this process under cProfile; print where the time goes."""
    from detente.actors import KnowledgeBase
    from detente.nlp import load_nlp
    from detente.pipeline import ingest

    load_nlp(), KnowledgeBase.default()  # both cached per process: loading is not what we profile
    with tempfile.TemporaryDirectory(prefix="detente-prof-") as tmp:
        profiler = cProfile.Profile()
        profiler.enable()
        ingest([path], Path(tmp) / "prof.db", workers=1, progress=False)
        profiler.disable()
    stats = pstats.Stats(profiler)
    print("self time by module (s):")
    for module, seconds in _by_module(stats).most_common(20):
        print(f"  {seconds:8.2f}  {module}")
    stats.sort_stats("cumulative").print_stats(top)


def _by_module(stats: pstats.Stats) -> Counter[str]:
    """Self time grouped by détente module, or by third-party package for everything else."""
    totals: Counter[str] = Counter()
    for (filename, _, func), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        parts = Path(filename).parts
        if "detente" in parts:
            key = "/".join(parts[parts.index("detente"):])
        elif "site-packages" in parts:
            key = parts[parts.index("site-packages") + 1]
        elif filename.endswith(".pyx"):  # spaCy's compiled modules: spacy/tokens/doc.pyx
            key = f"{parts[0]} (compiled)"
        else:
            key = func if filename == "~" else Path(filename).name  # "~": built-in functions
        totals[key] += tottime
    return totals


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__, "processes for both spaCy (n_process) and détente (default: all cores)")
    parser.add_argument("--limit", type=int, default=2000, help="records to use (default 2000)")
    parser.add_argument("--batch-size", type=int, default=64, help="spaCy nlp.pipe batch size")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="détente's coder: local worker processes, or a local Dask cluster")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="profile détente in-process instead and print the N costliest calls")
    args = parser.parse_args(argv)
    source = input_path(args)
    with tempfile.TemporaryDirectory(prefix="detente-sample-") as tmp:
        sample = Path(tmp) / f"sample-{args.limit}.jsonl"
        slice_jsonl(source, args.limit, sample)
        if args.profile:
            profile(sample, args.profile)
            return
        result = compare(sample, args.workers, args.batch_size, args.engine)
    result["input"] = f"{source} (first {args.limit} records)"
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    sys.exit(main())
