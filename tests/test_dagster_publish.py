"""The snapshot publisher on its own: complete tables + Parquet, an atomic switch, readers that
keep querying while it publishes, and failures that leave the current snapshot alone."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.publish import (
    DIR_MODE,
    FILE_MODE,
    SNAPSHOT_DB,
    PublishError,
    current_link,
    current_snapshot,
    publish_snapshot,
    published_versions,
)


def _working(path: Path, rows: int) -> Path:
    """A stand-in for the working warehouse: marts (a table and a view), and a schema that
    is not published."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        for sql in (
            "create schema if not exists marts",
            "create schema if not exists staging",
            "create or replace table marts.fct_x as select range as id, range * 2 as v "
            f"from range({rows})",
            "create or replace table marts.dim_y as select 'Sở Nội vụ' as unit_name",
            # dbt-duckdb views name their catalog: the snapshot must hold a table instead
            "create or replace view marts.v_x as select count(*) as n from warehouse.marts.fct_x",
            "create or replace table staging.s as select 1 as a",
        ):
            con.execute(sql).fetchall()
    finally:
        con.close()
    return path


def _count(db: Path, table: str = "marts.fct_x") -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def test_publish_writes_tables_and_parquet_and_switches_current(home):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    snapshot = publish_snapshot(working, root, run_id="run-1", fingerprint="abc")

    reader_path = current_link(root) / SNAPSHOT_DB
    assert current_link(root).is_symlink()
    assert reader_path.resolve() == snapshot.warehouse_path.resolve()
    con = duckdb.connect(str(reader_path), read_only=True)
    try:
        kinds = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables "
                "where table_schema = 'marts'"
            ).fetchall()
        )
        assert kinds == {"fct_x": "BASE TABLE", "dim_y": "BASE TABLE", "v_x": "BASE TABLE"}
        assert con.execute("select n from marts.v_x").fetchall() == [(10,)]
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
        assert "staging" not in schemas
    finally:
        con.close()
    parquet = current_link(root) / "parquet"
    assert sorted(p.name for p in parquet.iterdir()) == [
        "dim_y.parquet",
        "fct_x.parquet",
        "v_x.parquet",
    ]
    assert duckdb.sql(f"select count(*) from '{parquet / 'fct_x.parquet'}'").fetchall() == [(10,)]
    assert current_snapshot(root).fingerprint == "abc"
    assert current_snapshot(root).tables["marts.fct_x"] == 10
    assert not list(root.glob(".staging-*"))


def test_open_reader_keeps_its_snapshot_and_sees_the_new_one_after_reconnecting(home):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    publish_snapshot(working, root, run_id="run-1")
    reader_path = str(current_link(root) / SNAPSHOT_DB)

    reader = duckdb.connect(reader_path, read_only=True)
    assert reader.execute("select count(*) from marts.fct_x").fetchall() == [(10,)]
    _working(working, 20)
    publish_snapshot(working, root, run_id="run-2")
    _working(working, 30)
    publish_snapshot(working, root, run_id="run-3")  # run-1's version is deleted now
    # the open connection still reads its version, deleted or not
    assert reader.execute("select count(*) from marts.fct_x").fetchall() == [(10,)]
    # another process opening the path gets the new snapshot at once
    assert _count_in_subprocess(reader_path) == 30
    reader.close()
    # DuckDB shares one open database per path within a process: after closing, the same
    # path opens the new file
    assert _count(Path(reader_path)) == 30


