"""Real GX validations of the expectation suites, on hand-made frames and on a DuckDB warehouse.

The warehouse fixture is a temporary DuckDB *file* built from ``warehouse_schema.sql`` plus
hand-written marts tables, filled with one article whose offsets are computed from its text, so
every suite passes on it.  Each "bad row" test then breaks one thing inside a transaction that
is rolled back, and checks that exactly the expected expectation fails and that its sample rows
name the bad row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from expectations import frames
from expectations.frames import MissingTableError, load_frame
from expectations.gx_context import batch_definition
from expectations.runner import ROW_IDS, SUITES, SuiteResult, build_suite, validate, validate_table

SCHEMA_SQL = Path(__file__).resolve().parents[2] / "orchestration" / "sql" / "warehouse_schema.sql"

ART = "a1b2c3d4e5f60718"
S0 = "أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن قصف قاعدة عَيْن الأسد بثلاث طائرات مسيرة صباح الأحد."
S1 = "ونفت كتائب حزب الله أي علاقة لها بالهجوم، فيما قال مسؤول عراقي إن الهجوم لم يسفر عن إصابات."
S2 = "وتتعرض القواعد التي تستضيف قوات التحالف الدولي لهجمات متكررة منذ تشرين الأول الماضي."
TEXT = "\n".join((S0, S1, S2))
PUBLISHED = dt.date(2024, 1, 7)


def span(needle: str, start: int = 0) -> tuple[int, int]:
    """[start, end) of ``needle`` in TEXT (Python code points, like DuckDB's substring)."""
    i = TEXT.index(needle, start)
    return i, i + len(needle)


SENTS = [span(S0), span(S1), span(S2)]
M_RESIST, M_KATAIB, P_ASAD = span("المقاومة الإسلامية في العراق"), span("كتائب حزب الله"), span("عَيْن الأسد")
C_SPEAKER = span("مسؤول عراقي")

# The marts as the dbt project shapes them (same columns), built by hand: no dbt run in unit tests.
MARTS_DDL = """
create schema if not exists marts;
create table marts.dim_articles as
    select article_id, source_uri, url, r.outlet, title, m.published_date, m.published_date_source, char_count,
           ingested_at, encoding, m.extractor_version, m.n_sentences, m.extracted_at, true as is_extracted
    from raw.articles as r join extract.article_meta as m using (article_id);
create table marts.dim_actors as
    select actor_id, name_ar, name_en, actor_type, parent_actor_id, affiliation,
           count(m.article_id)::int as mention_count, count(distinct m.article_id)::int as article_count,
           min(d.published_date) as first_seen_date, max(d.published_date) as last_seen_date,
           is_collective, verified, 'dictionary' as actor_source, attribution_source
    from ref.actors left join extract.actor_mentions as m using (actor_id)
    left join marts.dim_articles as d using (article_id)
    group by all;
create table marts.dim_actor_aliases as select actor_id, alias, lang, 'dictionary' as alias_source
    from ref.actor_aliases;
create table marts.dim_locations as select * from ref.locations;
create table marts.fct_incident_reports as
    select 'inc' || frame_index as incident_id, f.*, d.published_date, d.outlet
    from extract.incident_frames as f join marts.dim_articles as d using (article_id);
create table marts.fct_incidents as
    select incident_id, incident_date, date_precision, event_type, weapon, location_id, launch_location_id,
           target_name, target_type, munitions_min, munitions_max, intercepted, killed_min, killed_max, injured_min,
           injured_max, civilian_casualties, claim_status, 1 as n_articles, 1 as n_outlets,
           published_date as first_reported_date, confidence, is_background, 1 as n_reports
    from marts.fct_incident_reports;
create table marts.bridge_incident_actors as
    select 'inc' || frame_index as incident_id, actor_id, role, article_id from extract.incident_actors;
create table marts.fct_actor_mentions as
    select md5(article_id || ':' || mention_index) as mention_id, * from extract.actor_mentions;
create table marts.fct_claims as
    select 'c' || claim_index as claim_id, article_id, claim_index, sentence_index, char_start, char_end, frame_index,
           case when frame_index is not null then 'inc' || frame_index end as incident_id, speaker_actor_id,
           speaker_text, speaker_anonymous, claim_type, predicate,
           coalesce((select list(actor_id) from extract.claim_actors as x
                     where x.article_id = c.article_id and x.claim_index = c.claim_index),
                    cast([] as varchar[])) as subject_actor_ids,
           via_actor_id, quote_text, claim_date, confidence
    from extract.claims as c;
create table marts.bridge_claim_actors as
    select 'c' || claim_index as claim_id, actor_id, role, article_id, claim_index from extract.claim_actors;
"""


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """One article, fully extracted, consistent everywhere."""
    ins = con.execute
    ins("insert into raw.articles values (?, 'in/a.txt', null, 'السومرية', null, ?, ?, ?, 'utf-8', now())",
        [ART, PUBLISHED, TEXT, len(TEXT)])
    ins("""insert into raw.ingest_log by name select * from (values
           ('in/a.txt', 'ingested', ?, now()), ('in/a-copy.txt', 'duplicate', ?, now()),
           ('in/bad.bin', 'quarantined', null, now())) as t(source_uri, status, article_id, seen_at)""", [ART, ART])
    ins("insert into raw.quarantine values ('in/bad.bin', 'y', 3, 'undecodable', 'not utf-8 nor cp1256', now())")
    ins("""insert into ref.actors values
           ('irq_resistance', 'المقاومة الإسلامية في العراق', 'Islamic Resistance in Iraq', 'militia', null,
            'iran_aligned', 'dictionary', false, true),
           ('kataib_hezbollah', 'كتائب حزب الله', 'Kataib Hezbollah', 'militia', 'irq_resistance',
            'iran_aligned', 'dictionary', false, true)""")
    ins("""insert into ref.actor_aliases values ('irq_resistance', 'المقاومة الإسلامية في العراق', 'ar'),
           ('kataib_hezbollah', 'كتائب حزب الله', 'ar')""")
    ins("""insert into ref.locations values
           ('iq', 'العراق', 'Iraq', 'country', null, 'IQ', 33.0, 44.0, 4, null),
           ('anbar', 'الأنبار', 'Anbar', 'governorate', 'Anbar', 'IQ', 33.4, 42.0, 3, 'iq'),
           ('ain_al_asad', 'عين الأسد', 'Ain al-Asad', 'site', 'Anbar', 'IQ', 33.8, 42.4, 1, 'anbar')""")
    ins("insert into extract.article_meta values (?, 'v1', ?, 'metadata', 'السومرية', 3, now())", [ART, PUBLISHED])
    for i, (a, b) in enumerate(SENTS):
        ins("insert into extract.sentences values (?, ?, ?, ?, ?, false)", [ART, i, a, b, TEXT[a:b]])
    for i, (actor, (a, b), sent, kind) in enumerate(
            [("irq_resistance", M_RESIST, 0, "alias"), ("kataib_hezbollah", M_KATAIB, 1, "alias")]):
        ins("insert into extract.actor_mentions values (?, ?, ?, ?, ?, ?, ?, ?)",
            [ART, i, actor, TEXT[a:b], sent, a, b, kind])
    ins("insert into extract.place_mentions values (?, 0, 'ain_al_asad', ?, 0, ?, ?, 'struck')",
        [ART, TEXT[P_ASAD[0]:P_ASAD[1]], *P_ASAD])
    ins("""insert into extract.incident_frames values (?, 0, false, 'drone_attack', 'drone', date '2024-01-07', 'day',
           'صباح الأحد', 'ain_al_asad', null, 'قاعدة عين الأسد', 'military_us_coalition', 3, 3, null, null, null,
           0, 0, false, 'disputed', 0, ?, ?, ?, 0.8)""", [ART, *SENTS[0], S0])
    ins("""insert into extract.incident_actors values (?, 0, 'irq_resistance', 'claimed_perpetrator'),
           (?, 0, 'kataib_hezbollah', 'denier')""", [ART, ART])
    claims = [  # index, sentence, frame, speaker id, speaker text, anonymous, type, predicate
        (0, 0, 0, "irq_resistance", "المقاومة الإسلامية في العراق", False, "responsibility_claim", "أعلنت"),
        (1, 1, 0, "kataib_hezbollah", "كتائب حزب الله", False, "denial", "نفت"),
        (2, 1, None, None, TEXT[C_SPEAKER[0]:C_SPEAKER[1]], True, "statement", "قال"),
    ]
    for idx, sent, frame, sid, stext, anon, ctype, pred in claims:
        ins("insert into extract.claims values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, 0.7)",
            [ART, idx, sent, *SENTS[sent], frame, sid, stext, anon, ctype, pred, PUBLISHED])
    ins("insert into extract.claim_actors values (?, 1, 'kataib_hezbollah', 'denied_for')", [ART])
    ins("insert into extract.unverified_actors values ('unv_1a2b', ?, 'سرايا أولياء الدم', 'militia', 'سرايا')",
        [ART])
    con.execute(MARTS_DDL)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "warehouse.duckdb"))
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    fill(con)
    yield con
    con.close()


