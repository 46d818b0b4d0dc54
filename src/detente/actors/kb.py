"""The actor knowledge base: names → CAMEO/Phoenix-style actor codes, resolved at a date.

Sources, merged in this order (later ones add names; on the same name a person with a role active at
the article's date wins over one without):

1. countries from the maintained ``countryinfo`` package (names, alternative spellings, demonyms,
   capitals used as metonymy: "Moscow has no intentions");
2. our own additions in ``actors/data/actors.yaml`` (adjectives it lacks, dated metonymy such as
   Moscow = SUN before 26 Dec 1991, international organisations, news media, people with dated roles);
3. the sector nouns in ``actors/data/agents.yaml`` ("ministry" → GOV, "troops" → MIL);
4. the user's own dictionaries imported with ``detente actors import`` (Phoenix/TABARI format),
   stored as JSON Lines in ``$DETENTE_HOME/actors.jsonl``.

Names are matched on token sequences (the cheap tokenizer layer), so a lookup costs a dictionary
probe per token; see :mod:`detente.actors.mentions`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from detente.config import data_home

Kind = Literal["country", "region", "place", "organisation", "media", "person", "agent"]
USER_KB = "actors.jsonl"
_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


@dataclass(frozen=True)
class Role:
    """A code held from ``start`` to ``end`` (ISO dates, inclusive; ``None`` = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    def active(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Entry:
    """One actor (or sector noun) with all the names it goes by."""

    name: str
    kind: Kind
    roles: tuple[Role, ...] = ()
    sector: str | None = None  # agents only
    person: bool = False  # agents: the noun denotes a person ("minister"), not a body ("ministry")
    names: tuple[str, ...] = ()

    def code_at(self, date: str | None) -> str | None:
        """The code at ``date``: the last listed active role; a person out of office keeps only
        their country (never a stale government role); an undated article takes the current role."""
        active = [r for r in self.roles if r.active(date)]
        if active:
            return active[-1].code
        if not self.roles:
            return None
        if date is None:
            return self.roles[-1].code
        if self.kind == "person":  # their country, from the last national role they held
            national = [r.code[:3] for r in self.roles if not r.code.startswith(_GROUP_PREFIXES)]
            return national[-1] if national else None
        return None

    def to_json(self) -> dict:
        d = asdict(self)
        d["roles"] = [asdict(r) for r in self.roles]
        return d

    @classmethod
    def from_json(cls, d: dict) -> Entry:
        return cls(name=d["name"], kind=d["kind"], roles=tuple(Role(**r) for r in d.get("roles", [])),
                   sector=d.get("sector"), person=bool(d.get("person")), names=tuple(d.get("names", [])))


SECTOR_NAMES = {  # the CAMEO actor-type codes détente uses, as a reader would name them
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "PTY": "political party",
    "COP": "police", "JUD": "judiciary", "SPY": "intelligence", "MED": "media", "EDU": "education",
    "BUS": "business", "CRM": "criminals", "CVL": "civilians", "LAB": "labour", "LEG": "legislature",
    "HLH": "health", "REF": "refugees", "MOD": "moderates", "RAD": "radicals", "ELI": "elites",
    "AGR": "agriculture", "ENV": "environment", "HRI": "human rights", "UAF": "unaligned armed forces",
    "INS": "insurgents",
}
SECTORS = frozenset(SECTOR_NAMES)


def split_code(code: str) -> tuple[str | None, str | None]:
    """``RUSGOV`` → (``RUS``, ``GOV``); IGO/NGO codes are kept whole (``IGOEUREEC``, None); a
    sector alone ("gunmen" → ``REB``) has no country (None, ``REB``)."""
    if code.startswith(_GROUP_PREFIXES):
        return code, None
    if code[:3] in SECTORS:
        return None, code[:3]
    return code[:3], (code[3:6] or None)


def name_key(name: str) -> tuple[str, ...]:
    """Token key of a name, with the same tokenizer the text goes through."""
    return tuple(t.lower() for t in _tokenize(name))


@lru_cache(maxsize=1)
def _tokenizer():  # spaCy's blank English tokenizer (same rules as the model's)
    import spacy

    return spacy.blank("en").tokenizer


def _tokenize(text: str) -> list[str]:
    return [t.text for t in _tokenizer()(text) if not t.is_space]


@dataclass
class KnowledgeBase:
    """Name keys (lower-cased token tuples) → entries, plus which keys must match case exactly."""

    index: dict[tuple[str, ...], list[Entry]] = field(default_factory=lambda: defaultdict(list))
    exact_case: set[str] = field(default_factory=set)  # acronyms: "US" is not "us", "WHO" not "who"
    max_len: int = 1
    prefixes: set[tuple[str, ...]] = field(default_factory=set)  # every leading part of a key

    def add(self, entry: Entry, names: Iterable[str]) -> None:
        self.__dict__.pop("_code_names", None)
        for name in names:
            key = name_key(name)
            if not key:
                continue
            if entry not in self.index[key]:
                self.index[key].append(entry)
            self.max_len = max(self.max_len, len(key))
            self.prefixes.update(key[:n] for n in range(1, len(key) + 1))
            if len(key) == 1 and name.isupper() and len(name) <= 5:
                self.exact_case.add(name)

    def entries(self, key: tuple[str, ...]) -> list[Entry]:
        return self.index.get(key, [])

    def code_name(self, code: str) -> str | None:
        """A reader's name for an actor code, for rankings and pickers: "Russia", "European
        Union", "Russia: government", "military (country unknown)"; None for a code it does not
        know.  A country's name is the project's own (``actors.yaml``) where it gives one."""
        names = self._code_names
        if code in names:
            return names[code]
        country, sector = split_code(code)
        base, label = names.get(country or ""), SECTOR_NAMES.get(sector or "")
        if base and label:
            return f"{base}: {label}"
        return f"{label} (country unknown)" if label and country is None else base

    @cached_property
    def _code_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in self:  # countryinfo first, our own additions after: the last name wins
            if entry.kind in ("country", "organisation", "region") and len(entry.roles) == 1:
                names[entry.roles[0].code] = entry.name
        return names

    def lookup(self, name: str, date: str | None = None) -> tuple[Entry, str] | None:
        """Best entry and its code at ``date`` for a whole name ("Sergey Lavrov", "Kremlin")."""
        return best(self.entries(name_key(name)), date)

    def __iter__(self) -> Iterator[Entry]:
        seen: set[int] = set()
        for entries in self.index.values():
            for e in entries:
                if id(e) not in seen:
                    seen.add(id(e))
                    yield e

    @classmethod
    def default(cls) -> KnowledgeBase:
        """Built-in knowledge plus the user's imported dictionaries (cached per process)."""
        return _default(str(user_kb_path()))

    @classmethod
    def builtin(cls, extra: Iterable[Path] = ()) -> KnowledgeBase:
        kb = cls()
        _add_countries(kb)
        _add_own(kb)
        for path in extra:
            for entry in read_entries(path):
                kb.add(entry, entry.names or (entry.name,))
        return kb


def best(entries: list[Entry], date: str | None) -> tuple[Entry, str] | None:
    """Prefer an entry with a role active at ``date`` (two "Bush"es: the one in office)."""
    scored = [(e.code_at(date), any(r.active(date) for r in e.roles), e) for e in entries if e.kind != "agent"]
    scored = [(c, a, e) for c, a, e in scored if c]
    if not scored:
        return None
    # later sources are our own corrections (Brussels = the EU, not Belgium): they win ties
    code, _, entry = max(reversed(scored), key=lambda s: s[1])
    return entry, code


def user_kb_path() -> Path:
    return data_home() / USER_KB


@lru_cache(maxsize=4)
def _default(user_path: str) -> KnowledgeBase:
    path = Path(user_path)
    return KnowledgeBase.builtin([path] if path.exists() else [])


def read_entries(path: Path) -> Iterator[Entry]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Entry.from_json(json.loads(line))


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("detente.actors").joinpath("data", name).read_text("utf-8"))


def _roles(specs: list[dict]) -> tuple[Role, ...]:
    return tuple(Role(s["code"], _iso(s.get("from")), _iso(s.get("to"))) for s in specs)


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def _add_countries(kb: KnowledgeBase) -> None:
    """Countries from ``countryinfo``. A name several territories share ("French" is the demonym of
    France and of Saint Pierre and Miquelon) goes to the most populous one only."""
    from countryinfo import all_countries

    own = _data("actors.yaml")
    banned = {name_key(n) for n in own["not_names"]}
    owner: dict[tuple[str, ...], tuple[int, str, str]] = {}  # name key -> (population, iso3, name)
    entries: dict[str, Entry] = {}
    for country in all_countries():
        info = country.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or not info.get("name"):
            continue
        names = [n for field_ in ("name", "demonym", "capital", "altSpellings") for n in _strings(info.get(field_))]
        names = [n for n in names if _usable(n) and name_key(n) not in banned]
        entries[iso3] = Entry(info["name"], "country", (Role(iso3),), names=tuple(names))
        population = int(info.get("population") or 0)
        for n in names:
            key = name_key(n)
            if key not in owner or owner[key][0] < population:
                owner[key] = (population, iso3, n)
    for _, iso3, name in owner.values():
        kb.add(entries[iso3], [name])


def _strings(value: object) -> list[str]:
    """countryinfo fields are a string, a list of strings, or missing."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _usable(name: str) -> bool:
    """Alternative spellings include ISO-2 codes ("RU") and native scripts; keep Latin names and
    acronyms of 3+ letters only."""
    return name.isascii() and (len(name) >= 3 or name in ("UK",)) and any(c.isalpha() for c in name)


def _add_own(kb: KnowledgeBase) -> None:
    own = _data("actors.yaml")
    for code, names in own["countries"].items():
        kb.add(Entry(names[0], "country", (Role(code),), names=tuple(names)), names)
    for code, names in own["regions"].items():
        kb.add(Entry(names[0], "region", (Role(code),), names=tuple(names)), names)
    for name, specs in own["places"].items():
        kb.add(Entry(name, "place", _roles(specs), names=(name,)), [name])
    for code, names in own["organisations"].items():
        kb.add(Entry(names[0], "organisation", (Role(code),), names=tuple(names)), names)
    for code, names in own["media"].items():
        for name in names:  # each outlet is its own actor, sharing a code
            kb.add(Entry(name, "media", (Role(code),), names=(name,)), [name])
    for person in own["people"]:
        names = person["names"]
        kb.add(Entry(names[0], "person", _roles(person["roles"]), names=tuple(names)), names)
    for sector, groups in _data("agents.yaml").items():
        for group, is_person in (("person", True), ("body", False)):
            for noun in groups.get(group, []):
                forms = [noun] if noun.endswith("s") or noun.isupper() else [noun, _plural(noun)]
                kb.add(Entry(noun, "agent", sector=sector, person=is_person, names=tuple(forms)), forms)


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif last.endswith(("s", "sh", "ch", "x")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}".strip()
