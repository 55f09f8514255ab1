"""Render the static report: overview, map, timeline, claims network, one page per incident/actor.

The pages are written into a fresh folder beside ``out`` and swapped in at the end, so a report
being rebuilt never shows half old, half new pages (and a failed build leaves the previous one).
Jinja2 autoescapes everything: article titles, outlets, evidence sentences and quotes are
untrusted text and are never marked safe; each page also carries a Content-Security-Policy that
allows only the report's own stylesheet and script, so even a rendering bug could not load or run
anything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import svg
from .queries import ReportData, Row, index_by, load

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC = PACKAGE_DIR / "static"
MARKER = ".marsad-report"  # marks a folder this command may replace

# Only the report's own files; no inline script, no inline style attribute, nothing remote.
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")

EVENT_TYPES = list(svg.EVENT_TYPE_COLOURS)
# claim_type → the bridge_claim_actors role that names whom the claim is about (network edges)
EDGE_ROLES = {"accusation": "accused", "denial": "denied_for", "responsibility_claim": "credited"}
UNNAMED = "__unnamed__"
MAX_NETWORK_NODES = 80
MAX_CLAIMS_PER_ACTOR_LIST = 200  # newest first; a busy actor's page stays a few hundred KB
TOP_AREAS = 8
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


class ReportError(RuntimeError):
    """The report cannot be built (bad output folder, unreadable warehouse, dbt docs failed)."""


@dataclass
class ReportResult:
    out: Path
    files: int = 0
    bytes: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    dbt_docs: Path | None = None


def has_arabic(text: Any) -> bool:
    return isinstance(text, str) and ARABIC.search(text) is not None


def file_name(key: str) -> str:
    """A page name for an id: the id itself when it is a plain slug, else a hash of it."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}", key) and not key.endswith("."):
        return f"{key}.html"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + ".html"


def fmt_range(lo: Any, hi: Any) -> str:
    """Figures as the marts keep them: a range, open-ended when only a lower bound was given."""
    if lo is None and hi is None:
        return "—"
    if hi is None:
        return f"≥ {lo}"
    if lo is None:
        return f"≤ {hi}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def fmt_date(value: Any, precision: str | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        if precision == "month":
            return f"{value:%Y-%m}"
        if precision == "year":
            return f"{value:%Y}"
        return value.isoformat()
    return str(value)


def split_span(text: str | None, text_start: int | None, start: int | None, end: int | None) -> list[tuple[str, bool]]:
    """A sentence cut into (piece, is_evidence) parts around the character span the row came from,
    so the page can highlight the exact words without building HTML from article text."""
    if not text:
        return []
    if text_start is None or start is None or end is None:
        return [(text, False)]
    a, b = max(0, start - text_start), min(len(text), end - text_start)
    if a >= b or (a == 0 and b == len(text)):
        return [(text, a == 0 and b == len(text))]
    return [(p, mark) for p, mark in ((text[:a], False), (text[a:b], True), (text[b:], False)) if p]


