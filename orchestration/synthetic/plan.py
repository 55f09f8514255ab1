"""Which article reports which incident: a deterministic plan per block of articles.

Why blocks: coverage is correlated (several outlets report one incident over a few days, some
copy a story verbatim, two attacks hit the same base in one week), yet article ``k`` must be
reproducible alone and a million articles must stream in bounded memory.  Articles are cut
into blocks of :data:`BLOCK` consecutive indices; block ``b`` is planned from its own random
generator seeded by (seed, b) -- incidents, their reports, duplicates and file formats -- so
planning article ``k`` costs one block, and nothing outlives its block.  The article's own
wording then comes from a generator seeded by (seed, k) (see compose.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from .templates import Library

BLOCK = 20
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 27)   # + at most 3 days of coverage: everything is published in 2019-2025

DUPLICATE_RATE = 0.03
STATEMENT_RATE = 0.07
MULTI_REPORT_RATE = 0.31           # of incidents; a few multi-report incidents are cut at a block end
REPORTS_WEIGHTS = {2: 0.5, 3: 0.3, 4: 0.14, 5: 0.06}
TWIN_RATE = 0.06                   # a second attack on the same site a few days later
SAME_DAY_RATE = 0.04               # another site hit the same day
FORMAT_WEIGHTS = {"txt_meta": 0.6, "txt": 0.14, "json": 0.16, "jsonl": 0.10}
PARTS_OF_DAY = {"dawn": 0.25, "morning": 0.17, "noon": 0.05, "afternoon": 0.06, "evening": 0.3, "night": 0.17}
MUNITIONS = {
    "rocket": {1: 1, 2: 2, 3: 3, 4: 3, 5: 2, 6: 2, 7: 1, 8: 1, 10: 0.4, 12: 0.2},
    "katyusha": {1: 2, 2: 2, 3: 3, 4: 2, 5: 1, 6: 1},
    "grad": {3: 1, 4: 2, 5: 2, 6: 2, 7: 2, 8: 1, 9: 1, 11: 0.5, 12: 0.5},
    "drone": {1: 4, 2: 3, 3: 2, 4: 1},
    "mortar": {2: 2, 3: 3, 4: 2, 5: 2, 6: 1, 7: 1, 9: 0.5},
    "ied": {1: 9, 2: 1},
}
FAMILY = {"rocket": "rocket", "katyusha": "rocket", "grad": "rocket", "drone": "drone", "ied": "ied",
          "mortar": "mortar", "airstrike": "airstrike", "gunfire": "clash"}
EVENT_TYPE = {"rocket": "rocket_attack", "drone": "drone_attack", "ied": "ied_attack", "mortar": "shelling",
              "airstrike": "airstrike", "clash": "armed_clash"}
AIRSTRIKE_FACTIONS = ("kataib_hezbollah", "harakat_al_nujaba", "kataib_sayyid_al_shuhada")


def seeded(seed: int, *parts: object) -> random.Random:
    """A generator that depends only on (seed, parts): stable across runs, processes and machines."""
    key = ":".join(str(p) for p in (seed, *parts)).encode()
    return random.Random(hashlib.sha256(key).digest())


def weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


@dataclass(slots=True)
class Figure:
    """What one report says about a count: exact, at_least, about, vague, none (= "no casualties"), unknown."""

    style: str
    value: int | None = None


@dataclass(slots=True)
class Report:
    """One article's view of an incident."""

    incident: int            # index into BlockPlan.incidents
    number: int              # 0 = first report
    lag: int                 # days from the incident to publication
    outlet: str
    munitions: Figure
    killed: Figure
    injured: Figure
    knows_claim: bool
    knows_disown: bool
    position: int = -1       # slot in the block


@dataclass(slots=True)
class Incident:
    """The truth about one attack."""

    number: int              # global incident number (block * BLOCK + i)
    date: dt.date
    part_of_day: str
    site: str
    weapon: str
    munitions: int | None
    intercepted: int
    killed: int
    injured: int
    victims: str
    launch: int | None       # index into the site's launch phrases
    claimer: str | None
    claim_lag: int
    disowned: bool
    perp: str | None         # airstrikes: us | unknown
    faction: str | None      # airstrike target / clash party
    reports: list[Report] = field(default_factory=list)
    twin_of: int | None = None

    @property
    def family(self) -> str:
        return FAMILY[self.weapon]

    @property
    def event_type(self) -> str:
        return EVENT_TYPE[self.family]


@dataclass(slots=True)
class ArticleSpec:
    """What goes in one slot of a block."""

    kind: str                          # report | statement | duplicate
    fmt: str                           # txt_meta | txt | json | jsonl
    report: Report | None = None
    duplicate_of: int | None = None    # position in the block
    statement_date: dt.date | None = None


