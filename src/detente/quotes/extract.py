"""Quotes with their speakers: direct, mixed and indirect speech (rules in docs/quotes.md).

Three passes over an article whose candidate sentences were parsed (:func:`sentences_to_parse`):

1. **Quoted stretches** (:mod:`~detente.quotes.marks`, on raw text).  A stretch that stands as a
   clause of its own — it opens a sentence or follows a colon, comma, dash or speech verb, and it
   ends with punctuation or at the end of its clause — is a *direct* quote candidate.  Its frame
   is looked for after it (``"…," he said``), before it (``He said: "…"``), in the sentence
   before when that ends with a colon, in a name before a colon (``Kasich: 'We are going …'``);
   failing all, it continues the quote just before it (``"…," he added. "Next paragraph …"``).
   A stretch inside a clause (``the EU "missed a chance …" of``) is *mixed* when a speech verb
   governs it; otherwise it is a scare quote or a title and yields nothing.
2. **Indirect speech**: a speech verb with a clausal complement ("X said (that) …", "X told
   reporters …") or "according to X, …", on any parsed sentence, when no quote used that cue.
3. **Speakers** (:mod:`~detente.quotes.speakers`): the cue's subject / agent / object of
   "according to", matched to the actor mentions by offset.

Each :class:`~detente.record.Quote` names the ``rule`` that produced it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from detente.nlp import Analysis, with_entities
from detente.quotes.lexicon import CueLexicon, load_cues
from detente.quotes.marks import QUOTE_CHARS, Quoted, find_quoted
from detente.quotes.speakers import adjacent_noun, resolve, speaker_head
from detente.record import Actor, ActorMention, Quote

_CLAUSE_END = frozenset(",.?!…;:—–-")
_LEAD_END = frozenset(":,—–-")
_SENTENCE_END = frozenset(".?!…")
_GENERIC_SKIP = frozenset({"be", "have", "do", "get", "make", "go", "come"})
_GENERIC_REACH = 6  # a verb outside the lexicon frames a quote only this close to it
_LEAD_REACH = 10  # words allowed between a leading cue and its quote ("he told the crowd in Iowa,")
_NOT_MAIN = frozenset({"relcl", "acl", "amod", "aux", "auxpass", "compound"})
_COMPLEMENT = frozenset({"ccomp", "xcomp", "dobj", "conj", "parataxis", "dep", "oprd", "advcl"})
_ABOUT = frozenset({"of", "about"})
_AS = frozenset({"as"})
_FRAGMENT = frozenset({"dobj", "ccomp", "xcomp", "oprd", "pobj", "pcomp"})  # a quote that is what was said
_MARK_WORDS = frozenset({"that", "whether", "if"})
_WORD = re.compile(r"\w")
_STOP = re.compile(r"(?<=[a-z0-9)][.?!])[\"”’'»)]*\s+(?=[\"“‘'«A-Z])")


def sentences_to_parse(analysis: Analysis) -> set[int]:
    """Sentences that may hold a quote or its frame, decided on tokens alone (no tagger or parser):
    those with a quotation mark or a form of a speech cue ("said", "told", "according"), and the
    sentence after one that ends on a closing quotation mark, where the splitter may have put the
    frame on its own ('“What was the pivot point?” | Beck questioned.')."""
    forms = load_cues().surface_forms
    wanted = set()
    for i, sent in enumerate(analysis.sents):
        if any(t.is_quote or t.lower_ in forms or (t.is_punct and set(t.text) & QUOTE_CHARS) for t in sent):
            wanted.add(i)
            last = [t for t in sent if not t.is_space]
            if last and last[-1].is_quote and i + 1 < len(analysis.sents):
                wanted.add(i + 1)
    return wanted


@dataclass
class _Found:
    """A quote before its speaker is resolved.  The cue token (in sentence ``cue_sentence``)
    names the speaker, unless ``head`` already does (a noun found next to the cue, a label)."""

    start: int
    end: int
    kind: str
    rule: str
    cue: Token | None = None
    cue_sentence: int = -1
    head: Token | None = None
    speaker: Actor | None = None
    cue_text: str | None = None
    quoted: Quoted | None = None


class _Article:
    """One article's text, quoted stretches and parsed tokens, indexed by article offset."""

    def __init__(self, analysis: Analysis, mentions: Sequence[ActorMention], lex: CueLexicon) -> None:
        self.analysis = analysis
        self.text = analysis.text
        self.mentions = mentions
        self.lex = lex
        self.quoted = find_quoted(self.text)
        self._starts = [q.outer_start for q in self.quoted]
        self.used: set[tuple[int, int]] = set()  # (sentence, token index) of cues already spent
        self._inside: dict[int, frozenset[int]] = {}

    def pos(self, i: int, tok: Token) -> int:
        return self.analysis.sents[i].start_char + tok.idx

    def quote_at(self, offset: int) -> Quoted | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and self.quoted[k].outer_start <= offset < self.quoted[k].outer_end:
            return self.quoted[k]
        return None

    def inside(self, i: int) -> frozenset[int]:
        """Indices of the tokens of parsed sentence ``i`` that stand inside quotation marks."""
        if i not in self._inside:
            doc = self.analysis.parsed.get(i, ())
            self._inside[i] = frozenset(t.i for t in doc if self.quote_at(self.pos(i, t)) is not None)
        return self._inside[i]

    def tokens(self, lo: int, hi: int) -> Iterator[tuple[int, Token]]:
        """Parsed tokens starting in [lo, hi), with their sentence index."""
        if hi <= lo:
            return
        for i in range(self.analysis.sentence_of(lo), len(self.analysis.sents)):
            sent = self.analysis.sents[i]
            if sent.start_char >= hi:
                break
            for tok in self.analysis.parsed.get(i, ()):
                if lo <= sent.start_char + tok.idx < hi and not tok.is_space:
                    yield i, tok

    def sentence_start(self, offset: int) -> int:
        return self.analysis.sents[self.analysis.sentence_of(offset)].start_char

    def sentence_end(self, offset: int) -> int:
        return self.analysis.sents[self.analysis.sentence_of(offset)].end_char

    def paragraph(self, offset: int) -> tuple[int, int]:
        lo = self.text.rfind("\n", 0, offset) + 1
        hi = self.text.find("\n", offset)
        return lo, len(self.text) if hi < 0 else hi

    # --- cues ----------------------------------------------------------------------------------

    def particle(self, tok: Token) -> str | None:
        return next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)

    def is_cue(self, tok: Token, speech_only: bool) -> bool:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and lemma not in self.lex.speech:
            return False
        check = self.lex.is_speech if speech_only else self.lex.is_frame
        return check(lemma, self.particle(tok)) or lemma in self.lex.passive

    def according(self, tok: Token) -> bool:
        """"according to X": the preposition cue, with its second word present."""
        want = self.lex.prepositions.get(tok.lower_)
        return want is not None and any(c.lower_ == want for c in tok.children)

    def cue_text(self, tok: Token) -> str:
        if tok.lower_ in self.lex.prepositions:
            return f"{tok.text} {self.lex.prepositions[tok.lower_]}"
        prt = self.particle(tok)
        return f"{tok.text} {prt}" if prt and self.lex.particle.get(tok.lemma_.lower()) == prt else tok.text

    def speaker_token(self, f: _Found) -> Token | None:
        if f.head is not None:
            return f.head
        return speaker_head(f.cue, self.lex, self.inside(f.cue_sentence)) if f.cue is not None else None

    def speaker(self, f: _Found) -> Actor | None:
        head = self.speaker_token(f)
        if head is None or head.i in self.inside(f.cue_sentence):
            return None
        return resolve(self.analysis.sents[f.cue_sentence].start_char, head, self.mentions, self.text)


