"""Freshness of the published marts: a Dagster ``FreshnessPolicy`` on every mart and on the published warehouse.

A mart is stale when it has not been materialised for ``MARSAD_FRESHNESS_HOURS`` hours (default
26: the daily schedule plus slack; it warns after half of that).  Dagster's freshness daemon
evaluates the policies (``freshness: enabled: true`` in deploy/dagster.yaml) and the UI shows
each asset's freshness state.  It only sees runs recorded in the Dagster instance; `marsad
status` gives the same answer for refreshes run from the command line, from the publication log
in the warehouse itself.  The dbt translator (orchestration/assets/dbt.py) and the publish asset
attach the policy.
"""

from __future__ import annotations

import datetime as dt
import os

from dagster import FreshnessPolicy


def freshness_window() -> dt.timedelta:
    return dt.timedelta(hours=float(os.environ.get("MARSAD_FRESHNESS_HOURS", "26")))


def freshness_policy() -> FreshnessPolicy:
    window = freshness_window()
    return FreshnessPolicy.time_window(fail_window=window, warn_window=window / 2)
