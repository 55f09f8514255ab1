"""Publish dbt's documentation site with the report, built from a private copy of the warehouse.

``dbt docs generate`` opens the warehouse to read its catalog, and opens it for writing, so it runs
against a temporary copy (``private_copy``): the published file is never opened for writing (a
later refresh replaces it anyway, and an analyst may have it open).  The report's own queries read
the same copy, so pages and docs describe one version even if a refresh publishes meanwhile.  dbt
writes its artifacts to a temporary target directory too, not dbt_project/target, which the
Dagster definitions read their manifest from.

dbt's ``index.html`` loads ``manifest.json`` and ``catalog.json`` with ``fetch``, which browsers
refuse on file:// pages; ``--static`` also writes ``static_index.html`` with both embedded.  The
report ships that one as ``dbt_docs/index.html`` (so it opens from disk), and the two JSON files
beside it for tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..settings import DBT_PROJECT_DIR

DBT_DOCS_TIMEOUT_S = 1800


def private_copy(warehouse: Path, directory: Path) -> Path:
    """Copy the warehouse (and a write-ahead log, if any) into ``directory`` under the same file
    name, so DuckDB gives the copy the same catalog name as the original."""
    copy = directory / warehouse.name
    shutil.copyfile(warehouse, copy)
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


def generate_dbt_docs(copy: Path, dest: Path) -> Path:
    """Run ``dbt docs generate --static`` on ``copy`` (a private copy: dbt opens it for writing) and
    copy the site into ``dest``; returns its index.html."""
    from ..resources import DBT_EXECUTABLE  # imports Dagster: only when docs are asked for
    from .render import ReportError

    work = copy.parent
    target = work / "target"
    env = {**os.environ, "MARSAD_WAREHOUSE": str(copy), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [DBT_EXECUTABLE, "docs", "generate", "--static", "--project-dir", str(DBT_PROJECT_DIR),
           "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target),
           "--log-path", str(work / "logs"), "--quiet", "--no-use-colors"]
    proc = subprocess.run(cmd, env=env, cwd=work, capture_output=True, text=True,
                          timeout=DBT_DOCS_TIMEOUT_S, check=False)
    site = target / "static_index.html"
    if proc.returncode != 0 or not site.exists():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise ReportError(f"dbt docs generate failed (exit {proc.returncode}):\n{tail}")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(site, dest / "index.html")
    for name in ("manifest.json", "catalog.json"):
        shutil.copyfile(target / name, dest / name)
    return dest / "index.html"
