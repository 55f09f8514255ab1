"""The `marsad` command: refresh the warehouse, backfill a date range, query it, report its status.

``--warehouse FILE`` always names the *published* warehouse analysts open: `refresh` and
`backfill` build a copy next to it and swap it in only when every check passed; `query`,
`search` and `status` read it (read-only, never blocked by a running refresh).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .settings import DEFAULT_WAREHOUSE, SAMPLE_LANDING
from .warehouse_access import MART_TABLES  # noqa: F401  (the contract's marts, re-exported)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="marsad (مرصد): an incident warehouse for political violence reported in Arabic news.")
console = Console(soft_wrap=True)  # paths and run ids stay on one line in logs and pipes

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="The published warehouse DuckDB file.")]
LandingOpt = Annotated[Path, typer.Option("--landing", "-l", help="Directory of article files to ingest.")]


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


def _print_published(warehouse: Path) -> dict | None:
    """Mart counts and quarantine of the published file; returns its newest publication."""
    from .publish import publications

    pubs = publications(warehouse, limit=1)
    if not pubs:
        console.print(f"nothing published yet at {warehouse}")
        return None
    pub = pubs[0]
    counts = pub["table_counts"]
    marts = [(t, n) for t, n in counts.items() if t.startswith("marts.")]
    _print_rows(["table", "rows"], marts, title=f"Published marts (#{pub['publication_id']}, {pub['published_at']})")
    console.print(f"articles: {pub['articles']} · quarantine: {pub['quarantined']} file(s)")
    return pub


def _report_run(result, warehouse: Path, elapsed: float, what: str) -> None:
    from .refresh import check_results
    from .status import failure_record

    checks = check_results(result)
    failed = [c for c in checks if not c[2]]
    if result.success:
        _print_published(warehouse)
        console.print(f"checks: {len(checks)}/{len(checks)} passed")
        console.print(f"[green]{what} succeeded and was published[/green] in {elapsed:.1f}s → {warehouse}")
        return
    record = failure_record(result.run_id, "", result.all_events)
    console.print(f"checks: {len(checks) - len(failed)}/{len(checks)} passed")
    for c in record["failed_checks"]:
        console.print(f"  [red]FAILED[/red] {c['asset']} :: {c['check']} — {c['why']}")
    for s in record["failed_steps"]:
        console.print(f"[red]step failed:[/red] {s['step']}: {s['error']}")
    from .publish import publications

    pubs = publications(warehouse, limit=1)
    kept = (f"publication #{pubs[0]['publication_id']} of {pubs[0]['published_at']} remains published"
            if pubs else "nothing was published")
    console.print(f"[red]{what} failed[/red] after {elapsed:.1f}s; {kept} ({warehouse})")
    raise typer.Exit(1)


@app.command()
def refresh(landing: LandingOpt = SAMPLE_LANDING, warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Ingest new files, extract, build the marts with dbt, run every check, publish if all passed."""
    from .progress import step_progress_bar
    from .refresh import run_refresh

    landing, warehouse = landing.absolute(), warehouse.absolute()
    if not landing.is_dir():
        console.print(f"[red]landing directory not found:[/red] {landing}")
        raise typer.Exit(2)
    t0 = time.perf_counter()
    console.print(f"refreshing [bold]{warehouse}[/bold] from [bold]{landing}[/bold] …")
    with step_progress_bar(console, "refresh") as on_progress:
        result = run_refresh(landing, warehouse, on_progress=on_progress)
    _report_run(result, warehouse, time.perf_counter() - t0, "refresh")


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from e


