"""The speech-cue lexicon (``data/cues.yaml``): which words introduce a quote, and in which way.

Kept as data so that a reviewer can add a verb without touching the rules.  Inflected forms are
generated with ``lemminflect`` (as the event lexicon does) so that :func:`surface_forms` can pick
the sentences worth parsing from bare lowercase tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from lemminflect import getAllInflections, getAllInflectionsOOV

_FILE = Path(__file__).resolve().parent / "data" / "cues.yaml"


class CueLexiconError(ValueError):
    """A malformed cue lexicon: the message names the file and the problem."""


@dataclass(frozen=True)
class CueLexicon:
    speech: frozenset[str]  # lemmas: cues for direct, indirect and mixed quotes
    frame: frozenset[str]  # lemmas: cues for direct quotes only
    particle: dict[str, str]  # phrasal speech verbs: lemma -> particle
    naming: frozenset[str]  # 'called it "a disgrace"': cues for the quoted words they govern
    passive: frozenset[str]  # "X was quoted as saying": the passive subject speaks
    prepositions: dict[str, str]  # "according" -> "to"
    addressee: frozenset[str]  # verbs whose direct object is the hearer ("told reporters")
    not_speakers: frozenset[str]  # subject heads that are the medium, not the speaker

    def is_speech(self, lemma: str, particle: str | None = None) -> bool:
        """A verb that reports speech (indirect speech needs one of these)."""
        if lemma in self.particle:
            return particle == self.particle[lemma]
        return lemma in self.speech

    def is_frame(self, lemma: str, particle: str | None = None) -> bool:
        """A verb that may introduce a direct quote."""
        return self.is_speech(lemma, particle) or lemma in self.frame

    @cached_property
    def surface_forms(self) -> frozenset[str]:
        """Lowercase forms of every speech cue, for the token-only sentence selection."""
        return _forms([*self.speech, *self.particle, *self.passive]) | frozenset(self.prepositions)

    @cached_property
    def frame_forms(self) -> frozenset[str]:
        """Lowercase forms of every verb that may introduce a direct quote."""
        return self.surface_forms | _forms(self.frame)


def _inflections(lemma: str) -> set[str]:
    forms = getAllInflections(lemma, upos="VERB") or getAllInflectionsOOV(lemma, upos="VERB")
    return {lemma, *(f.lower() for fs in forms.values() for f in fs)}


def _forms(lemmas: Iterable[str]) -> frozenset[str]:
    return frozenset(f for lemma in lemmas for f in _inflections(lemma))


def _strings(data: dict[str, object], key: str) -> frozenset[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CueLexiconError(f"{_FILE}: {key!r} must be a list of lemmas")
    if len(set(value)) != len(value):
        raise CueLexiconError(f"{_FILE}: {key!r} lists a lemma twice")
    return frozenset(v.lower() for v in value)


def _mapping(data: dict[str, object], key: str) -> dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise CueLexiconError(f"{_FILE}: {key!r} must map a lemma to one word")
    return {k.lower(): v.lower() for k, v in value.items()}


@lru_cache(maxsize=1)
def load_cues(path: Path = _FILE) -> CueLexicon:
    """Read and check the lexicon once per process."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CueLexiconError(f"{path}: expected a mapping of sections")
    lex = CueLexicon(
        speech=_strings(data, "speech"), frame=_strings(data, "frame"), particle=_mapping(data, "particle"),
        naming=_strings(data, "naming"),
        passive=_strings(data, "passive"), prepositions=_mapping(data, "prepositions"),
        addressee=_strings(data, "addressee"), not_speakers=_strings(data, "not_speakers"))
    for a, b in (("speech", "frame"), ("speech", "naming"), ("frame", "naming")):
        if both := getattr(lex, a) & getattr(lex, b):
            raise CueLexiconError(f"{path}: {sorted(both)} listed under both {a} and {b}")
    return lex
