"""From a cue word to the speaker: which tokens name who speaks, and which actor that is.

The parse gives the speaker's head token (the subject of "said", the object of "according to",
the subject of "was quoted as saying").  The speaker *span* is the head's noun phrase without the
clauses and appositions that merely describe it ("Kristan Hawkins, president of …, said" → "Kristan
Hawkins"; "a source in the Russian Foreign Ministry" stays whole).  That span is matched against the
actor mentions by offset, so that "he" or "the top diplomat" resolved by the actors layer's
coreference yield the actor, not the pronoun.  When no mention covers it, the speaker is still
returned with its text (and its name, when it is a person named by proper nouns): a named speaker
is useful even if the knowledge base does not know them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from detente.nlp import with_entities
from detente.quotes.lexicon import CueLexicon
from detente.record import Actor, ActorMention

_CUT = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_NOUNS = frozenset({"PROPN", "PRON", "NOUN"})
_COMPANY = frozenset({"inc", "corp", "co", "ltd", "plc", "llc", "llp", "lp", "ag", "sa", "nv", "bv", "spa",
                      "gmbh", "bhd", "pty", "kk"})  # legal designators that end a company's name
_PHRASE = frozenset({"compound", "flat", "amod", "nmod", "det", "poss", "case"})


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    return None


def _child(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _agent(verb: Token) -> Token | None:
    """The object of a passive's "by" phrase: "it was stated by the ministry"."""
    agent = _child(verb, "agent")
    return _child(agent, "pobj") if agent is not None else None


def _antecedent(subj: Token | None, verb: Token) -> Token | None:
    """A relative pronoun subject stands for the noun its clause hangs from ("Lavrov, who said")."""
    if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return subj


def _carried(cue: Token, lex: CueLexicon, inside: frozenset[int]) -> Token | None:
    """The speaker of a cue with no subject of its own ("…, adding that …", "began by saying"):
    the subject of the nearest speech verb above it, else of the nearest verb above it, never
    climbing into quoted words (``inside``: their token indices).  A passive participle ("Asked
    whether …, Trump replied") names the hearer, not the speaker: none."""
    if cue.tag_ == "VBN":
        return None
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head  # "staff members suggesting that …"
    fallback = None
    tok = cue
    while tok.head.i != tok.i and tok.head.i not in inside:
        tok = tok.head
        subj = _antecedent(_subject(tok), tok) if tok.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.i in inside:
            subj = None
        if subj is not None and tok.lemma_.lower() in lex.speech | lex.frame:
            return subj
        fallback = fallback or subj
    return fallback


def speaker_head(cue: Token, lex: CueLexicon, inside: frozenset[int] = frozenset()) -> Token | None:
    """The token that names who speaks through ``cue``, following the cue's syntax.

    * active verb: its subject ("Lavrov said", "said Lavrov"); a relative pronoun hands over to the
      noun it refers to ("Lavrov, who said …"); "he quoted one analyst": the object;
    * passive verb: "X was quoted as saying" — X, the passive subject; any other passive ("it was
      stated by the ministry") — the "by" agent;
    * no subject of its own (participles, conjuncts: "…, adding that"): see :func:`_carried`;
    * "according to X": X.

    ``inside`` holds the indices of quoted tokens: a speaker is never found among them.
    """
    lemma = cue.lemma_.lower()
    if cue.lower_ in lex.prepositions:
        to = next((c for c in cue.children if c.lower_ == lex.prepositions[cue.lower_]), None)
        return _child(to, "pobj") if to is not None else None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)
    if lemma in lex.passive and not passive:
        return _child(cue, "dobj")
    subj = _subject(cue)
    if passive and (lemma not in lex.passive or subj is None):
        subj = _agent(cue)
    if subj is None and lemma == "say" and cue.head.i != cue.i and cue.head.lemma_.lower() in lex.passive:
        return speaker_head(cue.head, lex, inside)  # "was quoted as saying"
    if subj is None and not passive:
        return _carried(cue, lex, inside)
    subj = _antecedent(subj, cue)
    if subj is not None and subj.lemma_.lower() in lex.not_speakers:
        subj = _source_in(subj) or subj
    return None if subj is None or subj.i in inside else subj


