"""The event-trigger lexicon: which words can carry a CAMEO event, and in which sense.

The lexicon is data (``data/triggers.yaml``, format documented at its top and in docs/cameo.md);
this module reads it once, checks every entry against the CAMEO table, and answers two questions
for the coder:

* ``surface_forms`` — can this sentence hold an event at all?  Decided on lowercase tokens, before
  any tagging or parsing, so that only candidate sentences pay for the full parse.  The forms are
  generated with ``lemminflect`` so that "imposed", "sanctions" or "shelling" are not missed.
* ``choose_sense`` — given what the parse shows around a trigger (object lemmas, preposition,
  particle, xcomp verb), which sense applies: "impose sanctions" is 163, "impose a curfew" 1723.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from lemminflect import getAllInflections, getAllInflectionsOOV

from detente.events.cameo import cameo

_DATA = Path(__file__).resolve().parent / "data"
_FILE = "triggers.yaml"
WRAPPERS = frozenset({"intent", "appeal", "demand", "reject", "threaten"})
_LIST_FIELDS = ("obj", "unless_obj", "xcomp")
_STR_FIELDS = ("prep", "particle", "target_prep")
_BOOL_FIELDS = ("symmetric", "passive_ok")


class LexiconError(ValueError):
    """A malformed trigger lexicon: the message names the file, the line and the entry."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a lemma entered twice would lose senses."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise LexiconError(f"line {key_node.start_mark.line + 1}: {key!r} is defined twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# YAML 1.1 reads on/off/yes/no as booleans, but "on" and "off" are prepositions and particles here:
# only true/false are booleans in the lexicon.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_UniqueKeyLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word.  Only ``code`` is required; every other field narrows
    where the sense applies (``obj``, ``prep``, ``particle``, ``xcomp``, ``unless_obj``) or how
    the coder builds the event (``negated``, ``symmetric``, ``target_prep``, ``passive_ok``)."""

    code: str
    obj: tuple[str, ...] = ()
    prep: str | None = None
    particle: str | None = None
    xcomp: tuple[str, ...] = ()
    negated: str | None = None
    symmetric: bool = False
    target_prep: str | None = None
    passive_ok: bool = True
    unless_obj: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """How many constraints the sense has: the most specific matching sense wins."""
        return sum(bool(x) for x in (self.obj, self.prep, self.particle, self.xcomp))

    def matches(self, objs: frozenset[str], preps: frozenset[str], particle: str | None,
                xcomps: frozenset[str]) -> bool:
        return ((not self.obj or not objs.isdisjoint(self.obj))
                and (not self.unless_obj or objs.isdisjoint(self.unless_obj))
                and (self.prep is None or self.prep in preps)
                and (self.particle is None or self.particle == particle)
                and (not self.xcomp or not xcomps.isdisjoint(self.xcomp)))


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[Sense]]
    nouns: dict[str, list[Sense]]
    light_verbs: frozenset[str]
    modifiers: dict[str, dict[str, str]]
    surface_forms: frozenset[str]


def choose_sense(senses: Iterable[Sense], obj_lemmas: Iterable[str], prep: str | Iterable[str] | None,
                 particle: str | None, xcomp_lemmas: Iterable[str]) -> Sense | None:
    """The most specific sense whose constraints all hold, the earlier one on a tie; None if none.

    ``obj_lemmas`` are the lemmas of the trigger's objects and prepositional objects and of their
    compound/adjective modifiers ("economic ties" -> tie, economic); ``prep`` is one preposition
    or all prepositions attached to the trigger.
    """
    preps = frozenset([prep] if isinstance(prep, str) else (prep or ()))
    objs, xcomps = frozenset(o.lower() for o in obj_lemmas), frozenset(xcomp_lemmas)
    best: Sense | None = None
    for s in senses:
        if s.matches(objs, preps, particle, xcomps) and (best is None or s.specificity > best.specificity):
            best = s
    return best


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read, check and index ``data/triggers.yaml`` (once per process)."""
    text = (_DATA / _FILE).read_text(encoding="utf-8")
    return parse_lexicon(text, _FILE)


def parse_lexicon(text: str, name: str = _FILE) -> Lexicon:
    """Build a Lexicon from YAML text; a LexiconError names ``name``, the line and the entry."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader) or {}
        groups = {g: [_sense(s, f"groups.{g}") for s in v] for g, v in (data.get("groups") or {}).items()}
        verbs = _entries(data.get("verbs") or {}, "verbs", groups)
        nouns = _entries(data.get("nouns") or {}, "nouns", groups)
        light = frozenset(_words(data.get("light_verbs") or [], "light_verbs"))
        modifiers = _modifiers(data.get("modifiers") or {})
    except LexiconError as exc:
        if str(exc).startswith("line "):
            raise LexiconError(f"{name}:{str(exc)[5:]}") from None
        path = str(exc).split(":", 1)[0].split(".")
        key = (path[1] if len(path) > 1 else path[0]).split("[")[0]
        raise LexiconError(f"{name}:{_line_of(text, key)}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(f"{name}:{mark.line + 1 if mark else '?'}: invalid YAML: {exc}") from None
    return Lexicon(verbs, nouns, light, modifiers, _surface_forms(verbs, nouns))


def _entries(section: Any, where: str, groups: Mapping[str, list[Sense]]) -> dict[str, list[Sense]]:
    if not isinstance(section, dict):
        raise LexiconError(f"{where}: must be a mapping of lemma -> list of senses")
    out: dict[str, list[Sense]] = {}
    for lemma, senses in section.items():
        here = f"{where}.{lemma}"
        _words([lemma], here)
        if not isinstance(senses, list) or not senses:
            raise LexiconError(f"{here}: must be a non-empty list of senses")
        out[lemma] = []
        for i, s in enumerate(senses):
            if isinstance(s, dict) and set(s) == {"group"}:
                if s["group"] not in groups:
                    raise LexiconError(f"{here}[{i}]: unknown group {s['group']!r}")
                out[lemma].extend(groups[s["group"]])
            else:
                out[lemma].append(_sense(s, f"{here}[{i}]"))
    return out


def _sense(raw: Any, where: str) -> Sense:
    if not isinstance(raw, dict) or "code" not in raw:
        raise LexiconError(f"{where}: a sense is a mapping with at least a 'code'")
    known = {f.name for f in fields(Sense)}
    unknown = set(raw) - known
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}")
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("code", "negated"):
            kw[key] = _code(value, f"{where}.{key}")
        elif key in _LIST_FIELDS:
            kw[key] = tuple(_words(value if isinstance(value, list) else [value], f"{where}.{key}"))
        elif key in _STR_FIELDS:
            kw[key] = _words([value], f"{where}.{key}")[0]
        elif key in _BOOL_FIELDS:
            if not isinstance(value, bool):
                raise LexiconError(f"{where}.{key}: must be true or false")
            kw[key] = value
    return Sense(**kw)


def _code(value: Any, where: str) -> str:
    code = str(value)
    try:
        cameo(code)
    except KeyError:
        raise LexiconError(f"{where}: {code!r} is not a CAMEO code in cameo.tsv (quote codes: \"040\")") from None
    return code


def _words(values: Iterable[Any], where: str) -> list[str]:
    out = []
    for v in values:
        if not isinstance(v, str) or not v or v != v.lower() or " " in v:
            raise LexiconError(f"{where}: {v!r} must be one lowercase word (a lemma)")
        out.append(v)
    return out


def _modifiers(section: Any) -> dict[str, dict[str, str]]:
    if not isinstance(section, dict):
        raise LexiconError("modifiers: must be a mapping of lemma -> {wrap: ..., prep: ...}")
    out = {}
    for lemma, spec in section.items():
        here = f"modifiers.{lemma}"
        _words([lemma], here)
        if not isinstance(spec, dict) or spec.get("wrap") not in WRAPPERS or set(spec) - {"wrap", "prep", "particle"}:
            raise LexiconError(f"{here}: needs wrap: one of {sorted(WRAPPERS)} (optional prep, particle)")
        out[lemma] = {k: str(v) for k, v in spec.items()}
    return out


def _line_of(text: str, key: str) -> int | str:
    """The line where ``key:`` is defined, for error messages (only computed on failure)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return n
    return "?"


def inflections(lemma: str, upos: str) -> set[str]:
    """Every inflected form of a lemma, from lemminflect's lexicon or its rules for unknown words."""
    forms = getAllInflections(lemma, upos=upos) or getAllInflectionsOOV(lemma, upos=upos)
    return {lemma} | {f.lower() for fs in forms.values() for f in fs}


def _surface_forms(verbs: Mapping[str, Any], nouns: Mapping[str, Any]) -> frozenset[str]:
    forms: set[str] = set()
    for lemma in verbs:
        forms |= inflections(lemma, "VERB")
    for lemma in nouns:
        forms |= inflections(lemma, "NOUN")
    return frozenset(forms)
