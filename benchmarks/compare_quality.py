"""Compare the data-rule findings of two warehouses: marts.fct_data_quality_issue rule by
rule, then every other mart table with compare_marts.py.

    .venv/bin/python benchmarks/compare_quality.py before/warehouse.duckdb after/warehouse.duckdb

Findings are compared whole with `except all` (duplicates count), per rule, by the columns
of the issue table; a rule's finding count and the rows only one side has are printed.
Exit status 1 when the findings or a mart differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.compare_marts import compare as compare_marts  # noqa: E402 (after the path set-up)
from orchestration.quality.rules import ISSUE_COLUMNS  # noqa: E402

ISSUE_TABLE = "marts.fct_data_quality_issue"


def compare_findings(path_a: str, path_b: str, show: int = 5) -> int:
    """Print per rule: findings in A and B, rows only in A and only in B. 1 if any differ."""
    con = duckdb.connect()
    con.execute(f"attach '{path_a}' as a (read_only)")
    con.execute(f"attach '{path_b}' as b (read_only)")
    select = ", ".join(ISSUE_COLUMNS)
    only = {
        side: f"select {select} from {side}.{ISSUE_TABLE} except all "
        f"select {select} from {other}.{ISSUE_TABLE}"
        for side, other in (("a", "b"), ("b", "a"))
    }
    counts = con.execute(
        f"""
        select rule_id, sum(side = 'a')::int, sum(side = 'b')::int
        from (
            select 'a' as side, rule_id from a.{ISSUE_TABLE}
            union all
            select 'b' as side, rule_id from b.{ISSUE_TABLE}
        )
        group by rule_id
        order by rule_id
        """
    ).fetchall()
    differing = {
        side: dict(
            con.execute(f"select rule_id, count(*) from ({query}) group by rule_id").fetchall()
        )
        for side, query in only.items()
    }
    print(f"{ISSUE_TABLE}, per rule (A: {path_a}, B: {path_b})")
    print(f"  {'rule':45} {'A':>8} {'B':>8} {'only A':>8} {'only B':>8}")
    for rule_id, n_a, n_b in counts:
        d_a, d_b = differing["a"].get(rule_id, 0), differing["b"].get(rule_id, 0)
        print(f"  {rule_id:45} {n_a:>8} {n_b:>8} {d_a:>8} {d_b:>8}")
    total_a = sum(n for _, n, _ in counts)
    total_b = sum(n for _, _, n in counts)
    only_a, only_b = sum(differing["a"].values()), sum(differing["b"].values())
    print(f"  {'all rules':45} {total_a:>8} {total_b:>8} {only_a:>8} {only_b:>8}")
    for side, query in only.items():
        for row in con.execute(f"{query} limit {show}").fetchall():
            print(f"    only in {side.upper()}: {row}")
    print(f"{ISSUE_TABLE}: {'same' if only_a == only_b == 0 else 'DIFFERENT'}")
    con.close()
    return 1 if only_a or only_b else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="warehouse file A (e.g. before a change)")
    parser.add_argument("b", help="warehouse file B (e.g. after it)")
    parser.add_argument("--show", type=int, default=5, help="differing rows to print per side")
    args = parser.parse_args(argv)
    findings = compare_findings(args.a, args.b, args.show)
    print("\nevery mart table (benchmarks/compare_marts.py):")
    marts = compare_marts(args.a, args.b, args.show)
    return 1 if findings or marts else 0


if __name__ == "__main__":
    sys.exit(main())
