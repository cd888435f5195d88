"""The report generator (reportgen) and the accuracy scorer (benchmarks/accuracy.py)."""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import sys
from itertools import takewhile
from pathlib import Path

import pytest

from reportgen import LAYOUTS, TABLE_KINDS, clean_options, generate, plan_corpus
from reportgen.admin import provinces
from reportgen.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus60():
    return [generate(plan) for plan in plan_corpus(11, 60)]


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli_main(["--seed", "5", "--count", "8", "--out", str(a)]) == 0
    assert cli_main(["--seed", "5", "--count", "8", "--out", str(b)]) == 0
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 2 * 8 + 1
    assert files == sorted(p.name for p in b.iterdir())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    other = [generate(p)[0] for p in plan_corpus(6, 3)]
    assert other != [(a / f"{i:04d}.txt").read_text(encoding="utf-8") for i in range(3)]


def test_every_layout_and_table_kind_in_60_reports(corpus60):
    layouts = {t["layout"] for _, truth in corpus60 for t in truth["tables"]}
    kinds = {t["kind"] for _, truth in corpus60 for t in truth["tables"]}
    assert layouts == set(LAYOUTS)
    assert kinds == set(TABLE_KINDS)
    depths = {t["header_depth"] for _, truth in corpus60 for t in truth["tables"]}
    assert depths == {1, 2, 3}


def _printed(line: str) -> str:
    return html.unescape(line).replace("\xa0", " ")


def _cell_at(lines: list[str], line: int, table: dict) -> str:
    """The text printed from `line`: with the cells apart, a cell with a line break inside
    goes on over the lines after it, up to the blank line that ends it."""
    pieces = [lines[line - 1]]
    if table["layout_variant"] == "cells_apart":
        pieces += takewhile(str.strip, lines[line:])
    return _printed(" ".join(pieces))


def test_truth_cells_are_printed_on_their_lines(corpus60):
    checked = 0
    for text, truth in corpus60:
        lines = text.split("\n")
        assert truth["line_count"] == len(lines) - 1  # the text ends with a newline
        for table in truth["tables"]:
            for row in table["rows"]:
                assert row["label"] in _cell_at(lines, row["line"], table)
            for cell in table["cells"]:
                if not cell["text"]:
                    continue
                assert cell["text"] in _cell_at(lines, cell["line"], table), cell
                checked += 1
    assert checked > 1000


def test_truth_values_are_consistent(corpus60):
    for _, truth in corpus60:
        for table in truth["tables"]:
            if table["kind"] != "dossier":
                continue
            by_row: dict[int, list] = {}
            for c in table["cells"]:
                by_row.setdefault(c["row_index"], []).append(c)
            for cells in by_row.values():
                if any(c["row_kind"] == "total" for c in cells):
                    continue
                v = [c["value"] or 0 for c in sorted(cells, key=lambda c: c["column_index"])]
                assert v[0] == v[1] + v[2] + v[3]  # received = online + offline + carried
                assert v[4] == v[5] + v[6] + v[7]  # resolved = early + on time + late
                assert v[8] == v[9] + v[10]  # pending = within + overdue
                assert v[0] == v[4] + v[8]


def test_metadata_truth(corpus60):
    for text, truth in corpus60:
        meta = truth["metadata"]
        assert meta["doc_number"] in text
        assert meta["period_label"] in text
        assert meta["period_start"] <= meta["period_end"]
        era = "2025" if meta["issued_date"] >= "2025-07-01" else "legacy"
        assert meta["era"] == era


def test_clean_option_has_no_noise():
    opts = clean_options()
    for plan in plan_corpus(3, 15, opts):
        _, truth = generate(plan, opts)
        for table in truth["tables"]:
            assert table["page_break"] is None
            assert all(not c["noise"] for c in table["cells"])


def test_every_province_in_1000_reports():
    plans = plan_corpus(7, 1000)
    seen = {(p.province.era, p.province.code) for p in plans}
    assert len(provinces("legacy")) == 63 and len(provinces("2025")) == 34
    assert seen == {(p.era, p.code) for era in ("legacy", "2025") for p in provinces(era)}
    for p in plans:
        assert (p.issued.isoformat() >= "2025-07-01") == (p.province.era == "2025")


# ---------------------------------------------------------------- the scorer, by hand


