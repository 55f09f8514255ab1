"""The Dagster code location: lineage from raw files to marts, checks, and blocking behaviour."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey

from orchestration.refresh import check_results, run_refresh
from orchestration.resources import Warehouse
from orchestration.settings import REPO_ROOT

SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def asset_graph():
    from orchestration.definitions import defs

    return defs.get_repository_def().asset_graph


def _upstream(graph, key: AssetKey) -> set[AssetKey]:
    seen: set[AssetKey] = set()
    todo = [key]
    while todo:
        k = todo.pop()
        for parent in graph.get(k).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_lineage_runs_from_raw_files_to_every_mart(asset_graph) -> None:
    marts = [k for k in asset_graph.get_all_asset_keys() if k.path[0] == "marts"]
    assert {k.path[-1] for k in marts} >= {"dim_articles", "dim_actors", "dim_actor_aliases", "dim_locations",
                                           "fct_incidents", "fct_incident_reports", "bridge_incident_actors",
                                           "fct_actor_mentions", "fct_claims", "bridge_claim_actors"}
    for key in marts:
        if key.path[-1] in ("dim_locations",):
            continue
        up = _upstream(asset_graph, key)
        assert AssetKey(["raw", "articles"]) in up, key
        assert any(k.path[0] == "extract" for k in up), key
        assert any(k.path[0] == "staging" for k in up), key


def test_every_stage_has_a_great_expectations_check(asset_graph) -> None:
    checks = {(c.asset_key.path[0], c.name) for c in asset_graph.asset_check_keys}
    stages = {stage for stage, name in checks if name.startswith("gx_")}
    assert {"raw", "ref", "extract", "marts"} <= stages
    assert ("raw", "gx_raw_articles") in checks and ("marts", "gx_fct_claims") in checks
    assert sum(1 for _, n in checks if not n.startswith("gx_")) > 100  # the dbt tests


def test_a_failing_check_blocks_downstream_assets(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], landing / "a.txt")
    db = tmp_path / "w.duckdb"
    # a row no ingestion would write: Latin text in the Arabic warehouse
    with Warehouse(path=str(db)).connect() as con:
        con.execute("insert into raw.articles values ('0123456789abcdef', 'planted', null, null, null, null, ?, ?, "
                    "'utf-8', ?)", ["x" * 300, 300, dt.datetime.now()])
    result = run_refresh(landing, db)
    assert not result.success
    failed = [c for c in check_results(result) if not c[2]]
    assert ("raw/articles", "gx_raw_articles", False) in failed
    meta = next(ev.event_specific_data.metadata for ev in result.all_events
                if ev.event_type_value == "ASSET_CHECK_EVALUATION"
                and ev.event_specific_data.check_name == "gx_raw_articles")
    assert "0123456789abcdef" in str(meta)  # says which row failed
    materialized = {ev.asset_key.path[0] for ev in result.all_events if ev.event_type_value == "ASSET_MATERIALIZATION"}
    assert "extract" not in materialized and "marts" not in materialized
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from extract.article_meta").fetchone()[0] == 0
    finally:
        con.close()
