"""Stores for the analytics, API and browser tests, built through ``Store.add`` like an ingest.

Two sources of records:

* :func:`hand_coded` — the bundled sample articles and the two seed articles, with events and
  quotes coded by hand (:data:`EVENTS`, :data:`QUOTES`) on their real sentences.  Offsets, sentence
  indices and actor mentions are derived from the text, so every finding points at real evidence,
  and tests can assert exact counts.
* :func:`coded_reuters` — a slice of Reuters-21578 coded by the real coder, for the browser test's
  end-to-end view.  It needs ../shared.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.events.cameo import cameo
from detente.ingest.readers import read_articles
from detente.nlp import segment
from detente.record import Actor, ActorMention, Article, Event, Evidence, Quote, Record, Sentence
from detente.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "detente" / "sample" / "articles.jsonl"

# code -> (country, sector, name, surface forms found in the text)
ACTORS: dict[str, tuple[str | None, str | None, str | None, tuple[str, ...]]] = {
    "RUS": ("RUS", None, "Russia", ("Russia", "Moscow")),
    "RUSGOV": ("RUS", "GOV", "Russian government",
               ("Russian Foreign Ministry", "Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov",
                "Lavrov", "Kremlin", "Vladimir Putin", "Russian President Vladimir Putin")),
    "IGOEUREEC": (None, None, "European Union",
                  ("European Union", "EU", "Federica Mogherini", "Mogherini", "Josep Borrell", "Borrell",
                   "Brussels")),
    "USA": ("USA", None, "United States", ("United States", "Washington", "U.S.")),
    "USAGOV": ("USA", "GOV", "United States government",
               ("George Shultz", "Shultz", "Ronald Reagan", "President Ronald Reagan")),
    "SUN": ("SUN", None, "Soviet Union", ("Soviet Union", "Moscow", "Soviet")),
    "SUNGOV": ("SUN", "GOV", "Soviet government",
               ("Soviet Foreign Ministry", "Eduard Shevardnadze", "Shevardnadze", "Mikhail Gorbachev",
                "Gorbachev")),
    "UKR": ("UKR", None, "Ukraine", ("Ukraine", "Kiev")),
    "UKRGOV": ("UKR", "GOV", "Ukrainian government", ("Petro Poroshenko", "Ukrainian President Petro Poroshenko")),
    "DEU": ("DEU", None, "Germany", ("Germany",)),
    "POL": ("POL", None, "Poland", ("Poland",)),
    "SWE": ("SWE", None, "Sweden", ("Sweden",)),
}

SEED_1 = "000_25565999aa235f8f.txt"
SEED_2 = "001_dd166fc27a0277c8.txt"

# (article, evidence, source, target, CAMEO, status, event date or None for the publication date)
EVENTS: list[tuple[str, str, str, str, str, str, str | None]] = [
    ("sample-01", "The European Union imposed travel bans and asset freezes on Russian officials",
     "IGOEUREEC", "RUSGOV", "163", "asserted", "2014-03-17"),
    ("sample-01", "Russia condemned the decision", "RUS", "IGOEUREEC", "111", "asserted", None),
    ("sample-01", "warned that Moscow would respond", "RUSGOV", "IGOEUREEC", "130", "asserted", None),
    ("sample-02", "The European Union agreed on Tuesday to impose economic sanctions on Russia",
     "IGOEUREEC", "RUS", "163", "asserted", "2014-07-29"),
    ("sample-02", "The United States also expanded its sanctions on Russian companies",
     "USA", "RUS", "163", "asserted", "2014-07-29"),
    ("sample-02", "Russian President Vladimir Putin criticized the measures", "RUSGOV", "IGOEUREEC", "111",
     "asserted", None),
    ("sample-02", "Russia would not bow to pressure", "RUS", "IGOEUREEC", "080", "negated", None),
    ("sample-03", "The leaders of Russia, Ukraine, France and Germany agreed on Thursday on a ceasefire",
     "RUS", "UKR", "0871", "asserted", None),
    ("sample-03", "Ukrainian President Petro Poroshenko accused Russia of making unacceptable demands",
     "UKRGOV", "RUS", "112", "asserted", None),
    ("sample-04", "EU foreign ministers agreed on Monday on five guiding principles for relations with Russia",
     "IGOEUREEC", "RUS", "030", "asserted", None),
    ("sample-04", "We remain ready to cooperate with Russia", "IGOEUREEC", "RUS", "030", "asserted", None),
    ("sample-04", "Russian Foreign Minister Sergey Lavrov rejected the principles", "RUSGOV", "IGOEUREEC",
     "120", "asserted", None),
    ("sample-05", "EU foreign policy chief Federica Mogherini met Russian Foreign Minister Sergey Lavrov in Moscow",
     "IGOEUREEC", "RUSGOV", "042", "asserted", None),
    ("sample-05", "Lavrov praised the EU's support for the Iran nuclear agreement", "RUSGOV", "IGOEUREEC",
     "051", "asserted", None),
    ("sample-05", "Russia was ready to cooperate with the European Union on counter-terrorism",
     "RUS", "IGOEUREEC", "030", "asserted", None),
    ("sample-06", "more than a dozen European Union countries expelled Russian diplomats",
     "IGOEUREEC", "RUS", "161", "asserted", None),
    ("sample-06", "The United States and more than a dozen European Union countries expelled Russian diplomats",
     "USA", "RUS", "161", "asserted", None),
    ("sample-06", "The Russian Foreign Ministry called the expulsions a provocative gesture",
     "RUSGOV", "IGOEUREEC", "111", "asserted", None),
    ("sample-06", "said Russia would retaliate", "RUS", "IGOEUREEC", "130", "asserted", None),
    ("sample-07", "European Union leaders agreed on Thursday to extend economic sanctions against Russia",
     "IGOEUREEC", "RUS", "163", "asserted", None),
    ("sample-07", "Moscow said the decision was regrettable", "RUS", "IGOEUREEC", "111", "asserted", None),
    ("sample-07", "The EU said it remained open to dialogue with Russia", "IGOEUREEC", "RUS", "036",
     "asserted", None),
    ("sample-08", "The European Union imposed sanctions on six Russian officials on Thursday",
     "IGOEUREEC", "RUSGOV", "163", "asserted", None),
    ("sample-08", "accused the EU of abandoning dialogue", "RUSGOV", "IGOEUREEC", "112", "asserted", None),
    ("sample-08", "Moscow would respond in kind", "RUS", "IGOEUREEC", "130", "asserted", None),
    ("sample-08", "We will not make concessions under pressure", "RUSGOV", "IGOEUREEC", "080", "negated", None),
    ("sample-09", "Russia expelled diplomats from Germany", "RUS", "DEU", "161", "asserted", None),
    ("sample-09", "Borrell condemned the decision", "IGOEUREEC", "RUS", "111", "asserted", None),
    ("sample-09", "Lavrov called the European Union an unreliable partner", "RUSGOV", "IGOEUREEC", "111",
     "asserted", None),
    ("sample-10", "U.S. Secretary of State George Shultz met Soviet Foreign Minister Eduard Shevardnadze in Moscow",
     "USAGOV", "SUNGOV", "042", "asserted", "1987-04-14"),
    ("sample-10", "Soviet leader Mikhail Gorbachev welcomed the talks", "SUNGOV", "USA", "051", "asserted", None),
    ("sample-11", "The United States and the Soviet Union agreed in principle on Friday to sign a treaty",
     "USA", "SUN", "057", "asserted", None),
    ("sample-11", "he would meet Gorbachev later this year", "USAGOV", "SUNGOV", "036", "future", "1987"),
    ("sample-11", "The Soviet Union criticized U.S. plans for space-based missile defence", "SUN", "USA", "111",
     "asserted", None),
    ("sample-12", "The United States accused the Soviet Union on Wednesday of violating the 1972 anti-ballistic",
     "USA", "SUN", "112", "asserted", None),
    ("sample-12", "The Soviet Foreign Ministry rejected the accusation", "SUNGOV", "USA", "120", "asserted", None),
    ("sample-12", "Moscow would not discuss the radar", "SUN", "USA", "036", "negated", None),
    (SEED_1, "Lavrov and EU foreign policy chief Federica Mogherini will discuss", "RUSGOV", "IGOEUREEC",
     "036", "future", "2017-07-11"),
    (SEED_1, "Mogherini visited Moscow on April 24", "IGOEUREEC", "RUS", "042", "historical", "2017-04-24"),
    (SEED_1, "We welcome the tendency towards the EU’s growing interest in dialogue", "RUSGOV", "IGOEUREEC",
     "051", "asserted", None),
    (SEED_1, "Moscow has no intentions to discuss the conditions for the lifting of sanctions", "RUS",
     "IGOEUREEC", "125", "asserted", None),
    (SEED_1, "sanctions remain the main irritant", "RUSGOV", "IGOEUREEC", "111", "asserted", None),
    (SEED_1, "by extending sanctions on Russia once again, the EU", "IGOEUREEC", "RUS", "163", "reported", None),
    (SEED_1, "In 2014, the European Union and the United States imposed sanctions on Moscow", "IGOEUREEC", "RUS",
     "163", "historical", "2014"),
    (SEED_2, "Moscow will not make unilateral gestures of goodwill to the European Union", "RUS", "IGOEUREEC",
     "124", "asserted", None),
    (SEED_2, "we also remain open to dialogue with the EU", "RUSGOV", "IGOEUREEC", "036", "asserted", None),
]

# (article, quoted text, speaker code, speaker name)
QUOTES: list[tuple[str, str, str, str | None]] = [
    ("sample-03", "There is still a lot of work to do", "DEUGOV", "Angela Merkel"),
    ("sample-04", "We remain ready to cooperate with Russia where our interests meet", "IGOEUREEC", None),
    ("sample-05", "We have differences, but we agreed to keep channels of dialogue open", "IGOEUREEC",
     "Federica Mogherini"),
    ("sample-06", "We will not leave this unanswered", "RUSGOV", None),
    ("sample-07", "The sanctions harm European businesses as much as anyone", "RUSGOV", None),
    ("sample-08", "We will not make concessions under pressure", "RUSGOV", "Sergey Lavrov"),
    ("sample-10", "We made progress, and we agreed to continue the negotiations in Geneva", "USAGOV",
     "George Shultz"),
    (SEED_2, "There will be no unilateral gestures of goodwill on our part", "RUSGOV", "Sergey Lavrov"),
    (SEED_2, "The cynicism is off the scale", "RUSGOV", "Sergey Lavrov"),
    (SEED_2, "European media outlets continue a large-scale anti-Russian campaign", "RUSGOV", "Sergey Lavrov"),
]

RULE = "hand-coded:test-fixture"


def sample_articles(seeds: Path | None) -> list[Article]:
    """The bundled samples, then the seed articles when ../shared is there (ids = their keys)."""
    articles = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        articles.append(Article(text=d["text"], date=d["date"], external_id=d["id"], title=d["title"],
                                source=d["source"], dateline={"place": d["dateline"]}))
    if seeds is not None:
        for name in (SEED_1, SEED_2):
            for item in read_articles(seeds / name):
                assert isinstance(item, Article), item
                item.external_id, item.source = name, "TASS"
                articles.append(item)
    return articles


def _actor(code: str, text: str | None = None) -> Actor:
    country, sector, name, _ = ACTORS.get(code, (code[:3], code[3:] or None, None, ()))
    return Actor(text or name or code, code, country, sector, name)


def _surface(code: str, sentence: str) -> str | None:
    """The longest surface form of an actor in a sentence (what a dictionary coder would match)."""
    forms = sorted(ACTORS.get(code, (None, None, None, ()))[3], key=len, reverse=True)
    return next((f for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", sentence)), None)


def _mentions(text: str) -> list[ActorMention]:
    """Every dictionary surface form in the text, longest match first, no overlaps."""
    found: list[ActorMention] = []
    taken: set[int] = set()
    forms = sorted(((f, code) for code, (_, _, _, fs) in ACTORS.items() for f in fs), key=lambda x: -len(x[0]))
    for form, code in forms:
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            if taken.isdisjoint(range(m.start(), m.end())):
                taken.update(range(m.start(), m.end()))
                country, sector, name, _ = ACTORS[code]
                found.append(ActorMention(form, code, country, sector, name, m.start(), m.end()))
    return sorted(found, key=lambda m: m.start)


def _record(article: Article) -> Record:
    doc = segment(article.text)
    sents = [Sentence(s.start_char, s.end_char, False) for s in doc.sents]
    key = article.external_id
    events = [_event(article, sents, *row[1:]) for row in EVENTS if row[0] == key]
    quotes = [_quote(article, sents, *row[1:]) for row in QUOTES if row[0] == key]
    return Record(id=article.id, external_id=key, date=article.date, dateline=article.dateline,
                  source=article.source, title=article.title, events=events, quotes=quotes,
                  actors=_mentions(article.text), sentences=sents, topics=_topics(article.text),
                  tone=-0.2 if any(e.quad_class >= 3 for e in events) else 0.2)


def _topics(text: str) -> list[str]:
    words = {"sanctions": "sanctions", "Ukraine": "Ukraine", "missile": "arms control", "dialogue": "diplomacy"}
    return sorted({topic for word, topic in words.items() if word in text})


def _sentence_of(sents: list[Sentence], start: int) -> int:
    return next(i for i, s in enumerate(sents) if s.start <= start < s.end)


def _event(article: Article, sents: list[Sentence], evidence: str, src: str, tgt: str, code: str,
           status: str, when: str | None) -> Event:
    start = article.text.index(evidence)
    i = _sentence_of(sents, start)
    sentence = article.text[sents[i].start:sents[i].end]
    c = cameo(code)
    return Event(
        sentence=i, evidence=Evidence(start, start + len(evidence), evidence),
        source=_actor(src, _surface(src, sentence)), target=_actor(tgt, _surface(tgt, sentence)),
        cameo=code, cameo_root=c.root, cameo_name=c.name, plover=c.plover, quad_class=c.quad_class,
        goldstein=c.goldstein, status=status,  # type: ignore[arg-type]
        event_date=when or article.date or "", date_basis="explicit" if when else "publication",
        speaker=None, location=None, confidence=1.0, rule=RULE, topics=_topics(sentence),
        trigger=evidence.split()[min(2, len(evidence.split()) - 1)])


def _quote(article: Article, sents: list[Sentence], text: str, code: str, name: str | None) -> Quote:
    start = article.text.index(text)
    speaker = Actor(name or code, code, code[:3], code[3:] or None, name)
    return Quote(start, start + len(text), text, "direct", "said", speaker, _sentence_of(sents, start), RULE)


def hand_coded(seeds: Path | None) -> Iterator[tuple[Article, Record]]:
    for article in sample_articles(seeds):
        yield article, _record(article)


DIPLOMATS = re.compile(r"Gorbachev|Shevardnadze|Shultz")


def coded_reuters(reuters: Path, n: int) -> Iterator[tuple[Article, Record]]:
    """The first ``n`` Reuters stories naming the 1987 US/Soviet diplomats, coded by the real coder."""
    from detente.coder import code_many

    chosen = (a for a in read_articles(reuters) if isinstance(a, Article) and DIPLOMATS.search(a.text))
    articles = list(itertools.islice(chosen, n))
    yield from zip(articles, code_many(articles))


def build(path: Path, pairs: Iterable[tuple[Article, Record]]) -> Path:
    """Write records into a new store through the store's own writer."""
    with Store(path) as store:
        for article, record in pairs:
            if not store.has_article(article.id):
                store.add(article, record)
    return path
