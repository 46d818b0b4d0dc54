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
from detente.record import Event

MODEL_PATH = Path(__file__).parent / "data" / "quad.json"
SPANS_PATH = Path(__file__).parent / "data" / "spans.json"
ROLE_CLASSES = {"source": (1, 3), "target": (2, 3)}  # span model classes: 1 source, 2 target, 3 both

__all__ = ["DECODE", "MODEL_PATH", "SPANS_PATH", "ModelMissing", "Spans", "argument_spans", "combine", "decode_spans",
           "main_event", "quad_model", "quad_of_root", "sentence_classes", "sentence_quad", "sentence_quad_docs",
           "spans_model"]


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


def quad_of_root(root: str | None) -> int | None:
    """Phoenix QuadClass of a CAMEO root: 01-02 statement (0), 03-05 verbal and 06-08 material
    cooperation (1, 2), 09-13 verbal and 14-20 material conflict (3, 4) — ConfliBERT's five classes."""
    if not root or not root[:2].isdigit():
        return None
    r = int(root[:2])
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def main_event(events: Iterable[Event]) -> Event | None:
    """The event a sentence is about: the most confident one, the earliest on a tie."""
    return min(events, key=lambda e: (-e.confidence, e.evidence.start), default=None)


def sentence_classes(parsed: dict[int, Doc], events: list[Event]) -> dict[int, tuple[int, int, float]]:
    """For each parsed sentence (index → its own ``Doc``, as the coder keeps them): its class
    (:func:`combine` of its main event and the model), the model's class and probability.  The
    model reads tags, lemmas and the parse only, so sentences parsed without the NER do."""
    order = sorted(parsed)
    if not order:
        return {}
    out = {}
    for i, (cls, prob) in zip(order, sentence_quad_docs(parsed[i] for i in order)):
        main = main_event(e for e in events if e.sentence == i)
        rules = quad_of_root(main.cameo_root) if main is not None else None
        out[i] = (combine(rules, (cls, prob)), cls, prob)
    return out


Spans = dict[str, list[tuple[int, int, float]]]


DECODE = {"target": 0.15, "more": 0.6, "both": 0.3}  # the defaults of :func:`decode_spans`


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def decode_spans(cands: list[Candidate], proba: np.ndarray, decode: dict[str, float] | None = None) -> Spans:
    """Source and target spans of one sentence from its candidates' probabilities, decoded together.

    The sentence's event has one source and at most one target: the source is the most probable
    source candidate; the target the most probable target candidate that does not overlap the
    source (the very same span only when the model gives it the class "both", a reciprocal event,
    with probability ``both``), if its probability reaches ``target``.  A further span of either
    role ("the EU and the US" marked as two sources) is kept when its probability reaches ``more``
    and it overlaps neither that role's spans nor the other role's.  ``decode`` holds the three
    thresholds (chosen out-of-fold by the training command, in the model's ``meta["decode"]``)."""
    d = {**DECODE, **(decode or {})}
    if not len(cands):
        return {"source": [], "target": []}
    spans = [(c.start, c.end) for c in cands]
    p = {role: proba[:, list(cls)].sum(axis=1) for role, cls in ROLE_CLASSES.items()}
    src = int(p["source"].argmax())
    chosen: dict[str, list[int]] = {"source": [src], "target": []}
    for j in np.argsort(-p["target"], kind="stable"):
        if p["target"][j] < d["target"]:
            break
        if not _overlap(spans[j], spans[src]) or (j == src and proba[j, 3] >= d["both"]):
            chosen["target"].append(int(j))
            break
    for role, other in (("source", "target"), ("target", "source")):
        for j in np.argsort(-p[role], kind="stable"):
            if p[role][j] < d["more"]:
                break
            if (all(not _overlap(spans[j], spans[k]) for k in chosen[role])
                    and all(not _overlap(spans[j], spans[k]) or j == k for k in chosen[other])):
                chosen[role].append(int(j))
    return {role: sorted((*spans[k], round(float(p[role][k]), 4)) for k in ks) for role, ks in chosen.items()}


def argument_spans(sents: Iterable[Doc | Span]) -> list[Spans]:
    """Source and target spans of the event each parsed sentence reports, as character offsets in
    the sentence with their probabilities: ``[{"source": [(start, end, p)], "target": [...]}]``."""
    model = spans_model()
    out = []
    for sent in sents:
        cands = candidates(sent)
        proba = model.proba([{"span": c.features} for c in cands]) if cands else np.zeros((0, 4))
        out.append(decode_spans(cands, proba, model.meta.get("decode")))
    return out
