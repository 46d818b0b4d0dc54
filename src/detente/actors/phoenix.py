"""Read actor and agent dictionaries in the Phoenix/PETRARCH (TABARI) format.

Actor files list a primary name, ``+`` synonyms and codes, either on the name line (``NATO_ [IGOWSTNAT]``)
or on following indented lines with date restrictions::

    SERGEY_LAVROV_  # CountryInfo.txt
    +SERGEI_LAVROV
        [RUSGOV 19940922-20040712] # Amb. to UN
        [RUSGOV >20040309]

Dates are ``YYYYMMDD`` or ``YYMMDD`` (two-digit years below 30 are 20xx); ``>D`` means from D,
``<D`` until D. Agent files map nouns to sector codes (``FARMER [~AGR]``), with ``!SET!`` substitution
sets and ``{PLURAL}`` forms. Both become :class:`~detente.actors.kb.Entry` objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from detente.actors.kb import Entry, Role

_CODE = re.compile(r"\[([^\]]*)\]")
_SUBST = re.compile(r"^!(\w+)!\s*=\s*(.+)$")


def read_dictionary(path: Path, problems: list[str] | None = None) -> Iterator[Entry]:
    """Entries from a TABARI actor file, or an agents file (detected by its ``[~XXX]`` codes).

    Real dictionaries contain typos (``[ARMUNR 9008223-911221]``): such a code is skipped and
    described in ``problems`` ("file:line: ..."), the rest of the entry and file are kept.
    """
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if sum("[~" in line for line in lines[:400]) > 5:
        yield from _agents(lines)
    else:
        yield from _actors(lines, path, problems if problems is not None else [])


def import_dictionary(path: Path, into: Path, problems: list[str] | None = None) -> int:
    """Append the entries of ``path`` to the user's knowledge base file; returns how many."""
    into.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(into, "a", encoding="utf-8") as out:
        for entry in read_dictionary(path, problems):
            out.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
            count += 1
    return count


def _name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def _date(raw: str) -> str:
    raw = raw.strip()
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{20 if year < 30 else 19}{raw}"
    if len(raw) != 8 or not raw.isdigit():
        raise ValueError(raw)
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"


def parse_role(spec: str) -> Role:
    """``RUSGOV >20040309`` → Role(RUSGOV, 2004-03-09, None); ``X 940922-040712`` → both bounds."""
    parts = spec.split()
    code = parts[0]
    if len(parts) == 1:
        return Role(code)
    when = parts[1]
    if when.startswith(">"):
        return Role(code, _date(when[1:]), None)
    if when.startswith("<"):
        return Role(code, None, _date(when[1:]))
    start, _, end = when.partition("-")
    return Role(code, _date(start), _date(end))


def _actors(lines: list[str], path: Path, problems: list[str]) -> Iterator[Entry]:
    names: list[str] = []
    roles: list[Role] = []

    def flush() -> Iterator[Entry]:
        if names and roles:
            kind = "organisation" if roles[-1].code.startswith(("IGO", "NGO", "IMG")) else "person"
            if len(roles[-1].code) == 3 and len(roles) == 1 and roles[0].start is None:
                kind = "country"
            yield Entry(names[0], kind, tuple(roles), names=tuple(dict.fromkeys(names)))

    for number, line in enumerate(lines, 1):
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = _CODE.findall(body)
        head = _CODE.sub("", body).strip()
        if head and not body[0].isspace() and not head.startswith("+"):
            yield from flush()
            names, roles = [], []
        if head:
            names.append(_name(head.lstrip("+")))
        for spec in codes:
            try:
                roles.append(parse_role(spec))
            except (ValueError, IndexError) as exc:
                problems.append(f"{path}:{number}: unreadable code [{spec}] ({exc}): code skipped")
    yield from flush()


def _agents(lines: list[str]) -> Iterator[Entry]:
    sets: dict[str, list[str]] = {}
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        subst = _SUBST.match(body)
        if subst:
            sets[subst.group(1)] = [w.strip() for w in subst.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(body)
        if not codes or not codes[0].startswith("~"):
            continue
        head = _CODE.sub("", body)
        plurals = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        forms = _expand(head, sets) + [_name(p) for p in plurals if p.strip()]
        sector = codes[0][1:4]
        person = any(w in head for w in ("!PERSON!", "ER", "IST", "MAN", "MEN"))
        yield Entry(forms[0], "agent", sector=sector, person=person, names=tuple(dict.fromkeys(forms)))


def _expand(head: str, sets: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", head)
    if not match or match.group(1) not in sets:
        return [_name(head.replace("!", ""))]
    return [f for word in sets[match.group(1)] for f in _expand(head.replace(match.group(0), word, 1), sets)]
