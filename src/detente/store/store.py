"""The store: one SQLite file holding articles and everything coded from them.

Why SQLite (see docs/store.md): in WAL mode one writer (an ingest) and any number of readers (the
dashboard, ``detente events``) work on the same file at once, and FTS5 full-text search is built
in, so nothing has to be installed or downloaded.

Two rules shape this module:

* **One transaction per article.**  :meth:`Store.add` writes the article, its sentences, actor
  mentions, events, quotes and MinHash signature together or not at all, so a killed ingest never
  leaves half an article, and a re-run that skips ids already present resumes exactly.
* **Readers never wait.**  ``Store(path, readonly=True)`` opens the file read-only; under WAL it
  reads the last committed state while the writer goes on.

Filters are keyword arguments turned into SQL with bound parameters.  Event filters are those of
:class:`detente.analytics.query.EventFilter`, so a listing and a curve for the same question agree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from detente.analytics.query import EventFilter, actor_spec, iso_bound
from detente.record import Actor, Article, Record

SCHEMA_VERSION = "1"


class StoreMissing(FileNotFoundError):
    """A read-only store was asked for a file that does not exist (nothing ingested yet)."""


def _schema() -> str:
    return resources.files("detente.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a store made by an earlier détente up to the schema: columns added since are added
    (empty for the articles already stored), so old stores keep working."""
    for table, column, kind in (("sentences", "quad_class", "INTEGER"), ("sentences", "quad_model", "INTEGER"),
                                ("sentences", "quad_prob", "REAL")):
        if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


