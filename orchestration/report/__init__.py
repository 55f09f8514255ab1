"""`marsad report`: a static HTML report of the published warehouse that opens from disk.

The report is a folder of plain HTML pages with inline SVG charts, one stylesheet and one small
script, all shipped inside this package: it needs no server and makes no network request (no CDN,
no map tiles), so it can be mailed, archived next to the warehouse it describes, or opened on an
air-gapped machine.  Article text is untrusted input, so every page is rendered by Jinja2 with
autoescaping on and carries a strict Content-Security-Policy.

Modules: ``queries`` reads the marts (one query per table, so thousands of incident pages cost
no more queries than ten), ``svg`` turns rows into chart geometry, ``render`` writes the pages,
``dbt_docs`` publishes dbt's documentation site beside them.
"""

from __future__ import annotations

from .render import ReportResult, build_report

__all__ = ["ReportResult", "build_report"]
