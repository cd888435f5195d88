"""Known failures of a run, told as what happened and what to do (plain Python, cheap).

`explain(error, home)` takes an exception or the text of one (a Dagster step failure carries
only the text) and returns a `Problem` with a one-paragraph message, or None for anything
it does not recognise (the caller then shows the error as it is).
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.runlock import HomeBusy

# DuckDB: 'Could not set lock on file "/x/warehouse.duckdb": Conflicting lock is held in
# /usr/bin/python3.11 (PID 1234) by user ann.'
_DUCKDB_LOCK = re.compile(
    r'Could not set lock on file "(?P<path>[^"]+)": Conflicting lock is held in '
    r"(?P<program>.*?) \(PID (?P<pid>\d+)\)"
)
_DUCKDB_CORRUPT = re.compile(
    r'file "(?P<path>[^"]+)" exists, but it is not a valid DuckDB database file'
)
_CORRUPT_HINTS = (
    "not a valid DuckDB database file",
    "Corrupt database file",
    "database file is corrupt",
    "Failed to read database header",
    "checksum mismatch",
    "The WAL file is corrupt",
)
_DISK_FULL_HINTS = (
    "No space left on device",
    "database or disk is full",
    "disk I/O error",
    "Errno 28",
    "ENOSPC",
    "could not write all bytes",
)


@dataclass(frozen=True)
class Problem:
    kind: str  # busy_home | warehouse_locked | disk_full | corrupt_warehouse | missing_inbox
    message: str
    exit_code: int = 2


def _process_name(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return " ".join(raw.decode("utf-8", "replace").split("\0")).strip()[:160] or None


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def missing_inbox(inbox: Path) -> Problem:
    return Problem(
        "missing_inbox",
        f"the inbox {inbox} does not exist: set BAOCAO_INBOX to the folder of report files "
        "(default seeds/reports) or create it, then run again",
    )


def explain(error: BaseException | str, home: Path | None = None) -> Problem | None:
    """The problem behind `error`, with what to do, or None if it is not a known one."""
    if isinstance(error, BaseException):
        chain = _chain(error)
        for exc in chain:
            if isinstance(exc, HomeBusy):
                return Problem("busy_home", str(exc), exit_code=3)
        for exc in chain:
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                return _disk_full(home)
        text = "\n".join(f"{type(e).__name__}: {e}" for e in chain)
    else:
        text = error
    if match := _DUCKDB_LOCK.search(text):
        pid = int(match["pid"])
        name = _process_name(pid) or match["program"]
        return Problem(
            "warehouse_locked",
            f"the warehouse file {match['path']} is open in another process (PID {pid}: "
            f"{name}). DuckDB lets one process write a file, or several read it, never both. "
            f"Close that program (or stop it: kill {pid}) and run again; BI tools and "
            "notebooks should read the published snapshot "
            "($BAOCAO_HOME/published/current/warehouse.duckdb), which never blocks a run.",
        )
    if any(hint in text for hint in _DISK_FULL_HINTS):
        return _disk_full(home)
    if any(hint in text for hint in _CORRUPT_HINTS):
        match = _DUCKDB_CORRUPT.search(text)
        path = match["path"] if match else (str(home / "warehouse.duckdb") if home else "")
        return Problem(
            "corrupt_warehouse",
            f"the working warehouse {path} is damaged (not a readable DuckDB file). Nothing "
            "in it is lost for good: raw.* is rebuilt from the inbox files and everything "
            "else from raw.*. Run `python -m orchestration run --rebuild` to move it aside "
            "(to warehouse.duckdb.corrupt-<time>) and rebuild; readers keep the published "
            "snapshot meanwhile.",
        )
    return None


def _disk_full(home: Path | None) -> Problem:
    where = f" at {home}" if home else ""
    return Problem(
        "disk_full",
        f"the disk is full{where} (no space left to write the warehouse or the Dagster "
        "storage). Free some space (old `published/versions`, `logs/`, "
        "`warehouse.duckdb.corrupt-*` files, or elsewhere on that disk) and run again; "
        "the published snapshot readers use is unchanged.",
    )
