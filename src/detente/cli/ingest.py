"""``detente ingest``: read archives, code them and add them to the store (resumable)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from detente.config import DEFAULT_DB
from detente.ingest.dedup import WINDOW_DAYS

if TYPE_CHECKING:  # the pipeline imports spaCy: only when the command runs
    from detente.pipeline import IngestSummary

_SPECIFICS = re.compile(r"'[^']*'|\"[^\"]*\"|(?<=\s)\d[\d,.]*")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="Store file (created if missing).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Coder processes (each loads spaCy once); the store has one writer regardless.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr [default: when stderr is a terminal].",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Code in local processes, or on a Dask cluster (docs/architecture.md).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786); without it a local Dask cluster of --workers.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dask: folder every worker can reach, for the coded Parquet parts (required).",
)
@click.option(
    "--dedup-window",
    type=click.IntRange(min=0),
    default=WINDOW_DAYS,
    show_default=True,
    metavar="DAYS",
    help="Look for near-duplicates among articles published within DAYS of each other "
    "(0: among all stored articles; memory grows with the archive).",
)
def ingest(
    paths: tuple[str, ...],
    db: Path,
    workers: int,
    progress: bool | None,
    engine: str,
    scheduler: str | None,
    out_dir: Path | None,
    dedup_window: int,
) -> None:
    """Read, de-duplicate, code and store every article in PATH... (files, folders, - for stdin).

    Problems are reported on stderr as "file:line: reason" as they happen; a summary follows at
    the end.  Interrupting (Ctrl-C, kill) loses nothing stored: run the same command again and it
    resumes.  The exit status is 1 only when no article could be read at all.
    """
    from tqdm import tqdm

    from detente.ingest import Problem
    from detente.pipeline import ingest as run

    def tell(problem: Problem) -> None:
        tqdm.write(str(problem), file=sys.stderr)

    options = {
        "on_problem": tell,
        "progress": sys.stderr.isatty() if progress is None else progress,
        "dedup_window": dedup_window or None,
    }
    if engine == "dask":
        if out_dir is None:
            raise click.UsageError("--engine dask needs --out-dir (a folder the workers can reach)")
        from detente.distributed import run_dask

        summary = run_dask(
            paths, db, out_dir=out_dir, scheduler=scheduler, workers=workers, **options
        )
    else:
        if scheduler or out_dir:
            raise click.UsageError("--scheduler and --out-dir are for --engine dask")
        summary = run(paths, db, workers=workers, **options)
    _report(db, summary)
    if summary.articles_read == 0:
        raise click.ClickException("no article could be read")


def _report(db: Path, summary: IngestSummary) -> None:
    """The closing summary: counts, then skips and warnings grouped by kind of reason."""
    click.echo(
        f"{db}: {summary.stored} stored ({summary.near_duplicates} near-duplicates), "
        f"{summary.duplicates} duplicates, {summary.already_present} already present, "
        f"{len(summary.skipped)} skipped, {len(summary.warnings)} warnings"
    )
    for title, items in (("skipped", summary.skipped), ("warnings", summary.warnings)):
        for reason, count in _by_reason(items).most_common():
            click.echo(f"  {title}: {count} × {reason}")


def _by_reason(items: list[tuple[str, str]]) -> Counter[str]:
    """Reasons grouped by kind: 'broken JSON: Expecting…' and 'broken JSON: Unterminated…' are one,
    and so are 'impossible date '2017-02-30'…' and 'impossible date '1999-13-01'…'."""
    return Counter(_SPECIFICS.sub("…", reason.split(":")[0]).strip() for _, reason in items)
