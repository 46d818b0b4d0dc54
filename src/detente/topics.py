"""Topics: which themes of international news a sentence or an article is about.

The taxonomy is data (``data/topics.yaml``, format at its top and in docs/topics.md): each topic
has an id, a label, a family (``theme`` or named ``conflict``), a description, weighted terms and
optionally CAMEO code prefixes.  It is read once per process and compiled into one
:class:`PhraseIndex`, so that tagging is a single pass of dictionary look-ups over word tokens —
no spaCy parse — because the coder calls it for every article and every event.

* :func:`sentence_topics` — topics of a short text (an event's evidence, a sentence).
* :func:`article_topics` — ranked topics of an article, from its text and its coded events; a
  topic needs enough weight for the article's length, so a passing mention in a long story does
  not make a topic.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from lemminflect import getAllInflections, getAllInflectionsOOV

from detente.record import Event

_FILE = Path(__file__).resolve().parent / "data" / "topics.yaml"
_WORD = re.compile(r"[^\W_]+")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CAMEO_PREFIX = re.compile(r"^\d{2,4}$")
_TERM_LISTS = {"terms": ("strong", "noun"), "verbs": ("strong", "verb"),
               "weak_terms": ("weak", "noun"), "weak_verbs": ("weak", "verb")}
_TOPIC_KEYS = {"id", "label", "family", "description", "cameo", *_TERM_LISTS}
_THRESHOLDS = ("sentence", "article", "words_per_mention", "event")

T = TypeVar("T")
Phrase = tuple[str, ...]
Hit = tuple[str, float, str]  # topic id, weight, the term as written in the file


class TopicsError(ValueError):
    """A malformed taxonomy file: the message names the file and the entry."""


def tokenize(text: str) -> list[str]:
    """Word tokens (letters and digits): hyphens and apostrophes separate words.

    So "counter-terrorism" holds "terrorism" and "Crimea's" holds "Crimea", which is what a term
    look-up wants; punctuation never matters for topics or for lexicon tone.
    """
    return _WORD.findall(text)


def is_acronym(word: str) -> bool:
    """Two or more capitals and no lower-case letter (WTO, AI, 5G): matched case-sensitively."""
    return len(word) >= 2 and word.isupper()


_NONE = object()


def _key(word: str) -> str:
    return word if is_acronym(word) else word.lower()


class PhraseIndex(Generic[T]):
    """Greedy longest-match look-up of word sequences in a token list.

    Phrase words are compared lower-cased, except acronyms, which must match exactly ("AI" is not
    "ai").  At each position the longest phrase that matches wins and its words are consumed, so a
    longer phrase ("trade war", "tear gas") decides what its words mean.
    """

    def __init__(self, phrases: Mapping[Phrase, T]) -> None:
        self._single: dict[str, T] = {}
        self._multi: dict[str, list[tuple[Phrase, tuple[bool, ...], T]]] = {}
        for words, value in phrases.items():
            keys = tuple(_key(w) for w in words)
            if len(keys) == 1:
                self._single[keys[0]] = value
            else:
                acronyms = tuple(map(is_acronym, keys))
                self._multi.setdefault(keys[0], []).append((keys, acronyms, value))
        for candidates in self._multi.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def __len__(self) -> int:
        return len(self._single) + sum(len(c) for c in self._multi.values())

    def scan(self, tokens: Sequence[str]) -> Iterator[tuple[int, int, T]]:
        """Yield ``(start, end, value)`` for each phrase found, left to right, without overlap."""
        lower = [t.lower() for t in tokens]
        single, multi = self._single, self._multi
        i, n = 0, len(tokens)
        while i < n:
            tok, low = tokens[i], lower[i]
            hit = self._longest(tokens, lower, i) if (low in multi or tok in multi) else None
            if hit is not None:
                yield i, i + hit[0], hit[1]
                i += hit[0]
                continue
            value = single.get(tok, _NONE) if tok != low else _NONE
            if value is _NONE:
                value = single.get(low, _NONE)
            if value is not _NONE:
                yield i, i + 1, value  # type: ignore[misc]
            i += 1

    def _longest(self, tokens: Sequence[str], lower: list[str], i: int) -> tuple[int, T] | None:
        """The longest multi-word phrase starting at ``i``, as (length, value)."""
        best: tuple[int, T] | None = None
        for first in {tokens[i], lower[i]}:
            for keys, acronyms, value in self._multi.get(first, ()):
                if best is not None and len(keys) <= best[0]:
                    break
                if i + len(keys) <= len(tokens) and all(
                        (tokens if acr else lower)[i + j] == k
                        for j, (k, acr) in enumerate(zip(keys, acronyms))):
                    best = (len(keys), value)
                    break
        return best


def noun_forms(word: str) -> set[str]:
    """The word and its plural(s); unknown words get a regular plural unless they end in -s."""
    if is_acronym(word) or not word.isalpha():
        return {word}
    forms = {f for fs in getAllInflections(word, upos="NOUN").values() for f in fs}
    if not forms and not word.endswith("s"):
        forms = {f for fs in getAllInflectionsOOV(word, upos="NOUN").values() for f in fs}
    return forms | {word}


def verb_forms(word: str) -> set[str]:
    """The word and all its verb inflections (imposed, imposing, imposes)."""
    if is_acronym(word) or not word.isalpha():
        return {word}
    return {f for fs in getAllInflections(word, upos="VERB").values() for f in fs} | {word}


def inflected(phrase: str, kind: str) -> set[Phrase]:
    """All surface forms of a lemma phrase: nouns inflect the last word, verbs the first."""
    words = tuple(tokenize(phrase))
    if not words:
        return set()
    if kind == "noun":
        return {words[:-1] + (f,) for f in noun_forms(words[-1])}
    return {(f,) + words[1:] for f in verb_forms(words[0])}


@dataclass(frozen=True)
class Topic:
    """One entry of the taxonomy (its terms live in the compiled index, not here)."""

    id: str
    label: str
    family: str
    description: str
    cameo: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The loaded taxonomy: topics in file order, the term index and the scoring settings."""

    topics: dict[str, Topic]
    families: dict[str, str]
    index: PhraseIndex[tuple[Hit, ...]]
    weights: dict[str, float]
    thresholds: dict[str, float]

    def cameo_topics(self, code: str) -> list[str]:
        """Topics whose CAMEO prefixes cover ``code`` ("1631" is covered by "163")."""
        return [t.id for t in self.topics.values() if any(code.startswith(p) for p in t.cameo)]


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Read, check and compile ``data/topics.yaml`` (once per process)."""
    return parse_taxonomy(_FILE.read_text(encoding="utf-8"), _FILE.name)


def parse_taxonomy(text: str, name: str = _FILE.name) -> Taxonomy:
    """Build a Taxonomy from YAML text; a TopicsError names ``name`` and the faulty entry."""
    try:
        data = yaml.safe_load(text) or {}
        families = _mapping(data, "families")
        weights = {k: float(v) for k, v in _mapping(data, "weights").items()}
        thresholds = {k: float(v) for k, v in _mapping(data, "thresholds").items()}
        missing = [k for k in ("strong", "weak", "in_name") if k not in weights]
        missing += [k for k in _THRESHOLDS if k not in thresholds]
        if missing:
            raise TopicsError(f"missing weights/thresholds: {missing}")
        explicit: dict[Phrase, dict[str, Hit]] = {}
        generated: dict[Phrase, dict[str, Hit]] = {}
        for phrase in _strings(data.get("stop_phrases", []), "stop_phrases"):
            explicit.setdefault(tuple(tokenize(phrase)), {})
        topics: dict[str, Topic] = {}
        for i, raw in enumerate(data.get("topics") or []):
            topic = _topic(raw, f"topics[{i}]", families, topics)
            topics[topic.id] = topic
            _add_terms(raw, topic.id, weights, explicit, generated)
    except (yaml.YAMLError, TypeError, ValueError) as exc:
        raise TopicsError(f"{name}: {exc}") from None
    if not topics:
        raise TopicsError(f"{name}: no topics")
    # A form written in the file keeps the meaning given there: it is not also the inflection of
    # another entry ("securities" is finance, not the plural of "security").
    phrases = {**{k: v for k, v in generated.items() if k not in explicit}, **explicit}
    index = PhraseIndex({k: tuple(v.values()) for k, v in phrases.items()})
    return Taxonomy(topics, families, index, weights, thresholds)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise TopicsError(f"{key!r} must be a non-empty mapping")
    return value


def _strings(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and tokenize(v) for v in values):
        raise TopicsError(f"{where}: must be a list of words or phrases")
    return values


def _topic(raw: Any, where: str, families: dict[str, str], seen: dict[str, Topic]) -> Topic:
    if not isinstance(raw, dict):
        raise TopicsError(f"{where}: a topic is a mapping")
    tid = raw.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise TopicsError(f"{where}: id must be lower_snake_case, got {tid!r}")
    where = f"topic {tid!r}"
    if tid in seen:
        raise TopicsError(f"{where}: defined twice")
    unknown = set(raw) - _TOPIC_KEYS
    if unknown:
        raise TopicsError(f"{where}: unknown field(s) {sorted(unknown)}")
    if raw.get("family") not in families:
        raise TopicsError(f"{where}: family must be one of {sorted(families)}")
    for key in ("label", "description"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise TopicsError(f"{where}: {key} is required")
    if not any(raw.get(k) for k in _TERM_LISTS):
        raise TopicsError(f"{where}: needs at least one term")
    cameo = [str(c) for c in raw.get("cameo", [])]
    if not all(_CAMEO_PREFIX.match(c) for c in cameo):
        raise TopicsError(f"{where}: cameo prefixes are 2-4 digits, quoted")
    return Topic(tid, raw["label"].strip(), raw["family"], " ".join(raw["description"].split()),
                 tuple(cameo))


def _add_terms(raw: dict[str, Any], tid: str, weights: dict[str, float],
               explicit: dict[Phrase, dict[str, Hit]],
               generated: dict[Phrase, dict[str, Hit]]) -> None:
    """Every surface form of every term of a topic -> {topic: hit}; the higher weight wins."""
    for key, (strength, kind) in _TERM_LISTS.items():
        for term in _strings(raw.get(key, []), f"topic {tid!r}.{key}"):
            written = tuple(tokenize(term))
            for form in inflected(term, kind):
                hits = (explicit if form == written else generated).setdefault(form, {})
                if tid not in hits or hits[tid][1] < weights[strength]:
                    hits[tid] = (tid, weights[strength], term)


def _in_name(text: str, words: Sequence[re.Match[str]], i: int) -> bool:
    """Whether word ``i`` is a capitalised word inside a longer name ("Federal Trade Commission",
    "Santa Fe Energy Partners"): a neighbour one space away is capitalised too."""
    word = words[i].group()
    if not word[0].isupper() or is_acronym(word):
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(words) and words[j].group()[0].isupper():
            a, b = sorted((i, j))
            if text[words[a].end():words[b].start()] == " ":
                return True
    return False


def _text_scores(text: str, taxonomy: Taxonomy) -> dict[str, float]:
    """Summed weights per topic.  A one-word term inside a name counts ``in_name`` times its
    weight, and a weak term or a name counts once however often it is repeated: "ICN
    Pharmaceuticals" ten times in a takeover story is one mention of a name."""
    words = list(_WORD.finditer(text))
    strong, in_name = taxonomy.weights["strong"], taxonomy.weights["in_name"]
    scores: dict[str, float] = {}
    seen_weak: set[tuple[str, str]] = set()
    for start, end, hits in taxonomy.index.scan([m.group() for m in words]):
        factor = in_name if end - start == 1 and _in_name(text, words, start) else 1.0
        for tid, weight, term in hits:
            weight *= factor
            if weight < strong:  # weak terms and names count once, however often repeated
                if (tid, term) in seen_weak:
                    continue
                seen_weak.add((tid, term))
            scores[tid] = scores.get(tid, 0.0) + weight
    return scores


