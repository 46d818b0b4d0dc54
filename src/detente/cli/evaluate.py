"""``detente eval``: measure the coder on a gold set."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.argument("gold_set", metavar="SET")
@click.option("--split", type=click.Choice(["dev", "validation", "all"]), default="dev", show_default=True,
              help="Development part (tune on it), validation part (only look at the numbers), or all.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N items (quick runs).")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write DIR/SET-SPLIT.md with plots.")
@click.option("--worst", type=click.IntRange(min=0),
              help="How many of the worst examples to show [default: 10; 0 on the validation split, "
                   "whose examples are not for reading while tuning].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of text.")
def eval_cmd(gold_set: str, split: str, limit: int | None, report_dir: Path | None, worst: int | None,
             as_json: bool) -> None:
    """Run the coder over a gold set and print precision, recall and F1 per field.

    SET is seeds, conflibert-quad, conflibert-actors, polnear, or a JSON Lines file in détente's own
    gold format (docs/evaluation.md).
    """
    from detente.evaluate import GoldSetMissing, evaluate
    from detente.evaluate.report import to_text, write_markdown

    if worst is None:
        worst = 0 if split == "validation" else 10
    try:
        report = evaluate(gold_set, split, limit)  # type: ignore[arg-type]
    except GoldSetMissing as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else to_text(report, worst))
    if report_dir is not None:
        click.echo(f"report: {write_markdown(report, report_dir, worst)}", err=True)
