"""Actor mentions on the cheap token layer: dictionary names, composed sectors, roles learned from
the text, and coreference.

Runs on the tokenizer+senter ``Doc`` only (no tagger or parser), because it decides which sentences
get a full parse. Four passes over one left-to-right scan:

1. **dictionary**: longest token-sequence match against the knowledge base; proper names must be
   capitalised in the text and acronyms must match case ("US" is not "us");
2. **composition**: a country/organisation followed by a sector noun ("Russian Foreign Ministry",
   "Russia's top diplomat", "EU foreign policy chief") or a sector noun followed by "of" and a country
   ("the foreign minister of Russia") becomes one mention with the sector appended; a person noun with
   a preposition before one ("a source in the Russian Foreign Ministry") becomes a person-like mention;
3. **learned roles**: a person noun phrase followed by a name ("Russian Foreign Minister Sergey Lavrov")
   binds the name, and its surname, to that code for the rest of the article (``how="learned-role"``);
   the text's own description wins over the dictionary's dated roles;
4. **coreference**: "he"/"she", and definite descriptions ("the top diplomat", "the ministry",
   "the newspaper", "the source") resolve to the most recent compatible mention within a few sentences
   (``how="coreference"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from detente.actors.kb import Entry, KnowledgeBase, best, name_key, split_code
from detente.nlp import Analysis
from detente.record import ActorMention

_MODIFIERS = frozenset(
    "top senior chief foreign defense defence interior economic economy trade finance justice energy policy "
    "affairs security state federal national armed former deputy first acting new prime special permanent "
    "official military government high then outgoing incoming main leading general foreign-policy "
    "'s ’s".split()
)
_NOT_ACTOR_HEADS = frozenset(
    "agreement agreements accord accords protocol protocols format treaty declaration memorandum process airport "
    "region oblast street avenue university exchange stock".split()
)
_LINKS = frozenset("in at of for from with to within".split())
_PRONOUNS = frozenset({"he", "she", "him"})
_SPEECH_AFTER = frozenset("said added stressed noted stated announced reported explained emphasized emphasised "
                          "underlined pointed wrote warned says adds".split())
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December The A An On In At As But And Mr Mrs Ms Dr".split()
)
_INITIAL = re.compile(r"^[A-Z]\.$")
_REGION_BODIES = {"EUR": "IGOEUREEC"}  # a region's adjective -> the body its partners belong to
_COUNTERPARTS = frozenset("partners colleagues counterparts".split())
_COREF_WINDOW = 5  # sentences a description or pronoun may look back
_SECTOR_ONLY = frozenset({"MIL", "REB", "COP", "CVL", "CRM"})  # sectors that act without a country
_ARMED_BODIES = frozenset("police army military militia militias rebels insurgents militants separatists guerrillas "
                          "terrorists gunmen fighters".split())  # not "market forces", "artificial intelligence"


@dataclass
class _Found:
    """A mention under construction (token indices into the segmented doc)."""

    start: int
    end: int
    code: str
    name: str | None
    how: str
    person: bool
    noun: str | None = None  # the sector noun that made it ("minister", "source"), for coreference


def find_mentions(analysis: Analysis, kb: KnowledgeBase, date: str | None) -> list[ActorMention]:
    """All actor mentions in an article, resolved at its publication ``date``."""
    doc = analysis.doc
    found: list[_Found] = []
    learned: dict[tuple[str, ...], tuple[str, str]] = {}
    i = 0
    while i < len(doc):
        item, i = _next_mention(doc, i, kb, date, learned, found, analysis)
        if item is not None and not _editorial(doc, item, kb):
            found.append(_named_by_description(analysis, doc, _regional_body(doc, item, found), found))
    return [_to_mention(doc, f) for f in found]


def _regional_body(doc: Doc, item: _Found, found: list[_Found]) -> _Found:
    """ "Our European partners" (colleagues, counterparts), in a text that has named the EU, are the
    EU's officials, as diplomats use the phrase, not the continent's states at large."""
    body = _REGION_BODIES.get(item.code)
    if body is None or item.end >= len(doc) or doc[item.end].lower_ not in _COUNTERPARTS:
        return item
    named = next((f for f in reversed(found) if f.code == body), None)
    return item if named is None else _Found(item.start, item.end, body, named.name, "coreference", False)


def _editorial(doc: Doc, item: _Found, kb: KnowledgeBase) -> bool:
    """The agency signing an editor's insertion ("them [sanctions - TASS]") is not an actor."""
    return item.end < len(doc) and doc[item.end].text == "]" and item.code.endswith("MED")