def _main_verbs(toks: list[tuple[int, Token]], art: _Article) -> list[tuple[int, Token]]:
    """Verbs that head a clause of the frame (not those of relative clauses or modifiers), and
    "according" cues."""
    return [(i, t) for i, t in toks if art.according(t) or (
        t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ not in ("aux", "auxpass"))) and t.dep_ not in _NOT_MAIN]


# --- direct quotes: the text around a quoted stretch -----------------------------------------------

@dataclass
class _Around:
    """The text before a quote (from its sentence start) and after it (to its sentence end, the
    paragraph end or the next quote, whichever is first)."""

    lo: int
    lead: str
    hi: int
    trail: str
    leads_on: bool  # the trail hands over to the next quote: '"A," he said, "B."'


def _around(art: _Article, k: int) -> _Around:
    q = art.quoted[k]
    p_lo, _ = art.paragraph(q.outer_start)
    lo = min(max(art.sentence_start(q.start), p_lo), q.outer_start)
    ends = list(_STOP.finditer(art.text, lo, q.outer_start + 1))
    lo = ends[-1].end() if ends else lo  # a sentence end the splitter missed ('… grew. 'No,' he said')
    at = q.outer_end
    while at < len(art.text) and art.text[at] in " \t":
        at += 1
    if at >= len(art.text) or art.text[at] == "\n":
        return _Around(lo, art.text[lo:q.outer_start], at, "", False)
    next_start = art.quoted[k + 1].outer_start if k + 1 < len(art.quoted) else len(art.text)
    hi = max(min(art.sentence_end(at), art.paragraph(at)[1], next_start), at)
    trail = art.text[q.outer_end:hi]
    return _Around(lo, art.text[lo:q.outer_start], hi, trail, hi == next_start and trail.rstrip()[-1:] in (",", ":"))


