"""Warehouses built once per test session and shared, read-only, by the end-to-end tests.

A refresh of the seeds or of the sample corpus is the slowest thing the suite does (Dagster
job → DuckDB → dbt build → every GX suite), so the tests that only *read* the published
result share one build of each.  Tests that change a warehouse copy it first
(``shutil.copy``) or build their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.settings import REPO_ROOT, SAMPLE_LANDING

SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def _build(landing: Path, db: Path) -> Path:
    from orchestration.refresh import check_results, run_refresh

    result = run_refresh(landing, db)
    checks = check_results(result)
    failed = [c for c in checks if not c[2]]
    assert result.success, f"refresh of {landing} failed; failed checks: {failed}"
    assert not failed, failed
    assert len(checks) > 20  # GX suites + dbt tests ran as asset checks
    return db


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Path:
    """The published warehouse of ../shared/seeds (skips when the shared folder is absent)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return _build(SEEDS, tmp_path_factory.mktemp("seeds_warehouse") / "seeds.duckdb")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The published warehouse of the bundled sample corpus (sample_corpus/landing)."""
    return _build(SAMPLE_LANDING, tmp_path_factory.mktemp("sample_warehouse") / "sample.duckdb")
