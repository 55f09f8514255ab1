"""Step progress of an in-process run, and the progress bar `marsad refresh` / `backfill` draw with it.

A refresh is a single ``execute_in_process`` call that takes from seconds to many minutes; the
only sign of life used to be dbt's own log.  The run's ephemeral instance stores every event in
memory and calls its watchers synchronously, in the executing thread, as each is stored, so
counting STEP_START / STEP_SUCCESS / STEP_FAILURE / STEP_SKIPPED events gives exact step progress
without a second thread or polling.  The number of steps is the job's node count (one step per op:
each asset, multi-asset and asset check; the dbt build is one step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dagster import DagsterInstance, EventLogEntry, JobDefinition
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

# (steps finished, steps in the job, the step(s) running now)
ProgressCallback = Callable[[int, int, str], None]

_FINISHED = {"STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"}


def step_count(job: JobDefinition) -> int:
    """Steps an execution of ``job`` has (one per node; asset jobs have no dynamic outputs)."""
    return len(job.graph.nodes)


def step_label(step_key: str) -> str:
    """``raw__articles_gx_raw_articles`` → ``raw/articles_gx_raw_articles``: asset paths read as paths."""
    return step_key.replace("__", "/")


class StepCounter:
    """An event watcher that reports (finished, total, running) on every step start and end."""

    def __init__(self, total: int, callback: ProgressCallback) -> None:
        self.total = total
        self.finished = 0
        self.running: list[str] = []
        self.callback = callback

    def __call__(self, entry: EventLogEntry, _cursor: str | None = None) -> None:
        event = entry.dagster_event
        if event is None or event.step_key is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.running.append(event.step_key)
        elif kind in _FINISHED:
            self.finished = min(self.total, self.finished + 1)
            if event.step_key in self.running:
                self.running.remove(event.step_key)
        else:
            return
        self.callback(self.finished, self.total, ", ".join(step_label(s) for s in self.running))


@contextmanager
def watching_steps(instance: DagsterInstance, run_id: str, job: JobDefinition,
                   callback: ProgressCallback | None) -> Iterator[None]:
    """Report the steps of run ``run_id`` of ``job`` on ``instance`` to ``callback`` (if any) while inside."""
    if callback is None:
        yield
        return
    counter = StepCounter(step_count(job), callback)
    callback(0, counter.total, "starting")
    instance.watch_event_logs(run_id, None, counter)
    try:
        yield
    finally:
        instance.end_watch_event_logs(run_id, counter)


@contextmanager
def step_progress_bar(console: Console, what: str) -> Iterator[ProgressCallback]:
    """A transient rich progress bar (spinner, running step, bar, n/N, elapsed); yields its callback.

    Transient: once the run ends the bar disappears and the run's report is printed in its place;
    on a non-terminal (a pipe, a log file) rich draws nothing at all.
    """
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.fields[what]}[/bold] {task.description}"),
                  BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("waiting", total=None, what=what)

        def update(done: int, total: int, running: str) -> None:
            progress.update(task, completed=done, total=total, description=running or "…")

        yield update