def _ranked(scores: Mapping[str, float], threshold: float, taxonomy: Taxonomy) -> list[str]:
    order = {tid: i for i, tid in enumerate(taxonomy.topics)}
    kept = [t for t, s in scores.items() if s >= threshold - 1e-9]
    return sorted(kept, key=lambda t: (-scores[t], order[t]))


def sentence_topics(text: str) -> list[str]:
    """Topics of one sentence or evidence span, strongest first.

    One strong term, or two weak ones, make a topic: "sanctions remain the main irritant" is
    ``["sanctions"]``; a lone "talks" (weak) is nothing.
    """
    taxonomy = load_taxonomy()
    scores = _text_scores(text, taxonomy)
    return _ranked(scores, taxonomy.thresholds["sentence"], taxonomy)


def topic_scores(text: str, events: Iterable[Event] = ()) -> dict[str, float]:
    """The evidence behind :func:`article_topics`: summed term weights plus event weight per topic.

    Each coded event adds ``thresholds.event`` to each topic of its evidence (``Event.topics``)
    and of its CAMEO code, once per event: a theme that actors act on weighs more than one the
    text only mentions.
    """
    taxonomy = load_taxonomy()
    scores = _text_scores(text, taxonomy)
    bonus = taxonomy.thresholds["event"]
    for event in events:
        for tid in set(event.topics) | set(taxonomy.cameo_topics(event.cameo)):
            if tid in taxonomy.topics:
                scores[tid] = scores.get(tid, 0.0) + bonus
    return scores