@dataclass(slots=True)
class BlockPlan:
    block: int
    incidents: list[Incident]
    articles: list[ArticleSpec]        # exactly BLOCK entries
    distinct: list[tuple[int, int]]    # pairs of incident indices that must stay apart


def active_at(entry: dict[str, Any], date: dt.date) -> bool:
    lo, hi = entry.get("from"), entry.get("to")
    return (lo is None or date >= lo) and (hi is None or date <= hi)


def _random_date(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _pick_site(lib: Library, rng: random.Random, date: dt.date, country: str | None = None,
               exclude: str | None = None) -> dict[str, Any]:
    sites = [s for s in lib.sites if s["years"][0] <= date.year <= s["years"][1]
             and (country is None or s["country"] == country) and s["key"] != exclude]
    return rng.choices(sites, weights=[s.get("weight", 1) for s in sites])[0]


def _casualties(rng: random.Random, family: str, victims: str, all_intercepted: bool) -> tuple[int, int]:
    if all_intercepted:
        return 0, 0
    if family == "airstrike":
        return rng.choice((0, 1, 2, 2, 3, 4, 5, 7)), rng.choice((0, 0, 1, 2, 3, 4, 6, 9))
    if family == "clash":
        return rng.choice((0, 0, 1, 1, 2, 3)), rng.choice((1, 2, 2, 3, 4, 6))
    if family == "ied":
        return 0, (1 if rng.random() < 0.2 else 0) + (1 if rng.random() < 0.05 else 0)
    r = rng.random()
    if r < 0.58:
        return 0, 0
    if r < 0.85:
        return 0, rng.choice((1, 1, 2, 2, 3, 4, 5))
    if r < 0.93:
        return rng.choice((1, 1, 2, 3)), 0
    return rng.choice((1, 2)), rng.choice((1, 2, 3, 4, 6))


def _figure(rng: random.Random, truth: int, first: bool, counted: bool) -> Figure:
    """How one report states a count; later reports disagree more (as real coverage does)."""
    r = rng.random()
    wrong = 0.12 if first else 0.3
    if counted:  # munitions
        if r < 0.08:
            return Figure("vague")
        if r < 0.08 + wrong:
            return Figure("exact", max(1, truth + rng.choice((-2, -1, 1, 2, 3))))
        if r < 0.08 + wrong + 0.1 and truth >= 3:
            return Figure("at_least", max(2, truth - rng.choice((0, 1, 2))))
        if r < 0.08 + wrong + 0.14 and truth >= 5:
            return Figure("about", truth)
        return Figure("exact", truth)
    if truth == 0:  # casualties: none, or a later report finds some
        if not first and r < 0.12:
            return Figure("exact", 1)
        return Figure("none") if r < 0.93 else Figure("unknown")
    if r < 0.06:
        return Figure("unknown")
    if r < 0.06 + wrong:
        return Figure("exact", max(1, truth + rng.choice((-1, 1, 2))))
    if r < 0.06 + wrong + 0.08 and truth >= 4:
        return Figure("at_least", truth - 1)
    return Figure("exact", truth)


def _incident(lib: Library, rng: random.Random, number: int, date: dt.date | None = None,
              site: dict[str, Any] | None = None, country: str | None = None, exclude: str | None = None) -> Incident:
    date = date or _random_date(rng)
    site = site or _pick_site(lib, rng, date, country, exclude)
    weapon = weighted(rng, site["weapons"])
    family = FAMILY[weapon]
    n = weighted(rng, MUNITIONS[weapon]) if weapon in MUNITIONS else None
    intercepted = 0
    if n and family == "drone" and rng.random() < 0.6:
        intercepted = n if rng.random() < 0.5 else rng.randint(1, n)
    elif n and n >= 2 and family == "rocket" and site["kind"] in ("base", "embassy", "zone") and rng.random() < 0.25:
        intercepted = rng.randint(1, n - 1)
    victims = rng.choice(site["victims"])
    killed, injured = _casualties(rng, family, victims, bool(n) and intercepted == n)
    claimer, claim_lag, disowned, perp, faction = None, 0, False, None, None
    if family in ("rocket", "drone", "mortar", "ied"):
        active = [c for c in lib.roles["claimers"]
                  if active_at(c, date) and site["country"] in c.get("countries", ["IQ"])]
        if active and rng.random() < 0.62:
            claimer = rng.choices([c["id"] for c in active], weights=[c.get("weight", 1) for c in active])[0]
            claim_lag = 0 if rng.random() < 0.65 else 1
            civilian = lib.victims[victims].civilian
            disowned = bool(civilian and killed and rng.random() < 0.5) or rng.random() < 0.02
    elif family == "airstrike":
        perp = "us" if rng.random() < 0.55 else "unknown"
        faction = rng.choice(AIRSTRIKE_FACTIONS)
    else:
        faction = rng.choice(("asaib_ahl_al_haq", "kataib_hezbollah", "saraya_al_salam")) if site["country"] == "IQ" \
            else "iran_backed_militias"
    launch = rng.randrange(len(site["launch"])) if site["launch"] and rng.random() < 0.7 else None
    part = weighted(rng, PARTS_OF_DAY)
    return Incident(number, date, part, site["key"], weapon, n, intercepted, killed, injured, victims, launch,
                    claimer, claim_lag, disowned, perp, faction)


def _reports(lib: Library, rng: random.Random, inc: Incident, count: int, i: int) -> None:
    site = lib.site(inc.site)
    outlets = [o for o in lib.outlets if site["country"] in o["countries"]
               and (not o.get("regions") or site["region"] in o["regions"])]
    chosen: list[dict[str, Any]] = []
    while len(chosen) < min(count, len(outlets)):
        o = rng.choices(outlets, weights=[x.get("weight", 1) for x in outlets])[0]
        if o not in chosen:
            chosen.append(o)
    first_lag = 0 if rng.random() < 0.75 else 1
    lags = sorted([first_lag] + [rng.randint(first_lag, first_lag + 2) for _ in chosen[1:]])
    if inc.part_of_day == "night" and first_lag == 0:
        inc.part_of_day = "evening"
    for r, (outlet, lag) in enumerate(zip(chosen, lags, strict=True)):
        knows_claim = inc.claimer is not None and lag >= inc.claim_lag and rng.random() < 0.9
        if inc.family == "airstrike" and inc.perp == "us":
            knows_claim = rng.random() < 0.5
        knows_disown = knows_claim and inc.disowned and lag >= inc.claim_lag + 1
        mun = _figure(rng, inc.munitions, r == 0, True) if inc.munitions else Figure("unknown")
        inc.reports.append(Report(i, r, lag, outlet["key"], mun, _figure(rng, inc.killed, r == 0, False),
                                  _figure(rng, inc.injured, r == 0, False), knows_claim, knows_disown))


def plan_block(lib: Library, seed: int, block: int) -> BlockPlan:
    """The plan of block ``block``: depends only on (seed, block) and the template data."""
    rng = seeded(seed, "block", block)
    n_dup = sum(rng.random() < DUPLICATE_RATE for _ in range(BLOCK))
    originals: list[ArticleSpec] = []
    incidents: list[Incident] = []
    distinct: list[tuple[int, int]] = []
    slots_left = BLOCK - n_dup
    while slots_left > 0:
        if rng.random() < STATEMENT_RATE:
            originals.append(ArticleSpec("statement", weighted(rng, FORMAT_WEIGHTS), statement_date=_random_date(rng)))
            slots_left -= 1
            continue
        i = len(incidents)
        inc = _incident(lib, rng, block * BLOCK + i)
        incidents.append(inc)
        count = weighted(rng, REPORTS_WEIGHTS) if rng.random() < MULTI_REPORT_RATE else 1
        _reports(lib, rng, inc, min(count, slots_left), i)
        slots_left -= len(inc.reports)
        # near-twins the warehouse must not fuse: same site days later, or another site the same day
        twin = None
        if rng.random() < TWIN_RATE and inc.date + dt.timedelta(days=6) <= LAST_DAY:
            site = lib.site(inc.site)
            twin = _incident(lib, rng, block * BLOCK + i + 1, inc.date + dt.timedelta(days=rng.randint(2, 6)), site)
        elif rng.random() < SAME_DAY_RATE:
            twin = _incident(lib, rng, block * BLOCK + i + 1, inc.date, None, lib.site(inc.site)["country"], inc.site)
        if twin is not None and slots_left > 0:
            twin.twin_of = i
            incidents.append(twin)
            count = weighted(rng, REPORTS_WEIGHTS) if rng.random() < MULTI_REPORT_RATE else 1
            _reports(lib, rng, twin, min(count, slots_left), i + 1)
            slots_left -= len(twin.reports)
            distinct.append((i, i + 1))
        for inc_ in incidents[i:]:
            for rep in inc_.reports:
                originals.append(ArticleSpec("report", weighted(rng, FORMAT_WEIGHTS), report=rep))
    rng.shuffle(originals)
    articles: list[ArticleSpec] = list(originals)
    for _ in range(n_dup):  # a copy always comes after its original (files are ingested in name order)
        src = rng.randrange(len(articles))
        while articles[src].kind == "duplicate":
            src = rng.randrange(len(articles))
        pos = rng.randint(src + 1, len(articles))
        for a in articles[pos:]:
            if a.kind == "duplicate" and a.duplicate_of is not None and a.duplicate_of >= pos:
                a.duplicate_of += 1
        articles.insert(pos, ArticleSpec("duplicate", rng.choice(("txt_meta", "txt")), duplicate_of=src))
    for pos, a in enumerate(articles):
        if a.report is not None:
            a.report.position = pos
    return BlockPlan(block, incidents, articles, distinct)
