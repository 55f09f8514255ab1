"""orchestration.evaluate on a hand-made marts file: matching rules, optional items, field checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration.evaluate import date_agrees, evaluate, fold, format_report, forms_agree

MARTS = """
create schema marts;
create table marts.dim_articles (article_id varchar, source_uri varchar, published_date date);
create table marts.dim_actors (actor_id varchar, name_ar varchar, name_en varchar);
create table marts.dim_actor_aliases (actor_id varchar, alias varchar);
create table marts.dim_locations (location_id varchar, name_ar varchar, name_en varchar);
create table marts.fct_incidents (incident_id varchar, incident_date date, event_type varchar, weapon varchar,
    location_id varchar, launch_location_id varchar, munitions_min int, munitions_max int, killed_min int,
    killed_max int, injured_min int, injured_max int, claim_status varchar);
create table marts.fct_incident_reports (incident_id varchar, article_id varchar, frame_index int,
    munitions_min int, munitions_max int, killed_min int, killed_max int, injured_min int, injured_max int,
    claim_status varchar);
create table marts.fct_actor_mentions (article_id varchar, actor_id varchar, surface varchar, char_start int);
create table marts.fct_claims (claim_id varchar, article_id varchar, char_start int, claim_type varchar,
    speaker_actor_id varchar, speaker_text varchar, speaker_anonymous boolean);
insert into marts.dim_articles values ('a1', '/landing/one.txt', '2021-07-13'), ('a2', '/landing/two.txt', null);
insert into marts.dim_actors values ('kh', 'كتائب حزب الله', 'Kataib Hezbollah'), ('reuters', 'رويترز', 'Reuters'),
    ('xx', 'جهة أخرى', 'Other');
insert into marts.dim_actor_aliases values ('kh', 'الكتائب');
insert into marts.dim_locations values ('asad', 'قاعدة عين الأسد', 'Ain al-Asad Air Base'), ('hit', 'هيت', 'Hit');
insert into marts.fct_incidents values
    ('i1', '2021-07-12', 'rocket_attack', 'katyusha', 'asad', 'hit', 3, 5, 0, 0, null, null, 'claimed'),
    ('i2', null, 'drone_attack', 'drone', null, null, 1, 1, null, null, null, null, 'unclaimed'),
    ('i3', null, 'ied_attack', 'ied', null, null, 1, 1, null, null, null, null, 'unclaimed');
-- i1 is fused with another outlet's report of five rockets: the range is 3-5, this article said 3
insert into marts.fct_incident_reports values ('i1', 'a1', 0, 3, 3, 0, 0, null, null, 'claimed'),
    ('i1', 'a9', 0, 5, 5, 0, 0, null, null, 'claimed'),
    ('i2', 'a1', 1, 1, 1, null, null, null, null, 'unclaimed'),
    ('i3', 'a1', 2, 1, 1, null, null, null, null, 'unclaimed');
insert into marts.fct_actor_mentions values ('a1', 'kh', 'وكتائب حزب الله', 10), ('a1', 'reuters', 'لرويترز', 50),
    ('a1', 'xx', 'جهة أخرى', 70);
insert into marts.fct_claims values
    ('c1', 'a1', 10, 'responsibility_claim', 'kh', 'كتائب حزب الله', false),
    ('c2', 'a1', 50, 'report', null, 'مصدر أمني', true),
    ('c3', 'a1', 90, 'denial', 'xx', 'جهة أخرى', false);
"""

GOLD = {"version": 1, "articles": [
    {"file": "one.txt",
     "actors": [{"key": "kh", "en": "Kata'ib Hezbollah", "ar": ["كتائب حزب الله"]},
                {"key": "reuters", "en": "Reuters", "ar": ["رويترز"], "optional": True},
                {"key": "pmf", "en": "PMF", "ar": ["الحشد الشعبي"]}],
     "incidents": [{"id": "g1", "weapon": "rocket", "date": dt.date(2021, 7, 12),
                    "place": {"en": "Ain al-Asad", "ar": ["عين الأسد"]},
                    "munitions": {"min": 3, "max": 3}, "killed": {"min": 0, "max": 0},
                    "claim_status": "claimed"},
                   {"id": "g2", "weapon": "drone", "optional": True, "date": None}],
     "claims": [{"speaker": "kh", "claim_type": "responsibility_claim"},
                {"speaker": "anonymous_sources", "claim_type": "report", "speaker_anonymous": True},
                {"speaker": "kh", "claim_type": "threat"}]},
    {"file": "missing.txt", "actors": [{"key": "a", "en": "A", "ar": ["ا"]}], "incidents": [], "claims": []},
]}


@pytest.fixture()
def warehouse(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute(MARTS)
    con.close()
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    return db, gold


def test_fold_and_form_agreement():
    assert fold("إِطلاقُ «الصواريخ»، الأولى") == "اطلاق الصواريخ الاولي"
    assert forms_agree(["الحشد الشعبي"], {fold("هيئة الحشد الشعبي")})  # contained
    assert forms_agree(["العصائب"], {"عصائب"})  # without the article
    assert not forms_agree(["بغداد"], {"بابل"})
    assert not forms_agree(["اب"], {"ابو علي"})  # too short to count as contained


def test_date_agreement_by_precision():
    assert date_agrees(dt.date(2021, 7, 12), dt.date(2021, 7, 12))
    assert date_agrees("2021-07-12", "2021-07") and date_agrees("2021-07-12", 2021)
    assert not date_agrees("2021-07-12", "2021-07-13") and not date_agrees(None, "2021")


def test_evaluate_counts(warehouse):
    db, gold = warehouse
    ev = evaluate(db, gold)
    # actors: kh found, reuters optional (found: no reward, no spurious), pmf missed, xx spurious; missing.txt: 1 fn
    assert (ev.actors.tp, ev.actors.fp, ev.actors.fn) == (1, 1, 2)
    # incidents: g1 matches i1 (family + place + date); i2 absorbed by optional g2; i3 spurious
    assert (ev.incidents.tp, ev.incidents.fp, ev.incidents.fn) == (1, 1, 0)
    assert {k: (v.correct, v.of) for k, v in ev.fields.items()} == {
        "date": (1, 1), "munitions": (0, 1), "killed": (1, 1), "injured": (0, 0), "claim_status": (1, 1),
        "place": (1, 1)}
    # the fused range 3-5 is not what this article said; its own report is
    assert {k: (v.correct, v.of) for k, v in ev.report_fields.items()} == {
        "munitions": (1, 1), "killed": (1, 1), "injured": (0, 0), "claim_status": (1, 1)}
    # claims: kh responsibility claim and the anonymous report found; threat missed; denial by xx spurious
    assert (ev.claims.tp, ev.claims.fp, ev.claims.fn) == (2, 1, 1)
    one, missing = ev.articles
    assert one.found and not missing.found
    assert "actor pmf" in one.missed and "claim kh threat: " in one.missed
    assert any(s.startswith("incident i3") for s in one.spurious)
    text = "\n".join(format_report(ev))
    assert "== missing.txt  (article not in marts.dim_articles)" in text
    assert "claims     P=0.667 R=0.667 F1=0.667" in text
    assert "report field munitions 1/1  accuracy=1.000" in text
    assert ev.as_dict()["incidents"]["f1"] == 0.667
