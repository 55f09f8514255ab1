"""``marsad eval``: build a throwaway warehouse from a landing folder and score it against a gold file.

Kept apart from cli.py so the command's options and flow live next to nothing else; cli.py only
registers it.  The scoring itself is :mod:`orchestration.evaluate`.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from .evaluate import evaluate, format_report


def _build(landing: Path, warehouse: Path) -> None:
    """The real refresh (Dagster job in-process: ingest, extract, dbt, checks, publish)."""
    from .refresh import check_results, run_refresh

    t0 = time.perf_counter()
    typer.echo(f"building a temporary warehouse from {landing} …", err=True)
    # a throwaway file, even where MARSAD_TARGET=ducklake publishes refreshes to a shared lake
    target = os.environ.pop("MARSAD_TARGET", None)
    try:
        result = run_refresh(landing, warehouse)
    finally:
        if target is not None:
            os.environ["MARSAD_TARGET"] = target
    failed = [c for c in check_results(result) if not c[2]]
    for key, name, _ in failed:
        typer.echo(f"  check FAILED {key} :: {name}", err=True)
    if not result.success:
        for ev in result.all_events:
            if ev.event_type_value == "STEP_FAILURE":
                typer.echo(f"  step failed: {ev.step_key}: {ev.event_specific_data.error.message[:300]}", err=True)
    if not warehouse.exists():
        typer.echo("refresh published no warehouse: nothing to score", err=True)
        raise typer.Exit(1)
    typer.echo(f"built in {time.perf_counter() - t0:.1f}s" + (" (with failures, scoring what was published)"
                                                          if failed or not result.success else ""), err=True)


def eval_command(
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Gold annotation YAML (format of "
                                                             "sample_corpus/gold.yaml).")],
    landing: Annotated[Path | None, typer.Option("--landing", "-l", help="Articles to build a temporary warehouse "
                                                                            "from.")] = None,
    warehouse: Annotated[Path | None, typer.Option("--warehouse", "-w", help="Score this existing warehouse instead "
                                                                                "of building one.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores and per-article misses "
                                                                  "here.")] = None,
    details: Annotated[bool, typer.Option("--details/--no-details", help="Print per-article misses and spurious "
                                                                          "rows.")] = True,
) -> None:
    """Score extraction against a gold file: P/R/F1 for actors, incidents, claims; incident-field accuracy."""
    if not gold.is_file():
        typer.echo(f"gold file not found: {gold}", err=True)
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="marsad-eval-") as tmp:
        if warehouse is not None:
            db = warehouse.absolute()
            if not db.exists():
                typer.echo(f"warehouse not found: {db}", err=True)
                raise typer.Exit(2)
        elif landing is not None and landing.is_dir():
            db = Path(tmp) / "eval.duckdb"
            _build(landing.absolute(), db)
        else:
            typer.echo("give --landing DIR (to build a temporary warehouse) or --warehouse FILE", err=True)
            raise typer.Exit(2)
        result = evaluate(db, gold)
    for line in format_report(result, details=details):
        typer.echo(line)
    if json_out is not None:
        payload = {"gold": str(gold), "landing": str(landing) if landing and warehouse is None else None,
                   "warehouse": str(warehouse) if warehouse else None, **result.as_dict()}
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        typer.echo(f"written {json_out}", err=True)
