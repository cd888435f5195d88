"""Dump everything `parse_text` returns for every report of a directory, canonically.

One line per file: its name, a tab, then the parsed document (blocks, tables, columns,
header variants, rows, cells, issues, metadata) as sorted-key JSON, or the rejection
reason. Two dumps of the same directory are byte-identical exactly when the parser's
output is, so a speed change is checked by comparing them:

    python benchmarks/dump_parse.py seeds/reports /tmp/before_samples.jsonl
    ... change the parser ...
    python benchmarks/dump_parse.py seeds/reports /tmp/after_samples.jsonl
    cmp /tmp/before_samples.jsonl /tmp/after_samples.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from ingest.parser import DocumentRejected, parse_text
from ingest.reading import UnreadableFile, source_from_bytes


def report_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".txt")


def dump_file(path: Path) -> str:
    """One file's parse result (or the reason it was not parsed) as canonical JSON."""
    data = path.read_bytes()
    try:
        source = source_from_bytes(data, path.name, str(path))
        doc = parse_text(source.text)
    except (UnreadableFile, DocumentRejected) as exc:
        return json.dumps({"rejected": type(exc).__name__, "reason": str(exc)}, sort_keys=True)
    return json.dumps(dataclasses.asdict(doc), sort_keys=True, ensure_ascii=False, default=str)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("out", type=Path, help="the dump file (one line per report)")
    args = ap.parse_args()
    files = report_files(args.directory)
    with args.out.open("w", encoding="utf-8") as out:
        for path in files:
            out.write(f"{path.name}\t{dump_file(path)}\n")
    print(f"{len(files)} files dumped to {args.out}")


if __name__ == "__main__":
    main()
