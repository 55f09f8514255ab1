"""Build-then-swap publishing of the warehouse file analysts read.

Analysts open the *published* file (``--warehouse FILE``).  A refresh never writes it: each run
(keyed by its Dagster root run id, so "re-execute from failure" continues the same build) copies
the published file into its own *build* file, ingests/extracts/builds the marts and runs every
check there, and only then swaps the build in with one ``os.replace``:

* an analyst connection opened before the swap keeps reading the old inode (the previous
  version) and is never blocked: nobody but the swap touches the published path, and DuckDB's
  lock on a build file is a different file's lock;
* a failed check leaves the build unpublished, so the previous version stays published;
* ``kill -9`` at any point leaves the published file as it was (a rename is atomic), and the
  next run starts again from it, so a rerun equals an uninterrupted run;
* two builds racing to publish cannot lose each other's work: the swap checks, under a lock,
  that the published file is still the one the build was copied from.

The build file has the published file's name (in another directory), so DuckDB gives both the
same catalog name; dbt's relations are rendered without a catalog anyway
(dbt_project/macros/relations_without_database.sql), so a copied or renamed file works too.

Layout next to ``data/warehouse.duckdb``::

    data/.warehouse.duckdb.marsad/builds/<root run id>/warehouse.duckdb   the run's build
    data/.warehouse.duckdb.marsad/data_docs/<run id>/index.html           GX Data Docs per run
    data/.warehouse.duckdb.marsad/attempts.jsonl                          every refresh's outcome

With the ``ducklake`` target (``Layout.lake`` set, orchestration/lake.py) the build is the same
private file, but it is seeded from the lake's current snapshot instead of copied from the
published file, and publishing commits its tables to the lake in one transaction instead of
renaming it; ``--warehouse`` then only names where this machine keeps its builds, Data Docs and
attempt log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .faults import failpoint
from .locks import file_lock, is_locked
from .settings import SCHEMA_SQL, duckdb_config

if TYPE_CHECKING:
    from .lake import Lake

# An idle build (no process holds its .busy lock) younger than this may belong to a run between
# two steps of the multiprocess executor; older ones are pruned, except the newest.
IDLE_BUILD_GRACE_S = 600


class PublishError(RuntimeError):
    """The build cannot be published (superseded, missing, or not checkpointed)."""


class BuildSuperseded(PublishError):
    """Another refresh published after this build started: publishing it would drop that run's work."""


@dataclass(frozen=True)
class Layout:
    """Where the published file, the builds, the Data Docs and the attempt log live.

    ``lake`` is set for the ``ducklake`` target: builds are then seeded from and published to it.
    """

    published: Path
    lake: Lake | None = None

    @classmethod
    def of(cls, published: str | Path, lake: Lake | None = None) -> Layout:
        return cls(Path(published).absolute(), lake)

    @property
    def state(self) -> Path:
        return self.published.parent / f".{self.published.name}.marsad"

    @property
    def builds(self) -> Path:
        return self.state / "builds"

    def build_dir(self, owner: str) -> Path:
        return self.builds / owner

    def build_path(self, owner: str) -> Path:
        return self.build_dir(owner) / self.published.name

    def busy_lock(self, owner: str) -> Path:
        return self.build_dir(owner) / ".busy"

    @property
    def docs(self) -> Path:
        return self.state / "data_docs"

    @property
    def attempts(self) -> Path:
        return self.state / "attempts.jsonl"

    @property
    def publish_lock(self) -> Path:
        return self.state / "publish.lock"

    @property
    def refresh_lock(self) -> Path:
        return self.state / "refresh.lock"


def file_identity(st: os.stat_result) -> dict[str, int]:
    """What changes when the published file is replaced (inode) or rewritten (size, mtime)."""
    return {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _identity_of(path: Path) -> dict[str, int] | None:
    try:
        return file_identity(os.stat(path))
    except FileNotFoundError:
        return None


def _copy_fd(src: int, dst: int, size: int) -> None:
    """Kernel-side copy (reflink on filesystems that support it), falling back to read/write."""
    copied = 0
    try:
        while copied < size:
            n = os.copy_file_range(src, dst, size - copied)
            if n == 0:
                break
            copied += n
    except OSError:
        os.lseek(src, 0, os.SEEK_SET)
        os.lseek(dst, 0, os.SEEK_SET)
        os.ftruncate(dst, 0)
        while chunk := os.read(src, 8 << 20):
            os.write(dst, chunk)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def ensure_build(layout: Layout, owner: str) -> Path:
    """The run's build file, created on first use as a copy of the published file (or of the lake's
    current snapshot, for the ducklake target).

    Idempotent and safe to call from every step (and every step process): the copy is made once,
    under a lock, into a temporary name and renamed into place.  The published file's identity
    at copy time is stored next to the build; :func:`publish` refuses if it changed since.
    """
    build = layout.build_path(owner)
    if build.exists():
        return build
    build.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(build.parent / ".create.lock"):
        if build.exists():
            return build
        prune_builds(layout, keep=owner)
        tmp = build.with_name(build.name + ".copying")
        for stale in (tmp, _wal(tmp)):
            stale.unlink(missing_ok=True)
        identity = None
        seeded: dict = {}
        if layout.lake is not None:
            seeded = layout.lake.seed(tmp)
            src = -1
        else:
            try:
                src = os.open(layout.published, os.O_RDONLY)
            except FileNotFoundError:
                src = -1
        if src >= 0:
            try:
                st = os.fstat(src)  # the inode we copy, even if a publish replaces the path now
                identity = file_identity(st)
                dst = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                try:
                    _copy_fd(src, dst, st.st_size)
                finally:
                    os.close(dst)
            finally:
                os.close(src)
        con = duckdb.connect(str(tmp), config=duckdb_config())
        try:
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))  # also migrates older warehouses
            base_pub = con.execute("select max(publication_id) from ops.publications").fetchone()[0]
        finally:
            con.close()
        (build.parent / "base.json").write_text(json.dumps(
            {"published": identity, "publication_id": base_pub, "created_at": dt.datetime.now().isoformat(),
             **seeded}))
        os.replace(tmp, build)
    return build


