"""The ``ducklake`` publish target: the warehouse in a DuckLake catalog instead of one DuckDB file.

One DuckDB file has one writing process and lives on one machine.  A DuckLake keeps the same
tables as Parquet files in a directory or object store (``MARSAD_DUCKLAKE_DATA``) and their
metadata — which files make up which table at which snapshot — in a SQL catalog
(``MARSAD_DUCKLAKE_CATALOG``: PostgreSQL for many machines; SQLite or a DuckDB file for one).
Any number of processes on any machine can then read it, and writers commit with optimistic
concurrency.  See docs/scaling.md for when to use which.

What stays the same: every run still ingests, extracts, builds the marts and runs every check in
its own private *build* file (orchestration/publish.py), one writer per run.  Only the two ends
change:

* :meth:`Lake.seed` starts a build from the lake instead of copying the published file: the
  tables of the schemas the Python assets own (orchestration/sql/warehouse_schema.sql: raw, ref,
  extract, fusion, ops) are copied, in one read transaction, so the build starts from one
  consistent snapshot.  dbt rebuilds staging, intermediate and the marts anyway.
* :meth:`Lake.publish` copies every table of the checked build into the lake in **one** DuckLake
  transaction, tagged with the run id: a reader sees the whole new snapshot or the previous one,
  never a mix, and a run whose checks failed never gets here.

Concurrency.  The publishing transaction first checks that the lake's newest publication is still
the one the build was seeded from; if another run published since, this build lacks that run's
articles and publishing it would drop them, so it raises :class:`BuildSuperseded` and the refresh
runs again from the new snapshot (orchestration/refresh.py).  Two publishers that pass the check
at the same instant both replace ``ops.publications``; DuckLake detects that at commit ("another
transaction has dropped it already") and fails the second, which retries its transaction, now sees
the first one's publication, and is superseded.  Conflicts with anyone else (an analyst's dbt run
writing other tables) are retried and then succeed.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .duckdb_extensions import ExtensionUnavailable, load_extension
from .publish import BuildSuperseded, PublishError
from .settings import SCHEMA_SQL, ducklake_catalog, ducklake_data, publish_target

ALIAS = "lake"
BUILD_ALIAS = "build"
# How often the publishing transaction is retried after a DuckLake commit conflict before giving up.
COMMIT_ATTEMPTS = 6
_SYSTEM_SCHEMAS = ("main", "information_schema", "pg_catalog")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_remote(path: str) -> bool:
    return "://" in path


def _load(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load an extension from its wheel; else one DuckDB already installed; else say what to install."""
    try:
        load_extension(con, name)
    except ExtensionUnavailable as missing:
        try:
            con.execute(f"LOAD {name}")
        except duckdb.Error:
            raise ExtensionUnavailable(f"{missing} (the DuckLake target needs it for this catalog / data path)") \
                from None


