"""`marsad report`: the static HTML report, opened page by page in a real headless Chromium.

The report is built from a *copy* of the shared sample warehouse into which the test writes an
article whose title, outlet, evidence sentence, quote and speaker carry script and image-handler
payloads (in every table the report reads article text from).  Every page is then loaded from
file:// with the network switched off, and must show the payload as text, run no script but the
report's own, log no error and request nothing from the network.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.report.render import CSP, build_report, iter_pages
from orchestration.report.svg import MAP_EXTENT

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
PAYLOAD = f"قصف صاروخي {SCRIPT} على القاعدة {IMG} أمس"
ARTICLE = "feedfacefeedface"
ACTOR = "unv_feedface"
CLAIM = "feedfacefeedfacefeedfacefeedface"
ARABIC = re.compile(r"[\u0600-\u06FF]")

# Every text node with Arabic letters must sit in an element marked rtl and Arabic.
ARABIC_WITHOUT_RTL = """() => {
  const bad = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!/[\\u0600-\\u06FF]/.test(n.nodeValue)) continue;
    const el = n.parentElement, dir = el.closest('[dir]');
    if (!dir || dir.getAttribute('dir') !== 'rtl' || !el.closest('[lang="ar"]')) bad.push(el.outerHTML.slice(0, 160));
  }
  return bad;
}"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inject(db: Path) -> str:
    """Write hostile article text into a warehouse copy; returns the incident it is attached to."""
    con = duckdb.connect(str(db))
    try:
        claim_id, incident_id = con.execute("""
            select c.claim_id, c.incident_id
            from marts.fct_claims as c
            join marts.fct_incidents as i using (incident_id)
            join marts.dim_locations as l on l.location_id = i.location_id
            where c.claim_type = 'accusation' and l.latitude is not null
              and exists (select 1 from marts.bridge_claim_actors as b
                          where b.claim_id = c.claim_id and b.role = 'accused')
            order by c.claim_id limit 1""").fetchone()
        report_article = con.execute("select min(article_id) from marts.fct_incident_reports where incident_id = ?",
                                     [incident_id]).fetchone()[0]
        n = len(PAYLOAD)
        p = [PAYLOAD]
        con.execute(f"""insert into marts.dim_articles select * replace (
            '{ARTICLE}' as article_id, 'file:///landing/pwned.txt' as source_uri,
            'javascript:window.__pwned=1' as url, ? as outlet, ? as title)
            from marts.dim_articles where article_id = ?""", [*p, *p, report_article])
        con.execute(f"""insert into marts.fct_incident_reports select * replace (
            '{ARTICLE}' as article_id, 0 as sentence_index, 0 as char_start, {n} as char_end,
            ? as evidence_text, ? as outlet)
            from marts.fct_incident_reports where incident_id = ? and article_id = ? limit 1""",
                    [*p, *p, incident_id, report_article])
        con.execute("insert into extract.sentences values (?, 0, 0, ?, ?, false)", [ARTICLE, n, PAYLOAD])
        con.execute(f"""insert into marts.dim_actors select * replace (
            '{ACTOR}' as actor_id, ? as name_ar, null as name_en, null as parent_actor_id,
            '{ACTOR}' as rollup_actor_id, 'cue' as actor_source, false as verified, null as attribution_source)
            from marts.dim_actors limit 1""", p)
        con.execute("insert into marts.dim_actor_aliases values (?, ?, 'ar', 'cue')", [ACTOR, PAYLOAD])
        con.execute(f"""insert into marts.fct_claims select * replace (
            '{CLAIM}' as claim_id, '{ARTICLE}' as article_id, 0 as sentence_index, 0 as char_start,
            {n} as char_end, '{ACTOR}' as speaker_actor_id, ? as speaker_text, ? as quote_text)
            from marts.fct_claims where claim_id = ?""", [*p, *p, claim_id])
        con.execute(f"""insert into marts.bridge_claim_actors select * replace (
            '{CLAIM}' as claim_id, '{ARTICLE}' as article_id)
            from marts.bridge_claim_actors where claim_id = ?""", [claim_id])
        con.execute("""insert into marts.mart_source_coverage select * replace (? as outlet)
            from marts.mart_source_coverage limit 1""", p)
    finally:
        con.close()
    return incident_id


