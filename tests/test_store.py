"""The store on the seed articles, with hand-built coding: what goes in comes out, filters select
what they say, a re-add changes nothing, and readers in this process keep working while a writer
in another process holds the write lock or is killed in the middle of a transaction.

The coding is written by hand (the coder has its own tests) so these tests pin the store alone.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from detente.analytics.query import BadQuery
from detente.ingest import read_articles
from detente.record import Actor, ActorMention, Article, Event, Evidence, Quote, Record, Sentence
from detente.store import Store, StoreMissing

LAVROV = Actor("Russia’s top diplomat Sergey Lavrov", "RUSGOV", "RUS", "GOV", "Sergey Lavrov")
MOGHERINI = Actor(
    "EU foreign policy chief Federica Mogherini", "IGOEUREEC", "IGO", "GOV", "Federica Mogherini"
)
MOSCOW = Actor("Moscow", "RUS", "RUS", None, None)
EU = Actor("the European Union", "IGOEUREEC", "IGO", None, "European Union")


def _span(article: Article, phrase: str) -> tuple[int, int]:
    start = article.text.index(phrase)
    return start, start + len(phrase)


def _event(
    article: Article,
    phrase: str,
    source: Actor,
    target: Actor,
    cameo: str,
    status: str,
    date: str,
    quad: int,
) -> Event:
    start, end = _span(article, phrase)
    sentence = article.text.count("\n\n", 0, start)  # one sentence per paragraph is enough here
    return Event(
        sentence,
        Evidence(start, end, phrase),
        source,
        target,
        cameo,
        cameo[:2],
        f"CAMEO {cameo}",
        None,
        quad,
        1.0 if quad < 3 else -4.0,
        status,
        date,
        "explicit",
        None,
        None,
        0.8,
        "test",
    )  # type: ignore[arg-type]


def _quote(article: Article, phrase: str, speaker: Actor | None, kind: str = "direct") -> Quote:
    start, end = _span(article, phrase)
    return Quote(
        start, end, phrase, kind, "said", speaker, article.text.count("\n\n", 0, start), "test"
    )


def _record(article: Article, events: list[Event], quotes: list[Quote]) -> Record:
    paragraphs, start = [], 0
    for part in article.text.split("\n\n"):
        paragraphs.append(Sentence(start, start + len(part), True, 0.1))
        start += len(part) + 2
    mentions = [
        ActorMention(
            e.source.text,
            e.source.code,
            e.source.country,
            e.source.sector,
            e.source.name,
            e.evidence.start,
            e.evidence.start + len(e.source.text),
        )
        for e in events
        if e.source and e.source.code and article.text.startswith(e.source.text, e.evidence.start)
    ]
    return Record(
        article.id,
        article.external_id,
        article.date,
        article.dateline,
        article.source,
        article.title,
        events,
        quotes,
        mentions,
        paragraphs,
        ["diplomacy"],
        -0.2,
    )


@pytest.fixture()
def coded(seeds) -> list[tuple[Article, Record]]:
    """The two seed articles with a few events and quotes a human coder would mark."""
    first, second = read_articles([seeds])
    first_events = [
        _event(
            first,
            "Russia’s top diplomat Sergey Lavrov and EU foreign policy chief Federica Mogherini "
            "will discuss",
            LAVROV,
            MOGHERINI,
            "036",
            "future",
            "2017-07-11",
            1,
        ),
        _event(
            first,
            "Moscow has no intentions to discuss the conditions for the lifting of sanctions",
            MOSCOW,
            EU,
            "125",
            "asserted",
            "2017-07",
            3,
        ),
        _event(
            first,
            "In 2014, the European Union and the United States imposed sanctions on Moscow",
            EU,
            MOSCOW,
            "163",
            "historical",
            "2014",
            4,
        ),
    ]
    second_events = [
        _event(
            second,
            "Moscow will not make unilateral gestures of goodwill to the European Union",
            MOSCOW,
            EU,
            "124",
            "asserted",
            "2020-11-03",
            3,
        ),
    ]
    first_quotes = [
        _quote(first, "We have no intentions to discuss the conditions for their lifting.", None),
        _quote(
            first,
            "We welcome the tendency towards the EU’s growing interest in dialogue with Russia.",
            None,
        ),
    ]
    second_quotes = [
        _quote(
            second,
            "Moscow will not make unilateral gestures of goodwill to the European Union as EU "
            "countries should understand that dialogue is only possible when it’s honest",
            LAVROV,
            "indirect",
        ),
        _quote(second, "We don’t mind waiting for it to happen,", LAVROV),
    ]
    return [
        (first, _record(first, first_events, first_quotes)),
        (second, _record(second, second_events, second_quotes)),
    ]


def _count(rows) -> int:
    return len(list(rows))


def test_write_read_and_filters(coded, tmp_path):
    db = tmp_path / "s.db"
    (first, first_rec), (second, second_rec) = coded
    with Store(db) as store:
        assert store.add(first, first_rec, signature=b"\x01" * 8, coder_version="test")
        assert store.add(second, second_rec, duplicate_of=first.id, similarity=0.81)
        before = store.stats()
        assert not store.add(second, second_rec), "re-adding an id must change nothing"
        assert store.stats() == before
        assert store.has_article(first.id) and not store.has_article("0" * 16)
        store.log("run", "seeds/000.txt:1", "stored", None, first.id)
        assert list(store.signatures()) == [(first.id, b"\x01" * 8, first.date)]  # 2017-07-10
        assert list(store.signatures(30)) == []  # older than 30 days before the newest (2020-11)
        with pytest.raises(ValueError):
            store.add(first, second_rec)  # a record must belong to its article

    with Store(db, readonly=True) as store:
        stats = store.stats()
        assert {k: stats[k] for k in ("articles", "near_duplicates", "events", "quotes")} == {
            "articles": 2,
            "near_duplicates": 1,
            "events": 4,
            "quotes": 4,
        }
        assert stats["ingest_log"] == {"stored": 1} and stats["first_date"] == "2017-07-10"

        # the whole article comes back, offsets pointing at the evidence
        full = store.article(first.id)
        assert (
            full["dateline_place"] == "MOSCOW"
            and full["source"] == "TASS"
            and full["topics"] == ["diplomacy"]
        )
        assert full["external_id"].startswith("000_") and full["coder_version"] == "test"
        assert len(full["events"]) == 3 and len(full["sentences"]) == len(first_rec.sentences)
        for e in full["events"]:
            assert full["text"][e["start"] : e["end"]] == e["evidence"]
        assert full["actor_mentions"][0]["name"] == "Sergey Lavrov"
        assert store.article("0" * 16) is None

        # events: actors by country or code prefix, either side; dyads in both directions
        assert _count(store.events(actor="RUS")) == 4
        assert _count(store.events(source="RUS")) == 3 and _count(store.events(target="RUS")) == 1
        assert (
            _count(store.events(dyad=("RUS", "IGO")))
            == 4
            == _count(store.events(dyad=("IGOEUREEC", "RUS")))
        )
        assert _count(store.events(actor="RUSGOV")) == 1 and _count(store.events(actor="USA")) == 0
        # CAMEO prefix, root, status, quad class
        assert {e["cameo"] for e in store.events(code="12")} == {"124", "125"}
        assert [e["cameo"] for e in store.events(root=16)] == ["163"]
        assert [e["cameo"] for e in store.events(status="future")] == ["036"]
        assert _count(store.events(quad_class=3)) == 2
        # date ranges, partial dates on both sides; the event date is when it happened
        assert [e["cameo"] for e in store.events(end="2016")] == ["163"]
        assert {e["cameo"] for e in store.events(start="2017-07", end="2017-07")} == {"036", "125"}
        assert [e["cameo"] for e in store.events(start="2020")] == ["124"]
        # oldest first; paging; one article; leaving out near-duplicates
        assert [e["event_date"] for e in store.events()] == [
            "2014",
            "2017-07",
            "2017-07-11",
            "2020-11-03",
        ]
        assert [e["cameo"] for e in store.events(limit=2, offset=1)] == ["125", "036"]
        assert _count(store.events(article_id=second.id)) == 1
        assert _count(store.events(duplicates=False)) == 3
        assert next(store.events(article_id=second.id))["duplicate_of"] == first.id

        # quotes: speaker by name or code, full-text search (also on words FTS5 cannot parse),
        # and quotes about an event (same sentence or overlapping span)
        assert _count(store.quotes(actor="Lavrov")) == 2 == _count(store.quotes(actor="RUS"))
        assert _count(store.quotes(search="goodwill")) == 1
        assert _count(store.quotes(search="don’t mind")) == 1
        assert _count(store.quotes(search='"unbalanced')) == 0
        assert [q["text"] for q in store.quotes(code="124")] == [second_rec.quotes[0].text]
        assert _count(store.quotes(dyad=("IGO", "RUS"), start="2017", end="2017")) == 0
        assert _count(store.quotes(start="2020-11-03", kind="direct")) == 1

        # articles: full-text search, best match first, with the words marked
        found = list(store.articles(search="sanctions Minsk"))
        assert [a["id"] for a in found] == [first.id] and "[Minsk]" in found[0]["snippet"]
        assert [a["n_events"] for a in store.articles()] == [3, 1]
        assert _count(store.articles(search="Lavrov's")) == 0  # no "Lavrov's" in either text
        assert _count(store.articles(search="Lavrov", start="2020")) == 1
        assert _count(store.articles(source="TASS", duplicates=False)) == 1

        with pytest.raises(TypeError, match="unknown filter"):
            list(store.events(speaker="RUS"))
        with pytest.raises(BadQuery):
            list(store.events(code="twelve"))
        with pytest.raises(BadQuery):
            list(store.events(start="2017-13"))

        # the read-only connection cannot write
        with pytest.raises(Exception, match="readonly"):
            store.conn.execute("DELETE FROM articles")

    with pytest.raises(StoreMissing):
        Store(tmp_path / "missing.db", readonly=True)


_WRITER = textwrap.dedent("""
    import json
    import sys
    from detente.record import Article, Record
    from detente.store import Store
    article = Article.from_dict(json.loads(sys.argv[2]))
    record = Record.from_dict(json.loads(sys.argv[3]))
    with Store(sys.argv[1]) as store, store.transaction():
        store.add(article, record)
        print("in transaction", flush=True)
        sys.stdin.readline()          # hold the write lock until the test says so
    print("committed", flush=True)
    sys.stdin.readline()
