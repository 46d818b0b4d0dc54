"""Quotation marks on raw text: which stretches of an article are enclosed in quotes.

This works on characters, not on tokens or parses, because quotes cross sentence boundaries (and
the sentence splitter is least reliable inside them) and because every convention must be read
alike: typographic “…” and «…», German „…“, straight "…", the doubled apostrophes ''…'' of New
York Times copy, and single ‘…’ / '…' quotes, whose marks double as apostrophes.

* Double marks are paired first, paragraph by paragraph.  A quote still open at the end of a
  paragraph whose next paragraph opens with a quote mark is the wire-style multi-paragraph quote
  (its closing mark is omitted by convention): it is cut at the paragraph end and flagged
  ``continues``.  A quote open at a paragraph end without that is cut there too (a missing mark).
* Single marks only count outside double quotes (inside, they are nested quotes or apostrophes)
  and only in an unambiguous context: an opening mark after a space or bracket and before a
  letter, a closing mark after a non-space and before a non-letter.  "the Clintons’ house" never
  opens anything, and "’90s" never opens a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"''|``|[\"“”«»„‟‘’'‚‹›]")
_DOUBLE_OPEN = frozenset({"“", "«", "„", "‟", "``"})
_DOUBLE_CLOSE = frozenset({"”", "»"})
_DOUBLE_EITHER = frozenset({'"', "''"})
_DOUBLE = _DOUBLE_OPEN | _DOUBLE_CLOSE | _DOUBLE_EITHER
_SINGLE_OPEN = frozenset({"‘", "‚", "‹", "'"})
_SINGLE_CLOSE = frozenset({"’", "›", "'"})
_PARAGRAPH = re.compile(r"[ \t]*\n\s*")
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;,“‘\"'")  # after these a straight mark may open a quote
_SINGLE_MAX = 300  # a longer single-quoted stretch is two apostrophes, not a quote

QUOTE_CHARS = frozenset("\"“”«»„‟‘’'‚‹›`")


@dataclass(frozen=True)
class Quoted:
    """A stretch of text enclosed in quotation marks.

    ``start``/``end`` delimit the content (marks and edge spaces excluded); ``open_at`` /
    ``close_at`` are the offsets of the marks (``close_at`` is ``None`` when the paragraph ended
    first) and ``outer_start`` / ``outer_end`` include the marks.
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool
    single: bool = False
    continues: bool = False  # unclosed, and the next paragraph re-opens the quote


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: news copy puts one paragraph on a line."""
    spans, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else "\n"


def _opens(text: str, i: int, n: int) -> bool:
    """A straight mark at ``i`` (length ``n``) opens: start, space or bracket before, text after."""
    return _char(text, i - 1) in _OPEN_BEFORE and not _char(text, i + n).isspace()


def _closes(text: str, i: int, n: int) -> bool:
    """A mark at ``i`` closes: a non-space before it, no letter or digit after it."""
    return not _char(text, i - 1).isspace() and not _char(text, i + n).isalnum()


def _pair_doubles(text: str, marks: list[re.Match[str]]) -> list[tuple[int, int, int | None, int]]:
    """Pair the double marks of one paragraph into (open_at, open_len, close_at, close_len)."""
    pairs: list[tuple[int, int, int | None, int]] = []
    open_at: int | None = None
    open_len = 0
    for m in marks:
        mark, i, n = m.group(), m.start(), len(m.group())
        if mark not in _DOUBLE:
            continue
        if open_at is None:
            if mark in _DOUBLE_OPEN or _opens(text, i, n) and not (mark in _DOUBLE_CLOSE and _closes(text, i, n)):
                open_at, open_len = i, n
        elif mark in _DOUBLE_OPEN and not _closes(text, i, n):
            open_at, open_len = i, n  # the earlier opening mark was a stray: start again here
        else:
            pairs.append((open_at, open_len, i, n))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, open_len, None, 0))
    return pairs


def _pair_singles(text: str, lo: int, hi: int, marks: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Pair single marks between ``lo`` and ``hi`` (a stretch free of double quotes)."""
    pairs = []
    open_at: int | None = None
    for m in marks:
        mark, i = m.group(), m.start()
        if not lo <= i < hi or len(mark) != 1:
            continue
        if open_at is not None and i - open_at > _SINGLE_MAX:
            open_at = None
        if open_at is None:
            if mark in _SINGLE_OPEN and _char(text, i - 1) in _OPEN_BEFORE and _char(text, i + 1).isalpha():
                open_at = i
        elif mark in _SINGLE_CLOSE and _closes(text, i, 1):
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _content(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Trim spaces from a content stretch."""
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def find_quoted(text: str) -> list[Quoted]:
    """All top-level quoted stretches of ``text``, in order (nested quotes are part of their host)."""
    found: list[Quoted] = []
    paragraphs = _paragraphs(text)
    marks = list(_MARK.finditer(text))
    k = 0
    for p, (lo, hi) in enumerate(paragraphs):
        mine = []
        while k < len(marks) and marks[k].start() < hi:
            if marks[k].start() >= lo:
                mine.append(marks[k])
            k += 1
        doubles = []
        for open_at, open_len, close_at, close_len in _pair_doubles(text, mine):
            end = close_at if close_at is not None else hi
            nxt = paragraphs[p + 1][0] if p + 1 < len(paragraphs) else None
            continues = close_at is None and nxt is not None and _MARK.match(text, nxt) is not None
            s, e = _content(text, open_at + open_len, end)
            if e > s:
                doubles.append(Quoted(s, e, open_at, end + close_len, close_at is not None, False, continues))
        gaps = [lo, *[x for q in doubles for x in (q.outer_start, q.outer_end)], hi]
        singles = []
        for a, b in zip(gaps[::2], gaps[1::2], strict=True):
            for open_at, close_at in _pair_singles(text, a, b, mine):
                s, e = _content(text, open_at + 1, close_at)
                if e > s:
                    singles.append(Quoted(s, e, open_at, close_at + 1, True, True))
        found.extend(sorted(doubles + singles, key=lambda q: q.start))
    return found