def _content_end(art: _Article, q: Quoted) -> str:
    """The quote's text without trailing spaces and nested closing marks ('… the 'Title Sponsor,' ')."""
    return art.text[q.start:q.end].rstrip("".join(QUOTE_CHARS) + " ")


def _stands_alone(art: _Article, q: Quoted, ar: _Around) -> bool:
    """A quote that is a clause of its own rather than words inside someone else's clause."""
    before = ar.lead.rstrip()
    words = before.split()
    opens = not before or before[-1] in _LEAD_END or (
        bool(words) and words[-1].lower() in art.lex.frame_forms and words[-1].lower() not in art.lex.prepositions)
    content = _content_end(art, q)
    after = ar.trail.lstrip()
    closes = not q.closed or content[-1:] in _CLAUSE_END or not after or after[0] in _CLAUSE_END | {")"}
    return opens and closes and bool(_WORD.search(content))


def _first_noun(toks: list[Token]) -> Token | None:
    """The head of the first noun phrase among ``toks`` ("Representative Steve Cohen, Democrat of
    Tennessee, told": Cohen), for a frame whose verb the parser left without a subject."""
    for tok in toks:
        if tok.pos_ in ("PROPN", "PRON", "NOUN"):
            while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
                tok = tok.head
            return tok
    return None


def _finite(tok: Token) -> bool:
    """A verb in a tensed clause ("barked" mis-tagged as a participle counts when it has a subject
    and no auxiliary)."""
    if tok.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    deps = {c.dep_ for c in tok.children}
    return tok.tag_ == "VBN" and "nsubj" in deps and not deps & {"aux", "auxpass"}


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _named_if_generic(art: _Article, found: _Found) -> _Found | None:
    """A frame verb outside the lexicon needs a name or a pronoun as its speaker: '"…," Trump
    barked' is a quote, '‘revolution,’ ignores losses' is not."""
    if not found.rule.endswith("-verb"):
        return found
    head = art.speaker_token(found)
    return found if head is not None and head.pos_ in ("PROPN", "PRON") else None


