"""``detente events``, ``detente quotes``, ``detente articles``: read the store.

Thin: options become :class:`~detente.store.Store` filters, rows become a table (for reading), CSV
(for spreadsheets) or JSON Lines (for programs, every column).  The store is opened read-only, so
these commands work while an ingest is writing.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, get_args

import click

from detente.config import DEFAULT_DB
from detente.record import QuoteKind, Status
from detente.store import Store, StoreMissing

TABLE_LIMIT = 50  # a table is for reading: show the first rows unless asked for more

# (title, column or function of the row, widest it may get)
Column = tuple[str, str | Callable[[dict[str, Any]], Any], int]

EVENT_COLUMNS: list[Column] = [
    ("date", "event_date", 10),
    ("source", "source_code", 12),
    ("cameo", "cameo", 5),
    ("event", "cameo_name", 28),
    ("target", "target_code", 12),
    ("status", "status", 12),
    ("evidence", "evidence", 0),
]
QUOTE_COLUMNS: list[Column] = [
    ("date", "article_date", 10),
    ("speaker", lambda r: r["speaker_name"] or r["speaker_code"] or r["speaker_text"], 24),
    ("kind", "kind", 8),
    ("quote", "text", 0),
]
ARTICLE_COLUMNS: list[Column] = [
    ("id", "id", 16),
    ("date", "date", 10),
    ("source", "source", 12),
    ("events", "n_events", 6),
    ("quotes", "n_quotes", 6),
    ("title", lambda r: r.get("snippet") or r["title"] or "", 0),
]


def _common(command: Callable[..., None]) -> Callable[..., None]:
    """Options every listing shares (applied bottom-up, so they show in this order)."""
    for option in reversed(
        [
            click.option(
                "--from",
                "start",
                metavar="DATE",
                help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).",
            ),
            click.option("--to", "end", metavar="DATE", help="Up to this date, inclusive."),
            click.option(
                "--no-duplicates", is_flag=True, help="Leave out near-duplicate articles."
            ),
            click.option(
                "--limit",
                type=click.IntRange(min=0),
                help=f"At most N rows; 0 = all [default: {TABLE_LIMIT} for a table, else all].",
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["table", "csv", "jsonl"]),
                default="table",
                show_default=True,
            ),
            click.option(
                "--db",
                type=click.Path(dir_okay=False, path_type=Path),
                default=DEFAULT_DB,
                show_default=True,
                help="Store file.",
            ),
        ]
    ):
        command = option(command)
    return command


def _event_filters(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        [
            click.option(
                "--actor",
                metavar="CODE",
                help="Either side: a country (RUS) or code prefix (RUSGOV).",
            ),
            click.option(
                "--dyad", nargs=2, metavar="A B", help="Events between A and B, either direction."
            ),
            click.option("--code", metavar="CAMEO", help="CAMEO code prefix (04, 042, 1246)."),
            click.option("--status", type=click.Choice(get_args(Status))),
        ]
    ):
        command = option(command)
    return command


@click.command("events")
@_event_filters
@click.option("--source", metavar="CODE", help="Source actor (country or code prefix).")
@click.option("--target", metavar="CODE", help="Target actor (country or code prefix).")
@click.option(
    "--quad-class",
    type=click.IntRange(1, 4),
    help="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.",
)
@click.option("--article", "article_id", metavar="ID", help="Events of one article.")
@_common
def events(db: Path, fmt: str, limit: int | None, no_duplicates: bool, **filters: Any) -> None:
    """List coded events: who did what to whom, when, and the sentence that says so."""
    _list(db, "events", filters, no_duplicates, limit, fmt, EVENT_COLUMNS)


@click.command("quotes")
@click.option(
    "--speaker",
    "--actor",
    "actor",
    metavar="WHO",
    help="Speaker: a code (RUS, RUSGOV) or part of a name (Lavrov).",
)
@click.option("--search", metavar="WORDS", help="Full-text search in the quote and speaker name.")
@click.option("--kind", type=click.Choice(get_args(QuoteKind)))
@click.option("--dyad", nargs=2, metavar="A B", help="Quotes about an event between A and B.")
@click.option("--code", metavar="CAMEO", help="Quotes about an event with this CAMEO code prefix.")
@click.option(
    "--status", type=click.Choice(get_args(Status)), help="Quotes about an event with this status."
)
@click.option("--article", "article_id", metavar="ID", help="Quotes of one article.")
@_common
def quotes(db: Path, fmt: str, limit: int | None, no_duplicates: bool, **filters: Any) -> None:
    """List quotes with their speakers; filter by speaker, words, or the events they are about."""
    _list(db, "quotes", filters, no_duplicates, limit, fmt, QUOTE_COLUMNS)


@click.command("articles")
@click.argument("article_id", required=False, metavar="[ID]")
@click.option(
    "--search",
    metavar="WORDS",
    help='Full-text search in titles and texts (FTS5: words, "a phrase", OR, NOT, prefix*).',
)
@click.option(
    "--source", metavar="NAME", help="News agency or publisher, as stored (TASS, Reuters)."
)
@_common
def articles(
    article_id: str | None,
    db: Path,
    fmt: str,
    limit: int | None,
    no_duplicates: bool,
    **filters: Any,
) -> None:
    """List or search stored articles; with an ID, print that article and its coding as JSON."""
    if article_id is None:
        _list(db, "articles", filters, no_duplicates, limit, fmt, ARTICLE_COLUMNS)
        return
    with _open(db) as store:
        found = store.article(article_id)
    if found is None:
        raise click.ClickException(f"no article {article_id} in {db}")
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))


# --- output --------------------------------------------------------------------------------------


def _open(db: Path) -> Store:
    try:
        return Store(db, readonly=True)
    except StoreMissing:
        raise click.ClickException(
            f"no store at {db}: run `detente ingest` first, or pass --db"
        ) from None


def _list(
    db: Path,
    kind: str,
    filters: dict[str, Any],
    no_duplicates: bool,
    limit: int | None,
    fmt: str,
    columns: list[Column],
) -> None:
    if limit is None and fmt == "table":
        limit = TABLE_LIMIT
    filters.update(limit=limit or None, duplicates=False if no_duplicates else None)
    with _open(db) as store:
        try:
            rows = list(getattr(store, kind)(**filters))
        except ValueError as e:  # BadQuery: a malformed code or date
            raise click.UsageError(str(e)) from None
    {"table": _table, "csv": _csv, "jsonl": _jsonl}[fmt](rows, columns)
    if fmt == "table" and limit and len(rows) == limit:
        click.echo(f"(first {limit} rows; --limit 0 shows all)", err=True)


def _jsonl(rows: list[dict[str, Any]], columns: list[Column]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _csv(rows: list[dict[str, Any]], columns: list[Column]) -> None:
    """Every column, lists joined with ';' so each cell stays one value for a spreadsheet."""
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )


def _table(rows: list[dict[str, Any]], columns: list[Column]) -> None:
    """Aligned columns fitted to the terminal; the last column takes what is left, cut with '…'."""
    if not rows:
        click.echo("(nothing found)", err=True)
        return
    cells = [[_cell(row, get) for _, get, _ in columns] for row in rows]
    widths = [
        max(len(title), *(len(c[i]) for c in cells)) for i, (title, _, _) in enumerate(columns)
    ]
    widths = [min(w, cap) if cap else w for w, (_, _, cap) in zip(widths, columns, strict=True)]
    room = shutil.get_terminal_size((120, 24)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
    widths[-1] = max(20, min(widths[-1], room))
    for line in _lines([[t for t, _, _ in columns]] + cells, widths):
        click.echo(line)


def _lines(table: Iterable[list[str]], widths: list[int]) -> Iterator[str]:
    for values in table:
        yield "  ".join(_fit(v, w) for v, w in zip(values, widths, strict=True)).rstrip()


def _cell(row: dict[str, Any], get: str | Callable[[dict[str, Any]], Any]) -> str:
    value = get(row) if callable(get) else row.get(get)
    return "" if value is None else " ".join(str(value).split())


def _fit(value: str, width: int) -> str:
    return value.ljust(width) if len(value) <= width else value[: width - 1] + "…"
