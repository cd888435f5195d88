from __future__ import annotations

import fcntl
import os
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parser import parse_text
from ingest.reading import source_from_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "seeds" / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def sample_path(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    """The four bundled sample reports, parsed once per test session."""
    out = {}
    for prefix in ("000", "001", "002", "003"):
        path = sample_path(prefix)
        out[prefix] = parse_text(source_from_bytes(path.read_bytes(), path.name).text)
    return out


def to_cp1258(text: str) -> bytes:
    """Encode like a legacy Vietnamese editor: base letter + combining tone mark when needed."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], list(decomposed[1:])
        for mark in list(marks):  # fold one mark into the base if cp1258 has that letter
            candidate = unicodedata.normalize("NFC", base + mark)
            if len(candidate) == 1 and candidate.encode("cp1258", errors="ignore"):
                base = candidate
                marks.remove(mark)
                break
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def built_once(tmp_path_factory, name: str, make_inbox: Callable[[Path], Path]) -> Path:
    """The home of a warehouse built once per test session, shared by pytest-xdist workers
    (each would otherwise build its own) under a file lock. Read it; copy it to change it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    build = shared / f"build_{name}"
    with (shared / f"build_{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (build / "built").exists():
            from ingest.settings import Settings
            from orchestration.local_run import build_warehouse

            shutil.rmtree(build, ignore_errors=True)
            build.mkdir()
            inbox = make_inbox(build / "inbox")
            build_warehouse(Settings(inbox=inbox, home=build / "home"))  # raises on dbt errors
            (build / "built").touch()
    return build / "home"


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A warehouse of the four samples (ingest + dbt build), built once per test session.

    Read it, never write it: copy it first (shutil.copytree) to change anything.
    """
    return built_once(tmp_path_factory, "samples", lambda _: SAMPLES)