def adjacent_noun(cue: Token, after: bool) -> Token | None:
    """The noun phrase right next to a cue the parser left without a subject ("Paul Ryan (R-WI)
    said", "John Tower, a longtime Reagan supporter, told", "said one owner of a shop"): the first
    noun after it, or the last before it, skipping brackets, adverbs and one apposition between
    commas; returned as the head of its phrase."""
    doc = cue.doc
    step = 1 if after else -1
    j, depth, skipped_apposition = cue.i + step, 0, after
    while 0 <= j < len(doc):
        tok = doc[j]
        if tok.text in ("(", "[", ")", "]"):
            depth += step if tok.text in ("(", "[") else -step
        elif depth or tok.pos_ in ("ADV", "AUX", "PART", "DET", "ADJ", "NUM", "SPACE"):
            pass
        elif tok.text == "," and not skipped_apposition:
            skipped_apposition = True
            j = next((k for k in range(j - 1, -1, -1) if doc[k].text in ",:;.!?" or doc[k].is_quote), -1)
            if j < 0 or doc[j].text != ",":
                return None
        elif tok.pos_ not in _NOUNS:
            return None
        else:
            while tok.dep_ in _PHRASE and tok.head.i != tok.i and abs(tok.head.i - tok.i) <= 3:
                tok = tok.head
            return tok
        j += step
    return None


def _source_in(medium: Token) -> Token | None:
    """"A statement from the ministry said": the speaker is the ministry, not the statement."""
    for child in medium.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "poss":
            return child
    return None


def speaker_tokens(head: Token) -> list[Token]:
    """The head's noun phrase: its subtree without relative clauses, appositions and conjuncts."""
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in _CUT]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _CUT)
    lo = min(t.i for t in keep)
    hi = max(t.i for t in keep)
    doc = head.doc
    while lo < head.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ == "case"):
        hi -= 1
    return list(doc[lo:hi + 1])


def _person_name(doc: Doc, lo: int, hi: int, head: Token) -> str | None:
    """The name of a speaker the knowledge base does not know: the proper noun the speaker's head
    is ("Cruz", "Brafman" — the NER often misses a lone surname), or the PERSON entity over the run
    of proper nouns holding it ("Senator John McCain" → "John McCain").  The NER runs only for
    such a run, and not for a company's name: on a sentence it costs as much as the rest of the
    pipeline."""
    if head.pos_ != "PROPN":
        return None
    first, last = head.i, head.i
    while first > lo and doc[first - 1].pos_ == "PROPN":
        first -= 1
    while last + 1 < hi and doc[last + 1].pos_ == "PROPN":
        last += 1
    if first == last:
        return head.text if head.is_alpha else None
    if doc[last].lower_.rstrip(".") in _COMPANY:
        return None  # "Texas Commerce Bancshares Inc": a firm, no person's name
    people = [e for e in with_entities(doc).ents if e.label_ == "PERSON" and e.start <= last and e.end > first]
    if not people:
        return None
    text = next((e for e in people if e.start <= head.i < e.end), people[-1]).text
    for suffix in ("’s", "'s"):
        text = text.removesuffix(suffix)
    return text.strip() or None


def resolve(base: int, head: Token, mentions: Sequence[ActorMention], text: str) -> Actor:
    """The speaker as an actor: the mention on the speaker's head, else the first mention inside the
    speaker span, else the span itself (with the person's name when proper nouns give it)."""
    toks = speaker_tokens(head)
    lo, hi = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
    h_lo, h_hi = base + head.idx, base + head.idx + len(head.text)
    inside = [m for m in mentions if m.start < hi and m.end > lo]
    on_head = [m for m in inside if m.start < h_hi and m.end > h_lo]
    if on_head:
        return max(on_head, key=lambda m: m.end - m.start).actor
    if inside:
        return min(inside, key=lambda m: m.start).actor
    name = None if head.pos_ == "PRON" else _person_name(head.doc, toks[0].i, toks[-1].i + 1, head)
    return Actor(text=text[lo:hi], code=None, name=name)
