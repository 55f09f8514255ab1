"""Advisory file locks (``flock``) that coordinate processes sharing one warehouse directory.

They are held only around short critical sections (creating a build, swapping the published
file) or by a whole ``marsad refresh`` process, never while waiting for a Dagster concurrency
slot, so they cannot form a cycle with Dagster's pools.  ``flock`` locks die with their process,
so a ``kill -9`` never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(TimeoutError):
    """The lock was still held by another process when the timeout ran out."""


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


@contextmanager
def file_lock(path: Path, *, shared: bool = False, timeout: float | None = None,
              on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive (or shared) lock on ``path`` for the ``with`` block.

    Waits for other holders (``timeout=None``: forever); ``on_wait`` is called once when the lock
    is busy, so a command can say what it is waiting for.
    """
    fd = _open(path)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        warned = False
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and not warned:
                    on_wait()
                    warned = True
                if deadline is not None and time.monotonic() > deadline:
                    raise LockTimeout(f"{path} is still locked after {timeout:.0f}s") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def is_locked(path: Path) -> bool:
    """True when another process holds a lock on ``path`` (shared or exclusive)."""
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


class HeldLock:
    """A shared lock kept for as long as an object lives (e.g. a resource for a whole run)."""

    def __init__(self, path: Path) -> None:
        self._fd = _open(path)
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
