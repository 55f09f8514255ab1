"""``marsad generate``: write a synthetic Arabic news corpus and its gold, to measure extraction at scale.

Kept apart from cli.py (like eval_cli.py) so the command's options live next to nothing else;
cli.py only registers it.  The generator itself is :mod:`orchestration.synthetic.corpus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _RateColumn(ProgressColumn):
    """Articles per second (rich's own speed column shows bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("…" if speed is None else f"{speed:,.0f} articles/s", style="progress.data.speed")


def generate_command(
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="How many articles to write.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (articles go to OUT/landing).")],
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed: same seed, same corpus.")] = 0,
    gold: Annotated[Path | None, typer.Option("--gold", "-g", help="Gold file (default OUT/gold.yaml; a .jsonl "
                                                                    "name writes JSON Lines).")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Write N synthetic Arabic articles (txt+meta, json, jsonl) with the gold `marsad eval` scores."""
    from .corpus import generate_corpus
    from .templates import TemplateError

    console = Console(stderr=True)
    landing = out / "landing"
    if landing.exists() and any(landing.iterdir()):
        console.print(f"[red]{landing} is not empty[/red]: generate into a fresh directory")
        raise typer.Exit(2)
    gold_path = gold or out / "gold.yaml"
    try:
        if progress:
            columns = (TextColumn("generating"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                       TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn())
            with Progress(*columns, console=console, transient=False) as bar:
                task = bar.add_task("articles", total=articles)
                stats = generate_corpus(articles, out, seed, gold_path,
                                        on_article=lambda _k: bar.advance(task))
        else:
            stats = generate_corpus(articles, out, seed, gold_path)
    except TemplateError as e:
        console.print(f"[red]template data is invalid:[/red] {e}")
        raise typer.Exit(1) from e
    multi = stats.multi_report_incidents / stats.incidents if stats.incidents else 0.0
    typer.echo(f"wrote {stats.articles} articles ({stats.files} files) to {landing} in {stats.seconds:.1f}s "
               f"({stats.articles_per_second:,.0f} articles/s)")
    typer.echo(f"  incidents {stats.incidents}, reported by several articles {stats.multi_report_incidents} "
               f"({multi:.0%}); copies {stats.duplicates}; statements only {stats.statements}")
    typer.echo(f"  sizes {stats.min_bytes}..{stats.max_bytes} bytes (mean "
               f"{stats.total_bytes / max(stats.articles, 1):,.0f}); formats "
               + ", ".join(f"{k} {v}" for k, v in sorted(stats.formats.items())))
    typer.echo(f"gold: {gold_path}")
    typer.echo(f"score a build: marsad eval --gold {gold_path} --landing {landing}")
