"""Tone: how cooperative or hostile a sentence and an article sound, in [-1, 1].

Lexicon tone is not event polarity: VADER alone finds "Moscow will not make unilateral gestures of
goodwill to the European Union" neutral or positive, because "goodwill" is three words past the
negation and most diplomatic vocabulary (sanctions, dialogue, cooperation) is not in its lexicon.
détente keeps VADER's lexicon, boosters and normalisation, and adds (``data/tone.yaml``, scheme in
docs/tone.md):

* a domain lexicon of conflict and cooperation words, and neutral values for names and jargon
  ("United Nations", "shares outstanding", "crude oil");
* negation scoped to the clause: a negated cooperative word is hostile, a negated hostile word is
  only softened, and phrases such as "no alternative to" are not negation;
* reversers: "lift sanctions" and "end the war" are positive, "suspend cooperation" negative;
* VADER's contrast rule for "but".

Everything is token look-ups (no parse), because the coder calls :func:`sentence_tone` for every
sentence of every article.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from lemminflect import getAllInflections
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from detente.topics import Phrase, PhraseIndex, inflected, noun_forms, tokenize

if TYPE_CHECKING:
    from detente.nlp import Analysis

_FILE = Path(__file__).resolve().parent / "data" / "tone.yaml"
_TOKEN = re.compile(r"[^\W_]+|[^\w\s'’\-]")  # words, and punctuation other than ' and -
_NEGATION_CONTRACTION = re.compile(r"n['’]t\b", re.IGNORECASE)
_PUNCT_BOUNDARY = (",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "—", "–", ".", "!", "?")
_ROLE_KEYS = {"negators": "negator", "post_negators": "post_negator", "cancel": "cancel",
              "contrast": "contrast", "demands": "demand", "boundaries": "boundary"}
_SETTINGS = ("negation_window", "flip_negative", "absorb", "demand_factor", "contrast_before",
             "contrast_after", "normalize_alpha", "booster_window")


class ToneError(ValueError):
    """A malformed tone lexicon: the message names the file and the entry."""


@dataclass(frozen=True)
class Cue:
    """What a word or phrase does to tone: its valence and, for function words, its role."""

    valence: float = 0.0
    # "", negator, post_negator, cancel, reverser, contrast, demand, boundary or booster
    role: str = ""
    window: int = 0  # reversers: how many tokens ahead the reversed word may be


@dataclass(frozen=True)
class ToneLexicon:
    index: PhraseIndex[Cue]
    settings: Mapping[str, float]


def _word_forms(word: str) -> set[str]:
    """A lemma and all its inflections, whatever the part of speech (sanction/sanctions/sanctioned);
    a word lemminflect does not know gets its regular noun plural ("airstrikes")."""
    forms = {f for fs in getAllInflections(word).values() for f in fs}
    return (forms or noun_forms(word)) | {word}


def _forms(entry: str, kind: str) -> set[Phrase]:
    """Surface forms of a lexicon entry: any-POS inflection for a single word, noun inflection of
    the last word for a phrase; ``kind="verb"`` inflects the first word (reversers)."""
    words = tuple(tokenize(entry))
    if kind == "exact":
        return {words}
    if kind == "verb":
        return inflected(entry, "verb")
    if len(words) == 1:
        return {(f,) for f in _word_forms(words[0])}
    return inflected(entry, "noun")


@lru_cache(maxsize=1)
def load_lexicon() -> ToneLexicon:
    """VADER's lexicon overlaid with ``data/tone.yaml`` (once per process)."""
    return parse_lexicon(_FILE.read_text(encoding="utf-8"), _FILE.name)


def parse_lexicon(text: str, name: str = _FILE.name) -> ToneLexicon:
    """Build the tone lexicon from YAML text; a ToneError names ``name`` and the faulty entry."""
    try:
        data = yaml.safe_load(text) or {}
        settings = {k: float(v) for k, v in (data.get("settings") or {}).items()}
        missing = [k for k in _SETTINGS if k not in settings]
        if missing:
            raise ToneError(f"settings: missing {missing}")
        cues = _vader_cues()
        for entry, value in _mapping(data, "valence").items():
            _set(cues, _forms(entry, "word"), Cue(float(value)))
        for entry in _list(data, "neutral"):
            _set(cues, _forms(entry, "exact"), Cue())
        _roles(cues, data)
    except (yaml.YAMLError, TypeError, ValueError) as exc:
        raise ToneError(f"{name}: {exc}") from None
    return ToneLexicon(PhraseIndex(cues), settings)


