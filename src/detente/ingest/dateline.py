"""Datelines: the ``PLACE, Month D (AGENCY) -`` opening of a wire story.

The dateline is metadata, not prose: left in the body it would be tokenized as a sentence subject
("MOSCOW ... said") and shift every offset the coder reports.  So ingest cuts it off and keeps
what it says (where the story was filed, which agency filed it) on the article.

Shapes recognised (at the very start of the text only):

* ``MOSCOW, July 10. /TASS/.``            place, date, agency between slashes
* ``WASHINGTON (Reuters) -``              place, agency in brackets
* ``LONDON, March 3 (AFP) -``             place, date, agency
* ``SALVADOR, Feb 26 -``                  place, date (Reuters-21578's dateline field)
* ``CALGARY, Alberta, March 4 -``         place with a region
* ``KIEV -``                              an all-capitals place alone, followed by a dash
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A capitalised word of a place name ("SAN", "Calif.", "N'DJAMENA"), plus the small lowercase
# joiners place names carry ("Rio de Janeiro", "Dar es Salaam").
_WORD = r"[A-ZÀ-ÖØ-Þ][\w.'’&-]*"
_PLACE_WORDS = rf"{_WORD}(?: (?:{_WORD}|de|la|el|al|es|du|do|da|of)){{0,4}}"
_REGION = rf"(?:,\s*(?!{_MONTH}\b){_WORD}(?: {_WORD}){{0,2}})?"
_DATE = rf"{_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?\.?"
_AGENCY = r"(?:\((?P<agency>[A-Za-z][\w .&/-]{0,29})\)|/(?P<slashed>[A-Za-z][\w .&-]{0,29})/)"
_DASH = r"(?:--|[-–—])"

_PATTERNS = [
    # place (, date)? agency terminator
    re.compile(rf"(?P<place>{_PLACE_WORDS}{_REGION})(?:,\s*(?P<date>{_DATE}))?\s*{_AGENCY}\s*(?:{_DASH}|[.:])?"),
    # place, date terminator
    re.compile(rf"(?P<place>{_PLACE_WORDS}{_REGION}),\s*(?P<date>{_DATE})\s*(?:{_DASH}|:)?"),
    # PLACE - (capitals only, checked below)
    re.compile(rf"(?P<place>{_PLACE_WORDS}{_REGION})\s*{_DASH}"),
]
_END = re.compile(r"\s|$")


def parse_dateline(text: str) -> tuple[dict | None, str]:
    """Split a leading dateline off ``text``.

    Returns ``({"place", "source", "text"}, body)``; ``source`` is the agency or None.  When the
    text does not open with a dateline, returns ``(None, text)`` unchanged so offsets stay valid.
    A string that is only a dateline (a JSON ``dateline`` field) gives an empty body.
    """
    stripped = text.lstrip()
    for number, pattern in enumerate(_PATTERNS):
        m = pattern.match(stripped)
        if not m or not _END.match(stripped, m.end()):
            continue
        head = m.group(0).rstrip()
        body = stripped[m.end():].lstrip()
        if number == 1 and body and head[-1] not in ".-–—:":
            continue  # "Paris, May 5 talks ..." is prose: a bare place + date needs a stop after it
        if number == 2 and not _capitals(m["place"]):
            continue
        agency = m.groupdict().get("agency") or m.groupdict().get("slashed")
        dateline = {"place": m["place"].strip(), "source": agency.strip() if agency else None,
                    "text": head}
        return dateline, body
    return None, text



def _capitals(place: str) -> bool:
    """A dash after a bare place is a dateline only for 'KIEV -', not 'EU - Russia ties'."""
    return place.isupper() and sum(c.isalpha() for c in place) >= 3
