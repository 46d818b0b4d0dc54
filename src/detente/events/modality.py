"""Negation, modality and voice: what governs a trigger decides its status and its CAMEO family.

The public event systems code "Moscow will not make gestures of goodwill" as goodwill and
"Moscow has no intentions to discuss" as an intention to meet.  Here every trigger is examined in
its dependency context before it becomes an event:

* a ``neg`` dependent or a "no" determiner negates it;
* an intent governor ("intend to", "ready for", "open to", "no intentions to") wraps it into
  CAMEO's intent family — and, negated, into the matching rejection (125, 124, …);
* a wrapping verb from the lexicon ("refuse to", "threaten to", "urge … to") does the same;
* a deontic modal in a speaker's words ("the EU should lift them") makes it a demand;
* a future auxiliary or a condition marks it future or hypothetical, not done.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

_DATA = Path(__file__).parent / "data" / "modality.yaml"
_CLIMB = {"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "advcl", "relcl", "conj"}


@dataclass(frozen=True)
class Words:
    negators: frozenset[str]
    intent_nouns: frozenset[str]
    intent_adjectives: frozenset[str]
    intent_verbs: frozenset[str]
    negation_inverting: frozenset[str]
    deontic: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_aux: frozenset[str]
    future_governors: frozenset[str]
    first_person: frozenset[str]
    criticism: frozenset[str]
    cognition_verbs: frozenset[str]
    cognition_adjectives: frozenset[str]


@lru_cache(maxsize=1)
def words() -> Words:
    d = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    gov = d["intent_governors"]
    f = frozenset
    return Words(
        negators=f(d["negators"]),
        intent_nouns=f(gov["nouns"]),
        intent_adjectives=f(gov["adjectives"]),
        intent_verbs=f(gov["verbs"]),
        negation_inverting=f(d["negation_inverting"]),
        deontic=f(d["deontic"]),
        hypothetical_marks=f(d["hypothetical_marks"]),
        hypothetical_modals=f(d["hypothetical_modals"]),
        future_aux=f(d["future_aux"]),
        future_governors=f(d["future_governors"]),
        first_person=f(d["first_person"]),
        criticism=f(d["criticism"]),
        cognition_verbs=f(d["demand_cognition"]["verbs"]),
        cognition_adjectives=f(d["demand_cognition"]["adjectives"]),
    )


@dataclass
class Modality:
    """What the context does to a trigger."""

    negated: bool = False
    wrapper: str | None = None  # intent | appeal | demand | reject | threaten
    wrapper_token: Token | None = None
    deontic: bool = False
    future: bool = False
    hypothetical: bool = False
    reason: str = ""


def is_negated(tok: Token) -> bool:
    """A ``neg`` child, a negating determiner, or a negated auxiliary/copula sibling."""
    w = words()
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in w.negators):
            return True
        if child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children):
            return True
    return False


def _has_deontic(tok: Token) -> bool:
    """ "should lift", "need to cooperate"; a conjoined verb shares its auxiliaries ("should make the
    first step and lift them")."""
    w = words()
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "aux") for c in tok.children):
        return _has_deontic(tok.head)
    for child in tok.children:
        if child.dep_ == "aux" and child.lower_ in w.deontic:
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and tok.head.lemma_ in ("need", "have", "ought"):
            return True
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("need", "have") and tok.head.pos_ in ("VERB", "AUX"):
        return True
    return False


def _is_future(tok: Token) -> bool:
    w = words()
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "aux") for c in tok.children):
        return _is_future(tok.head)
    if any(c.dep_ == "aux" and c.lower_ in w.future_aux for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_ in w.future_governors


def _is_hypothetical(tok: Token) -> bool:
    w = words()
    node = tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in w.hypothetical_modals for c in node.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in w.hypothetical_marks for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return False


def analyse(trigger: Token, wrappers: dict[str, str]) -> Modality:
    """Examine the trigger and the chain of words governing it (at most three steps up).

    ``wrappers`` maps governing verb lemmas to a wrapper name (from the trigger lexicon:
    refuse -> reject, threaten -> threaten, urge -> appeal, demand -> demand, …).
    """
    w = words()
    m = Modality(negated=is_negated(trigger), deontic=_has_deontic(trigger),
                 future=_is_future(trigger), hypothetical=_is_hypothetical(trigger))
    node = trigger
    for _ in range(3):
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            break
        gov = node.head
        if gov.dep_ == "prep" or gov.pos_ == "ADP":  # "open TO dialogue", "interest IN talks"
            gov = gov.head
        lemma = gov.lemma_.lower()
        if lemma in wrappers and gov.pos_ in ("VERB", "AUX"):
            m.wrapper, m.wrapper_token = wrappers[lemma], gov
            m.negated ^= is_negated(gov)
            m.reason = f"governed by '{gov.text}'"
            break
        intent = (gov.pos_ == "NOUN" and lemma in w.intent_nouns) or (
            gov.pos_ == "ADJ" and lemma in w.intent_adjectives) or (
            gov.pos_ == "VERB" and lemma in w.intent_verbs and node.dep_ == "xcomp")
        if intent:
            negated_gov = is_negated(gov) or (gov.pos_ != "VERB" and is_negated(gov.head))
            if lemma in w.negation_inverting:
                m.negated = False
            else:
                m.negated ^= negated_gov
            m.wrapper, m.wrapper_token = "intent", gov
            m.deontic = m.deontic or _has_deontic(gov)
            m.future = m.future or _is_future(gov) or _is_future(gov.head)
            m.reason = f"intent governor '{gov.text}'"
            break
        if gov.pos_ == "VERB" and node.dep_ in ("xcomp", "ccomp"):
            m.negated = m.negated or (node.dep_ == "xcomp" and is_negated(gov))
            m.future = m.future or _is_future(gov)
        node = gov
    return m
