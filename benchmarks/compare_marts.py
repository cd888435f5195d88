"""Compare the marts of two warehouse files: per mart table, the rows only in A and only in B.

    .venv/bin/python benchmarks/compare_marts.py before/warehouse.duckdb after/warehouse.duckdb

Rows are compared whole with `except all` (duplicates count) over the columns the two tables
share; columns only one side has are listed, not compared. Exit status 1 when a table differs.
"""

from __future__ import annotations

import argparse
import sys

import duckdb


def mart_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'marts'",
        [catalog],
    ).fetchall()
    return {r[0] for r in rows}


def columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_catalog = ? and table_schema = 'marts' and table_name = ? "
        "order by ordinal_position",
        [catalog, table],
    ).fetchall()
    return [r[0] for r in rows]


def compare(path_a: str, path_b: str, show: int = 5) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{path_a}' as a (read_only)")
    con.execute(f"attach '{path_b}' as b (read_only)")
    tables_a, tables_b = mart_tables(con, "a"), mart_tables(con, "b")
    differing = 0
    for table in sorted(tables_a - tables_b):
        print(f"{table}: only in A")
        differing += 1
    for table in sorted(tables_b - tables_a):
        print(f"{table}: only in B")
        differing += 1
    for table in sorted(tables_a & tables_b):
        cols_a, cols_b = columns(con, "a", table), columns(con, "b", table)
        shared = [c for c in cols_a if c in cols_b]
        select = ", ".join(f'"{c}"' for c in shared)
        only_a = (
            f"select {select} from a.marts.{table} except all select {select} from b.marts.{table}"
        )
        only_b = (
            f"select {select} from b.marts.{table} except all select {select} from a.marts.{table}"
        )
        n_a = con.execute(f"select count(*) from ({only_a})").fetchone()[0]
        n_b = con.execute(f"select count(*) from ({only_b})").fetchone()[0]
        rows_a = con.execute(f"select count(*) from a.marts.{table}").fetchone()[0]
        rows_b = con.execute(f"select count(*) from b.marts.{table}").fetchone()[0]
        extra = ""
        if cols_a != cols_b:
            extra = (
                f"; columns only in A: {sorted(set(cols_a) - set(cols_b))}"
                f", only in B: {sorted(set(cols_b) - set(cols_a))}"
            )
        status = "same" if n_a == n_b == 0 else "DIFFERENT"
        print(
            f"{table}: {status} (A {rows_a} rows, B {rows_b}; only in A {n_a}, only in B {n_b}{extra})"
        )
        if n_a or n_b:
            differing += 1
            for label, query, n in (("A", only_a, n_a), ("B", only_b, n_b)):
                for row in con.execute(f"{query} limit {show}").fetchall() if n else []:
                    print(f"    only in {label}: {row}")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="warehouse file A (e.g. before a change)")
    parser.add_argument("b", help="warehouse file B (e.g. after it)")
    parser.add_argument("--show", type=int, default=5, help="rows to print per side and table")
    args = parser.parse_args(argv)
    return compare(args.a, args.b, args.show)


if __name__ == "__main__":
    sys.exit(main())
