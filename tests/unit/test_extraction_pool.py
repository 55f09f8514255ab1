"""Parallel extraction gives exactly the in-process result, batch by batch, in order."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.extraction_pool import POOL_MIN_ARTICLES, extract_batches, extraction_workers
from orchestration.ingestion.decode import decode_bytes
from orchestration.settings import SAMPLE_LANDING

NOW = dt.datetime(2026, 1, 1, 12, 0)


def _items(n: int) -> list[tuple]:
    paths = sorted(SAMPLE_LANDING.glob("*.txt"))[:n]
    return [(p.stem, decode_bytes(p.read_bytes()).text, None, None, "new") for p in paths]


def test_pool_equals_in_process():
    items = _items(6)
    batches = [items[i:i + 2] for i in range(0, len(items), 2)]
    serial = list(extract_batches(iter(batches), "v-test", NOW, workers=0))
    pooled = list(extract_batches(iter(batches), "v-test", NOW, workers=2))
    assert [b.done_ids for b in pooled] == [[i[0] for i in b] for b in batches]
    assert [b.rows for b in pooled] == [b.rows for b in serial]
    assert sum(len(b.rows["incident_frames"]) for b in serial) > 0


def test_a_failing_article_is_reported_not_fatal():
    items = _items(1) + [("broken", None, None, None, "new")]  # text None: the extractor raises
    (result,) = extract_batches([items], "v-test", NOW, workers=0)
    assert result.done_ids == [items[0][0]]
    assert len(result.errors) == 1 and result.errors[0].startswith("broken: ")


@pytest.mark.parametrize(("env", "n", "expected"), [
    ("4", POOL_MIN_ARTICLES, 4), ("4", POOL_MIN_ARTICLES - 1, 0), ("1", 10**6, 0), ("0", 10**6, 0)])
def test_worker_count(monkeypatch, env, n, expected):
    monkeypatch.setenv("MARSAD_EXTRACT_WORKERS", env)
    assert extraction_workers(n) == expected
