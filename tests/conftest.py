from __future__ import annotations

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
