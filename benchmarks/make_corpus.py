"""Write a benchmark corpus by replicating the sample reports until it reaches a size.

Every copy has different bytes (so a different document id) and the same structure:
only the digits of numeric value cells change. The value cells are located by parsing
each sample once; in each of them every run of digits is replaced by another run of the
same length that keeps the first digit (so magnitudes, and the column alignment of
PDF-text rows that depends on them, stay comparable). Separators (`.` thousands,
`,` decimals, `%`, `/`) and everything else are left byte for byte. The first copy of
each sample is parsed and its structure compared with the original's before writing.

    python benchmarks/make_corpus.py /tmp/bench_corpus --mb 50
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.literals import parse_literal
from ingest.model import Cell, ParsedDocument
from ingest.parser import parse_text
from ingest.reading import source_from_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "seeds" / "reports"
MB = 1_000_000
NUMERIC_KINDS = frozenset({"integer", "decimal", "percent", "fraction", "change", "bound"})
_DIGIT_RUN = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Template:
    """A sample split around the digit runs that vary: pieces[0] run pieces[1] run ..."""

    prefix: str
    pieces: tuple[str, ...]
    runs: tuple[str, ...]
    original: ParsedDocument


def cell_spans(line: str, cells: list[Cell]) -> list[tuple[int, int]]:
    """Spans of the numeric value cells of one line, found right to left."""
    spans = []
    limit = len(line)
    for cell in sorted(cells, key=lambda c: c.column_index, reverse=True):
        if not cell.text:
            continue
        start = line.rfind(cell.text, 0, limit)
        if start < 0:
            continue
        limit = start
        if cell.column_index >= 2 and parse_literal(cell.text).kind in NUMERIC_KINDS:
            spans.append((start, start + len(cell.text)))
    return spans


def digit_runs(text: str, doc: ParsedDocument) -> list[tuple[int, int]]:
    """Absolute (start, end) offsets of the digit runs inside numeric value cells."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    by_line: dict[int, list[Cell]] = {}
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                by_line.setdefault(cell.source_line, []).append(cell)
    runs = []
    for line_no, cells in by_line.items():
        line = lines[line_no - 1]
        base = offsets[line_no - 1]
        for start, end in cell_spans(line, cells):
            runs.extend(
                (base + m.start(), base + m.end()) for m in _DIGIT_RUN.finditer(line, start, end)
            )
    return sorted(set(runs))


def load_template(path: Path) -> Template:
    text = source_from_bytes(path.read_bytes(), path.name).text
    doc = parse_text(text)
    pieces, runs, pos = [], [], 0
    for start, end in digit_runs(text, doc):
        pieces.append(text[pos:start])
        runs.append(text[start:end])
        pos = end
    pieces.append(text[pos:])
    return Template(path.name.split("_")[0], tuple(pieces), tuple(runs), doc)


def vary(run: str, rng: random.Random) -> str:
    if len(run) == 1:
        return run if run == "0" else str(rng.randint(1, 9))
    rest = len(run) - 1
    return run[0] + str(rng.randrange(10**rest)).zfill(rest)


def render(template: Template, rng: random.Random) -> str:
    out = [template.pieces[0]]
    for run, piece in zip(template.runs, template.pieces[1:], strict=True):
        out.append(vary(run, rng))
        out.append(piece)
    return "".join(out)


def signature(doc: ParsedDocument) -> tuple:
    """What must not change between copies: lines, blocks, table shapes, issue codes."""
    tables = [
        (
            t.layout,
            t.line_start,
            t.line_end,
            len(t.columns),
            [(r.row_kind, r.row_code_norm, tuple(c.column_index for c in r.cells)) for r in t.rows],
        )
        for t in doc.tables
    ]
    blocks = [(b.kind, b.line_start, b.line_end) for b in doc.blocks]
    return doc.line_count, blocks, tables, sorted(i.code for i in doc.issues)


def check_structure(template: Template, text: str) -> None:
    if signature(parse_text(text)) != signature(template.original):
        sys.exit(f"copy of sample {template.prefix} parses differently from the sample")


def write_corpus(out_dir: Path, target_bytes: int, seed: int) -> tuple[int, int]:
    templates = [load_template(p) for p in sorted(SAMPLES.glob("*.txt"))]
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    files = total = 0
    copy = 0
    while total < target_bytes:
        copy += 1
        for template in templates:
            data = render(template, rng).encode("utf-8")
            digest = hashlib.sha256(data).digest()
            while digest in seen:
                data = render(template, rng).encode("utf-8")
                digest = hashlib.sha256(data).digest()
            seen.add(digest)
            if copy == 1:
                check_structure(template, data.decode("utf-8"))
            (out_dir / f"{template.prefix}_copy{copy:05d}.txt").write_bytes(data)
            files += 1
            total += len(data)
            if total >= target_bytes:
                break
    return files, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=20240315)
    args = ap.parse_args()
    files, total = write_corpus(args.out_dir, int(args.mb * MB), args.seed)
    print(f"{files} files, {total} bytes ({total / MB:.1f} MB) in {args.out_dir}")


if __name__ == "__main__":
    main()
