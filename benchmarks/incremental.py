#!/usr/bin/env python
"""What a refresh costs at 10,000+ articles: full build vs +1% new articles vs nothing new vs a backfill.

    .venv/bin/python benchmarks/incremental.py [--articles 10000] [--keep DIR]

Generates N distinct articles (the sample corpus's articles, each with a unique closing sentence
and a publication date spread over 2020–2024), refreshes from scratch, adds 1% new articles and
refreshes again, refreshes once more with nothing new, then backfills one month.  Each refresh is
the real job (ingest → dictionaries → extract → dbt build → checks → publish) run in-process;
the table gives wall-clock seconds per stage from the run's event log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES = (("ingest", ("ingest_landing", "load_dictionaries")), ("extract", ("extract_articles",)),
          ("fusion", ("fuse_incidents",)), ("dbt build", ("marsad_dbt_models",)), ("search", ("search_fts_index",)),
          ("publish", ("warehouse__published",)))


def write_articles(landing: Path, start: int, n: int) -> None:
    from rich.progress import track

    from orchestration.ingestion.decode import decode_bytes

    bases = [decode_bytes(p.read_bytes()).text for p in sorted((REPO / "sample_corpus" / "landing").glob("*.txt"))]
    day0 = dt.date(2020, 1, 1)
    for i in track(range(start, start + n), description=f"writing {n} articles", transient=True):
        name = landing / f"a{i:06d}.txt"
        name.write_text(f"{bases[i % len(bases)]}\nوذكر مراسل الوكالة في التقرير رقم {i} أن التحقيقات ما زالت "
                        "مستمرة لمعرفة ملابسات الحادث.", encoding="utf-8")
        date = day0 + dt.timedelta(days=(i * 7) % 1800)
        name.with_name(name.stem + ".meta.json").write_text(json.dumps({"published_date": date.isoformat()}))


def step_spans(instance, run_id: str) -> tuple[dict[str, tuple[float, float]], int | None]:
    """(start, end) timestamps of every step of a run, and how many articles it extracted."""
    starts: dict[str, float] = {}
    spans: dict[str, tuple[float, float]] = {}
    extracted = None
    for rec in instance.all_logs(run_id):
        ev = rec.dagster_event
        if ev is None:
            continue
        if ev.event_type_value == "STEP_START":
            starts[ev.step_key] = rec.timestamp
        elif ev.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            spans[ev.step_key] = (starts[ev.step_key], rec.timestamp)
        elif ev.event_type_value == "ASSET_MATERIALIZATION" and ev.asset_key.path == ["extract", "article_meta"]:
            extracted = ev.event_specific_data.materialization.metadata["articles_extracted_this_run"].value
    return spans, extracted


def timed_run(landing: Path | None, warehouse: Path, job_name: str = "refresh_warehouse",
              run_config: dict | None = None) -> dict:
    """Run the job in-process on an ephemeral instance; seconds per stage from its event log."""
    import uuid

    from dagster import DagsterInstance
    from rich.console import Console

    from orchestration.definitions import build_definitions
    from orchestration.progress import step_progress_bar, watching_steps

    defs = build_definitions(landing=landing, warehouse=warehouse)
    job = defs.resolve_job_def(job_name)
    config = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}, **(run_config or {})}
    run_id = str(uuid.uuid4())
    with DagsterInstance.ephemeral() as instance:
        t0 = time.perf_counter()
        with step_progress_bar(Console(), job_name) as on_progress, watching_steps(instance, run_id, job, on_progress):
            result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=config, run_id=run_id)
        total = time.perf_counter() - t0
        spans, extracted = step_spans(instance, result.run_id)
        per_step = {step: end - start for step, (start, end) in spans.items()}
    out: dict = defaultdict(float)
    named = {s for _, steps in STAGES for s in steps}
    for stage, steps in STAGES:
        out[stage] = sum(per_step.get(s, 0.0) for s in steps)
    out["checks"] = sum(v for k, v in per_step.items() if k not in named and ("_gx_" in k or "reconcile" in k))
    out["other"] = sum(v for k, v in per_step.items() if k not in named) - out["checks"]
    out["total"] = total
    out["extracted"] = extracted
    out["success"] = result.success
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = ap.parse_args()
    from orchestration.manifest import ensure_manifest

    ensure_manifest()
    work = args.keep or Path(tempfile.mkdtemp(prefix="marsad-incremental-"))
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    landing.mkdir(parents=True, exist_ok=True)
    n, extra = args.articles, max(1, args.articles // 100)
    write_articles(landing, 0, n)
    rows = []
    print(f"{n} articles in {landing}", flush=True)
    rows.append((f"full build ({n} articles)", timed_run(landing, warehouse)))
    print(rows[-1], flush=True)
    write_articles(landing, n, extra)
    rows.append((f"+{extra} new articles (1%)", timed_run(landing, warehouse)))
    print(rows[-1], flush=True)
    rows.append(("nothing new", timed_run(landing, warehouse)))
    print(rows[-1], flush=True)
    month = {"ops": {"extract_articles": {"config": {"published_from": "2021-03-01", "published_to": "2021-03-31"}}}}
    rows.append(("backfill 2021-03 (date range)", timed_run(None, warehouse, "backfill_extraction", month)))
    print(f"\nwarehouse {warehouse.stat().st_size / 1e6:.0f} MB; seconds per stage (wall clock):")
    cols = ["total", "ingest", "extract", "fusion", "dbt build", "search", "checks", "publish", "other"]
    print(f"{'run':34s} " + " ".join(f"{c:>9s}" for c in cols) + "  extracted  ok")
    for name, r in rows:
        print(f"{name:34s} " + " ".join(f"{r[c]:9.1f}" for c in cols) + f"  {r['extracted']!s:>9s}  {r['success']}")
    full, inc = rows[0][1]["total"], rows[1][1]["total"]
    print(f"\n+1% costs {inc / full:.0%} of a full build ({inc:.0f}s vs {full:.0f}s)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
