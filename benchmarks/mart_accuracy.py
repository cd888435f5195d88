"""How many generated dossier-processing cells reach `marts.fct_dossier_processing` intact.

    python benchmarks/mart_accuracy.py --seed 7 --count 1000 --json /tmp/mart_accuracy.json
    python benchmarks/mart_accuracy.py --seed 7 --count 50 --kinds all --keep /tmp/ma
    python benchmarks/mart_accuracy.py --seed 7 --count 50 --keep /tmp/ma --dbt-only

`--dbt-only` reuses the ingested warehouse of a kept folder (same seed and count; the truths
kept in its truths.json) and runs only `dbt build` again: for iterating on the models, not
for published figures.

Generates a corpus with `reportgen` (fixed seed; reportgen cycles provinces so 1000
reports draw every province of both eras; by default only dossier tables), writes the
report files alone into an inbox, builds a warehouse from it into a fresh BAOCAO_HOME with
`orchestration.local_run.build_warehouse` (ingest + one `dbt build`, run in a child
process whose process tree is sampled for memory), then scores every truth cell of every
dossier table (data rows, the 11 measures) against the marts.

Matching a truth cell to the warehouse
--------------------------------------
- report: `document_id` = SHA-256 of the file's bytes.
- row: the warehouse row (`table_row_id`) that holds the most cells printed on the truth
  row's source lines (the row's line and its cells' lines); failing that, the nearest row
  recorded up to four lines above whose label is the truth label (html rows are recorded
  at their `<tr>` line, above the code and label cells).
- cell: in that row, the cell whose column is mapped to the truth measure; else the k-th
  value cell (column_index >= 2) for the k-th truth column.

Outcome of a cell (exactly one)
-------------------------------
- `ok`: a fact row exists for the warehouse row, its unit is the truth unit, its period is
  the truth period, and the measure column holds the truth value (a placeholder `-`/`x`/
  blank, truth value null, counts as right when the column is null or 0).
- `wrong_unit`: a fact row exists but `dim_unit` of its unit_id is not the truth unit
  (unit_name or short_name vs the truth's canonical label, and province, accent- and
  case-folded). Counted per row too; must be 0.
- `wrong_period`: fact row, right unit, but period_start/end differ from the truth's data
  period (the table's caption period, else the report's, else the nominal period).
- a fact row with a wrong or missing value for the measure: the cell's destination in
  `intermediate.int_table_cells_measured` when it is not the fact (e.g.
  `count_not_integer`, `unmapped_column`), else `value_missing` (the column is null),
  `measure_misplaced` (the truth value sits in another measure column of the fact) or
  `value_differs`.
- no fact row: the cell's destination (`unit_not_matched`, `unrecognised_table`,
  `unmapped_column`, `period_missing`, `totals_row`, `structure`, `table_cut_off`, …);
  `routed_to_<mart>` when the table was classified as another kind; `fact_row_missing`
  when the destination is the fact but no fact row exists; `cell_not_parsed` (row found,
  cell not); `row_not_parsed` (no warehouse cell on the row's lines); `report_not_loaded`.

Every warehouse row whose cells are `unit_not_matched` is looked up in
`intermediate.int_unit_match_review` (by table_row_id) and `marts.report_review` (reason
`unit_not_matched`, its label listed in `detail`); the rows missing from either are counted.

One file over 400 lines on purpose: a benchmark that runs standalone (generate, build in a
child process, parse again, score, print), each step a function the test imports.

Breakdowns: by layout, era (issued before / from 2025-07-01), header depth and noise kind
(a cell with two kinds counts under both; `none` without noise).

The marts' own share
--------------------
Beside the overall figure, the same outcomes over only the cells the parser extracted
correctly: each report is parsed again in this process and its cells matched to the truth
by the rule of `benchmarks/accuracy.py` (same header path, row label or code, and value).
Misses among those cells are the marts' own (classification, column mapping, unit matching,
periods); the other cells' misses are the parser's. Blank placeholder cells are never
"extracted" (nothing is printed) and are left out of that subset. The match is by header
path, row label and value, not by line, so a small number of cells count as read right
because a same-labelled row elsewhere in the report holds the same value under the same
header (a `0` most often): some of the marts' own misses listed are the parser's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from orchestration.domain import dossier_measures  # noqa: E402 (after the path set-up)

# Truth column k of a dossier table is measure k (reportgen.tables.DOSSIER_MEASURES order),
# named as the warehouse names it (dbt_project.yml vars).
MEASURES = dossier_measures()
ERA_SPLIT = date(2025, 7, 1)
HTML_ROW_LOOKBACK = 4  # `<tr>`, code cell, label cell: lines from a row's start to its label
FACT = "fct_dossier_processing"
_FAIL_RE = re.compile(r"(?:Failure|Error) in (test|model|unit_test|seed|snapshot) (\S+)")


def fold(text: str | None) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    d = unicodedata.normalize("NFD", text)
    return " ".join("".join(c for c in d if not unicodedata.combining(c)).casefold().split())


def era_of(issued: str) -> str:
    return "before 2025-07-01" if date.fromisoformat(issued) < ERA_SPLIT else "from 2025-07-01"


# ---------------------------------------------------------------- corpus


def write_corpus(inbox: Path, seed: int, count: int, kinds: str | None) -> list[dict]:
    """Report files into `inbox`; the truths (with report_id and file) are returned."""
    import hashlib

    from reportgen.cli import options_from
    from reportgen.report import generate, plan_corpus

    options = options_from(kinds=kinds)
    inbox.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(count - 1)))
    truths = []
    for plan in plan_corpus(seed, count, options):
        text, truth = generate(plan, options)
        data = text.encode("utf-8")
        name = f"{plan.index:0{width}d}.txt"
        (inbox / name).write_bytes(data)
        truth["file"] = name
        truth["report_id"] = hashlib.sha256(data).hexdigest()
        truths.append(truth)
    return truths


def parser_read_right(truths: list[dict], inbox: Path) -> set[tuple]:
    """(report_id, table_index, row_index, column_index) of the cells the parser read right.

    The report files are parsed here again and matched with benchmarks/accuracy.py's rule,
    so "read right" means what the parser benchmark counts as a recalled cell.
    """
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    from accuracy import _parse_here, match_cells, parsed_cells

    right: set[tuple] = set()
    for t in truths:
        doc, _error = _parse_here(t["file"], (inbox / t["file"]).read_bytes())
        if doc is None:
            continue
        keyed = [
            (tb["table_index"], c) for tb in t["tables"] for c in tb["cells"] if c["text"].strip()
        ]
        matched, _hits = match_cells([c for _, c in keyed], parsed_cells(doc))
        for i in matched:
            table_index, c = keyed[i]
            right.add((t["report_id"], table_index, c["row_index"], c["column_index"]))
    return right


# ---------------------------------------------------------------- build


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(entry))
        rss[int(entry)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _build_child(inbox: Path, home: Path, workers: int) -> int:
    """Runs in the child process: build, and on a failing dbt node build the rest without it."""
    from ingest.settings import Settings
    from orchestration.defs.dbt.files import run_dbt
    from orchestration.local_run import build_warehouse

    status: dict = {"failed_nodes": [], "retries": []}
    t0 = time.perf_counter()
    try:
        result = build_warehouse(Settings(inbox=inbox, home=home, workers=workers))
        status["ingest"] = result.ingest.line()
        status["ok"] = True
    except RuntimeError as exc:
        status["ok"] = False
        status["error_tail"] = str(exc)[-3000:]
        failed = _FAIL_RE.findall(str(exc))
        status["failed_nodes"] = [f"{kind} {name}" for kind, name in failed]
        # Scoring needs the models the failing test skipped: build again without it.
        exclude = [name for kind, name in failed if kind in ("test", "unit_test")]
        for _ in range(3):
            if not exclude or len(exclude) < len(failed):
                break
            t1 = time.perf_counter()
            out = run_dbt(["build", "--exclude", *exclude], home, check=False)
            more = _FAIL_RE.findall(out.stdout)
            status["retries"].append(
                {"exclude": list(exclude), "seconds": round(time.perf_counter() - t1, 1),
                 "failed": [f"{k} {n}" for k, n in more], "returncode": out.returncode}
            )  # fmt: skip
            if out.returncode == 0 or not more:
                break
            failed = more
            status["failed_nodes"] += [f"{k} {n}" for k, n in more]
            exclude += [n for k, n in more if k in ("test", "unit_test")]
    status["build_seconds"] = round(time.perf_counter() - t0, 1)
    (home / "mart_accuracy_build.json").write_text(json.dumps(status, indent=1))
    return 0


def build(inbox: Path, home: Path, workers: int) -> dict:
    """Build in a child process; wall time and peak resident memory of its process tree."""
    home.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_build", str(inbox), str(home),
           str(workers)]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.5)
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    wall = time.perf_counter() - t0
    status_path = home / "mart_accuracy_build.json"
    status = json.loads(status_path.read_text()) if status_path.exists() else {"ok": False}
    if proc.returncode != 0:
        status["ok"] = False
        status["error_tail"] = output[-3000:]
    status["wall_seconds"] = round(wall, 1)
    status["peak_rss_mb"] = round(peak / 1024, 1)
    return status


def rebuild_models(home: Path) -> dict:
    """`dbt build` again on an ingested warehouse (the --dbt-only iteration loop)."""
    from orchestration.local_run import run_dbt

    t0 = time.perf_counter()
    out = run_dbt(["build"], home, check=False)
    failed = [f"{k} {n}" for k, n in _FAIL_RE.findall(out.stdout)]
    return {"ok": out.returncode == 0, "failed_nodes": failed,
            "wall_seconds": round(time.perf_counter() - t0, 1)}  # fmt: skip


# ---------------------------------------------------------------- scoring


def truth_cells(truths: list[dict]):
    """(report truth, table truth, row truth, column index, cell truth) per dossier data cell."""
    for t in truths:
        for table in t["tables"]:
            if table["kind"] != "dossier":
                continue
            by_row = defaultdict(list)
            for cell in table["cells"]:
                by_row[cell["row_index"]].append(cell)
            for row in table["rows"]:
                if row["kind"] != "data":
                    continue
                for cell in sorted(by_row[row["row_index"]], key=lambda c: c["column_index"]):
                    yield t, table, row, cell


def expected_period(t: dict, table: dict) -> tuple[str, str]:
    meta = t["metadata"]
    if table.get("data_period"):
        return tuple(table["data_period"])
    if meta.get("data_period_start"):
        return meta["data_period_start"], meta["data_period_end"]
    return meta["period_start"], meta["period_end"]


def _same(a, b) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


class _Group:
    def __init__(self):
        self.cells = 0
        self.ok = 0
        self.reasons: Counter = Counter()

    def add(self, outcome: str) -> None:
        self.cells += 1
        self.ok += outcome == "ok"
        self.reasons[outcome] += 1

    def summary(self) -> dict:
        return {
            "cells": self.cells,
            "ok": self.ok,
            "ok_pct": _pct(self.ok, self.cells),
            "reasons": dict(self.reasons.most_common()),
        }


def load_warehouse(path: Path, report_ids: list[str]) -> dict:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("create temp table wanted as select unnest(?::varchar[]) as document_id",
                    [report_ids])  # fmt: skip
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        docs = dict(q("select document_id, status from raw.documents "
                      "where document_id in (select document_id from wanted)"))  # fmt: skip
        lines = q(
            """
            select document_id, source_line, table_row_id, count(*)
            from intermediate.int_table_cells_measured
            where document_id in (select document_id from wanted)
            group by all
            """
        )
        cells = q(
            """
            select table_row_id, table_id, column_index, measure, destination, table_kind,
                   value_number, text_as_printed, row_label
            from intermediate.int_table_cells_measured
            where document_id in (select document_id from wanted) and column_index >= 2
            """
        )
        mcols = ", ".join(f"f.{m}" for m in MEASURES)
        fact_cols = {
            r[0]
            for r in q(
                "select column_name from information_schema.columns "
                f"where table_schema = 'marts' and table_name = '{FACT}'"
            )
        }
        how = ("coalesce(f.unit_match_method, 'breakdown ' || f.breakdown_kind)"
               if "breakdown_kind" in fact_cols else "f.unit_match_method")  # fmt: skip
        facts = q(
            f"""
            select f.dossier_processing_id, f.unit_id, u.unit_name, u.short_name, u.province,
                   f.unit_name_as_printed, {how}, cast(f.period_start as varchar),
                   cast(f.period_end as varchar), f.source_line, {mcols}
            from marts.fct_dossier_processing f
            left join marts.dim_unit u on f.unit_id = u.unit_id
            where f.report_id in (select document_id from wanted)
            """
        )
        review = dict(q("select table_row_id, review_reason "
                        "from intermediate.int_unit_match_review"))  # fmt: skip
        report_review = q(
            "select report_id, table_id, detail from marts.report_review "
            "where reason = 'unit_not_matched'"
        )
    finally:
        con.close()
    out = {"docs": docs, "line_rows": defaultdict(Counter), "rows": defaultdict(list)}
    for doc, line, row_id, n in lines:
        out["line_rows"][(doc, line)][row_id] += n
    for c in cells:
        out["rows"][c[0]].append(c)
    for row_id in out["rows"]:
        out["rows"][row_id].sort(key=lambda c: c[2])
    out["facts"] = {f[0]: f for f in facts}
    out["review"] = review
    rr = defaultdict(set)
    for report_id, table_id, detail in report_review:
        rr[(report_id, table_id)].update((detail or "").split("; "))
    out["report_review"] = rr
    return out


def score(
    warehouse: Path,
    truths: list[dict],
    examples_per_reason: int = 3,
    parsed_right: set[tuple] | None = None,
) -> dict:
    """Outcomes of every truth dossier cell; `parsed_right` (see parser_read_right) adds
    the same figures over the cells the parser read right."""
    wh = load_warehouse(warehouse, [t["report_id"] for t in truths])
    overall, row_stats, mart_own = _Group(), Counter(), _Group()
    mart_own_by: dict[str, dict[str, _Group]] = {k: defaultdict(_Group) for k in ("layout", "era")}
    groups: dict[str, dict[str, _Group]] = {
        k: defaultdict(_Group) for k in ("layout", "era", "header_depth", "noise")
    }
    examples: dict[str, list[dict]] = defaultdict(list)
    example_rows: set = set()
    own_examples: dict[str, list[dict]] = defaultdict(list)  # among cells read right
    own_example_rows: set = set()
    row_cache: dict = {}

    def map_row(t, table, row):
        key = (t["report_id"], table["table_index"], row["row_index"])
        if key not in row_cache:
            lines = {row["line"]} | {
                c["line"] for c in table["cells"]
                if c["row_index"] == row["row_index"] and c["line"]
            }  # fmt: skip
            votes: Counter = Counter()
            for line in lines:
                for row_id, n in wh["line_rows"].get((t["report_id"], line), {}).items():
                    votes[row_id] += n + (0.5 if line == row["line"] else 0)
            if not votes:
                # html rows are recorded at their `<tr>` line, a few lines above the label
                # cell (`<tr>`, `<td>1.1</td>`, `<td>Sở Nội vụ</td>`): take the nearest row
                # there whose label is the truth row's.
                for above in range(1, HTML_ROW_LOOKBACK + 1):
                    for row_id in wh["line_rows"].get((t["report_id"], row["line"] - above), {}):
                        label = wh["rows"][row_id][0][8] if wh["rows"].get(row_id) else None
                        if fold(label) == fold(row["label"]):
                            votes[row_id] += 1
                    if votes:
                        row_stats["rows_mapped_by_line_above"] += 1
                        break
            row_cache[key] = votes.most_common(1)[0][0] if votes else None
        return row_cache[key]

    row_outcomes: dict = {}
    for t, table, row, cell in truth_cells(truths):
        k = cell["column_index"]
        measure = MEASURES[k]
        truth_value = cell["value"]
        row_id = map_row(t, table, row)
        wcells = wh["rows"].get(row_id, []) if row_id else []
        wcell = next((c for c in wcells if c[3] == measure), None)
        if wcell is None and k < len(wcells):
            wcell = wcells[k]
        fact = wh["facts"].get(row_id) if row_id else None
        unit_ok = period_ok = value_ok = None
        if wh["docs"].get(t["report_id"]) != "parsed":
            outcome = "report_not_loaded"
        elif row_id is None:
            outcome = "row_not_parsed"
        elif fact is None:
            dest = wcell[4] if wcell else None
            if dest is None:
                outcome = "cell_not_parsed"
            elif dest == FACT:
                outcome = "fact_row_missing"
            elif dest.startswith("fct_"):
                outcome = f"routed_to_{dest}"
            else:
                outcome = dest
        else:
            canon = fold(row["label_canonical"])
            unit_ok = (canon in (fold(fact[2]), fold(fact[3]))) and fold(fact[4]) == fold(
                t["metadata"]["province"]
            )
            period_ok = (fact[7], fact[8]) == expected_period(t, table)
            values = dict(zip(MEASURES, fact[10:], strict=True))
            got = values[measure]
            placeholder_ok = truth_value is None and (got is None or got == 0)
            value_ok = placeholder_ok or _same(got, truth_value)
            if not unit_ok:
                outcome = "wrong_unit"
            elif not period_ok:
                outcome = "wrong_period"
            elif value_ok:
                outcome = "ok"
            elif wcell is not None and wcell[4] != FACT:
                outcome = wcell[4]
            elif got is None:
                outcome = "value_missing"
            elif truth_value is not None and any(
                _same(v, truth_value) for m, v in values.items() if m != measure
            ):
                outcome = "measure_misplaced"
            else:
                outcome = "value_differs"
        overall.add(outcome)
        key = (t["report_id"], table["table_index"], row["row_index"], k)
        if parsed_right is not None and key in parsed_right:  # the marts' own share
            mart_own.add(outcome)
            mart_own_by["layout"][t["layout"]].add(outcome)
            mart_own_by["era"][era_of(t["metadata"]["issued_date"])].add(outcome)
        groups["layout"][t["layout"]].add(outcome)
        groups["era"][era_of(t["metadata"]["issued_date"])].add(outcome)
        groups["header_depth"][str(table["header_depth"])].add(outcome)
        for kind in cell["noise"] or ["none"]:
            groups["noise"][kind].add(outcome)

        rkey = (t["report_id"], table["table_index"], row["row_index"])
        ro = row_outcomes.setdefault(
            rkey, {"fact": fact is not None, "unit_ok": unit_ok, "unmatched": False, "row_id": row_id,
                   "table_id": wcell[1] if wcell else None, "label": wcell[8] if wcell else None,
                   "report_id": t["report_id"]}
        )  # fmt: skip
        if outcome == "unit_not_matched":
            ro["unmatched"] = True

        read_right = parsed_right is not None and key in parsed_right
        for book, taken in ((examples, example_rows), (own_examples, own_example_rows)):
            if book is own_examples and not read_right:
                continue
            if outcome == "ok" or (outcome, rkey) in taken:
                continue
            same = [e for e in book[outcome] if e["file"] == t["file"]]
            if len(book[outcome]) < examples_per_reason and not same:
                taken.add((outcome, rkey))
                book[outcome].append(
                    {
                        "file": t["file"],
                        "layout": t["layout"],
                        "line": row["line"],
                        "truth_label": row["label"],
                        "truth_unit": row["label_canonical"],
                        "province": t["metadata"]["province"],
                        "measure": measure,
                        "truth_text": cell["text"],
                        "truth_value": truth_value,
                        "truth_period": list(expected_period(t, table)),
                        "warehouse_row_label": wcell[8] if wcell else None,
                        "warehouse_table_kind": wcell[5] if wcell else None,
                        "warehouse_measure": wcell[3] if wcell else None,
                        "warehouse_text": wcell[7] if wcell else None,
                        "warehouse_value": wcell[6] if wcell else None,
                        "fact_unit": f"{fact[2]} ({fact[4]}) via {fact[6]}" if fact else None,
                        "fact_period": [fact[7], fact[8]] if fact else None,
                        "fact_value": dict(zip(MEASURES, fact[10:], strict=True))[measure]
                        if fact
                        else None,
                        "review_reason": wh["review"].get(row_id) if row_id else None,
                    }
                )

    for ro in row_outcomes.values():
        row_stats["truth_rows"] += 1
        row_stats["rows_with_fact"] += ro["fact"]
        row_stats["wrong_unit_rows"] += ro["fact"] and not ro["unit_ok"]
        if ro["unmatched"]:
            row_stats["unmatched_rows"] += 1
            row_stats["unmatched_in_int_unit_match_review"] += ro["row_id"] in wh["review"]
            labels = wh["report_review"].get((ro["report_id"], ro["table_id"]), set())
            row_stats["unmatched_in_report_review"] += ro["label"] in labels
    reached = sum(n for r, n in overall.reasons.items()
                  if r in ("ok", "wrong_unit", "wrong_period"))  # fmt: skip
    return {
        "reports": len(truths),
        "dossier_tables": sum(1 for t in truths for tb in t["tables"] if tb["kind"] == "dossier"),
        "provinces": len({(t["metadata"]["era"], t["metadata"]["province"]) for t in truths}),
        "overall": overall.summary(),
        "parser_read_right": None
        if parsed_right is None
        else {
            **mart_own.summary(),
            "by": {
                k: {g: v.summary() for g, v in sorted(d.items())} for k, d in mart_own_by.items()
            },
            "examples": dict(own_examples),
        },
        "cells_in_fact_rows_pct": _pct(reached, overall.cells),
        "rows": dict(row_stats),
        "wrong_unit_rows": row_stats["wrong_unit_rows"],
        "by": {k: {g: v.summary() for g, v in sorted(d.items())} for k, d in groups.items()},
        "examples": dict(examples),
    }


# ---------------------------------------------------------------- report


def print_summary(result: dict) -> None:
    o = result["overall"]
    b = result.get("build", {})
    print(f"reports {result['reports']}, dossier tables {result['dossier_tables']}, "
          f"provinces (era, name) {result['provinces']}")  # fmt: skip
    if b:
        print(f"build: {b.get('wall_seconds')} s wall, peak RSS {b.get('peak_rss_mb')} MB, "
              f"ok={b.get('ok')} failed={b.get('failed_nodes')}")  # fmt: skip
    print(f"cells {o['cells']}: ok (right unit, period, measure) {o['ok']} = {o['ok_pct']} %")
    own = result.get("parser_read_right")
    if own:
        print(f"cells the parser read right {own['cells']}: ok {own['ok']} = {own['ok_pct']} %"
              f" (marts' own misses: {dict(list((r, n) for r, n in own['reasons'].items() if r != 'ok')[:6])})")  # fmt: skip
        for key, groups in own["by"].items():
            for g, s in groups.items():
                print(f"  read right, {key} {g:<20} {s['cells']:>7} cells  ok {s['ok_pct']:>5} %")
    print(f"wrong-unit rows: {result['wrong_unit_rows']}; rows: {result['rows']}")
    print("reasons:")
    for r, n in o["reasons"].items():
        print(f"  {r:<28} {n:>8} {_pct(n, o['cells']):>6} %")
    for key, groups in result["by"].items():
        print(f"by {key}:")
        for g, s in groups.items():
            top = ", ".join(f"{r} {n}" for r, n in list(s["reasons"].items())[:4] if r != "ok")
            print(f"  {g:<24} {s['cells']:>7} cells  ok {s['ok_pct']:>5} %  {top}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_build"]:
        return _build_child(Path(argv[1]), Path(argv[2]), int(argv[3]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--kinds", default="dossier", help="reportgen table kinds, or 'all'")
    ap.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--keep", type=Path, help="work folder to keep (inbox/, home/)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--dbt-only", action="store_true",
                    help="with --keep: rebuild the models on the kept ingest, then score")  # fmt: skip
    args = ap.parse_args(argv)
    if args.dbt_only and not args.keep:
        ap.error("--dbt-only needs --keep")
    kinds = None if args.kinds == "all" else args.kinds
    with tempfile.TemporaryDirectory(prefix="mart_accuracy_") as tmp:
        work = args.keep or Path(tmp)
        t0 = time.perf_counter()
        kept_truths = work / "truths.json"
        if args.dbt_only and kept_truths.exists():
            # the corpus the kept warehouse was built from, whatever reportgen does now
            truths = json.loads(kept_truths.read_text(encoding="utf-8"))
        else:
            truths = write_corpus(work / "inbox", args.seed, args.count, kinds)
            if args.keep:
                kept_truths.write_text(json.dumps(truths, ensure_ascii=False), encoding="utf-8")
        gen_s = time.perf_counter() - t0
        if args.dbt_only:
            status = rebuild_models(work / "home")
        else:
            status = build(work / "inbox", work / "home", args.workers)
        t1 = time.perf_counter()
        parsed_right = parser_read_right(truths, work / "inbox")
        t2 = time.perf_counter()
        result = score(work / "home" / "warehouse.duckdb", truths, parsed_right=parsed_right)
        result["seconds"] = {
            "generate": round(gen_s, 1),
            "parse_again": round(t2 - t1, 1),
            "score": round(time.perf_counter() - t2, 1),
        }
    result["build"] = status
    result["args"] = {"seed": args.seed, "count": args.count, "kinds": args.kinds,
                      "workers": args.workers}  # fmt: skip
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
