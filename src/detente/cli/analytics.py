"""``detente dyad``, ``detente top`` and ``detente export``: relations, rankings and exports.

Thin wrappers: parse options, open the store (read-only unless clustering was asked for), call
:mod:`detente.analytics`, print.  Bad codes or dates exit with a one-line message (status 2).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from detente.config import DEFAULT_DB

PERIOD = click.Choice(["day", "week", "month", "year"])
DB = click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                  help="store file")
START = click.option("--from", "start", metavar="DATE", help="first event date (YYYY, YYYY-MM or YYYY-MM-DD)")
END = click.option("--to", "end", metavar="DATE", help="last event date")


def _open(db: str, *, write: bool = False):  # type: ignore[no-untyped-def]
    from detente.store import Store

    if not Path(db).is_file():
        raise click.UsageError(f"no store at {db}: create one with `detente ingest --db {db}`")
    return Store(db, readonly=not write)


def _fail_bad_query(exc: Exception) -> None:
    raise click.UsageError(str(exc)) from None


@click.command()
@click.argument("a")
@click.argument("b")
@DB
@click.option("--by", type=PERIOD, default="month", show_default=True, help="period length")
@click.option("--direction", type=click.Choice(["both", "forward", "backward"]), default="both", show_default=True,
              help="both directions, A→B only (forward) or B→A only (backward)")
@click.option("--unit", type=click.Choice(["events", "mentions"]), default="events", show_default=True,
              help="count each real-world event once, or every report of it")
@START
@END
@click.option("--changes/--no-changes", default=True, show_default=True, help="detect turning points")
@click.option("--penalty", type=click.FloatRange(min=0, min_open=True),
              help="change-point penalty (default 2·d·ln n; larger finds fewer)")
@click.option("--cluster", is_flag=True, help="first group new events into clusters (writes to the store)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def dyad(a: str, b: str, db: str, by: str, direction: str, unit: str, start: str | None, end: str | None,
         changes: bool, penalty: float | None, cluster: bool, fmt: str) -> None:
    """Relations between actors A and B over time (country codes like RUS or full codes like IGOEUREEC)."""
    from detente import analytics

    try:
        with _open(db, write=cluster) as store:
            if cluster:
                s = analytics.cluster_events(store.conn)
                click.echo(f"clustered {s.events} new events ({s.merged} joined an existing report)", err=True)
            series = analytics.dyad_series(store.conn, a, b, by=by, direction=direction,  # type: ignore[arg-type]
                                           unit=unit, start=start, end=end)  # type: ignore[arg-type]
            turns = analytics.change_points(store.conn, series, penalty=penalty) if changes else []
    except analytics.BadQuery as exc:
        _fail_bad_query(exc)
        return
    if fmt == "json":
        click.echo(json.dumps({"series": series.to_dict(), "changes": [t.to_dict() for t in turns]},
                              ensure_ascii=False, indent=1))
    elif fmt == "csv":
        _series_csv(series)
    else:
        _series_table(series, turns)


_CSV_FIELDS = ("period", "coverage", "count", "coop", "conflict", "goldstein_total", "goldstein_mean", "cci",
               "balance", "negated", "future", "hypothetical", "q1", "q2", "q3", "q4")


def _series_csv(series) -> None:  # type: ignore[no-untyped-def]
    writer = csv.writer(sys.stdout)
    writer.writerow(_CSV_FIELDS)
    for p in series.points:
        writer.writerow([p.period, p.coverage, p.count, p.coop, p.conflict, p.goldstein_total, p.goldstein_mean,
                         p.cci, p.balance, p.other.get("negated", 0), p.other.get("future", 0),
                         p.other.get("hypothetical", 0), *(p.quad.get(q, 0) for q in (1, 2, 3, 4))])


def _series_table(series, turns) -> None:  # type: ignore[no-untyped-def]
    starts = {t.period: t for t in turns}
    click.echo(f"{series.a} {'–→←'[['both', 'forward', 'backward'].index(series.direction)]} {series.b}  "
               f"({series.unit} per {series.by}; cci = 100·(coop − conflict)/articles)")
    click.echo(f"{'period':<11}{'articles':>9}{'events':>7}{'coop':>6}{'confl':>6}{'gold.mean':>10}{'cci':>9}"
               f"{'neg/fut/hyp':>13}")
    for p in series.points:
        mark = f"  ◆ {starts[p.period].kind}" if p.period in starts else ""
        other = f"{p.other['negated']}/{p.other['future']}/{p.other['hypothetical']}"
        gm = "" if p.goldstein_mean is None else f"{p.goldstein_mean:.2f}"
        cci = "" if p.cci is None else f"{p.cci:.1f}"
        click.echo(f"{p.period:<11}{p.coverage:>9}{p.count:>7}{p.coop:>6}{p.conflict:>6}{gm:>10}{cci:>9}{other:>13}{mark}")
    if series.imprecise:
        click.echo(f"dates coarser than a {series.by}: " + ", ".join(f"{d}: {n}" for d, n in series.imprecise.items()))
    for t in turns:
        ended = " — explained by what ended before it" if t.when == "before" else ""
        click.echo(f"\n◆ {t.period}: {t.kind} (net per period {t.before['net']} → {t.after['net']}){ended}")
        for e in t.events:
            click.echo(f"    {e['event_date']} {e['source_code']} {e['cameo']} {e['target_code']} "
                       f"×{e['mentions']}  {e['evidence']}")


@click.command()
@click.argument("what", type=click.Choice(["dyads", "actors", "topics", "speakers"]))
@DB
@START
@END
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def top(what: str, db: str, start: str | None, end: str | None, limit: int, fmt: str) -> None:
    """The most active dyads or actors, the commonest topics, or the most quoted speakers."""
    from detente import analytics

    fn = {"dyads": analytics.top_dyads, "actors": analytics.top_actors, "topics": analytics.top_topics,
          "speakers": analytics.top_speakers}[what]
    try:
        with _open(db) as store:
            rows = fn(store.conn, start=start, end=end, limit=limit)
    except analytics.BadQuery as exc:
        _fail_bad_query(exc)
        return
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if rows:
        keys = list(rows[0])
        click.echo("\t".join(keys))
        for r in rows:
            click.echo("\t".join("" if r[k] is None else str(r[k]) for k in keys))


@click.command()
@DB
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "gdelt"]), default="csv",
              show_default=True, help="gdelt: the 61 tab-separated columns of the GDELT 2.0 event table")
@click.option("--out", "-o", type=click.Path(dir_okay=False, writable=True),
              help="output file (default stdout; required for parquet)")
@click.option("--actor", help="either side")
@click.option("--dyad", nargs=2, metavar="A B", help="events between A and B")
@click.option("--direction", type=click.Choice(["both", "forward", "backward"]), default="both")
@click.option("--code", help="CAMEO code prefix")
@click.option("--status", multiple=True, help="statuses to keep (default asserted, historical, reported); 'all'")
@START
@END
@click.option("--unit", type=click.Choice(["events", "mentions"]), default="mentions", show_default=True,
              help="one row per report, or one per event cluster (GDELT-like)")
def export(db: str, fmt: str, out: str | None, actor: str | None, dyad: tuple[str, str] | None, direction: str,
           code: str | None, status: tuple[str, ...], start: str | None, end: str | None, unit: str) -> None:
    """Export events as CSV, JSON Lines, Parquet or GDELT 2.0 event-table rows."""
    from detente import analytics

    if fmt == "parquet" and not out:
        raise click.UsageError("Parquet needs --out FILE")
    statuses = None if status == ("all",) else (tuple(status) or analytics.COUNTED_STATUSES)
    flt = analytics.EventFilter(actor=actor, dyad=dyad or None, direction=direction,  # type: ignore[arg-type]
                                code=code, statuses=statuses, start=start, end=end, unit=unit)  # type: ignore[arg-type]
    try:
        with _open(db) as store:
            n = analytics.export_events(store.conn, Path(out) if out else sys.stdout, fmt, flt)  # type: ignore[arg-type]
    except analytics.BadQuery as exc:
        _fail_bad_query(exc)
        return
    click.echo(f"{n} rows", err=True)
