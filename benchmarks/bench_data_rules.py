"""Time and peak memory of the data-rule step, whole processes as `/usr/bin/time -v` reports
them, medians of several runs.

    .venv/bin/python benchmarks/bench_data_rules.py /tmp/home_50mb --runs 3
    .venv/bin/python benchmarks/bench_data_rules.py /tmp/home_50mb --runs 3 --checkout /tmp/base

On a built warehouse ($HOME/warehouse.duckdb) it times the two parts of the step of a
checkout (this one, or `--checkout DIR`, e.g. an export of an earlier commit):
`dbt build --select quality` (the quality layer's views, their tests and the findings mart;
in a pipeline run they are part of the one `dbt build`) and `python -m orchestration.quality`
(Great Expectations over those views). Every run works on a fresh copy of the warehouse,
since both write into it; the environment (BAOCAO_QUALITY_MEMORY_LIMIT, ...) is passed on.
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

from orchestration.defs.dbt.files import dbt_executable  # noqa: E402 (after the path set-up)

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


def dbt_build_quality(checkout: Path, home: Path) -> list[str]:
    """`dbt build --select quality` of `checkout`'s project on `home` (its target and logs
    under `home`, as run_dbt keeps them)."""
    return [
        dbt_executable(),
        "build",
        "--select",
        "quality",
        "--project-dir",
        str(checkout / "dbt_project"),
        "--profiles-dir",
        str(checkout),
        "--target-path",
        str(home / "dbt_target"),
        "--log-path",
        str(home / "dbt_logs"),
    ]


def on_a_copy(warehouse: Path, checkout: Path, command: list[str] | None) -> Figure:
    """Run one part of the step on a fresh copy of the warehouse: the dbt part when
    `command` is None, else `command` (the GX part) after the dbt part built the layer."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        shutil.copy(warehouse, home / "warehouse.duckdb")
        env = {
            **os.environ,
            "BAOCAO_HOME": str(home),
            "PYTHONPATH": str(checkout),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        build = dbt_build_quality(checkout, home)
        if command is None:
            return timed(build, checkout / "dbt_project", env)
        subprocess.run(
            build, cwd=checkout / "dbt_project", env=env, capture_output=True, check=True
        )
        return timed(command, checkout, env)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", type=Path, help="a BAOCAO_HOME with a built warehouse.duckdb")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--checkout", type=Path, default=ROOT, help="time this checkout's step")
    ap.add_argument("--part", choices=("dbt", "gx", "both"), default="both")
    args = ap.parse_args(argv)
    warehouse = args.home.resolve() / "warehouse.duckdb"
    checkout = args.checkout.resolve()
    gx = [sys.executable, "-m", "orchestration.quality"]
    if args.part in ("dbt", "both"):
        dbt = [on_a_copy(warehouse, checkout, None) for _ in range(args.runs)]
        print(summary(f"{checkout}: dbt build --select quality", dbt))
    if args.part in ("gx", "both"):
        rules = [on_a_copy(warehouse, checkout, gx) for _ in range(args.runs)]
        print(summary(f"{checkout}: python -m orchestration.quality", rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
