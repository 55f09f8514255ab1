"""`marsad search` on the published sample-corpus warehouse: the index built and checked by the refresh.

Ground truth comes from the article text itself (a regular expression over the folded text), not
from the analyser under test, so a search that misses or invents articles fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey
from typer.testing import CliRunner

from extractors.normalize import fold
from orchestration.cli import app
from orchestration.search.verify import verify_index

HIT = re.compile(r"^\d+\. ([0-9a-f]{16}) · ", re.M)
KADHIMI = ["الكاظمي", "كاظمي", "والكاظمي", "بالكاظمي", "الكَاظِمِي", "للكاظمي"]


def run_search(warehouse: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["search", "--warehouse", str(warehouse), *args])
    return result.exit_code, result.output


def hits(warehouse: Path, query: str) -> list[str]:
    code, out = run_search(warehouse, query, "--limit", "1000")
    assert code == 0, out
    return HIT.findall(out)


def articles_with_word(warehouse: Path, word: str) -> set[str]:
    """Articles whose title or text has ``word`` (folded) as a whole word, after optional proclitics."""
    rx = re.compile(rf"(?<!\w)(?:[وف]?[بكل]?(?:ال)?|[وف]?لل){re.escape(fold(word))}(?!\w)")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select d.article_id, coalesce(d.title, '') || ' ' || r.text from marts.dim_articles as d "
                           "join raw.articles as r using (article_id)").fetchall()
    finally:
        con.close()
    return {a for a, text in rows if rx.search(fold(text))}


@pytest.mark.parametrize("variant", KADHIMI)
def test_spelling_variants_find_exactly_the_articles_with_the_name(sample_warehouse: Path, variant: str) -> None:
    expected = articles_with_word(sample_warehouse, "كاظمي")
    assert len(expected) >= 5
    found = hits(sample_warehouse, variant)
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_hits_really_contain_the_word_and_none_is_missed(sample_warehouse: Path) -> None:
    for word in ("صواريخ", "الصالحية", "أربيل"):
        expected = articles_with_word(sample_warehouse, word.removeprefix("ال"))
        assert expected, word
        assert set(hits(sample_warehouse, word)) == expected, word


def test_every_word_of_a_query_must_occur(sample_warehouse: Path) -> None:
    both = set(hits(sample_warehouse, "الكاظمي صواريخ"))
    assert both
    assert both == set(hits(sample_warehouse, "الكاظمي")) & set(hits(sample_warehouse, "صواريخ"))


def test_a_diacritised_word_in_the_text_is_found_and_highlighted_as_written(sample_warehouse: Path) -> None:
    code, out = run_search(sample_warehouse, "مسيرة", "--limit", "3")
    assert code == 0, out
    assert "⟦مسيّرة⟧" in out or "⟦المسيّرة⟧" in out or "⟦بطائرة مسيّرة⟧" in out, out


def test_a_query_with_no_hits_says_so_and_exits_0(sample_warehouse: Path) -> None:
    code, out = run_search(sample_warehouse, "زيمبابوي")
    assert code == 0
    assert "no article matches «زيمبابوي»" in out
    assert not HIT.search(out)


def test_a_query_without_words_is_refused(sample_warehouse: Path) -> None:
    code, out = run_search(sample_warehouse, "؟!،")
    assert code == 2 and "nothing to search for" in out


def test_results_show_the_article_the_sentence_and_what_it_feeds(sample_warehouse: Path) -> None:
    code, out = run_search(sample_warehouse, "الصالحية", "--limit", "10")
    assert code == 0, out
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        outlet, published = con.execute("select outlet, published_date from marts.dim_articles "
                                        "where article_id = '1aa4fad902138d68'").fetchone()
        # the incident whose evidence sentence mentions the place, reported by that article
        incidents = [r[0] for r in con.execute(
            "select incident_id from marts.fct_incident_reports where article_id = '1aa4fad902138d68' "
            "and evidence_text like '%الصالحية%'").fetchall()]
    finally:
        con.close()
    assert f"1aa4fad902138d68 · {outlet} · {published}" in out
    assert "⟦الصالحية⟧" in out
    assert incidents and all(i in out for i in incidents)
    assert "→ incident" in out
    assert "→ actor" in out and "→ claim" in out


def test_search_opens_the_published_file_read_only(sample_warehouse: Path, tmp_path: Path) -> None:
    """Another process holds a read-only connection: DuckDB then refuses any writer, so a search that
    answers opened the file read-only, and the fts index (match_bm25) needs no write access."""
    copy = tmp_path / "shared.duckdb"
    shutil.copy(sample_warehouse, copy)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('ready', flush=True); time.sleep(120)", str(copy)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(copy)).close()  # a writer is refused while the reader holds it
        assert set(hits(copy, "بالكاظمي")) == set(hits(sample_warehouse, "الكاظمي"))
    finally:
        holder.kill()
        holder.wait()


def test_missing_warehouse_or_index_is_explained(sample_warehouse: Path, tmp_path: Path) -> None:
    code, out = run_search(tmp_path / "nope.duckdb", "الكاظمي")
    assert code == 2 and "warehouse not found" in out
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    code, out = run_search(bare, "الكاظمي")
    assert code == 2 and "no search index" in out and "marsad refresh" in out


def test_the_published_index_passes_its_check_and_a_damaged_one_fails(sample_warehouse: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        problems, meta = verify_index(con)
    finally:
        con.close()
    assert problems == [] and meta["probe_queries"] >= 20
    damaged = tmp_path / "damaged.duckdb"
    shutil.copy(sample_warehouse, damaged)
    con = duckdb.connect(str(damaged))
    try:
        con.execute("delete from search.sentences where article_id = '1aa4fad902138d68'")
        con.execute("update search.index_info set analyzer_version = 'older'")
        problems, _ = verify_index(con)
    finally:
        con.close()
    assert any("sentences missing from search.sentences" in p and "1aa4fad902138d68" in p for p in problems)
    assert any("analysed by older" in p for p in problems)


def test_the_index_is_built_before_publish_and_its_check_is_required() -> None:
    from orchestration.assets.publish import PUBLISHED, _required_checks
    from orchestration.checks.search_index import search_index_answers
    from orchestration.definitions import defs

    graph = defs.get_repository_def().asset_graph
    index = AssetKey(["search", "fts_index"])
    assert index in graph.get(PUBLISHED).parent_keys
    assert AssetKey(["marts", "fct_incident_reports"]) in graph.get(index).parent_keys
    assert {c.name for c in graph.asset_check_keys if c.asset_key == index} == {"search_index_answers"}
    assert all(spec.blocking for spec in search_index_answers.check_specs)
    assert "search_index_answers" in _required_checks()[index]
