"""Make sure dbt's manifest exists and is current before Dagster loads the dbt assets.

`DbtProject.prepare_if_dev()` only parses under `dagster dev` and looks dbt up on PATH; the code
location, the CLI and the tests call :func:`ensure_manifest` instead, which runs this
environment's `dbt parse` when the manifest is missing or older than any file of the project.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .resources import DBT_EXECUTABLE, dbt_project
from .settings import DBT_PROJECT_DIR


def _newest_source_mtime(root: Path) -> float:
    newest = 0.0
    for sub in ("models", "macros", "tests", "dbt_project.yml", "profiles.yml"):
        p = root / sub
        files = [p] if p.is_file() else (p.rglob("*") if p.is_dir() else [])
        for f in files:
            if f.is_file():
                newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    manifest = Path(dbt_project.manifest_path)
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(DBT_PROJECT_DIR):
        subprocess.run([DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(dbt_project.project_dir),
                        "--profiles-dir", str(dbt_project.profiles_dir)], check=True)
    if not manifest.exists():
        raise RuntimeError(f"dbt parse did not produce {manifest}")
    return manifest
