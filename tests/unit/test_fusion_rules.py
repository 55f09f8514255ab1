"""The fusion rules on hand-made frames: the score, its vetoes, clustering, and id stability.

The end-to-end behaviour (a real warehouse, dbt, the marts) is in tests/e2e/test_fusion.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import duckdb
import pytest

from orchestration.fusion import (
    THRESHOLD,
    Frame,
    Gazetteer,
    Place,
    assign_ids,
    candidate_pairs,
    frame_key,
    fuse,
    fuse_increment,
)
from orchestration.fusion.cluster import Edge, build_nodes
from orchestration.fusion.score import score_pair

D = dt.date
TUESDAY = D(2023, 10, 24)

GAZ = Gazetteer([
    Place("iq", None, 4, 33.0, 43.7),
    Place("sy", None, 4, 35.0, 38.5),
    Place("iq_erbil", "iq", 3, 36.4, 44.3),
    Place("iq_erbil_city", "iq_erbil", 2, 36.19, 44.01),
    Place("iq_erbil_airport", "iq_erbil_city", 1, 36.2376, 43.9632),
    Place("iq_harir_base", "iq_erbil", 1, 36.54, 44.35),
    Place("iq_baghdad", "iq", 3, 33.33, 44.4),
    Place("iq_baghdad_city", "iq_baghdad", 2, 33.34, 44.40),
    Place("iq_bgd_green_zone", "iq_baghdad_city", 1, 33.305, 44.385),
    Place("iq_bgd_salihiya", "iq_baghdad_city", 1, 33.322, 44.392),
    Place("iq_bgd_sadr_city", "iq_baghdad_city", 1, 33.39, 44.46),
    Place("sy_tanf_base", "sy", 1, 33.5, 38.6),
])


def frame(article: str, index: int = 0, *, date: dt.date | None = TUESDAY, precision: str = "day",
          place: str | None = "iq_harir_base", event: str = "drone_attack", weapon: str | None = "drone",
          target: str | None = "military_us_coalition", actors: tuple[str, ...] = (),
          published: dt.date | None = None, background: bool = False, context: str | None = None) -> Frame:
    return Frame(article_id=article, frame_index=index, event_type=event, incident_date=date,
                 date_precision=precision, location_id=place, weapon=weapon, target_type=target,
                 actor_ids=frozenset(actors), published_date=published or date, is_background=background,
                 context_location_id=context)


def incidents(frames: list[Frame], previous: dict[str, str] | None = None) -> list[set[str]]:
    """The fused incidents as sets of 'article#index'."""
    incident_of = fuse(frames, GAZ, previous).incident_of
    out: dict[str, set[str]] = {}
    for f in frames:
        out.setdefault(incident_of[f.key], set()).add(f"{f.article_id}#{f.frame_index}")
    return sorted(out.values(), key=sorted)


def test_frame_key_is_the_dbt_incident_frame_key() -> None:
    sql = duckdb.sql("select md5('a1b2' || ':incident:' || cast(3 as varchar))").fetchone()[0]
    assert frame_key("a1b2", 3) == sql


@pytest.mark.parametrize(("a", "b", "relation"), [
    ("iq_harir_base", "iq_harir_base", "same"),
    ("iq_erbil_airport", "iq_erbil_city", "within_town"),
    ("iq_erbil", "iq_harir_base", "within_governorate"),
    ("iq_harir_base", "iq", "within_country"),
    ("iq_bgd_green_zone", "iq_bgd_salihiya", "nearby"),      # siblings 2 km apart
    ("iq_bgd_green_zone", "iq_bgd_sadr_city", None),         # siblings 11 km apart
    ("iq_harir_base", "iq_erbil_airport", None),
    ("sy_tanf_base", "iq", None),
    ("iq_harir_base", None, "unknown"),
])
def test_places_relate_through_the_gazetteer(a: str, b: str | None, relation: str | None) -> None:
    assert GAZ.relation(a, b) == relation
    assert GAZ.relation(b, a) == relation


def test_same_day_same_site_is_enough_on_its_own() -> None:
    p = score_pair(frame("a", weapon=None, event="attack", target=None),
                   frame("b", weapon=None, event="attack", target=None), GAZ)
    assert (p.date_relation, p.place_relation, p.means_relation) == ("same_day", "same", "unknown")
    assert p.score == pytest.approx(0.70) and p.is_match


def test_a_day_apart_needs_corroboration() -> None:
    bare = score_pair(frame("a", weapon=None, event="attack", target=None),
                      frame("b", date=D(2023, 10, 25), weapon=None, event="attack", target=None), GAZ)
    assert bare.date_relation == "adjacent_day" and bare.score == pytest.approx(0.525) and not bare.is_match
    corroborated = score_pair(frame("a"), frame("b", date=D(2023, 10, 25)), GAZ)
    assert corroborated.score == pytest.approx(0.775) and corroborated.is_match


def test_weapon_families() -> None:
    kat = frame("a", event="rocket_attack", weapon="katyusha")
    assert score_pair(kat, frame("b", event="rocket_attack", weapon="grad"), GAZ).means_relation == "same_family"
    assert score_pair(kat, frame("b", event="shelling", weapon="mortar"), GAZ).means_relation == "related"
    assert score_pair(kat, frame("b", event="attack", weapon=None), GAZ).means_relation == "unknown"
    assert score_pair(kat, frame("b"), GAZ).veto == "different_means"
    # an arrest is never the attack, whatever weapon it mentions
    assert score_pair(frame("a", event="ied_attack", weapon="ied"),
                      frame("b", event="arrest", weapon="ied"), GAZ).veto == "different_means"


@pytest.mark.parametrize(("b", "veto"), [
    (frame("a", 1), "same_article"),
    (frame("b", date=D(2023, 10, 27)), "dates_apart"),
    (frame("b", date=D(2023, 1, 1), precision="year"), "date_too_vague"),
    (frame("b", date=None, precision="unknown"), "date_too_vague"),
    (frame("b", place="iq_erbil_airport"), "places_apart"),
    (frame("b", event="rocket_attack", weapon="rocket"), "different_means"),
])
def test_contradictions_veto(b: Frame, veto: str) -> None:
    p = score_pair(frame("a"), b, GAZ)
    assert p.veto == veto and not p.is_match


def test_month_precision_matches_a_day_in_that_month_only() -> None:
    month = frame("b", date=D(2023, 10, 1), precision="month")
    assert score_pair(frame("a"), month, GAZ).date_relation == "day_in_month"
    assert score_pair(frame("a", date=D(2023, 11, 1)), month, GAZ).veto == "dates_apart"


def test_two_attacks_on_one_base_in_one_week_stay_two_and_a_recap_joins_the_first() -> None:
    tuesday = frame("a16", published=D(2023, 10, 24))
    friday = frame("a17", 0, date=D(2023, 10, 27))
    recap = frame("a17", 1, place="iq", target=None, background=True, published=D(2023, 10, 27))
    other_report = frame("a99", date=D(2023, 10, 27), weapon=None, event="attack")
    assert incidents([tuesday, friday, recap, other_report]) == [{"a16#0", "a17#1"}, {"a17#0", "a99#0"}]


def test_a_recap_naming_no_place_is_read_in_its_articles_place() -> None:
    # "... the second attack on the base in a week, after a drone was downed last Tuesday"
    harir = frame("a16")
    recap = frame("a17", 1, place=None, target=None, context="iq_harir_base")
    p = score_pair(harir, recap, GAZ)
    assert p.place_relation == "article_place" and p.score == pytest.approx(0.675) and p.is_match
    elsewhere = frame("a17", 1, place=None, target=None, context="sy_tanf_base")
    assert score_pair(harir, elsewhere, GAZ).place_relation == "unknown"
    assert not score_pair(harir, elsewhere, GAZ).is_match
    # among attacks on that day at different bases, the one at the article's place wins
    tanf = frame("a18", place="sy_tanf_base")
    assert incidents([harir, tanf, recap]) == [{"a16#0", "a17#1"}, {"a18#0"}]


def test_a_vague_mention_matching_two_attacks_is_left_alone_and_does_not_chain_them() -> None:
    first = frame("a1", date=D(2023, 10, 24))
    second = frame("a2", date=D(2023, 10, 27))
    october = frame("a3", date=D(2023, 10, 1), precision="month", background=True)
    fusion = fuse([first, second, october], GAZ)
    assert len(set(fusion.incident_of.values())) == 3
    assert fusion.ambiguous == {october.key}
    assert set(fusion.decision.values()) == {"ambiguous"}


def test_complete_link_keeps_incompatible_frames_apart() -> None:
    # b ("an attack" on Harir) matches a drone attack the same day best and a rocket attack the
    # next day too; a and c cannot be one incident, so c is not pulled in through b.
    a = frame("a", date=D(2023, 10, 25))
    b = frame("b", date=D(2023, 10, 25), event="attack", weapon=None)
    c = frame("c", date=D(2023, 10, 26), event="rocket_attack", weapon="rocket")
    fusion = fuse([a, b, c], GAZ)
    assert fusion.incident_of[a.key] == fusion.incident_of[b.key] != fusion.incident_of[c.key]
    assert fusion.decision[(b.key, c.key)] == "conflict"
    assert fusion.decision[(a.key, c.key)] == "vetoed"


def test_ids_singletons_keep_their_frame_key_and_fused_incidents_their_first_report() -> None:
    late = frame("zz", published=D(2023, 10, 25))
    early = frame("aa", published=D(2023, 10, 24))
    alone = frame("mm", date=D(2023, 12, 1))
    ids = fuse([late, early, alone], GAZ).incident_of
    assert ids[alone.key] == alone.key
    assert ids[late.key] == ids[early.key] == early.key


def test_an_incident_keeps_its_id_when_an_earlier_report_arrives_later() -> None:
    second = frame("b", published=D(2023, 10, 25))
    first_run = fuse([second], GAZ).incident_of
    assert first_run == {second.key: second.key}
    earlier = frame("a", published=D(2023, 10, 24))  # published first, ingested in a later run
    second_run = fuse([second, earlier], GAZ, first_run).incident_of
    assert second_run[earlier.key] == second_run[second.key] == second.key
    # and a rerun with nothing new changes nothing
    assert fuse([second, earlier], GAZ, second_run).incident_of == second_run


def test_merging_two_incidents_keeps_the_id_most_reports_had_and_a_split_keeps_it_for_the_larger_part() -> None:
    a, b, c = (frame(x) for x in "abc")
    previous = {a.key: "I1", b.key: "I1", c.key: "I2"}
    assert set(assign_ids([[a, b, c]], previous).values()) == {"I1"}
    split = assign_ids([[a, b], [c]], {a.key: "I1", b.key: "I1", c.key: "I1"})
    assert split[a.key] == split[b.key] == "I1" and split[c.key] == c.key
    # a fresh id never collides with one in use, even when the frame key is taken
    taken = assign_ids([[a], [b]], {a.key: b.key})
    assert taken[a.key] == b.key and taken[b.key] not in (b.key, a.key)


def test_candidate_pairs_are_every_pair_whose_windows_overlap() -> None:
    rng = random.Random(4)
    precisions = ["day", "day", "day", "month", "year", "unknown"]
    places = ["iq_harir_base", "iq_erbil_airport", "iq_erbil", "iq_bgd_green_zone", "sy_tanf_base", None,
              "xx_not_in_the_gazetteer"]
    frames = [frame(f"a{rng.randrange(12)}", i, date=D(2023, 10, 1) + dt.timedelta(days=rng.randrange(60)),
                    precision=rng.choice(precisions), place=rng.choice(places)) for i in range(80)]
    got = {(p.a.key, p.b.key) for p in candidate_pairs(frames, GAZ)}
    assert not [p for p in candidate_pairs(frames, GAZ) if p.veto == "places_apart"]
    want = set()
    for x, y in itertools.combinations(frames, 2):
        wx, wy = x.window(), y.window()
        if x.article_id != y.article_id and wx and wy and wx[0] <= wy[1] and wy[0] <= wx[1] \
                and GAZ.relation(x.location_id, y.location_id) is not None:  # places apart: never a candidate
            want.add(tuple(sorted((x, y), key=lambda f: (f.article_id, f.frame_index))))
    assert got == {(x.key, y.key) for x, y in want}
    assert all(0 <= p.score <= 1 and p.is_match == (p.veto is None and p.score >= THRESHOLD)
               for p in candidate_pairs(frames, GAZ))


# ----------------------------------------------------------------------------- incremental runs

def _partition(frames: list[Frame], incident_of: dict[str, str]) -> list[set[str]]:
    out: dict[str, set[str]] = {}
    for f in frames:
        out.setdefault(incident_of[f.key], set()).add(f.key)
    return sorted(out.values(), key=sorted)


def _scenario(seed: int) -> list[Frame]:
    """Reports of a few attacks around Erbil and Baghdad over three weeks, several reports each."""
    rng = random.Random(seed)
    attacks = [(TUESDAY + dt.timedelta(days=rng.randrange(21)), rng.choice(["iq_harir_base", "iq_erbil_airport",
                                                                             "iq_bgd_green_zone", "sy_tanf_base"]),
                rng.choice(["drone", "rocket"])) for _ in range(8)]
    frames = []
    for n in range(40):
        day, place, weapon = rng.choice(attacks)
        event = "drone_attack" if weapon == "drone" else "rocket_attack"
        frames.append(frame(f"art{n:02d}", 0, date=day, place=rng.choice([place, place, None]), weapon=weapon,
                            event=event, published=day + dt.timedelta(days=rng.randrange(3))))
    return frames


def _increment(frames: list[Frame], old: list[Frame]):
    """Fuse ``old``, then add the rest incrementally from what a warehouse would have stored."""
    first = fuse(old, GAZ)
    stored = [Edge(p.a.key, p.b.key, p.score, p.is_match, p.veto is None) for p in first.pairs]
    inc = fuse_increment(frames, frozenset(f.key for f in frames) - {f.key for f in old}, GAZ, first.incident_of,
                         first.node_of, lambda: [(e.a, e.b) for e in stored if e.is_match],
                         lambda keys: [e for e in stored if e.a in keys and e.b in keys])
    return first, inc


def test_an_incremental_run_equals_a_full_run() -> None:
    """Over many random histories: the increment gives the full run's incidents, ids and ambiguous
    frames, scoring only the pairs of the nodes the new reports joined or started."""
    for seed in range(40):
        frames = _scenario(seed)
        old, new = frames[:30], frames[30:]
        first, inc = _increment(frames, old)
        assert inc is not None, seed
        full = fuse(frames, GAZ, first.incident_of, first.node_of)
        assert _partition(frames, inc.fusion.incident_of) == _partition(frames, full.incident_of), seed
        assert inc.fusion.incident_of == full.incident_of, seed  # and the same ids
        assert inc.fusion.ambiguous == full.ambiguous - (set(first.ambiguous) - inc.reclustered), seed
        assert all(inc.fusion.node_of[p.a.key] in inc.rescored or inc.fusion.node_of[p.b.key] in inc.rescored
                   for p in inc.fusion.pairs)
        assert {f.key for f in new} <= inc.reclustered
        assert len(inc.fusion.pairs) < len(full.pairs)


def test_identical_accounts_are_scored_once() -> None:
    """A famous attack recalled the same way by 300 articles: one node, one incident, a few hundred
    rows instead of 45,000 pairs."""
    recaps = [frame(f"r{i:03d}", date=D(2020, 1, 3), place="iq_erbil_airport", event="airstrike", weapon=None,
                    background=True, published=D(2021, 1, 1) + dt.timedelta(days=i)) for i in range(300)]
    other = frame("x", date=D(2020, 1, 3), place="iq_erbil_airport", event="airstrike", weapon=None,
                  target="militia")  # same strike, one more detail
    fusion = fuse([*recaps, other], GAZ)
    assert len(set(fusion.incident_of.values())) == 1
    assert len(fusion.pairs) == 300  # 299 rows tying each recap to the node's first, one pair with the other
    assert set(fusion.node_of.values()) == {recaps[0].key, other.key}
    assert {fusion.decision[(p.a.key, p.b.key)] for p in fusion.pairs} == {"fused"}


def test_an_article_telling_an_event_twice_keeps_a_third_report_ambiguous() -> None:
    # article a: two identical attacks on Harir that day; article b: one. b could be either.
    a0, a1, b0 = frame("a", 0), frame("a", 1), frame("b", 0)
    assert len(build_nodes([a0, a1, b0], GAZ)) == 3
    fusion = fuse([a0, a1, b0], GAZ)
    assert fusion.ambiguous == {b0.key}
    assert len(set(fusion.incident_of.values())) == 3
    # and an increment bringing such an article declines: old nodes would change
    c0, c1 = frame("c", 0), frame("c", 1)
    assert _increment([b0, a0, c0, c1], [b0, a0])[1] is None


def test_nodes_sharing_an_article_cannot_be_one_incident() -> None:
    # article a tells two drone attacks on Harir that day, one on the base's US forces and one on
    # Peshmerga; b and c, published earlier, each repeat one of them word for word
    on_us = dict(target="military_us_coalition", published=D(2023, 10, 26))
    on_peshmerga = dict(target="military_kurdish", published=D(2023, 10, 26))
    a0, a1 = frame("a", 0, **on_us), frame("a", 1, **on_peshmerga)
    b0 = frame("b", 0, **{**on_us, "published": TUESDAY})
    c0 = frame("c", 0, **{**on_peshmerga, "published": TUESDAY})
    fusion = fuse([a0, a1, b0, c0], GAZ)
    assert set(fusion.node_of.values()) == {b0.key, c0.key}
    (between,) = [p for p in fusion.pairs if {p.a.key, p.b.key} == {b0.key, c0.key}]
    assert between.score >= THRESHOLD and between.veto == "same_article"
    assert fusion.incident_of[a0.key] == fusion.incident_of[b0.key] != fusion.incident_of[a1.key]
    assert fusion.incident_of[a1.key] == fusion.incident_of[c0.key]


def _warehouse_with_gazetteer(tmp_path) -> duckdb.DuckDBPyConnection:
    """A new warehouse file with the schema and the test gazetteer as ``ref.locations``."""
    from orchestration.settings import SCHEMA_SQL

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for p in GAZ._places.values():
        con.execute("insert into ref.locations (location_id, parent_location_id, geo_precision, latitude, "
                    "longitude, name_ar, location_type) values (?, ?, ?, ?, ?, ?, 'site')",
                    [p.location_id, p.parent_location_id, p.geo_precision, p.latitude, p.longitude, p.location_id])
    return con


def test_run_fusion_is_unchanged_then_incremental_then_full(tmp_path) -> None:
    from orchestration.fusion.store import run_fusion

    con = _warehouse_with_gazetteer(tmp_path)

    def add(article: str, day: dt.date, place: str) -> None:
        con.execute("insert into extract.incident_frames (article_id, frame_index, is_background, event_type, "
                    "weapon, incident_date, date_precision, location_id, claim_status, sentence_index, char_start, "
                    "char_end, evidence_text, confidence) values (?, 0, false, 'drone_attack', 'drone', ?, 'day', ?, "
                    "'unclaimed', 0, 0, 10, 'هجوم بطائرة مسيرة', 0.9)", [article, day, place])

    add("a1", TUESDAY, "iq_harir_base")
    add("a2", TUESDAY, "iq_harir_base")
    add("a3", TUESDAY + dt.timedelta(days=5), "iq_bgd_green_zone")
    assert run_fusion(con)["mode"] == "full"
    assert run_fusion(con)["mode"] == "unchanged"
    add("a4", TUESDAY, "iq_harir_base")
    counts = run_fusion(con)
    assert counts["mode"] == "incremental" and counts["new_frames"] == 1 and counts["incidents"] == 2
    assert con.execute("select count(distinct incident_id) from fusion.incident_registry "
                       "where article_id in ('a1', 'a2', 'a4')").fetchone()[0] == 1
    assert con.execute("select bool_and(same_incident) from fusion.frame_pairs where is_match").fetchone()[0]
    con.execute("update extract.incident_frames set location_id = 'iq_erbil_airport' where article_id = 'a3'")
    assert run_fusion(con)["mode"] == "full"  # a changed frame: everything is scored again
    assert run_fusion(con, full=True)["mode"] == "full"


def test_an_incremental_run_on_a_warehouse_writes_what_a_full_run_writes(tmp_path) -> None:
    """run_fusion on a real DuckDB file: old reports, then new ones incrementally; a forced full run
    afterwards changes no incident, no ambiguity flag and no decision."""
    from orchestration.fusion.store import run_fusion

    con = _warehouse_with_gazetteer(tmp_path)

    def insert(frames: list[Frame]) -> None:
        for f in frames:
            con.execute("insert into extract.incident_frames (article_id, frame_index, is_background, event_type, "
                        "weapon, incident_date, date_precision, location_id, claim_status, sentence_index, "
                        "char_start, char_end, evidence_text, confidence) values (?, ?, false, ?, ?, ?, ?, ?, "
                        "'unclaimed', 0, 0, 10, 'هجوم', 0.9)",
                        [f.article_id, f.frame_index, f.event_type, f.weapon, f.incident_date, f.date_precision,
                         f.location_id])

    def state() -> tuple:
        registry = con.execute("select frame_key, incident_id, is_ambiguous, node_key from fusion.incident_registry "
                               "order by frame_key").fetchall()
        pairs = con.execute("select frame_key_a, frame_key_b, score, veto, decision, same_incident "
                            "from fusion.frame_pairs order by all").fetchall()
        return registry, pairs

    # recaps of one attack, identical, plus the scenario's reports
    recaps = [frame(f"recap{i}", date=TUESDAY, place="iq_bgd_green_zone", event="rocket_attack", weapon="rocket")
              for i in range(6)]
    frames = _scenario(3) + recaps
    insert(frames[:30] + recaps[:3])
    assert run_fusion(con)["mode"] == "full"
    insert(frames[30:40] + recaps[3:])
    counts = run_fusion(con)
    assert counts["mode"] == "incremental" and counts["new_frames"] == 13
    assert counts["frames_reclustered"] < len(frames)
    incremental = state()
    assert run_fusion(con, full=True)["mode"] == "full"
    assert state() == incremental
