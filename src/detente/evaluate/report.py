"""Rendering an :class:`~detente.evaluate.EvalReport`: plain text for the terminal, Markdown with
PNG plots for a report folder (``DIR/SET-SPLIT.md``), so a run can be read, diffed and archived."""

from __future__ import annotations

import re
from pathlib import Path

from detente.evaluate import EvalReport
from detente.evaluate.metrics import Confusion, Example


def _rows(report: EvalReport) -> list[tuple[str, ...]]:
    return [(s.field, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.pred), str(s.gold))
            for s in report.scores]


_HEAD = ("field", "P", "R", "F1", "tp", "pred", "gold")


def _title(report: EvalReport) -> str:
    return f"{report.set} · {report.split} · {report.items} items · coded in {report.seconds:.1f} s"


def _grid(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                     for r in rows)


def _matrix_rows(c: Confusion) -> list[tuple[str, ...]]:
    return [("gold \\ ours", *c.labels)] + [(g, *map(str, row)) for g, row in zip(c.labels, c.matrix)]


def to_text(report: EvalReport, worst: int = 10) -> str:
    parts = [_title(report), "", _grid([_HEAD, *_rows(report)])]
    if report.summary:
        parts += ["", *(f"{k}: {v}" for k, v in report.summary.items())]
    for c in report.confusions:
        parts += ["", c.title, _grid(_matrix_rows(c))]
    if worst:
        parts += ["", f"worst {worst} examples:"]
        for i, e in enumerate(report.worst(worst), 1):
            parts += [f"{i}. {e.text}", f"   gold: {e.gold}", f"   ours: {e.ours}", f"   rule: {e.rule}   ({e.where})"]
    return "\n".join(parts)


def _md_table(rows: list[tuple[str, ...]]) -> str:
    esc = [tuple(c.replace("|", "\\|") for c in r) for r in rows]
    return "\n".join(["| " + " | ".join(esc[0]) + " |", "|" + "---|" * len(esc[0]),
                      *("| " + " | ".join(r) + " |" for r in esc[1:])])


def _md_example(i: int, e: Example) -> str:
    return (f"{i}. {e.text}\n   - gold: {e.gold}\n   - ours: {e.ours}\n   - rule: `{e.rule}`"
            + (f" — {e.where}" if e.where else ""))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _plots(report: EvalReport, folder: Path, stem: str) -> list[tuple[str, str]]:
    """PNG files (Agg backend: no display needed): each confusion matrix, and F1 per field."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    for c in report.confusions:
        n = len(c.labels)
        fig, ax = plt.subplots(figsize=(1.2 + 0.45 * n, 1.0 + 0.45 * n))
        ax.imshow(c.matrix, cmap="Blues")
        ax.set_xticks(range(n), c.labels, rotation=90, fontsize=7)
        ax.set_yticks(range(n), c.labels, fontsize=7)
        ax.set_xlabel("ours")
        ax.set_ylabel("gold")
        peak = max((v for row in c.matrix for v in row), default=0)
        for i, row in enumerate(c.matrix):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=6,
                            color="white" if v > peak / 2 else "black")
        ax.set_title(c.title.split(" (")[0], fontsize=9)
        name = f"{stem}-{_slug(c.title.split(' (')[0])}.png"
        fig.tight_layout()
        fig.savefig(folder / name, dpi=120)
        plt.close(fig)
        made.append((c.title, name))
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(report.scores) + 1))
    names = [s.field for s in report.scores][::-1]
    for k, (label, vals) in enumerate((("P", [s.precision for s in report.scores][::-1]),
                                       ("R", [s.recall for s in report.scores][::-1]),
                                       ("F1", [s.f1 for s in report.scores][::-1]))):
        ax.barh([i + 0.27 * (k - 1) for i in range(len(names))], vals, height=0.27, label=label)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_xlim(0, 1)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(_title(report), fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / f"{stem}-scores.png", dpi=120)
    plt.close(fig)
    return [("precision, recall, F1 per field", f"{stem}-scores.png"), *made]


def write_markdown(report: EvalReport, folder: Path, worst: int = 10) -> Path:
    """Write ``folder/SET-SPLIT.md`` and its PNG plots; returns the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{_slug(report.set)}-{report.split}"
    parts = [f"# Evaluation: {_title(report)}", "", _md_table([_HEAD, *_rows(report)])]
    if report.summary:
        parts += ["", *(f"- {k}: {v}" for k, v in report.summary.items())]
    for c in report.confusions:
        parts += ["", f"## {c.title}", "", _md_table(_matrix_rows(c))]
    parts += ["", "## Plots", ""]
    parts += [f"![{title}]({name})" for title, name in _plots(report, folder, stem)]
    if worst:
        parts += ["", f"## Worst {worst} examples", ""]
        parts += [_md_example(i, e) for i, e in enumerate(report.worst(worst), 1)]
    path = folder / f"{stem}.md"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