def _vader_cues() -> dict[Phrase, Cue]:
    """VADER's one-word lexicon entries and boosters, as cues."""
    cues: dict[Phrase, Cue] = {}
    for word, value in SentimentIntensityAnalyzer().lexicon.items():
        if tokenize(word) == [word]:
            cues[(word,)] = Cue(float(value))
    for word, boost in BOOSTER_DICT.items():
        if tokenize(word) == [word]:
            cues[(word,)] = Cue(float(boost), "booster")
    return cues


def _roles(cues: dict[Phrase, Cue], data: dict[str, Any]) -> None:
    """Function words: they carry no valence of their own, except reversers (used when idle)."""
    for key, role in _ROLE_KEYS.items():
        _set(cues, (f for e in _list(data, key) for f in _forms(e, "exact")), Cue(0.0, role))
    for entry, window in _mapping(data, "reversers").items():
        if not isinstance(window, int) or window < 1:
            raise ToneError(f"reversers.{entry}: window must be a positive integer")
        for form in _forms(entry, "verb"):
            own = cues.get(form, Cue()).valence
            cues[form] = Cue(own, "reverser", window)
    for mark in _PUNCT_BOUNDARY:
        cues[(mark,)] = Cue(0.0, "boundary")


def _set(cues: dict[Phrase, Cue], forms: Iterable[Phrase], cue: Cue) -> None:
    for form in forms:
        cues[form] = cue


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and tokenize(k) for k in value):
        raise ToneError(f"{key}: must be a mapping of words or phrases")
    return value


def _list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and tokenize(v) for v in value):
        raise ToneError(f"{key}: must be a list of words or phrases")
    return value


def _tokens(text: str) -> list[str]:
    """Words and clause punctuation; "don't" is split so its "not" is a negator."""
    return _TOKEN.findall(_NEGATION_CONTRACTION.sub(" not", text))


@dataclass
class _Reverser:
    """An open reversal: where it started, the last token it reaches, its own valence."""

    pos: int
    until: int
    own: float
    negated: bool
    results: list[float] = field(default_factory=list)


@dataclass
class _State:
    """Running state of one sentence: open scopes and the valences found so far."""

    settings: Mapping[str, float]
    neg_until: int = -1  # negation scope: token index it runs to (exclusive)
    reverser: _Reverser | None = None
    boost: tuple[int, float] | None = None  # (until, amount)
    contrast_at: int | None = None
    in_demand: bool = False
    parts: list[tuple[int, float]] = field(default_factory=list)  # (token index, valence)

    def flip(self, v: float) -> float:
        return -v if v > 0 else -v * self.settings["flip_negative"]

    def close(self) -> None:
        """End of a clause: negation and reversal stop."""
        self.neg_until = -1
        self.drop_reverser()

    def drop_reverser(self) -> None:
        """A reverser's own valence counts if it reversed nothing or agrees with what it did."""
        rev, self.reverser = self.reverser, None
        if rev is None or not rev.own:
            return
        own = self.flip(rev.own) if rev.negated else rev.own
        if not rev.results or all((r > 0) == (own > 0) for r in rev.results):
            self.parts.append((rev.pos, own))

    def valenced(self, pos: int, v: float) -> None:
        if self.boost is not None and pos < self.boost[0]:
            v += math.copysign(1.0, v) * self.boost[1]  # "very" strengthens, "slightly" weakens
        self.boost = None
        if self.reverser is not None and pos > self.reverser.until:
            self.drop_reverser()
        if self.reverser is not None:
            v = self.flip(v)
        if pos < self.neg_until:
            if v <= -self.settings["absorb"]:
                self.neg_until = -1  # the first clearly hostile word takes the negation
            v = self.flip(v)
        if self.in_demand and v > 0:
            v *= self.settings["demand_factor"]
        if self.reverser is not None:
            self.reverser.results.append(v)
        self.parts.append((pos, v))

    def post_negate(self, pos: int) -> None:
        if self.parts and pos - self.parts[-1][0] <= 2 and self.parts[-1][1] > 0:
            at, v = self.parts.pop()
            self.parts.append((at, self.flip(v)))

    def total(self) -> float:
        s = self.settings
        if self.contrast_at is None:
            return sum(v for _, v in self.parts)
        return sum(v * (s["contrast_before"] if pos < self.contrast_at else s["contrast_after"])
                   for pos, v in self.parts)


