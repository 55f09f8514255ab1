"""Cross-article incident fusion on real components: the refresh job, a DuckDB file, dbt, the marts.

One warehouse is built in two refreshes — the sample corpus and the development seeds without a
few reports, then with them — to check that incidents keep their ids when later runs add reports,
that the sample corpus's gold groups fuse as far as the current extraction allows, and that the
seeds' 2020 Baghdad attack and 2021 Green Zone attack stay apart.  A copy of it then gets
hand-made incident frames and claims (anchored in real sentences of real articles) and is rebuilt
with the fusion step and `dbt build`, to check the fusion logic on inputs whose answer is known.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration.assets.export import geojson_path, write_geojson
from orchestration.fusion import frame_key
from orchestration.fusion.store import run_fusion
from orchestration.refresh import check_results, run_refresh
from orchestration.resources import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, SAMPLE_LANDING, SCHEMA_SQL

pytestmark = pytest.mark.e2e

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
SAMPLE_GOLD = REPO_ROOT / "sample_corpus" / "gold.yaml"
# Reports held back from the first refresh: each is a later report of an incident the first
# refresh already has (005 is even *published* before 006, which it joins).
LATE = ("005_", "009_", "013_", "022_")
# 8 of the 11 gold groups fused exactly when measured; one of slack while extraction is in flux.
MIN_GOLD_GROUPS_FUSED_EXACTLY = 7


def _load_scorer():
    spec = importlib.util.spec_from_file_location("marsad_score", REPO_ROOT.parent / "shared" / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _refresh(landing: Path, db: Path) -> None:
    result = run_refresh(landing, db)
    failed = [c for c in check_results(result) if not c[2]]
    assert result.success and not failed, f"refresh failed; failed checks: {failed}"


def _report_ids(db: Path) -> dict[tuple[str, int], str]:
    """(file name, frame_index) -> incident_id."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""
            select regexp_extract(a.source_uri, '[^/]+$'), r.frame_index, r.incident_id
            from marts.fct_incident_reports r join marts.dim_articles a using (article_id)""").fetchall()
    finally:
        con.close()
    return {(f, i): inc for f, i, inc in rows}


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> dict:
    """The sample corpus (+ the seeds) refreshed twice: without the LATE reports, then with them."""
    root = tmp_path_factory.mktemp("fusion")
    landing, db = root / "landing", root / "warehouse.duckdb"
    landing.mkdir()
    late = []
    for f in sorted(SAMPLE_LANDING.iterdir()):
        if f.name.startswith(LATE):
            late.append(f)
        else:
            shutil.copy(f, landing / f.name)
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for f in seeds:
        shutil.copy(f, landing / f"seed_{f.name}")
    _refresh(landing, db)
    first = _report_ids(db)
    for f in late:
        shutil.copy(f, landing / f.name)
    _refresh(landing, db)
    return {"db": db, "first": first, "second": _report_ids(db), "seeds": bool(seeds)}


# ---------------------------------------------------------------- stable ids

def test_incidents_keep_their_ids_when_later_refreshes_add_reports(staged: dict) -> None:
    first, second = staged["first"], staged["second"]
    assert set(first) < set(second)
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k]}
    assert not changed, f"incident ids changed between refreshes: {changed}"
    grown = {inc for k, inc in second.items() if k not in first and inc in set(first.values())}
    assert grown, "no later report joined an incident of the first refresh"
    con = duckdb.connect(str(staged["db"]), read_only=True)
    try:
        n = dict(con.execute("select incident_id, n_articles from marts.fct_incidents").fetchall())
    finally:
        con.close()
    for inc in grown:
        assert n[inc] == sum(1 for v in second.values() if v == inc) >= 2


def test_an_incident_keeps_its_id_when_an_earlier_published_report_arrives_later(staged: dict) -> None:
    first, second = staged["first"], staged["second"]
    f005 = next(f for f, i in second if f.startswith("005_") and i == 0)
    f006 = next(f for f, i in first if f.startswith("006_") and i == 0)
    if second[(f005, 0)] != second[(f006, 0)]:
        pytest.skip("the extraction does not fuse the Ain al-Asad reports 005 and 006")
    con = duckdb.connect(str(staged["db"]), read_only=True)
    try:
        art = dict(con.execute("select regexp_extract(source_uri, '[^/]+$'), article_id "
                               "from marts.dim_articles").fetchall())
        published = dict(con.execute("select regexp_extract(source_uri, '[^/]+$'), published_date "
                                     "from marts.dim_articles").fetchall())
    finally:
        con.close()
    members = [f for f, _ in second if second[(f, 0)] == second[(f005, 0)]] if False else \
        [f for (f, i), inc in second.items() if inc == second[(f005, 0)]]
    # 005 is published no later than any other report of the incident, yet arrived in the second
    # refresh: the incident keeps the id it had, not the key a fresh start would give it
    assert all(published[f005] <= published[f] for f in members)
    assert second[(f005, 0)] == first[(f006, 0)] != frame_key(art[f005], 0)


def test_a_rerun_of_fusion_changes_no_assignment(staged: dict, tmp_path: Path) -> None:
    copy = tmp_path / "rerun.duckdb"
    shutil.copy(staged["db"], copy)
    con = duckdb.connect(str(copy))
    try:
        before = con.execute("select * from fusion.incident_registry order by frame_key").fetchall()
        counts = run_fusion(con)
        after = con.execute("select * from fusion.incident_registry order by frame_key").fetchall()
    finally:
        con.close()
    assert before == after
    assert counts["ids_inherited"] == counts["frames"]


# ---------------------------------------------------------------- gold groups and seeds

def _gold_frames(con: duckdb.DuckDBPyConnection, gold: dict) -> dict[str, tuple[str, int] | None]:
    """Each gold incident id -> the (file, frame_index) reporting it in the warehouse, or None.

    A frame matches a gold incident of its article when the weapon family does not conflict and
    the date or the place agrees (the shared scorer's rule); failing that, an article's only
    remaining frame of a compatible weapon takes its only remaining gold incident."""
    sc = _load_scorer()
    frames = con.execute("""
        select regexp_extract(a.source_uri, '[^/]+$') as file, r.frame_index, cast(r.incident_date as varchar),
               r.weapon, l.name_ar, l.name_en
        from marts.fct_incident_reports r join marts.dim_articles a using (article_id)
        left join marts.dim_locations l on l.location_id = r.location_id""").fetchall()
    out: dict[str, tuple[str, int] | None] = {}
    for art in gold["articles"]:
        mine = [f for f in frames if f[0] == art["file"]]
        todo = list(art.get("incidents", []))
        scored = []
        for g in todo:
            fam = sc.WEAPON_FAMILY.get(g.get("weapon"), g.get("weapon"))
            forms = (g.get("place") or {}).get("ar", []) + [(g.get("place") or {}).get("en", "")]
            gdate = str(g.get("date") or g.get("date_if_published") or "")
            for f in mine:
                sfam = sc.WEAPON_FAMILY.get(f[3], f[3])
                if fam and sfam and fam != sfam:
                    continue
                date_ok = bool(f[2]) and bool(gdate) and (f[2].startswith(gdate) or (
                    g.get("date_month_day") is not None and f[2].endswith(str(g["date_month_day"]))))
                place_ok = sc.surface_match(forms, {sc.norm(f[4]), sc.norm(f[5])} - {""})
                if date_ok or place_ok:
                    scored.append((-(date_ok + place_ok), g["id"], f))
        used: set = set()
        for _, gid, f in sorted(scored):
            if gid not in out and (f[0], f[1]) not in used:
                out[gid] = (f[0], f[1])
                used.add((f[0], f[1]))
        left_gold = [g for g in todo if g["id"] not in out]
        left_frames = [f for f in mine if (f[0], f[1]) not in used]
        if len(left_gold) == 1 and len(left_frames) == 1:
            out[left_gold[0]["id"]] = (left_frames[0][0], left_frames[0][1])
        for g in todo:
            out.setdefault(g["id"], None)
    return out


def gold_group_results(db: Path) -> tuple[list[dict], list[dict]]:
    """For every gold same_incident group and distinct pair: the frames and what fusion made of them."""
    gold = yaml.safe_load(SAMPLE_GOLD.read_text(encoding="utf-8"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        frames = _gold_frames(con, gold)
    finally:
        con.close()
    ids = _report_ids(db)
    members_of: dict[str, set] = {}
    for k, inc in ids.items():
        members_of.setdefault(inc, set()).add(k)
    groups = []
    for group in gold["same_incident"]:
        found = {gid: frames.get(gid) for gid in group}
        incs = {ids[f] for f in found.values() if f is not None}
        located = [f for f in found.values() if f is not None]
        if None in found.values():
            status = "member not extracted"
        elif len(incs) == 1 and members_of[next(iter(incs))] == set(located):
            status = "fused exactly"
        elif len(incs) == 1:
            status = "fused with extra reports"
        elif len(incs) < len(located):
            status = "partly fused"
        else:
            status = "not fused"
        groups.append({"group": group, "frames": found, "incidents": len(incs), "status": status})
    pairs = []
    for a, b in gold["distinct_incidents"]:
        fa, fb = frames.get(a), frames.get(b)
        pairs.append({"pair": (a, b), "separate": None if fa is None or fb is None else ids[fa] != ids[fb]})
    return groups, pairs


def test_sample_corpus_gold_groups_fuse_and_distinct_incidents_stay_apart(staged: dict) -> None:
    groups, pairs = gold_group_results(staged["db"])
    print("\n" + json.dumps({"groups": groups, "distinct": pairs}, default=str, ensure_ascii=False, indent=1))
    assert all(p["separate"] is not False for p in pairs), [p for p in pairs if p["separate"] is False]
    assert not [g for g in groups if g["status"] == "fused with extra reports"]
    exact = [g["group"] for g in groups if g["status"] == "fused exactly"]
    assert len(exact) >= MIN_GOLD_GROUPS_FUSED_EXACTLY, groups


def test_seeds_baghdad_2020_and_green_zone_2021_stay_separate(staged: dict) -> None:
    if not staged["seeds"]:
        pytest.skip("../shared/seeds not present")
    ids = staged["second"]
    green_zone = {inc for (f, _), inc in ids.items() if f.startswith("seed_000_")}
    baghdad = {inc for (f, _), inc in ids.items() if f.startswith("seed_004_")}
    assert green_zone and baghdad and not green_zone & baghdad


# ---------------------------------------------------------------- marts on the sample corpus

def test_marts_are_consistent_with_fusion(staged: dict) -> None:
    con = duckdb.connect(str(staged["db"]), read_only=True)
    try:
        q = con.execute
        # every incident's figures cover every report's figures
        uncovered = q("""
            select r.incident_id from marts.fct_incident_reports r join marts.fct_incidents i using (incident_id)
            where r.munitions_min < i.munitions_min or r.killed_min < i.killed_min or r.injured_min < i.injured_min
               or r.munitions_max > i.munitions_max or r.killed_max > i.killed_max
               or r.injured_max > i.injured_max""").fetchall()
        assert not uncovered
        # claim status and claims agree across marts; the claims mart has every incident
        assert q("select count(*) from marts.fct_incidents i join marts.mart_incident_claims c using (incident_id) "
                 "where i.claim_status <> c.claim_status").fetchone()[0] == 0
        assert q("select count(*) from marts.mart_incident_claims").fetchone()[0] == \
            q("select count(*) from marts.fct_incidents").fetchone()[0]
        # every incident location has coordinates
        assert q("select count(*) from marts.fct_incidents i join marts.dim_locations l using (location_id) "
                 "where l.latitude is null or l.longitude is null").fetchone()[0] == 0
        # the analyst marts add up to the facts
        assert q("select sum(incidents) from marts.mart_incidents_daily").fetchone()[0] == \
            q("select count(*) from marts.fct_incidents where date_precision = 'day'").fetchone()[0]
        assert q("select sum(articles) from marts.mart_source_coverage").fetchone()[0] == \
            q("select count(*) from marts.dim_articles").fetchone()[0]
        assert q("select sum(mentions) from marts.mart_actor_activity").fetchone()[0] == \
            q("select count(*) from marts.fct_actor_mentions").fetchone()[0]
    finally:
        con.close()


def test_geojson_export_opens_as_a_feature_collection(staged: dict) -> None:
    path = geojson_path(staged["db"])
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    con = duckdb.connect(str(staged["db"]), read_only=True)
    try:
        located = con.execute("select count(*) from marts.fct_incidents where location_id is not null").fetchone()[0]
        ids = {r[0] for r in con.execute("select incident_id from marts.fct_incidents").fetchall()}
    finally:
        con.close()
    assert len(features) == located > 0
    assert {f["id"] for f in features} <= ids and len({f["id"] for f in features}) == len(features)
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert {"incident_date", "event_type", "claim_status", "n_articles", "geo_precision"} <= set(f["properties"])


def _readme_questions() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Analyst questions"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_analyst_questions_run_and_answer(staged: dict) -> None:
    questions = _readme_questions()
    assert len(questions) >= 6
    con = duckdb.connect(str(staged["db"]), read_only=True)
    try:
        for sql in questions:
            assert con.execute(sql).fetchall(), f"no answer on the sample corpus:\n{sql}"
    finally:
        con.close()


# ---------------------------------------------------------------- controlled inputs

D = dt.date(2022, 3, 10)
# role -> (sample file prefix, published, outlet); the articles are real, their frames hand-made
ARTICLES = {
    "A": ("024_", D, "outlet-a"),                          # first report, claimed by a facade
    "B": ("025_", D + dt.timedelta(days=1), "outlet-b"),   # second report, the facade disowns it
    "C": ("027_", D + dt.timedelta(days=7), "outlet-a"),   # Harir drones D+5, and a recap of D
    "E": ("028_", D + dt.timedelta(days=5), "outlet-b"),   # Harir drones D+5 again
    "F": ("029_", D + dt.timedelta(days=8), "outlet-c"),   # Harir drones D+8: same base, same week
    "G": ("030_", D + dt.timedelta(days=3), "outlet-c"),   # Green Zone rockets D+3: same place, same week
}
_FRAME = ("event_type", "weapon", "incident_date", "location_id", "target_type", "munitions_min", "munitions_max",
          "intercepted", "killed_min", "killed_max", "injured_min", "injured_max", "civilian_casualties",
          "claim_status", "is_background", "confidence")
FRAMES = {  # (role, frame_index): the fields above
    ("A", 0): ("rocket_attack", "katyusha", D, "iq_bgd_green_zone", "civilian", 3, 3, None, 1, 1, None, None,
               True, "claimed", False, 0.9),
    ("B", 0): ("rocket_attack", "rocket", D, "iq_bgd_salihiya", "civilian", 2, 2, None, 2, 2, 3, 3, True, "claimed",
               False, 0.8),
    ("C", 0): ("drone_attack", "drone", D + dt.timedelta(days=5), "iq_harir_base", "military_us_coalition", 1, 1,
               1, 0, 0, 0, 0, False, "unclaimed", False, 0.9),
    ("C", 1): ("rocket_attack", "katyusha", D, "iq_baghdad_city", "civilian", 2, None, None, None, None, None, None,
               None, "unclaimed", True, 0.7),
    ("E", 0): ("drone_attack", "drone", D + dt.timedelta(days=5), "iq_harir_base", "military_us_coalition", 2, 2,
               2, None, None, None, None, None, "unclaimed", False, 0.9),
    ("F", 0): ("drone_attack", "drone", D + dt.timedelta(days=8), "iq_harir_base", "military_us_coalition", 1, 1,
               None, None, None, None, None, None, "unclaimed", False, 0.9),
    ("G", 0): ("rocket_attack", "katyusha", D + dt.timedelta(days=3), "iq_bgd_green_zone", "civilian", 2, 2, None,
               0, 0, 0, 0, False, "unclaimed", False, 0.9),
}
# (role, claim_index, frame_index, speaker, claim_type, [(subject, role)])
CLAIMS = [
    ("A", 0, 0, "saraya_awliya_al_dam", "responsibility_claim", []),
    ("B", 0, 0, "saraya_awliya_al_dam", "denial", []),
    ("B", 1, 0, "us_embassy_baghdad", "accusation", [("kataib_hezbollah", "accused")]),
    ("B", 2, 0, "kataib_hezbollah", "denial", []),
    ("C", 0, 1, "unami", "condemnation", [("saraya_awliya_al_dam", "condemned")]),
]
ROLES = [("A", 0, "saraya_awliya_al_dam", "claimed_perpetrator")]


def _plant(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Replace the incidents and claims of six real articles with the scenario above."""
    files = dict(con.execute("select regexp_extract(source_uri, '[^/]+$'), article_id from raw.articles").fetchall())
    art = {role: next(a for f, a in files.items() if f.startswith(prefix))
           for role, (prefix, _, _) in ARTICLES.items()}
    ids = list(art.values())
    for table in ("incident_frames", "incident_actors", "claims", "claim_actors"):
        con.execute(f"delete from extract.{table} where article_id in (select unnest(?))", [ids])
    con.execute("delete from fusion.incident_registry where article_id in (select unnest(?))", [ids])
    for role, (_, published, outlet) in ARTICLES.items():
        con.execute("update raw.articles set meta_published_date = ?, outlet = ? where article_id = ?",
                    [published, outlet, art[role]])
        con.execute("update extract.article_meta set published_date = ?, published_date_source = 'metadata', "
                    "outlet = ? where article_id = ?", [published, outlet, art[role]])

    def sentence(role: str, index: int) -> tuple:
        return con.execute("select sentence_index, char_start, char_end, text from extract.sentences where "
                           "article_id = ? order by sentence_index limit 1 offset ?", [art[role], index]).fetchone()

    for (role, fi), values in FRAMES.items():
        s_index, start, end, text = sentence(role, fi)
        row = dict(zip(_FRAME, values, strict=True))
        row.update(article_id=art[role], frame_index=fi, date_precision="day", sentence_index=s_index,
                   char_start=start, char_end=end, evidence_text=text)
        con.execute(f"insert into extract.incident_frames ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                    list(row.values()))
    for role, fi, actor, actor_role in ROLES:
        con.execute("insert into extract.incident_actors values (?, ?, ?, ?)", [art[role], fi, actor, actor_role])
    for role, ci, fi, speaker, claim_type, subjects in CLAIMS:
        s_index, start, end, text = sentence(role, 0)
        con.execute("insert into extract.claims (article_id, claim_index, sentence_index, char_start, char_end, "
                    "frame_index, speaker_actor_id, speaker_anonymous, claim_type, predicate, confidence) "
                    "values (?, ?, ?, ?, ?, ?, ?, false, ?, ?, 0.9)",
                    [art[role], ci, s_index, start, end, fi, speaker, claim_type, text[:4]])
        for subject, subject_role in subjects:
            con.execute("insert into extract.claim_actors values (?, ?, ?, ?)", [art[role], ci, subject, subject_role])
    return art


@pytest.fixture(scope="module")
def controlled(staged: dict, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("controlled") / "controlled.duckdb"
    shutil.copy(staged["db"], db)
    con = duckdb.connect(str(db))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        art = _plant(con)
        run_fusion(con)
    finally:
        con.close()
    proc = subprocess.run([DBT_EXECUTABLE, "build", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                           str(DBT_PROJECT_DIR)], env={**os.environ, "MARSAD_WAREHOUSE": str(db)},
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    return {"db": db, "art": art}


def _incident(con: duckdb.DuckDBPyConnection, art: dict[str, str], role: str, fi: int) -> str:
    return con.execute("select incident_id from marts.fct_incident_reports where article_id = ? and frame_index = ?",
                       [art[role], fi]).fetchone()[0]


def test_controlled_reports_fuse_into_the_right_incidents(controlled: dict) -> None:
    art = controlled["art"]
    con = duckdb.connect(str(controlled["db"]), read_only=True)
    try:
        inc = {k: _incident(con, art, *k) for k in FRAMES}
        n = con.execute("select count(distinct incident_id) from marts.fct_incident_reports "
                        "where article_id in (select unnest(?))", [list(art.values())]).fetchone()[0]
    finally:
        con.close()
    # two reports and a later recap of the Green Zone attack are one incident ...
    assert inc[("A", 0)] == inc[("B", 0)] == inc[("C", 1)]
    # ... with the id of its first report
    assert inc[("A", 0)] == frame_key(art["A"], 0)
    # two reports of the Harir attack on D+5 are one; D+8 on the same base, and D+3 on the same
    # place as the first attack, are other incidents
    assert inc[("C", 0)] == inc[("E", 0)]
    assert len({inc[("A", 0)], inc[("C", 0)], inc[("F", 0)], inc[("G", 0)]}) == 4
    assert n == 4


def test_controlled_figures_are_ranges_over_the_reports_and_each_report_keeps_its_own(controlled: dict) -> None:
    art = controlled["art"]
    con = duckdb.connect(str(controlled["db"]), read_only=True)
    try:
        inc = _incident(con, art, "A", 0)
        row = con.execute("""
            select incident_date, date_precision, location_id, weapon, munitions_min, munitions_max,
                   killed_min, killed_max, injured_min, injured_max, civilian_casualties, n_reports, n_articles,
                   n_outlets, first_reported_date, is_background, claim_status
            from marts.fct_incidents where incident_id = ?""", [inc]).fetchone()
        reports = con.execute("""
            select article_id, munitions_min, munitions_max, killed_min, killed_max, injured_min, fusion_score
            from marts.fct_incident_reports where incident_id = ? order by published_date""", [inc]).fetchall()
        harir = con.execute("select munitions_min, munitions_max, intercepted, intercepted_max "
                            "from marts.fct_incidents where incident_id = ?", [_incident(con, art, "C", 0)]).fetchone()
    finally:
        con.close()
    assert row == (D, "day", "iq_bgd_green_zone", "katyusha", 2, 3, 1, 2, 3, 3, True, 3, 3, 2, D, False, "disputed")
    assert [r[:6] for r in reports] == [(art["A"], 3, 3, 1, 1, None), (art["B"], 2, 2, 2, 2, 3),
                                        (art["C"], 2, None, None, None, None)]
    assert all(r[6] is not None and r[6] >= 0.55 for r in reports)
    assert harir == (1, 2, 1, 2)


def test_controlled_claims_across_articles(controlled: dict) -> None:
    art = controlled["art"]
    con = duckdb.connect(str(controlled["db"]), read_only=True)
    try:
        inc = _incident(con, art, "A", 0)
        claims = con.execute("select claim_status, has_competing_claims, is_disowned, claimed_by_actor_ids, "
                             "claimed_by_rollup_actor_ids, first_claimed_date, first_disowned_date, "
                             "denied_by_actor_ids, first_denied_date, accused_actor_ids, accusations, "
                             "condemned_by_actor_ids, first_condemned_date, n_claims, n_claim_articles "
                             "from marts.mart_incident_claims where incident_id = ?", [inc]).fetchone()
        linked = con.execute("select count(*) from marts.fct_claims where incident_id = ?", [inc]).fetchone()[0]
        bridge = con.execute("select actor_id, role, rollup_actor_id, attribution_source is not null "
                             "from marts.bridge_incident_actors where incident_id = ?", [inc]).fetchall()
        activity = dict(con.execute("""
            select actor_id, (incidents_claimed, incidents_alleged, accusations_made, accusations_received, denials,
                              condemnations)
            from marts.mart_actor_activity
            where activity_month = ? and actor_id in ('saraya_awliya_al_dam', 'kataib_hezbollah', 'us_embassy_baghdad',
                                                     'unami')""", [D.replace(day=1)]).fetchall())
        daily = con.execute("select incidents, munitions_min, munitions_max, killed_min, killed_max "
                            "from marts.mart_incidents_daily where incident_date = ? and governorate_id = 'iq_baghdad'",
                            [D]).fetchall()
        coverage = con.execute("select outlet, articles, incidents_reported, incidents_first_reported, "
                               "claims_relayed from marts.mart_source_coverage where outlet like 'outlet-%' "
                               "order by outlet").fetchall()
    finally:
        con.close()
    d1 = D + dt.timedelta(days=1)
    assert claims == ("disputed", False, True, ["saraya_awliya_al_dam"], ["kataib_hezbollah"], D, d1,
                      ["kataib_hezbollah", "saraya_awliya_al_dam"], d1, ["kataib_hezbollah"],
                      [{"accuser_actor_id": "us_embassy_baghdad", "accused_actor_id": "kataib_hezbollah"}],
                      ["unami"], D + dt.timedelta(days=7), 5, 3)
    assert linked == 5
    assert bridge == [("saraya_awliya_al_dam", "claimed_perpetrator", "kataib_hezbollah", True)]
    assert activity["saraya_awliya_al_dam"][0] == 1 and activity["saraya_awliya_al_dam"][4] == 1
    assert activity["kataib_hezbollah"][1:5] == (1, 0, 1, 1)
    assert activity["us_embassy_baghdad"][2] == 1 and activity["unami"][5] == 1
    assert daily == [(1, 2, 3, 1, 2)]
    assert coverage == [("outlet-a", 2, 2, 1, 2), ("outlet-b", 2, 2, 1, 3), ("outlet-c", 2, 2, 2, 0)]


def test_controlled_geojson_has_one_point_per_incident(controlled: dict, tmp_path: Path) -> None:
    con = duckdb.connect(str(controlled["db"]), read_only=True)
    try:
        inc = _incident(con, controlled["art"], "A", 0)
        n = write_geojson(con, tmp_path / "incidents.geojson")
    finally:
        con.close()
    features = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert n == len(features)
    ours = [f for f in features if f["id"] == inc]
    assert len(ours) == 1
    assert ours[0]["geometry"]["coordinates"] == [44.385, 33.305]  # the Green Zone, lon/lat
    assert ours[0]["properties"]["n_articles"] == 3 and ours[0]["properties"]["claim_status"] == "disputed"
