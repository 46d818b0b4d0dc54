"""When did an event happen: explicit, relative and publication-date resolution.

An article dated 2017-07-10 that says "In 2014, the EU imposed sanctions" reports a 2014 event;
"will discuss on Tuesday" after a Monday dateline is 2017-07-11.  Counting such events on the
publication date is the classic error of event datasets; this module attaches to each event the
date expression governed by its own clause and resolves it against the publication date, with the
tense of the clause choosing between the previous and the next occurrence of a weekday or month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from spacy.tokens import Span, Token

from detente.nlp import with_entities

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_UNIT_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class EventDate:
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    basis: str  # explicit | relative | publication
    text: str | None = None  # the expression it came from

    def as_date(self) -> dt.date:
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def publication(pub: dt.date | None) -> EventDate | None:
    return EventDate(pub.isoformat(), "publication") if pub else None


def parse_iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def resolve(expr: str, pub: dt.date | None, past: bool) -> EventDate | None:
    """Resolve one date expression (a DATE entity's text) against the publication date.

    ``past`` is the tense of the governing clause: it picks the previous occurrence of a bare
    weekday or month rather than the next.
    """
    low = expr.lower().strip().removeprefix("the ")
    year = _YEAR.search(low)
    month = _month_in(low)
    day = re.search(r"\b([0-3]?\d)(st|nd|rd|th)?\b", _YEAR.sub(" ", low))
    if year and month and day:
        return _explicit(expr, dt.date(int(year.group()), month, int(day.group(1))))
    if year and month:
        return EventDate(f"{year.group()}-{month:02d}", "explicit", expr)
    if year and not any(w in low for w in ("ago", "last", "next", "past")):
        return EventDate(year.group(), "explicit", expr)
    if pub is None:
        return None
    if month and day:
        return _explicit(expr, _nearest(dt.date(pub.year, month, 1).replace(day=min(int(day.group(1)), 28)), pub, past, years=1, exact_day=int(day.group(1))))
    if month:
        d = _nearest(dt.date(pub.year, month, 1), pub.replace(day=1), past, years=1)
        return EventDate(f"{d.year}-{d.month:02d}", "explicit", expr)
    return _relative(low, expr, pub, past)


def _explicit(expr: str, d: dt.date | None) -> EventDate | None:
    return EventDate(d.isoformat(), "explicit", expr) if d else None


def _month_in(low: str) -> int | None:
    for word in re.findall(r"[a-z]+", low):
        if word in MONTHS:
            return MONTHS.index(word) + 1
        if word in _MONTH_ABBR and word != "may":
            return _MONTH_ABBR[word]
    return None


def _nearest(candidate: dt.date, pub: dt.date, past: bool, years: int, exact_day: int | None = None) -> dt.date | None:
    """Move a month-day without a year into the past or the future of ``pub``."""
    if exact_day is not None:
        try:
            candidate = candidate.replace(day=exact_day)
        except ValueError:
            return None
    if past and candidate > pub:
        candidate -= relativedelta(years=years)
    elif not past and candidate < pub - dt.timedelta(days=2):
        candidate += relativedelta(years=years)
    return candidate


def _relative(low: str, expr: str, pub: dt.date, past: bool) -> EventDate | None:
    words = set(re.findall(r"[a-z]+", low))
    simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    for w, delta in simple.items():
        if w in words:
            return EventDate((pub + dt.timedelta(days=delta)).isoformat(), "relative", expr)
    for i, name in enumerate(WEEKDAYS):
        if name in words:
            ahead = (i - pub.weekday()) % 7
            if past or "last" in words:  # wire style: "said on Monday" in a Monday story is that day
                delta = -((pub.weekday() - i) % 7)
            else:
                delta = ahead or 7
            if "next" in words and delta < 0:
                delta += 7
            return EventDate((pub + dt.timedelta(days=delta)).isoformat(), "relative", expr)
    sign = -1 if ("last" in words or "ago" in words or "past" in words) else 1 if "next" in words else 0
    if sign and "year" in words:
        return EventDate(str(pub.year + sign), "relative", expr)
    if sign and "month" in words:
        d = pub + relativedelta(months=sign)
        return EventDate(f"{d.year}-{d.month:02d}", "relative", expr)
    for unit, days in _UNIT_DAYS.items():
        if sign and unit in words and "ago" not in words:
            return EventDate((pub + dt.timedelta(days=sign * days)).isoformat(), "relative", expr)
    if "this" in words and "year" in words:
        return EventDate(str(pub.year), "relative", expr)
    return None


def is_past(verb: Token) -> bool:
    """Tense of the clause headed by ``verb`` (VBD/VBN without a future auxiliary = past)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll") for a in auxes):
        return False
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lower_ in ("has", "have", "had") for a in auxes):
        return True
    return verb.tag_ == "VBN" and not any(a.lower_ in ("be", "being") for a in auxes)


def clause_dates(verb: Token, sent: Span) -> list[Span]:
    """DATE entities of the sentence whose nearest verbal ancestor is ``verb``."""
    found = []
    with_entities(sent.doc)
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        if ent.root.dep_ in ("amod", "compound", "nummod", "nmod", "poss") and ent.root.head.pos_ in ("NOUN", "PROPN"):
            continue  # "the 1972 ABM treaty", "last year's elections": the date of a thing, not of the event
        head = ent.root.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == verb.i or (verb.dep_ in ("xcomp", "conj") and head.i == verb.head.i):
            found.append(ent)
    return found


def event_date(verb: Token, sent: Span, pub: dt.date | None, context: EventDate | None = None) -> EventDate | None:
    """The event's date: its clause's own date expression, else the paragraph's, else publication."""
    past = is_past(verb)
    for ent in clause_dates(verb, sent):
        resolved = resolve(ent.text, pub, past)
        if resolved:
            return resolved
    if context is not None and past:
        return context
    return publication(pub)

