"""Step progress from a real in-process Dagster run: every step that runs is counted once, failed ones too."""

from __future__ import annotations

import uuid

from dagster import DagsterInstance, job, op

from orchestration.progress import step_count, watching_steps


@op
def first() -> int:
    return 1


@op
def second(x: int) -> int:
    return x + 1


@op
def breaks(x: int) -> int:
    raise RuntimeError("planted failure")


@op
def after_break(x: int) -> int:
    return x


@job
def toy():
    n = first()
    second(n)
    after_break(breaks(n))


def _run() -> tuple[bool, list[tuple[int, int, str]]]:
    calls: list[tuple[int, int, str]] = []
    run_id = str(uuid.uuid4())
    with DagsterInstance.ephemeral() as instance, watching_steps(instance, run_id, toy,
                                                                 lambda *a: calls.append(a)):
        result = toy.execute_in_process(instance=instance, raise_on_error=False, run_id=run_id)
    return result.success, calls


def test_every_step_that_ran_is_counted_once_failed_ones_too() -> None:
    success, calls = _run()
    assert not success
    assert step_count(toy) == 4
    assert calls[0] == (0, 4, "starting")
    assert calls[-1] == (3, 4, "")  # first, second, breaks; after_break never ran
    done = [c[0] for c in calls]
    assert done == sorted(done)  # never goes backwards
    assert {c[2] for c in calls} >= {"first", "second", "breaks"}  # each step shown while it runs
    assert "after_break" not in {c[2] for c in calls}  # skipped: never started