def _trailing_frame(art: _Article, q: Quoted, ar: _Around) -> _Found | None:
    """The cue after a quote: '"…," he said', '"…," said Lavrov', '"…" the group shouted'.

    Only the first clause-heading verb after the quote is considered.  A finite verb outside the
    lexicon counts when the quote hands over with a comma, "?" or "!" and the verb follows at once
    ('"Go back to Univision," Trump barked').  After a quote that ends a sentence, a capitalised
    sentence is a frame only when it is nothing but one ('"…." Trump said.'), never when it leads
    into the next quote ('"…?" He answered, "…"': that frame is the next quote's).
    """
    toks = list(art.tokens(q.outer_end, ar.hi))
    verbs = _main_verbs(toks, art)
    if not verbs:
        return None
    i, cue = verbs[0]
    content_end = _content_end(art, q)[-1:]
    after = ar.trail.lstrip()
    loose = after[:1] == "," or content_end in (",", "?", "!", "—", "-")
    before = [t for j, t in toks if (j, t.i) < (i, cue.i) and not t.is_punct]
    fresh = content_end in _SENTENCE_END and after[:1].isupper()
    if fresh and (ar.leads_on or len(before) > 4 or any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children)):
        return None
    if art.according(cue):
        return _Found(q.start, q.end, "direct", "direct-according", cue, i, quoted=q)
    if art.is_cue(cue, speech_only=False):
        rule = "direct-trailing"
    elif (loose or after[:1].islower()) and len(before) <= _GENERIC_REACH and _finite(cue) \
            and cue.lemma_.lower() not in _GENERIC_SKIP:
        rule = "direct-trailing-verb"
    else:
        return None
    found = _Found(q.start, q.end, "direct", rule, cue, i, quoted=q)
    if art.speaker_token(found) is None and not _passive(cue):
        found.head = _first_noun(before) if before else adjacent_noun(cue, after=True)
    return _named_if_generic(art, found)


def _leading_frame(art: _Article, q: Quoted, lo: int, hi: int, rule: str) -> _Found | None:
    """The cue before a quote: 'He said: "…"', 'But he added, "…"', 'According to X, "…"'.

    The cue is the last clause-heading verb before the quote (or the speech verb that verb hangs
    from: 'Beck joked, again using an accent, "…"'), at most a few words away from it: a title
    after a comma ('her film, "Trainwreck."') is not framed by a verb at the start of the sentence.
    A finite verb outside the lexicon frames the quote only when it ends the lead ('Hillary Clinton
    cracked, "…"', 'as Akhil Amar put it, "…"').
    """
    toks = [(i, t) for i, t in art.tokens(lo, hi) if art.quote_at(art.pos(i, t)) is None]
    verbs = _main_verbs(toks, art)
    if not verbs:
        return None
    i, cue = verbs[-1]
    words = [t for j, t in toks if (j, t.i) > (i, cue.i) and not t.is_punct]
    if art.according(cue) or art.is_cue(cue, speech_only=False):
        pass
    elif cue.dep_ in ("advcl", "xcomp", "conj") and art.is_cue(cue.head, speech_only=False):
        cue = cue.head
    elif _finite(cue) and [w.lower_ for w in words] in ([], ["it"]) and cue.lemma_.lower() not in _GENERIC_SKIP:
        rule += "-verb"
    else:
        return None
    if len(words) > _LEAD_REACH:
        return None
    found = _Found(q.start, q.end, "direct", rule, cue, i, quoted=q)
    if art.speaker_token(found) is None and not art.according(cue) and not _passive(cue):
        found.head = adjacent_noun(cue, after=False)
    return _named_if_generic(art, found)


