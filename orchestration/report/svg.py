"""Chart geometry for the report's inline SVG: map, stacked bars, claims network.

These functions only compute numbers (coordinates, sizes, colours) and short English labels;
the templates (templates/_svg.html) turn them into SVG elements.  So every piece of text that
reaches a page, article-derived or not, goes through Jinja's autoescaping, and the charts need
no JavaScript library: they are drawn once, when the report is built.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASEMAP = Path(__file__).resolve().parent / "data" / "iraq_syria.geojson"

# The map shows Iraq, Syria and their borderlands; incidents elsewhere are listed below it.
MAP_EXTENT = (34.6, 49.2, 28.6, 37.9)  # lon min, lon max, lat min, lat max
MAP_WIDTH = 900

CLAIM_STATUS_COLOURS = {
    "claimed": "#d95f02",
    "disputed": "#7b3294",
    "disowned": "#c51b7d",
    "unclaimed": "#4d4d4d",
}
EVENT_TYPE_COLOURS = {
    "rocket_attack": "#e41a1c",
    "drone_attack": "#377eb8",
    "ied_attack": "#4daf4a",
    "shelling": "#984ea3",
    "airstrike": "#ff7f00",
    "armed_clash": "#a65628",
    "assassination": "#f781bf",
    "arrest": "#999999",
    "attack": "#66c2a5",
    "other": "#b3b3b3",
}
# Governorates beyond the busiest few share one colour ("other").
AREA_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
                "#b2df8a", "#fb9a99"]
OTHER_COLOUR = "#cccccc"
EDGE_COLOURS = {"accusation": "#c0392b", "denial": "#2471a3", "responsibility_claim": "#1e8449"}


def load_basemap(path: Path = BASEMAP) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(latitude) at the map's centre: shapes look right at
    this size, and it needs no projection library."""

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    width: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def scale(self) -> float:
        return self.width / ((self.lon_max - self.lon_min) * self.kx)

    @property
    def height(self) -> float:
        return (self.lat_max - self.lat_min) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - self.lon_min) * self.kx * self.scale, 1),
                round((self.lat_max - lat) * self.scale, 1))

    def contains(self, lon: float, lat: float) -> bool:
        return self.lon_min <= lon <= self.lon_max and self.lat_min <= lat <= self.lat_max


def casualties(incident: dict[str, Any]) -> int:
    """Killed + injured, each the highest figure given (the lower bound when open-ended)."""
    def best(lo: str, hi: str) -> int:
        return incident.get(hi) if incident.get(hi) is not None else (incident.get(lo) or 0)
    return best("killed_min", "killed_max") + best("injured_min", "injured_max")


def circle_radius(n_casualties: int) -> float:
    """Area grows with the casualty count (radius with its square root), capped so one mass-casualty
    attack cannot cover a governorate."""
    return round(min(4.0 + 2.2 * math.sqrt(n_casualties), 26.0), 1)


