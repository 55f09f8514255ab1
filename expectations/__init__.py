"""Great Expectations suites for every warehouse stage, and the runner Dagster asset checks call.

Public API (see :mod:`expectations.runner`)::

    from expectations.runner import SUITES, validate, validate_table

Importing any submodule first switches GX analytics off (``GX_ANALYTICS_ENABLED=false``): it
must be set before ``great_expectations`` is imported, and this package is the first thing that
runs.
"""

import os

os.environ["GX_ANALYTICS_ENABLED"] = "false"
