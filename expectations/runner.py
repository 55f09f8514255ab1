"""Validate a frame (or a warehouse table) against a registered suite.

This is what the Dagster asset checks call::

    result = validate_table(con, "extract_actor_mentions")
    AssetCheckResult(passed=result.success, metadata=result.to_metadata())

Suites are built once per calendar day (their upper date bound is "tomorrow") and the GX
context once per process, so after the first call a validation costs the GX metric
computation only.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache

import duckdb
import great_expectations as gx
import pandas as pd

from expectations.frames import load_frame
from expectations.gx_context import VALIDATION_LOCK, batch_definition
from expectations.registry import SUITES, SuiteSpec, spec
from expectations.results import MAX_SAMPLES, SuiteResult, failure

__all__ = ["SUITES", "SuiteResult", "SuiteSpec", "build_suite", "validate", "validate_table"]


@lru_cache(maxsize=128)
def build_suite(suite_name: str, today: dt.date | None = None) -> gx.ExpectationSuite:
    """The suite ``suite_name`` as of ``today`` (default: the current date), cached."""
    return spec(suite_name).build(today or dt.date.today())


def _index_columns(suite: gx.ExpectationSuite, row_id: tuple[str, ...], df: pd.DataFrame) -> list[str]:
    """Columns GX copies into each unexpected-row sample: identifiers plus every ``show`` column."""
    wanted = list(row_id)
    for expectation in suite.expectations:
        wanted += (expectation.meta or {}).get("show", [])
    return [c for c in dict.fromkeys(wanted) if c in df.columns]


def validate(suite_name: str, df: pd.DataFrame) -> SuiteResult:
    """Run suite ``suite_name`` on ``df`` and summarise the outcome.

    ``df`` is normally :func:`expectations.frames.load_frame`'s output; hand-made frames must
    provide the derived ``*_ok`` columns themselves (as strict booleans).
    """
    started = time.perf_counter()
    row_id = spec(suite_name).row_id
    suite = build_suite(suite_name, dt.date.today())
    result_format: dict = {"result_format": "SUMMARY", "partial_unexpected_count": MAX_SAMPLES}
    if index_columns := _index_columns(suite, row_id, df):
        result_format["unexpected_index_column_names"] = index_columns
    with VALIDATION_LOCK:
        batch = batch_definition().get_batch(batch_parameters={"dataframe": df})
        outcome = batch.validate(suite, result_format=result_format)
    failures = [failure(r, row_id) for r in outcome.results if not r.success]
    return SuiteResult(
        suite=suite_name,
        success=not any(f.severity == "critical" for f in failures),
        rows=len(df),
        evaluated=len(outcome.results),
        failed=len(failures),
        failures=failures,
        seconds=round(time.perf_counter() - started, 3),
    )


def validate_table(con: duckdb.DuckDBPyConnection, suite_name: str) -> SuiteResult:
    """Load the suite's frame from the warehouse and validate it.

    Raises :class:`expectations.frames.MissingTableError` when the table does not exist yet.
    """
    return validate(suite_name, load_frame(con, suite_name))
