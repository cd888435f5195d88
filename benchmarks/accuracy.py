"""Extraction accuracy of the parser on generated reports with ground truth.

    python benchmarks/accuracy.py --seed 7 --count 1000             # generate in memory
    python benchmarks/accuracy.py --corpus /tmp/corpus               # NNNN.txt + NNNN.truth.json
    python benchmarks/accuracy.py --seed 7 --count 1000 --json out.json --chart docs/img/x.png

Each report goes through `ingest.reading.source_from_bytes` then
`ingest.parser.parse_text`. A report whose reading or parsing raises counts as failed
(its truth cells stay unmatched, its metadata fields count as wrong).

Cells
-----
Truth cells are the value cells of every truth table (not the row-code and label
columns) whose printed text is not blank; a blank placeholder is not printed, so it
cannot be found and is left out of recall.

Parsed cells are the non-empty cells of every row of every parsed table, except the
row's code cell and label cell: among a row's first two cells, a cell whose text
(whitespace collapsed) equals the row's `row_code` or `row_label` is not a value cell.
Its header path is `header_path` of its column in the header the row was printed under
(`table.columns`, or `table.header_variants[row.header_variant - 1]`).

A parsed cell P matches a truth cell T of the same report when all three hold:

1. header path: the paths are equal after normalising every element (markup such as
   `<b>`, `<br>`, `&nbsp;`, `**` removed, whitespace collapsed, case folded, accents
   and `đ` folded, empty elements dropped); T's canonical path (the first header's
   wording) and T's path as printed (a repeated header with other wording) both count;
2. row: the normalised row labels are equal (T's label as printed or its canonical
   unit name), or T has a row code other than `-` and the row codes are equal after
   normalisation (`1,1` = `1.1` = `1.1.`; `a)` = `a`; case folded);
3. value: when T's expected value is a number, the value the loader reads from P's text
   (`ingest.literals.parse_literal`, or `ingest.cell_values` where the column decides)
   equals it (to 1e-9, relative); otherwise (text cells, `x` and `-` placeholders,
   unreadable noise) P's text equals T's text after whitespace collapse.

Matching is one-to-one, greedy in document order. precision = matched / parsed value
cells, recall = matched / truth cells, F1 their harmonic mean. Per layout: every report
has one layout, so parsed and truth cells are attributed by report. Per noise kind:
recall over the truth cells that carry that noise (`none`: cells without noise); a
cell with two noise kinds counts under both. Per table kind: recall.

Metadata
--------
Exact-match rate per field over all reports: province (parser's province vs the truth's
short name, accent- and case-insensitive), period_start, period_end, period_kind,
issued_date (ISO dates), doc_number (whitespace removed).
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
META_FIELDS = ("province", "period_start", "period_end", "period_kind", "issued_date", "doc_number")
_TAG_RE = re.compile(r"</?(?:b|i|u|strong|em|sup|sub|br|td|th)\s*/?>", re.IGNORECASE)


def collapse(text: str) -> str:
    return " ".join(text.split())


def fold(text: str) -> str:
    """Markup removed, accents and case folded, whitespace collapsed."""
    text = html.unescape(_TAG_RE.sub(" ", text)).replace("**", "").replace("\xa0", " ")
    text = text.replace("đ", "d").replace("Đ", "D")
    d = unicodedata.normalize("NFD", text)
    return collapse("".join(c for c in d if not unicodedata.combining(c)).lower())


def path_key(path) -> tuple[str, ...]:
    return tuple(k for k in (fold(p) for p in path) if k)


def code_key(code: str | None) -> str | None:
    if code is None:
        return None
    c = fold(code).replace(",", ".").rstrip(".)").strip()
    return c or None


def value_keys(value: float | None, text: str) -> list[tuple]:
    keys: list[tuple] = [("t", collapse(text))]
    if value is not None and math.isfinite(value):
        keys.append(("n", float(f"{value:.9g}")))
    return keys


def truth_value_key(cell: dict) -> tuple:
    if cell["value"] is not None:
        return ("n", float(f"{cell['value']:.9g}"))
    return ("t", collapse(cell["text"]))


@dataclass(slots=True)
class ParsedCell:
    row_label: str | None
    row_code: str | None
    header_path: tuple[str, ...]
    text: str
    value: float | None
    line: int


def parsed_cells(doc) -> list[ParsedCell]:
    from ingest.cell_values import comma_group_readings
    from ingest.literals import parse_literal

    out = []
    for table in doc.tables:
        read_in_column = comma_group_readings(table)
        for row in table.rows:
            cols = (
                table.columns
                if not row.header_variant
                else table.header_variants[row.header_variant - 1]
            )
            by_index = {c.column_index: c.header_path for c in cols}
            label = collapse(row.row_label or "")
            code = collapse(row.row_code or "")
            for k, cell in enumerate(row.cells):
                text = collapse(cell.text)
                if not text:
                    continue
                if k < 2 and text in (label, code):
                    continue
                out.append(
                    ParsedCell(
                        row.row_label,
                        row.row_code,
                        tuple(by_index.get(cell.column_index, ())),
                        text,
                        (
                            read_in_column.get((row.row_index, cell.column_index))
                            or parse_literal(text)
                        ).value,
                        cell.source_line,
                    )
                )
    return out


def _row_matches(p: ParsedCell, t: dict) -> bool:
    pl = fold(p.row_label or "")
    if pl and pl in (fold(t["row_label"]), fold(t.get("row_label_canonical") or "")):
        return True
    tc = t.get("row_code")
    return bool(tc and tc.strip() != "-" and code_key(tc) == code_key(p.row_code))


def match_cells(truth_cells: list[dict], parsed: list[ParsedCell]) -> tuple[set[int], int]:
    """Ids (positions in truth_cells) of the matched truth cells, and parsed cells matched."""
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, t in enumerate(truth_cells):
        vk = truth_value_key(t)
        for path in {path_key(t["header_path"]), path_key(t["header_path_as_printed"])}:
            index[(path, vk)].append(i)
    matched: set[int] = set()
    hits = 0
    for p in parsed:
        pk = path_key(p.header_path)
        found = None
        for vk in value_keys(p.value, p.text):
            for i in index.get((pk, vk), ()):
                if i not in matched and _row_matches(p, truth_cells[i]):
                    found = i
                    break
            if found is not None:
                break
        if found is not None:
            matched.add(found)
            hits += 1
    return matched, hits


def metadata_hits(meta, truth_meta: dict) -> dict[str, bool]:
    def iso(d):
        return d.isoformat() if d else None

    return {
        "province": bool(meta.province) and fold(meta.province) == fold(truth_meta["province"]),
        "period_start": iso(meta.period_start) == truth_meta["period_start"],
        "period_end": iso(meta.period_end) == truth_meta["period_end"],
        "period_kind": meta.period_kind == truth_meta["period_kind"],
        "issued_date": iso(meta.issued_date) == truth_meta["issued_date"],
        "doc_number": bool(meta.doc_number)
        and re.sub(r"\s", "", meta.doc_number) == re.sub(r"\s", "", truth_meta["doc_number"]),
    }


@dataclass(slots=True)
class Tally:
    truth: int = 0
    parsed: int = 0
    matched_truth: int = 0  # truth cells found
    matched_parsed: int = 0  # parsed cells that found one

    def summary(self) -> dict:
        p = self.matched_parsed / self.parsed if self.parsed else None
        r = self.matched_truth / self.truth if self.truth else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {
            "truth_cells": self.truth,
            "parsed_cells": self.parsed,
            "matched": self.matched_truth,
            "precision": _r(p),
            "recall": _r(r),
            "f1": _r(f1),
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class Score:
    reports: int = 0
    failed: list[dict] = field(default_factory=list)
    overall: Tally = field(default_factory=Tally)
    by_layout: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_noise: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    meta_hits: Counter = field(default_factory=Counter)
    tables_truth: int = 0
    tables_parsed: int = 0
    seconds: float = 0.0

    def add(self, name: str, data: bytes, truth: dict, parser=None) -> None:
        self.reports += 1
        cells = [c for t in truth["tables"] for c in t["cells"] if c["text"].strip()]
        layout = truth["layout"]
        self.tables_truth += len(truth["tables"])
        t0 = time.perf_counter()
        doc, error = (parser or _parse_here)(name, data)
        if error:
            self.failed.append({"file": name, "error": error[:300]})
        self.seconds += time.perf_counter() - t0
        parsed = parsed_cells(doc) if doc else []
        matched, hits = match_cells(cells, parsed) if doc else (set(), 0)
        if doc:
            self.tables_parsed += len(doc.tables)
            for k, ok in metadata_hits(doc.metadata, truth["metadata"]).items():
                self.meta_hits[k] += ok
        for tally in (self.overall, self.by_layout[layout]):
            tally.truth += len(cells)
            tally.parsed += len(parsed)
            tally.matched_truth += len(matched)
            tally.matched_parsed += hits
        for i, c in enumerate(cells):
            found = i in matched
            groups = [self.by_kind[c["table_kind"]]]
            groups += [self.by_noise[n] for n in (c["noise"] or ["none"])]
            for g in groups:
                g.truth += 1
                g.matched_truth += found

    def summary(self) -> dict:
        n = self.reports
        return {
            "reports": n,
            "failed_reports": len(self.failed),
            "failures": self.failed[:20],
            "tables_truth": self.tables_truth,
            "tables_parsed": self.tables_parsed,
            "parse_seconds": round(self.seconds, 2),
            "cells": self.overall.summary(),
            "by_layout": {k: v.summary() for k, v in sorted(self.by_layout.items())},
            "by_table_kind": {
                k: {"truth_cells": v.truth, "recall": _r(v.matched_truth / v.truth)}
                for k, v in sorted(self.by_kind.items())
            },
            "by_noise": {
                k: {"truth_cells": v.truth, "recall": _r(v.matched_truth / v.truth)}
                for k, v in sorted(self.by_noise.items())
            },
            "metadata_exact": {f: _r(self.meta_hits[f] / n) if n else None for f in META_FIELDS},
        }


def corpus_from_dir(folder: Path):
    for path in sorted(folder.glob("*.txt")):
        truth_path = path.with_name(path.stem + ".truth.json")
        if truth_path.exists():
            yield path.name, path.read_bytes(), json.loads(truth_path.read_text(encoding="utf-8"))


def corpus_generated(seed: int, count: int, options=None):
    from reportgen import generate, plan_corpus

    for plan in plan_corpus(seed, count, options):
        text, truth = generate(plan, options)
        yield f"{plan.index:04d}.txt", text.encode("utf-8"), truth


def _parse_here(name: str, data: bytes):
    """(ParsedDocument or None, error or None): reading and parsing in this process."""
    from ingest.parser import parse_text
    from ingest.reading import source_from_bytes

    try:
        return parse_text(source_from_bytes(data, name).text), None
    except Exception as exc:  # a failed report is a finding, not a crash of the benchmark
        return None, f"{type(exc).__name__}: {exc}"


def _worker(conn) -> None:
    while True:
        item = conn.recv()
        if item is None:
            return
        conn.send(_parse_here(*item))


class TimedParser:
    """Parses in one forked worker process; a report that takes longer than `timeout`
    seconds counts as failed and the worker is replaced (a slow report must not stall
    the benchmark: the parser's alignment search can blow up on wide PDF-text rows)."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.proc = None

    def _start(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()

    def __call__(self, name: str, data: bytes):
        if self.proc is None:
            self._start()
        self.conn.send((name, data))
        if self.conn.poll(self.timeout):
            return self.conn.recv()
        self.close(kill=True)
        return None, f"timeout: parsing took more than {self.timeout:g} s"

    def close(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.conn.send(None)
        self.proc.join()
        self.proc = None


def score_corpus(items, timeout: float | None = None) -> Score:
    """Score (name, bytes, truth) items; with a timeout, parse in a worker process."""
    score = Score()
    parser = TimedParser(timeout) if timeout else None
    try:
        for name, data, truth in items:
            score.add(name, data, truth, parser)
    finally:
        if parser:
            parser.close()
    return score


# ---------------------------------------------------------------- chart (no matplotlib here)

# 5x7 glyphs, column-major, bit 0 = top row (the classic LCD font).
_FONT = {
    "A": "7c1211127c", "B": "7f49494936", "C": "3e41414122", "D": "7f4141221c",
    "E": "7f49494941", "F": "7f09090901", "G": "3e4149497a", "H": "7f0808087f",
    "I": "00417f4100", "J": "2040413f01", "K": "7f08142241", "L": "7f40404040",
    "M": "7f020c027f", "N": "7f0408107f", "O": "3e4141413e", "P": "7f09090906",
    "Q": "3e4151215e", "R": "7f09192946", "S": "4649494931", "T": "01017f0101",
    "U": "3f4040403f", "V": "1f2040201f", "W": "3f4038403f", "X": "6314081463",
    "Y": "0708700807", "Z": "6151494543", "0": "3e5149453e", "1": "00427f4000",
    "2": "4261514946", "3": "2141454b31", "4": "1814127f10", "5": "2745454539",
    "6": "3c4a494930", "7": "0171090503", "8": "3649494936", "9": "064949291e",
    "_": "4040404040", "%": "2313086462", ".": "0060600000", ":": "0036360000",
    "-": "0808080808", "(": "001c224100", ")": "0041221c00", "=": "1414141414",
    ",": "0050300000", "/": "2010080402", " ": "0000000000",
}  # fmt: skip


class Canvas:
    def __init__(self, w: int, h: int):
        self.w, self.h = w, h
        self.px = bytearray(b"\xff" * (w * h * 3))

    def rect(self, x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, int, int]) -> None:
        x0, x1 = max(0, min(x0, x1)), min(self.w, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.h, max(y0, y1))
        row = bytes(rgb) * (x1 - x0)
        for y in range(y0, y1):
            i = (y * self.w + x0) * 3
            self.px[i : i + len(row)] = row

    def text(self, x: int, y: int, s: str, scale: int = 2, rgb=(0, 0, 0)) -> None:
        for ch in s.upper():
            cols = bytes.fromhex(_FONT.get(ch, _FONT[" "]))
            for cx, bits in enumerate(cols):
                for cy in range(7):
                    if bits >> cy & 1:
                        self.rect(
                            x + cx * scale, y + cy * scale,
                            x + (cx + 1) * scale, y + (cy + 1) * scale, rgb,
                        )  # fmt: skip
            x += 6 * scale

    def png(self) -> bytes:
        import struct
        import zlib

        raw = b"".join(
            b"\x00" + bytes(self.px[y * self.w * 3 : (y + 1) * self.w * 3]) for y in range(self.h)
        )

        def chunk(tag: bytes, data: bytes) -> bytes:
            body = tag + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def chart(summary: dict, title: str) -> bytes:
    """Grouped bars: precision and recall (%) per layout."""
    layouts = list(summary["by_layout"])
    step = max(150, 12 * max(len(x) for x in layouts) + 24)  # room for the longest label
    w, h = 140 + step * len(layouts), 420
    cv = Canvas(w, h)
    left, top, bottom = 80, 60, h - 70
    colours = {"precision": (31, 119, 180), "recall": (255, 127, 14)}
    cv.text(left, 15, title, 2)
    for pct in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * pct // 100
        cv.rect(left, y, w - 20, y + 1, (200, 200, 200))
        cv.text(left - 12 * len(str(pct)) - 18, y - 7, f"{pct}%", 2)
    cv.rect(left, top, left + 1, bottom, (0, 0, 0))
    for k, layout in enumerate(layouts):
        x = left + 30 + step * k
        s = summary["by_layout"][layout]
        for j, metric in enumerate(("precision", "recall")):
            v = s[metric] or 0.0
            bx = x + j * 50
            cv.rect(bx, bottom - int((bottom - top) * v), bx + 44, bottom, colours[metric])
            cv.text(bx + 2, bottom - int((bottom - top) * v) - 18, f"{round(100 * v)}", 2)
        cv.text(x, bottom + 12, layout, 2)
    lx = w - 290
    for j, (metric, rgb) in enumerate(colours.items()):
        cv.rect(lx + 140 * j, h - 28, lx + 140 * j + 16, h - 12, rgb)
        cv.text(lx + 140 * j + 22, h - 27, metric, 2)
    return cv.png()


# ---------------------------------------------------------------- docs section


def docs_section(summary: dict, command: str, seed: int | None, count: int) -> str:
    def pct(x):
        return "–" if x is None else f"{100 * x:.1f}"

    lines = [
        "",
        "## Extraction accuracy on generated reports (reportgen)",
        "",
        f"`{command}` — seed {seed}, {count} reports "
        f"({summary['tables_truth']} tables, {summary['cells']['truth_cells']} truth cells), "
        f"{summary['failed_reports']} reports failed to parse; parse time "
        f"{summary['parse_seconds']} s. Matching rules: the docstring of `benchmarks/accuracy.py` "
        "(a cell counts when its header path, its row — label or code — and its value are right). "
        "Chart: `docs/img/accuracy_by_layout.png`.",
        "",
        "| layout | truth cells | parsed cells | matched | precision % | recall % | F1 % |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*summary["by_layout"].items(), ("**all**", summary["cells"])]
    for name, s in rows:
        lines.append(
            f"| {name} | {s['truth_cells']} | {s['parsed_cells']} | {s['matched']} | "
            f"{pct(s['precision'])} | {pct(s['recall'])} | {pct(s['f1'])} |"
        )
    lines += ["", "Recall per noise kind (a cell with two kinds counts under both):", ""]
    lines += ["| noise | truth cells | recall % |", "|---|---:|---:|"]
    for name, s in summary["by_noise"].items():
        lines.append(f"| {name} | {s['truth_cells']} | {pct(s['recall'])} |")
    lines += ["", "Recall per table kind:", "", "| table kind | truth cells | recall % |"]
    lines.append("|---|---:|---:|")
    for name, s in summary["by_table_kind"].items():
        lines.append(f"| {name} | {s['truth_cells']} | {pct(s['recall'])} |")
    lines += ["", "Report metadata, exact-match rate:", "", "| field | exact % |", "|---|---:|"]
    for name, v in summary["metadata_exact"].items():
        lines.append(f"| {name} | {pct(v)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="read NNNN.txt + NNNN.truth.json from here")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--clean", action="store_true", help="generate without noise")
    ap.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per report (0: no worker process)"
    )
    ap.add_argument("--json", type=Path, help="write the summary here (default: stdout)")
    ap.add_argument("--chart", type=Path, help="write the per-layout PNG chart here")
    ap.add_argument("--docs", type=Path, help="append a figures section to this Markdown file")
    args = ap.parse_args(argv)
    if args.corpus:
        items = corpus_from_dir(args.corpus)
    else:
        options = None
        if args.clean:
            from reportgen import clean_options

            options = clean_options()
        items = corpus_generated(args.seed, args.count, options)
    score = score_corpus(items, args.timeout or None)
    summary = score.summary()
    seed = None if args.corpus else args.seed
    summary["seed"], summary["command"] = (
        seed,
        "python benchmarks/accuracy.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    )
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    if args.chart:
        args.chart.parent.mkdir(parents=True, exist_ok=True)
        label = f"cell accuracy by layout, seed {seed}, n={score.reports}"
        args.chart.write_bytes(chart(summary, label))
    if args.docs:
        with args.docs.open("a", encoding="utf-8") as fh:
            fh.write(docs_section(summary, summary["command"], seed, score.reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
