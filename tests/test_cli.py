"""The command line on the seed articles: code to stdout, ingest into a store, list what it holds.

The commands are thin, so these tests check the contract a user and a script rely on: the output
formats parse, the filters reach the store, problems are one line each on stderr, and the exit
status says whether anything could be read.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.record import Record

LEAD = (
    "Moscow will not make unilateral gestures of goodwill to the European Union as EU countries "
    "should understand that dialogue is only possible when it’s honest, Russian Foreign Minister "
    "Sergey Lavrov said in an interview with the Kommersant daily."
)


def _run(*args: str, input: str | None = None, code: int = 0):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_code_prints_one_record_per_article(seeds, nlp):
    result = _run("code", str(seeds))
    records = [Record.from_dict(json.loads(line)) for line in result.stdout.splitlines()]
    assert [r.date for r in records] == ["2017-07-10", "2020-11-03"]
    assert records[1].dateline["source"] == "TASS" and records[1].events and records[1].quotes
    refusal = [
        e
        for e in records[1].events
        if e.cameo_root == "12" and e.evidence.text.startswith("Moscow will not")
    ]
    assert refusal and refusal[0].source.country == "RUS"

    # stdin, plain text: coded, with the missing date reported on stderr
    result = _run("code", "-", input=f"date 2020-11-03 MOSCOW, November 3. /TASS/. {LEAD}\n")
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["date"] == "2020-11-03" and record["dateline"]["place"] == "MOSCOW"
    result = _run("code", input=LEAD)
    assert json.loads(result.stdout)["date"] is None
    assert result.stderr.strip() == "<stdin>:1: no date"

    result = _run("code", "missing.txt", code=1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "missing.txt: no such file or directory (skipped)",
        "Error: no article could be read",
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared) -> Path:
    """The seeds plus a file of bad lines, ingested through the command line."""
    folder = tmp_path_factory.mktemp("cli")
    bad = folder / "bad.jsonl"
    bad.write_bytes(
        b'{"text": "broken\n'
        + json.dumps({"date": "2020-11-03", "text": "  "}).encode()
        + b"\n"
        + json.dumps({"id": "lead", "text": LEAD}).encode()
        + b"\n"
    )
    db = folder / "seeds.db"
    result = _run("ingest", str(shared / "seeds"), str(bad), "--db", str(db), "--no-progress")
    assert result.stdout.splitlines() == [
        f"{db}: 3 stored (0 near-duplicates), 0 duplicates, 0 already present, 2 skipped, "
        "1 warnings",
        "  skipped: 1 × broken JSON",
        "  skipped: 1 × empty article",
        "  warnings: 1 × no date",
    ]
    assert result.stderr.splitlines() == [
        f"{bad}:1: broken JSON: Unterminated string starting at: line 1 column 10 (char 9)"
        " (skipped)",
        f"{bad}:2: empty article (skipped)",
        f"{bad}:3: no date",
    ]
    again = _run("ingest", str(shared / "seeds"), "--db", str(db), "--no-progress")
    assert again.stdout.startswith(
        f"{db}: 0 stored (0 near-duplicates), 0 duplicates, 2 already present"
    )
    return db


def test_ingest_exit_status(tmp_path):
    (tmp_path / "empty.txt").write_text("\n")
    result = _run(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "nope.jsonl"),
        "--db",
        str(tmp_path / "x.db"),
        code=1,
    )
    assert result.stderr.splitlines()[-1] == "Error: no article could be read"
    result = _run("ingest", str(tmp_path / "empty.txt"), "--engine", "dask", code=2)
    assert "--engine dask needs --out-dir" in result.stderr


def _jsonl(*args: str) -> list[dict]:
    return [json.loads(line) for line in _run(*args, "--format", "jsonl").stdout.splitlines()]


def test_events_filters_and_formats(store):
    db = ("--db", str(store))
    every = _jsonl("events", *db)
    assert len(every) > 10 and [e["event_date"] for e in every] == sorted(
        e["event_date"] for e in every
    )
    assert all(e["article_title"] is None and e["evidence"] for e in every)

    eu = _jsonl("events", *db, "--dyad", "IGOEUREEC", "RUS")
    assert eu and all(
        {e["source_country"], e["target_country"]} == {"RUS", "IGOEUREEC"} for e in eu
    )
    refusals = _jsonl(
        "events", *db, "--actor", "RUS", "--code", "12", "--from", "2020", "--to", "2020-11"
    )
    assert refusals and all(
        e["cameo"].startswith("12") and e["event_date"].startswith("2020") for e in refusals
    )
    assert any(e["evidence"].startswith("Moscow will not make") for e in refusals)
    assert all(e["status"] == "historical" for e in _jsonl("events", *db, "--status", "historical"))
    assert _jsonl("events", *db, "--to", "2016") == [e for e in every if e["event_date"] < "2016"]
    first = every[0]["article_id"]
    assert {e["article_id"] for e in _jsonl("events", *db, "--article", first)} == {first}
    assert len(_jsonl("events", *db, "--limit", "3")) == 3

    rows = list(csv.DictReader(io.StringIO(_run("events", *db, "--format", "csv").stdout)))
    assert len(rows) == len(every) and rows[0]["cameo"] == every[0]["cameo"]

    table = _run("events", *db, "--dyad", "RUS", "IGOEUREEC", "--limit", "0").stdout.splitlines()
    assert table[0].split() == ["date", "source", "cameo", "event", "target", "status", "evidence"]
    assert len(table) == 1 + len(_jsonl("events", *db, "--dyad", "RUS", "IGOEUREEC"))

    bad = _run("events", *db, "--code", "twelve", code=2)
    assert "bad CAMEO code 'twelve'" in bad.stderr
    missing = _run("events", "--db", str(store.parent / "none.db"), code=1)
    assert "no store at" in missing.stderr


def test_quotes_and_articles(store):
    db = ("--db", str(store))
    lavrov = _jsonl("quotes", *db, "--speaker", "Lavrov")
    assert lavrov and all("Lavrov" in q["speaker_name"] for q in lavrov)
    goodwill = _jsonl("quotes", *db, "--search", "goodwill", "--kind", "direct")
    assert [q["text"].split(".")[0] for q in goodwill] == [
        "There will be no unilateral gestures of goodwill on our part"
    ]
    about = _jsonl("quotes", *db, "--code", "125")
    assert about and all(q["article_date"] == "2017-07-10" for q in about)

    found = _jsonl("articles", *db, "--search", "Minsk")
    assert len(found) == 1 and "[Minsk]" in found[0]["snippet"] and found[0]["n_events"] > 0
    assert len(_jsonl("articles", *db)) == 3 and len(_jsonl("articles", *db, "--from", "2020")) == 1
    assert _jsonl("articles", *db, "--search", "Lavrov's") == []
    table = _run("articles", *db).stdout.splitlines()
    assert (
        table[0].split() == ["id", "date", "source", "events", "quotes", "title"]
        and len(table) == 4
    )

    one = json.loads(_run("articles", found[0]["id"], *db).stdout)
    assert one["text"].startswith("Russia’s top diplomat") and one["events"] and one["sentences"]
    assert all(one["text"][q["start"] : q["end"]] == q["text"] for q in one["quotes"])
    assert "no article" in _run("articles", "0" * 16, *db, code=1).stderr