class Store:
    """A détente store file; use as a context manager so the connection is always closed."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.conn = self._connect_readonly() if readonly else self._connect_writer()
        self.conn.row_factory = sqlite3.Row

    def _connect_writer(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; add() opens its own BEGIN IMMEDIATE,
        # which takes the write lock up front instead of failing half-way on an upgrade.
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "PRAGMA synchronous=NORMAL"
        )  # WAL-safe: a crash loses at most the last commits
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(_schema())
        _add_missing_columns(conn)
        conn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
        )
        return conn

    def _connect_readonly(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise StoreMissing(f"no store at {self.path}")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        # check_same_thread=False: the HTTP server shares one reader across its worker threads,
        # which SQLite's default serialized threading mode makes safe.
        return sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=30.0, check_same_thread=False
        )

    # --- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested use joins the outer one (so add + log commit together)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.seq_of(article_id) is not None

    def seq_of(self, article_id: str) -> int | None:
        """The article's place in storage order (None: not stored); articles stored later have
        higher numbers, so an ingest can tell its own articles from earlier runs' ones."""
        row = self.conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def last_seq(self) -> int:
        """The storage number of the newest article (0 in an empty store)."""
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def add(
        self,
        article: Article,
        record: Record,
        *,
        duplicate_of: str | None = None,
        similarity: float | None = None,
        signature: bytes | None = None,
        coder_version: str | None = None,
    ) -> bool:
        """Store an article and its coding in one transaction; False if the id was already there.

        ``signature`` is the article's MinHash (``NearDuplicateIndex.to_bytes``) so that
        near-duplicate detection in later runs sees this article too.
        """
        if record.id != article.id:
            raise ValueError(f"record {record.id} does not belong to article {article.id}")
        with self.transaction():
            if self.has_article(article.id):
                return False
            self._insert_article(article, record, duplicate_of, similarity, coder_version)
            aid = article.id
            if signature is not None:
                self.conn.execute(
                    "INSERT INTO article_minhash(article_id, signature) VALUES (?, ?)",
                    (aid, signature),
                )
            self.conn.executemany(
                "INSERT INTO sentences(article_id, idx, start, end, parsed, tone, quad_class, quad_model, "
                "quad_prob) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (aid, i, s.start, s.end, int(s.parsed), s.tone, s.quad_class, s.quad_model, s.quad_prob)
                    for i, s in enumerate(record.sentences)
                ],
            )
            self.conn.executemany(
                "INSERT INTO actor_mentions(article_id, idx, start, end, text, code, country, "
                "sector, name, how) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (aid, i, m.start, m.end, m.text, m.code, m.country, m.sector, m.name, m.how)
                    for i, m in enumerate(record.actors)
                ],
            )
            self.conn.executemany(
                _INSERT_EVENT, [_event_row(aid, i, e) for i, e in enumerate(record.events)]
            )
            self.conn.executemany(
                _INSERT_QUOTE, [_quote_row(aid, i, q) for i, q in enumerate(record.quotes)]
            )
        return True

    def _insert_article(
        self,
        article: Article,
        record: Record,
        duplicate_of: str | None,
        similarity: float | None,
        coder_version: str | None,
    ) -> None:
        dateline = article.dateline or {}
        self.conn.execute(
            "INSERT INTO articles(id, external_id, date, title, source, dateline_place,"
            " dateline_source, dateline_text, url, text, meta, origin, duplicate_of, similarity,"
            " tone, topics, n_words, coder_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.external_id,
                article.date,
                article.title,
                article.source,
                dateline.get("place"),
                dateline.get("source"),
                dateline.get("text"),
                article.url,
                article.text,
                _json(article.meta),
                article.origin,
                duplicate_of,
                similarity,
                record.tone,
                _json(record.topics),
                len(article.text.split()),
                coder_version,
            ),
        )

    def log(
        self,
        run_id: str,
        origin: str,
        outcome: str,
        reason: str | None = None,
        article_id: str | None = None,
    ) -> None:
        """Record what happened to one input record (joins an open transaction, if any)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO ingest_log(run_id, origin, outcome, reason, article_id) "
                "VALUES (?,?,?,?,?)",
                (run_id, origin, outcome, reason, article_id),
            )

    def signatures(self, window_days: int | None = None) -> Iterator[tuple[str, bytes, str | None]]:
        """Stored MinHash signatures with their article's date, to rebuild the near-duplicate
        index of earlier runs: all, or those of undated articles and of articles published within
        ``window_days`` of the newest stored one."""
        sql = ("SELECT m.article_id, m.signature, a.date FROM article_minhash m "
               "JOIN articles a ON a.id = m.article_id")
        params: tuple[object, ...] = ()
        if window_days is not None:
            sql += " WHERE a.date IS NULL OR a.date >= date((SELECT max(date) FROM articles), ?)"
            params = (f"-{window_days} days",)
        for row in self.conn.execute(sql + " ORDER BY m.rowid", params):
            yield row[0], row[1], row[2]

    # --- reading ---------------------------------------------------------------------------------

    def events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Events with their article's date and title, oldest event date first.

        Filters are those of :class:`detente.analytics.query.EventFilter` (actor, source, target,
        dyad, direction, code, quad_class, start, end, article_id, unit), so that a listing agrees
        with the curves drawn for the same question, plus status (one status; default: all),
        root (CAMEO root code), duplicates (False: leave out near-duplicate articles), limit,
        offset.
        Bad codes or dates raise :class:`~detente.analytics.query.BadQuery` (a ValueError).
        """
        query = _Query(filters)
        query.add(query.event_filter(_EVENT_FIELDS + ("start", "end", "article_id", "unit")))
        query.equal("root", "e.cameo_root", lambda r: str(r).zfill(2))
        query.finish()
        sql = (
            "SELECT e.*, a.date AS article_date, a.title AS article_title, a.duplicate_of "
            "FROM events e JOIN articles a ON a.id = e.article_id"
            f"{query.where()} ORDER BY e.event_date, a.seq, e.idx{query.page()}"
        )
        yield from self._rows(sql, query)

    def quotes(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Quotes with their article's date and title, oldest article first.

        Filters: actor (the speaker: a code or country such as ``RUS``, or part of a name such as
        ``Lavrov``), kind, search (FTS5 over quote text and speaker name), start/end (article
        date), article_id, duplicates, limit, offset; and, to find what was said about something,
        the event filters (source, target, dyad, code, root, quad_class, status): quotes that
        share a sentence or overlap with a matching event.
        """
        query = _Query(filters)
        query.speaker()
        query.equal("kind", "q.kind")
        query.overlapping_events()
        query.search(
            "quotes_fts", "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :search)"
        )
        query.article_dates()
        query.equal("article_id", "q.article_id")
        query.finish()
        sql = (
            "SELECT q.*, a.date AS article_date, a.title AS article_title, a.duplicate_of "
            "FROM quotes q JOIN articles a ON a.id = q.article_id"
            f"{query.where()} ORDER BY a.date, a.seq, q.idx{query.page()}"
        )
        yield from self._rows(sql, query)

    def articles(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Articles without their full text, each with its event and quote counts.

        Filters: search (FTS5 over title and text; best match first, with a ``snippet`` where the
        words are marked [like this]), source, start/end (publication date), duplicates, limit,
        offset.
        """
        query = _Query(filters)
        searching = query.search("articles_fts", "articles_fts MATCH :search")
        query.equal("source", "a.source")
        query.article_dates()
        query.finish()
        snippet = ", snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet" if searching else ""
        join = " JOIN articles_fts ON articles_fts.rowid = a.seq" if searching else ""
        order = "articles_fts.rank" if searching else "a.date, a.seq"
        sql = (
            "SELECT a.id, a.external_id, a.date, a.title, a.source, a.dateline_place, a.origin,"
            " a.duplicate_of, a.similarity, a.tone, a.topics, a.n_words,"
            " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events,"
            " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes"
            f"{snippet} FROM articles a{join}{query.where()} ORDER BY {order}{query.page()}"
        )
        yield from self._rows(sql, query)

    def _rows(self, sql: str, query: _Query) -> Iterator[dict[str, Any]]:
        """Rows as dicts.  When FTS5 cannot parse the user's search as a query (``Lavrov's``, an
        unbalanced quote), each space-separated piece is searched for as a phrase instead."""
        try:
            cursor = self.conn.execute(sql, query.params)
        except sqlite3.OperationalError:
            if "search" not in query.params:
                raise
            pieces = query.params["search"].split()
            query.params["search"] = " ".join('"' + p.replace('"', '""') + '"' for p in pieces)
            cursor = self.conn.execute(sql, query.params)
        for row in cursor:
            yield _decoded(row)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its sentences, actor mentions, events and quotes (None if unknown)."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        found = _decoded(row)
        for table in ("sentences", "actor_mentions"):
            found[table] = [
                _decoded(r)
                for r in self.conn.execute(
                    f"SELECT * FROM {table} WHERE article_id = ? ORDER BY idx", (article_id,)
                )
            ]
        found["events"] = list(self.events(article_id=article_id))
        found["quotes"] = list(self.quotes(article_id=article_id))
        return found

    def stats(self) -> dict[str, Any]:
        """Counts of everything stored, the publication date range, and the ingest outcomes."""
        one = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles) AS articles,"
            " (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS near_duplicates,"
            " (SELECT count(*) FROM sentences) AS sentences,"
            " (SELECT count(*) FROM actor_mentions) AS actor_mentions,"
            " (SELECT count(*) FROM events) AS events,"
            " (SELECT count(*) FROM quotes) AS quotes,"
            " (SELECT min(date) FROM articles) AS first_date,"
            " (SELECT max(date) FROM articles) AS last_date"
        ).fetchone()
        outcomes = self.conn.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY outcome")
        return {**dict(one), "ingest_log": {o: n for o, n in outcomes}}


