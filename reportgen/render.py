"""Layouts: a `GenTable` printed as text the way extractors leave tables in reports.

Independent of the parser (nothing from `ingest` is imported). Every renderer returns
the lines and, for every row and value column, the line (0-based, within the table's
lines) that holds the cell's text, so the ground truth can name it.

- `tsv`: tab-separated cells, `<b>`/`<i>` tags (sample 000, DOCX extraction);
- `pipe`: Markdown pipe table, extra header rows below the `|---|` rule;
- `html`: `<table>` with `<thead>`/`<th>`/`rowspan`/`colspan`, `<br>` and `&nbsp;`; one
  `<tr>` a line, or one `<td>` a line;
- `pdf_text`: PDF-extracted text: header cells wrapped over lines, rows with cells
  separated by single spaces or by runs of spaces (aligned), with or without row codes;
- `cell_per_line`: one cell a line; rows separated by blank lines (empty cells left
  out), or closed by a `|` line (empty cells kept as empty lines);
- `space_text` (opt-in, not in `LAYOUTS`): a web page's HTML table copied as text, every
  cell followed by one space as the browser joins them (an empty cell leaves two
  spaces), each header row on one line with its spanned cells once, no column numbers.

The module is longer than 400 lines because every layout's header and row printers share
the header grid, the row texts and the writer that records each cell's line for the
ground truth; a layout moved out would import all three back.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from reportgen.tables import GenRow, GenTable, garble_header

LAYOUTS = ("tsv", "pipe", "html", "pdf_text", "cell_per_line")
# Layouts generated only when asked for (`--layouts`): not yet parsed to the accuracy bar.
OPT_IN_LAYOUTS = ("space_text",)
PAGELESS_LAYOUTS = ("space_text",)  # copied from a web page: no page breaks


@dataclass(slots=True)
class PageBreak:
    after_row: int  # rows[:after_row] before the break
    mode: str  # "repeated" | "garbled" | "reordered" | "no_header"
    furniture: str  # "Trang 2/3" or "2"
    paths: list[tuple[str, ...]]  # value-column header paths printed after the break
    perm: list[int]  # value column printed at each position after the break


@dataclass(slots=True)
class Rendered:
    lines: list[str]
    layout: str
    variant: str
    cell_lines: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> line
    row_lines: dict[int, int] = field(default_factory=dict)
    header_lines: list[int] = field(default_factory=list)


def plan_page_break(table: GenTable, rng: random.Random, mode: str) -> PageBreak | None:
    data_idx = [i for i, r in enumerate(table.rows) if r.kind != "total"]
    if len(data_idx) < 6:
        return None
    after = rng.randint(3, len(table.rows) - 3)
    ncol = len(table.columns)
    perm = list(range(ncol))
    paths = list(table.columns)
    if mode == "reordered":
        pairs = [i for i in range(ncol - 1) if table.columns[i][:-1] == table.columns[i + 1][:-1]]
        if not pairs:
            mode = "repeated"
        else:
            i = rng.choice(pairs)
            perm[i], perm[i + 1] = perm[i + 1], perm[i]
            paths = [table.columns[j] for j in perm]
    elif mode == "garbled":
        paths = []
        for p in table.columns:
            paths.append(tuple(garble_header(x, rng) if rng.random() < 0.5 else x for x in p))
        if paths == list(table.columns):
            paths[0] = (*paths[0][:-1], garble_header(paths[0][-1], rng) + ".")
    page = rng.randint(2, 6)
    furniture = rng.choice((f"Trang {page}/{page + rng.randint(0, 3)}", str(page)))
    return PageBreak(after, mode, furniture, paths, perm)


# ---------------------------------------------------------------- header grids


def all_paths(table: GenTable, value_paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    lead = [(table.code_header,)] if table.code_header else []
    return [*lead, (table.label_header,), *value_paths]


def grid(paths: list[tuple[str, ...]], depth: int) -> list[list[str]]:
    """Header rows: a spanning cell's text in its first column, blanks elsewhere."""
    out = []
    for r in range(depth):
        row = []
        for c, p in enumerate(paths):
            first = c == 0 or paths[c - 1][: r + 1] != p[: r + 1]
            row.append(p[r] if r < len(p) and first else "")
        out.append(row)
    return out


