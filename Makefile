# marsad — two commands do all the set-up on a fresh machine:
#   make demo   install, build the warehouse from the bundled sample corpus, print what was built
#   make test   install, run the whole test suite
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
WAREHOUSE ?= data/warehouse.duckdb
LANDING ?= sample_corpus/landing

.PHONY: setup demo test lint dev score-seeds clean

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (as on our CI machines) nothing would ever
# be cached, and every process (dbt, each Dagster run, the CLI) would recompile dagster, dbt and GX
# from source: about 3x slower imports.
.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	$(PY) -m compileall -q extractors orchestration expectations
	$(UV) run --frozen --no-sync dbt parse --quiet --project-dir dbt_project --profiles-dir dbt_project
	touch $@

setup: .venv/.installed

demo: setup
	.venv/bin/marsad refresh --landing $(LANDING) --warehouse $(WAREHOUSE)
	.venv/bin/marsad query --warehouse $(WAREHOUSE) "select event_type, incident_date, location_id, munitions_min, killed_min, claim_status from marts.fct_incidents where not is_background order by incident_date nulls last limit 15"

test: setup
	.venv/bin/pytest -q

lint: setup
	.venv/bin/ruff check .

# deploy/dagster.yaml: run queue (one warehouse writer at a time), pools, freshness daemon
dev: setup
	MARSAD_WAREHOUSE=$(abspath $(WAREHOUSE)) MARSAD_LANDING=$(abspath $(LANDING)) DAGSTER_HOME=$(abspath .dagster_home) \
	  bash -c 'mkdir -p "$$DAGSTER_HOME" && cp deploy/dagster.yaml "$$DAGSTER_HOME/dagster.yaml" && .venv/bin/dagster dev -m orchestration.definitions'

score-seeds: setup
	.venv/bin/marsad refresh --landing ../shared/seeds --warehouse data/seeds.duckdb
	$(PY) ../shared/eval/score.py --db data/seeds.duckdb -v

clean:
	rm -rf data .venv dbt_project/target dbt_project/logs
