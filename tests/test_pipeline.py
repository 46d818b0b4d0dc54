"""The ingest pipeline on real archives: Reuters-21578 stories, the seeds, a folder of bad input.

What must hold: every record ends in exactly one logged outcome; a process killed with SIGKILL
half-way leaves only whole articles, and running again ends in the same state as a run that was
never interrupted (with one worker or two); a re-ingest changes nothing; near-duplicates are
found across runs, stored with their original, and still coded.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

import pytest

from detente.ingest import Problem
from detente.pipeline import ingest
from detente.record import content_id
from detente.store import Store

N_STORIES = 40  # enough for a kill to land half-way, small enough for a quick suite

# Everything a store holds, minus what legitimately differs between runs (times, run ids).
_CONTENT = {
    "articles": "SELECT * FROM articles ORDER BY seq",
    "article_minhash": "SELECT * FROM article_minhash ORDER BY article_id",
    "sentences": "SELECT * FROM sentences ORDER BY article_id, idx",
    "actor_mentions": "SELECT * FROM actor_mentions ORDER BY article_id, idx",
    "events": "SELECT * FROM events ORDER BY article_id, idx",
    "quotes": "SELECT * FROM quotes ORDER BY article_id, idx",
}


def _content(db: Path) -> dict[str, list[tuple]]:
    with Store(db, readonly=True) as store:
        return {
            table: [
                tuple(v for k, v in dict(row).items() if k != "stored_at")
                for row in store.conn.execute(sql)
            ]
            for table, sql in _CONTENT.items()
        }


def _stories(shared: Path, tmp_path: Path) -> Path:
    """The first Reuters stories with text, plus a lightly edited copy of one (a near-duplicate)."""
    source = shared / "data" / "reuters21578" / "reuters21578.jsonl"
    if not source.exists():
        pytest.skip("Reuters-21578 JSON Lines not in the shared folder")
    rows = [json.loads(line) for line in islice(source.open(encoding="utf-8"), 80)]
    texts = {
        content_id(r["text"]): r for r in rows if len(r.get("text", "").split()) > 40
    }  # the wire
    rows = list(texts.values())[:N_STORIES]  # repeats itself: keep one copy of each text
    long = next(r for r in rows if len(r["text"].split()) > 250)
    words = long["text"].split()
    words[30], words[100] = "sharply", "officials"
    rows.append({**long, "id": long["id"] + "-update", "text": " ".join(words)})
    path = tmp_path / "stories.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _assert_consistent(db: Path) -> None:
    """Only whole articles: each stored one has its log line, signature, sentences, and indexes."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
        orphans = conn.execute(
            "SELECT count(*) FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM article_minhash m WHERE m.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM ingest_log l WHERE l.article_id = a.id"
            "                AND l.outcome IN ('stored', 'near-duplicate'))"
        ).fetchone()[0]
        assert orphans == 0
        for table in ("sentences", "actor_mentions", "events", "quotes"):
            assert (
                conn.execute(
                    f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                    "(SELECT 1 FROM articles a WHERE a.id = t.article_id)"
                ).fetchone()[0]
                == 0
            )


def _stored(db: Path) -> int:
    try:
        with Store(db, readonly=True) as store:
            return store.stats()["articles"]
    except (sqlite3.OperationalError, FileNotFoundError):  # not created yet
        return 0


def test_killed_ingest_resumes_to_the_same_state(shared, seeds, tmp_path):
    stories = _stories(shared, tmp_path)
    total = N_STORIES + 1 + 2  # stories, the edited copy, the two seed articles

    # A run that is never interrupted, with two coder processes.
    whole = tmp_path / "whole.db"
    summary = ingest([stories, seeds], whole, workers=2, progress=False)
    assert (summary.stored, summary.near_duplicates, summary.duplicates) == (total, 1, 0)
    assert summary.skipped == [] and summary.articles_read == total

    # The same input, killed with SIGKILL once a third of it is stored, then run again.
    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from detente.pipeline import ingest; "
            "ingest(sys.argv[1:3], sys.argv[3], progress=False, chunk_size=4)",
            str(stories),
            str(seeds),
            str(killed),
        ]
    )
    while _stored(killed) < total // 3 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _stored(killed)
    assert total // 3 <= before < total, "the kill must land half-way"
    _assert_consistent(killed)

    resumed = ingest([stories, seeds], killed, progress=False)
    assert resumed.already_present == before and resumed.stored == total - before
    _assert_consistent(killed)
    assert _content(killed) == _content(whole)

    # The near-duplicate: stored, coded, linked to its original.
    with Store(whole, readonly=True) as store:
        (near_id,) = store.conn.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NOT NULL"
        ).fetchone()
        near = store.article(near_id)
        assert near["external_id"].endswith("-update") and near["similarity"] >= 0.8
        original = store.article(near["duplicate_of"])
        assert original["external_id"] == near["external_id"].removesuffix("-update")
        assert len(near["sentences"]) > 5 and near["tone"] is not None
        assert store.stats()["near_duplicates"] == 1

    # A re-ingest changes nothing but the log, which records the run.
    again = ingest([stories, seeds], whole, progress=False)
    assert (again.stored, again.already_present, again.skipped) == (0, total, [])
    assert _content(whole) == _content(killed)
    with Store(whole, readonly=True) as store:
        outcomes = dict(
            store.conn.execute(
                "SELECT outcome, count(*) FROM ingest_log WHERE run_id = ? GROUP BY outcome",
                (again.run_id,),
            )
        )
    assert outcomes == {"already-present": total}