@app.command()
def backfill(
    date_from: Annotated[str | None, typer.Option("--from", help="First publication date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last publication date (YYYY-MM-DD).")] = None,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
) -> None:
    """Re-extract the articles published in a date range, rebuild the marts, check, publish."""
    from .progress import step_progress_bar
    from .refresh import run_backfill

    warehouse = warehouse.absolute()
    lo, hi = _date(date_from), _date(date_to)
    if lo is None and hi is None:
        console.print("[red]give --from and/or --to[/red] (outdated extractions are re-extracted by every refresh)")
        raise typer.Exit(2)
    if not warehouse.exists():
        console.print(f"[red]warehouse not found:[/red] {warehouse} (run `marsad refresh` first)")
        raise typer.Exit(2)
    t0 = time.perf_counter()
    console.print(f"re-extracting articles published {lo or '…'} .. {hi or '…'} in [bold]{warehouse}[/bold] …")
    with step_progress_bar(console, "backfill") as on_progress:
        result = run_backfill(warehouse, lo, hi, on_progress=on_progress)
    _report_run(result, warehouse, time.perf_counter() - t0, "backfill")


@app.command()
def query(sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
          warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
          limit: Annotated[int, typer.Option(help="Rows to print at most (table format).")] = 200,
          fmt: Annotated[str | None, typer.Option(
              "--format", "-f", help="table | csv | json | parquet (default: --out's suffix, else table).")] = None,
          out: Annotated[Path | None, typer.Option(
              "--out", "-o", help="Write the rows to this file (csv, json or parquet), not the terminal.")] = None,
          ) -> None:
    """Run read-only SQL on the published warehouse: print a table, or write CSV / JSON / Parquet."""
    import duckdb
    from rich.text import Text

    from .query_export import ExportError, export, resolve_format
    from .warehouse_access import WarehouseUnavailable, explain_error, open_published

    try:
        fmt = resolve_format(fmt, out)
    except ExportError as e:
        raise typer.BadParameter(str(e)) from e
    try:
        con = open_published(warehouse)
    except WarehouseUnavailable as e:
        console.print(Text(str(e), style="red"))
        raise typer.Exit(2) from e
    try:
        if fmt != "table":
            n = export(con, sql, fmt, out)
            if out is not None:
                console.print(f"wrote {n} row(s) as {fmt} to {out}")
            return
        cur = con.execute(sql)
        if cur.description is None:
            console.print("ok")
            return
        cols = [d[0] for d in cur.description]
        _print_rows(cols, cur.fetchall(), limit=limit)
    except ExportError as e:
        console.print(Text(str(e), style="red"))
        raise typer.Exit(1) from e
    except duckdb.Error as e:
        lines = explain_error(con, e, sql)
        console.print(Text(lines[0], style="red"))
        for line in lines[1:]:
            console.print(Text(line))
        raise typer.Exit(1) from e
    finally:
        con.close()


