#!/usr/bin/env python
"""The whole refresh at 10 k / 100 k / 1 M articles: seconds, articles/s, MB/s and peak RSS per stage.

    .venv/bin/python benchmarks/scale.py --sizes 10000 100000 [--keep DIR [--reuse-corpus]] [--json FILE]

For each size: generate the corpus into a landing directory, run the real refresh job in-process
(ingest → dictionaries → extract → fusion → dbt build → checks → publish) on a new warehouse, then
add 1 % new articles and refresh again (the incremental cost).  Two reference points are measured
on the same files in the same run:

* **ingest limit** — DuckDB's own ``read_text`` loading every file into a table (no decoding
  checks, no metadata, no quarantine): the fastest any ingestion of these files can be;
* **extraction limit** — one bare Aho-Corasick pass over the same bytes with every actor and place
  alias (pyahocorasick, the matcher's engine): the least any dictionary-based extraction can do.

Peak RSS is the largest resident set of this process *plus its children* (dbt, extraction
workers) sampled every 0.2 s while the stage ran.  Results are printed as a table and written as
JSON (default ``benchmarks/results/scale.json``).  The corpus comes from ``marsad generate``
(orchestration/synthetic) when it is installed, else from benchmarks/synthetic_corpus.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO)]

STAGES = {"ingest": ("ingest_landing", "load_dictionaries"), "extract": ("extract_articles",),
          "fusion": ("fuse_incidents",), "dbt build": ("marsad_dbt_models",), "publish": ("warehouse__published",)}
TARGETS = {100_000: 6 * 60, 1_000_000: 60 * 60}  # issue 6: full refresh seconds on the 2-core machine
RSS_TARGET_MB = 2048


# ----------------------------------------------------------------------------- memory sampling

def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    todo, total, seen = [pid or os.getpid()], 0, set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo.extend(_children(p))
    return total / 1024


class RssSampler(threading.Thread):
    """Samples :func:`tree_rss_mb` in the background; ``peak(t0, t1)`` is the peak between two times."""

    def __init__(self, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.every, self.samples, self._halt = every, [], threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.time(), tree_rss_mb()))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def peak(self, t0: float, t1: float) -> float:
        inside = [mb for t, mb in self.samples if t0 <= t <= t1]
        return max(inside, default=0.0)


# ----------------------------------------------------------------------------- corpus

def write_corpus(landing: Path, start: int, n: int, seed: int) -> int:
    """Write ``n`` more articles into ``landing`` (files prefixed by ``start``); returns the bytes written."""
    landing.mkdir(parents=True, exist_ok=True)
    try:
        from orchestration.synthetic.corpus import generate_corpus  # `marsad generate`
    except ImportError:
        generate_corpus = None
    if generate_corpus is not None:
        scratch = landing.parent / f".generate-{start}"
        shutil.rmtree(scratch, ignore_errors=True)
        stats = generate_corpus(n, scratch, seed=seed + start)
        for path in (scratch / "landing").iterdir():
            path.rename(landing / f"b{start:07d}_{path.name}")
        shutil.rmtree(scratch, ignore_errors=True)
        return stats.total_bytes
    from synthetic_corpus import CorpusGenerator

    gen, size = CorpusGenerator(seed=seed), 0
    for k in range(start, start + n):
        a = gen.article(k)
        data = a.text.encode("utf-8")
        (landing / f"a{k:07d}.txt").write_bytes(data)
        meta = {"published_date": a.published.isoformat() if a.published else None, "outlet": a.outlet}
        (landing / f"a{k:07d}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        size += len(data)
    return size


# ----------------------------------------------------------------------------- references

def reference_ingest(landing: Path) -> float:
    """Seconds for DuckDB's ``read_text`` to load every file of ``landing`` into a table."""
    import duckdb

    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(f"create table t as select filename, content from read_text('{landing}/*')")
    seconds = time.perf_counter() - t0
    con.close()
    return seconds


def reference_extraction(landing: Path) -> tuple[float, int]:
    """Seconds for one Aho-Corasick pass with every actor and place alias over the same texts."""
    import ahocorasick

    from extractors.dictionaries import load_actors, load_locations
    from extractors.normalize import normalize

    auto = ahocorasick.Automaton()
    for entries in (load_actors(), load_locations()):
        for entry in entries.values():
            for surface in (entry.name_ar, *(a.alias for a in entry.aliases)):
                key = normalize(surface).text if surface else ""
                if key:
                    auto.add_word(key, key)
    auto.make_automaton()
    t0, hits = time.perf_counter(), 0
    for path in landing.iterdir():
        for _ in auto.iter(path.read_text(encoding="utf-8", errors="replace")):
            hits += 1
    return time.perf_counter() - t0, len(auto)


# ----------------------------------------------------------------------------- the refresh

