"""The web application: the JSON API under /api, the dashboard at /, API docs at /docs.

Everything the browser loads (dashboard scripts and styles, the Swagger UI of /docs) is shipped
in Python packages and served from here, so the dashboard works on a machine without internet.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline

from detente.analytics.query import BadQuery
from detente.server.api import router
from detente.server.db import StoreAccess

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def create_app(db: str | Path, *, write: bool = False) -> FastAPI:
    """The app for one store.  Read-only unless ``write``; raises FileNotFoundError for a missing store."""
    app = FastAPIOffline(
        title="détente API",
        version=_version(),
        description="Events, quotes, actors and relation curves from a détente store. "
                    "Read-only unless the server was started with --write. See docs/api.md.",
        openapi_url="/api/openapi.json",
    )
    app.state.store = StoreAccess(db, write=write)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(BadQuery, _bad_query)
    app.add_exception_handler(PermissionError, _forbidden)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "index.html", {
            "store": app.state.store.path.name, "version": app.version})

    return app


async def _bad_query(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


async def _forbidden(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=403)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("detente")
    except PackageNotFoundError:
        return "dev"