def _named_by_description(analysis: Analysis, doc: Doc, item: _Found, found: list[_Found]) -> _Found:
    """ "the Russian foreign minister" after "Sergey Lavrov": the same person, by coreference."""
    if not (item.person and item.name is None and item.start > 0 and doc[item.start - 1].lower_ == "the"):
        return item
    ref = _corefer(analysis, doc, item.start, item.end, found[:-1] if found and found[-1] is item else found,
                   person=True, sector=split_code(item.code)[1])
    if ref is None or ref.code != item.code or ref.name is None:
        return item
    return _Found(item.start, item.end, item.code, ref.name, "coreference", True, noun=item.noun)


def _next_mention(doc: Doc, i: int, kb: KnowledgeBase, date: str | None,
                  learned: dict[tuple[str, ...], tuple[str, str]], found: list[_Found],
                  analysis: Analysis) -> tuple[_Found | None, int]:
    """The mention starting at token ``i`` (or None) and the index to continue from."""
    tok = doc[i]
    if tok.lower_ in _PRONOUNS:
        return _corefer(analysis, doc, i, i + 1, found, person=True, sector=None), i + 1
    if tok.lower_ == "it" and i + 1 < len(doc) and doc[i + 1].lower_ in _SPEECH_AFTER:
        return _last_speaker(doc, i, found), i + 1  # "…, it said": the body quoted last
    match = _match(doc, i, kb)
    if match is None:
        length = _name_length(doc, i, learned)
        return _learned_name(doc, i, length, learned), i + length
    end, entries = match
    proper = best([e for e in entries if e.kind != "agent"], date) if _capitalised(doc[i], kb) else None
    agent = next((e for e in entries if e.kind == "agent"), None)
    if proper is not None:
        entry, code = proper
        if entry.kind == "person":
            name_key_ = name_key(doc[i:end].text)
            code, name = learned.get(name_key_, (code, entry.name))
            item = _Found(i, end, code, name, "dictionary", True)
            _bind(learned, doc[i:end], code, name)
            return item, end
        return _compose(doc, i, end, entry, code, kb, date, learned)
    if agent is not None:
        return _agent_phrase(doc, i, end, agent, kb, date, learned, found, analysis)
    return None, i + 1


def _match(doc: Doc, i: int, kb: KnowledgeBase) -> tuple[int, list[Entry]] | None:
    """Longest dictionary match starting at ``i``, never crossing a line break.  Grows the key one
    token at a time and stops as soon as no name starts with it: most tokens cost one set lookup."""
    found, key = None, ()
    for j in range(i, min(len(doc), i + kb.max_len)):
        tok = doc[j]
        key = (*key, tok.lower_)
        if tok.is_space or key not in kb.prefixes:
            break
        entries = kb.entries(key)
        if entries and (len(key) > 1 or _case_ok(doc[i], kb)):
            found = (j + 1, entries)
    return found


def _case_ok(tok: Token, kb: KnowledgeBase) -> bool:
    """Acronyms match only in capitals: "US"/"WHO"/"AP" but not "us"/"who"/"ap"."""
    return tok.text in kb.exact_case or tok.text.upper() not in kb.exact_case


def _capitalised(tok: Token, kb: KnowledgeBase) -> bool:
    return tok.text[:1].isupper() or tok.text in kb.exact_case


def _compose(doc: Doc, i: int, end: int, entry: Entry, code: str, kb: KnowledgeBase, date: str | None,
             learned: dict[tuple[str, ...], tuple[str, str]]) -> tuple[_Found | None, int]:
    """A country/organisation, extended by a following sector noun and a following name."""
    if end < len(doc) and doc[end].lower_ in _NOT_ACTOR_HEADS:
        return None, end  # "the Minsk agreements", "the Normandy format": a name, not an actor
    j, agent = end, None
    while j < len(doc) and j - end <= 4:
        agent = _agent_at(doc, j, kb)
        if agent is not None or not _is_modifier(doc[j], kb):
            break
        j += 1
    if agent is None:
        return _Found(i, end, code, entry.name, "dictionary", False), end
    agent_end, noun = agent
    full = _with_sector(code, noun.sector)
    while (more := _agent_at(doc, agent_end, kb)) is not None:  # "Army soldiers", "Ministry spokesman"
        agent_end, noun = more
    item = _Found(i, agent_end, full, None, "dictionary", noun.person, noun=noun.name)
    if noun.person:
        return _named_after(doc, item, learned)
    return item, agent_end


