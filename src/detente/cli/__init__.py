"""The ``detente`` command: a thin layer that parses arguments, calls the Python API and prints.

Each command lives in its own module and is imported only when it runs, so ``detente --help``
stays instant and a command never pays for another's dependencies (spaCy, FastAPI, Dask).
"""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute" (modules under detente.cli)
COMMANDS: dict[str, str] = {
    "code": "code:code",
    "ingest": "ingest:ingest",
    "events": "query:events",
    "quotes": "query:quotes",
    "articles": "query:articles",
    "actors": "actors:actors",
    "eval": "evaluate:eval_cmd",
    "train": "evaluate:train_cmd",
    "dyad": "analytics:dyad",
    "top": "analytics:top",
    "export": "analytics:export",
    "serve": "serve:serve",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"detente.cli.{module}"), attr)


@click.group(cls=LazyGroup)
@click.version_option(package_name="detente")
def main() -> None:
    """détente: who did what to whom in a news archive, and how relations evolve."""
