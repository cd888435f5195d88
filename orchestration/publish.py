"""Publish a complete read-only snapshot of the marts and switch readers to it atomically.

Layout under the published root (`$BAOCAO_HOME/published`):

    current -> versions/20261122T061500123456Z-1a2b3c4d     (a symlink, swapped atomically)
    versions/<version>/warehouse.duckdb                      (the marts as TABLES)
    versions/<version>/parquet/<mart>.parquet                (one file per mart)
    versions/<version>/snapshot.json                         (when, which run, row counts)
    .staging-<run>/                                          (being written; never read)

A snapshot is written completely into a staging directory, renamed into `versions/` and only
then pointed at by `current` (a new symlink renamed over the old one: `rename(2)` is atomic).
A reader opening `current/warehouse.duckdb` gets either the old or the new version, never a
mix, and a reader that already has the old file open keeps it: versions older than the last
`keep` are deleted on the next publish, and an open file outlives its unlinking anyway.

Tables, not views: dbt-duckdb views embed the catalog name of the file they were built in.

Read-only: a published version's files are 0o444 and its directories 0o555, so a reader
opening the file read-write gets "Permission denied" (the documented reader paths open it
read-only anyway). The published root must belong to the user that publishes and must not be
writable by group or others (else another user could swap `current`): `publish_snapshot`
checks that. Root ignores file modes, and the owner can chmod them back: the modes stop
mistakes, not an adversary (docs/bi.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

SNAPSHOT_DB = "warehouse.duckdb"
SNAPSHOT_INFO = "snapshot.json"
PUBLISHED_SCHEMAS = ("marts",)
_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FILE_MODE = 0o444
DIR_MODE = 0o555


class PublishError(RuntimeError):
    """The published directory cannot be trusted to publish into."""


@dataclass(frozen=True)
class Snapshot:
    """One published version, as recorded in its snapshot.json."""

    version: str
    path: Path
    published_at: str
    run_id: str
    fingerprint: str | None
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def warehouse_path(self) -> Path:
        return self.path / SNAPSHOT_DB

    @property
    def parquet_dir(self) -> Path:
        return self.path / "parquet"


def current_link(root: Path) -> Path:
    return root / "current"


def current_snapshot(root: Path) -> Snapshot | None:
    """The snapshot readers get now, or None if nothing was ever published."""
    link = current_link(root)
    try:
        info = json.loads((link / SNAPSHOT_INFO).read_text())
    except (OSError, ValueError):
        return None
    return Snapshot(
        version=info["version"],
        path=link.resolve(),
        published_at=info["published_at"],
        run_id=info["run_id"],
        fingerprint=info.get("fingerprint"),
        tables=info.get("tables", {}),
    )


def published_versions(root: Path) -> list[Path]:
    """Version directories, oldest first (names start with a sortable UTC timestamp)."""
    versions = root / "versions"
    if not versions.exists():
        return []
    return sorted(p for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))


def _quote(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unexpected relation name {name!r}")
    return f'"{name}"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync_tree(path: Path) -> None:
    """Flush the snapshot's files and directories before it becomes visible."""
    for dirpath, _dirnames, filenames in os.walk(path):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sql(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    # This DuckDB wants each result consumed before the next statement on the connection.
    return con.execute(sql, params or []).fetchall()


def _write_snapshot(working: Path, staging: Path, schemas: tuple[str, ...]) -> dict[str, int]:
    """Copy every table and view of `schemas` into staging as tables, plus Parquet files."""
    parquet_dir = staging / "parquet"
    parquet_dir.mkdir(parents=True)
    con = duckdb.connect()  # in memory: both files are attached under names we choose
    try:
        # The working file keeps its own catalog name (its stem), so any view in it resolves
        # as it does in dbt's connection; the snapshot is "snap" while being written.
        src = _quote(working.stem)
        _sql(con, f"attach '{_literal(working)}' as {src} (read_only)")
        _sql(con, f"attach '{_literal(staging / SNAPSHOT_DB)}' as snap")
        relations = _sql(
            con,
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = ? and table_schema in (select unnest(?::varchar[])) "
            "order by table_schema, table_name",
            [working.stem, list(schemas)],
        )
        if not relations:
            raise RuntimeError(f"nothing to publish: no tables in {schemas} of {working}")
        counts: dict[str, int] = {}
        for schema, name in relations:
            relation = f"{_quote(schema)}.{_quote(name)}"
            _sql(con, f"create schema if not exists snap.{_quote(schema)}")
            _sql(con, f"create table snap.{relation} as select * from {src}.{relation}")
            counts[f"{schema}.{name}"] = _sql(con, f"select count(*) from snap.{relation}")[0][0]
            # One Parquet file per mart, named by the mart (other schemas prefix it).
            stem = name if schema == "marts" else f"{schema}.{name}"
            out = _literal(parquet_dir / f"{stem}.parquet")
            _sql(con, f"copy (select * from snap.{relation}) to '{out}' (format parquet)")
        _sql(con, f"detach {src}")
        _sql(con, "checkpoint snap")
        _sql(con, "detach snap")
    finally:
        con.close()
    return counts


def _swap_current(root: Path, version_dir: Path, tag: str) -> None:
    """Point `current` at version_dir in one rename, so readers see old or new, nothing else."""
    tmp_link = root / f".current-{tag}"
    tmp_link.unlink(missing_ok=True)
    # Relative target: the published folder can be moved or mounted elsewhere.
    os.symlink(version_dir.relative_to(root), tmp_link, target_is_directory=True)
    os.replace(tmp_link, current_link(root))
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_read_only(path: Path) -> None:
    """Files 0o444, then directories 0o555, deepest first."""
    for dirpath, dirnames, filenames in os.walk(path, topdown=False):
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), FILE_MODE)
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), DIR_MODE)
    os.chmod(path, DIR_MODE)


