"""What the learned sentence classifier sees: feature strings read off a parsed spaCy sentence.

Training (:mod:`detente.learned.train`) and scoring (:mod:`detente.learned.linear`) call the very
same functions, so the model can never be fed features computed differently from the ones it was
trained on.  Two blocks, each a bag of strings:

* ``lexical``: lower-cased lemmas and lemma bigrams (numbers folded to ``#num``) — what the
  sentence talks about ("sanction", "humanitarian aid", "ceasefire").
* ``syntax``: the lemma of the root, every verb, verb–object pairs, negation and modal verbs —
  what is *done*.  The class of a sentence is decided by its main predicate ("rejected the
  request" vs. "accepted the request"), which the bag of words alone dilutes; on the development
  folds this block raises macro-F1 by about 0.08.

The argument-span model (ConfliBERT's source and target spans) classifies noun phrases instead:
:func:`candidates` lists them with their features (head, dependency path to the governing verb,
preposition, entity type, shape).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

BLOCKS = ("lexical", "syntax")


def _lemma(t: Token) -> str:
    return "#num" if t.like_num else t.lemma_.lower()


def lexical(sent: Doc | Span) -> list[str]:
    """Lemma unigrams and bigrams over the words of the sentence (punctuation and spaces dropped)."""
    lemmas = [_lemma(t) for t in sent if not (t.is_punct or t.is_space)]
    return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]


def syntax(sent: Doc | Span) -> list[str]:
    """Predicate features from the dependency parse: root, verbs, verb–object pairs, negation, modals."""
    out = []
    for t in sent:
        lemma = _lemma(t)
        if t.dep_ == "ROOT":
            out.append(f"ROOT={lemma}")
        if t.pos_ == "VERB":
            out.append(f"VERB={lemma}")
        if t.dep_ == "dobj":
            out.append(f"OBJ={_lemma(t.head)}>{lemma}")
        if t.dep_ == "neg":
            out.append("NEG")
        if t.tag_ == "MD":
            out.append(f"MODAL={lemma}")
    return out


def features(sent: Doc | Span) -> dict[str, list[str]]:
    """Both feature blocks of one parsed sentence."""
    return {"lexical": lexical(sent), "syntax": syntax(sent)}


# --- argument spans (ConfliBERT actor spans) -------------------------------------------------------

_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")


@dataclass(frozen=True)
class Candidate:
    """A noun phrase that may be the source or target of the sentence's event: character offsets
    in the sentence, and the features the span model reads."""

    start: int
    end: int
    features: list[str]


def _phrases(sent: Doc | Span, t: Token) -> list[tuple[str, int, int]]:
    """The phrase headed by ``t`` three ways: whole subtree, without its determiner, and without
    its right modifiers — the shapes the annotators' spans take (89 % of development spans)."""
    lo, hi = t.left_edge.i, t.right_edge.i + 1
    out = [("full", lo, hi)]
    if sent.doc[lo].dep_ == "det" and lo < t.i:
        out.append(("nodet", lo + 1, hi))
    if hi > t.i + 1:
        out.append(("left", lo, t.i + 1))
    return out


def _path(t: Token) -> tuple[str, Token]:
    """Dependency labels from ``t`` up to the verb that governs it (prepositions by their word)."""
    steps, node = [], t
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX") and len(steps) < 4:
        steps.append(f"prep:{node.lower_}" if node.dep_ == "prep" else node.dep_)
        node = node.head
    return "<".join(steps), node


def _span_features(kind: str, t: Token, phrase: Span, root: Token) -> list[str]:
    h = t.head
    ent = t.ent_type_ or "O"
    path, gov = _path(t)
    depth, node = 0, t
    while node.head.i != node.i and depth < 5:
        node, depth = node.head, depth + 1
    f = [f"kind={kind}", f"dep={t.dep_}", f"pos={t.pos_}", f"ent={ent}", f"lemma={t.lemma_.lower()}",
         f"head={h.lemma_.lower()}", f"hpos={h.pos_}", f"hdep={h.dep_}", f"dep>head={t.dep_}>{h.lemma_.lower()}",
         f"kind+dep={kind}+{t.dep_}", f"kind+dep+ent={kind}+{t.dep_}+{ent}", f"len={min(len(phrase), 8)}",
         f"first={phrase[0].dep_}", f"last={phrase[-1].pos_}", f"depth={depth}",
         "before-root" if t.i < root.i else "after-root", f"path={path}", f"path>gov={path}>{gov.lemma_.lower()}",
         f"govdep={gov.dep_}", f"path>govdep={path}>{gov.dep_}"]
    if t.dep_ == "pobj":
        f += [f"prep={h.lower_}", f"prep>gov={h.lower_}>{h.head.lemma_.lower()}", f"prep-gov-dep={h.head.dep_}"]
    if t.dep_ == "ROOT" or h.dep_ == "ROOT":
        f.append("at-root")
    return f + sorted({f"has={x.ent_type_}" for x in phrase if x.ent_type_})


def candidates(sent: Doc | Span) -> list[Candidate]:
    """Every distinct noun-phrase span of a parsed sentence, with its features."""
    root = sent.root if isinstance(sent, Span) else next(t for t in sent if t.dep_ == "ROOT")
    base = sent.start_char if isinstance(sent, Span) else 0
    seen: dict[tuple[int, int], Candidate] = {}
    for t in sent:
        if t.pos_ not in _NOMINAL:
            continue
        for kind, lo, hi in _phrases(sent, t):
            phrase = sent.doc[lo:hi]
            key = (phrase.start_char - base, phrase.end_char - base)
            if key not in seen:
                seen[key] = Candidate(*key, _span_features(kind, t, phrase, root))
    return list(seen.values())
