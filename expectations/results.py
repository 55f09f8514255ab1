"""Turn a GX validation result into a small, JSON-able summary an operator can act on.

GX results are large nested objects full of numpy scalars and timestamps.  Dagster metadata
must be JSON, and an operator needs only: which rule failed, on which column, how many rows,
and a few of those rows by their identifiers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MAX_SAMPLES = 5
MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed expectation and the evidence for it."""

    expectation: str
    columns: list[str]
    severity: str
    description: str | None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    sample_values: list[Any] = field(default_factory=list)
    sample_rows: list[dict[str, Any]] = field(default_factory=list)
    observed_value: Any = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """The outcome of one suite on one frame.

    ``success`` is false when a *critical* expectation failed; failed ``warning`` expectations
    are listed in ``failures`` but do not make the suite fail (map them to a WARN asset check).
    """

    suite: str
    success: bool
    rows: int
    evaluated: int
    failed: int
    failures: list[Failure]
    seconds: float

    @property
    def critical_failures(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "critical"]

    @property
    def warning_failures(self) -> list[Failure]:
        return [f for f in self.failures if f.severity != "critical"]

    def to_metadata(self) -> dict[str, Any]:
        """A JSON-able dict for Dagster asset-check metadata."""
        out = {k: v for k, v in asdict(self).items() if k != "failures"}
        out["failed_critical"] = len(self.critical_failures)
        out["failed_warning"] = len(self.warning_failures)
        out["failures"] = [jsonable({k: v for k, v in asdict(f).items() if v not in (None, [])})
                           for f in self.failures]
        return jsonable(out)


def jsonable(value: Any) -> Any:
    """``value`` with numpy/pandas scalars, timestamps, NaN/NA and tuples made plain JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return jsonable(str(value))


def _columns(kwargs: dict[str, Any]) -> list[str]:
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list") or kwargs.get("column_set") or [])


def _error(exception_info: dict[str, Any] | None) -> str | None:
    """The exception message, whether GX reports it flat or per metric."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    messages = [i.get("exception_message") for i in infos if isinstance(i, dict) and i.get("raised_exception")]
    return "; ".join(m for m in messages if m) or None


def failure(res: Any, row_id: tuple[str, ...]) -> Failure:
    """Summarise one failed ``ExpectationValidationResult``.

    Sample rows keep the row identifiers, the checked column(s) and the expectation's
    ``meta["show"]`` columns, so each sample reads as "this row, these values".
    """
    config = res.expectation_config
    kwargs = dict(config.kwargs)
    columns = _columns(kwargs)
    result = res.result or {}
    keep = set(row_id) | set(columns) | set((config.meta or {}).get("show", []))
    rows = [{k: v for k, v in r.items() if k in keep} if isinstance(r, dict) else {"index": r}
            for r in (result.get("partial_unexpected_index_list") or [])[:MAX_SAMPLES]]
    severity = getattr(config, "severity", None)
    return Failure(
        expectation=config.type,
        columns=columns,
        severity=str(getattr(severity, "value", severity) or "critical"),
        description=config.description,
        unexpected_count=result.get("unexpected_count"),
        unexpected_percent=result.get("unexpected_percent"),
        sample_values=jsonable((result.get("partial_unexpected_list") or [])[:MAX_SAMPLES]),
        sample_rows=jsonable(rows),
        observed_value=jsonable(result.get("observed_value")),
        error=_error(res.exception_info),
    )
