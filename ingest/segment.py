"""Lines -> table regions and text blocks, every line keeping its number.

Three table layouts are recognised: tab-separated rows (DOCX extraction, with
`<b>`/`<i>` tags), Markdown pipe tables, and PDF-extracted text where a header
starting with `Số TT`/`STT` is followed by rows that start with a row code. All
other non-blank lines become blocks: headings, paragraphs and footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Block
from ingest.rowcodes import is_total_label
from ingest.tables_pdf import ROW_START_RE, is_header_start, tokens
from ingest.tables_tsv import RawRow, is_pipe_separator, make_raw_row, split_pipe_line
from ingest.text import collapse, is_mostly_upper, strip_markup

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_SECTION_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(?:\*\*|\*)?\s*(?=[IVX]+\.\s)")
_FOOTNOTE_RE = re.compile(r"^\s*<sup>\s*\(?(\d{1,3})\)?\s*</sup>")
_FOOTNOTE_REF_RE = re.compile(r"<sup>\s*\(?(\d{1,3})\)?\s*</sup>")
_TITLE_RE = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*)\.\s+\S")
_TERMINAL = tuple('.:;!?)"”’/')


@dataclass(frozen=True, slots=True)
class TableRegion:
    layout: str  # "tsv" | "pipe" | "pdf_text"
    start: int  # 0-based line index, inclusive
    end: int  # exclusive
    rows: tuple[RawRow, ...] = ()  # tsv / pipe
    header_end: int = 0  # pdf_text: first body line index


def is_title_line(line: str) -> bool:
    s = strip_markup(line.lstrip("#"))
    return bool(_TITLE_RE.match(s)) and is_mostly_upper(s)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def find_delimited_regions(lines: list[str]) -> list[TableRegion]:
    """Runs of tab (or pipe) rows; blank lines and section headings between rows belong to them."""
    regions: list[TableRegion] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        layout = "tsv" if "\t" in line else ("pipe" if _is_pipe_row(line) else None)
        if layout is None:
            i += 1
            continue
        rows: list[RawRow] = []
        j = i
        last_row = i
        while j < n:
            cur = lines[j]
            if not cur.strip():
                j += 1
                continue
            if layout == "tsv" and "\t" in cur:
                rows.append(make_raw_row(j + 1, cur.split("\t")))
            elif layout == "pipe" and _is_pipe_row(cur):
                if not is_pipe_separator(cur):
                    rows.append(make_raw_row(j + 1, split_pipe_line(cur)))
            elif _SECTION_HEADING_RE.match(cur):
                nxt = _next_nonblank(lines, j + 1)
                if nxt is None or not _continues(lines[nxt], layout):
                    break
                rows.append(make_raw_row(j + 1, [_HEADING_RE.sub("", cur)], from_heading=True))
            else:
                break
            last_row = j
            j += 1
        regions.append(TableRegion(layout, i, last_row + 1, tuple(rows)))
        i = last_row + 1
    return regions


def _continues(line: str, layout: str) -> bool:
    return ("\t" in line) if layout == "tsv" else _is_pipe_row(line)


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s.startswith("|") and s.endswith("|") and s.count("|") >= 3


def find_pdf_regions(lines: list[str], taken: set[int]) -> list[TableRegion]:
    """Space-separated tables: a `Số TT` header, then rows opening with row codes."""
    regions: list[TableRegion] = []
    i = 0
    n = len(lines)
    while i < n:
        if i in taken or not is_header_start(lines[i]):
            i += 1
            continue
        first_row = None
        for j in range(i + 1, min(n, i + 60)):
            if j in taken or is_title_line(lines[j]) or _HEADING_RE.match(lines[j]):
                break
            if _looks_like_first_row(lines[j]):
                first_row = j
                break
        if first_row is None:
            i += 1
            continue
        end = first_row + 1
        while end < n:
            cur = lines[end]
            if end in taken or is_title_line(cur) or _HEADING_RE.match(cur):
                break
            if len(cur.strip()) > 200 and not ROW_START_RE.match(cur):
                break
            end += 1
            if _is_totals_line_with_values(cur):
                break  # a printed totals row closes the table; text after it is prose
        while end > first_row + 1 and not lines[end - 1].strip():
            end -= 1
        regions.append(TableRegion("pdf_text", i, end, header_end=first_row))
        i = end
    return regions


def _is_totals_line_with_values(line: str) -> bool:
    words = line.split()
    if not words or not is_total_label(" ".join(words[:2])):
        return False
    toks = tokens(line.strip())
    return len(toks) > 1 and toks[-1][1]


def _looks_like_first_row(line: str) -> bool:
    m = ROW_START_RE.match(line)
    if not m:
        return False
    rest = m.group("rest").strip()
    toks = tokens(rest)
    return bool(toks) and not toks[0][1]


def build_blocks(lines: list[str], taken: set[int]) -> list[Block]:
    """Group non-table, non-blank lines into blocks; a Markdown heading is always its own block."""
    groups: list[list[int]] = []
    current: list[int] = []
    for idx, line in enumerate(lines):
        if idx in taken or not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        if _HEADING_RE.match(line) or _FOOTNOTE_RE.match(line):
            if current:
                groups.append(current)
            current = [idx]
            if _HEADING_RE.match(line):
                groups.append(current)
                current = []
            continue
        current.append(idx)
    if current:
        groups.append(current)
    blocks: list[Block] = []
    for group in groups:
        raw = "\n".join(lines[k] for k in group)
        blocks.append(_block(len(blocks), raw, group[0] + 1, group[-1] + 1))
    return _link_continuations(blocks)


def _block(index: int, raw: str, start: int, end: int) -> Block:
    text = strip_markup(_HEADING_RE.sub("", raw) if _HEADING_RE.match(raw) else raw)
    refs = tuple(_FOOTNOTE_REF_RE.findall(raw))
    fm = _FOOTNOTE_RE.match(raw)
    if fm:
        marker_text = raw[fm.start() : fm.end()]
        marker = "(" + fm.group(1) + ")" if "(" in marker_text else fm.group(1)
        body = strip_markup(raw[fm.end() :])
        return Block(index, "footnote", body, raw, start, end, marker, refs[1:])
    first = raw.split("\n", 1)[0]
    stripped_first = strip_markup(first)
    if _HEADING_RE.match(raw):
        kind = "heading"
    elif set(collapse(raw)) <= set("-_*= "):
        kind = "separator"
    elif (len(text) <= 300 and (is_mostly_upper(text) or _all_bold(raw))) or (
        len(stripped_first) <= 200 and is_title_line(first)
    ):
        kind = "heading"
    else:
        kind = "paragraph"
    return Block(index, kind, text, raw, start, end, None, refs)


def _all_bold(raw: str) -> bool:
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
    return bool(lines) and all(
        (ln.startswith("**") and ln.rstrip().endswith("**"))
        or (ln.startswith("<b>") and ln.endswith("</b>"))
        for ln in lines
    )


def _link_continuations(blocks: list[Block]) -> list[Block]:
    """A paragraph starting in lower case after an unfinished paragraph continues it.

    Footnotes and page furniture are printed in the middle of sentences; the
    continuation keeps its own lines and points at the paragraph it continues.
    """
    out: list[Block] = []
    last_para: int | None = None
    for b in blocks:
        if b.kind == "paragraph":
            prev = out[last_para] if last_para is not None else None
            if (
                prev is not None
                and b.text[:1].islower()
                and not prev.text.rstrip().endswith(_TERMINAL)
            ):
                b = Block(
                    b.block_index,
                    b.kind,
                    b.text,
                    b.raw_text,
                    b.line_start,
                    b.line_end,
                    b.footnote_marker,
                    b.footnote_refs,
                    prev.block_index,
                )
            last_para = len(out)
        elif b.kind == "heading":
            last_para = None
        out.append(b)
    return out