def article_threshold(n_words: int) -> float:
    """Least score an article topic needs: the base threshold, scaled up for long articles.

    With the shipped settings that is one strong mention up to 500 words, rising in proportion
    beyond, so a single "oil" in a 1,500-word trade story is a passing mention.
    """
    th = load_taxonomy().thresholds
    return th["article"] * max(1.0, n_words / th["words_per_mention"])


def article_topics(text: str, events: Sequence[Event]) -> list[str]:
    """Ranked topics of an article (strongest first), from its text and its coded events."""
    taxonomy = load_taxonomy()
    scores = topic_scores(text, events)
    return _ranked(scores, article_threshold(len(tokenize(text))), taxonomy)


def topic_terms(text: str) -> dict[str, list[str]]:
    """The words of ``text`` that count for each topic, in order: why a topic was given."""
    tokens = tokenize(text)
    found: dict[str, list[str]] = {}
    for start, end, hits in load_taxonomy().index.scan(tokens):
        for tid, _, _ in hits:
            found.setdefault(tid, []).append(" ".join(tokens[start:end]))
    return found


def _inspect(argv: list[str] | None = None) -> None:
    """``python -m detente.topics FILE.jsonl --sample 40``: topics of stories with the words
    behind them, for a hand check of precision."""
    parser = argparse.ArgumentParser(prog="python -m detente.topics",
                                     description=_inspect.__doc__)
    parser.add_argument("file", type=Path,
                        help="JSON Lines with a 'text' field (title, id, topics optional)")
    parser.add_argument("--sample", type=int, default=0,
                        help="a random sample of N stories (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--besides", default="",
                        help="only stories given a topic other than these (comma-separated ids)")
    args = parser.parse_args(argv)
    with args.file.open(encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh if line.strip()]
    stories = [s for s in stories if s.get("text")]
    if args.besides:
        common = set(args.besides.split(","))
        stories = [s for s in stories if set(article_topics(s["text"], [])) - common]
    if args.sample:
        stories = random.Random(args.seed).sample(stories, min(args.sample, len(stories)))
    for story in stories:
        scores, terms = topic_scores(story["text"]), topic_terms(story["text"])
        print(f"== {story.get('id', '?')}  {story.get('title', '')[:70]}  "
              f"(given: {','.join(story.get('topics', [])) or '-'})", file=sys.stdout)
        for tid in article_topics(story["text"], []):
            print(f"   {tid:22} {scores[tid]:5.1f}  {', '.join(sorted(set(terms[tid]))[:8])}")


if __name__ == "__main__":
    _inspect()
