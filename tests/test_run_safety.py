"""`python -m orchestration run` against what goes wrong on a real machine: two runs at once,
a run killed with SIGKILL, a missing inbox, a damaged warehouse file, the warehouse held open
by another process; and the messages those produce (orchestration/errors.py).

Real processes into temporary homes. One home is built once (by recovering from a damaged
file with --rebuild) and copied for the tests that need a built warehouse.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.errors import explain
from orchestration.runlock import HOLDER_NAME, HomeBusy, home_lock, read_holder

from .conftest import ROOT, SAMPLES

RUN = [sys.executable, "-m", "orchestration", "run"]
_PROCS: list[subprocess.Popen] = []


def _env(home: Path, inbox: Path = SAMPLES, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BAOCAO_HOME": str(home),
        "BAOCAO_INBOX": str(inbox),
        "PYTHONWARNINGS": "ignore",
        **extra,
    }


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """In its own process group, so that teardown (and SIGKILL) takes its children too."""
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _PROCS.append(proc)
    return proc


def _finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


def _run(home: Path, *args: str, inbox: Path = SAMPLES, **extra: str) -> tuple[int, str]:
    return _finish(_start([*RUN, *args], _env(home, inbox, **extra)))


@pytest.fixture(autouse=True, scope="module")
def _kill_leftovers():
    yield
    for proc in _PROCS:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def _wait_for(predicate, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return predicate()
        time.sleep(0.2)
    return False


def _runs(home: Path) -> list[tuple[str, str]]:
    db = home / "dagster" / "history" / "runs.db"
    if not db.exists():
        return []
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute("select run_id, status from runs").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def _alembic_rows(home: Path) -> int:
    con = sqlite3.connect(home / "dagster" / "history" / "runs.db")
    try:
        return con.execute("select count(*) from alembic_version").fetchone()[0]
    finally:
        con.close()


def _finished(code: int, out: str) -> bool:
    """Ran to its end: success, or a run whose data failed a check (the working tree's dbt
    models and rules may change under these tests), never a crash or a lock timeout."""
    return code == 0 or (code == 1 and "dagster run " in out and "Traceback" not in out)


def _copy_home(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    """A damaged warehouse file gets the clear message; --rebuild recovers and builds the home
    the other tests copy."""
    home = tmp_path_factory.mktemp("run_safety") / "home"
    home.mkdir()
    (home / "warehouse.duckdb").write_bytes(os.urandom(64 * 1024))
    code, out = _run(home)
    assert code == 2, out
    assert "is damaged" in out and "--rebuild" in out, out
    assert "Traceback" not in out

    code, out = _run(home, "--rebuild")
    assert code == 0, out[-4000:]
    assert "moved the working warehouse aside" in out
    assert list(home.glob("warehouse.duckdb.corrupt-*"))
    assert (home / "published" / "current" / "warehouse.duckdb").exists()
    return home


def test_a_damaged_warehouse_is_explained_and_rebuild_recovers(built_home):
    con = duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from marts.dim_report").fetchall() == [(4,)]
    finally:
        con.close()
    assert _alembic_rows(built_home) == 1
    assert not (built_home / HOLDER_NAME).exists()  # released cleanly


def test_a_missing_inbox_fails_naming_the_path(tmp_path):
    missing = tmp_path / "no" / "such" / "inbox"
    code, out = _run(tmp_path / "home", inbox=missing)
    assert code == 2, out
    assert str(missing) in out and "does not exist" in out
    assert "Traceback" not in out


def test_a_warehouse_held_open_by_another_process_names_its_pid(built_home, tmp_path):
    home = _copy_home(built_home, tmp_path / "home")
    holder = _start(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(120)",
            str(home / "warehouse.duckdb"),
        ],
        dict(os.environ),
    )
    assert holder.stdout.readline().strip() == "open"
    code, out = _run(home, "--force")
    os.killpg(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert code == 2, out[-3000:]
    assert f"PID {holder.pid}" in out, out[-3000:]
    assert "is open in another process" in out
    assert "Exceeded max_retries" not in out and "Traceback" not in out


def test_two_runs_at_once_both_finish_and_storage_stays_whole(built_home, tmp_path):
    """A home whose Dagster storage does not exist yet: both runs would create runs.db."""
    home = _copy_home(built_home, tmp_path / "home")
    shutil.rmtree(home / "dagster")
    first = _start(RUN, _env(home))
    second = _start(RUN, _env(home))
    results = [_finish(first), _finish(second)]
    for code, out in results:
        assert _finished(code, out), out[:2000] + out[-2000:]
    assert _alembic_rows(home) == 1
    code, out = _run(home)
    assert _finished(code, out), out[:2000] + out[-2000:]
    assert _alembic_rows(home) == 1


def test_a_second_run_gives_up_naming_the_holder_and_a_killed_run_is_failed_next_time(
    built_home, tmp_path
):
    home = _copy_home(built_home, tmp_path / "home")
    first = _start([*RUN, "--force"], _env(home))
    # wait until its Dagster run is STARTED in the storage
    assert _wait_for(lambda: any(s == "STARTED" for _, s in _runs(home)), 120, first), (
        _finish(first)[1][-3000:] if first.poll() is not None else "no STARTED run"
    )
    holder = read_holder(home)
    assert holder and holder["pid"] == first.pid

    code, out = _run(home, BAOCAO_LOCK_TIMEOUT="1")
    assert code == 3, out[-3000:]
    assert f"another run holds {home.resolve()} (pid {first.pid}, started at" in out, out
    assert "Traceback" not in out

    assert first.poll() is None, "the run ended before it could be killed"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    (killed,) = [run_id for run_id, status in _runs(home) if status == "STARTED"]

    code, out = _run(home)
    assert _finished(code, out), out[:2000] + out[-2000:]
    assert "marked 1 abandoned Dagster run(s) failed" in out and killed in out, out[-3000:]
    assert dict(_runs(home))[killed] == "FAILURE"
    assert _alembic_rows(home) == 1
    assert not (home / HOLDER_NAME).exists()


# --- the lock and the messages, in this process ------------------------------------------


def test_the_lock_is_reentrant_in_a_process_and_exclusive_across_processes(tmp_path):
    home = tmp_path / "home"
    with home_lock(home, what="test") as outer:
        assert not outer.reentered
        with home_lock(home) as inner:
            assert inner.reentered
        assert read_holder(home)["pid"] == os.getpid()
        code = (
            "import sys; from pathlib import Path; from orchestration.runlock import home_lock\n"
            "with home_lock(Path(sys.argv[1]), timeout=0.5): pass"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(home)], capture_output=True, text=True, cwd=ROOT
        )
        assert out.returncode != 0
        assert f"another run holds {home.resolve()} (pid {os.getpid()}" in out.stderr
    assert not (home / HOLDER_NAME).exists()


def test_a_holder_file_left_by_a_dead_process_is_reported_as_stale(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / HOLDER_NAME).write_text('{"pid": 999999999, "started_at": "yesterday"}')
    with home_lock(home) as held:
        assert held.stale_holder == {"pid": 999999999, "started_at": "yesterday"}


@pytest.mark.parametrize(
    ("error", "kind", "needle"),
    [
        (
            duckdb.IOException(
                'IO Error: Could not set lock on file "/h/warehouse.duckdb": Conflicting lock '
                "is held in /usr/bin/python3 (PID 4242) by user ann. See also https://x"
            ),
            "warehouse_locked",
            "PID 4242",
        ),
        (
            "dagster._core.errors.DagsterExecutionStepExecutionError: Exceeded max_retries of 3"
            '\nIOException: IO Error: Could not set lock on file "/h/w.duckdb": Conflicting '
            "lock is held in /x/dbt (PID 77)",
            "warehouse_locked",
            "PID 77",
        ),
        (OSError(errno.ENOSPC, "No space left on device"), "disk_full", "disk is full"),
        (sqlite3.OperationalError("disk I/O error"), "disk_full", "Free some space"),
        (sqlite3.OperationalError("database or disk is full"), "disk_full", "disk is full"),
        (
            duckdb.IOException(
                'IO Error: The file "/h/warehouse.duckdb" exists, but it is not a valid DuckDB '
                "database file!"
            ),
            "corrupt_warehouse",
            "--rebuild",
        ),
        (HomeBusy(Path("/h"), {"pid": 12, "started_at": "t"}, 5), "busy_home", "pid 12"),
    ],
)
def test_known_errors_become_messages(error, kind, needle):
    problem = explain(error, Path("/h"))
    assert problem is not None and problem.kind == kind
    assert needle in problem.message


def test_an_error_caused_by_a_full_disk_is_recognised_through_its_cause():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as exc:
            raise RuntimeError("publish failed") from exc
    except RuntimeError as exc:
        assert explain(exc).kind == "disk_full"


def test_other_errors_are_left_alone():
    assert explain(ValueError("something else")) is None
