"""Gold-set readers: each turns one annotated corpus into :class:`GoldDoc` items.

A ``GoldDoc`` is the :class:`~detente.record.Article` the coder will see plus what a human found in
it, with every annotation anchored by character offsets into ``Article.text`` (the same offsets the
coder's :class:`~detente.record.Record` uses), so that scoring compares spans, never strings.

Bad lines are reported on stderr with file and line and skipped; the rest of the set is still read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from detente.config import shared_dir
from detente.evaluate.splits import Split, hashed_part, wanted
from detente.record import Article

OPEN_QUOTES = "\"“‘'«„"
CLOSE_QUOTES = "\"”’'»“"
TASKS = ("events", "quad", "actors", "quotes")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class GoldEvent:
    """One hand-coded event; ``alt`` lists other CAMEO codes a careful coder could defend."""

    evidence: Span
    source: str | None
    target: str | None
    cameo: str
    alt: list[str] = field(default_factory=list)
    plover: str | None = None
    status: str | None = None
    event_date: str | None = None
    must_not: list[str] = field(default_factory=list)

    @property
    def roots(self) -> set[str]:
        return {c[:2] for c in [self.cameo, *self.alt] if c}


@dataclass
class GoldQuote:
    """An attribution: its content (possibly in pieces) and who it is attributed to."""

    content: list[Span]
    source: Span | None
    speaker: str | None
    direct: bool

    @property
    def start(self) -> int:
        return self.content[0].start

    @property
    def end(self) -> int:
        return self.content[-1].end


@dataclass
class GoldDoc:
    article: Article
    part: str | None = None  # split part; None = in every split
    events: list[GoldEvent] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    quad: int | None = None
    actor_spans: dict[str, list[Span]] = field(default_factory=dict)  # "source"/"target"


@dataclass
class GoldSet:
    name: str
    tasks: tuple[str, ...]
    docs: list[GoldDoc]


class GoldSetMissing(FileNotFoundError):
    """The gold data is not on this machine (it lives in ../shared, outside the repository)."""


def _warn(where: str, message: str) -> None:
    print(f"{where}: {message} (skipped)", file=sys.stderr)


def _shared(*parts: str) -> Path:
    root = shared_dir()
    path = root.joinpath(*parts) if root else None
    if path is None or not path.exists():
        raise GoldSetMissing(f"gold data {'/'.join(parts)} not found: set DETENTE_SHARED to the shared folder")
    return path


# --- seeds -------------------------------------------------------------------------------------

_SEED_HEAD = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})\s+(?P<dateline>(?P<place>[^,]+),[^/]*/(?P<agency>[A-Z]+)/\.)\s*")


def _seed_article(path: Path) -> Article:
    """The seed line format ` date YYYY-MM-DD PLACE, Month D. /AGENCY/. body`; the body is coded."""
    try:
        from detente.ingest import read_articles  # the project's own reader, when present

        return next(iter(read_articles(path)))
    except ImportError:
        pass
    raw = path.read_text(encoding="utf-8")
    m = _SEED_HEAD.match(raw)
    if not m:
        raise ValueError(f"{path}:1: not in the seed line format")
    dateline = {"place": m["place"].strip(), "source": m["agency"], "text": m["dateline"]}
    return Article(text=raw[m.end():].rstrip(), date=m[1], dateline=dateline, source=m["agency"],
                   external_id=path.name, origin=f"{path}:1")


def locate(text: str, needle: str, near: int = 0) -> Span | None:
    """Find ``needle`` in ``text`` (first occurrence at or after ``near``, else anywhere)."""
    i = text.find(needle, near)
    if i < 0:
        i = text.find(needle)
    return Span(i, i + len(needle), needle) if i >= 0 else None


def read_seeds(folder: Path | None = None) -> list[GoldDoc]:
    folder = folder or _shared("seeds")
    expected = yaml.safe_load((folder / "expected_events.yaml").read_text(encoding="utf-8"))
    docs = []
    for entry in expected:
        article = _seed_article(folder / entry["file"])
        events = []
        for e in entry.get("events", []):
            span = locate(article.text, e["evidence"])
            if span is None:
                _warn(f"{folder / 'expected_events.yaml'}", f"evidence not in {entry['file']}: {e['evidence']!r}")
                continue
            events.append(GoldEvent(
                evidence=span, source=e.get("source"), target=e.get("target"), cameo=str(e["cameo"]),
                alt=[str(a) for a in e.get("alt", [])], plover=e.get("plover"), status=e.get("status"),
                event_date=str(e["event_date"]) if e.get("event_date") else None,
                must_not=list(e.get("must_not", []))))
        docs.append(GoldDoc(article, None, events=events))
    return docs


# --- ConfliBERT ----------------------------------------------------------------------------------

def read_conflibert_quad(path: Path | None = None) -> list[GoldDoc]:
    """``sentence<TAB>label`` with labels 0 statement, 1 verbal coop … 4 material conflict."""
    path = path or _shared("data", "conflibert", "quadclass_train.tsv")
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text, _, label = line.rstrip("\r").rpartition("\t")
        if not text or label not in {"0", "1", "2", "3", "4"}:
            _warn(f"{path}:{n}", "expected 'sentence<TAB>label' with a label 0-4")
            continue
        docs.append(GoldDoc(Article(text=text, external_id=f"quad:{n}", origin=f"{path}:{n}"),
                            hashed_part(text), quad=int(label)))
    return docs


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "n't", "'", "”", "-", "´"}
_NO_SPACE_AFTER = {"(", "[", "$", "€", "£", "“", "-", "‘"}


def detokenize(tokens: list[str]) -> tuple[str, list[Span]]:
    """Rebuild running text from CoNLL tokens, keeping each token's character span.

    The coder must see ordinary prose (``Baghdad’s forces``, ``U.S.-backed``), not the tokenised
    form, or its tokenizer and dictionaries would be tested on text no news source contains.
    """
    out, spans = "", []
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        glue = prev is None or tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER or (
            prev in {"’", "'"} and tok == "s") or (tok == "’" and i + 1 < len(tokens) and tokens[i + 1] == "s")
        out += "" if glue else " "
        spans.append(Span(len(out), len(out) + len(tok), tok))
        out += tok
    return out, spans


def _bio_spans(text: str, tokens: list[Span], tags: list[str]) -> dict[str, list[Span]]:
    """BIO tags → spans per role; reciprocal actors (``R``) are both source and target."""
    found: dict[str, list[Span]] = {"source": [], "target": []}
    roles = {"S": ("source",), "T": ("target",), "R": ("source", "target")}
    start = end = None
    kind = None
    for tok, tag in [*zip(tokens, tags), (None, "O")]:
        if kind and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            for role in roles[kind]:
                found[role].append(Span(start, end, text[start:end]))
            kind = None
        if tok is not None and (tag.startswith("B-") or (tag.startswith("I-") and kind is None)):
            kind, start = tag[2:], tok.start
        if tok is not None and kind:
            end = tok.end
    return found


def read_conflibert_actors(path: Path | None = None) -> list[GoldDoc]:
    """One ``token TAG`` per line, sentences separated by blank lines."""
    path = path or _shared("data", "conflibert", "actors_train.txt")
    docs: list[GoldDoc] = []
    tokens: list[str] = []
    tags: list[str] = []
    first = 1
    for n, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        parts = line.split()
        if parts and (len(parts) != 2 or parts[1][:2] not in ("O", "B-", "I-") or parts[1][2:] not in ("", "S", "T", "R")):
            _warn(f"{path}:{n}", "expected 'token TAG' with TAG O or B-/I- S, T, R")
            continue
        if parts:
            tokens.append(parts[0])
            tags.append(parts[1])
            continue
        if tokens:
            text, spans = detokenize(tokens)
            docs.append(GoldDoc(Article(text=text, external_id=f"actors:{first}", origin=f"{path}:{first}"),
                                hashed_part(text), actor_spans=_bio_spans(text, spans, tags)))
        tokens, tags, first = [], [], n + 1
    return docs


# --- PolNeAR -------------------------------------------------------------------------------------

_ANN_T = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_ANN_E = re.compile(r"^(E\d+)\t(.*)$")


def is_direct(text: str, pieces: list[Span]) -> bool:
    """A direct quote: every piece of the content is enclosed in quotation marks.

    The marks may be inside the span or just outside it (annotators differ), trailing punctuation
    and spaces are ignored.  Mixed attributions (``that Clinton … “keep the details under wraps.”``)
    are not direct: only part of their content is verbatim.
    """
    for p in pieces:
        lo, hi = p.start, p.end
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",.;:"):
            hi -= 1
        opens = text[lo] in OPEN_QUOTES if lo < hi else False
        opens = opens or text[max(0, lo - 1)] in OPEN_QUOTES or text[max(0, lo - 2):lo] in ('" ', "“ ")
        closes = hi > lo and text[hi - 1] in CLOSE_QUOTES
        closes = closes or text[hi:hi + 1] in CLOSE_QUOTES or text[hi:hi + 2] in (',"', ",”", '."', ".”")
        if not (opens and closes):
            return False
    return True


def _read_ann(path: Path, text: str) -> list[GoldQuote]:
    spans: dict[str, tuple[str, list[Span]]] = {}
    quotes = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if m := _ANN_T.match(line):
            try:
                pieces = [tuple(map(int, s.split())) for s in m[3].split(";")]
                spans[m[1]] = (m[2], [Span(a, b, text[a:b]) for a, b in pieces])
            except ValueError:
                _warn(f"{path}:{n}", "bad span offsets")
        elif m := _ANN_E.match(line):
            roles: dict[str, list[Span]] = {}
            for arg in m[2].split():
                role, _, ref = arg.partition(":")
                if ref in spans:
                    roles.setdefault(re.sub(r"\d+$", "", role), []).extend(spans[ref][1])
            content = sorted(roles.get("Content", []), key=lambda s: s.start)
            if not content:
                continue
            src = roles.get("Source")
            source = Span(src[0].start, src[-1].end, text[src[0].start:src[-1].end]) if src else None
            quotes.append(GoldQuote(content, source, source.text if source else None, is_direct(text, content)))
    return quotes


def read_polnear(root: Path | None = None, split: Split = "dev") -> list[GoldDoc]:
    """PolNeAR ``train`` is our development part, its ``dev`` our validation part.

    Articles annotated by several annotators (agreement checks) keep the annotation of the
    annotator whose id sorts first: one reading per article, chosen without looking at it.
    """
    root = root or _shared("data", "polnear")
    dates = _polnear_dates(root / "metadata.tsv")
    compartments = {"dev": ["train"], "validation": ["dev"], "all": ["train", "dev"]}[split]
    docs = []
    for comp in compartments:
        chosen: dict[str, Path] = {}
        for ann in sorted((root / comp / "attributions").glob("*.ann")):
            chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
        for name, ann in chosen.items():
            txt = root / comp / "text" / f"{name}.txt"
            if not txt.exists():
                _warn(str(ann), f"no text file {txt.name}")
                continue
            text = txt.read_text(encoding="utf-8")
            article = Article(text=text, date=dates.get(name), external_id=name, origin=f"{txt}:1")
            docs.append(GoldDoc(article, "dev" if comp == "train" else "validation", quotes=_read_ann(ann, text)))
    return docs


def _polnear_dates(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    head = rows[0]
    i, j = head.index("filename"), head.index("publication_date")
    return {r[i]: r[j] for r in rows[1:] if len(r) > max(i, j)}


# --- our own JSON Lines format -------------------------------------------------------------------

def read_jsonl(path: Path) -> list[GoldDoc]:
    """One article a line: ``{"id","text","date","events":[…],"quotes":[…]}`` (docs/evaluation.md)."""
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(_jsonl_doc(json.loads(line), f"{path}:{n}"))
        except (ValueError, KeyError, TypeError) as exc:
            _warn(f"{path}:{n}", f"bad gold record: {exc}")
    return docs


def _jsonl_doc(d: dict[str, Any], where: str) -> GoldDoc:
    text = d["text"]
    article = Article(text=text, date=d.get("date"), external_id=d.get("id"), origin=where)
    events = []
    for e in d.get("events", []):
        span = locate(text, e["evidence"])
        if span is None:
            raise ValueError(f"evidence not in text: {e['evidence']!r}")
        events.append(GoldEvent(span, e.get("source"), e.get("target"), str(e["cameo"]),
                                [str(a) for a in e.get("alt", [])], e.get("plover"), e.get("status"),
                                e.get("event_date"), list(e.get("must_not", []))))
    quotes = []
    for q in d.get("quotes", []):
        span = locate(text, q["text"])
        if span is None:
            raise ValueError(f"quote not in text: {q['text']!r}")
        speaker = q.get("speaker")
        source = locate(text, speaker, max(0, span.start - 200)) if speaker else None
        quotes.append(GoldQuote([span], source, speaker, is_direct(text, [span])))
    return GoldDoc(article, d.get("split") or hashed_part(text), events=events, quotes=quotes)


# --- the registry --------------------------------------------------------------------------------

SETS = {
    "seeds": ("events",),
    "conflibert-quad": ("quad",),
    "conflibert-actors": ("actors",),
    "polnear": ("quotes",),
}


def load(name: str, split: Split = "dev") -> GoldSet:
    """Read a gold set by name (``seeds``, ``conflibert-quad``, ``conflibert-actors``, ``polnear``)
    or from a path to a JSON Lines file in our own format, keeping the items of ``split``."""
    if name == "polnear":
        return GoldSet(name, SETS[name], read_polnear(split=split))
    readers = {"seeds": read_seeds, "conflibert-quad": read_conflibert_quad,
               "conflibert-actors": read_conflibert_actors}
    if name in readers:
        docs, tasks = readers[name](), SETS[name]
    else:
        path = Path(name)
        if not path.is_file():
            raise GoldSetMissing(f"{name}: not a gold set name ({', '.join(SETS)}) nor a JSON Lines file")
        docs = read_jsonl(path)
        tasks = tuple(t for t, has in (("events", any(d.events for d in docs)),
                                       ("quotes", any(d.quotes for d in docs))) if has) or ("events",)
        name = path.stem
    return GoldSet(name, tasks, [d for d in docs if wanted(d.part, split)])


def iter_articles(gold: GoldSet) -> Iterator[Article]:
    return (d.article for d in gold.docs)
