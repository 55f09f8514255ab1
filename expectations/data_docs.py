"""Great Expectations Data Docs: one HTML page per validation, plus an index per run.

GX's own site builder needs a file-backed context and a checkpoint; the ephemeral context we
validate with (expectations/gx_context.py) has neither.  GX's page renderer and Jinja view
produce the same validation page from the in-memory result, so each Dagster check writes its
page next to the others of the same run and rewrites the run's ``index.html``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from expectations.results import SuiteResult


def write_validation_page(outcome: object, result: SuiteResult, directory: Path) -> Path:
    """Render ``outcome`` (an ``ExpectationSuiteValidationResult``) to ``directory/<suite>.html``."""
    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    directory.mkdir(parents=True, exist_ok=True)
    page = directory / f"{result.suite}.html"
    page.write_text(DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(outcome)), encoding="utf-8")
    (directory / f"{result.suite}.json").write_text(json.dumps(
        {"suite": result.suite, "success": result.success, "rows": result.rows, "evaluated": result.evaluated,
         "failed": result.failed, "seconds": result.seconds}), encoding="utf-8")
    write_index(directory)
    return page


def write_index(directory: Path) -> Path:
    """``directory/index.html``: every validation page of the run, failures first."""
    rows = []
    for summary in sorted(directory.glob("*.json")):
        try:
            rows.append(json.loads(summary.read_text(encoding="utf-8")))
        except ValueError:
            continue
    rows.sort(key=lambda r: (r["success"], r["suite"]))
    items = "\n".join(
        f'<tr><td><a href="{html.escape(r["suite"])}.html">{html.escape(r["suite"])}</a></td>'
        f'<td style="color:{"green" if r["success"] else "red"}">{"passed" if r["success"] else "FAILED"}</td>'
        f'<td>{r["rows"]}</td><td>{r["evaluated"]}</td><td>{r["failed"]}</td></tr>' for r in rows)
    index = directory / "index.html"
    index.write_text(
        "<!doctype html><meta charset='utf-8'><title>marsad data docs</title>"
        f"<h1>Great Expectations validations — {html.escape(directory.name)}</h1>"
        "<table border=1 cellpadding=4><tr><th>suite</th><th>result</th><th>rows</th><th>expectations</th>"
        f"<th>failed</th></tr>\n{items}\n</table>", encoding="utf-8")
    return index
