"""``detente actors``: inspect and extend the actor knowledge base."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("actors")
def actors() -> None:
    """Look up actors, or import Phoenix/PETRARCH (TABARI) dictionaries into your knowledge base."""


@actors.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kb", "kb_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Knowledge base file to extend [default: $DETENTE_HOME/actors.jsonl].")
def import_cmd(files: tuple[Path, ...], kb_path: Path | None) -> None:
    """Read TABARI-format actor or agent dictionaries (date restrictions included) into the KB."""
    from detente.actors import import_dictionary, user_kb_path

    target = kb_path or user_kb_path()
    for path in files:
        problems: list[str] = []
        count = import_dictionary(path, target, problems)
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{path}: {count} entries imported into {target}"
                   + (f" ({len(problems)} unreadable codes skipped)" if problems else ""))


@actors.command("lookup")
@click.argument("name")
@click.option("--date", help="Resolve roles at this date (YYYY-MM-DD) [default: current roles].")
def lookup(name: str, date: str | None) -> None:
    """Show the code a NAME resolves to ("Sergey Lavrov", "Kremlin", "Brussels") and its roles."""
    from detente.actors import KnowledgeBase

    found = KnowledgeBase.default().lookup(name, date)
    if found is None:
        raise click.ClickException(f"{name!r} is not in the knowledge base")
    entry, code = found
    click.echo(f"{name}: {code} ({entry.kind}: {entry.name})")
    for role in entry.roles:
        click.echo(f"  {role.code:12} {role.start or '…'} – {role.end or '…'}")
