"""The stateless coder: one article in, one :class:`~detente.record.Record` out.

This is the centre of détente. ``detente code``, ``detente ingest``, the HTTP server and the Dask
runner all call :func:`code_many` (or :func:`code`); it keeps no state between articles except the
loaded model and the read-only knowledge base, so it can run in any process on any partition.

Flow per article (see docs/architecture.md):
  segment (cheap) → actor mentions (dictionary + roles learned from the text + coreference)
  → choose sentences worth a full parse (actor + trigger, or speech) → parse only those
  → events, quotes → topics, tone, the class of each parsed sentence (rules + learned model).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from detente import events as _events
from detente import learned as _learned
from detente import quotes as _quotes
from detente import tone as _tone
from detente import topics as _topics
from detente.actors import KnowledgeBase, find_mentions
from detente.nlp import Analysis, load_nlp, parse_chosen, segment_many
from detente.record import ActorMention, Article, Record, Sentence

CODER_VERSION = "0.1.0"


def code(article: Article | str, *, date: str | None = None, kb: KnowledgeBase | None = None) -> Record:
    """Code one article (or a bare text with an optional publication ``date``)."""
    if isinstance(article, str):
        article = Article(text=article, date=date)
    return next(code_many([article], kb=kb))


def code_many(articles: Iterable[Article], *, kb: KnowledgeBase | None = None) -> Iterator[Record]:
    """Code a stream of articles lazily, batching the cheap segmentation step."""
    kb = kb or KnowledgeBase.default()
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= 32:
            yield from _code_batch(pending, kb)
            pending = []
    if pending:
        yield from _code_batch(pending, kb)


def _code_batch(batch: list[Article], kb: KnowledgeBase) -> list[Record]:
    """Segment and find actors per article, then parse the chosen sentences of the whole batch
    together (:func:`~detente.nlp.parse_chosen`).

    Runs in a spaCy memory zone: the words the batch adds to the vocabulary are dropped when it
    ends (records hold plain strings), so a worker's memory stays flat over millions of articles.
    """
    with load_nlp().memory_zone():
        analyses = [Analysis.of(a.text, doc) for a, doc in zip(batch, segment_many(a.text for a in batch))]
        mentions = [find_mentions(an, kb, a.date) for a, an in zip(batch, analyses)]
        parse_chosen(analyses, [_events.sentences_to_parse(an, m) | _quotes.sentences_to_parse(an)
                                for an, m in zip(analyses, mentions)])
        return [_code_one(article, analysis, found) for article, analysis, found in zip(batch, analyses, mentions)]


def _code_one(article: Article, analysis: Analysis, mentions: list[ActorMention]) -> Record:
    quotes = _quotes.extract_quotes(analysis, mentions)
    events = _events.extract_events(analysis, mentions, quotes, article)
    sentence_tone = [_tone.sentence_tone(s.text) for s in analysis.sents]
    classes = _learned.sentence_classes(analysis.parsed, events)
    return Record(
        id=article.id,
        external_id=article.external_id,
        date=article.date,
        dateline=article.dateline,
        source=article.source,
        title=article.title,
        events=events,
        quotes=quotes,
        actors=mentions,
        sentences=[
            Sentence(s.start_char, s.end_char, i in analysis.parsed, t, *classes.get(i, (None, None, None)))
            for i, (s, t) in enumerate(zip(analysis.sents, sentence_tone))
        ],
        topics=_topics.article_topics(article.text, events),
        tone=_tone.article_tone(sentence_tone, analysis),
    )