def spans(paths: list[tuple[str, ...]], depth: int) -> list[list[tuple[str, int, int]]]:
    """HTML header rows: (text, colspan, rowspan) per printed cell."""
    out = []
    for r in range(depth):
        row = []
        c = 0
        while c < len(paths):
            p = paths[c]
            if r >= len(p):
                c += 1
                continue
            n = 1
            while c + n < len(paths) and paths[c + n][: r + 1] == p[: r + 1]:
                n += 1
            rowspan = depth - r if r == len(p) - 1 else 1
            row.append((p[r], n, rowspan))
            c += n
        out.append(row)
    return out


def row_texts(table: GenTable, row: GenRow, perm: list[int]) -> list[str]:
    lead = [row.code or ""] if table.code_header else []
    values = [row.cells[j].text for j in perm] if row.cells else [""] * len(perm)
    return [*lead, row.label, *values]


# ---------------------------------------------------------------- layouts


class _Writer:
    def __init__(self, layout: str, variant: str):
        self.out = Rendered([], layout, variant)

    def add(self, line: str) -> int:
        self.out.lines.append(line)
        return len(self.out.lines) - 1

    def mark_row(self, r: int, lines: list[int], lead: int) -> None:
        """lines[i]: line of printed cell i; value cells start after `lead` printed cells."""
        self.out.row_lines[r] = lines[lead - 1]
        for k, line in enumerate(lines[lead:]):
            self.out.cell_lines[(r, k)] = line


def _wrap(text: str, width: int) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines or [""]


def render(
    table: GenTable, layout: str, rng: random.Random, page_break: PageBreak | None
) -> Rendered:
    lead = 2 if table.code_header else 1
    depth = table.depth
    ident = list(range(len(table.columns)))
    variant = {
        "tsv": rng.choice(("bold", "plain")),
        "pipe": rng.choice(("multirow", "bold_total")),
        "html": rng.choice(("tr_per_line", "td_per_line")),
        "pdf_text": rng.choice(("single_space", "aligned")),
        "cell_per_line": rng.choice(("blank_separated", "bar_separated")),
        "space_text": "portal_copy",
    }[layout]
    if layout == "cell_per_line" and variant == "blank_separated" and rng.random() < 0.5:
        variant = "cells_apart"  # drawn only here: the other layouts' draws stay as they were
    w = _Writer(layout, variant)

    segments = [(0, len(table.rows), ident, list(table.columns), True)]
    if page_break:
        k = page_break.after_row
        segments = [
            (0, k, ident, list(table.columns), True),
            (k, len(table.rows), page_break.perm, page_break.paths, page_break.mode != "no_header"),
        ]
    widths: list[int] = []
    if layout == "pdf_text" and variant == "aligned":
        texts = [row_texts(table, r, ident) for r in table.rows]
        widths = [max(len(t[c]) for t in texts) for c in range(len(texts[0]))]

    for s, (start, end, perm, vpaths, with_header) in enumerate(segments):
        if s > 0:
            if layout == "html":
                w.add("</tbody>")
                w.add("</table>")
            w.add("")
            w.add(page_break.furniture)  # type: ignore[union-attr]
            w.add("")
            if layout == "html":
                w.add('<table border="1">')
        elif layout == "html":
            w.add('<table border="1">')
        paths = all_paths(table, vpaths)
        if with_header:
            _header(w, table, paths, depth, rng)
        elif layout == "html":
            w.add("<tbody>")
        for r in range(start, end):
            _row(w, table, r, perm, lead, widths)
    if layout == "html":
        w.add("</tbody>")
        w.add("</table>")
    return w.out


