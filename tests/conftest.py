from __future__ import annotations

import unicodedata
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


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A warehouse of the four samples (ingest + dbt build), built once per test process.

    Read it, never write it: copy it first (shutil.copytree) to change anything.
    """
    from ingest.pipeline import Settings
    from orchestration.local_run import build_warehouse

    home = tmp_path_factory.mktemp("sample_home")
    build_warehouse(Settings(inbox=SAMPLES, home=home))  # raises if a dbt test fails
    return home
