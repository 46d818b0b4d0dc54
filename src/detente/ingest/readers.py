"""Readers: files, folders and stdin in, :class:`~detente.record.Article` (or :class:`Problem`) out.

Archives are large and dirty, and one bad record must never cost the user the rest of the batch,
so every reader streams one record at a time and turns bad input into a :class:`Problem` (a line
the user is told) instead of an exception.  Bytes are decoded per line, not per file: a stray
latin-1 byte loses one record, not the file.  Lines are read with a length cap, so a runaway
record (a 50 MB "article") is skipped without ever being held in memory.

Formats: JSON Lines (``.jsonl``/``.ndjson``/``.json``, or a ``.json`` array), CSV with a header,
plain text (one article per file, or the seed line format where each article starts with a
`` date YYYY-MM-DD`` line), any of them gzipped, folders of them, and ``-`` for stdin.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from dateutil import parser as dateparser

from detente.ingest.dateline import parse_dateline
from detente.record import Article

TEXT_FIELDS = ("text", "body", "content", "article", "story")
KNOWN_FIELDS = ("id", "date", "title", "source", "url", "dateline")
FORMATS = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}

_SEED_HEAD = re.compile(r"\s{0,3}date (\d{4}-\d{1,2}-\d{1,2})(?:\s(.*)|\s*)$", re.DOTALL)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))  # two defaults reveal missing parts


@dataclass(frozen=True)
class Problem:
    """One line the user is told about a record: where, what, and whether the article was kept."""

    origin: str  # "path:line", or just "path" for the whole file
    reason: str
    kept: bool  # True: read anyway (e.g. date left empty); False: the record was skipped

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}{'' if self.kept else ' (skipped)'}"


Item = Article | Problem


def read_articles(paths: Iterable[str | Path] | str | Path, *,
                  max_chars: int = 1_000_000) -> Iterator[Item]:
    """Stream articles from files and folders (``'-'`` = stdin), in order.

    Never raises for bad input: each unreadable file or record yields a :class:`Problem` and
    reading goes on with the next one.  Articles longer than ``max_chars`` are skipped.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in paths:
        yield from _read_path(str(path), max_chars)


def _read_path(path: str, max_chars: int) -> Iterator[Item]:
    if path == "-":
        yield from _read_stream(sys.stdin.buffer, "<stdin>", None, max_chars)
    elif os.path.isdir(path):
        for file in _walk(Path(path)):
            yield from _read_file(file, _format(file), max_chars)
    elif os.path.exists(path):
        yield from _read_file(Path(path), _format(Path(path)), max_chars)  # named: any suffix
    else:
        yield Problem(path, "no such file or directory", False)


def _walk(root: Path) -> Iterator[Path]:
    """Readable files under ``root``, recursively, in sorted order; hidden entries left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and _format(path):
                yield path


def _format(path: Path) -> str | None:
    """The format by file name (``.gz`` looked through); None = unknown, sniff the content."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _read_file(path: Path, fmt: str | None, max_chars: int) -> Iterator[Item]:
    try:
        raw = _open(path)
    except OSError as e:
        yield Problem(str(path), f"cannot open: {e.strerror or e}", False)
        return
    with raw:
        yield from _read_stream(raw, str(path), fmt, max_chars)


def _open(path: Path) -> IO[bytes]:
    """Binary, so that bytes are decoded per line and a bad byte costs one record only."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _read_stream(raw: IO[bytes], name: str, fmt: str | None, max_chars: int) -> Iterator[Item]:
    # CSV rows may span lines, so a cut line would derail the parser: CSV lines are not capped.
    lines = _Lines(raw, -1 if fmt == "csv" else 8 * max_chars + 65_536)
    try:
        if fmt != "csv":
            fmt, first = _sniff(lines, fmt)
            if first is None:
                yield Problem(name, "empty file", False)
                return
            lines.push_back(first)
        yield from _READERS[fmt](lines, name, max_chars)
    except (OSError, EOFError, zlib.error) as e:  # a truncated .gz, a disk error
        yield Problem(f"{name}:{lines.number + 1}", f"file unreadable from here on: {e}", False)


# --- lines ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str  # decoded; undecodable bytes kept as surrogates so parsers stay in step
    bad: int | None  # byte offset (in the file) of the first byte that is not UTF-8
    size: int  # in bytes
    whole: bool  # False: longer than the line cap; text is empty, size still counts


class _Lines:
    """Numbered, decoded lines of a binary stream, each at most ``limit`` bytes held in memory."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.limit = raw, limit
        self.number = self.offset = 0
        self._pushed: list[_Line] = []

    def push_back(self, line: _Line | None) -> None:
        if line is not None:
            self._pushed.append(line)

    def __iter__(self) -> Iterator[_Line]:
        return self

    def __next__(self) -> _Line:
        if self._pushed:
            return self._pushed.pop()
        data = self.raw.readline(self.limit)
        if not data:
            raise StopIteration
        self.number += 1
        start, size = self.offset, len(data)
        whole = self.limit < 0 or len(data) < self.limit or data.endswith(b"\n")
        if not whole:
            size += self._skip_rest_of_line()
            data = b""
        self.offset += size
        if self.number == 1 and data.startswith(codecs.BOM_UTF8):
            data, start = data[3:], start + 3
        try:
            return _Line(self.number, data.decode("utf-8"), None, size, whole)
        except UnicodeDecodeError as e:
            return _Line(self.number, data.decode("utf-8", "surrogateescape"), start + e.start, size, whole)

    def _skip_rest_of_line(self) -> int:
        skipped = 0
        while chunk := self.raw.readline(1 << 20):
            skipped += len(chunk)
            if chunk.endswith(b"\n"):
                break
        return skipped


