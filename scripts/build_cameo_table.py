#!/usr/bin/env python3
"""Build ``src/detente/events/data/cameo.tsv`` from the two reference files in ``shared/reference``.

Run it again only when the reference tables change; its output is committed, so détente never
reads ``shared/`` at run time.  The two sources disagree in places (a code PLOVER knows and the
CAMEO list lacks, a duplicated row, a root heading given twice); the script resolves each case
the same documented way and prints what it did, so a reviewer can check every decision.

    python scripts/build_cameo_table.py            # writes the TSV, prints the decisions
    python scripts/build_cameo_table.py --check    # exits 1 if the committed TSV is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from detente.config import shared_dir

OUT = Path(__file__).resolve().parents[1] / "src/detente/events/data/cameo.tsv"
COLUMNS = ["code", "root", "name", "goldstein", "quad_class", "plover", "plover_mode", "plover_context"]
HEADER = """\
# CAMEO event codes with Goldstein scores, GDELT quad classes and PLOVER event types.
# Built by scripts/build_cameo_table.py; do not edit by hand.
# Sources:
#   CAMEO codes, names and Goldstein values: andybega/icews data-raw/cameo-codes.csv (MIT licence),
#     after the CAMEO codebook (Gerner, Schrodt, Yilmaz, Abu-Jabr) and Goldstein (1992).
#   PLOVER type/mode/context: openeventdata/PLOVER CAMEO2PLOVER-2021 (draft 0.8, 17 Sept 2021,
#     ed. Philip Schrodt), licensed CC BY-SA 4.0; this table, as an adaptation of it, is shared
#     under CC BY-SA 4.0 as well.
# quad_class (GDELT): 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08),
#   3 verbal conflict (09-13), 4 material conflict (14-20).
# PLOVER columns are inherited from the nearest mapped ancestor (4-digit -> 3-digit -> root)
#   where the conversion table has no row; roots 01 and 02 are not in that table (see docs/cameo.md).
"""

# The conversion table starts at root 03.  PLOVER folds CAMEO's 02 APPEAL together with 10 DEMAND
# into REQUEST, and has no type for plain public statements (01): those stay empty, except
# 016 "deny responsibility", which we file under ACCUSE as the project's hand-coded seed does.
SUPPLEMENT: dict[str, tuple[str, str, str]] = {
    "02": ("REQUEST", "", ""),
    "016": ("ACCUSE", "", ""),
}


def quad_class(root: str) -> int:
    """The four-way grouping the project's record contract fixes (GDELT's published grouping):
    01-05 verbal cooperation, 06-08 material cooperation, 09-14 verbal conflict, 15-20 material
    conflict.  (Phoenix puts 14 protest under material conflict; evaluate/ maps to that where a
    gold set follows Phoenix.)"""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 14 else 4


def read_cameo(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    return rows


_PLOVER_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")


def read_plover(path: Path, log: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """code -> (type, mode, context, comment).  The first row of a code wins (root 08 is listed
    twice, as CONCEDE and as RETREAT; 175 twice with the same content)."""
    out: dict[str, tuple[str, str, str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("~"):
            break
        m = _PLOVER_LINE.match(line.strip())
        if not m:
            continue
        code, fields, comment = m.group(1), m.group(2), (m.group(3) or "").strip()
        parts = [p.strip() for p in fields.split(",")] + ["", ""]
        row = (parts[0], parts[1], re.sub(r"\s*;\s*", ";", parts[2]), comment)
        if code in out:
            if out[code][:3] != row[:3]:
                log.append(f"{path.name}:{n}: {code} listed again as {row[0]}; keeping {out[code][0]}")
            continue
        out[code] = row
    return out


def ancestors(code: str) -> list[str]:
    """The code itself, then its parents: 1621 -> 1621, 162, 16."""
    chain = [code]
    if len(code) == 4:
        chain.append(code[:3])
    if len(code) >= 3:
        chain.append(code[:2])
    return chain


def build(ref: Path) -> tuple[list[dict[str, object]], list[str]]:
    log: list[str] = []
    cameo = read_cameo(ref / "cameo-codes.csv")
    plover = read_plover(ref / "CAMEO2PLOVER-2021.txt", log)
    for code in sorted(set(plover) - set(cameo)):
        parent = cameo[ancestors(code)[1]]
        name = plover[code][3] or parent["name"]
        log.append(f"{code} is in the PLOVER table only: added as '{name}' with the Goldstein value of {parent['code']}")
        cameo[code] = {"code": code, "root_code": code[:2], "name": name, "goldstein": parent["goldstein"]}
    mapped = {c: v[:3] for c, v in plover.items()} | SUPPLEMENT
    rows = []
    for code in sorted(cameo, key=lambda c: (c[:2], c.ljust(4, " "))):
        r = cameo[code]
        source = next((a for a in ancestors(code) if a in mapped), None)
        ptype, mode, context = mapped[source] if source else ("", "", "")
        if source and source != code:
            log.append(f"{code}: PLOVER inherited from {source} ({ptype})")
        name = r["name"].strip()
        rows.append({"code": code, "root": r["root_code"], "name": name[:1].upper() + name[1:],
                     "goldstein": float(r["goldstein"]), "quad_class": quad_class(r["root_code"]),
                     "plover": ptype, "plover_mode": mode, "plover_context": context})
    log.append(f"163 maps to {mapped['163'][0]}/{mapped['163'][1]} in the 2021 table (not SANCTION, unlike 16x)")
    return rows, log


def render(rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    buf.write(HEADER)
    w = csv.DictWriter(buf, COLUMNS, delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed table differs")
    args = ap.parse_args()
    ref = shared_dir()
    if ref is None:
        print("shared/ not found: set DETENTE_SHARED", file=sys.stderr)
        return 2
    rows, log = build(ref / "reference")
    text = render(rows)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("cameo.tsv is up to date" if same else "cameo.tsv is out of date: rerun the script")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print("\n".join(log))
    print(f"wrote {len(rows)} codes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