def incident_map(incidents: Sequence[dict[str, Any]], basemap: dict[str, Any]) -> dict[str, Any]:
    """Geometry of the incident map: country outlines, reference cities, graticule, one circle per
    located incident.

    ``incidents`` carry ``latitude``, ``longitude``, ``geo_precision``, ``href`` and ``label``.
    Incidents at the same place are fanned out on a small spiral so each stays clickable; the
    biggest circles are drawn first so the small ones on top of them can be clicked too.
    """
    lon_min, lon_max, lat_min, lat_max = MAP_EXTENT
    proj = Projection(lon_min, lon_max, lat_min, lat_max, MAP_WIDTH)
    outlines, cities = [], []
    for f in basemap["features"]:
        if f["geometry"]["type"] == "Point":
            x, y = proj(*f["geometry"]["coordinates"])
            cities.append({"x": x, "y": y, "name_en": f["properties"]["name_en"]})
            continue
        rings = f["geometry"]["coordinates"]
        d = " ".join("M" + " L".join(f"{x},{y}" for x, y in (proj(lon, lat) for lon, lat in ring)) + " Z"
                     for ring in rings)
        lx, ly = proj(*f["properties"]["label"])
        outlines.append({"d": d, "name_en": f["properties"]["name_en"], "name_ar": f["properties"]["name_ar"],
                         "x": lx, "y": ly})
    graticule = []
    for lon in range(math.ceil(lon_min), math.floor(lon_max) + 1, 2):
        (x, _), (_, y1) = proj(lon, lat_max), proj(lon, lat_min)
        graticule.append({"x1": x, "y1": 0, "x2": x, "y2": y1, "label": f"{lon}°E", "lx": x + 2, "ly": y1 - 4})
    for lat in range(math.ceil(lat_min), math.floor(lat_max) + 1, 2):
        (x0, y), (x1, _) = proj(lon_min, lat), proj(lon_max, lat)
        graticule.append({"x1": x0, "y1": y, "x2": x1, "y2": y, "label": f"{lat}°N", "lx": x0 + 2, "ly": y - 3})

    circles, outside, seen = [], [], {}
    for inc in incidents:
        lon, lat = inc.get("longitude"), inc.get("latitude")
        if lon is None or lat is None:
            continue
        if not proj.contains(lon, lat):
            outside.append(inc)
            continue
        x, y = proj(lon, lat)
        k = seen.get((x, y), 0)
        seen[(x, y)] = k + 1
        if k:  # golden-angle spiral around the shared point
            a = k * 2.39996
            x, y = round(x + 7 * math.sqrt(k) * math.cos(a), 1), round(y + 7 * math.sqrt(k) * math.sin(a), 1)
        n = casualties(inc)
        circles.append({
            "x": x, "y": y, "r": circle_radius(n),
            "fill": CLAIM_STATUS_COLOURS.get(inc.get("claim_status") or "unclaimed", "#4d4d4d"),
            "vague": (inc.get("geo_precision") or 4) >= 3,
            "href": inc["href"], "title": f"{inc['label']} · {n} casualties · {inc.get('claim_status')}",
        })
    circles.sort(key=lambda c: -c["r"])
    legend_sizes = [{"n": n, "r": circle_radius(n)} for n in (0, 5, 25, 100)]
    return {"width": MAP_WIDTH, "height": round(proj.height, 1), "outlines": outlines, "cities": cities,
            "graticule": graticule,
            "circles": circles, "outside": outside, "legend_sizes": legend_sizes,
            "legend_status": [{"status": s, "fill": c} for s, c in CLAIM_STATUS_COLOURS.items()]}


# --- stacked bars ---------------------------------------------------------------------------