def test_bad_input_is_logged_and_the_rest_is_stored(shared, seeds, tmp_path):
    source = shared / "data" / "reuters21578" / "reuters21578.jsonl"
    if not source.exists():
        pytest.skip("Reuters-21578 JSON Lines not in the shared folder")
    good = [json.loads(line) for line in islice(source.open(encoding="utf-8"), 3)]
    bad = tmp_path / "bad"
    bad.mkdir()
    lines = [
        json.dumps(good[0]).encode(),
        json.dumps(
            {"id": "latin1", "date": "1987-03-02", "text": "Talks in Bogotá ended."},
            ensure_ascii=False,
        ).encode("latin-1"),
        b'{"id": "broken", "text": "the ministers',
        json.dumps({"id": "nodate", "text": good[1]["text"]}).encode(),
        json.dumps({"id": "month13", "date": "1987-13-45", "text": good[2]["text"]}).encode(),
        json.dumps({"id": "blank", "date": "1987-03-02", "text": "   "}).encode(),
        b'{"id": "huge", "date": "1987-03-02", "text": "' + b"war " * 13_000_000 + b'"}',
        json.dumps(good[0]).encode(),  # the same story again
    ]
    (bad / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (bad / "headlines.csv").write_text("headline,score\nTalks resume,3\n", encoding="utf-8")
    told: list[Problem] = []

    db = tmp_path / "bad.db"
    summary = ingest(
        [bad, seeds, tmp_path / "missing.jsonl"], db, progress=False, on_problem=told.append
    )
    assert summary.stored == 5 and summary.duplicates == 1 and summary.articles_read == 6
    reasons = {Path(origin).name: reason for origin, reason in summary.skipped}
    assert reasons["mixed.jsonl:2"].startswith("undecodable bytes")
    assert reasons["mixed.jsonl:3"].startswith("broken JSON")
    assert reasons["mixed.jsonl:6"] == "empty article"
    assert reasons["mixed.jsonl:7"].startswith("article too long: 52,000,0")
    assert reasons["headlines.csv"].startswith("no text column")
    assert reasons["missing.jsonl"] == "no such file or directory"
    assert len(summary.skipped) == 6
    assert {Path(o).name: r for o, r in summary.warnings} == {
        "mixed.jsonl:4": "no date",
        "mixed.jsonl:5": "impossible date '1987-13-45' (date left empty)",
    }
    # the user was told each problem as it happened, in reading order
    assert [(p.origin, p.reason) for p in told if not p.kept] == summary.skipped
    assert [(p.origin, p.reason) for p in told if p.kept] == summary.warnings

    _assert_consistent(db)
    with Store(db, readonly=True) as store:
        log = list(store.conn.execute("SELECT origin, outcome, reason FROM ingest_log ORDER BY id"))
        assert {Path(o).name: out for o, out, _ in log if "mixed" in o and out != "warning"} == {
            "mixed.jsonl:1": "stored",
            "mixed.jsonl:2": "skipped",
            "mixed.jsonl:3": "skipped",
            "mixed.jsonl:4": "stored",
            "mixed.jsonl:5": "stored",
            "mixed.jsonl:6": "skipped",
            "mixed.jsonl:7": "skipped",
            "mixed.jsonl:8": "duplicate",
        }
        warned = [(Path(o).name, out) for o, out, _ in log if out == "warning"]
        assert warned == [("mixed.jsonl:4", "warning"), ("mixed.jsonl:5", "warning")]
        undated = [a for a in store.articles() if a["date"] is None]
        assert sorted(a["external_id"] for a in undated) == ["month13", "nodate"]


def test_a_coder_failure_costs_one_article(seeds, tmp_path, monkeypatch):
    """A coder bug on one article is reported and skipped; the rest of its batch is stored."""
    from detente import pipeline

    real_code = pipeline.code

    def code_failing_on_minsk(article, **kw):
        if "Minsk" in article.text:
            raise RuntimeError("parser blew up")
        return real_code(article, **kw)

    def code_many_failing_on_minsk(articles, kb):
        return (code_failing_on_minsk(article, kb=kb) for article in articles)

    monkeypatch.setattr(pipeline, "code_many", code_many_failing_on_minsk)
    monkeypatch.setattr(pipeline, "code", code_failing_on_minsk)
    told: list[Problem] = []
    summary = ingest([seeds], tmp_path / "f.db", progress=False, on_problem=told.append)
    assert summary.stored == 1 and summary.articles_read == 2
    assert [(Path(o).name, r) for o, r in summary.skipped] == [
        ("000_25565999aa235f8f.txt:1", "coder failed: RuntimeError: parser blew up")
    ]
    assert told[0].reason.startswith("coder failed") and not told[0].kept
    with Store(tmp_path / "f.db", readonly=True) as store:
        assert [a["date"] for a in store.articles()] == ["2020-11-03"]
