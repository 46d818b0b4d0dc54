"""Does détente stream? Peak memory of an ingest of N articles should not grow with N.

    python benchmarks/memory.py --sizes 2000 19000 --workers 2

For each size, ingests the first N records of a JSON Lines file (default: Reuters-21578 in
../shared) into a fresh store in a fresh process (``detente.pipeline.ingest``, as
``detente ingest --workers W`` runs it) and records the peak resident memory of the whole process
tree (the reader/writer process and its coder workers).  Target: the peak at the largest size is
at most 1.2 × the peak at the smallest.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from measure import Measured, arguments, input_path, run_isolated, slice_jsonl
from throughput import detente_phase


def measure_sizes(source: Path, sizes: list[int], workers: int) -> list[Measured]:
    """One fresh ingest per size; each in its own process, so no peak carries over."""
    results = []
    with tempfile.TemporaryDirectory(prefix="detente-memory-") as tmp:
        for size in sizes:
            sample = Path(tmp) / f"sample-{size}.jsonl"
            slice_jsonl(source, size, sample)
            results.append(run_isolated(detente_phase, str(sample), workers, str(Path(tmp) / f"{size}.db")))
    return results


def report(results: list[Measured], workers: int) -> str:
    rows = [f"{'articles':>9}{'stored':>8}{'peak MB':>9}{'wall s':>9}{'articles/s':>12}"]
    for m in results:
        rows.append(f"{m.articles:9d}{m.extra['stored']:8d}{m.peak_rss_mb:9.0f}{m.wall_s:9.0f}"
                    f"{m.articles_per_s:12.1f}")
    ratio = results[-1].peak_rss_mb / results[0].peak_rss_mb
    rows.append(f"peak at {results[-1].articles} / peak at {results[0].articles} articles: {ratio:.2f} "
                f"(target <= 1.2), workers {workers}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__, "coder processes (default: all cores)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 19000],
                        help="numbers of records to ingest, smallest first (default: 2000 19000)")
    args = parser.parse_args(argv)
    source = input_path(args)
    results = measure_sizes(source, sorted(args.sizes), args.workers)
    if args.json:
        print(json.dumps([m.as_dict() for m in results], indent=2))
    else:
        print(report(results, args.workers))


if __name__ == "__main__":
    sys.exit(main())
