"""Small trained models that work beside the rules, never instead of them.

The rules code events with evidence, actors and the rule that fired; what they cannot do well is
say which of the five ConfliBERT classes (statement, verbal/material cooperation, verbal/material
conflict) a whole sentence belongs to when no trigger, or the wrong one, fires.  The sentence-class
model fills that gap: a linear classifier over the lemmas and the main predicate of a parsed
sentence (:mod:`detente.learned.features`), trained on the development part of ConfliBERT by
``python -m detente.learned.train`` and shipped as ``data/quad.json`` (plain numbers, scored with
NumPy: no scikit-learn or pickle at run time).

    >>> from detente.learned import sentence_quad
    >>> sentence_quad(["Rebels shelled the airport overnight, killing three soldiers."])
    [(4, 0.9417)]

:func:`combine` is how a sentence's class is decided from both: the model's class when the model is
sure of it, the class of the rules' main event when the model is unsure (docs/evaluation.md gives
the numbers for each part).

The argument-span model (``data/spans.json``, :func:`argument_spans`) marks the source and target
noun phrases of a parsed sentence as annotators do ("six Philippine Army soldiers"), where the rules
only know the actor's name; it is trained the same way on ConfliBERT's actor file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from detente.learned.features import Candidate, candidates, features
from detente.learned.linear import LinearModel

MODEL_PATH = Path(__file__).parent / "data" / "quad.json"
SPANS_PATH = Path(__file__).parent / "data" / "spans.json"
ROLE_CLASSES = {"source": (1, 3), "target": (2, 3)}  # span model classes: 1 source, 2 target, 3 both

__all__ = ["MODEL_PATH", "SPANS_PATH", "ModelMissing", "argument_spans", "combine", "decode_spans", "quad_model",
           "sentence_quad", "sentence_quad_docs", "spans_model"]


class ModelMissing(FileNotFoundError):
    """The model file is not built: run ``python -m detente.learned.train``."""


def _load(path: Path) -> LinearModel:
    if not path.exists():
        raise ModelMissing(f"{path} not found: build it with `python -m detente.learned.train`")
    return LinearModel.load(path)


@lru_cache(maxsize=1)
def quad_model() -> LinearModel:
    """The shipped sentence-class model, loaded once per process."""
    return _load(MODEL_PATH)


@lru_cache(maxsize=1)
def spans_model() -> LinearModel:
    """The shipped argument-span model, loaded once per process."""
    return _load(SPANS_PATH)


def sentence_quad_docs(sents: Iterable[Doc | Span]) -> list[tuple[int, float]]:
    """Class and its probability for sentences the full pipeline has parsed (the coder's
    ``analysis.parsed[i]``): no second parse."""
    model = quad_model()
    proba = model.proba([features(s) for s in sents])
    return [(model.classes[int(p.argmax())], round(float(p.max()), 4)) for p in proba]


def sentence_quad(texts: list[str]) -> list[tuple[int, float]]:
    """Class (0 statement … 4 material conflict) and its probability for each sentence text."""
    from detente.nlp import parse

    return sentence_quad_docs(parse(texts))


def combine(rule_class: int | None, model: tuple[int, float] | None, sure: float | None = None) -> int | None:
    """A sentence's class from the rules' main event (its class, None: no event) and the model.

    The model decides when its probability reaches the threshold the training command chose on
    the development part (out-of-fold; ``sure`` overrides it); below it, an event the rules found
    decides.  The rules' own confidence does not help here: on the development part their events
    are right about as often at confidence 0.6 as at 0.8, while the model's probability separates
    right from wrong.
    """
    if model is None:
        return rule_class
    cls, prob = model
    if rule_class is not None and prob < (quad_model().meta["model_sure"] if sure is None else sure):
        return rule_class
    return cls


Spans = dict[str, list[tuple[int, int, float]]]


def decode_spans(cands: list[Candidate], proba: np.ndarray, thresholds: dict[str, float]) -> Spans:
    """Per role, the non-overlapping candidates whose probability reaches the role's threshold,
    most probable first; when none does, the most probable one if it reaches half the threshold
    (a sentence of this kind nearly always has a source and a target)."""
    out: Spans = {}
    for role, threshold in thresholds.items():
        p = proba[:, list(ROLE_CLASSES[role])].sum(axis=1) if len(cands) else np.zeros(0)
        chosen: list[tuple[int, int, float]] = []
        for i in np.argsort(-p, kind="stable"):
            c, pi = cands[i], float(p[i])
            if pi < threshold and (chosen or pi < threshold / 2):
                break
            if all(c.end <= a or c.start >= b for a, b, _ in chosen):
                chosen.append((c.start, c.end, round(pi, 4)))
        out[role] = sorted(chosen)
    return out


def argument_spans(sents: Iterable[Doc | Span]) -> list[Spans]:
    """Source and target spans of the event each parsed sentence reports, as character offsets in
    the sentence with their probabilities: ``[{"source": [(start, end, p)], "target": [...]}]``."""
    model = spans_model()
    out = []
    for sent in sents:
        cands = candidates(sent)
        proba = model.proba([{"span": c.features} for c in cands]) if cands else np.zeros((0, 4))
        out.append(decode_spans(cands, proba, model.meta["thresholds"]))
    return out
