"""Time and peak memory of the data-rule step, whole processes as `/usr/bin/time -v` reports
them, medians of several runs.

    .venv/bin/python benchmarks/bench_data_rules.py /tmp/home_50mb --runs 3

On a built warehouse ($HOME/warehouse.duckdb) it times the two parts of the step:
`dbt build --select quality` (the quality layer's views, their tests and the findings mart;
in a pipeline run they are part of the one `dbt build`) and `python -m orchestration.quality`
(Great Expectations over those views). `--checkout DIR` times `python -m orchestration.quality`
of another checkout instead (e.g. the branch start, where the whole step was that command),
on a copy of the warehouse, since that version writes into it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from orchestration.local_run import dbt_command  # noqa: E402 (after the path set-up)

TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Figure:
    seconds: float
    max_rss_mib: float
    returncode: int


def _wall_seconds(text: str) -> float:
    value = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if value is None:
        raise ValueError("no wall-clock time in /usr/bin/time output")
    seconds = 0.0
    for part in value.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Figure:
    """Run one command under /usr/bin/time -v: wall time and the peak RSS of the process
    tree's largest process (dbt's subprocesses included)."""
    proc = subprocess.run(
        [TIME, "-v", *command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return Figure(
        seconds=_wall_seconds(proc.stderr),
        max_rss_mib=int(rss.group(1)) / 1024 if rss else float("nan"),
        returncode=proc.returncode,
    )


def summary(label: str, figures: list[Figure]) -> str:
    seconds = [f.seconds for f in figures]
    rss = [f.max_rss_mib for f in figures]
    codes = sorted({f.returncode for f in figures})
    return (
        f"{label}: median {statistics.median(seconds):.1f} s "
        f"({', '.join(f'{s:.1f}' for s in seconds)}), peak RSS median "
        f"{statistics.median(rss):.0f} MiB ({', '.join(f'{r:.0f}' for r in rss)}), "
        f"exit {codes}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", type=Path, help="a BAOCAO_HOME with a built warehouse.duckdb")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--checkout", type=Path, help="time this checkout's data-rule command")
    args = ap.parse_args(argv)
    home = args.home.resolve()
    env = {**os.environ, "BAOCAO_HOME": str(home)}
    python = sys.executable
    if args.checkout:
        checkout = args.checkout.resolve()
        figures = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copy(home / "warehouse.duckdb", Path(tmp) / "warehouse.duckdb")
                env_copy = {**env, "BAOCAO_HOME": tmp, "PYTHONPATH": str(checkout)}
                figures.append(timed([python, "-m", "orchestration.quality"], checkout, env_copy))
        print(summary(f"{checkout}: python -m orchestration.quality", figures))
        return 0
    env["PYTHONPATH"] = str(ROOT)
    build = dbt_command(["build", "--select", "quality"], home)
    dbt = [timed(build, ROOT / "dbt_project", env) for _ in range(args.runs)]
    rules = [timed([python, "-m", "orchestration.quality"], ROOT, env) for _ in range(args.runs)]
    print(summary("dbt build --select quality", dbt))
    print(summary("python -m orchestration.quality", rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