def week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def week_bins(dates: Sequence[dt.date]) -> list[dt.date]:
    """Every week (Monday) from the first to the last date, empty weeks included: a timeline."""
    if not dates:
        return []
    first, last = week_start(min(dates)), week_start(max(dates))
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def month_bins(dates: Sequence[dt.date]) -> list[dt.date]:
    if not dates:
        return []
    first, last = min(dates).replace(day=1), max(dates).replace(day=1)
    out, m = [], first
    while m <= last:
        out.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _ticks(bins: Sequence[dt.date]) -> dict[int, str]:
    """Axis labels: each year's first bin, or each month's (or quarter's) on short ranges."""
    span_years = (bins[-1] - bins[0]).days / 365.25 if bins else 0
    ticks: dict[int, str] = {}
    prev = None
    for i, b in enumerate(bins):
        if span_years > 2.5:
            key, label = b.year, str(b.year)
        elif span_years > 0.75:
            key, label = (b.year, (b.month - 1) // 3), f"{b:%b %Y}"
        else:
            key, label = (b.year, b.month), f"{b:%b %Y}"
        if key != prev:
            ticks[i] = label
            prev = key
    return ticks


def stacked_bars(bins: Sequence[dt.date], series: Sequence[dict[str, Any]], *, monthly: bool = False,
                 height: int = 200, min_width: int = 860) -> dict[str, Any]:
    """Geometry of a stacked bar chart: one bar per bin, one coloured segment per series.

    ``series``: dicts with ``label``, ``colour`` and ``values`` (one number per bin).  Bars are
    2-16 px wide; a long range makes the chart wider than the page (it scrolls sideways) rather than
    merging weeks.
    """
    n = len(bins)
    left, top, bottom, right = 36, 8, 28, 30  # right: room for the last axis label
    bar = max(2.0, min(16.0, (min_width - left - right) / max(n, 1)))
    width = round(left + right + bar * n)
    totals = [sum(s["values"][i] for s in series) for i in range(n)]
    peak = max(totals, default=0) or 1
    plot_h = height - top - bottom
    unit = "month" if monthly else "week of"
    rects = []
    for i, b in enumerate(bins):
        y = top + plot_h
        for s in series:
            v = s["values"][i]
            if not v:
                continue
            h = plot_h * v / peak
            y -= h
            rects.append({"x": round(left + i * bar, 1), "y": round(y, 1), "w": round(max(bar - 1, 1), 1),
                          "h": round(h, 1), "fill": s["colour"],
                          "title": f"{unit} {b:%Y-%m-%d}: {v} {s['label']}"})
    step = _nice_step(peak)
    yticks = [{"y": round(top + plot_h - plot_h * v / peak, 1), "label": str(v)}
              for v in range(0, peak + 1, step)]
    xticks = [{"x": round(left + i * bar, 1), "label": label} for i, label in _ticks(bins).items()]
    return {"width": width, "height": height, "left": left, "base": top + plot_h, "rects": rects,
            "xticks": _thin(xticks, 56), "yticks": yticks,
            "legend": [{"label": s["label"], "colour": s["colour"], "total": sum(s["values"])} for s in series]}


def strips(bins: Sequence[dt.date], series: Sequence[dict[str, Any]], *, row_h: int = 30,
           label_w: int = 270, min_width: int = 900) -> dict[str, Any]:
    """Small multiples: one row of bars per series over a shared month axis, each row on its own
    scale.  Used where the series overlap (an accusation is also a statement; a claimed incident is
    not a statement at all), so stacking them would add up things that do not add up."""
    n, right, gap = len(bins), 30, 8
    bar = max(2.0, min(16.0, (min_width - label_w - right) / max(n, 1)))
    width = round(label_w + right + bar * n)
    rows, rects = [], []
    for k, s in enumerate(series):
        top = k * (row_h + gap)
        peak = max(s["values"], default=0) or 1
        base = top + row_h
        for i, v in enumerate(s["values"]):
            if v:
                h = (row_h - 2) * v / peak
                rects.append({"x": round(label_w + i * bar, 1), "y": round(base - h, 1), "w": round(max(bar - 1, 1), 1),
                              "h": round(h, 1), "fill": s["colour"], "title": f"{bins[i]:%Y-%m}: {v} {s['label']}"})
        rows.append({"label": s["label"], "total": sum(s["values"]), "peak": peak, "base": base,
                     "label_y": round(top + row_h / 2 + 4, 1)})
    axis_y = len(series) * (row_h + gap)
    xticks = [{"x": round(label_w + i * bar, 1), "label": label} for i, label in _ticks(bins).items()]
    return {"width": width, "height": axis_y + 20, "left": label_w, "axis_y": axis_y, "rows": rows,
            "rects": rects, "xticks": _thin(xticks, 56)}


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak / step <= 5:
            return step
    return max(1, peak // 5)


def _thin(ticks: list[dict[str, Any]], min_gap: float) -> list[dict[str, Any]]:
    """Drop axis labels that would overlap the previous one."""
    kept: list[dict[str, Any]] = []
    for t in ticks:
        if not kept or t["x"] - kept[-1]["x"] >= min_gap:
            kept.append(t)
    return kept


def hbar(value: float, peak: float, width: int = 160) -> float:
    """Length of an inline horizontal bar (coverage table)."""
    return round(width * value / peak, 1) if peak else 0.0


# --- claims network -------------------------------------------------------------------------

def network(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Circular layout of the claims network, each organisation's facade brands beside it.

    ``nodes`` (already ordered so that a group's members are consecutive) carry ``id``, ``group``,
    ``label``, ``label_rtl`` (the label is Arabic) and ``href``; ``edges`` carry ``source``, ``target``,
    ``type`` (accusation, denial, responsibility_claim) and ``count``.  Edges are curves bent toward the
    centre with an arrowhead at the target; a statement about oneself (a group claiming or denying
    its own attack) is a small loop on the inner side of the node.  Groups of more than one node get an arc behind
    them, labelled with the organisation they roll up to.
    """
    n = len(nodes)
    radius = max(240.0, n * 20 / (2 * math.pi))
    margin = 200  # room for a 30-character label
    size = round(2 * (radius + margin))
    c = size / 2
    pos: dict[str, tuple[float, float, float]] = {}
    out_nodes = []
    # a gap between groups makes the grouping visible on the ring
    groups = [nodes[0]["group"]] if nodes else []
    for a, b in zip(nodes, nodes[1:], strict=False):
        if b["group"] != a["group"]:
            groups.append(b["group"])
    slots = n + len(groups)
    i_slot, prev = 0, None
    for node in nodes:
        if prev is not None and node["group"] != prev:
            i_slot += 1
        prev = node["group"]
        angle = 2 * math.pi * i_slot / max(slots, 1) - math.pi / 2
        i_slot += 1
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        pos[node["id"]] = (x, y, angle)
        deg = math.degrees(angle)
        flip = 90 < (deg % 360) < 270  # left half: turn the label so it reads left to right
        lx, ly = c + (radius + 12) * math.cos(angle), c + (radius + 12) * math.sin(angle)
        # an Arabic label's "start" is its right end (direction="rtl"), so its anchor is mirrored
        outward_end = flip != bool(node.get("label_rtl"))
        out_nodes.append({**node, "r": round(min(4 + math.sqrt(node.get("degree", 0)), 14), 1),
                          "x": round(x, 1), "y": round(y, 1), "lx": round(lx, 1), "ly": round(ly, 1),
                          "rotate": round(deg + 180 if flip else deg, 1),
                          "anchor": "end" if outward_end else "start"})
    arcs = []
    by_group: dict[str, list[dict[str, Any]]] = {}
    for node in out_nodes:
        by_group.setdefault(node["group"], []).append(node)
    for g, members in by_group.items():
        if len(members) < 2:
            continue
        a0, a1 = pos[members[0]["id"]][2] - 0.04, pos[members[-1]["id"]][2] + 0.04
        r = radius - 14
        large = 1 if a1 - a0 > math.pi else 0
        d = (f"M{c + r * math.cos(a0):.1f},{c + r * math.sin(a0):.1f} "
             f"A{r:.1f},{r:.1f} 0 {large} 1 {c + r * math.cos(a1):.1f},{c + r * math.sin(a1):.1f}")
        mid = (a0 + a1) / 2
        arcs.append({"d": d, "group": g, "label": members[0].get("group_label", g),
                     "x": round(c + (r - 14) * math.cos(mid), 1), "y": round(c + (r - 14) * math.sin(mid), 1)})
    peak = max((e["count"] for e in edges), default=1)
    out_edges = []
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        x1, y1, a1 = pos[e["source"]]
        x2, y2, _ = pos[e["target"]]
        width = round(1 + 3 * math.log1p(e["count"]) / math.log1p(peak), 1)
        if e["source"] == e["target"]:
            ox, oy = -math.cos(a1), -math.sin(a1)  # loop toward the centre, clear of the label
            px, py = -oy, ox
            d = (f"M{x1:.1f},{y1:.1f} C{x1 + 34 * ox + 12 * px:.1f},{y1 + 34 * oy + 12 * py:.1f} "
                 f"{x1 + 34 * ox - 12 * px:.1f},{y1 + 34 * oy - 12 * py:.1f} {x1 + 5 * ox - 4 * px:.1f},"
                 f"{y1 + 5 * oy - 4 * py:.1f}")
        else:
            # stop short of the target node so the arrowhead stays visible
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            qx, qy = mx + (c - mx) * 0.55, my + (c - my) * 0.55
            dx, dy = x2 - qx, y2 - qy
            dist = math.hypot(dx, dy) or 1
            ex, ey = x2 - dx / dist * 7, y2 - dy / dist * 7
            d = f"M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}"
        out_edges.append({**e, "d": d, "width": width, "colour": EDGE_COLOURS[e["type"]]})
    out_edges.sort(key=lambda e: -e["count"])  # thick edges first, thin ones drawn on top
    return {"size": size, "nodes": out_nodes, "edges": out_edges, "arcs": arcs,
            "legend": [{"type": t, "colour": col} for t, col in EDGE_COLOURS.items()]}