def _truth_cell(label, code, path, text, value, line):
    return {
        "row_label": label,
        "row_label_canonical": label,
        "row_code": code,
        "row_kind": "data",
        "header_path": list(path),
        "header_path_as_printed": list(path),
        "text": text,
        "value": value,
        "line": line,
        "table_kind": "dossier",
        "layout": "tsv",
        "noise": [],
    }


TRUTH = [
    _truth_cell("Sở Tư pháp", "1", ("Tiếp nhận", "Tổng số"), "1.250", 1250.0, 7),
    _truth_cell("Sở Tư pháp", "1", ("Tiếp nhận", "Trực tuyến"), "1.198", 1198.0, 7),
    _truth_cell("Huyện Đại Từ", "2", ("Tiếp nhận", "Tổng số"), "830", 830.0, 8),
    _truth_cell("Huyện Đại Từ", "2", ("Tiếp nhận", "Trực tuyến"), "x", None, 8),
]


def _parsed(acc, label, code, path, text, value, line):
    return acc.ParsedCell(label, code, tuple(path), text, value, line)


def test_scorer_perfect_parse_scores_100():
    acc = _accuracy()
    parsed = [
        _parsed(acc, "SỞ TƯ PHÁP", "1", ("<b>Tiếp  nhận</b>", "tong so"), "1.250", 1250.0, 7),
        _parsed(acc, None, "1.", ("Tiếp nhận", "Trực tuyến"), "1.198", 1198.0, 7),
        _parsed(acc, "Huyện Đại Từ", None, ("Tiếp nhận", "Tổng số"), "830", 830.0, 8),
        _parsed(acc, "Huyện Đại Từ", "2", ("Tiếp nhận", "Trực tuyến"), "x", None, 8),
    ]
    matched, hits = acc.match_cells(TRUTH, parsed)
    assert matched == {0, 1, 2, 3} and hits == 4


def test_scorer_one_wrong_cell_scores_below_100():
    acc = _accuracy()
    parsed = [
        _parsed(acc, "Sở Tư pháp", "1", ("Tiếp nhận", "Tổng số"), "1.250", 1250.0, 7),
        _parsed(acc, "Sở Tư pháp", "1", ("Tiếp nhận", "Trực tuyến"), "1.198", 1198.0, 7),
        _parsed(acc, "Huyện Đại Từ", "2", ("Tiếp nhận", "Tổng số"), "830", 830.0, 8),
        _parsed(acc, "Huyện Đại Từ", "2", ("Tiếp nhận", "Trực tuyến"), "-", None, 8),  # not "x"
    ]
    matched, hits = acc.match_cells(TRUTH, parsed)
    assert (len(matched), hits) == (3, 3)
    # Wrong row (label and code), wrong header: no match either.
    wrong = [
        _parsed(acc, "Sở Y tế", "3", ("Tiếp nhận", "Tổng số"), "1.250", 1250.0, 7),
        _parsed(acc, "Sở Tư pháp", "1", ("Tiếp nhận",), "1.198", 1198.0, 7),
    ]
    assert acc.match_cells(TRUTH, wrong) == (set(), 0)


def test_scorer_summary_on_a_report(tmp_path):
    """End to end on one generated report: a perfect parse is 100%, one wrong cell less."""
    acc = _accuracy()
    opts = clean_options(layouts=("pipe",))
    plan = plan_corpus(1, 1, opts)[0]
    text, truth = generate(plan, opts)
    cells = [c for t in truth["tables"] for c in t["cells"] if c["text"].strip()]
    perfect = [
        acc.ParsedCell(
            c["row_label"], c["row_code"], tuple(c["header_path"]), c["text"], c["value"], c["line"]
        )
        for c in cells
    ]
    assert acc.match_cells(cells, perfect) == (set(range(len(cells))), len(cells))
    numeric = next(i for i, p in enumerate(perfect) if p.value is not None)
    perfect[numeric].value += 1
    matched, hits = acc.match_cells(cells, perfect)
    assert hits == len(cells) - 1
    tally = acc.Tally(len(cells), len(perfect), len(matched), hits).summary()
    assert tally["precision"] < 1 and tally["recall"] < 1
    score = acc.Score()
    score.add("x.txt", text.encode("utf-8"), truth)
    summary = score.summary()
    assert summary["reports"] == 1 and summary["failed_reports"] == 0
    assert set(summary["metadata_exact"]) == set(acc.META_FIELDS)
    json.dumps(summary)
