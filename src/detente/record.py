"""The data contract of détente: what goes into the coder and what comes out.

Everything downstream (the store, the CLI's JSON output, the HTTP API, the Dask runner, the
evaluation harness) speaks these types, so they are plain dataclasses that turn into JSON with
:meth:`to_dict` and back with :meth:`from_dict`.  Offsets are always character offsets into
``Article.text`` (the article body, dateline removed) so that any finding can be highlighted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["asserted", "negated", "future", "hypothetical", "historical", "reported"]
DateBasis = Literal["explicit", "relative", "publication"]
QuoteKind = Literal["direct", "indirect", "mixed"]


def content_id(text: str) -> str:
    """A stable id from the article text alone: the same story stored twice gets the same id.

    Whitespace and Unicode normalisation are folded first so that a re-encoded copy of the same
    file does not count as new.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


class _Json:
    """Mixin: JSON-ready dicts, with ``None`` kept so the schema stays visible in output."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Actor(_Json):
    """A resolved actor, CAMEO/Phoenix style: ``code`` = country (or IGO code) + sector."""

    text: str
    code: str | None  # None: a speaker or party we could not place (e.g. an unknown person)
    country: str | None = None
    sector: str | None = None
    name: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        if d is None:
            return None
        return cls(**{k: d.get(k) for k in ("text", "code", "country", "sector", "name")})


@dataclass(frozen=True)
class ActorMention(_Json):
    """An actor found at a place in the text; ``how`` says by which means (traceability)."""

    text: str
    code: str
    country: str | None
    sector: str | None
    name: str | None
    start: int
    end: int
    how: str = "dictionary"  # dictionary | learned-role | coreference | ner

    @property
    def actor(self) -> Actor:
        return Actor(self.text, self.code, self.country, self.sector, self.name)


@dataclass
class Article(_Json):
    """One news story as read by ingest: body text plus what the source said about it."""

    text: str
    date: str | None = None  # ISO publication date YYYY-MM-DD
    id: str = ""  # content hash (content_id); the input's own id, if any, is external_id
    external_id: str | None = None
    title: str | None = None
    source: str | None = None  # news agency / publisher
    dateline: dict[str, str] | None = None  # {"place": "MOSCOW", "source": "TASS", "text": ...}
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None  # "file:line" it was read from

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Evidence(_Json):
    start: int
    end: int
    text: str


@dataclass
class Event(_Json):
    """Who did what to whom: one coded event with the sentence that proves it."""

    sentence: int
    evidence: Evidence
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    plover: str | None
    quad_class: int
    goldstein: float
    status: Status
    event_date: str
    date_basis: DateBasis
    speaker: Actor | None
    location: str | None
    confidence: float
    rule: str
    topics: list[str] = field(default_factory=list)
    trigger: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        d = dict(d)
        d["evidence"] = Evidence(**d["evidence"])
        for k in ("source", "target", "speaker"):
            d[k] = Actor.from_dict(d.get(k))
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Quote(_Json):
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None
    speaker: Actor | None
    sentence: int | None = None
    rule: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        d = dict(d)
        d["speaker"] = Actor.from_dict(d.get("speaker"))
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Sentence(_Json):
    start: int
    end: int
    parsed: bool  # whether the full parse ran on it (the rest were only tokenized)
    tone: float | None = None
    # Parsed sentences only (detente.learned.sentence_classes): the sentence's class, 0 statement,
    # 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict, from its main event and
    # the learned model; and the model's own class with its probability.
    quad_class: int | None = None
    quad_model: int | None = None
    quad_prob: float | None = None


@dataclass
class Record(_Json):
    """The coder's output for one article: the JSON contract of ``detente code``."""

    id: str
    external_id: str | None
    date: str | None
    dateline: dict[str, str] | None
    source: str | None
    title: str | None
    events: list[Event]
    quotes: list[Quote]
    actors: list[ActorMention]
    sentences: list[Sentence]
    topics: list[str]
    tone: float

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(
            id=d["id"],
            external_id=d.get("external_id"),
            date=d.get("date"),
            dateline=d.get("dateline"),
            source=d.get("source"),
            title=d.get("title"),
            events=[Event.from_dict(e) for e in d.get("events", [])],
            quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
            actors=[ActorMention(**a) for a in d.get("actors", [])],
            sentences=[Sentence(**s) for s in d.get("sentences", [])],
            topics=list(d.get("topics", [])),
            tone=float(d.get("tone", 0.0)),
        )