@app.command()
def search(text: Annotated[str, typer.Argument(metavar="QUERY", help="Arabic words to find (all must occur).")],
           warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
           limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Articles to show at most.")] = 10) -> None:
    """Full-text search of the published articles: matched sentences, their articles, incidents and actors.

    Diacritics, alef/yeh/teh-marbuta spellings, tatweel and the proclitics و ف ب ك ل ال are folded on both
    sides, so الكاظمي, كاظمي, والكاظمي, بالكاظمي and الكَاظِمِي find the same articles.
    """
    from .search_cli import run_search

    code = run_search(console, text, warehouse.absolute(), limit)
    if code:
        raise typer.Exit(code)


def _age(ts: dt.datetime | str) -> str:
    when = dt.datetime.fromisoformat(ts) if isinstance(ts, str) else ts
    seconds = max(0, int((dt.datetime.now() - when).total_seconds()))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m ago"
    return f"{seconds // 60}m{seconds % 60:02d}s ago"


@app.command()
def status(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
           history: Annotated[int, typer.Option(help="Publications and attempts to list.")] = 5) -> None:
    """What is published (when, by which run, counts), what runs now, and why recent refreshes failed."""
    from .checks.freshness import freshness_window
    from .publish import Layout, active_builds, publications
    from .status import read_attempts

    warehouse = warehouse.absolute()
    layout = Layout.of(warehouse)
    pubs = publications(warehouse, limit=history)
    console.print(f"published warehouse: [bold]{warehouse}[/bold]"
                  + (f" ({warehouse.stat().st_size / 1e6:.1f} MB)" if warehouse.exists() else " (missing)"))
    if pubs:
        p = pubs[0]
        stale = dt.datetime.now() - p["published_at"] > freshness_window()
        console.print(f"publication #{p['publication_id']} at {p['published_at']:%Y-%m-%d %H:%M:%S} "
                      f"({_age(p['published_at'])}{', [red]STALE[/red]' if stale else ''}) "
                      f"by run {p['run_id']} ({p['job_name']})")
        console.print(f"  articles {p['articles']} · quarantined {p['quarantined']} · checks passed "
                      f"{p['checks_passed']}, warned {p['checks_warned']} · extractor {p['extractor_version']}")
        if p.get("data_docs"):
            console.print(f"  data docs: {p['data_docs']}")
        _print_rows(["table", "rows"], [(t, n) for t, n in p["table_counts"].items()], title="Published tables")
        if len(pubs) > 1:
            _print_rows(["#", "published at", "articles", "run"],
                        [(q["publication_id"], f"{q['published_at']:%Y-%m-%d %H:%M:%S}", q["articles"], q["run_id"])
                         for q in pubs[1:]], title="Earlier publications")
    elif warehouse.exists():
        console.print("no publication recorded in this file (built before atomic publishing)")
    else:
        console.print("nothing published yet")
    running = active_builds(layout)
    if running:
        console.print(f"refresh running now: run {', '.join(running)}")
    last_pub = pubs[0]["publication_id"] if pubs else None
    failures = []
    for a in read_attempts(layout, limit=50):
        if a.get("outcome") == "published" and a.get("publication_id") == last_pub:
            break
        if a.get("outcome") == "failed":
            failures.append(a)
    if not failures:
        console.print("no failed refresh since the current publication")
    for a in failures[:history]:
        console.print(f"[red]FAILED[/red] refresh at {a['finished_at']} (run {a['run_id']}, {a['job_name']}); "
                      "the previous version stayed published")
        for c in a.get("failed_checks", []):
            console.print(f"  check {c['asset']} :: {c['check']} — {c['why']}")
        for s in a.get("failed_steps", []):
            console.print(f"  step {s['step']}: {s['error']}")


@app.command()
def report(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
           out: Annotated[Path | None, typer.Option(
               "--out", "-o", help="Folder to write (replaced if it holds an earlier report); "
                                   "default: WAREHOUSE's name + .report/ beside it.")] = None,
           dbt_docs: Annotated[bool, typer.Option(
               "--dbt-docs/--no-dbt-docs", help="Also publish dbt docs (dbt runs on a temporary copy).")] = True,
           ) -> None:
    """Write a static HTML report of the published warehouse: opens from disk, no server, no network."""
    import duckdb

    from .report.render import ReportError, build_report

    warehouse = warehouse.absolute()
    if not warehouse.exists():
        console.print(f"[red]warehouse not found:[/red] {warehouse} (run `marsad refresh` first)")
        raise typer.Exit(2)
    out = (out or warehouse.with_name(f"{warehouse.stem}.report")).absolute()
    console.print(f"writing the report of [bold]{warehouse}[/bold] to [bold]{out}[/bold] …")
    try:
        r = build_report(warehouse, out, dbt_docs=dbt_docs, log=console.print)
    except (ReportError, duckdb.Error) as e:
        console.print(f"[red]report failed:[/red] {e}")
        raise typer.Exit(1) from e
    console.print("pages: " + ", ".join(f"{n} {kind}" for kind, n in r.pages.items()))
    if r.dbt_docs:
        console.print(f"dbt docs: {r.dbt_docs}")
    timings = " · ".join(f"{k} {v:.1f}s" for k, v in r.timings.items())
    console.print(f"[green]report written[/green] → {r.out / 'index.html'}")
    console.print(f"size {r.bytes / 1e6:.1f} MB in {r.files} files · built in {r.seconds:.1f}s ({timings})")


from .eval_cli import eval_command  # noqa: E402  (the command lives in its own module)

app.command(name="eval")(eval_command)

from .synthetic.command import generate_command  # noqa: E402  (synthetic corpus generator, own module)

app.command(name="generate")(generate_command)


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