def _remove_tree(path: Path) -> None:
    """Delete a (read-only) version or staging directory that we own."""
    if not path.exists():
        return
    for dirpath, _dirnames, _filenames in os.walk(path):
        with contextlib.suppress(OSError):
            os.chmod(dirpath, 0o755)
    shutil.rmtree(path, ignore_errors=True)


def check_published_root(root: Path) -> None:
    """The published root and versions/ are ours and writable by nobody else.

    Someone else's directory (or one others may write) could have `current` pointed
    anywhere; group/other write bits on our own directory are removed.
    """
    uid = os.geteuid()
    for path in (root, root / "versions"):
        st = path.lstat()
        if path.is_symlink() or not path.is_dir():
            raise PublishError(f"{path} is not a directory: refusing to publish into it")
        if st.st_uid != uid and uid != 0:
            raise PublishError(
                f"{path} belongs to uid {st.st_uid}, not to this user (uid {uid}): refusing "
                "to publish into it. Publish as its owner, or give this home its own "
                "published/ directory."
            )
        if st.st_mode & 0o022:
            path.chmod(st.st_mode & ~0o022 & 0o7777)
            log.warning("%s was writable by group or others: made it 0o%o", path, st.st_mode)


def _prune(root: Path, keep: int) -> list[Path]:
    """Delete versions older than the last `keep` (never the current one) and stale staging."""
    current = current_link(root).resolve()
    removed = []
    versions = published_versions(root)
    for old in versions[: max(0, len(versions) - keep)]:
        if old.resolve() != current:
            _remove_tree(old)
            removed.append(old)
    return removed


def _clean_staging(root: Path) -> None:
    """Leftovers of a publish that was killed: never visible to readers, safe to delete."""
    for stale in root.glob(".staging-*"):
        _remove_tree(stale)
    for stale in root.glob(".current-*"):
        stale.unlink(missing_ok=True)


def publish_snapshot(
    working: Path,
    root: Path,
    *,
    run_id: str,
    fingerprint: str | None = None,
    schemas: tuple[str, ...] = PUBLISHED_SCHEMAS,
    keep: int = 2,
    now: datetime | None = None,
) -> Snapshot:
    """Snapshot `schemas` of the working warehouse into a new version and make it current.

    Callers serialize publishes (one writer of the warehouse at a time). A crash at any point
    leaves `current` on the previous complete version; the next publish cleans up.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "versions").mkdir(exist_ok=True)
    check_published_root(root)
    _clean_staging(root)
    now = now or datetime.now(UTC)
    tag = re.sub(r"[^A-Za-z0-9]", "", run_id)[:8] or "manual"
    version = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{tag}"
    staging = root / f".staging-{tag}"
    staging.mkdir()
    try:
        counts = _write_snapshot(working, staging, schemas)
        snapshot = Snapshot(
            version=version,
            path=root / "versions" / version,
            published_at=now.isoformat(),
            run_id=run_id,
            fingerprint=fingerprint,
            tables=counts,
        )
        info = {k: v for k, v in asdict(snapshot).items() if k != "path"}
        (staging / SNAPSHOT_INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False))
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(FILE_MODE)  # a snapshot is never written again
        _fsync_tree(staging)
        # Moving a directory to another parent needs it writable: 0o555 after the rename.
        os.rename(staging, snapshot.path)
        _make_read_only(snapshot.path)
    except BaseException:
        _remove_tree(staging)
        raise
    _swap_current(root, snapshot.path, tag)
    removed = _prune(root, keep)
    log.info(
        "published %s (%d tables); removed %d old versions", version, len(counts), len(removed)
    )
    return snapshot
