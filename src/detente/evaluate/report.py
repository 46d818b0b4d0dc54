"""Rendering an :class:`~detente.evaluate.EvalReport`: plain text for the terminal, Markdown with
PNG plots for a report folder (``DIR/SET-SPLIT.md``), so a run can be read, diffed and archived."""

from __future__ import annotations

import re
from pathlib import Path

from detente.evaluate import OUT_OF_FOLD, EvalReport
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


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    return plt


def _confusion_plot(c: Confusion, path: Path) -> None:
    plt = _pyplot()
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
                ax.text(j, i, str(v), ha="center", va="center", fontsize=6, color="white" if v > peak / 2 else "black")
    ax.set_title(c.title.split(" (")[0], fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _scores_plot(report: EvalReport, path: Path) -> None:
    plt = _pyplot()
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
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _components(report: EvalReport) -> dict[str, float]:
    """Macro-F1 of each component alone and combined (the sentence quad class), when reported."""
    return {k: v for k, v in report.summary.items() if k.startswith("macro-F1") and "out-of-fold" not in k}


def _components_plot(report: EvalReport, path: Path) -> None:
    plt = _pyplot()
    parts = _components(report)
    names, vals = list(parts)[::-1], list(parts.values())[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(parts) + 1))
    ax.barh(range(len(parts)), vals, color="tab:green")
    ax.set_yticks(range(len(parts)), names, fontsize=7)
    ax.set_xlim(0, 1)
    for i, v in enumerate(vals):
        ax.text(v + 0.01, i, f"{v:.3f}", va="center", fontsize=7)
    ax.set_title(f"{report.set} · {report.split}: what each component scores", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _plots(report: EvalReport, folder: Path, stem: str) -> list[tuple[str, str]]:
    """PNG files: F1 per field, each confusion matrix, and the components when there are several."""
    made = [("precision, recall, F1 per field", f"{stem}-scores.png")]
    _scores_plot(report, folder / made[0][1])
    for c in report.confusions:
        made.append((c.title, f"{stem}-{_slug(c.title.split(' (')[0])}.png"))
        _confusion_plot(c, folder / made[-1][1])
    if len(_components(report)) > 1:
        made.append(("macro-F1 of each component", f"{stem}-components.png"))
        _components_plot(report, folder / made[-1][1])
    return made


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


# --- the results table (README, docs/evaluation.md) ------------------------------------------------

# (set, what is measured, summary key or score field, anchor, target on the validation part)
TABLE_ROWS: list[tuple[str, str, str, str, str]] = [
    ("conflibert-quad", "5-class sentence macro-F1: rules + model", "macro-F1", "ConfliBERT 0.876", "≥ 0.80"),
    ("conflibert-quad", "… rules only", "macro-F1 (rules only)", "", ""),
    ("conflibert-quad", "… model only", "macro-F1 (model only)", "", ""),
    ("conflibert-actors", "source + target span F1, exact: span model on every sentence (ConfliBERT's set-up)",
     "source+target actor (exact) F1 (model on every sentence)", "ConfliBERT 0.74", "≥ 0.75"),
    ("conflibert-actors", "… rules + model, the model only where the coder parses", "source+target actor (exact)",
     "", ""),
    ("conflibert-actors", "… rules only", "source+target actor (exact) F1 (rules only)", "", ""),
    ("conflibert-actors", "source + target span F1, overlap: rules + model", "source+target actor (overlap)", "", ""),
    ("conflibert-actors", "source span F1, exact: rules + model", "source actor (exact)", "", ""),
    ("conflibert-actors", "… rules only", "source actor (exact) F1 (rules only)", "", ""),
    ("conflibert-actors", "source span F1, overlap: rules + model", "source actor (overlap)", "", ""),
    ("conflibert-actors", "… rules only", "source actor (overlap) F1 (rules only)", "", ""),
    ("conflibert-actors", "target span F1, exact: rules + model", "target actor (exact)", "", ""),
    ("conflibert-actors", "… rules only", "target actor (exact) F1 (rules only)", "", ""),
    ("conflibert-actors", "target span F1, overlap: rules + model", "target actor (overlap)", "", ""),
    ("conflibert-actors", "… rules only", "target actor (overlap) F1 (rules only)", "", ""),
    ("polnear", "direct-quote speaker F1", "quote speaker (direct)", "Citron 0.82 (PARC 3.0)", "≥ 0.85"),
    ("polnear", "direct-quote content F1", "quote content (direct)", "", ""),
    ("polnear", "all attributions: content F1", "quote content (all)", "", ""),
    ("seeds", "expected events found (recall)", "event found:recall", "", "all"),
    ("seeds", "must_not violations", "must_not violations", "", "0"),
]
TABLE_SETS = ("conflibert-quad", "conflibert-actors", "polnear", "seeds")


def table_value(report: EvalReport, key: str) -> float:
    """A table cell: a summary value, else a score's F1 (``field:recall`` for its recall).  On the
    development part the learned model's own figures are its out-of-fold ones."""
    if report.split != "validation" and key + OUT_OF_FOLD in report.summary:
        return report.summary[key + OUT_OF_FOLD]
    if key in report.summary:
        return report.summary[key]
    field, _, measure = key.partition(":")
    return getattr(report.score(field), measure or "f1")


def results_table(reports: dict[tuple[str, str], EvalReport]) -> str:
    """The Markdown results table from ``{(set, "dev" | "validation"): report}``."""
    rows = [("set (validation items)", "measure", "dev", "validation", "anchor", "target")]
    for i, (name, label, key, anchor, target) in enumerate(TABLE_ROWS):
        cells = []
        for split in ("dev", "validation"):
            r = reports.get((name, split))
            v = table_value(r, key) if r is not None else None
            cells.append("—" if v is None else f"{v:.0f}" if key == "must_not violations" else f"{v:.3f}")
        n = reports.get((name, "validation"))
        first = i == 0 or TABLE_ROWS[i - 1][0] != name
        rows.append((f"{name} ({n.items if n else '—'})" if first else "", label, *cells, anchor, target))
    return _md_table(rows)