def timed_refresh(landing: Path, warehouse: Path, sampler: RssSampler) -> dict:
    """Run the refresh job in-process; seconds and peak RSS per stage from its event log."""
    from dagster import DagsterInstance
    from incremental import step_spans

    from orchestration.definitions import build_definitions

    job = build_definitions(landing=landing, warehouse=warehouse).resolve_job_def("refresh_warehouse")
    config = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    with DagsterInstance.ephemeral() as instance:
        t0 = time.time()
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=config)
        t1 = time.time()
        spans, extracted = step_spans(instance, result.run_id)
    groups: dict[str, list[str]] = defaultdict(list)
    for step in spans:  # every other step (GX suites, reconciliation, search index, export) counts as checks
        groups[next((st for st, steps in STAGES.items() if step in steps), "checks")].append(step)
    out: dict = {"total_s": t1 - t0, "success": result.success, "extracted": extracted,
                 "peak_rss_mb": sampler.peak(t0, t1), "stages": {}}
    for stage in (*STAGES, "checks"):
        steps = groups.get(stage, [])
        seconds = sum(spans[s][1] - spans[s][0] for s in steps)
        peak = max((sampler.peak(*spans[s]) for s in steps), default=0.0)
        out["stages"][stage] = {"seconds": seconds, "peak_rss_mb": peak}
    return out


def bench(n: int, work: Path, seed: int, sampler: RssSampler, reuse_corpus: bool = False) -> dict:
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    t0 = time.perf_counter()
    if reuse_corpus and landing.is_dir() and any(landing.iterdir()):
        size = sum(p.stat().st_size for p in landing.iterdir() if not p.name.endswith(".meta.json"))
        gen_s = None
        print(f"[{n}] reusing the corpus in {landing} ({size / 1e6:.1f} MB)", flush=True)
    else:
        size = write_corpus(landing, 0, n, seed)
        gen_s = time.perf_counter() - t0
        print(f"[{n}] generated {n} articles ({size / 1e6:.1f} MB) in {gen_s:.0f}s", flush=True)
    ref_ingest = reference_ingest(landing)
    ref_extract, n_aliases = reference_extraction(landing)
    print(f"[{n}] references: read_text {ref_ingest:.1f}s, Aho-Corasick ({n_aliases} aliases) {ref_extract:.1f}s",
          flush=True)
    full = timed_refresh(landing, warehouse, sampler)
    print(f"[{n}] full refresh {full['total_s']:.0f}s ok={full['success']}", flush=True)
    extra = max(1, n // 100)
    extra_size = write_corpus(landing, n, extra, seed)
    inc = timed_refresh(landing, warehouse, sampler)
    print(f"[{n}] +1% refresh {inc['total_s']:.0f}s ok={inc['success']}", flush=True)
    return {"articles": n, "bytes": size, "extra_articles": extra, "extra_bytes": extra_size,
            "generate_s": gen_s, "reference_ingest_s": ref_ingest, "reference_extraction_s": ref_extract,
            "aliases": n_aliases, "warehouse_mb": warehouse.stat().st_size / 1e6 if warehouse.exists() else None,
            "full": full, "incremental": inc}


def print_table(rows: list[dict]) -> None:
    print()
    head = f"{'size':>8} {'run':6} {'stage':10} {'seconds':>9} {'art/s':>9} {'MB/s':>7} {'peak RSS MB':>11}"
    print(head)
    print("-" * len(head))
    for r in rows:
        for run in ("full", "incremental"):
            res = r[run]
            n = r["articles"] if run == "full" else r["extra_articles"]
            mb = (r["bytes"] if run == "full" else r["extra_bytes"]) / 1e6
            for stage, s in [*res["stages"].items(), ("TOTAL", {"seconds": res["total_s"],
                                                                "peak_rss_mb": res["peak_rss_mb"]})]:
                sec = s["seconds"]
                print(f"{r['articles']:>8} {run[:6]:6} {stage:10} {sec:9.1f} {n / sec if sec else 0:9.0f} "
                      f"{mb / sec if sec else 0:7.2f} {s['peak_rss_mb']:11.0f}")
        full, inc = r["full"], r["incremental"]
        ing, ext = full["stages"]["ingest"]["seconds"], full["stages"]["extract"]["seconds"]
        target = TARGETS.get(r["articles"])
        verdict = f" · target {target}s: {'met' if full['total_s'] <= target else 'missed'}" if target else ""
        print(f"{r['articles']:>8} refs   ingest/read_text {ing / r['reference_ingest_s']:.1f}x · "
              f"extract/Aho-Corasick {ext / r['reference_extraction_s']:.1f}x · "
              f"+1% costs {inc['total_s'] / full['total_s']:.1%} of full"
              + verdict
              + f" · peak RSS {'≤' if full['peak_rss_mb'] <= RSS_TARGET_MB else '>'} {RSS_TARGET_MB} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="work in this directory and keep it")
    ap.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "scale.json")
    ap.add_argument("--reuse-corpus", action="store_true",
                    help="with --keep: use the articles already in DIR/<size>/landing instead of generating them")
    args = ap.parse_args()
    from orchestration.manifest import ensure_manifest

    ensure_manifest()
    sampler = RssSampler()
    sampler.start()
    rows = []
    try:
        for n in args.sizes:
            work = (args.keep / str(n)) if args.keep else Path(tempfile.mkdtemp(prefix=f"marsad-scale-{n}-"))
            try:
                rows.append(bench(n, work, args.seed, sampler, args.reuse_corpus))
            finally:
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
            print_table(rows)
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({
                "measured_at": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                "machine": platform.platform(), "extract_workers": os.environ.get("MARSAD_EXTRACT_WORKERS"),
                "command": " ".join(sys.argv), "runs": rows}, indent=2), encoding="utf-8")
    finally:
        sampler.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