def _is_modifier(tok: Token, kb: KnowledgeBase) -> bool:
    if tok.is_space or tok.is_punct and tok.text not in ("'s", "’s", "-"):
        return False
    if tok.lower_ in _MODIFIERS:
        return True
    return tok.text[:1].isupper() and tok.is_alpha and not kb.entries((tok.lower_,))


def _agent_at(doc: Doc, j: int, kb: KnowledgeBase) -> tuple[int, Entry] | None:
    match = _match(doc, j, kb) if j < len(doc) else None
    if match is None:
        return None
    agent = next((e for e in match[1] if e.kind == "agent"), None)
    return (match[0], agent) if agent is not None else None


def _with_sector(code: str, sector: str | None) -> str:
    """Append a sector unless the code is an organisation's or already has one."""
    country, own = split_code(code)
    if own or sector is None or country != code[:3] or code.startswith(("IGO", "NGO", "IMG")):
        return code
    return country + sector


def _named_after(doc: Doc, item: _Found, learned: dict[tuple[str, ...], tuple[str, str]]) -> tuple[_Found, int]:
    """A person description followed by a name: the name takes the description's code."""
    j = _name_end(doc, item.end)
    if j == item.end:
        return item, item.end
    name = doc[item.end:j].text
    _bind(learned, doc[item.end:j], item.code, name)
    return _Found(item.start, j, item.code, name, "learned-role", True, noun=item.noun), j


def _name_end(doc: Doc, j: int) -> int:
    """End of a capitalised name starting at ``j`` (``j`` itself when there is none)."""
    k = j
    while k < len(doc) and _name_token(doc[k]):
        k += 1
    while k > j and doc[k - 1].text == "-":
        k -= 1
    return k


def _name_token(tok: Token) -> bool:
    """Capitalised words, initials ("V.") and the hyphen of "Jean-Claude" continue a name."""
    if tok.text[:1].isupper() and tok.text not in _NOT_NAMES and (tok.is_alpha or _INITIAL.match(tok.text)):
        return True
    return tok.text == "-" and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper()


def _bind(learned: dict[tuple[str, ...], tuple[str, str]], span, code: str, name: str) -> None:
    """Remember a person's code for this article under the full name and the surname."""
    words = [t for t in span if t.is_alpha]
    if not words or not code:
        return
    learned[tuple(t.lower_ for t in span)] = (code, name)
    learned[(words[-1].lower_,)] = (code, name)


def _name_length(doc: Doc, i: int, learned: dict[tuple[str, ...], tuple[str, str]]) -> int:
    if not doc[i].text[:1].isupper():
        return 1
    for length in (3, 2, 1):
        if tuple(t.lower_ for t in doc[i:i + length]) in learned:
            return length
    return 1


def _learned_name(doc: Doc, i: int, length: int,
                  learned: dict[tuple[str, ...], tuple[str, str]]) -> _Found | None:
    """A later mention of a name the article itself introduced with a role ("Lavrov"), ``length``
    tokens long (:func:`_name_length`)."""
    if not doc[i].text[:1].isupper():
        return None
    key = tuple(t.lower_ for t in doc[i:i + length])
    if key in learned:
        code, name = learned[key]
        return _Found(i, i + length, code, name, "learned-role", True)
    return None


def _agent_phrase(doc: Doc, i: int, end: int, agent: Entry, kb: KnowledgeBase, date: str | None,
                  learned: dict[tuple[str, ...], tuple[str, str]], found: list[_Found],
                  analysis: Analysis) -> tuple[_Found | None, int]:
    """A sector noun without a preceding country: "the foreign minister of Russia", "a source in the
    Russian Foreign Ministry", or a description to resolve by coreference ("the top diplomat")."""
    j = end
    if j < len(doc) and doc[j].lower_ in _LINKS:
        k = j + 1 + (j + 1 < len(doc) and doc[j + 1].lower_ == "the")
        match = _match(doc, k, kb) if k < len(doc) else None
        proper = best([e for e in match[1] if e.kind != "agent"], date) if match and _capitalised(doc[k], kb) else None
        if proper is not None and proper[0].kind != "person":
            inner, inner_end = _compose(doc, k, match[0], proper[0], proper[1], kb, date, learned)
            if inner is None:  # "the head of the Minsk process": not an actor
                return None, inner_end
            code = inner.code if split_code(inner.code)[1] else _with_sector(inner.code, agent.sector)
            item = _Found(i, inner_end, code, None, "dictionary", agent.person, noun=agent.name)
            return (_named_after(doc, item, learned) if agent.person else (item, inner_end))
    name_end = _name_end(doc, end) if agent.person else end
    if name_end > end:
        named = _Found(i, name_end, "", doc[end:name_end].text, "learned-role", True, noun=agent.name)
        return _corefer_named(analysis, doc, named, found, agent, learned), name_end
    ref = None
    if i > 0 and doc[i - 1].lower_ in ("the", "this", "that") or _after_the(doc, i):
        ref = _corefer(analysis, doc, i, end, found, person=agent.person, sector=agent.sector, noun=agent.name)
    if ref is None and agent.sector in _SECTOR_ONLY and (agent.person or agent.name in _ARMED_BODIES):
        return _sector_only(doc, i, end, agent, found[-1].end if found else 0), end
    return ref, end


