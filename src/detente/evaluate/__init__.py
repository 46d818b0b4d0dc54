"""Measured accuracy: run the coder over a gold set and score it field by field.

    >>> from detente.evaluate import evaluate
    >>> report = evaluate("conflibert-quad", split="validation", limit=150)
    >>> report.summary["macro-F1"], report.score("quad class (all)").f1

Gold sets: ``seeds``, ``conflibert-quad``, ``conflibert-actors``, ``polnear`` (read from the shared
data folder) or a path to a JSON Lines file in our own format.  Splits and matching rules are in
docs/evaluation.md.  :func:`evaluate` takes the coder as a parameter so that the scoring itself can
be tested on hand-made Records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from detente.evaluate.metrics import SCORERS, Confusion, Example, Findings, Score
from detente.evaluate.readers import GoldDoc, GoldSet, GoldSetMissing, load
from detente.evaluate.splits import SPLITS, Split
from detente.record import Article, Record

Coder = Callable[[Iterable[Article]], Iterator[Record]]
OUT_OF_FOLD = ", model out-of-fold"  # suffix of the development figures recorded by the training command

__all__ = ["SPLITS", "EvalReport", "GoldSetMissing", "evaluate", "score"]


@dataclass
class EvalReport:
    set: str
    split: str
    items: int
    seconds: float
    scores: list[Score]
    summary: dict[str, float] = field(default_factory=dict)
    confusions: list[Confusion] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    def score(self, name: str) -> Score:
        for s in self.scores:
            if s.field == name:
                return s
        raise KeyError(f"{name!r} not scored on {self.set}: {[s.field for s in self.scores]}")

    def worst(self, k: int) -> list[Example]:
        return sorted(self.examples, key=lambda e: -e.weight)[:k]

    def to_dict(self) -> dict[str, Any]:
        return {"set": self.set, "split": self.split, "items": self.items, "seconds": round(self.seconds, 2),
                "scores": [s.to_dict() for s in self.scores], "summary": self.summary}


def score(gold: GoldSet, docs: list[GoldDoc], records: list[Record]) -> Findings:
    """Score Records (one per doc, same order) against the gold annotations of ``docs``."""
    if len(records) != len(docs):
        raise ValueError(f"{len(records)} records for {len(docs)} gold documents")
    found = Findings()
    for task in gold.tasks:
        found.extend(SCORERS[task](docs, records))
    return found


def _in_sample_notes(tasks: tuple[str, ...]) -> dict[str, float]:
    """The learned models were trained on the development parts, so their scores there are
    in-sample; their honest development figures are the out-of-fold ones the training command
    recorded under the same names."""
    from detente.learned import quad_model, spans_model

    models = {"quad": quad_model, "actors": spans_model}
    return {f"{k}{OUT_OF_FOLD}": v for t in tasks if t in models for k, v in models[t]().meta["dev_out_of_fold"].items()}


def evaluate(name: str, split: Split = "dev", limit: int | None = None, *, coder: Coder | None = None) -> EvalReport:
    """Code the gold set's articles in one batched stream and score them."""
    if coder is None:
        from detente.coder import code_many as coder
    gold = load(name, split)
    docs = gold.docs[:limit] if limit else gold.docs
    t0 = time.perf_counter()
    records = list(coder(d.article for d in docs))
    seconds = time.perf_counter() - t0
    found = score(gold, docs, records)
    if split != "validation":
        found.summary.update(_in_sample_notes(gold.tasks))
    return EvalReport(gold.name, split, len(docs), seconds, found.scores, found.summary, found.confusions,
                      found.examples)