def _colon_label(art: _Article, q: Quoted, lo: int) -> _Found | None:
    """A name before a colon: the name that ends a clause ('… surprise pollster Daron Shaw: "…"'),
    or the first name of a verbless headline ('Kasich: "We are going …"', 'Gillibrand on Hillary
    Releasing Her Transcripts: "I think she will"'); or what someone issued or gave ('Clinton
    released the following statement: "…"'): the giver speaks."""
    toks = [(i, t) for i, t in art.tokens(lo, q.outer_start) if art.quote_at(art.pos(i, t)) is None]
    if len(toks) < 2 or toks[-1][1].text != ":":
        return None
    i, last = toks[-2]
    if not any(_finite(t) for _, t in toks):
        i, last = next(((j, t) for j, t in toks if t.pos_ == "PROPN"), (i, last))
    if last.pos_ == "PROPN" and with_entities(last.doc)[last.i].ent_type_ in ("PERSON", "ORG", "NORP", "GPE", ""):
        return _Found(q.start, q.end, "direct", "direct-colon-label", None, i, head=last, quoted=q)
    if last.pos_ == "NOUN" and last.dep_ == "dobj" and last.head.pos_ == "VERB":
        subj = next((c for c in last.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return _Found(q.start, q.end, "direct", "direct-colon-object", None, i, head=subj, quoted=q)
    return None


def _colon_before(art: _Article, q: Quoted) -> _Found | None:
    """'Lavrov said:' or a name and a colon, ending the sentence just before a quote that opens its own."""
    k = art.analysis.sentence_of(q.start)
    if k == 0:
        return None
    prev = art.analysis.sents[k - 1]
    if not prev.text.rstrip().endswith(":"):
        return None
    found = _leading_frame(art, q, prev.start_char, prev.end_char, "direct-colon-before")
    return found or _colon_label(art, q, prev.start_char)


def _frames(art: _Article, q: Quoted, ar: _Around) -> Iterator[_Found | None]:
    """The places a direct quote's frame may stand, most telling first: a frame before the quote
    ('He said: "…"') binds closer than one after it, which may belong to the next quote."""
    if ar.lead.strip():
        yield _leading_frame(art, q, ar.lo, q.outer_start, "direct-leading")
        yield _colon_label(art, q, ar.lo)
    yield _trailing_frame(art, q, ar)
    if not ar.lead.strip():
        yield _colon_before(art, q)


def _direct(art: _Article) -> tuple[list[_Found], list[_Found]]:
    """Direct quote candidates: (framed, with their speaker; unframed, opening a sentence); the
    quoted stretches that do not stand alone are left to :func:`_mixed`."""
    framed, unframed = [], []
    for k, q in enumerate(art.quoted):
        ar = _around(art, k)
        if not _stands_alone(art, q, ar):
            continue
        for found in _frames(art, q, ar):
            if found is not None and (speaker := art.speaker(found)) is not None:
                found.speaker = speaker
                framed.append(found)
                break
        else:
            if not ar.lead.strip():
                unframed.append(_Found(q.start, q.end, "direct", "direct-continuation", quoted=q))
    return framed, unframed


# --- mixed and indirect --------------------------------------------------------------------------

def _content_span(art: _Article, i: int, head: Token, leave: Token | None = None) -> tuple[int, int]:
    """Article offsets of ``head``'s subtree without ``leave``'s subtree, a leading "that" and edge
    punctuation (quotation marks stay: they are part of a mixed quote)."""
    skip = {t.i for t in leave.subtree} if leave is not None else set()
    toks = [t for t in head.subtree if t.i not in skip]
    while toks and ((toks[0].is_punct and not toks[0].is_quote) or toks[0].is_space or
                    (toks[0].dep_ == "mark" and toks[0].lower_ in _MARK_WORDS)):
        toks.pop(0)
    while toks and ((toks[-1].is_punct and not toks[-1].is_quote) or toks[-1].is_space):
        toks.pop()
    if not toks:
        return 0, 0
    return art.pos(i, toks[0]), art.pos(i, toks[-1]) + len(toks[-1].text)


def _complement(art: _Article, cue: Token, child: Token) -> bool:
    """Whether ``child`` of a speech verb is what was said (not the speaker, the hearer, a time)."""
    naming = cue.lemma_.lower() in art.lex.naming
    if child.dep_ == "prep":
        return child.lower_ in (_AS if naming else _ABOUT)
    if child.dep_ == "dobj" and cue.lemma_.lower() in art.lex.addressee:
        return False
    return child.dep_ in _COMPLEMENT


def _governing_cue(art: _Article, tok: Token) -> tuple[Token, Token] | None:
    """Walk up from a token inside a quote to the speech cue that governs it: (cue, complement).
    The outermost cue wins: in 'Dole told reporters the report disclosed "colossal blunders"' the
    quoted words are Dole's, not the report's."""
    found = None
    child, parent = tok, tok.head
    while parent.i != child.i:
        cue = art.is_cue(parent, speech_only=True) or (
            parent.pos_ == "VERB" and parent.lemma_.lower() in art.lex.naming)
        if cue and _complement(art, parent, child):
            comp = child
            if child.dep_ == "prep":
                comp = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), child)
            found = (parent, comp)
        acc = next((c for c in parent.children if art.according(c)), None)
        if acc is not None and child.i != acc.i:
            found = (acc, parent)
        child, parent = parent, parent.head
    return found


