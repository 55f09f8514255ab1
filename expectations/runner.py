"""Validate a frame (or a warehouse table) against a registered suite.

This is what the Dagster asset checks call::

    result = validate_table(con, "extract_actor_mentions")
    AssetCheckResult(passed=result.success, metadata=result.to_metadata())

Suites are built once per calendar day (their upper date bound is "tomorrow") and the GX
context once per process, so after the first call a validation costs the GX metric
computation only.  Great Expectations itself is imported on the first validation, not when
this module is imported, so loading the Dagster code location stays fast.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from expectations.frames import load_frame
from expectations.registry import ROW_IDS, SUITES, SuiteSpec, spec
from expectations.results import MAX_SAMPLES, SuiteResult, failure

if TYPE_CHECKING:
    import great_expectations as gx

__all__ = ["ROW_IDS", "SUITES", "SuiteResult", "SuiteSpec", "build_suite", "validate", "validate_table"]


def build_suite(suite_name: str, today: dt.date | None = None) -> gx.ExpectationSuite:
    """The suite ``suite_name`` as of ``today`` (default: the current date), cached per day."""
    return _cached_suite(suite_name, today or dt.date.today())


@lru_cache(maxsize=128)
def _cached_suite(suite_name: str, today: dt.date) -> gx.ExpectationSuite:
    return spec(suite_name).builder(today)


def _index_columns(suite: gx.ExpectationSuite, row_id: tuple[str, ...], df: pd.DataFrame) -> list[str]:
    """Columns GX copies into each unexpected-row sample: identifiers plus every ``show`` column."""
    wanted = list(row_id)
    for expectation in suite.expectations:
        wanted += (expectation.meta or {}).get("show", [])
    return [c for c in dict.fromkeys(wanted) if c in df.columns]


def validate(suite_name: str, df: pd.DataFrame, docs_dir: Path | None = None) -> SuiteResult:
    """Run suite ``suite_name`` on ``df`` and summarise the outcome.

    ``df`` is normally :func:`expectations.frames.load_frame`'s output; hand-made frames must
    provide the derived ``*_ok`` columns themselves (as strict booleans).  With ``docs_dir``, the
    validation is also rendered as a Data Docs page there (expectations/data_docs.py).
    """
    from expectations.gx_context import VALIDATION_LOCK, batch_definition

    started = time.perf_counter()
    spec(suite_name)  # unknown names fail here, with the list of valid ones
    row_id = ROW_IDS[suite_name]
    suite = build_suite(suite_name)
    result_format: dict = {"result_format": "SUMMARY", "partial_unexpected_count": MAX_SAMPLES}
    if index_columns := _index_columns(suite, row_id, df):
        result_format["unexpected_index_column_names"] = index_columns
    with VALIDATION_LOCK:
        batch = batch_definition().get_batch(batch_parameters={"dataframe": df})
        outcome = batch.validate(suite, result_format=result_format)
    failures = [failure(r, row_id) for r in outcome.results if not r.success]
    result = SuiteResult(
        suite=suite_name,
        success=not any(f.severity == "critical" for f in failures),
        rows=len(df),
        evaluated=len(outcome.results),
        failed=len(failures),
        failures=failures,
        seconds=round(time.perf_counter() - started, 3),
    )
    if docs_dir is not None:
        from expectations.data_docs import write_validation_page

        write_validation_page(outcome, result, docs_dir)
    return result


def validate_table(con: duckdb.DuckDBPyConnection, suite_name: str, docs_dir: Path | None = None) -> SuiteResult:
    """Load the suite's frame from the warehouse and validate it.

    Raises ``KeyError`` for an unknown suite and :class:`expectations.frames.MissingTableError`
    when a table the suite reads does not exist yet.
    """
    spec(suite_name)
    return validate(suite_name, load_frame(con, suite_name), docs_dir)
