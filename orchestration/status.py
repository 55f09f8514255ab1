"""What happened to each refresh: check outcomes, failures, and the attempt log behind `marsad status`.

The published warehouse records its own publications (``ops.publications``); a refresh that
fails never touches it, so its outcome goes to ``attempts.jsonl`` next to it, written by the
publish step (success), by ``marsad refresh`` (failure of an in-process run) or by the
``record_failed_refresh`` run-failure sensor (failure of a run launched by the daemon).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from dagster import DagsterEvent

from .publish import Layout

SAMPLE_TEXT = 300
MAX_LOG_BYTES, KEEP_ATTEMPTS = 2_000_000, 1000


@dataclass(frozen=True)
class CheckOutcome:
    asset: str
    check: str
    passed: bool
    severity: str
    why: str | None


def _value(v: object) -> object:
    return getattr(v, "value", v)


def _why(metadata: dict) -> str | None:
    """One line saying why a check failed, from GX or dbt metadata."""
    failures = _value(metadata.get("failures"))
    if isinstance(failures, list) and failures:
        critical = [f for f in failures if f.get("severity", "critical") == "critical"] or failures
        texts = []
        for f in critical[:2]:
            cols = ", ".join(f.get("columns") or [])
            text = f"{f.get('description') or f.get('expectation')}"
            if cols:
                text += f" [{cols}]"
            if f.get("unexpected_count") is not None:
                text += f": {f['unexpected_count']} row(s)"
            if f.get("sample_rows"):
                text += f", e.g. {json.dumps(f['sample_rows'][:2], ensure_ascii=False)}"
            texts.append(text[:SAMPLE_TEXT])
        return "; ".join(texts)
    for key in ("problem", "files_unaccounted", "dagster_dbt/failed_row_count", "status"):
        if key in metadata:
            return f"{key}: {_value(metadata[key])}"[:SAMPLE_TEXT]
    return None


def check_outcomes(events: Iterable[DagsterEvent]) -> list[CheckOutcome]:
    """Every asset check evaluated in a run's events."""
    out = []
    for ev in events:
        if ev.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        data = ev.event_specific_data
        severity = getattr(data.severity, "value", str(data.severity))
        out.append(CheckOutcome("/".join(data.asset_key.path), data.check_name, bool(data.passed), severity,
                                None if data.passed else _why(dict(data.metadata or {}))))
    return out


def _root_message(err: object) -> str:
    """The innermost cause of a Dagster error (the wrapper only says "error in op X")."""
    if err is None:
        return "unknown error"
    while getattr(err, "cause", None) is not None:
        err = err.cause
    return str(getattr(err, "message", err)).strip()


def step_failures(events: Iterable[DagsterEvent]) -> list[dict]:
    """Steps that failed, with the first line(s) of their error."""
    out = []
    for ev in events:
        if ev.event_type_value == "STEP_FAILURE":
            message = _root_message(ev.event_specific_data.error)
            if "DagsterAssetCheckFailedError" not in message:  # already listed as a failed check
                out.append({"step": ev.step_key, "error": message[:500]})
    return out


def failure_record(run_id: str, job_name: str, events: Iterable[DagsterEvent]) -> dict:
    """The attempt-log entry of a failed run: which checks failed and which steps broke."""
    events = list(events)
    failed = [c for c in check_outcomes(events) if not c.passed and c.severity == "ERROR"]
    return {"run_id": run_id, "job_name": job_name, "outcome": "failed",
            "finished_at": dt.datetime.now().isoformat(timespec="seconds"),
            "failed_checks": [asdict(c) for c in failed], "failed_steps": step_failures(events)}


def record_attempt(layout: Layout, record: dict) -> None:
    """Append one refresh outcome to the warehouse's attempt log (one JSON object per line).

    Past ``MAX_LOG_BYTES`` the log keeps its newest ``KEEP_ATTEMPTS`` lines.
    """
    layout.state.mkdir(parents=True, exist_ok=True)
    with layout.attempts.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    if layout.attempts.stat().st_size > MAX_LOG_BYTES:
        lines = layout.attempts.read_text(encoding="utf-8").splitlines()[-KEEP_ATTEMPTS:]
        tmp = layout.attempts.with_name(layout.attempts.name + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(layout.attempts)


def read_attempts(layout: Layout, limit: int = 20) -> list[dict]:
    """The newest attempts, newest first."""
    if not layout.attempts.exists():
        return []
    out = []
    for line in layout.attempts.read_text(encoding="utf-8").splitlines()[-limit:]:
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a crash mid-append
    return out[::-1]
