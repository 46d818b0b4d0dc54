"""``detente eval``: measure the coder on a gold set; ``detente train``: build the learned model."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.argument("gold_set", metavar="SET", required=False)
@click.option("--split", type=click.Choice(["dev", "validation", "val", "all"]), default="dev", show_default=True,
              help="Development part (tune on it), validation part (only look at the numbers), or all.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N items (quick runs).")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write DIR/SET-SPLIT.md with plots.")
@click.option("--worst", type=click.IntRange(min=0),
              help="How many of the worst examples to show [default: 10; 0 on the validation split, "
                   "whose examples are not for reading while tuning].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of text.")
@click.option("--table", is_flag=True,
              help="Instead of one SET: run every gold set on both parts and print the results table.")
def eval_cmd(gold_set: str | None, split: str, limit: int | None, report_dir: Path | None, worst: int | None,
             as_json: bool, table: bool) -> None:
    """Run the coder over a gold set and print precision, recall and F1 per field.

    SET is seeds, conflibert-quad, conflibert-actors, polnear, or a JSON Lines file in détente's own
    gold format (docs/evaluation.md).
    """
    from detente.evaluate import GoldSetMissing, evaluate
    from detente.evaluate.report import TABLE_SETS, results_table, to_text, write_markdown

    if table == (gold_set is not None):
        raise click.UsageError("give one SET, or --table for all of them")
    split = "validation" if split == "val" else split
    if worst is None:
        worst = 0 if split == "validation" else 10
    jobs = [(s, p) for s in TABLE_SETS for p in ("dev", "validation")] if table else [(gold_set, split)]
    reports = {}
    for name, part in jobs:
        try:
            report = evaluate(name, part, limit)  # type: ignore[arg-type]
        except GoldSetMissing as exc:
            raise click.ClickException(str(exc)) from exc
        reports[(name, part)] = report
        if report_dir is not None:
            click.echo(f"report: {write_markdown(report, report_dir, 0 if part == 'validation' else worst)}", err=True)
        if not table:
            click.echo(json.dumps(report.to_dict(), indent=2) if as_json else to_text(report, worst))
    if table:
        click.echo(results_table(reports))


@click.command("train")
@click.option("--only", type=click.Choice(["quad", "spans"]), help="Build one model [default: both].")
def train_cmd(only: str | None) -> None:
    """Train the learned models on ConfliBERT's development parts and write them as JSON.

    quad: the 5-class sentence classifier (src/detente/learned/data/quad.json); spans: the
    source/target span model (spans.json). Needs the eval extra (scikit-learn) and the shared data;
    the coder itself needs neither.
    """
    from detente.evaluate import GoldSetMissing
    from detente.learned import train

    builders = {"quad": (train.train_quad, train.MODEL_PATH), "spans": (train.train_spans, train.SPANS_PATH)}
    for name, (build, path) in builders.items():
        if only in (None, name):
            try:
                model = build(path)
            except GoldSetMissing as exc:
                raise click.ClickException(str(exc)) from exc
            scores = ", ".join(f"{k} {v:.3f}" for k, v in model.meta["dev_out_of_fold"].items())
            click.echo(f"{path}: {model.meta['sentences']} development sentences; out-of-fold: {scores}")
