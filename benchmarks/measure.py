"""What the benchmark scripts share: a sample of the input, and one measured run in a fresh process.

Each phase (bare spaCy, détente) runs in its own spawned process so that one phase's loaded model
or freed-but-kept memory never counts against the other, and so that the parent can watch the
whole process tree from outside:

* **peak memory** — the largest sum of resident set sizes over the phase process and all its
  children (spaCy's ``n_process`` workers, détente's coder pool), sampled every 0.1 s with psutil.
  RSS counts pages shared between a parent and forked children once per process, so it errs high.
  Without psutil, ``getrusage`` gives the phase process's own peak plus its largest child's.
* **wall seconds** — timed inside the phase, from the first text handed over to the last result
  (model loading in the phase process is left out; détente's worker start-up is counted).
* **CPU seconds** — user + system time over the same stretch, of the phase process and every
  child it reaped (:func:`cpu_seconds`).  Other programs running on the machine do not inflate it,
  unlike wall-clock time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import psutil
except ImportError:  # the fallback below is coarser, but the scripts still run
    psutil = None

REUTERS = Path("data") / "reuters21578" / "reuters21578.jsonl"


def default_input() -> Path | None:
    """Reuters-21578 in the shared development data, if present."""
    from detente.config import shared_dir

    shared = shared_dir()
    return shared / REUTERS if shared is not None and (shared / REUTERS).exists() else None


def slice_jsonl(src: Path, limit: int, dst: Path) -> int:
    """Copy the first ``limit`` non-blank lines of a JSON Lines file; returns how many were copied.

    Both phases then read the very same records: spaCy gets the texts détente's reader makes of
    them, and détente ingests the file itself (reading and de-duplication are part of its cost).
    """
    copied = 0
    with src.open("rb") as inp, dst.open("wb") as out:
        for line in inp:
            if copied >= limit:
                break
            if line.strip():
                out.write(line if line.endswith(b"\n") else line + b"\n")
                copied += 1
    return copied


@dataclass
class Measured:
    """One phase's figures; ``extra`` carries what only that phase knows (e.g. parsed share)."""

    name: str
    articles: int
    words: int
    wall_s: float
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s if self.wall_s else 0.0

    @property
    def words_per_cpu_s(self) -> float:
        return self.words / self.cpu_s if self.cpu_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"articles_per_s": self.articles_per_s, "words_per_s": self.words_per_s,
                               "words_per_cpu_s": self.words_per_cpu_s}


Phase = Callable[..., Measured]


def run_isolated(phase: Phase, *args: Any) -> Measured:
    """Run ``phase(*args)`` in a fresh spawned process and add its tree's peak RSS.

    ``phase`` must be a module-level function (spawn pickles it by name).
    """
    ctx = multiprocessing.get_context("spawn")
    results = ctx.SimpleQueue()
    proc = ctx.Process(target=_call, args=(results, phase, args))
    proc.start()
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    proc.join()
    sampler.stop()
    if proc.exitcode != 0 or results.empty():
        raise RuntimeError(f"{phase.__name__} failed (exit code {proc.exitcode})")
    measured: Measured = results.get()
    measured.peak_rss_mb = max(sampler.peak, _rusage_peak(measured.extra)) / 2**20
    return measured


def _call(results: Any, phase: Phase, args: tuple[Any, ...]) -> None:
    measured = phase(*args)
    if psutil is None:  # the parent cannot see this tree; report getrusage's view from inside
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        measured.extra["rusage_peak_kb"] = own + child
    results.put(measured)


def cpu_seconds(children: bool = True) -> float:
    """User + system time of this process and (unless told not to) of the children it waited for."""
    who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) if children else (resource.RUSAGE_SELF,)
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, who))


def _rusage_peak(extra: dict[str, Any]) -> int:
    return int(extra.pop("rusage_peak_kb", 0)) * 1024  # ru_maxrss is in KiB on Linux


class _TreeSampler:
    """Samples the summed RSS of a process and all its descendants in a background thread."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if psutil is not None:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, _tree_rss(root))


def _tree_rss(root: Any) -> int:
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:  # a worker that just ended
            continue
    return total


def workers_default() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)


def arguments(doc: str, workers_help: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: an input file, ``--workers`` and ``--json``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("input", nargs="?", type=Path, default=None,
                        help="JSON Lines file (default: ../shared/data/reuters21578/reuters21578.jsonl)")
    parser.add_argument("--workers", type=int, default=workers_default(), help=workers_help)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def input_path(args: argparse.Namespace) -> Path:
    """The input the arguments name, else Reuters-21578 in the shared data; exits when neither exists."""
    source = args.input or default_input()
    if source is None or not source.exists():
        fail("no input: give a JSON Lines file, or set DETENTE_SHARED to the shared data folder")
    return source