def _sector_only(doc: Doc, i: int, end: int, agent: Entry, floor: int) -> _Found:
    """Armed men, police, civilians of no stated country are still actors ("Abu Sayyaf gunmen" → REB,
    as GDELT codes them); an unknown capitalised name before the noun is part of the mention."""
    start = i
    while start > floor and i - start < 3 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
            and doc[start - 1].text not in _NOT_NAMES:
        start -= 1
        if doc[start].is_sent_start:
            break
    return _Found(start, end, agent.sector or "", None, "dictionary", agent.person, noun=agent.name)


def _after_the(doc: Doc, i: int) -> bool:
    """ "the top diplomat", "the Russian foreign minister" style: "the" + modifiers + noun."""
    k = i - 1
    while k >= 0 and doc[k].lower_ in _MODIFIERS:
        k -= 1
    return k >= 0 and k < i - 1 and doc[k].lower_ == "the"


def _last_speaker(doc: Doc, i: int, found: list[_Found]) -> _Found | None:
    """The most recent non-person mention that was itself followed by a speech verb."""
    for prev in reversed(found):
        if not prev.person and prev.end < len(doc) and doc[prev.end].lower_ in _SPEECH_AFTER:
            return _Found(i, i + 1, prev.code, prev.name, "coreference", False, noun=prev.noun)
    return None


def _corefer_named(analysis: Analysis, doc: Doc, named: _Found, found: list[_Found], agent: Entry,
                   learned: dict[tuple[str, ...], tuple[str, str]]) -> _Found | None:
    """ "Foreign Minister Sergey Lavrov" without a country: the name's own code if known, else the
    most recent mention of the same sector supplies the country."""
    key = tuple(t.lower_ for t in doc[named.end - 1:named.end])
    if key in learned:
        code, name = learned[key]
        return _Found(named.start, named.end, code, name, "learned-role", True)
    ref = _corefer(analysis, doc, named.start, named.end, found, person=False, sector=agent.sector)
    if ref is None:
        return None
    name_tokens = doc[named.start:named.end]
    _bind(learned, name_tokens[len(name_tokens) - len((named.name or "").split()):], ref.code, named.name or "")
    return _Found(named.start, named.end, ref.code, named.name, "learned-role", True)


def _corefer(analysis: Analysis, doc: Doc, i: int, end: int, found: list[_Found], *, person: bool,
             sector: str | None, noun: str | None = None) -> _Found | None:
    """The most recent compatible mention within the window: one made with the same noun first
    ("the source" → "a source in the ministry"), else persons for persons, bodies of the same sector."""
    here = analysis.sentence_of(doc[i].idx)
    recent = [f for f in reversed(found) if here - analysis.sentence_of(doc[f.start].idx) <= _COREF_WINDOW]
    same_noun = [f for f in recent if noun is not None and f.noun == noun]
    compatible = [f for f in recent if _compatible(f, person, sector)]
    for prev in same_noun[:1] or compatible[:1]:
        return _Found(i, end, prev.code, prev.name, "coreference", prev.person, noun=noun)
    return None


def _compatible(prev: _Found, person: bool, sector: str | None) -> bool:
    if person != prev.person:
        return False
    own = split_code(prev.code)[1]
    if sector is None or own == sector:
        return True
    return person and own is None and prev.code.startswith("IGO")  # "the diplomat" for the EU's chief


def _to_mention(doc: Doc, f: _Found) -> ActorMention:
    country, sector = split_code(f.code)
    span = doc[f.start:f.end]
    return ActorMention(text=span.text, code=f.code, country=country, sector=sector, name=f.name,
                        start=span.start_char, end=span.end_char, how=f.how)
