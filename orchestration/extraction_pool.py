"""Run the extraction library over batches of articles, in this process or in a pool of processes.

Extraction is pure Python and CPU-bound, so one process uses one core.  Large runs (a first load,
a backfill, a version change) fan the batches out to worker processes; small runs (the sensor's
handful of new files) stay in-process, where starting workers would cost more than it saves.

Memory stays bounded by the batch size, not the corpus: the caller reads the texts of one batch
at a time and at most ``2 × workers`` batches are in flight.  Results come back in submission
order, so the warehouse is written batch by batch exactly as the in-process path writes it.

Workers are started with ``forkserver``, not ``fork``: the Dagster process that calls this has
threads (event log, compute-log capture), and forking a process with threads can copy a held
lock into the child.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from extractors import extract_article
from extractors.model import EXTRACT_TABLES

# An article to extract: (article id, text, metadata publication date, outlet, why it is extracted)
Item = tuple[str, str, dt.date | None, str | None, str]

# Below this many articles a run extracts in-process: starting workers (each loads the
# dictionaries, a few seconds) would cost more than the parallelism saves.
POOL_MIN_ARTICLES = 1000


@dataclass
class BatchResult:
    """One batch's rows per ``extract.*`` table, the ids extracted, why, and per-article errors."""

    rows: dict[str, list[dict]]
    done_ids: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def extract_batch(items: list[Item], version: str, now: dt.datetime) -> BatchResult:
    """Extract every article of ``items``; an article that raises is reported, not fatal."""
    out = BatchResult(rows={t: [] for t in EXTRACT_TABLES})
    for article_id, text, published, outlet, reason in items:
        try:
            result = extract_article(text, published=published, outlet=outlet)
        except Exception as e:  # noqa: BLE001 - report the article, keep going
            out.errors.append(f"{article_id}: {type(e).__name__}: {e}")
            continue
        for table, table_rows in result.table_rows(article_id, version, now).items():
            out.rows[table].extend(table_rows)
        out.done_ids.append(article_id)
        out.reasons.append(reason)
    return out


def _warm() -> None:
    """Load the dictionaries and matchers once per worker, before its first batch."""
    extract_article("قصف صاروخي على قاعدة عين الأسد في الأنبار.", published=dt.date(2020, 1, 1))


def extraction_workers(n_articles: int) -> int:
    """How many worker processes to use for ``n_articles`` (0 = in-process).

    ``MARSAD_EXTRACT_WORKERS`` overrides the default (every core); a value of 0 or 1 forces the
    in-process path."""
    configured = os.environ.get("MARSAD_EXTRACT_WORKERS")
    workers = int(configured) if configured else (os.cpu_count() or 1)
    if workers <= 1 or n_articles < POOL_MIN_ARTICLES:
        return 0
    return workers


def extract_batches(batches: Iterable[list[Item]], version: str, now: dt.datetime,
                    workers: int = 0) -> Iterator[BatchResult]:
    """Extract ``batches`` (a lazy iterable: texts are read one batch ahead of the workers), yield
    each batch's result in order."""
    if workers <= 0:
        for items in batches:
            yield extract_batch(items, version, now)
        return
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as pool:
        pending: deque[Future[BatchResult]] = deque()
        for items in batches:
            pending.append(pool.submit(extract_batch, items, version, now))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