def _step(state: _State, start: int, end: int, cue: Cue) -> None:
    role = cue.role
    if role == "boundary":
        state.close()
    elif role == "contrast":
        state.close()
        state.contrast_at = start if state.contrast_at is None else state.contrast_at
    elif role == "demand":
        state.in_demand = True
    elif role in ("negator", "post_negator"):
        if role == "post_negator":
            state.post_negate(start)
        state.neg_until = end + int(state.settings["negation_window"])
    elif role == "booster":
        state.boost = (end + int(state.settings["booster_window"]), cue.valence)
    elif role == "reverser":
        state.drop_reverser()
        negated = start < state.neg_until
        state.reverser = _Reverser(start, end - 1 + cue.window, cue.valence, negated)
    elif role == "" and cue.valence:
        state.valenced(start, cue.valence)


def sentence_tone(text: str) -> float:
    """Tone of one sentence in [-1, 1]: negative is hostile, positive cooperative, 0 neutral."""
    lexicon = load_lexicon()
    state = _State(lexicon.settings)
    for start, end, cue in lexicon.index.scan(_tokens(text)):
        _step(state, start, end, cue)
    state.close()
    total = state.total()
    return total / math.sqrt(total * total + lexicon.settings["normalize_alpha"]) if total else 0.0


def article_tone(sentence_tones: Sequence[float], analysis: Analysis) -> float:
    """Tone of an article: the mean of its sentences' tones weighted by length, with the
    sentences the coder parsed (those with an actor and an event trigger, or speech) counted
    twice — they carry the relations the article reports, the rest is background."""
    if len(sentence_tones) != len(analysis.sents):
        raise ValueError(f"{len(sentence_tones)} tones for {len(analysis.sents)} sentences")
    num = den = 0.0
    for i, (tone, sent) in enumerate(zip(sentence_tones, analysis.sents)):
        weight = len(sent) * (2.0 if i in analysis.parsed else 1.0)
        num += weight * tone
        den += weight
    return num / den if den else 0.0


def separation(cooperative: Sequence[float], conflictual: Sequence[float]) -> float:
    """AUC: the chance that a cooperative sentence scores above a conflictual one (ties count
    half) — 0.5 is no separation, 1.0 perfect.  Mann–Whitney by sorting, O(n log n)."""
    scored = sorted([(s, 1) for s in cooperative] + [(s, 0) for s in conflictual])
    wins, below, i = 0.0, 0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        coop = sum(label for _, label in scored[i:j])
        wins += coop * (below + (j - i - coop) / 2)
        below += j - i - coop
        i = j
    return wins / (len(cooperative) * len(conflictual)) if cooperative and conflictual else 0.5


def _quadclass_report(split: str) -> None:
    """Mean tone per ConfliBERT quad class and the cooperation/conflict AUC, détente vs VADER."""
    from detente.evaluate.readers import read_conflibert_quad
    from detente.evaluate.splits import wanted

    docs = [d for d in read_conflibert_quad() if wanted(d.part, split) and d.quad in (1, 2, 3, 4)]
    vader = SentimentIntensityAnalyzer()
    scorers = {"detente": sentence_tone,
               "vader": lambda text: float(vader.polarity_scores(text)["compound"])}
    print(f"ConfliBERT quad classes, {split} split: {len(docs)} sentences (classes 1-4)")
    for name, score in scorers.items():
        by_class: dict[int, list[float]] = {q: [] for q in (1, 2, 3, 4)}
        for d in docs:
            by_class[d.quad].append(score(d.article.text))  # type: ignore[index]
        means = " ".join(f"q{q}={sum(v) / len(v):+.3f}" for q, v in by_class.items() if v)
        auc = separation(by_class[1] + by_class[2], by_class[3] + by_class[4])
        verbal = separation(by_class[1], by_class[3])
        material = separation(by_class[2], by_class[4])
        print(f"{name:8} AUC coop>conflict {auc:.3f} (verbal {verbal:.3f}, "
              f"material {material:.3f})  mean {means}")


def _main(argv: list[str] | None = None) -> None:
    """``python -m detente.tone``: tone of each line of stdin, or ``--quadclass dev`` check."""
    parser = argparse.ArgumentParser(prog="python -m detente.tone", description=_main.__doc__)
    parser.add_argument("--quadclass", choices=("dev", "validation", "all"),
                        help="separate ConfliBERT cooperation (1, 2) from conflict (3, 4) sentences")
    args = parser.parse_args(argv)
    if args.quadclass:
        _quadclass_report(args.quadclass)
        return
    for line in sys.stdin:
        if line.strip():
            print(f"{sentence_tone(line):+.3f}\t{line.rstrip()}")


if __name__ == "__main__":
    _main()