@dataclass(frozen=True)
class Lake:
    """Where the lake is: its catalog and (optionally, once it exists) its data path."""

    catalog: str
    data_path: str | None = None

    @classmethod
    def from_settings(cls) -> Lake | None:
        """The configured lake when ``MARSAD_TARGET=ducklake``, else None (the file target)."""
        if publish_target() != "ducklake":
            return None
        catalog = ducklake_catalog()
        if not catalog:
            raise ValueError("MARSAD_TARGET=ducklake needs MARSAD_DUCKLAKE_CATALOG "
                             "(postgres:dbname=… host=…, sqlite:/path/lake.sqlite or /path/lake.ducklake)")
        return cls(catalog=catalog, data_path=ducklake_data())

    # ------------------------------------------------------------------ connecting
    @property
    def kind(self) -> str:
        """``postgres``, ``sqlite`` or ``duckdb``: which database holds the catalog."""
        spec = self.catalog.removeprefix("ducklake:")
        for kind in ("postgres", "sqlite"):
            if spec.startswith(kind + ":"):
                return kind
        return "duckdb"

    @property
    def uri(self) -> str:
        """The ``ducklake:…`` string ATTACH takes; file catalogs are made absolute (a relative one
        would resolve against whatever directory the reader happens to run in)."""
        spec = self.catalog.removeprefix("ducklake:")
        if self.kind == "postgres":
            return "ducklake:" + spec
        if self.kind == "sqlite":
            return "ducklake:sqlite:" + str(Path(spec.removeprefix("sqlite:")).absolute())
        return "ducklake:" + str(Path(spec.removeprefix("duckdb:")).absolute())

    @property
    def data(self) -> str | None:
        if self.data_path is None or _is_remote(self.data_path):
            return self.data_path
        return str(Path(self.data_path).absolute())

    def describe(self) -> str:
        """The lake for logs and metadata, without a password."""
        text = re.sub(r"password=\S+", "password=***", self.uri)
        return text + (f" (data: {self.data})" if self.data else "")

    def attach_sql(self, alias: str = ALIAS, read_only: bool = False) -> str:
        """The ATTACH statement readers run (the DuckDB CLI, a BI tool, dbt)."""
        options = [f"DATA_PATH {_quote(self.data)}"] if self.data else []
        if read_only:
            options.append("READ_ONLY")
        return f"ATTACH {_quote(self.uri)} AS {alias}" + (f" ({', '.join(options)})" if options else "")

    def load_extensions(self, con: duckdb.DuckDBPyConnection) -> None:
        """Load (installing them offline from their wheels) the extensions this lake needs.

        Installing puts them in DuckDB's extension directory, so a plain DuckDB session (the CLI,
        dbt, a BI tool) on this machine can ATTACH the lake afterwards without a download.
        """
        _load(con, "ducklake")
        if self.kind == "postgres":
            _load(con, "postgres")
        elif self.kind == "sqlite":
            _load(con, "sqlite_scanner")
        if self.data and _is_remote(self.data):
            _load(con, "httpfs")

    def attach(self, con: duckdb.DuckDBPyConnection, alias: str = ALIAS, read_only: bool = False) -> None:
        """Attach the lake to ``con`` (a read-write ATTACH creates the catalog on first use)."""
        self.load_extensions(con)
        con.execute(self.attach_sql(alias, read_only))

    @contextmanager
    def connect(self, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory DuckDB session with the lake attached as ``lake`` and selected (``USE``)."""
        con = duckdb.connect()
        try:
            self.attach(con, ALIAS, read_only=read_only)
            con.execute(f"USE {ALIAS}")
            yield con
        finally:
            con.close()

    # ------------------------------------------------------------------ build ← lake
    def seed(self, build: Path) -> dict:
        """Fill the new build file ``build`` from the lake's current snapshot; returns what it started from.

        Only the schemas ``warehouse_schema.sql`` creates are copied: they hold the state a refresh
        continues from (articles, ingest log, extractions, the incident registry, publications);
        the dbt schemas are rebuilt by every run.  The build's tables are created by that script
        first, so they keep the primary keys the assets' ``insert or replace`` relies on (DuckLake
        tables have none).
        """
        con = duckdb.connect(str(build))
        try:
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            local_db = con.execute("select current_database()").fetchone()[0]
            owned = [r[0] for r in con.execute(
                "select schema_name from duckdb_schemas() "
                "where database_name = ? and not list_contains(?, schema_name)",
                [local_db, list(_SYSTEM_SCHEMAS)]).fetchall()]
            local = set(con.execute("select schema_name, table_name from duckdb_tables() where database_name = ?",
                                    [local_db]).fetchall())
            self.attach(con, ALIAS)  # read-write: the first writer creates the catalog
            con.execute("begin")
            snapshot = con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0]
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = ? "
                "and list_contains(?, schema_name) order by 1, 2", [ALIAS, owned]).fetchall()
            for schema, table in tables:
                name = f"{_ident(schema)}.{_ident(table)}"
                if (schema, table) in local:
                    con.execute(f"insert into {name} by name select * from {ALIAS}.{name}")
                else:
                    con.execute(f"create table {name} as select * from {ALIAS}.{name}")
            con.execute("commit")
            con.execute(f"detach {ALIAS}")
            con.execute("checkpoint")
        finally:
            con.close()
        return {"lake_snapshot": snapshot, "lake_tables": len(tables)}

    # ------------------------------------------------------------------ build → lake
    @staticmethod
    def _head(con: duckdb.DuckDBPyConnection) -> int | None:
        """The newest publication id in the lake as this transaction sees it (None: never published)."""
        exists = con.execute("select count(*) from duckdb_tables() where database_name = ? and schema_name = 'ops' "
                             "and table_name = 'publications'", [ALIAS]).fetchone()[0]
        if not exists:
            return None
        return con.execute(f"select max(publication_id) from {ALIAS}.ops.publications").fetchone()[0]

    def publish(self, build: Path, *, base_publication_id: int | None, publication_id: int, run_id: str,
                before_commit: Callable[[], None] | None = None) -> int:
        """Copy every table of the checked ``build`` into the lake in one transaction; returns its snapshot id.

        The build must already record publication ``publication_id`` in ``ops.publications`` (as
        :func:`orchestration.publish.publish` does): replacing that table moves the lake's head, which
        is what makes a concurrent publisher's commit conflict and its retry see it was superseded.
        Raises :class:`BuildSuperseded` when another run published after this build was seeded.
        ``before_commit`` runs inside the transaction just before COMMIT (tests use it to make two
        publishers commit at the same instant).
        """
        tag = json.dumps({"run_id": run_id, "publication_id": publication_id}, sort_keys=True)
        con = duckdb.connect()
        try:
            self.attach(con, ALIAS)
            con.execute(f"ATTACH {_quote(str(build))} AS {BUILD_ALIAS} (READ_ONLY)")
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = ? "
                "and not list_contains(?, schema_name) order by 1, 2", [BUILD_ALIAS, list(_SYSTEM_SCHEMAS)]).fetchall()
            recorded = con.execute(f"select max(publication_id) from {BUILD_ALIAS}.ops.publications").fetchone()[0]
            if recorded != publication_id:  # the new head is what a concurrent publisher's check and commit see
                raise PublishError(f"{build} records publication #{recorded}, not #{publication_id}: "
                                   "record the publication in the build before publishing it")
            for attempt in range(1, COMMIT_ATTEMPTS + 1):
                con.execute("begin")
                try:
                    head = self._head(con)
                    if head != base_publication_id:
                        after = f", seen after {attempt - 1} commit conflict(s)" if attempt > 1 else ""
                        raise BuildSuperseded(
                            f"superseded: the lake's newest publication is #{head}, this build started from "
                            f"#{base_publication_id} (another refresh published meanwhile{after}; this one is "
                            "rebuilt from the new snapshot)")
                    for schema in sorted({s for s, _ in tables}):
                        con.execute(f"create schema if not exists {ALIAS}.{_ident(schema)}")
                    for schema, table in tables:
                        name = f"{_ident(schema)}.{_ident(table)}"
                        con.execute(f"create or replace table {ALIAS}.{name} as select * from {BUILD_ALIAS}.{name}")
                    con.execute(f"call {ALIAS}.set_commit_message('marsad', "
                                f"{_quote(f'publication #{publication_id} by run {run_id}')}, "
                                f"extra_info => {_quote(tag)})")
                    if before_commit is not None:
                        before_commit()
                    con.execute("commit")
                    break
                except duckdb.Error as e:
                    with suppress(duckdb.Error):
                        con.execute("rollback")  # a failed COMMIT has already ended the transaction
                    if "conflict" not in str(e).lower():
                        raise
                    if attempt == COMMIT_ATTEMPTS:
                        raise PublishError(f"DuckLake commit conflicts on {attempt} attempts; last: {e}") from e
                    time.sleep(0.1 * 2 ** attempt)
                except BaseException:
                    with suppress(duckdb.Error):
                        con.execute("rollback")
                    raise
            return con.execute(f"select max(snapshot_id) from {ALIAS}.snapshots() where commit_extra_info = ?",
                               [tag]).fetchone()[0]
        finally:
            con.close()

    # ------------------------------------------------------------------ reading
    def publications(self, limit: int = 10) -> list[dict]:
        """The newest publications recorded in the lake (newest first); [] if nothing was published."""
        with self.connect() as con:
            if self._head(con) is None:
                return []
            cur = con.execute(f"select * from {ALIAS}.ops.publications order by publication_id desc limit ?", [limit])
            cols = [d[0] for d in cur.description]
            rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        for r in rows:
            r["table_counts"] = json.loads(r["table_counts"]) if r.get("table_counts") else {}
        return rows


def main(argv: list[str] | None = None) -> None:
    """``python -m orchestration.lake init | attach-sql | publications | query SQL`` for the configured lake."""
    parser = argparse.ArgumentParser(prog="python -m orchestration.lake", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the (empty) catalog once, before several writers or readers start")
    sub.add_parser("attach-sql", help="print the read-only ATTACH statement (DuckDB CLI, BI tools, dbt), after "
                                      "installing the extensions it needs from their wheels")
    sub.add_parser("publications", help="list the newest publications")
    query = sub.add_parser("query", help="run read-only SQL against the lake")
    query.add_argument("sql")
    args = parser.parse_args(argv)
    lake = Lake.from_settings()
    if lake is None:
        parser.error("set MARSAD_TARGET=ducklake and MARSAD_DUCKLAKE_CATALOG (see docs/scaling.md)")
    if args.command == "init":
        with lake.connect(read_only=False) as con:
            snapshot = con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0]
        print(f"{lake.describe()}: ready, snapshot {snapshot}")
    elif args.command == "attach-sql":
        con = duckdb.connect()
        try:
            lake.load_extensions(con)
        finally:
            con.close()
        print(lake.attach_sql(read_only=True) + f"; USE {ALIAS};")
    elif args.command == "publications":
        for p in lake.publications():
            print(json.dumps(p, default=str, ensure_ascii=False))
    else:
        with lake.connect() as con:
            cur = con.execute(args.sql)
            print("\t".join(d[0] for d in cur.description))
            for row in cur.fetchall():
                print("\t".join("" if v is None else str(v) for v in row))


if __name__ == "__main__":
    main()