def _count_in_subprocess(path: str) -> int:
    code = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(c.execute('select count(*) from marts.fct_x').fetchall()[0][0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


READER_LOOP = textwrap.dedent(
    """
    import sys, time, duckdb
    path, seconds = sys.argv[1], float(sys.argv[2])
    end = time.monotonic() + seconds
    seen = []
    while time.monotonic() < end:
        con = duckdb.connect(path, read_only=True)  # a BI tool reconnecting
        a = con.execute("select count(*) from marts.fct_x").fetchall()[0][0]
        b = con.execute("select count(*) from marts.fct_x where v = id * 2").fetchall()[0][0]
        con.close()
        assert a == b, (a, b)
        seen.append(a)
    print(" ".join(map(str, sorted(set(seen)))), len(seen))
    """
)


def test_a_reader_process_keeps_querying_while_snapshots_are_published(home):
    working = _working(home / "warehouse.duckdb", 1)
    root = home / "published"
    publish_snapshot(working, root, run_id="run-0")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER_LOOP, str(current_link(root) / SNAPSHOT_DB), "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    published = {1}
    for n in range(2, 8):
        time.sleep(0.3)
        _working(working, n * 1000)
        publish_snapshot(working, root, run_id=f"run-{n}")
        published.add(n * 1000)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    counts, queries = out.split()[:-1], int(out.split()[-1])
    assert queries > 10
    assert {int(c) for c in counts} <= published  # only complete snapshots, never a mix
    assert len(counts) > 1  # and it moved on to newer ones
    assert len(published_versions(root)) == 2


def test_a_failed_publish_leaves_the_current_snapshot(home):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    before = publish_snapshot(working, root, run_id="run-1")
    empty = home / "empty" / "warehouse.duckdb"
    empty.parent.mkdir()
    duckdb.connect(str(empty)).close()
    with pytest.raises(RuntimeError, match="nothing to publish"):
        publish_snapshot(empty, root, run_id="run-2")
    assert current_snapshot(root).version == before.version
    assert _count(current_link(root) / SNAPSHOT_DB) == 10
    assert not list(root.glob(".staging-*"))


def test_leftovers_of_a_killed_publish_are_never_read_and_cleaned_next_time(home):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    publish_snapshot(working, root, run_id="run-1")
    (root / ".staging-killed" / "parquet").mkdir(parents=True)  # as a SIGKILL leaves it
    (root / ".staging-killed" / SNAPSHOT_DB).write_bytes(b"half a file")
    assert _count(current_link(root) / SNAPSHOT_DB) == 10
    publish_snapshot(working, root, run_id="run-2")
    assert not (root / ".staging-killed").exists()


def test_a_published_version_is_read_only_files_and_directories(home):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    snapshot = publish_snapshot(working, root, run_id="run-1")
    version = snapshot.path
    assert stat.S_IMODE(version.stat().st_mode) == DIR_MODE
    assert stat.S_IMODE((version / "parquet").stat().st_mode) == DIR_MODE
    files = [p for p in version.rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == FILE_MODE for p in files)
    # the pipeline still prunes its own read-only versions
    for n in (2, 3):
        publish_snapshot(working, root, run_id=f"run-{n}")
    assert not version.exists()
    assert len(published_versions(root)) == 2


def test_documented_reader_paths_cannot_write(home):
    """docs/bi.md: DuckDB read_only=True and the SQLAlchemy URL with access_mode=read_only."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    publish_snapshot(working, root, run_id="run-1")
    reader_path = current_link(root) / SNAPSHOT_DB
    con = duckdb.connect(str(reader_path), read_only=True)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("create table marts.x as select 1").fetchall()
    con.close()
    engine = create_engine(f"duckdb:///{reader_path}?access_mode=read_only", poolclass=NullPool)
    with engine.connect() as sa, pytest.raises(Exception, match="read-only"):
        sa.execute(text("delete from marts.fct_x"))
    engine.dispose()
    assert _count(reader_path) == 10


def _write_as(uid: int | None, path: Path) -> str:
    """Try a read-write open and a delete in a forked child (as `uid` if given)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            os.close(read_end)
            if uid is not None:
                os.setgroups([])
                os.setgid(pwd.getpwuid(uid).pw_gid)
                os.setuid(uid)
            try:
                con = duckdb.connect(str(path), read_only=False)
                con.execute("delete from marts.fct_x").fetchall()
                con.close()
                os.write(write_end, b"wrote")
            except duckdb.Error as exc:
                os.write(write_end, f"refused: {exc}".encode()[:2000])
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as f:
        out = f.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out
    return out


def test_a_read_write_open_of_the_snapshot_is_refused_by_the_file_modes():
    """Without root, 0o444/0o555 refuse a read-write open even to the owner. As root (modes
    do not apply to root) the attempt runs as `nobody`, whom the same bits refuse."""
    base = Path(tempfile.mkdtemp(prefix="baocao-ro-"))
    try:
        base.chmod(0o755)
        working = _working(base / "home" / "warehouse.duckdb", 10)
        (base / "home").chmod(0o755)
        root = base / "home" / "published"
        publish_snapshot(working, root, run_id="run-1")
        reader_path = current_link(root) / SNAPSHOT_DB
        uid = pwd.getpwnam("nobody").pw_uid if os.geteuid() == 0 else None
        out = _write_as(uid, reader_path)
        assert out.startswith("refused"), out
        assert _count(reader_path) == 10
    finally:
        for dirpath, _d, _f in os.walk(base):
            os.chmod(dirpath, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_publishing_into_someone_elses_directory_is_refused(home, monkeypatch):
    working = _working(home / "warehouse.duckdb", 10)
    root = home / "published"
    publish_snapshot(working, root, run_id="run-1")
    before = current_snapshot(root).version
    owner = root.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 4242)  # as if another user ran it
    with pytest.raises(PublishError, match="refusing to publish"):
        publish_snapshot(working, root, run_id="run-2")
    monkeypatch.undo()
    assert current_snapshot(root).version == before
    root.chmod(0o777)  # a world-writable published root is tightened
    publish_snapshot(working, root, run_id="run-3")
    assert stat.S_IMODE(root.stat().st_mode) & 0o022 == 0
