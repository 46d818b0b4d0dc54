"""The ingest driver: archives in, a store out, resumable at any moment.

    >>> summary = ingest(["archive/"], "detente.db", workers=2)

Reading, de-duplication and writing happen in this process, in input order; only the coding, the
expensive part, is spread over worker processes (each loads spaCy and the actor knowledge base
once).  Every record ends in exactly one outcome, written to ``ingest_log``:

* ``stored`` / ``near-duplicate`` — coded and written (a near-duplicate is still coded, and stored
  with ``duplicate_of`` and ``similarity`` so the analytics can leave it out or not);
* ``duplicate`` — the same text was read earlier in this run; ``already-present`` — the article
  was stored by an earlier run (this is how a killed ingest resumes);
* ``skipped`` — unreadable, empty, too long, or the coder failed on it (the reason is kept);
  ``warning`` — read anyway, with something the user should know (no date, say).

An article and its ``stored`` log line are committed in one transaction, so killing the process
at any point leaves whole articles only, and the next run picks up after the last one.
"""

from __future__ import annotations

import multiprocessing
import sys
import uuid
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from tqdm import tqdm

from detente.actors import KnowledgeBase
from detente.analytics.clusters import cluster_events
from detente.coder import CODER_VERSION, code, code_many
from detente.ingest import NearDuplicateIndex, Problem, read_articles
from detente.ingest.dedup import WINDOW_DAYS
from detente.nlp import load_nlp
from detente.record import Article, Record
from detente.store import Store

CHUNK = 16  # articles per task sent to a worker: large enough to batch, small enough to resume

# What codes the stream of articles: each article back with its Record or the reason the coder
# failed, in input order.  Local processes by default (code_articles); the Dask runner has its own.
Coder = Callable[[Iterable[Article]], Iterator[tuple[Article, Record | str]]]