@pytest.fixture(scope="module")
def injected(sample_warehouse: Path, tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("report_wh") / sample_warehouse.name
    shutil.copyfile(sample_warehouse, db)
    return db, _inject(db)


@pytest.fixture(scope="module")
def report(injected: tuple[Path, str], tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    result = build_report(injected[0], out, dbt_docs=True)
    assert result.pages["incident"] > 0 and result.pages["actor"] > 0
    assert (out / "dbt_docs" / "index.html").is_file()
    return out


def test_report_command_reads_the_published_file_only(sample_warehouse: Path, tmp_path: Path) -> None:
    before = (_sha256(sample_warehouse), sample_warehouse.stat().st_mtime_ns)
    out = tmp_path / "site"
    args = ["report", "--warehouse", str(sample_warehouse), "--out", str(out), "--no-dbt-docs"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert re.search(r"size \d+\.\d MB in \d+ files · built in \d+\.\d+s", res.output), res.output
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        n_incidents = con.execute("select count(*) from marts.fct_incidents").fetchone()[0]
    finally:
        con.close()
    for page in ("index.html", "map.html", "timeline.html", "network.html", "incidents/index.html",
                 "actors/index.html", "static/report.css", "static/report.js"):
        assert (out / page).is_file(), page
    assert len([p for p in (out / "incidents").glob("*.html") if p.name != "index.html"]) == n_incidents
    assert not (out / "dbt_docs").exists()
    # a rerun replaces the previous report; a folder that is not a report is never replaced
    assert CliRunner().invoke(app, args).exit_code == 0
    stranger = tmp_path / "precious"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me")
    res = CliRunner().invoke(app, ["report", "--warehouse", str(sample_warehouse), "--out", str(stranger),
                                   "--no-dbt-docs"])
    assert res.exit_code == 1 and (stranger / "notes.txt").read_text() == "keep me"
    assert (_sha256(sample_warehouse), sample_warehouse.stat().st_mtime_ns) == before


def test_article_text_is_escaped_in_the_html(report: Path, injected: tuple[Path, str]) -> None:
    pages = list(iter_pages(report))
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"
    shown = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert f'content="{CSP}"' in html.replace("&#39;", "'"), page
        assert "window.__pwned=1</script>" not in html and "<img src=x" not in html, page
        assert "javascript:" not in html, page
        # the only script is the report's own file, and nothing is loaded from elsewhere: every
        # src/href is a relative path, except links (<a>) to the articles' web pages
        assert len(re.findall(r"<script\b", html)) == 1 and '<script src="' in html, page
        for tag, attr, value in re.findall(r'<(\w+)\b[^>]*?\b(src|href)="([^"]*)"', html):
            if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", value):
                assert tag == "a" and re.match(r"https?://", value), (page, tag, attr, value)
            else:
                assert not value.startswith("/"), (page, tag, attr, value)
        if escaped in html:
            shown.append(page.relative_to(report).as_posix())
    incident_page = f"incidents/{injected[1]}.html"
    assert {"index.html", "network.html", incident_page, f"actors/{ACTOR}.html"} <= set(shown), shown


def test_every_page_works_offline_in_chromium(report: Path, injected: tuple[Path, str], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    con = duckdb.connect(str(injected[0]), read_only=True)
    lon0, lon1, lat0, lat1 = MAP_EXTENT
    try:
        on_map = con.execute("""select count(*) from marts.fct_incidents join marts.dim_locations using (location_id)
                                where longitude between ? and ? and latitude between ? and ?""",
                             [lon0, lon1, lat0, lat1]).fetchone()[0]
    finally:
        con.close()
    assert on_map > 0
    shots = {"index.html", "map.html", "timeline.html", "network.html", f"incidents/{injected[1]}.html",
             f"actors/{ACTOR}.html", "actors/kataib_hezbollah.html"}
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
            network: list[str] = []

            def block(route) -> None:
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    network.append(route.request.url)
                    route.abort()

            context.route("**/*", block)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("request", lambda r: None if r.url.startswith("file://") else network.append(r.url))
            pages = list(iter_pages(report))
            assert len(pages) > 50
            for path in pages:
                rel = path.relative_to(report).as_posix()
                errors.clear()
                network.clear()
                page.goto(path.as_uri())
                if errors or network:
                    problems.append(f"{rel}: {errors} {network}")
                if page.evaluate("typeof window.__pwned") != "undefined":
                    problems.append(f"{rel}: the payload ran")
                bad = page.evaluate(ARABIC_WITHOUT_RTL)
                if bad or ARABIC.search(page.title()):
                    problems.append(f"{rel}: Arabic text outside dir=rtl lang=ar: {bad[:3]} {page.title()!r}")
                if "&lt;script&gt;window.__pwned" in path.read_text(encoding="utf-8"):
                    for text in (SCRIPT, IMG):
                        if not page.get_by_text(text).first.is_visible():
                            problems.append(f"{rel}: {text} is not shown as text")
                if rel == "map.html":
                    circles = page.locator("svg.map circle.incident").count()
                    if circles != on_map:
                        problems.append(f"map: {circles} circles, {on_map} located incidents in the map area")
                if rel == "timeline.html" and min(page.locator("svg.bars").nth(i).locator("rect").count()
                                                  for i in range(2)) == 0:
                    problems.append("timeline: an empty chart")
                if rel == "network.html" and page.locator("svg.network path.edge").count() == 0:
                    problems.append("network: no edge")
                if rel in shots:
                    page.screenshot(path=tmp_path / (rel.replace("/", "_") + ".png"), full_page=rel != "network.html")
            assert not problems, "\n".join(problems)
            # a click on a map circle opens its incident page
            page.goto((report / "map.html").as_uri())
            page.locator("svg.map a").last.click()
            page.wait_for_load_state()
            assert "/incidents/" in page.url and page.locator("h2", has_text="Evidence").count() == 1
            # the report's one script filters a table as one types
            page.goto((report / "incidents" / "index.html").as_uri())
            total = page.locator("#incident-list tbody tr").count()
            page.fill("input.filter", "drone")
            assert 0 < page.locator("#incident-list tbody tr:not(.hidden)").count() < total
            # dbt docs: the static site opens from disk with its manifest and catalog embedded
            network.clear()
            page.goto((report / "dbt_docs" / "index.html").as_uri() + "#!/model/model.marsad.fct_incidents")
            page.wait_for_function("document.body.innerText.includes('claim_status')", timeout=30_000)
            assert not network, network
        finally:
            browser.close()
