"""Analytics on a store of the bundled samples and the seed articles, coded by hand on their real
sentences (tests/store_fixture.py): series, clustering, change points, rankings, exports, CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import store_fixture as fx
from click.testing import CliRunner

from detente import analytics
from detente.analytics.export import GDELT_COLUMNS
from detente.analytics.rows import ROW_COLUMNS
from detente.cli import main
from detente.record import Article
from detente.store import Store

EU, RU = "IGOEUREEC", "RUS"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    path = fx.build(tmp_path_factory.mktemp("analytics") / "hand.db", fx.hand_coded(seeds))
    with Store(path) as store:
        analytics.cluster_events(store.conn)
    return path


@pytest.fixture()
def conn(db: Path):
    with Store(db, readonly=True) as store:
        yield store.conn


def test_dyad_series_counts_index_statuses_and_dates(conn: sqlite3.Connection) -> None:
    s = analytics.dyad_series(conn, "rus", EU, by="year")
    by_year = {p.period: p for p in s.points}
    assert [p.period for p in s.points] == [str(y) for y in range(2014, 2022)]  # gaps filled (2015)
    y2014 = by_year["2014"]
    # Three conflictual events in March, three in July (one of them the 2014 sanctions that a 2017
    # article recalls: a historical event counts at its event date, not in 2017).
    assert (y2014.count, y2014.coop, y2014.conflict, y2014.coverage) == (6, 0, 6, 2)
    assert y2014.cci == pytest.approx(100 * (0 - 6) / 2)
    assert y2014.balance == -1.0
    assert y2014.other["negated"] == 1  # "Russia would not bow to pressure" is a separate series
    assert y2014.roots == {"11": 2, "13": 1, "16": 3}
    assert y2014.goldstein_mean == pytest.approx(y2014.goldstein_total / 6)
    assert by_year["2015"].count == 0 and by_year["2015"].cci == 0.0
    # The planned Lavrov–Mogherini talks are future, not counted.
    assert by_year["2017"].other["future"] == 1

    monthly = analytics.dyad_series(conn, RU, EU, by="month")
    assert monthly.imprecise == {"2014": 1}  # the year-only date is not smeared over a month
    assert sum(p.count for p in monthly.points) == sum(p.count for p in s.points) - 1

    forward = analytics.dyad_series(conn, RU, EU, by="year", direction="forward")
    backward = analytics.dyad_series(conn, RU, EU, by="year", direction="backward")
    assert all(f.count + b.count == p.count for f, b, p in zip(forward.points, backward.points, s.points))
    assert all(p.period for p in forward.points)

    weekly = analytics.dyad_series(conn, RU, EU, by="week", start="2017-04", end="2017-04")
    assert [p.period for p in weekly.points][:2] == ["2017-03-27", "2017-04-03"]  # Monday keys
    assert {p.period: p.count for p in weekly.points}["2017-04-24"] == 3

    code_level = analytics.dyad_series(conn, "RUSGOV", EU, by="year")  # a full code, not a country
    assert 0 < sum(p.count for p in code_level.points) < sum(p.count for p in s.points)

    with pytest.raises(analytics.BadQuery):
        analytics.dyad_series(conn, "RUS;--", EU)
    with pytest.raises(analytics.BadQuery):
        analytics.dyad_series(conn, RU, EU, start="2020-02-30")


def test_clustering_merges_reports_of_one_event_only(db: Path, tmp_path: Path) -> None:
    with Store(db, readonly=True) as store:
        conn = store.conn
        visit = conn.execute("SELECT cluster_id FROM events WHERE evidence = ?",
                             ("Mogherini visited Moscow on April 24",)).fetchone()[0]
        members = conn.execute("SELECT evidence FROM events WHERE cluster_id = ? ORDER BY id", (visit,)).fetchall()
        assert [m[0] for m in members] == [
            "EU foreign policy chief Federica Mogherini met Russian Foreign Minister Sergey Lavrov in Moscow",
            "Mogherini visited Moscow on April 24"]
        assert tuple(conn.execute("SELECT mentions, articles FROM event_clusters WHERE id = ?", (visit,)).fetchone()) == (2, 2)
        # Same day, same target, same root, but different actors: the US and the EU expulsions stay apart.
        expel = conn.execute("SELECT COUNT(DISTINCT cluster_id) FROM events WHERE cameo = '161' "
                             "AND article_id = (SELECT article_id FROM events WHERE evidence LIKE 'more than a dozen%')")
        assert expel.fetchone()[0] == 2
        events_2017 = analytics.dyad_series(conn, RU, EU, by="year", start="2017", end="2017", unit="events")
        mentions_2017 = analytics.dyad_series(conn, RU, EU, by="year", start="2017", end="2017", unit="mentions")
        assert mentions_2017.points[0].count == events_2017.points[0].count + 1

    # Incremental: a later reprint of the Navalny-sanctions story joins the existing cluster.
    copy = shutil.copy(db, tmp_path / "copy.db")
    text = ("BRUSSELS (Reuters) - The European Union imposed sanctions on six Russian officials on Thursday, "
            "including the head of the FSB security service, over the poisoning of Alexei Navalny.")
    article = Article(text=text, date="2020-10-15", title="EU blacklists Russian officials", source="Reuters")
    event = next(r for a, r in fx.hand_coded(None) if a.external_id == "sample-08").events[0]
    moved = replace(event, evidence=replace(event.evidence, start=text.index("The European"),
                                            end=text.index("The European") + len(event.evidence.text)),
                    sentence=0)
    record = next(r for a, r in fx.hand_coded(None) if a.external_id == "sample-08")
    record = replace(record, id=article.id, events=[moved], quotes=[], actors=[], sentences=[])
    with Store(copy) as store:
        store.add(article, record)
        summary = analytics.cluster_events(store.conn)
        assert (summary.events, summary.merged) == (1, 1)
        cid = store.conn.execute("SELECT cluster_id FROM events WHERE article_id = ?", (article.id,)).fetchone()[0]
        stats = store.conn.execute("SELECT mentions, sources FROM event_clusters WHERE id = ?", (cid,)).fetchone()
        assert tuple(stats) == (2, 2)
        before = [tuple(r) for r in store.conn.execute("SELECT id, cluster_id FROM events ORDER BY id")]
        analytics.cluster_events(store.conn, rebuild=True)
        assert [tuple(r) for r in store.conn.execute("SELECT id, cluster_id FROM events ORDER BY id")] == before


def test_change_points_find_the_turns_and_their_events(conn: sqlite3.Connection) -> None:
    series = analytics.dyad_series(conn, RU, EU, by="year")
    assert analytics.change_points(conn, series) == []  # eight sparse years: no turn at the default penalty
    turns = analytics.change_points(conn, series, penalty=1.0)
    assert [(t.period, t.direction) for t in turns] == [("2016", "cooperation"), ("2018", "conflict")]
    coop_turn, conflict_turn = turns
    assert coop_turn.before["net"] < coop_turn.after["net"]
    assert all(e["quad_class"] in (1, 2) for e in coop_turn.events)
    assert coop_turn.events[0]["event_date"].startswith("2016")
    goldstein = [e["goldstein"] for e in conflict_turn.events]
    assert goldstein == sorted(goldstein) and all(e["quad_class"] in (3, 4) for e in conflict_turn.events)
    assert "expelled Russian diplomats" in " ".join(e["evidence"] for e in conflict_turn.events)


def test_rankings_network_and_speaker_quotes(conn: sqlite3.Connection) -> None:
    dyads = analytics.top_dyads(conn, limit=3)
    assert (dyads[0]["a"], dyads[0]["b"]) == (EU, RU)
    assert dyads[1]["a"] == "SUN" and dyads[1]["b"] == "USA"
    assert dyads[0]["coop"] + dyads[0]["conflict"] <= dyads[0]["events"]
    in_1987 = analytics.top_dyads(conn, start="1987", end="1987")
    assert [(d["a"], d["b"]) for d in in_1987] == [("SUN", "USA")]
    actors = {a["actor"]: a for a in analytics.top_actors(conn)}
    assert actors[RU]["name"] == "Russia" and actors[EU]["name"] == "European Union"
    assert [a["actor"] for a in analytics.top_actors(conn, prefix="su")] == ["SUN"]
    assert analytics.top_topics(conn, limit=1)[0]["n"] >= 4
    assert {t["topic"] for t in analytics.top_topics(conn, dyad=("USA", "SUN"))} == {"arms control"}
    net = analytics.actor_network(conn, start="2014", end="2021")
    assert {n["id"] for n in net["nodes"]} >= {RU, EU, "UKR"} and "SUN" not in {n["id"] for n in net["nodes"]}
    assert {n["id"]: n["name"] for n in net["nodes"]}["UKR"] == "Ukraine"  # the code's name, not a mention's
    speakers = analytics.top_speakers(conn)
    assert speakers[0]["speaker"] == "Sergey Lavrov" and speakers[0]["quotes"] == 4
    lavrov = analytics.speaker_quotes(conn, "sergey lavrov", by="month")
    assert lavrov["total"] == 4
    assert [s["period"] for s in lavrov["series"]] == ["2020-10", "2020-11"]
    assert [s["quotes"] for s in lavrov["series"]] == [1, 3]
    assert lavrov["quotes"][0]["text"] == "We will not make concessions under pressure"


def test_exports_csv_jsonl_parquet_gdelt(conn: sqlite3.Connection, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    flt = analytics.EventFilter(dyad=("USA", "SUN"), statuses=None)
    buf = io.StringIO()
    assert analytics.export_events(conn, buf, "csv", flt) == 8
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == list(ROW_COLUMNS) and len(rows) == 8
    assert {r["status"] for r in rows} == {"asserted", "future", "negated"}

    buf = io.StringIO()
    analytics.export_events(conn, buf, "jsonl", replace(flt, statuses=analytics.COUNTED_STATUSES))
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(lines) == 6 and all(isinstance(x["topics"], list) for x in lines)

    path = tmp_path / "eu.parquet"
    n = analytics.export_events(conn, path, "parquet", analytics.EventFilter(dyad=(RU, EU), unit="events"))
    table = pq.read_table(path)
    assert table.num_rows == n and table.schema.field("goldstein").type == "double"
    assert max(table.column("mentions").to_pylist()) == 2
    empty = tmp_path / "none.parquet"
    assert analytics.export_events(conn, empty, "parquet", analytics.EventFilter(actor="ZZZ")) == 0
    assert pq.read_table(empty).num_rows == 0

    buf = io.StringIO()
    analytics.export_events(conn, buf, "gdelt", analytics.EventFilter(dyad=(RU, EU), unit="events"))
    records = [line.split("\t") for line in buf.getvalue().splitlines()]
    assert len(GDELT_COLUMNS) == 61 and all(len(r) == 61 for r in records)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    visit = next(r for r in records if r[col["EventCode"]] == "042")
    assert visit[col["SQLDATE"]] == "20170424" and visit[col["MonthYear"]] == "201704"
    assert visit[col["Actor1Code"]] == EU and visit[col["Actor1KnownGroupCode"]] == "EEC"
    assert visit[col["Actor1Type1Code"]] == "IGO" and visit[col["Actor2CountryCode"]] == "RUS"
    assert visit[col["Actor2Type1Code"]] == "GOV" and visit[col["EventRootCode"]] == "04"
    assert (visit[col["NumMentions"]], visit[col["NumArticles"]]) == ("2", "2")
    assert visit[col["QuadClass"]] == "1" and float(visit[col["GoldsteinScale"]]) == 1.9
    recalled = next(r for r in records if r[col["SQLDATE"]] == "20140101")  # year-only date → 1 January
    assert recalled[col["EventCode"]] == "163" and recalled[col["Year"]] == "2014"
    assert all(r[col["SOURCEURL"]].startswith("detente:article/") and len(r[col["DATEADDED"]]) == 14
               for r in records)


def test_cli_dyad_top_export(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["dyad", "RUS", EU, "--db", str(db), "--by", "year", "--penalty", "1"])
    assert out.exit_code == 0, out.output
    assert "2014" in out.output and "◆ 2016: more cooperation" in out.output
    out = runner.invoke(main, ["dyad", "RUS", EU, "--db", str(db), "--format", "json", "--no-changes"])
    assert json.loads(out.output)["series"]["b"] == EU
    out = runner.invoke(main, ["dyad", "USA", "SUN", "--db", str(db), "--by", "month", "--format", "csv"])
    assert out.output.splitlines()[0].startswith("period,coverage,count,coop,conflict")
    out = runner.invoke(main, ["top", "dyads", "--db", str(db), "--limit", "2", "--format", "json"])
    assert json.loads(out.output)[0]["events"] == 30
    target = tmp_path / "e.parquet"
    out = runner.invoke(main, ["export", "--db", str(db), "--format", "parquet", "--out", str(target),
                               "--dyad", "USA", "SUN", "--status", "all"])
    assert out.exit_code == 0 and target.stat().st_size > 0
    out = runner.invoke(main, ["export", "--db", str(db), "--format", "gdelt", "--actor", "SUN"])
    assert out.exit_code == 0 and len(out.stdout.splitlines()[0].split("\t")) == 61
    for bad in (["dyad", "RUS", "E U", "--db", str(db)], ["dyad", "RUS", EU, "--db", str(tmp_path / "missing.db")],
                ["export", "--db", str(db), "--format", "parquet"], ["top", "actors", "--db", str(db), "--from", "2020-1"]):
        out = runner.invoke(main, bad)
        assert out.exit_code == 2 and "Error" in out.output, bad