""")


def _writer(db: Path, article: Article, record: Record) -> subprocess.Popen:
    """A writer process that has added ``article`` inside a transaction it has not committed."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _WRITER,
            str(db),
            json.dumps(article.to_dict()),
            json.dumps(record.to_dict()),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "in transaction"
    return proc


def test_readers_work_while_another_process_writes_or_dies(coded, tmp_path):
    db = tmp_path / "s.db"
    (first, first_rec), (second, second_rec) = coded
    with Store(db) as store:
        store.add(first, first_rec)

    # A writer in another process holds the write lock: readers see the last commit, unblocked.
    writer = _writer(db, second, second_rec)
    with Store(db, readonly=True) as reader:
        assert [a["id"] for a in reader.articles()] == [first.id]
        assert _count(reader.events()) == 3
        writer.stdin.write("commit\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "committed"
        assert [a["id"] for a in reader.articles()] == [first.id, second.id]
        assert _count(reader.articles(search="goodwill")) == 1
    writer.stdin.close()
    assert writer.wait() == 0

    # A writer killed inside its transaction leaves nothing of the article behind.
    with Store(db) as store:
        store.conn.execute("DELETE FROM articles WHERE id = ?", (second.id,))
    writer = _writer(db, second, second_rec)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with Store(db, readonly=True) as reader:
        assert reader.stats()["articles"] == 1 and reader.stats()["events"] == 3
        assert _count(reader.quotes(article_id=second.id)) == 0
        assert _count(reader.articles(search="goodwill")) == 0
    with Store(db) as store:  # the next writer recovers the file and can store the article
        assert store.add(second, second_rec)
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        store.conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