def prune_builds(layout: Layout, keep: str) -> list[Path]:
    """Delete builds of finished or killed runs, keeping the newest idle one for re-execution."""
    if not layout.builds.is_dir():
        return []
    idle = []
    for d in layout.builds.iterdir():
        if not d.is_dir() or d.name == keep or is_locked(layout.busy_lock(d.name)):
            continue
        idle.append((max((p.stat().st_mtime for p in d.iterdir()), default=d.stat().st_mtime), d))
    idle.sort(reverse=True)
    now = time.time()
    removed = [d for i, (mtime, d) in enumerate(idle) if i > 0 and now - mtime > IDLE_BUILD_GRACE_S]
    for d in removed:
        shutil.rmtree(d, ignore_errors=True)
    return removed


def _table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1, 2").fetchall()]
    tables += ["raw.articles", "raw.quarantine", "raw.ingest_log"]
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def publish(layout: Layout, owner: str, *, run_id: str, job_name: str, checks_passed: int, checks_warned: int,
            extractor_version: str | None, dictionary_version: str | None, data_docs: str | None) -> dict:
    """Swap the run's checked build in as the published warehouse (or commit it to the lake); returns
    the publication record."""
    build = layout.build_path(owner)
    if not build.exists():
        raise PublishError(f"no build to publish for run {owner} ({build} is missing)")
    base = json.loads((build.parent / "base.json").read_text())
    with file_lock(layout.publish_lock):
        current = _identity_of(layout.published)
        if layout.lake is None and current != base["published"]:
            raise BuildSuperseded(
                f"superseded: {layout.published} was published by another refresh after this run copied it "
                "(this run's result is dropped; the next refresh includes its new files)")
        con = duckdb.connect(str(build), config=duckdb_config())
        try:
            counts = _table_counts(con)
            pub_id = con.execute("select coalesce(max(publication_id), 0) + 1 from ops.publications").fetchone()[0]
            record = {
                "publication_id": pub_id, "published_at": dt.datetime.now(), "run_id": run_id,
                "job_name": job_name, "previous_publication_id": base["publication_id"],
                "extractor_version": extractor_version, "dictionary_version": dictionary_version,
                "articles": counts["raw.articles"], "quarantined": counts["raw.quarantine"],
                "checks_passed": checks_passed, "checks_warned": checks_warned,
                "table_counts": json.dumps(counts), "data_docs": data_docs,
            }
            con.execute(f"insert into ops.publications by name select {', '.join('? as ' + k for k in record)}",
                        list(record.values()))
            con.execute("checkpoint")
        finally:
            con.close()
        if layout.lake is None:
            _swap(layout, build)
        else:
            try:
                record["lake_snapshot"] = layout.lake.publish(
                    build, base_publication_id=base["publication_id"], publication_id=pub_id, run_id=run_id)
            except BuildSuperseded:
                shutil.rmtree(build.parent, ignore_errors=True)  # useless now; a retry of this run re-seeds
                raise
    shutil.rmtree(build.parent, ignore_errors=True)
    record["published_at"] = record["published_at"].isoformat(timespec="seconds")
    record["table_counts"] = counts
    return record


def _swap(layout: Layout, build: Path) -> None:
    """Replace the published file with the checkpointed build, atomically and durably."""
    if _wal(build).exists():
        raise PublishError(f"{build} still has a write-ahead log after checkpoint; not publishing")
    fd = os.open(build, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    failpoint("publish.before_swap")
    _wal(layout.published).unlink(missing_ok=True)  # a stale log must never replay onto the new file
    os.replace(build, layout.published)
    _fsync_dir(layout.published.parent)
    failpoint("publish.after_swap")


def publications(published: Path, limit: int = 10) -> list[dict]:
    """The newest publications recorded in a published warehouse (newest first); [] if none."""
    if not Path(published).exists():
        return []
    con = duckdb.connect(str(published), read_only=True)
    try:
        try:
            cur = con.execute("select * from ops.publications order by publication_id desc limit ?", [limit])
        except duckdb.CatalogException:
            return []
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    for r in rows:
        r["table_counts"] = json.loads(r["table_counts"]) if r.get("table_counts") else {}
    return rows


def active_builds(layout: Layout) -> list[str]:
    """Root run ids whose build is in use right now (a refresh is running)."""
    if not layout.builds.is_dir():
        return []
    return sorted(d.name for d in layout.builds.iterdir() if d.is_dir() and is_locked(layout.busy_lock(d.name)))
