"""Parse benchmark: read -> decode (source_from_bytes) -> parse_text for every file, result discarded.

With one worker the files are parsed one at a time in this process, so memory is bounded
by the largest document. With more workers a process pool maps over the file paths; each
worker reads and parses its file and sends back only three counts.

    python benchmarks/bench_parse.py /tmp/bench_corpus --workers 2
    python -m cProfile -s cumulative benchmarks/bench_parse.py seeds/reports --repeat 20
    python benchmarks/bench_parse.py /tmp/bench_corpus --no-memo   # without the memoised helpers
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingest.parser import DocumentRejected, parse_text
from ingest.reading import UnreadableFile, source_from_bytes

MB = 1_000_000
SAMPLES = Path(__file__).resolve().parent.parent / "seeds" / "reports"


@dataclass(frozen=True, slots=True)
class Counts:
    size: int
    tables: int
    cells: int
    failed: int


def corpus_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".txt")


def parse_file(path: str) -> Counts:
    """Read and parse one file; return only counts (cheap to send back from a worker)."""
    data = Path(path).read_bytes()
    try:
        source = source_from_bytes(data, Path(path).name, path)
        doc = parse_text(source.text)
    except (UnreadableFile, DocumentRejected):
        return Counts(len(data), 0, 0, 1)
    cells = sum(len(row.cells) for table in doc.tables for row in table.rows)
    return Counts(len(data), len(doc.tables), cells, 0)


def parse_all(paths: list[str], workers: int, chunksize: int) -> Iterator[Counts]:
    if workers <= 1:
        yield from map(parse_file, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(parse_file, paths, chunksize=chunksize)


def total(counts: Iterable[Counts]) -> tuple[int, Counts]:
    files = size = tables = cells = failed = 0
    for c in counts:
        files += 1
        size += c.size
        tables += c.tables
        cells += c.cells
        failed += c.failed
    return files, Counts(size, tables, cells, failed)


def peak_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def bypass_memos() -> list[str]:
    """Replace every memoised (lru_cache) function of the parser by the function itself.

    The corpus is four reports copied many times, so memos of header phrases, row codes
    and value kinds hit more often here than in a year of real reports; this measures the
    parser without them (the lower bound for a corpus where nothing repeats).
    """
    modules = [m for name, m in sys.modules.items() if name.startswith("ingest.")]
    memos = {
        id(obj): obj
        for m in modules
        for obj in vars(m).values()
        if isinstance(obj, functools._lru_cache_wrapper)
    }
    for m in modules:
        for name, obj in list(vars(m).items()):
            if id(obj) in memos:
                setattr(m, name, obj.__wrapped__)
    return sorted(obj.__wrapped__.__qualname__ for obj in memos.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path, nargs="?", default=SAMPLES)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--chunksize", type=int, default=0, help="files per task (0: automatic)")
    ap.add_argument("--repeat", type=int, default=1, help="parse the file list this many times")
    ap.add_argument("--no-memo", action="store_true", help="bypass the parser's memoised functions")
    args = ap.parse_args()
    if args.no_memo:
        print(f"memos bypassed  {', '.join(bypass_memos())}")
    paths = [str(p) for p in corpus_files(args.directory)] * args.repeat
    chunksize = args.chunksize or max(1, len(paths) // (max(args.workers, 1) * 16))
    start = time.perf_counter()
    files, sums = total(parse_all(paths, args.workers, chunksize))
    seconds = time.perf_counter() - start
    pool = f"process pool, chunksize {chunksize}" if args.workers > 1 else "in process"
    print(f"workers         {args.workers} ({pool})")
    print(f"files           {files} ({sums.failed} failed)")
    print(f"tables          {sums.tables}")
    print(f"cells           {sums.cells}")
    print(f"MB              {sums.size / MB:.2f}")
    print(f"seconds         {seconds:.3f}")
    print(f"MB/s            {sums.size / MB / seconds:.2f}")
    print(f"peak RSS self MiB      {peak_rss_mib(resource.RUSAGE_SELF):.1f}")
    print(f"peak RSS children MiB  {peak_rss_mib(resource.RUSAGE_CHILDREN):.1f}")


if __name__ == "__main__":
    main()