def _sniff(lines: _Lines, fmt: str | None) -> tuple[str, _Line | None]:
    """Decide between JSON Lines, a JSON array, the seed format and plain text by the first line."""
    first = next((line for line in lines if line.text.strip() or not line.whole), None)
    start = first.text.lstrip() if first else ""
    if fmt in (None, "json") and start.startswith("["):
        return "json-array", first
    if fmt in (None, "json", "jsonl") and (fmt or start.startswith("{")):
        return "jsonl", first
    return ("seed" if first and _SEED_HEAD.match(first.text) else "plain"), first


def _undecodable(line: _Line) -> str:
    return f"undecodable bytes at byte {line.bad} (not UTF-8)"


# --- records to articles -------------------------------------------------------------------------


def _article(text: str, origin: str, max_chars: int, *, date_value: Any = None,
             dateline_value: Any = None, **fields: Any) -> Iterator[Item]:
    """Build the article (dateline cut off, date read) or say why not; the one place rules live."""
    if not text.strip():
        yield Problem(origin, "empty article", False)
        return
    if len(text) > max_chars:
        yield Problem(origin, f"article too long: {len(text):,} characters (limit {max_chars:,})", False)
        return
    found, body = parse_dateline(text)
    dateline = _dateline_field(dateline_value) or found
    if not body.strip():
        yield Problem(origin, "empty article (only a dateline)", False)
        return
    iso, reason = _read_date(date_value)
    if reason:
        yield Problem(origin, reason, True)
    fields["source"] = fields.get("source") or (dateline or {}).get("source")
    yield Article(text=body.strip(), date=iso, dateline=dateline, origin=origin, **fields)


def _dateline_field(value: Any) -> dict | None:
    """A ``dateline`` given beside the text: 'SALVADOR, Feb 26 -' or just 'BRUSSELS'."""
    value = _clean(value)
    if value is None:
        return None
    found, rest = parse_dateline(value)
    if found and not rest:
        return found
    return {"place": value.strip(" -–—,.:"), "source": None, "text": value}