@pytest.fixture
def wh(warehouse: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse inside a transaction that is rolled back after the test."""
    warehouse.begin()
    yield warehouse
    warehouse.rollback()


def failed(result: SuiteResult) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.expectation, tuple(f.columns)) for f in result.failures}


def one_failure(result: SuiteResult, expectation: str, *columns: str):
    """The single failure of ``expectation`` on ``columns``; fails the test if not found."""
    hits = [f for f in result.failures if f.expectation == expectation and tuple(f.columns) == columns]
    assert len(hits) == 1, f"expected {expectation}{columns} to fail; failures: {failed(result)}"
    return hits[0]


IN_SET = "expect_column_values_to_be_in_set"

# ------------------------------------------------------------------------------------------ good data


@pytest.mark.parametrize("suite_name", list(SUITES))
def test_every_suite_passes_on_a_consistent_warehouse(warehouse: duckdb.DuckDBPyConnection, suite_name: str) -> None:
    frame = load_frame(warehouse, suite_name)
    assert set(ROW_IDS[suite_name]) <= set(frame.columns)
    result = validate(suite_name, frame)
    assert result.rows > 0
    assert result.failed == 0, json.dumps(result.to_metadata(), ensure_ascii=False, indent=1)
    assert result.success
    assert result.evaluated == len(build_suite(suite_name).expectations)


def test_registry_matches_frame_sql() -> None:
    sql_files = {p.stem for p in frames.SQL_DIR.glob("*.sql")}
    assert sql_files == set(SUITES)
    for name, (builder, table, stage) in SUITES.items():
        assert builder.__name__ == name == build_suite(name).name
        assert table in frames.required_tables(name)
        assert stage == table.split(".")[0] in {"raw", "ref", "extract", "marts"}


def test_importing_the_runner_does_not_import_gx() -> None:
    """Dagster imports the registry at every code-location load; GX costs seconds to import."""
    code = ("import sys; from expectations.runner import SUITES, validate_table; "
            "assert 'great_expectations' not in sys.modules, 'GX imported eagerly'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_date_bounds_follow_the_calendar() -> None:
    suite = build_suite("extract_claims", dt.date(2030, 6, 1))
    bounds = [e.max_value for e in suite.expectations if getattr(e, "column", None) == "claim_date"]
    assert bounds == [dt.datetime(2030, 6, 2)]


def test_arabic_ratio_counts_letters_only(warehouse: duckdb.DuckDBPyConnection) -> None:
    # 7 Arabic letters (the diacritics are marks, not letters), 2 Latin letters, Arabic and ASCII digits, an emoji
    text = "قَصْفٌ عنيف AB ١٢٣ 42 😀"
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    arabic = [c for c in letters if unicodedata.name(c).startswith("ARABIC")]
    assert (len(arabic), len(letters)) == (7, 9)
    warehouse.begin()
    try:
        warehouse.execute("delete from raw.articles")
        warehouse.execute("insert into raw.articles values ('ffffffffffffffff', 'x', null, null, null, null, ?, ?,"
                          " 'utf-8', now())", [text, len(text)])
        frame = load_frame(warehouse, "raw_articles")
    finally:
        warehouse.rollback()
    assert frame.loc[0, "arabic_ratio"] == pytest.approx(len(arabic) / len(letters))
    assert frame.loc[0, "char_count_ok"]


# ------------------------------------------------------------------------------------------ bad rows in DuckDB


def test_mention_offsets_outside_the_text_fail_span_ok(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("insert into extract.actor_mentions values (?, 7, 'irq_resistance', 'x', 2, ?, ?, 'alias')",
               [ART, len(TEXT) - 1, len(TEXT) + 40])
    result = validate_table(wh, "extract_actor_mentions")
    assert not result.success
    bad = one_failure(result, IN_SET, "span_ok")
    assert bad.unexpected_count == 1
    assert bad.sample_rows[0]["article_id"] == ART and bad.sample_rows[0]["mention_index"] == 7
    assert bad.sample_rows[0]["char_end"] == len(TEXT) + 40
    assert ("expect_column_values_to_be_in_set", ("surface_ok",)) in failed(result)


def test_orphan_mention_fails_provenance_even_though_its_flags_are_null(wh: duckdb.DuckDBPyConnection) -> None:
    # No such article: the SQL flags are NULL, which GX's set expectations would skip; load_frame makes them False.
    wh.execute("insert into extract.actor_mentions values ('0000000000000bad', 0, 'irq_resistance', 'x', 0, 0, 1,"
               " 'alias')")
    result = validate_table(wh, "extract_actor_mentions")
    assert {(IN_SET, (c,)) for c in ("article_ok", "span_ok", "surface_ok", "sentence_ok", "in_sentence_ok")} \
        == failed(result)
    assert all(f.sample_rows[0]["article_id"] == "0000000000000bad" for f in result.failures)


def test_surface_not_equal_to_the_text_fails_surface_ok_only(wh: duckdb.DuckDBPyConnection) -> None:
    a, b = M_KATAIB
    wh.execute("update extract.actor_mentions set surface = 'كتائب حزب اللة' where mention_index = 1")
    result = validate_table(wh, "extract_actor_mentions")
    assert failed(result) == {(IN_SET, ("surface_ok",))}
    row = one_failure(result, IN_SET, "surface_ok").sample_rows[0]
    assert row["mention_index"] == 1 and row["span_text"] == TEXT[a:b] and row["surface"] == "كتائب حزب اللة"


def test_bad_vocabulary_value_is_reported_with_its_row(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update extract.incident_frames set event_type = 'bombing'")
    result = validate_table(wh, "extract_incident_frames")
    bad = one_failure(result, IN_SET, "event_type")
    assert failed(result) == {(IN_SET, ("event_type",))}
    assert bad.sample_values == ["bombing"]
    assert bad.sample_rows == [{"article_id": ART, "frame_index": 0, "event_type": "bombing"}]


def test_evidence_text_mismatch_fails_evidence_ok(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update extract.incident_frames set char_start = char_start + 1")
    result = validate_table(wh, "extract_incident_frames")
    assert failed(result) == {(IN_SET, ("evidence_ok",))}


def test_sentence_text_and_overlap(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update extract.sentences set char_start = char_start - 5 where sentence_index = 2")
    result = validate_table(wh, "extract_sentences")
    assert failed(result) == {(IN_SET, ("text_ok",)), (IN_SET, ("order_ok",))}
    assert one_failure(result, IN_SET, "order_ok").sample_rows[0]["sentence_index"] == 2


def test_duplicate_incident_id_in_marts(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("insert into marts.fct_incidents select * from marts.fct_incidents")
    result = validate_table(wh, "fct_incidents")
    bad = one_failure(result, "expect_column_values_to_be_unique", "incident_id")
    assert bad.unexpected_count == 2 and bad.sample_values == ["inc0", "inc0"]
    assert failed(result) == {("expect_column_values_to_be_unique", ("incident_id",))}


def test_duplicate_compound_key_in_a_bridge(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("insert into marts.bridge_claim_actors select * from marts.bridge_claim_actors")
    result = validate_table(wh, "bridge_claim_actors")
    assert failed(result) == {("expect_compound_columns_to_be_unique", ("claim_id", "actor_id", "role"))}


def test_counts_ranges_dates_and_confidence(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update extract.incident_frames set killed_min = 5, killed_max = 2, injured_min = -1, "
               "incident_date = date '1988-03-16', confidence = 1.5")
    result = validate_table(wh, "extract_incident_frames")
    between = "expect_column_values_to_be_between"
    assert failed(result) == {
        ("expect_column_pair_values_a_to_be_greater_than_b", ("killed_max", "killed_min")),
        (between, ("injured_min",)), (between, ("incident_date",)), (between, ("confidence",)),
        # injured_min -1 < injured_max 0 still holds; only the sign is wrong
    }
    assert one_failure(result, between, "incident_date").sample_values == ["1988-03-16T00:00:00"]


def test_unreported_maximum_is_not_a_range_violation(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update extract.incident_frames set munitions_min = 5, munitions_max = null")  # "at least five"
    assert validate_table(wh, "extract_incident_frames").failed == 0


def test_future_claim_date(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update marts.fct_claims set claim_date = current_date + 3 where claim_id = 'c2'")
    result = validate_table(wh, "fct_claims")
    bad = one_failure(result, "expect_column_values_to_be_between", "claim_date")
    assert bad.sample_rows[0]["claim_id"] == "c2"


def test_marts_referential_integrity_and_provenance(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("insert into marts.bridge_incident_actors values ('inc0', 'ghost', 'target', ?)", [ART])
    wh.execute("insert into marts.bridge_incident_actors values ('inc0', 'kataib_hezbollah', 'target',"
               " '0000000000000000')")
    result = validate_table(wh, "bridge_incident_actors")
    assert failed(result) == {(IN_SET, ("actor_ok",)), (IN_SET, ("article_ok",)), (IN_SET, ("report_ok",))}
    assert one_failure(result, IN_SET, "actor_ok").sample_rows[0]["actor_id"] == "ghost"


def test_marts_evidence_must_be_the_article_text(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update marts.fct_incident_reports set evidence_text = 'نص مختلف'")
    result = validate_table(wh, "fct_incident_reports")
    assert failed(result) == {(IN_SET, ("evidence_ok",))}
    assert one_failure(result, IN_SET, "evidence_ok").sample_rows[0]["evidence_text"] == "نص مختلف"


def test_incident_without_reports_is_untraceable(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("delete from marts.fct_incident_reports")
    result = validate_table(wh, "fct_incidents")
    assert (IN_SET, ("reported_ok",)) in failed(result)
    assert not result.success


def test_anonymous_speaker_with_an_id_and_unknown_subject(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("update marts.fct_claims set speaker_actor_id = 'kataib_hezbollah', "
               "subject_actor_ids = ['nobody'] where claim_id = 'c2'")
    result = validate_table(wh, "fct_claims")
    assert failed(result) == {(IN_SET, ("anonymous_ok",)), (IN_SET, ("subjects_known_ok",)),
                              (IN_SET, ("subjects_bridged_ok",))}


def test_dim_articles_must_match_raw(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("delete from marts.dim_articles")
    result = validate_table(wh, "dim_articles")
    bad = one_failure(result, IN_SET, "in_dim_ok")
    assert bad.sample_rows == [{"article_id": ART, "in_dim_ok": False}]


def test_quarantined_input_cannot_be_an_article(wh: duckdb.DuckDBPyConnection) -> None:
    wh.execute("insert into raw.quarantine values ('in/a.txt', null, null, 'too_big', null, now())")
    result = validate_table(wh, "raw_quarantine")
    assert failed(result) == {(IN_SET, ("reason",)), (IN_SET, ("not_ingested_ok",))}


def test_raw_text_checks(wh: duckdb.DuckDBPyConnection) -> None:
    english = "Rockets hit the base near the airport on Sunday, officials said. " * 4
    wh.execute("insert into raw.articles values ('00000000000000aa', 'in/en.txt', null, null, null, null, ?, ?,"
               " 'latin-1', now())", [english, len(english) + 3])
    result = validate_table(wh, "raw_articles")
    assert failed(result) == {(IN_SET, ("char_count_ok",)), ("expect_column_values_to_be_between", ("arabic_ratio",)),
                              (IN_SET, ("encoding",))}
    assert {r["article_id"] for f in result.failures for r in f.sample_rows} == {"00000000000000aa"}


def test_missing_table_raises_a_clear_error(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    with pytest.raises(MissingTableError, match=r"fct_incidents.*missing table\(s\).*marts\.fct_incidents"):
        validate_table(con, "fct_incidents")
    assert validate_table(con, "raw_articles").success  # an empty table is fine
    with pytest.raises(KeyError, match="unknown suite"):
        validate_table(con, "no_such_suite")
    con.close()


# ------------------------------------------------------------------------------------------ hand-made frames


def article_frame(**overrides: object) -> pd.DataFrame:
    row = {"article_id": "0123456789abcdef", "source_uri": "in/x.txt", "char_count": 500, "encoding": "cp1256",
           "meta_published_date": pd.Timestamp("2023-10-17"), "ingested_at": pd.Timestamp("2024-01-01 10:00"),
           "text_ok": True, "char_count_ok": True, "arabic_ratio": 0.93, "text_length": 500, "letters": 400}
    rows = [row, {**row, "article_id": "fedcba9876543210"}]
    rows[1].update(overrides)
    return pd.DataFrame(rows)


def test_hand_made_frame_passes() -> None:
    result = validate("raw_articles", article_frame())
    assert result.success and result.failed == 0 and result.rows == 2


def test_hand_made_frame_duplicate_and_malformed_id() -> None:
    result = validate("raw_articles", article_frame(article_id="0123456789abcdef"))
    assert failed(result) == {("expect_column_values_to_be_unique", ("article_id",))}
    result = validate("raw_articles", article_frame(article_id="XYZ"))
    bad = one_failure(result, "expect_column_values_to_match_regex", "article_id")
    assert bad.sample_values == ["XYZ"]


def test_short_article_only_warns() -> None:
    result = validate("raw_articles", article_frame(char_count=120, text_length=120))
    assert result.success, "a warning must not fail the suite"
    assert [f.severity for f in result.failures] == ["warning"]
    assert result.failures[0].sample_rows[0]["article_id"] == "fedcba9876543210"
    assert result.to_metadata()["failed_warning"] == 1


def test_date_before_1990_fails() -> None:
    result = validate("raw_articles", article_frame(meta_published_date=pd.Timestamp("1989-12-31")))
    assert failed(result) == {("expect_column_values_to_be_between", ("meta_published_date",))}


def test_missing_column_is_a_failure_with_the_gx_error() -> None:
    result = validate("raw_articles", article_frame().drop(columns=["encoding"]))
    assert not result.success
    errors = [f for f in result.failures if f.columns == ["encoding"]]
    assert errors and all(f.error for f in errors)


def test_metadata_is_json() -> None:
    result = validate("raw_articles", article_frame(meta_published_date=pd.Timestamp("1900-01-01"), char_count=50,
                                                    letters=40))
    meta = result.to_metadata()
    decoded = json.loads(json.dumps(meta))
    assert decoded["suite"] == "raw_articles" and decoded["success"] is False
    assert decoded["failed"] == len(decoded["failures"]) == 3
    sample = next(f for f in decoded["failures"] if f["columns"] == ["meta_published_date"])["sample_rows"][0]
    assert sample == {"article_id": "fedcba9876543210", "meta_published_date": "1900-01-01T00:00:00"}


def test_validation_is_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert os.environ["GX_ANALYTICS_ENABLED"] == "false"
    batch_definition.cache_clear()  # rebuild the context too, not only validate, with the network cut
    assert validate("raw_articles", article_frame()).success
