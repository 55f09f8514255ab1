"""Named crash points, so tests can ``kill -9`` a real refresh at a known place.

``failpoint("extract.before_commit")`` does nothing unless the environment variable
``MARSAD_FAILPOINT`` names that point.  When it does, the process writes its pid to the file
named by ``MARSAD_FAILPOINT_MARKER`` and sleeps; the test then kills the whole process group with
SIGKILL.  Nothing is simulated: the process really dies mid-transaction, mid-dbt or mid-publish,
which is how the fault-tolerance tests prove that a rerun equals an uninterrupted run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POINTS = ("ingest.before_commit", "extract.before_commit", "dbt.model_built", "publish.before_swap",
          "publish.after_swap")


def failpoint(name: str) -> None:
    """Pause forever at ``name`` when ``MARSAD_FAILPOINT`` asks for it (see the module docstring)."""
    if os.environ.get("MARSAD_FAILPOINT") != name:
        return
    marker = os.environ.get("MARSAD_FAILPOINT_MARKER")
    if marker:
        Path(marker).write_text(f"{os.getpid()} {name}\n", encoding="utf-8")
    while True:  # pragma: no cover - ends with SIGKILL
        time.sleep(60)