def _read_date(value: Any) -> tuple[str | None, str | None]:
    """ISO date and, when the date is missing or doubtful, the reason to tell the user."""
    value = _clean(value)
    if value is None:
        return None, "no date"
    if m := _ISO_DATE.match(value):
        try:
            return date(*map(int, m.groups())).isoformat(), None
        except ValueError:
            return None, f"impossible date {value!r} (date left empty)"
    try:
        first, second = (dateparser.parse(value, default=d).date() for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None, f"unreadable date {value!r} (date left empty)"
    if first.year != second.year:
        return None, f"date {value!r} has no year (date left empty)"
    if first != second:
        return first.isoformat(), f"incomplete date {value!r}, read as {first.isoformat()}"
    return first.isoformat(), None


def _clean(value: Any) -> str | None:
    """Field values as stripped strings; empty and null count as absent."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _from_fields(record: dict[str, Any], origin: str, max_chars: int) -> Iterator[Item]:
    """A JSON object or CSV row: known fields to Article attributes, the rest to ``meta``."""
    keys = {str(k).lower(): k for k in record}
    text_key = next((keys[f] for f in TEXT_FIELDS if f in keys), None)
    text = record.get(text_key) if text_key is not None else None
    if text is None:
        yield Problem(origin, "no text", False)
        return
    if not isinstance(text, str):
        yield Problem(origin, f"'{text_key}' is {type(text).__name__}, not text", False)
        return
    known = {f: record[keys[f]] for f in KNOWN_FIELDS if f in keys}
    used = {text_key, *(keys[f] for f in known)}
    yield from _article(
        text, origin, max_chars, date_value=known.get("date"), dateline_value=known.get("dateline"),
        external_id=_clean(known.get("id")), title=_clean(known.get("title")),
        source=_clean(known.get("source")), url=_clean(known.get("url")),
        meta={k: v for k, v in record.items() if k not in used},
    )


# --- formats -------------------------------------------------------------------------------------


def _jsonl(lines: _Lines, name: str, max_chars: int) -> Iterator[Item]:
    for line in lines:
        origin = f"{name}:{line.number}"
        if not line.whole:
            yield Problem(origin, f"article too long: {line.size:,} bytes (limit {max_chars:,} characters)", False)
        elif line.bad is not None:
            yield Problem(origin, _undecodable(line), False)
        elif line.text.strip():
            try:
                record = json.loads(line.text.rstrip())
            except json.JSONDecodeError as e:
                yield Problem(origin, f"broken JSON: {e}", False)
                continue
            if isinstance(record, dict):
                yield from _from_fields(record, origin, max_chars)
            else:
                yield Problem(origin, f"expected a JSON object, got {type(record).__name__}", False)


def _json_array(lines: _Lines, name: str, max_chars: int) -> Iterator[Item]:
    """A ``.json`` file holding one array: held whole (an array cannot be streamed by lines)."""
    parts = []
    for line in lines:
        if line.bad is not None or not line.whole:
            reason = _undecodable(line) if line.whole else f"line of {line.size:,} bytes is too long"
            yield Problem(f"{name}:{line.number}", f"{reason}; the whole JSON array is skipped", False)
            return
        parts.append(line.text)
    doc, decoder = "".join(parts), json.JSONDecoder()
    at = _skip_json(doc, doc.index("[") + 1)
    while at < len(doc) and doc[at] != "]":
        origin = f"{name}:{doc.count(chr(10), 0, at) + 1}"
        try:
            item, at = decoder.raw_decode(doc, at)
        except json.JSONDecodeError as e:
            yield Problem(origin, f"broken JSON: {e}; the rest of the array is skipped", False)
            return
        if isinstance(item, dict):
            yield from _from_fields(item, origin, max_chars)
        else:
            yield Problem(origin, f"expected a JSON object, got {type(item).__name__}", False)
        at = _skip_json(doc, at)


def _skip_json(doc: str, at: int) -> int:
    """Past the whitespace and the comma between two array items."""
    while at < len(doc) and (doc[at].isspace() or doc[at] == ","):
        at += 1
    return at


def _csv(lines: _Lines, name: str, max_chars: int) -> Iterator[Item]:
    bad: dict[int, int] = {}

    def text_lines() -> Iterator[str]:
        for line in lines:
            if line.bad is not None:
                bad[line.number] = line.bad
            yield line.text

    csv.field_size_limit(max(csv.field_size_limit(), 8 * max_chars + 65_536))
    rows = csv.DictReader(text_lines())
    columns = rows.fieldnames or []
    if not any(str(c).strip().lower() in TEXT_FIELDS for c in columns):
        yield Problem(name, f"no text column (want one of {', '.join(TEXT_FIELDS)}; "
                            f"found {', '.join(map(str, columns)) or 'nothing'})", False)
        return
    rows.fieldnames = [c.strip() for c in columns]
    last = rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            yield Problem(f"{name}:{last + 1}", f"broken CSV: {e}", False)
            last = rows.line_num
            continue
        origin, span = f"{name}:{last + 1}", range(last + 1, rows.line_num + 1)
        last = rows.line_num
        if offending := [bad[n] for n in span if n in bad]:
            yield Problem(origin, f"undecodable bytes at byte {offending[0]} (not UTF-8)", False)
            continue
        if extra := row.pop(None, None):  # type: ignore[call-overload]
            yield Problem(origin, f"{len(extra)} field(s) beyond the header dropped", True)
        yield from _from_fields(row, origin, max_chars)


@dataclass
class _Record:
    """A text record being collected line by line; stops storing once it is over the limit."""

    start: int
    date: str | None
    parts: list[str] = field(default_factory=list)
    chars: int = 0
    bad: _Line | None = None

    def add(self, text: str, line: _Line, max_chars: int) -> None:
        self.bad = self.bad or (line if line.bad is not None else None)
        self.chars += len(text) if line.whole else line.size
        if self.chars <= max_chars:
            self.parts.append(text.rstrip("\r\n"))
        else:
            self.parts.clear()


def _text_records(lines: _Lines, name: str, max_chars: int, *, seed: bool) -> Iterator[Item]:
    """The seed format (each article opens with `` date YYYY-MM-DD``) or one article per file."""
    record: _Record | None = None
    count = 0
    for line in lines:
        head = _SEED_HEAD.match(line.text) if seed else None
        if head or record is None:
            if record is None and not head and seed and not line.text.strip():
                continue
            if record:
                count += 1
                yield from _finish(record, name, count, max_chars)
            record = _Record(line.number, head[1] if head else None)
            text = (head[2] or "") if head else line.text
        else:
            text = line.text
        record.add(text, line, max_chars)
    if record:
        yield from _finish(record, name, count + 1, max_chars)


def _finish(record: _Record, name: str, count: int, max_chars: int) -> Iterator[Item]:
    origin = f"{name}:{record.start}"
    if record.bad is not None:
        yield Problem(origin, _undecodable(record.bad), False)
    elif record.chars > max_chars:
        yield Problem(origin, f"article too long: {record.chars:,} characters (limit {max_chars:,})", False)
    else:
        # The file name is the natural id of a text file; later articles in it add their line.
        label = Path(name).name if count == 1 else f"{Path(name).name}:{record.start}"
        yield from _article("\n".join(record.parts), origin, max_chars, date_value=record.date,
                            external_id=label)


_READERS = {
    "jsonl": _jsonl,
    "json-array": _json_array,
    "csv": _csv,
    "seed": lambda lines, name, max_chars: _text_records(lines, name, max_chars, seed=True),
    "plain": lambda lines, name, max_chars: _text_records(lines, name, max_chars, seed=False),
}