# --- rows ----------------------------------------------------------------------------------------

_EVENT_COLUMNS = (
    "article_id, idx, sentence, start, end, evidence, "
    "source_code, source_country, source_sector, source_name, source_text, "
    "target_code, target_country, target_sector, target_name, target_text, "
    "cameo, cameo_root, cameo_name, plover, quad_class, goldstein, status, event_date, date_basis, "
    "speaker_code, speaker_name, speaker_text, location, confidence, rule, trigger, topics"
)
_INSERT_EVENT = f"INSERT INTO events({_EVENT_COLUMNS}) VALUES ({', '.join('?' * 33)})"
_INSERT_QUOTE = (
    "INSERT INTO quotes(article_id, idx, sentence, start, end, text, kind, cue, speaker_code, "
    "speaker_country, speaker_sector, speaker_name, speaker_text, rule) "
    f"VALUES ({', '.join('?' * 14)})"
)


def _actor(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return (None,) * 5
    return actor.code, actor.country, actor.sector, actor.name, actor.text


def _event_row(article_id: str, idx: int, e: Any) -> tuple[Any, ...]:
    speaker = _actor(e.speaker)
    return (
        article_id,
        idx,
        e.sentence,
        e.evidence.start,
        e.evidence.end,
        e.evidence.text,
        *_actor(e.source),
        *_actor(e.target),
        e.cameo,
        e.cameo_root,
        e.cameo_name,
        e.plover,
        e.quad_class,
        e.goldstein,
        e.status,
        e.event_date,
        e.date_basis,
        speaker[0],
        speaker[3],
        speaker[4],
        e.location,
        e.confidence,
        e.rule,
        e.trigger,
        _json(e.topics),
    )


def _quote_row(article_id: str, idx: int, q: Any) -> tuple[Any, ...]:
    return (
        article_id,
        idx,
        q.sentence,
        q.start,
        q.end,
        q.text,
        q.kind,
        q.cue,
        *_actor(q.speaker),
        q.rule,
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _decoded(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a dict, with the JSON columns (topics, meta) read back into Python values."""
    found = dict(row)
    for key in ("topics", "meta"):
        if isinstance(found.get(key), str):
            found[key] = json.loads(found[key])
    return found


# --- filters -------------------------------------------------------------------------------------


_EVENT_FIELDS = ("actor", "source", "target", "dyad", "direction", "code", "quad_class", "status")


class _Query:
    """A WHERE clause with named parameters, built from keyword filters.

    Each method consumes the filters it understands; :meth:`finish` refuses any left over, so a
    misspelt filter is an error rather than a silently unfiltered answer.  Parameter names here
    start with ``q_`` so they never meet EventFilter's own.
    """

    def __init__(self, filters: dict[str, Any]) -> None:
        self.filters = {k: v for k, v in filters.items() if v is not None}
        self.clauses: list[str] = []
        self.params: dict[str, Any] = {}
        self.limit: int | None = None
        self.offset = 0

    def take(self, *names: str) -> dict[str, Any]:
        return {n: self.filters.pop(n) for n in names if n in self.filters}

    def add(self, clause: str | None, **params: Any) -> None:
        if clause:
            self.clauses.append(clause)
            self.params.update(params)

    def event_filter(self, fields: tuple[str, ...]) -> str | None:
        """The condition on events ``e`` for the given filters, or None when none was given."""
        wanted = self.take(*fields)
        if not wanted:
            return None
        if "status" in wanted:
            wanted["statuses"] = (wanted.pop("status"),)
        if "dyad" in wanted:
            wanted["dyad"] = tuple(wanted["dyad"])
        where, params = EventFilter(**{"statuses": None, **wanted}).validated().where()
        self.params.update(params)
        return where

    def overlapping_events(self) -> None:
        """Quotes sharing a sentence, or overlapping in the text, with an event that matches."""
        root = self.take("root").get("root")
        condition = self.event_filter(_EVENT_FIELDS[1:])
        if root is not None:
            condition = f"{condition or '1'} AND e.cameo_root = :q_root"
            self.params["q_root"] = str(root).zfill(2)
        self.add(
            condition
            and (
                "EXISTS (SELECT 1 FROM events e WHERE e.article_id = q.article_id AND"
                " (e.sentence = q.sentence OR (e.start < q.end AND e.end > q.start))"
                f" AND {condition})"
            )
        )

    def speaker(self) -> None:
        """A code or country (as in EventFilter) when written in capitals, else part of a name."""
        value = self.take("actor").get("actor")
        if value is None:
            return
        value = str(value).strip()
        if value.isupper():
            spec = actor_spec(value)
            self.add(
                "(q.speaker_country = :q_speaker OR q.speaker_code GLOB :q_speaker_glob)",
                q_speaker=spec,
                q_speaker_glob=spec + "*",
            )
        else:
            self.add(
                "q.speaker_name LIKE :q_speaker ESCAPE '\\'", q_speaker=f"%{_like_escape(value)}%"
            )

    def equal(self, name: str, column: str, convert: Any = str) -> None:
        value = self.take(name).get(name)
        if value is not None:
            self.add(f"{column} = :q_{name}", **{f"q_{name}": convert(value)})

    def article_dates(self) -> None:
        """Publication date range, partial dates allowed (``2017`` = the whole year)."""
        bounds = self.take("start", "end")
        start, end = iso_bound(bounds.get("start")), iso_bound(bounds.get("end"), upper=True)
        self.add(start and "a.date >= :q_start", q_start=start)
        self.add(end and "a.date <= :q_end", q_end=end)

    def search(self, table: str, clause: str) -> bool:
        """A full-text condition on ``table``; True when there is one."""
        value = self.take("search").get("search")
        if not value or not str(value).strip():
            return False
        self.add(clause, search=str(value))
        return True

    def finish(self) -> None:
        """duplicates, limit and offset; then refuse any filter no method consumed."""
        rest = self.take("duplicates", "limit", "offset")
        if rest.get("duplicates") is False:
            self.add("a.duplicate_of IS NULL")
        self.limit, self.offset = rest.get("limit"), int(rest.get("offset") or 0)
        if self.filters:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(self.filters))}")

    def where(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""

    def page(self) -> str:
        if self.limit is None and not self.offset:
            return ""
        self.params.update(
            q_limit=-1 if self.limit is None else int(self.limit), q_offset=self.offset
        )
        return " LIMIT :q_limit OFFSET :q_offset"


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