def _mixed(art: _Article, direct: list[_Found]) -> list[_Found]:
    """Quoted words inside a clause that a speech verb governs: the clause is the content, and the
    quote is mixed; when the governed words are nothing but the quote ('called the plan "an
    absolute disgrace"', 'warned of "dire consequences"') it is a direct quote of a fragment."""
    taken = {id(f.quoted) for f in direct}
    found = []
    for q in art.quoted:
        toks = [(i, t) for i, t in art.tokens(q.start, q.end) if not t.is_punct]
        if id(q) in taken or not toks:
            continue
        i, tok = toks[0]
        hit = _governing_cue(art, tok)
        if hit is None or art.quote_at(art.pos(i, hit[0])) is not None:
            continue
        cue, comp = hit
        lo, hi = _content_span(art, i, comp, cue if cue.lower_ in art.lex.prepositions else None)
        if hi <= lo:
            continue
        if q.outer_start <= lo and hi <= q.outer_end + 1 and comp.dep_ in _FRAGMENT:
            found.append(_Found(q.start, q.end, "direct", "direct-fragment", cue, i, quoted=q))
        elif cue.lemma_.lower() not in art.lex.naming:
            found.append(_Found(min(lo, q.start), max(hi, q.end), "mixed", "mixed-clause", cue, i, quoted=q))
    return found


def _indirect(art: _Article, taken: list[_Found]) -> list[_Found]:
    """Speech verbs with a clausal complement, and "according to X", outside every quote."""
    found = []
    for i, doc in sorted(art.analysis.parsed.items()):
        for tok in doc:
            if (i, tok.i) in art.used or art.quote_at(art.pos(i, tok)) is not None:
                continue
            if art.according(tok) and tok.head.i != tok.i:
                clause = tok.head
                while clause.dep_ == "conj":  # "X was invented … and is used …, according to Y"
                    clause = clause.head
                lo, hi = _content_span(art, i, clause, tok)
                rule = "indirect-according"
            elif art.is_cue(tok, speech_only=True) and tok.lemma_.lower() not in art.lex.passive:
                comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if comp is None:
                    continue
                lo, hi = _content_span(art, i, comp)
                rule = "indirect-ccomp"
            else:
                continue
            if hi <= lo or any(f.start < hi and lo < f.end for f in taken) or \
                    any(ch in QUOTE_CHARS for ch in art.text[lo:hi] if ch not in "'’"):
                continue
            found.append(_Found(lo, hi, "indirect", rule, tok, i))
    return found


# --- speakers and continuations -------------------------------------------------------------------

def _attach_speakers(art: _Article, found: list[_Found]) -> None:
    for f in found:
        if f.speaker is None:
            f.speaker = art.speaker(f)
        if f.cue is not None:
            f.cue_text = art.cue_text(f.cue)
            art.used.add((f.cue_sentence, f.cue.i))


