"""One cached, offline Great Expectations context for the whole process.

Building a GX context is slow (importing GX alone takes seconds), so every validation reuses a
single ephemeral context and a single pandas batch definition: nothing is written to disk, no
``gx/`` project directory is needed, and Dagster asset checks stay cheap after the first call.

We validate pandas DataFrames (read from DuckDB by :mod:`expectations.frames`) rather than
DuckDB through GX's SQL datasource, because GX 1.x cannot validate DuckDB that way.

``GX_ANALYTICS_ENABLED`` is forced off *before* GX is imported so no usage statistics are sent;
GX 1.24's ephemeral context makes no other network call (its PyPI version checker is not wired
into ``get_context``).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

os.environ["GX_ANALYTICS_ENABLED"] = "false"

# GX must be imported after the environment switch above.
import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition

DATASOURCE = "marsad_frames"
ASSET = "frame"
BATCH_DEFINITION = "whole_frame"

# GX keeps per-context state while it validates; asset checks may run in threads.
VALIDATION_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def batch_definition() -> BatchDefinition:
    """The whole-DataFrame batch definition every suite is validated through (built once)."""
    context = gx.get_context(mode="ephemeral")
    # tqdm bars would spam Dagster's captured stderr on every check.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas(DATASOURCE).add_dataframe_asset(ASSET)
    return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)