def _numbers(table: GenTable) -> list[str] | None:
    return table.column_numbers


def _header(w: _Writer, table: GenTable, paths, depth: int, rng: random.Random) -> None:
    layout, variant = w.out.layout, w.out.variant
    if layout == "space_text":
        _space_header(w, paths, depth)
        return
    g = grid(paths, depth)
    nums = _numbers(table)
    if layout == "tsv":
        for row in g:
            cells = [f"<b>{c}</b>" if c and variant == "bold" else c for c in row]
            w.out.header_lines.append(w.add("\t".join(cells)))
        if nums:
            w.out.header_lines.append(w.add("\t".join(f"<i>{n}</i>" for n in nums)))
    elif layout == "pipe":
        for i, row in enumerate(g):
            w.out.header_lines.append(w.add("| " + " | ".join(row) + " |"))
            if i == 0:
                w.add("|" + "|".join("---" for _ in row) + "|")
        if nums:
            w.out.header_lines.append(w.add("| " + " | ".join(nums) + " |"))
    elif layout == "html":
        w.add("<thead>")
        for row in spans(paths, depth):
            cells = []
            for text, colspan, rowspan in row:
                attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                    f' rowspan="{rowspan}"' if rowspan > 1 else ""
                )
                t = html.escape(text, quote=False)
                if len(t) > 28 and " " in t:  # long headers carry a forced break
                    words = t.split(" ")
                    t = (
                        " ".join(words[: len(words) // 2])
                        + "<br>"
                        + " ".join(words[len(words) // 2 :])
                    )
                cells.append(f"<th{attrs}>{t}</th>")
            if variant == "td_per_line":
                w.add("<tr>")
                for c in cells:
                    w.out.header_lines.append(w.add(c))
                w.add("</tr>")
            else:
                w.out.header_lines.append(w.add("<tr>" + "".join(cells) + "</tr>"))
        if nums:
            w.out.header_lines.append(
                w.add("<tr>" + "".join(f"<th><i>{n}</i></th>" for n in nums) + "</tr>")
            )
        w.add("</thead>")
        w.add("<tbody>")
    elif layout == "pdf_text":
        for r, row in enumerate(g):
            if r == depth - 1 and depth > 1:
                w.out.header_lines.append(w.add(" ".join(c for c in row if c) + " "))
                w.add("")
                continue
            for c in row:
                if not c:
                    continue
                for piece in _wrap(c, rng.choice((18, 24, 30))):
                    w.out.header_lines.append(w.add(piece + " "))
                w.add("")
        if nums:
            w.out.header_lines.append(w.add(" ".join(nums)))
    elif variant == "cells_apart":
        _cells_apart_header(w, [c for row in g for c in row if c] + (nums or []), rng)
    else:  # cell_per_line
        for row in g:
            for c in row:
                if c:
                    w.out.header_lines.append(w.add(c))
        if nums:
            for n in nums:
                w.out.header_lines.append(w.add(n))
        w.add("|" if variant == "bar_separated" else "")


def _row(w: _Writer, table: GenTable, r: int, perm: list[int], lead: int, widths) -> None:
    layout, variant = w.out.layout, w.out.variant
    if layout == "space_text":
        _space_row(w, table, r, perm)
        return
    row = table.rows[r]
    texts = row_texts(table, row, perm)
    # cell_lines are keyed by value column (not printed position): map back through perm.
    inverse = {pos: col for pos, col in enumerate(perm)}
    strong = row.kind in ("group", "total")

    def mark(lines_by_pos: list[int]) -> None:
        w.out.row_lines[r] = lines_by_pos[lead - 1]
        for pos, line in enumerate(lines_by_pos[lead:]):
            if row.cells:
                w.out.cell_lines[(r, inverse[pos])] = line

    if layout == "tsv":
        cells = [f"<b>{t}</b>" if t and strong and variant == "bold" else t for t in texts]
        no = w.add("\t".join(cells))
        mark([no] * len(texts))
    elif layout == "pipe":
        cells = [f"**{t}**" if t and strong and variant == "bold_total" else t for t in texts]
        no = w.add("| " + " | ".join(cells) + " |")
        mark([no] * len(texts))
    elif layout == "html":
        cells = []
        for t in texts:
            t = html.escape(t, quote=False) if t else "&nbsp;"
            cells.append(f"<td><b>{t}</b></td>" if strong and t != "&nbsp;" else f"<td>{t}</td>")
        if variant == "td_per_line":
            w.add("<tr>")
            nos = [w.add(c) for c in cells]
            w.add("</tr>")
            mark(nos)
        else:
            no = w.add("<tr>" + "".join(cells) + "</tr>")
            mark([no] * len(texts))
    elif layout == "pdf_text":
        if widths:
            parts = [
                t.ljust(widths[i]) if i < lead else t.rjust(widths[i]) for i, t in enumerate(texts)
            ]
            line = "  ".join(parts).rstrip()
            if not texts[0].strip():
                line = " " + line.lstrip()
        else:
            line = " ".join(t for t in texts if t) + " "
            if not (texts[0] if table.code_header else "x"):
                line = " " + line
        no = w.add(line)
        mark([no] * len(texts))
    elif variant == "cells_apart":
        mark(_cells_apart_row(w, texts, lead))
    else:  # cell_per_line
        nos = []
        for t in texts:
            if t or variant == "bar_separated":
                nos.append(w.add(t))
            else:
                nos.append(-1)  # left out: no line
        w.add("|" if variant == "bar_separated" else "")
        mark(nos)


def _space_header(w: _Writer, paths: list[tuple[str, ...]], depth: int) -> None:
    """One line a header row: its printed cells (a spanning cell once) one space apart."""
    for row in grid(paths, depth):
        w.out.header_lines.append(w.add(" ".join(c for c in row if c)))


def _space_row(w: _Writer, table: GenTable, r: int, perm: list[int]) -> None:
    """A row's cells one space apart as copied from a page: an empty cell is nothing
    between two spaces; the blanks a row ends with are not copied."""
    row = table.rows[r]
    texts = row_texts(table, row, perm)
    no = w.add(" ".join(texts).rstrip())
    w.out.row_lines[r] = no
    if row.cells:
        for col in perm:
            w.out.cell_lines[(r, col)] = no


# `cells_apart`: an HTML table copied with every cell its own paragraph. A blank line after
# each cell, one more for each empty cell; a cell with a line break inside (a long header
# cell wrapped, a label or a worded value broken in two) has no blank line between its pieces.
def _pieces(text: str, rng: random.Random, longer_than: int) -> list[str]:
    words = text.split(" ")
    if len(text) <= longer_than or len(words) < 2 or rng.random() < 0.5:
        return [text]
    cut = len(words) // 2
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def _cells_apart_header(w: _Writer, cells: list[str], rng: random.Random) -> None:
    for i, c in enumerate(cells):
        for piece in _pieces(c, rng, 24) if i else [c]:  # the first cell opens the header
            w.out.header_lines.append(w.add(piece))
        w.add("")


def _cells_apart_row(w: _Writer, texts: list[str], lead: int) -> list[int]:
    rng = random.Random("|".join(texts))  # which cells break: drawn from the row's own text
    nos = []
    for i, t in enumerate(texts):
        if not t:
            nos.append(-1)  # left out: its blank line only
        else:
            worded = i >= lead and any(ch.isalpha() for ch in t)  # `Tăng 12 hồ sơ`
            pieces = _pieces(t, rng, 30) if i == lead - 1 or worded else [t]
            nos.append(w.add(pieces[0]))
            for piece in pieces[1:]:
                w.add(piece)
        w.add("")
    return nos
