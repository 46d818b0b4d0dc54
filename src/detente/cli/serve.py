"""``detente serve``: the HTTP API and the dashboard over one store, on 127.0.0.1 by default."""

from __future__ import annotations

from pathlib import Path

import click

from detente.config import DEFAULT_DB


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="store file")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="interface to bind; anything but loopback exposes the store to the network")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--write", is_flag=True, help="allow POST /api/articles and /api/clusters to change the store")
def serve(db: str, host: str, port: int, write: bool) -> None:
    """Serve the dashboard (/) and the JSON API (/api, docs at /docs) for a store."""
    import ruptures  # noqa: F401 - its ~3 s first import is paid here, not by the first chart
    import uvicorn

    from detente.server import create_app

    if not Path(db).is_file():
        raise click.UsageError(f"no store at {db}: create one with `detente ingest --db {db}`")
    app = create_app(db, write=write)
    click.echo(f"détente: {db} ({'read-write' if write else 'read-only'}) on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
