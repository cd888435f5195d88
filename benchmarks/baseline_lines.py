"""Baseline for the parse benchmark: read, decode as UTF-8 and split into lines, nothing else.

One file at a time, in sorted order, so memory is bounded by the largest file.

    python benchmarks/baseline_lines.py /tmp/bench_corpus
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

MB = 1_000_000


def corpus_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".txt")


def split_file(path: Path) -> tuple[int, int]:
    """Return (bytes, lines) of one file."""
    data = path.read_bytes()
    lines = data.decode("utf-8").split("\n")
    return len(data), len(lines)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    args = ap.parse_args()
    paths = corpus_files(args.directory)
    total_bytes = total_lines = 0
    start = time.perf_counter()
    for path in paths:
        size, lines = split_file(path)
        total_bytes += size
        total_lines += lines
    seconds = time.perf_counter() - start
    print(f"files           {len(paths)}")
    print(f"lines           {total_lines}")
    print(f"MB              {total_bytes / MB:.2f}")
    print(f"seconds         {seconds:.3f}")
    print(f"MB/s            {total_bytes / MB / seconds:.1f}")
    print(f"peak RSS MiB    {peak_rss_mib():.1f}")


if __name__ == "__main__":
    main()
