"""``detente code``: code articles and print the JSON records, storing nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from detente.record import Article


@click.command("code")
@click.argument("sources", nargs=-1, metavar="[FILE|DIR|-]...")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Coder processes (each loads spaCy once).",
)
def code(sources: tuple[str, ...], workers: int) -> None:
    """Code articles and print one JSON record per article; nothing is stored.

    Each line is a ``detente.record.Record``: events, quotes, actor mentions, sentences, topics
    and tone, every finding with character offsets into the article text.

    Reads the seed format, JSON Lines, JSON, CSV and plain text, gzipped or not, folders of them,
    or standard input (no argument, or -).  Unreadable records are reported on stderr as
    "file:line: reason" and skipped; the exit status is 1 only when no article could be read.
    """
    from detente.ingest import Problem, read_articles
    from detente.pipeline import code_articles

    read = 0

    def articles() -> Iterator[Article]:
        nonlocal read
        for item in read_articles(sources or ["-"]):
            if isinstance(item, Problem):
                click.echo(str(item), err=True)
            else:
                read += 1
                yield item

    for article, result in code_articles(articles(), workers=workers):
        if isinstance(result, str):
            click.echo(f"{article.origin}: {result} (skipped)", err=True)
        else:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if read == 0:
        raise click.ClickException("no article could be read")
