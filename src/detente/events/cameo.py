"""The CAMEO code table: name, Goldstein score, quad class and PLOVER type of every code.

The facts live in ``data/cameo.tsv`` (built by ``scripts/build_cameo_table.py`` from the ICEWS
CAMEO list and the PLOVER conversion table, sources and licences in its header).  Looking a code
up is on the coder's hot path, so the table is read once per process and kept in a dict.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"
_TABLE = "cameo.tsv"


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code.  ``plover`` is None for public statements (01x), which PLOVER does not code."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None


@lru_cache(maxsize=1)
def _table() -> dict[str, CameoCode]:
    text = (_DATA / _TABLE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    table: dict[str, CameoCode] = {}
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        try:
            table[row["code"]] = CameoCode(
                code=row["code"], root=row["root"], name=row["name"], goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]), plover=row["plover"] or None,
                plover_mode=row["plover_mode"] or None, plover_context=row["plover_context"] or None)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{_TABLE}: bad row {n} after the comments: {exc}") from exc
    return table


def cameo(code: str) -> CameoCode:
    """Look up a CAMEO code ("163", "0211"); KeyError names the code when it does not exist."""
    try:
        return _table()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


def all_codes() -> list[CameoCode]:
    """Every code, roots first within each root, in codebook order."""
    return list(_table().values())