def _attribution_end(art: _Article, f: _Found) -> int:
    """The sentence where an attribution ends: its content's or its cue's, whichever is later."""
    last = art.analysis.sentence_of(max(f.end - 1, f.start))
    return max(last, f.cue_sentence)


def _continue(art: _Article, unframed: list[_Found], found: list[_Found]) -> list[_Found]:
    """Give each unframed quote that opens a sentence the speaker of the attribution it continues:
    one ending in the sentence just before (chains carry on: '"…," he said. "…" "…"').  A quote
    cut at a paragraph end that the next paragraph re-opens, with no frame of its own, takes the
    speaker of that next paragraph's quote ('"First paragraph … ¶ "… last," he said.')."""
    done: list[_Found] = []
    pool = sorted((f for f in found if f.speaker is not None), key=lambda f: f.start)
    for u in sorted(unframed, key=lambda f: f.start):
        k = art.analysis.sentence_of(u.start)
        before = [f for f in pool if f.end <= u.start]
        if before and _attribution_end(art, before[-1]) >= k - 1:
            prev = before[-1]
            u.speaker, u.cue_text, u.cue_sentence = prev.speaker, prev.cue_text, k
            pool.append(u)
            pool.sort(key=lambda f: f.start)
            done.append(u)
    for u in reversed(unframed):
        if u.speaker is None and u.quoted is not None and u.quoted.continues:
            after = [f for f in pool if f.start >= u.end]
            if after and art.analysis.sentence_of(after[0].start) <= art.analysis.sentence_of(u.end) + 1:
                u.speaker, u.cue_text, u.rule = after[0].speaker, after[0].cue_text, "direct-continuation-back"
                pool.append(u)
                pool.sort(key=lambda f: f.start)
                done.append(u)
    return done


def _merge(found: list[_Found]) -> list[_Found]:
    """One quote per cue for mixed and indirect speech (a clause quoted in two places is one
    attribution); direct quotes sharing a cue stay apart (their pieces are separate quotes)."""
    out: list[_Found] = []
    by_cue: dict[tuple[int, int], _Found] = {}
    for f in sorted(found, key=lambda f: f.start):
        key = (f.cue_sentence, f.cue.i) if f.cue is not None else None
        host = by_cue.get(key) if key is not None else None
        if f.kind != "direct" and host is not None and host.kind != "direct":
            host.start, host.end = min(host.start, f.start), max(host.end, f.end)
            host.kind = "mixed" if "mixed" in (host.kind, f.kind) else host.kind
            continue
        if key is not None and f.kind != "direct":
            by_cue.setdefault(key, f)
        out.append(f)
    return out


def extract_quotes(analysis: Analysis, mentions: list[ActorMention]) -> list[Quote]:
    """Direct, mixed and indirect quotes of an article, each with its speaker.

    Needs the sentences chosen by :func:`sentences_to_parse` to be parsed: a quote whose frame
    lies in an unparsed sentence is missed, never wrong.  Quotes without a speaker are left out:
    an unattributed quotation is a title or a scare quote far more often than a quote.
    """
    art = _Article(analysis, mentions, load_cues())
    framed, unframed = _direct(art)
    _attach_speakers(art, framed)
    mixed = _mixed(art, framed)
    _attach_speakers(art, mixed)
    indirect = _indirect(art, framed + mixed)
    _attach_speakers(art, indirect)
    found = [f for f in framed + mixed + indirect if f.speaker is not None]
    found += _continue(art, unframed, found)
    return sorted((Quote(start=f.start, end=f.end, text=art.text[f.start:f.end], kind=f.kind,  # type: ignore[arg-type]
                         cue=f.cue_text, speaker=f.speaker, sentence=analysis.sentence_of(f.start), rule=f.rule)
                   for f in _merge(found)), key=lambda q: (q.start, q.end))