def safe_url(url: Any) -> str | None:
    """Article URLs become links only when they are plain web addresses (never javascript: etc.)."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s\"'<>]+$", url) else None


class Model:
    """The warehouse rows, cross-indexed once for every page (no per-page query)."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.articles = {a["article_id"]: a for a in data["articles"]}
        self.actors = {a["actor_id"]: a for a in data["actors"]}
        self.locations = {loc["location_id"]: loc for loc in data["locations"]}
        self.incidents = data["incidents"]
        self.incident_by_id = {i["incident_id"]: i for i in self.incidents}
        self.reports = index_by(data["reports"], "incident_id")
        self.incident_actors = index_by(data["incident_actors"], "incident_id")
        self.actor_incidents = index_by(data["incident_actors"], "actor_id")
        self.claims = data["claims"]
        self.claim_by_id = {c["claim_id"]: c for c in self.claims}
        self.claims_by_incident = index_by((c for c in self.claims if c["incident_id"]), "incident_id")
        self.claims_by_speaker = index_by((c for c in self.claims if c["speaker_actor_id"]), "speaker_actor_id")
        self.claim_actors = index_by(data["claim_actors"], "claim_id")
        self.actor_claim_roles = index_by((r for r in data["claim_actors"] if r["role"] != "mentioned"), "actor_id")
        self.incident_claims = {r["incident_id"]: r for r in data["incident_claims"]}
        self.activity = index_by(data["activity"], "actor_id")
        self.aliases = index_by(data["aliases"], "actor_id")
        self.children = index_by((a for a in data["actors"] if a["parent_actor_id"]), "parent_actor_id")
        self.brands = index_by((a for a in data["actors"] if a["rollup_actor_id"] != a["actor_id"]),
                               "rollup_actor_id")
        self.actor_pages = self._actor_pages()
        self.actor_href = {a: file_name(a) for a in self.actor_pages}
        self.incident_href = {i["incident_id"]: file_name(i["incident_id"]) for i in self.incidents}

    def _actor_pages(self) -> set[str]:
        """Actors that appear in the data (mentioned, speaking, named by a claim, in an incident),
        plus the organisations they belong or roll up to, so every parent link has a page."""
        d = self.data
        ids = {a["actor_id"] for a in d["actors"] if a["mention_count"]}
        ids |= {r["actor_id"] for r in d["activity"]} | {r["actor_id"] for r in d["claim_actors"]}
        ids |= {r["actor_id"] for r in d["incident_actors"]}
        ids |= {c[k] for c in d["claims"] for k in ("speaker_actor_id", "via_actor_id") if c[k]}
        frontier = set(ids)
        while frontier:
            up = set()
            for a in frontier:
                row = self.actors.get(a)
                if row:
                    up |= {x for x in (row["parent_actor_id"], row["rollup_actor_id"]) if x}
            frontier = up - ids
            ids |= frontier
        return {a for a in ids if a in self.actors}

    def incident_label(self, inc: Row) -> str:
        """Plain English label (SVG titles and page titles stay free of Arabic and article text)."""
        loc = self.locations.get(inc["location_id"] or "")
        place = (loc and (loc["name_en"] or loc["location_id"])) or "unknown place"
        return f"{fmt_date(inc['incident_date'], inc['date_precision'])} {inc['event_type']} at {place}"

    def actor_name_en(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "unnamed source"
        if actor_id == UNNAMED:
            return "unnamed / unresolved source"
        a = self.actors.get(actor_id)
        return (a and a["name_en"]) or actor_id

    def claim_view(self, c: Row) -> Row:
        """A claim with its subjects, article and sentence cut around its span."""
        return {**c, "subjects": self.claim_actors.get(c["claim_id"], []),
                "article": self.articles.get(c["article_id"]),
                "parts": split_span(c["sentence_text"], c["sentence_start"], c["char_start"], c["char_end"])}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(rng=fmt_range, d=fmt_date, safe_url=safe_url)
    env.tests["arabic"] = has_arabic
    return env


class Writer:
    """Renders templates into the staging folder and counts pages by kind."""

    def __init__(self, root: Path, env: Environment, common: dict[str, Any]) -> None:
        self.root, self.env, self.common = root, env, common
        self.pages: Counter[str] = Counter()
        self._templates: dict[str, Any] = {}

    def page(self, kind: str, rel: str, template: str, **ctx: Any) -> None:
        tpl = self._templates.get(template) or self._templates.setdefault(template, self.env.get_template(template))
        depth = rel.count("/")
        html = tpl.render(**self.common, root="../" * depth, page=rel, **ctx)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.pages[kind] += 1


# --- page contexts ---------------------------------------------------------------------------

def overview_context(m: Model) -> dict[str, Any]:
    d = m.data
    pubs = d["publications"]
    by_outlet: dict[str | None, dict[str, Any]] = {}
    for r in d["coverage"]:
        o = by_outlet.setdefault(r["outlet"], {"outlet": r["outlet"], "articles": 0, "incidents_reported": 0,
                                               "incidents_first_reported": 0, "claims_relayed": 0, "months": []})
        for k in ("articles", "incidents_reported", "incidents_first_reported", "claims_relayed"):
            o[k] += r[k] or 0
        if r["publication_month"]:
            o["months"].append(r["publication_month"])
    outlets = sorted(by_outlet.values(), key=lambda o: (-o["articles"], o["outlet"] is None, o["outlet"] or ""))
    peak = max((o["articles"] for o in outlets), default=0)
    for o in outlets:
        o["bar"] = svg.hbar(o["articles"], peak)
        o["first"], o["last"] = (min(o["months"]), max(o["months"])) if o["months"] else (None, None)
    dates = [a["published_date"] for a in d["articles"] if a["published_date"]]
    ingested = [a["ingested_at"] for a in d["articles"] if a["ingested_at"]]
    located = sum(1 for i in m.incidents if m.locations.get(i["location_id"] or "", {}).get("latitude") is not None)
    counts = {
        "articles": len(d["articles"]),
        "outlets": len({a["outlet"] for a in d["articles"] if a["outlet"]}),
        "incidents": len(m.incidents),
        "background": sum(1 for i in m.incidents if i.get("is_background")),
        "located": located,
        "reports": len(d["reports"]),
        "claims": len(m.claims),
        "actors": len(m.actor_pages),
        "claimed": Counter(i["claim_status"] for i in m.incidents),
    }
    return {"pub": pubs[0] if pubs else None, "pubs": pubs, "outlets": outlets, "counts": counts,
            "first_date": min(dates, default=None), "last_date": max(dates, default=None),
            "last_ingested": max(ingested, default=None)}


def map_context(m: Model, basemap: dict[str, Any]) -> dict[str, Any]:
    rows, unlocated = [], []
    for inc in m.incidents:
        loc = m.locations.get(inc["location_id"] or "")
        if not loc or loc["latitude"] is None or loc["longitude"] is None:
            unlocated.append(inc)
            continue
        rows.append({**inc, "latitude": loc["latitude"], "longitude": loc["longitude"],
                     "geo_precision": loc["geo_precision"], "label": m.incident_label(inc),
                     "href": "incidents/" + m.incident_href[inc["incident_id"]]})
    geo = svg.incident_map(rows, basemap)
    return {"geo": geo, "unlocated": unlocated, "outside": geo["outside"]}


def timeline_context(m: Model) -> dict[str, Any]:
    daily = [r for r in m.data["daily"] if r["incident_date"]]
    bins = svg.week_bins([r["incident_date"] for r in daily])
    slot = {b: i for i, b in enumerate(bins)}

    def series(key: Callable[[Row], str], order: list[str], labels: dict[str, Any],
               colours: dict[str, str]) -> list[dict[str, Any]]:
        values: dict[str, list[int]] = defaultdict(lambda: [0] * len(bins))
        for r in daily:
            values[key(r)][slot[svg.week_start(r["incident_date"])]] += r["incidents"]
        return [{"key": k, "label": labels[k]["en"], "label_ar": labels[k].get("ar"), "colour": colours[k],
                 "values": values[k]} for k in order if k in values]

    types = EVENT_TYPES + sorted({r["event_type"] for r in daily} - set(EVENT_TYPES))
    by_type = series(lambda r: r["event_type"], types, {t: {"en": t} for t in types},
                     {t: svg.EVENT_TYPE_COLOURS.get(t, svg.OTHER_COLOUR) for t in types})
    totals: Counter[str] = Counter()
    names: dict[str, dict[str, Any]] = {}
    for r in daily:
        g = r["governorate_id"] or ""
        totals[g] += r["incidents"]
        names[g] = ({"en": r["governorate_name_en"] or g, "ar": r["governorate_name_ar"]} if g
                    else {"en": "no governorate (country-level or unknown place)"})
    top = [g for g, _ in totals.most_common() if g][:TOP_AREAS]
    names["~other"] = {"en": "other governorates"}

    def area(r: Row) -> str:
        g = r["governorate_id"] or ""
        return g if g in top or not g else "~other"

    colours = {g: svg.AREA_COLOURS[i % len(svg.AREA_COLOURS)] for i, g in enumerate(top)}
    colours |= {"~other": svg.OTHER_COLOUR, "": "#eeeeee"}
    by_area = series(area, [*top, "~other", ""], names, colours)
    n_daily = sum(r["incidents"] for r in daily)
    return {"by_type": svg.stacked_bars(bins, by_type) if bins else None, "type_series": by_type,
            "by_area": svg.stacked_bars(bins, by_area) if bins else None, "area_series": by_area,
            "n_weeks": len(bins), "n_daily": n_daily,
            "n_not_daily": sum(1 for i in m.incidents if i["date_precision"] != "day" or not i["incident_date"])}


def network_context(m: Model) -> dict[str, Any]:
    weights: Counter[tuple[str, str, str]] = Counter()
    for c in m.claims:
        role = EDGE_ROLES.get(c["claim_type"])
        if role is None:
            continue
        for r in m.claim_actors.get(c["claim_id"], []):
            if r["role"] == role:
                weights[(c["speaker_actor_id"] or UNNAMED, r["actor_id"], c["claim_type"])] += 1
    degree: Counter[str] = Counter()
    for (s, t, _), n in weights.items():
        degree[s] += n
        degree[t] += n
    kept = {a for a, _ in degree.most_common(MAX_NETWORK_NODES)}
    # a facade brand is drawn next to the organisation it is attributed to, even if that one
    # made or received no claim itself
    for a in list(kept):
        row = m.actors.get(a)
        if row and row["rollup_actor_id"] != a:
            kept.add(row["rollup_actor_id"])

    def group_of(a: str) -> str:
        return m.actors[a]["rollup_actor_id"] if a in m.actors else a

    nodes = []
    for a in kept:
        row = m.actors.get(a)
        g = group_of(a)
        label = row["name_ar"] if row and not row["name_en"] else m.actor_name_en(a)
        label = label if len(label) <= 30 else label[:29] + "…"
        nodes.append({"id": a, "group": g, "group_label": m.actor_name_en(g), "label": label,
                      "label_rtl": has_arabic(label), "degree": degree[a],
                      "title": f"{m.actor_name_en(a)}: {degree[a]} claims made or received",
                      "href": ("actors/" + m.actor_href[a]) if a in m.actor_href else None,
                      "affiliation": (row and row["affiliation"]) or ""})
    group_size = Counter(n["group"] for n in nodes)
    group_aff = {n["group"]: n["affiliation"] for n in nodes if n["id"] == n["group"]}
    nodes.sort(key=lambda n: (group_aff.get(n["group"], n["affiliation"]) or "~", group_size[n["group"]] == 1,
                              n["group_label"].lower(), n["group"], n["id"] != n["group"], n["label"].lower()))
    edges = [{"source": s, "target": t, "type": k, "count": n,
              "title": f"{m.actor_name_en(s)} → {m.actor_name_en(t)}: {k.replace('_', ' ')} ×{n}"}
             for (s, t, k), n in weights.items() if s in kept and t in kept]
    table = sorted(({"source": s, "target": t, "type": k, "count": n} for (s, t, k), n in weights.items()),
                   key=lambda e: (-e["count"], e["type"], e["source"], e["target"]))
    groups = [{"parent": p, "brands": sorted(bs, key=lambda b: b["actor_id"])}
              for p, bs in sorted(m.brands.items()) if p in m.actor_pages]
    return {"net": svg.network(nodes, edges) if nodes else None, "edges": table[:1000], "n_edges": len(table),
            "n_nodes": len(degree), "n_shown": len(nodes), "groups": groups,
            "n_claims": sum(weights.values())}


def incident_context(m: Model, inc: Row) -> dict[str, Any]:
    iid = inc["incident_id"]
    reports = []
    for r in m.reports.get(iid, []):
        reports.append({**r, "article": m.articles.get(r["article_id"]),
                        "parts": split_span(r["sentence_text"] or r["evidence_text"],
                                            r["sentence_start"] if r["sentence_text"] else r["char_start"],
                                            r["char_start"], r["char_end"])})
    claims = [m.claim_view(c) for c in m.claims_by_incident.get(iid, [])]
    claims.sort(key=lambda c: (c["claim_type"], c["article_id"], c["sentence_index"]))
    return {"inc": inc, "label": m.incident_label(inc), "loc": m.locations.get(inc["location_id"] or ""),
            "launch": m.locations.get(inc["launch_location_id"] or ""), "reports": reports,
            "actors": m.incident_actors.get(iid, []), "claims": claims, "summary": m.incident_claims.get(iid)}


ACTIVITY_SERIES = [("incidents_claimed", "incidents claimed", "#d95f02"),
                   ("incidents_alleged", "incidents alleged against it", "#e7298a"),
                   ("accusations_made", "accusations made", "#c0392b"),
                   ("accusations_received", "accusations received", "#7b3294"),
                   ("denials", "denials", "#2471a3"),
                   ("condemnations", "condemnations", "#66a61e"),
                   ("claims_made", "statements made (all types)", "#777777"),
                   ("mentions", "mentions", "#607d8b")]


def actor_context(m: Model, actor: Row) -> dict[str, Any]:
    aid = actor["actor_id"]
    activity = m.activity.get(aid, [])
    dated = [r for r in activity if r["activity_month"]]  # undated articles stay in the table only
    chart = None
    if dated:
        bins = svg.month_bins([r["activity_month"] for r in dated])
        slot = {b: i for i, b in enumerate(bins)}
        series = []
        for key, label, colour in ACTIVITY_SERIES:
            values = [0] * len(bins)
            for r in dated:
                values[slot[r["activity_month"]]] += r[key] or 0
            if any(values):
                series.append({"label": label, "colour": colour, "values": values})
        chart = svg.strips(bins, series) if series else None
    made = [m.claim_view(c) for c in m.claims_by_speaker.get(aid, [])]
    received = []
    for r in m.actor_claim_roles.get(aid, []):
        c = m.claim_by_id.get(r["claim_id"])
        if c is not None:
            received.append({**m.claim_view(c), "role": r["role"]})
    for lst in (made, received):
        lst.sort(key=lambda c: (c["claim_date"] or (c["article"] or {}).get("published_date") or dt.date.min),
                 reverse=True)
    incidents = []
    for r in m.actor_incidents.get(aid, []):
        inc = m.incident_by_id.get(r["incident_id"])
        if inc is not None:
            incidents.append({**r, "inc": inc, "label": m.incident_label(inc)})
    return {"actor": actor, "aliases": m.aliases.get(aid, []), "activity": activity, "chart": chart,
            "made": made[:MAX_CLAIMS_PER_ACTOR_LIST], "n_made": len(made),
            "received": received[:MAX_CLAIMS_PER_ACTOR_LIST], "n_received": len(received),
            "incidents": incidents, "children": m.children.get(aid, []), "brands": m.brands.get(aid, []),
            "parent": m.actors.get(actor["parent_actor_id"] or ""),
            "rollup": m.actors.get(actor["rollup_actor_id"]) if actor["rollup_actor_id"] != aid else None}


# --- the build -------------------------------------------------------------------------------

def check_out_dir(out: Path) -> None:
    """Refuse to replace a folder that is not a previous report (``--out ~`` must not wipe home)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ReportError(f"{out} exists and is not a marsad report folder; choose an empty or new --out")


def _swap_in(staging: Path, out: Path) -> None:
    check_out_dir(out)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)


def _folder_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def build_report(warehouse: Path, out: Path, *, dbt_docs: bool = True,
                 log: Callable[[str], None] | None = None) -> ReportResult:
    """Build the report of ``warehouse`` (read-only) into ``out``; see the module docstring."""
    t0 = time.perf_counter()
    warehouse, out = Path(warehouse).absolute(), Path(out).absolute()
    if not warehouse.is_file():
        raise ReportError(f"warehouse not found: {warehouse}")
    check_out_dir(out)
    say = log or (lambda _msg: None)
    result = ReportResult(out=out)
    with tempfile.TemporaryDirectory(prefix="marsad-report-") as tmp:
        source = warehouse
        if dbt_docs:  # dbt needs a writable copy; the pages then read that same copy
            from .dbt_docs import private_copy

            source = private_copy(warehouse, Path(tmp))
            result.timings["copy"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        data = load(source)
        result.timings["queries"] = time.perf_counter() - t1
        _render(result, Model(data), warehouse, out, source if dbt_docs else None, say)
    result.dbt_docs = out / "dbt_docs" / "index.html" if dbt_docs else None
    result.files, result.bytes = _folder_size(out)
    result.seconds = time.perf_counter() - t0
    return result


def _render(result: ReportResult, model: Model, warehouse: Path, out: Path, docs_from: Path | None,
            say: Callable[[str], None]) -> None:
    """Write every page (and the dbt docs from ``docs_from``, if given) and swap the folder in."""
    data = model.data
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        t1 = time.perf_counter()
        shutil.copytree(STATIC, staging / "static")
        (staging / MARKER).write_text("written by `marsad report`; the command replaces this folder\n",
                                      encoding="utf-8")
        pub = data["publications"][0] if data["publications"] else None
        common = {"CSP": CSP, "warehouse_name": warehouse.name, "built_at": f"{dt.datetime.now():%Y-%m-%d %H:%M}",
                  "publication": pub, "ACTORS": model.actors, "ACTOR_HREF": model.actor_href,
                  "INCIDENT_HREF": model.incident_href, "LOCATIONS": model.locations, "ARTICLES": model.articles,
                  "has_dbt_docs": docs_from is not None, "label_of": model.incident_label,
                  "STATUS_COLOURS": svg.CLAIM_STATUS_COLOURS}
        w = Writer(staging, _environment(), common)
        w.page("overview", "index.html", "overview.html", **overview_context(model))
        w.page("map", "map.html", "map.html", **map_context(model, svg.load_basemap()))
        w.page("timeline", "timeline.html", "timeline.html", **timeline_context(model))
        w.page("network", "network.html", "network.html", **network_context(model))
        w.page("incident index", "incidents/index.html", "incidents.html", incidents=model.incidents,
               n_reports={k: len(v) for k, v in model.reports.items()})
        for inc in model.incidents:
            w.page("incident", "incidents/" + model.incident_href[inc["incident_id"]], "incident.html",
                   **incident_context(model, inc))
        actors = sorted((model.actors[a] for a in model.actor_pages),
                        key=lambda a: (-a["mention_count"], a["actor_id"]))
        made = Counter(c["speaker_actor_id"] for c in model.claims if c["speaker_actor_id"])
        received = {a: len(rs) for a, rs in model.actor_claim_roles.items()}
        w.page("actor index", "actors/index.html", "actors.html", actors=actors, made=made, received=received)
        for a in actors:
            w.page("actor", "actors/" + model.actor_href[a["actor_id"]], "actor.html", **actor_context(model, a))
        result.pages = dict(w.pages)
        result.timings["pages"] = time.perf_counter() - t1
        say(f"rendered {sum(w.pages.values())} pages in {result.timings['pages']:.1f}s")
        if docs_from is not None:
            from .dbt_docs import generate_dbt_docs

            t2 = time.perf_counter()
            say("generating dbt docs on a temporary copy of the warehouse …")
            generate_dbt_docs(docs_from, staging / "dbt_docs")
            result.timings["dbt_docs"] = time.perf_counter() - t2
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def iter_pages(out: Path) -> Iterable[Path]:
    """The report's own HTML pages (dbt docs excluded): what the end-to-end test opens."""
    return sorted(p for p in out.rglob("*.html") if "dbt_docs" not in p.relative_to(out).parts)
