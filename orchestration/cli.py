"""The `marsad` command: refresh the warehouse, query it, evaluate extraction quality."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .refresh import check_results, run_refresh
from .settings import DEFAULT_WAREHOUSE, SAMPLE_LANDING

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="marsad (مرصد): an incident warehouse for political violence reported in Arabic news.")
console = Console()

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="The warehouse DuckDB file.")]
LandingOpt = Annotated[Path, typer.Option("--landing", "-l", help="Directory of article files to ingest.")]

MART_TABLES = ("dim_articles", "dim_actors", "dim_actor_aliases", "dim_locations", "fct_incidents",
               "fct_incident_reports", "bridge_incident_actors", "fct_actor_mentions", "fct_claims",
               "bridge_claim_actors")


def _print_rows(columns: list[str], rows: list[tuple], title: str | None = None, limit: int | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    shown = rows if limit is None else rows[:limit]
    for r in shown:
        table.add_row(*["∅" if v is None else str(v) for v in r])
    console.print(table)
    if limit is not None and len(rows) > limit:
        console.print(f"… {len(rows) - limit} more rows")


@app.command()
def refresh(landing: LandingOpt = SAMPLE_LANDING, warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Ingest new files, extract, build the marts with dbt, and run every check."""
    import duckdb

    landing, warehouse = landing.absolute(), warehouse.absolute()
    if not landing.is_dir():
        console.print(f"[red]landing directory not found:[/red] {landing}")
        raise typer.Exit(2)
    t0 = time.perf_counter()
    console.print(f"refreshing [bold]{warehouse}[/bold] from [bold]{landing}[/bold] …")
    result = run_refresh(landing, warehouse)
    elapsed = time.perf_counter() - t0
    checks = check_results(result)
    failed = [c for c in checks if not c[2]]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = []
        for t in MART_TABLES:
            try:
                rows.append((f"marts.{t}", con.execute(f"select count(*) from marts.{t}").fetchone()[0]))
            except duckdb.Error:
                rows.append((f"marts.{t}", "missing"))
        q = con.execute("select reason, count(*) from raw.quarantine group by 1 order by 2 desc").fetchall()
    finally:
        con.close()
    _print_rows(["table", "rows"], rows, title="Marts")
    console.print(f"quarantine: {sum(n for _, n in q)} file(s)" + (f" ({', '.join(f'{r}: {n}' for r, n in q)})"
                                                                     if q else ""))
    console.print(f"checks: {len(checks) - len(failed)}/{len(checks)} passed")
    for key, name, _ in failed:
        console.print(f"  [red]FAILED[/red] {key} :: {name}")
    if not result.success:
        for ev in result.all_events:
            if ev.event_type_value == "STEP_FAILURE":
                console.print(f"[red]step failed:[/red] {ev.step_key}: {ev.event_specific_data.error.message[:500]}")
        console.print(f"[red]refresh failed[/red] after {elapsed:.1f}s")
        raise typer.Exit(1)
    console.print(f"[green]refresh succeeded[/green] in {elapsed:.1f}s")


@app.command()
def query(sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
          warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
          limit: Annotated[int, typer.Option(help="Rows to print at most.")] = 200) -> None:
    """Run read-only SQL on the warehouse and print a table."""
    import duckdb

    if not warehouse.exists():
        console.print(f"[red]warehouse not found:[/red] {warehouse} (run `marsad refresh` first)")
        raise typer.Exit(2)
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as e:
        console.print(f"[red]cannot open warehouse:[/red] {e}")
        raise typer.Exit(2) from e
    try:
        cur = con.execute(sql)
        if cur.description is None:
            console.print("ok")
            return
        cols = [d[0] for d in cur.description]
        _print_rows(cols, cur.fetchall(), limit=limit)
    except duckdb.Error as e:
        console.print(f"[red]query failed:[/red] {e}")
        console.print("marts: " + ", ".join(f"marts.{t}" for t in MART_TABLES))
        raise typer.Exit(1) from e
    finally:
        con.close()


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
