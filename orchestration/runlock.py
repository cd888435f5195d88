"""One writer per $BAOCAO_HOME: an exclusive lock held for a whole run (plain Python, cheap).

`python -m orchestration run` and `prepare`, and every Dagster run that uses the warehouse
resource (runs that `make ui`'s sensor, schedule or launchpad start), hold
`$BAOCAO_HOME/.lock` (an OS file lock: released by the kernel when the process dies, even by
SIGKILL). Beside it, `$BAOCAO_HOME/.lock.holder` names the holder (pid, start time, command)
so that a second run can say who it is waiting for. The holder file is removed on a clean
release; finding one when taking the lock means the previous holder died without releasing
(`HomeLock.stale_holder`), so its Dagster run may still be recorded as in progress.

A second run waits up to `Settings.lock_timeout` seconds (BAOCAO_LOCK_TIMEOUT, default 300),
then raises `HomeBusy`.
The lock is re-entrant within a process (the CLI holds it, then its in-process Dagster run's
resource asks again).
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.settings import LOCK_TIMEOUT_DEFAULT

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock.holder"

# homes this process holds: path -> (lock, depth)
_HELD: dict[Path, list] = {}


class HomeBusy(RuntimeError):
    """Another process holds the home for longer than we were willing to wait."""

    def __init__(self, home: Path, holder: dict | None, waited: float):
        self.home = home
        self.holder = holder or {}
        self.waited = waited
        who = describe_holder(self.holder)
        super().__init__(
            f"another run holds {home} ({who}); waited {waited:g} s. Wait for it to finish "
            f"and run again, or set BAOCAO_LOCK_TIMEOUT to wait longer (seconds); if that "
            f"process is gone the lock is already free. Use another BAOCAO_HOME for an "
            f"independent warehouse."
        )


def describe_holder(holder: dict) -> str:
    if not holder:
        return "holder unknown"
    parts = [f"pid {holder.get('pid', '?')}"]
    if holder.get("host") and holder.get("host") != socket.gethostname():
        parts[0] += f" on {holder['host']}"
    if holder.get("started_at"):
        parts.append(f"started at {holder['started_at']}")
    if holder.get("command"):
        parts.append(f"`{holder['command']}`")
    return ", ".join(parts)


def read_holder(home: Path) -> dict | None:
    try:
        return json.loads((home / HOLDER_NAME).read_text())
    except (OSError, ValueError):
        return None


def holds(home: Path) -> bool:
    """Whether this process holds the home's lock."""
    return Path(home).resolve() in _HELD


@dataclass
class HomeLock:
    home: Path
    # What the last holder left behind when it died without releasing (None: clean).
    stale_holder: dict | None = None
    reentered: bool = False


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hold_until_exit(
    home: Path, timeout: float = LOCK_TIMEOUT_DEFAULT, what: str | None = None
) -> HomeLock:
    """Take the lock (if this process does not hold it yet) and keep it until the process
    exits: for a Dagster run worker, which is one process per run."""
    home = Path(home).resolve()
    if home in _HELD:
        return HomeLock(home, reentered=True)
    manager = home_lock(home, timeout, what)
    held = manager.__enter__()
    atexit.register(manager.__exit__, None, None, None)
    return held


@contextmanager
def home_lock(
    home: Path, timeout: float = LOCK_TIMEOUT_DEFAULT, what: str | None = None
) -> Iterator[HomeLock]:
    """Hold the exclusive lock of `home` for the duration of the block."""
    home = Path(home).resolve()
    if home in _HELD:
        _HELD[home][1] += 1
        try:
            yield HomeLock(home, reentered=True)
        finally:
            _HELD[home][1] -= 1
        return
    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / LOCK_NAME), thread_local=False)
    try:
        lock.acquire(timeout=timeout, poll_interval=0.25)
    except Timeout:
        raise HomeBusy(home, read_holder(home), timeout) from None
    stale = read_holder(home)
    if stale is not None and stale.get("pid") == os.getpid():
        stale = None
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "command": what or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
    }
    holder_path = home / HOLDER_NAME
    tmp = home / f"{HOLDER_NAME}.{os.getpid()}"
    tmp.write_text(json.dumps(holder))
    os.replace(tmp, holder_path)
    _HELD[home] = [lock, 1]
    try:
        yield HomeLock(home, stale_holder=stale)
    finally:
        del _HELD[home]
        holder_path.unlink(missing_ok=True)
        lock.release()