@dataclass
class IngestSummary:
    """What one ingest run did; ``stored`` includes the near-duplicates."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    already_present: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)  # kept, but the user is told
    articles_read: int = 0  # records that were readable articles, whatever became of them
    run_id: str = ""


@dataclass
class _Work:
    """An article on its way to the coder, with what de-duplication found about it."""

    article: Article
    signature: bytes
    duplicate_of: str | None = None
    similarity: float | None = None


def ingest(
    paths: Iterable[str | Path] | str | Path,
    db: str | Path,
    *,
    workers: int = 1,
    progress: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    chunk_size: int = CHUNK,
    coder: Coder | None = None,
    dedup_window: int | None = WINDOW_DAYS,
) -> IngestSummary:
    """Read, de-duplicate, code and store every article under ``paths``; safe to re-run.

    ``on_problem`` is called with each :class:`~detente.ingest.Problem` as it happens (bad
    records, warnings, coder failures), so a command line can show them at once.  ``coder``
    replaces the local coder processes (``workers``, ``chunk_size``); this process stays the
    store's one writer either way.  Near-duplicates are looked for among the articles published
    within ``dedup_window`` days of the newest one seen (None: among all).
    """
    coder = coder or partial(code_articles, workers=workers, chunk_size=chunk_size)
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    summary = IngestSummary(run_id=run_id)
    with (
        Store(db) as store,
        tqdm(unit=" articles", file=sys.stderr, disable=not progress, dynamic_ncols=True) as bar,
    ):
        recorder = _Recorder(store, summary, bar, on_problem)
        pending: deque[_Work] = deque()  # triaged, not yet written; results come back in order
        in_flight: set[str] = set()  # their ids
        index, before = _load_index(store, dedup_window), store.last_seq()

        def to_code() -> Iterator[Article]:
            for work in _triage(read_articles(paths), store, index, recorder, in_flight, before):
                pending.append(work)
                in_flight.add(work.article.id)
                yield work.article

        for article, result in coder(to_code()):
            work = pending.popleft()
            in_flight.discard(work.article.id)
            if article.id != work.article.id:
                raise RuntimeError(
                    f"the coder returned {article.id} where {work.article.id} was due"
                )
            recorder.coded(work, result)
        if summary.stored:  # the same event told by several articles becomes one cluster
            cluster_events(store.conn)
    return summary


def _load_index(store: Store, window_days: int | None) -> NearDuplicateIndex:
    """The near-duplicate index with the articles stored so far that are within the window, so
    dedup spans runs."""
    index = NearDuplicateIndex(window_days=window_days)
    for article_id, signature, date in store.signatures(window_days):
        index.add(article_id, NearDuplicateIndex.from_bytes(signature), date)
    return index


def _triage(
    items: Iterable[Article | Problem], store: Store, index: NearDuplicateIndex, recorder: _Recorder,
    in_flight: Container[str], before: int,
) -> Iterator[_Work]:
    """Pass on the articles that need coding; record every other outcome on the spot.

    An exact copy is a "duplicate" when its original was read in this run (being coded, in
    ``in_flight``, or stored after storage number ``before``), "already-present" when an earlier
    run stored it.  The store answers for everything written, so this process keeps no set of
    every id it has read: its memory stays flat however long the input.
    """
    for item in items:
        if isinstance(item, Problem):
            recorder.problem(item)
            continue
        recorder.summary.articles_read += 1
        in_run = item.id in in_flight
        seq = None if in_run else store.seq_of(item.id)
        if in_run or (seq is not None and seq > before):
            recorder.outcome(item, "duplicate", f"same text as article {item.id}, read earlier")
        elif seq is not None:
            recorder.outcome(item, "already-present")
        else:
            signature = index.signature(item.text)
            match = index.find(signature)
            index.add(item.id, signature, item.date)
            yield _Work(item, NearDuplicateIndex.to_bytes(signature), *(match or (None, None)))


def code_articles(
    articles: Iterable[Article], *, workers: int = 1, chunk_size: int = CHUNK
) -> Iterator[tuple[Article, Record | str]]:
    """Each article with its Record, or the reason the coder failed on it, in input order.

    With ``workers`` > 1 chunks are coded in a process pool; at most ``2 * workers + 1`` chunks
    are in flight, so memory stays flat however long the input is.
    """
    stream = iter(articles)
    chunks = iter(lambda: list(islice(stream, chunk_size)), [])
    if workers <= 1:
        for chunk in chunks:
            yield from zip(chunk, _code_chunk(chunk), strict=True)
        return
    # spawn, not fork: the parent may hold an open SQLite connection and a tqdm thread.
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_warm_up) as pool:
        pending: deque[tuple[list[Article], AsyncResult]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_code_chunk, (chunk,))))
            if len(pending) > 2 * workers:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


def _warm_up() -> None:
    """Worker start: load spaCy and the knowledge base once, before the first chunk arrives."""
    load_nlp()
    _knowledge_base()


@lru_cache(maxsize=1)
def _knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.default()


def _code_chunk(articles: list[Article]) -> list[Record | str]:
    """Code a chunk in one batch; if the coder fails, retry one by one so only the culprit is lost.

    Runs in a worker process (or in the parent when workers=1) and only returns results: the
    parent alone writes to the store, so there is one writer and input order is kept.
    """
    kb = _knowledge_base()
    try:
        return list(code_many(articles, kb=kb))
    except Exception:  # a coder bug must cost one article, not the run
        return [_code_one(article, kb) for article in articles]


def _code_one(article: Article, kb: KnowledgeBase) -> Record | str:
    try:
        return code(article, kb=kb)
    except Exception as e:
        return f"coder failed: {type(e).__name__}: {e}"


class _Recorder:
    """Writes outcomes to the store and the summary, advances the progress bar, tells the user."""

    def __init__(
        self,
        store: Store,
        summary: IngestSummary,
        bar: tqdm,
        on_problem: Callable[[Problem], None] | None,
    ) -> None:
        self.store, self.summary, self.bar, self.on_problem = store, summary, bar, on_problem

    def problem(self, problem: Problem) -> None:
        outcome = "warning" if problem.kept else "skipped"
        self.store.log(self.summary.run_id, problem.origin, outcome, problem.reason)
        (self.summary.warnings if problem.kept else self.summary.skipped).append(
            (problem.origin, problem.reason)
        )
        if not problem.kept:
            self._advance()
        if self.on_problem is not None:
            self.on_problem(problem)

    def outcome(self, article: Article, outcome: str, reason: str | None = None) -> None:
        self.store.log(self.summary.run_id, _origin(article), outcome, reason, article.id)
        if outcome == "duplicate":
            self.summary.duplicates += 1
        else:
            self.summary.already_present += 1
        self._advance()

    def coded(self, work: _Work, result: Record | str) -> None:
        if isinstance(result, str):
            self.problem(Problem(_origin(work.article), result, False))
            return
        # The original of a near-duplicate is stored first (input order) unless the coder
        # failed on it; then the link would dangle, so the copy is stored as an original.
        original = (
            work.duplicate_of
            if work.duplicate_of and self.store.has_article(work.duplicate_of)
            else None
        )
        outcome, reason = "stored", None
        if original:
            outcome, reason = (
                "near-duplicate",
                f"similar to article {original} ({work.similarity:.2f})",
            )
        with self.store.transaction():
            added = self.store.add(
                work.article,
                result,
                duplicate_of=original,
                similarity=work.similarity if original else None,
                signature=work.signature,
                coder_version=CODER_VERSION,
            )
            if added:
                self.store.log(
                    self.summary.run_id, _origin(work.article), outcome, reason, work.article.id
                )
        if not added:  # another ingest into the same store got there first
            self.outcome(work.article, "already-present")
            return
        self.summary.stored += 1
        self.summary.near_duplicates += bool(original)
        self._advance()

    def _advance(self) -> None:
        s = self.summary
        self.bar.set_postfix(stored=s.stored, skipped=len(s.skipped), refresh=False)
        self.bar.update()


def _origin(article: Article) -> str:
    return article.origin or f"article {article.id}"
