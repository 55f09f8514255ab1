#!/usr/bin/env python3
"""Extraction throughput on one core: articles/s, MB/s, peak memory, dictionary load time.

Why a script and not a timed test: timings depend on the machine and its load, so a test would
be flaky; this reports figures to compare against issue 3's target (≥ 300 articles/s on one
core of the 2-core development machines), with the dictionary load reported apart from the
steady-state rate.

    .venv/bin/python benchmarks/extraction_throughput.py                    # 10,000 articles
    .venv/bin/python benchmarks/extraction_throughput.py -n 2000 --profile 25

The corpus is generated in memory from sample_corpus/ (see synthetic_corpus.py); the process is
pinned to one CPU; wall-clock and CPU time are both reported (on a busy machine the CPU-time rate
is the steadier figure). Results go to benchmarks/results/extraction_throughput-<label>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
if "--extractors-from" in sys.argv:  # benchmark another copy of the package (e.g. an older version)
    sys.path.insert(0, sys.argv[sys.argv.index("--extractors-from") + 1])

TARGET_ARTICLES_PER_S = 300


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _pin_one_core() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _load_phase() -> dict[str, float]:
    """Import, dictionaries + Aho-Corasick matchers, then lexicon compilation (first article)."""
    t0 = time.perf_counter()
    import extractors.pipeline  # noqa: F401  (imports camel-tools utils, YAML, pyahocorasick)
    from extractors.dictionaries import actor_matcher, load_actors, load_locations, load_org_cues, location_matcher

    t1 = time.perf_counter()
    load_actors(), load_locations(), load_org_cues()
    am, lm = actor_matcher(), location_matcher()
    t2 = time.perf_counter()
    from extractors import extract_article

    extract_article("أعلنت كتائب حزب الله مسؤوليتها عن قصف قاعدة عين الأسد بثلاثة صواريخ أمس الثلاثاء.")
    t3 = time.perf_counter()
    return {"import_s": t1 - t0, "dictionaries_and_matchers_s": t2 - t1, "lexicons_first_article_s": t3 - t2,
            "actor_keys": len(am), "location_keys": len(lm)}


def _run(articles: list, profile: int) -> tuple[float, float, str | None]:
    from extractors import extract_article

    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    for a in articles:
        extract_article(a.text, published=a.published, outlet=a.outlet)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    if prof is None:
        return elapsed, cpu, None
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(profile)
    return elapsed, cpu, buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--label", default=time.strftime("%Y%m%d-%H%M%S"))
    ap.add_argument("--out", type=Path, help="JSON result path (default benchmarks/results/…-<label>.json)")
    ap.add_argument("--extractors-from", metavar="DIR",
                    help="import the extractors package from DIR/extractors instead (same corpus, fair A/B)")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="run under cProfile and print the N most expensive functions (slows the run)")
    args = ap.parse_args(argv)

    cpu = _pin_one_core()
    rss_start = _peak_rss_mb()
    load = _load_phase()
    rss_loaded = _peak_rss_mb()

    from synthetic_corpus import CorpusGenerator, corpus_digest

    t0 = time.perf_counter()
    gen = CorpusGenerator(seed=args.seed)
    articles = gen.corpus_with_progress(args.articles)
    gen_s = time.perf_counter() - t0
    n_chars = sum(len(a.text) for a in articles)
    n_bytes = sum(len(a.text.encode("utf-8")) for a in articles)

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    elapsed, cpu, prof_text = _run(articles, args.profile)
    rate = len(articles) / elapsed
    result = {
        "label": args.label,
        "articles": len(articles),
        "seed": args.seed,
        "corpus_digest": corpus_digest(articles),
        "corpus_mb_utf8": round(n_bytes / 1e6, 3),
        "mean_article_chars": round(n_chars / len(articles)),
        "cpu_pinned": cpu,
        "profiled": bool(args.profile),
        "load": {k: round(v, 4) if isinstance(v, float) else v for k, v in load.items()},
        "corpus_generation_s": round(gen_s, 3),
        "extraction_s": round(elapsed, 3),
        "articles_per_s": round(rate, 1),
        "mb_per_s": round(n_bytes / 1e6 / elapsed, 3),
        "cpu_s": round(cpu, 3),
        "articles_per_cpu_s": round(len(articles) / cpu, 1),
        "load_average_before": load_before,
        "ms_per_article": round(1000 * elapsed / len(articles), 3),
        "peak_rss_mb": {"start": round(rss_start, 1), "after_load": round(rss_loaded, 1),
                        "end": round(_peak_rss_mb(), 1)},
        "target_articles_per_s": TARGET_ARTICLES_PER_S,
        "meets_target": rate >= TARGET_ARTICLES_PER_S,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus",
    }
    from extractors import extractor_version

    result["extractor_version"] = extractor_version()
    import extractors

    result["extractors_path"] = str(Path(extractors.__file__).parent)

    rows = [
        ("articles (synthetic, from sample_corpus)", f"{len(articles):,} ({result['corpus_mb_utf8']} MB UTF-8, "
                                                     f"mean {result['mean_article_chars']} chars)"),
        ("corpus digest", result["corpus_digest"]),
        ("import extractors", f"{load['import_s']:.3f} s"),
        ("dictionaries + matchers load", f"{load['dictionaries_and_matchers_s']:.3f} s "
                                         f"({load['actor_keys']:,} actor / {load['location_keys']:,} place keys)"),
        ("lexicons (first article)", f"{load['lexicons_first_article_s']:.3f} s"),
        ("corpus generation (not timed)", f"{gen_s:.1f} s"),
        ("extraction, one core", f"{elapsed:.1f} s" + (" (under cProfile)" if args.profile else "")),
        ("throughput", f"{rate:,.1f} articles/s   {result['mb_per_s']:.3f} MB/s   "
                       f"{result['ms_per_article']:.2f} ms/article"),
        ("CPU time (process)", f"{cpu:.1f} s = {len(articles) / cpu:,.1f} articles per CPU-second"
                               + (f"   (load average before: {load_before:.2f})" if load_before is not None else "")),
        ("peak RSS", f"{result['peak_rss_mb']['end']:.0f} MB (after load {rss_loaded:.0f} MB)"),
        ("target", f"≥ {TARGET_ARTICLES_PER_S} articles/s: {'met' if result['meets_target'] else 'NOT met'}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"extraction throughput — {args.label}")
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    if prof_text:
        print(prof_text)
    out = args.out or HERE / "results" / f"extraction_throughput-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
