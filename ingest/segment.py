"""Lines -> table regions and text blocks, every line keeping its number.

Three table layouts are recognised here: tab-separated rows (DOCX extraction, with
`<b>`/`<i>` tags), Markdown pipe tables, and PDF-extracted text where a header
starting with `Số TT`/`STT` is followed by rows that start with a row code. HTML
tables (tables_html), PDF text with cells 2+ spaces apart (tables_columns) and one
cell a line (tables_cells) find their own regions. All other non-blank lines become
blocks: headings, paragraphs and footnotes.

The module is longer than 400 lines because the region finders of the line-based layouts
(tab, pipe, PDF text with and without row codes) share one pass over the lines and the same
predicates for page furniture, headers and prose; a finder moved out would import them
back. The layouts that find their own regions already live in their table modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.headers import header_similarity
from ingest.model import Block
from ingest.rowcodes import (
    RowCode,
    is_row_header_word,
    is_total_label,
    parse_row_code,
    split_leading_code,
)
from ingest.tables_pdf import (
    LABEL_HEADER_RE,
    ROW_START_RE,
    first_token_is_word,
    is_header_start,
    names_text_columns,
    plausible_next,
    split_values,
    tokens,
    value_then_note,
)
from ingest.tables_tsv import RawRow, is_pipe_separator, make_raw_row, split_pipe_line
from ingest.text import collapse, is_mostly_upper, strip_markup

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_SECTION_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(?:\*\*|\*)?\s*(?=[IVX]+\.\s)")
_FOOTNOTE_RE = re.compile(r"^\s*<sup>\s*\(?(\d{1,3})\)?\s*</sup>")
_FOOTNOTE_REF_RE = re.compile(r"<sup>\s*\(?(\d{1,3})\)?\s*</sup>")
_TITLE_RE = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*)\.\s+\S")
_SEPARATOR_RE = re.compile(r"[-_*=\s]+")  # rules such as "-----" or "* * *"
# Necessary for _TITLE_RE after markup removal: only markup (tags, `*`, `_`, `#`) and blanks
# before the Roman or Arabic numeral, and only digits, dots and markup between it and its
# closing dot. Checked first because most lines (table rows "1,1 …" too) fail it at once.
_TITLE_HINT_RE = re.compile(r"[\s#*_<>/A-Za-z]*?[IVX\d][\dA-Za-z*_<>/.]*?\.")
# is_header_start needs "Số …", "STT" or "TT" first (after blanks, which it strips)
_HEADER_HINT_RE = re.compile(r"\s*(?:Số|STT|TT)")
_TERMINAL = tuple('.:;!?)"”’/')


@dataclass(frozen=True, slots=True)
class TableRegion:
    layout: str  # "tsv" | "pipe" | "pdf_text"
    start: int  # 0-based line index, inclusive
    end: int  # exclusive
    rows: tuple[RawRow, ...] = ()  # tsv / pipe
    header_end: int = 0  # pdf_text: first body line index
    dropped: tuple[int, ...] = ()  # page furniture inside the table (line indexes): no rows
    holes: tuple[int, ...] = ()  # a stray text line inside the table: a block, not a row


def is_title_line(line: str) -> bool:
    if not _TITLE_HINT_RE.match(line):
        return False
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
    n = len(lines)
    # Only lines holding a tab or a pipe can open a region: find them in one pass.
    starts = [
        k for k, line in enumerate(lines) if ("\t" in line or "|" in line) and not line.isspace()
    ]
    i = 0
    for k in starts:
        if k < i:
            continue  # inside the region just read
        i = k
        line = lines[i]
        layout = "tsv" if "\t" in line else ("pipe" if _is_pipe_row(line) else None)
        if layout is None:
            continue
        rows: list[RawRow] = []
        dropped: list[int] = []
        holes: list[int] = []
        j = i
        last_row = i
        while j < n:
            cur = lines[j]
            if not cur or cur.isspace():  # blank, without copying the line
                j += 1
                continue
            if layout == "tsv" and "\t" in cur:
                rows.append(make_raw_row(j + 1, cur.split("\t")))
            elif layout == "pipe" and (_is_pipe_row(cur) or _is_open_pipe_row(cur)):
                if not is_pipe_separator(cur):
                    rows.append(make_raw_row(j + 1, split_pipe_line(cur)))
                elif rows and rows[-1].line == j and not rows[-1].from_heading:
                    # The row right above the alignment row is the Markdown header.
                    rows[-1] = rows[-1]._replace(is_header=True)
            elif _SECTION_HEADING_RE.match(cur):
                nxt = _next_nonblank(lines, j + 1)
                if nxt is None or not _continues(lines[nxt], layout):
                    break
                rows.append(make_raw_row(j + 1, [_HEADING_RE.sub("", cur)], from_heading=True))
            else:
                bridge = _bridge(lines, j, layout, rows)
                if bridge is None:
                    break
                furniture, stray, j = bridge
                dropped += furniture
                holes += stray
                continue
            last_row = j
            j += 1
        regions.append(
            TableRegion(layout, i, last_row + 1, tuple(rows), 0, tuple(dropped), tuple(holes))
        )
        i = last_row + 1
    return regions


# Page furniture: "Trang 3", "Trang 3/5", "- 3 -", "3/5", a lone page number.
PAGE_FURNITURE_RE = re.compile(
    r"^\s*(?:(?:-|–)\s*)?(?:(?:Trang|trang|TRANG|Page)\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?"
    r"\s*(?:(?:-|–)\s*)?$"
)
_MAX_BRIDGED = 3  # non-blank lines between two parts of one table


_WORDED_FURNITURE_RE = re.compile(
    r"^\s*(?:(?:Trang|trang|TRANG|Page)\s*\d{1,3}(?:\s*/\s*\d{1,3})?|(?:-|–)\s*\d{1,3}\s*(?:-|–))\s*$"
)


def is_page_furniture(line: str, worded_only: bool = False) -> bool:
    """A page footer or number. `worded_only`: only "Trang 3", "Trang 3/5", "- 3 -" (in
    PDF text a lone "352" or "18/19" may be a value that drifted onto its own line)."""
    if worded_only:
        return bool(_WORDED_FURNITURE_RE.match(line))
    return bool(PAGE_FURNITURE_RE.match(line)) and any(ch.isdigit() for ch in line)


def _bridge(
    lines: list[str], j: int, layout: str, rows: list[RawRow]
) -> tuple[list[int], list[int], int] | None:
    """Lines j.. interrupt a table: page furniture and at most one stray text line, then
    the table goes on (its header repeated, or rows continuing its numbering)? Returns
    (furniture lines, stray lines, index of the table line that follows) or None.

    A table that ended on a totals row is finished: what follows is another table.
    """
    data = [r for r in rows if not r.from_heading]
    if not data or is_total_label(_label_of(data[-1])):
        return None
    furniture: list[int] = []
    stray: list[int] = []
    k = j
    while k < len(lines):
        cur = lines[k]
        if not cur or cur.isspace():
            k += 1
            continue
        if _continues(cur, layout):
            break
        if _SECTION_HEADING_RE.match(cur):
            return furniture, stray, k  # a section row of the table: the caller judges it
        if ("#" in cur[:4] and _HEADING_RE.match(cur)) or is_title_line(cur):
            return None
        if is_page_furniture(cur):
            furniture.append(k)
        else:
            stray.append(k)
        if len(stray) > 1 or len(furniture) + len(stray) > _MAX_BRIDGED:
            return None
        k += 1
    else:
        return None
    cells = split_pipe_line(lines[k]) if layout == "pipe" else lines[k].split("\t")
    nxt = make_raw_row(k + 1, cells).cells
    first = nxt[0] if nxt else ""
    header = next((r for r in reversed(rows) if r.cells and is_row_header_word(r.cells[0])), None)
    if is_row_header_word(first):
        if header is None or header_similarity(header.cells, nxt) < 0.5:
            return None  # another table's header
    elif first:
        code = _code_of(first)
        if code is None:
            # Rows without numbers (a bullet, or no code column) go on after a page number
            # when the row that follows has the shape of the last one.
            last = data[-1].cells
            prev_first = last[0] if last else ""
            # the last row of that bullet, also before a section row (`II | Huyện …`)
            like = next((r.cells for r in reversed(data) if r.cells[:1] == (first,)), last)
            prev_first = first if like is not last else prev_first
            same_shape = bool(furniture) and not stray and len(nxt) == len(like)
            if not (same_shape and (first == prev_first or _code_of(prev_first) is None)):
                return None
            return furniture, stray, k
        prev_code = None
        for r in reversed(data):  # the last coded row, unless a header came after it
            prev_first = r.cells[0] if r.cells else ""
            if is_row_header_word(prev_first):
                break
            prev_code = _code_of(prev_first) if prev_first else None
            if prev_code:
                break
        in_header = prev_code is None and header is not None
        if not in_header and not plausible_next(
            prev_code.printed if prev_code else None, code.printed
        ):
            return None
    return furniture, stray, k


def _code_of(cell: str) -> RowCode | None:
    code = parse_row_code(cell)
    if code is None:
        split = split_leading_code(cell)
        code = split[0] if split else None
    return code


def _label_of(row: RawRow) -> str:
    """The label of a row without a row code ("" for a coded row: it is never a total)."""
    first = row.cells[0] if row.cells else ""
    if first:
        return "" if parse_row_code(first) or split_leading_code(first) else first
    return row.cells[1] if len(row.cells) > 1 else ""


def _continues(line: str, layout: str) -> bool:
    return ("\t" in line) if layout == "tsv" else _is_pipe_row(line)


def _is_open_pipe_row(line: str) -> bool:
    """A row of a running pipe table without its closing pipe (Markdown allows it; a file
    cut in its last row ends so)."""
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s.startswith("|") and s.endswith("|") and s.count("|") >= 3


def find_pdf_regions(lines: list[str], taken: set[int]) -> list[TableRegion]:
    """Space-separated tables: a `Số TT` header, then rows opening with row codes."""
    regions: list[TableRegion] = []
    n = len(lines)
    # A header starts with "S" ("Số TT", "STT"): find those lines in one pass.
    starts = [
        k for k, line in enumerate(lines) if _HEADER_HINT_RE.match(line) and _opens_header(lines, k)
    ]
    i = 0
    for k in starts:
        if k < i or k in taken:
            continue
        i = k
        first_row = None
        for j in range(i + 1, min(n, i + 60)):
            if (
                j in taken
                or (_TITLE_HINT_RE.match(lines[j]) and is_title_line(lines[j]))
                or _HEADING_RE.match(lines[j])
            ):
                break
            if _looks_like_first_row(lines[j]) or (
                _is_totals_line_with_values(lines[j]) and _rows_go_on(lines, j + 1, taken, None)
            ):
                first_row = j
                break
        if first_row is None:
            i += 1
            continue
        end = first_row + 1
        # The code of the last row line read is needed only after a totals line: the lines
        # that may hold it are listed, and read back from the end when it is needed.
        read: list[int] = [first_row]
        while end < n:
            cur = lines[end]
            if (
                end in taken
                or (_TITLE_HINT_RE.match(cur) and is_title_line(cur))
                or ("#" in cur[:4] and _HEADING_RE.match(cur))
            ):
                break
            if _APPENDIX_TITLE_RE.match(cur):
                break
            if "." in cur and _is_prose_after_blank(lines, end):  # prose ends in "."
                break
            if cur[:1] in "ST " and _opens_header(lines, end):
                other, resume = _header_at(lines, i, first_row, end)
                if other:
                    break  # another table's header
                if resume > end + 1:
                    end = resume  # the same header printed again: the rows go on under it
                    continue
            if len(cur) > 200 and len(cur.strip()) > 200 and not ROW_START_RE.match(cur):
                break
            end += 1
            # is_total_label's own first test, here to save a call on every row line
            if (cur[:1] in "tTcC" or cur[:1].isspace()) and _is_totals_line_with_values(cur):
                # A printed totals row closes the table and text after it is prose, unless
                # rows numbered on from the table's come right after it (totals printed
                # first, a stray line, a label wrapped around it).
                if not _rows_go_on(lines, end, taken, _last_row_code(lines, read)):
                    break
                continue
            read.append(end - 1)
        while end > first_row + 1 and not lines[end - 1].strip():
            end -= 1
        noted = names_text_columns(lines[i:first_row])  # rows may end in a note
        if not any(
            _ends_in_value(lines[j]) or (noted and value_then_note(lines[j]))
            for j in range(first_row, end)
        ):
            i += 1
            continue  # numbered lines without a value: a list, or cells one a line
        regions.append(TableRegion("pdf_text", i, end, header_end=first_row))
        i = end
    return regions


_CODE_LINE_RE = re.compile(r"^(?:[A-ZĐ]|\(\d{1,2}\)|=|[()\d+\-*/x:]+)(?:\s+\S+)*$")


def _is_value_row(line: str) -> bool:
    """`Sở Nội vụ 407 133 192 82`: label words, then two values or more, one space apart."""
    s = line.strip()
    if not s or len(s) > 240 or not s[:1].isalpha() or "\t" in s or "  " in s:
        return False
    if _row_code_of(s) is not None:
        return False  # a row of a table with a code column
    label, values = split_values(s, None)
    return len(values) >= 2 and bool(label) and first_token_is_word(label)


def _is_code_line(line: str) -> bool:
    toks = line.split()
    return (
        len(toks) >= 3
        and any(t.startswith("(") for t in toks)
        and all(_CODE_LINE_RE.fullmatch(t) for t in toks)
    )


def find_uncoded_pdf_regions(lines: list[str], taken: set[int]) -> list[TableRegion]:
    """Space-separated tables without a row-code column: a header opening with the label
    column (`Tên đơn vị`, `Đơn vị`…), then rows of a label and its values, one a line.
    Three value rows among the first four lines after the header are required (prose
    has no run of lines ending in two numbers or more)."""
    regions: list[TableRegion] = []
    n = len(lines)
    starts = [
        k
        for k, line in enumerate(lines)
        # the pattern first: it fails on the first letters of most lines, strip copies them
        if line[:1] not in " \t" and LABEL_HEADER_RE.match(line) and len(line.strip()) <= 40
    ]
    done = -1
    for k in starts:
        if k <= done or k in taken:
            continue
        above = [j for j in range(max(0, k - 3), k) if lines[j].strip()]
        if above and is_header_start(lines[above[-1]]):
            continue  # the label column of a header that opens with `STT`
        first = None
        last_blank = k
        code_line = None
        for j in range(k + 1, min(n, k + 60)):
            cur = lines[j]
            if (
                j in taken
                or (_TITLE_HINT_RE.match(cur) and is_title_line(cur))
                or _HEADING_RE.match(cur)
            ):
                break
            if not cur.strip():
                last_blank = j
                continue
            if _is_code_line(cur):
                code_line = j
                continue
            if _is_value_row(cur):
                first = j
                break
            # A long line is prose, unless the cells of a header row joined (no full stop).
            if len(cur.strip()) > 120 and (len(cur.strip()) > 240 or cur.rstrip()[-1] in ".:;"):
                break
        if first is None:
            continue
        ahead = [j for j in range(first, min(n, first + 8)) if lines[j].strip()][:4]
        if sum(1 for j in ahead if j not in taken and _is_value_row(lines[j])) < 3:
            continue
        header_end = code_line + 1 if code_line is not None else last_blank + 1
        end = first + 1
        blanks = 0
        while end < n and end not in taken:
            cur = lines[end]
            s = cur.strip()
            if not s:
                blanks += 1
                if blanks > 1:
                    break
                end += 1
                continue
            blanks = 0
            if (_TITLE_HINT_RE.match(cur) and is_title_line(cur)) or (
                "#" in cur[:4] and _HEADING_RE.match(cur)
            ):
                break
            if _APPENDIX_TITLE_RE.match(cur):
                break
            if _is_value_row(cur) or is_page_furniture(cur, worded_only=True):
                end += 1
                continue
            if is_page_furniture(cur) and not lines[end - 1].strip() and not _line(lines, end + 1):
                end += 1  # a page number alone between blank lines: the table goes on
                continue
            if LABEL_HEADER_RE.match(s):
                resumed = _header_again(lines, k, header_end, end, taken)
                if resumed is not None:
                    end = resumed  # the header printed again after a page break
                    continue
            # A group row (`UBND cấp huyện`) between value rows.
            nxt = _next_nonblank(lines, end + 1)
            if (
                len(s) <= 70
                and not s.endswith((".", ":", ";"))
                and nxt is not None
                and _is_value_row(lines[nxt])
            ):
                end += 1
                continue
            break
        while end > first + 1 and not lines[end - 1].strip():
            end -= 1
        regions.append(TableRegion("pdf_text", k, end, header_end=header_end))
        done = end - 1
    return regions


def _line(lines: list[str], k: int) -> str:
    return lines[k].strip() if k < len(lines) else ""


def _header_again(
    lines: list[str], start: int, header_end: int, at: int, taken: set[int]
) -> int | None:
    """The first row under the header printed again from line `at` (the table's own
    header, lines start..header_end, misspelt or reordered at most); None if the lines
    from `at` are another table's header."""
    for j in range(at + 1, min(len(lines), at + 60)):
        if (
            j in taken
            or (_TITLE_HINT_RE.match(lines[j]) and is_title_line(lines[j]))
            or _HEADING_RE.match(lines[j])
        ):
            return None
        if _is_value_row(lines[j]):
            own = lines[start:header_end]
            return j if header_similarity(own, lines[at:j]) >= 0.5 else None
    return None


_BULLET_START_RE = re.compile(r"^[-–•+]\s")
# An appendix title (bold or not) or a "(Kèm theo …)" line ends a table's text.
_APPENDIX_TITLE_RE = re.compile(
    r"^\s*(?:(?:\*\*\s*)?(?:PHỤ LỤC|Phụ lục|BIỂU|Biểu\s+(?:số|\d))|\(Kèm theo)"
)


def _is_prose_after_blank(lines: list[str], k: int) -> bool:
    """A sentence after a blank line (`Trên đây là báo cáo …`) is prose after the table,
    not a row or a wrapped label: it opens no row, holds no value and ends in a full stop."""
    s = lines[k].strip()
    if not s.endswith(".") or lines[k - 1].strip() or s.count(" ") < 3:
        return False
    return not ROW_START_RE.match(s) and not _BULLET_START_RE.match(s) and not split_values(s, 1)[1]


def _opens_header(lines: list[str], k: int) -> bool:
    """Does line k open a header? `TT` alone (a common word of PDF text too) only when
    the label column's header comes next."""
    if not is_header_start(lines[k]):
        return False
    if lines[k].strip() != "TT":
        return True
    nxt = _next_nonblank(lines, k + 1)
    return nxt is not None and bool(LABEL_HEADER_RE.match(lines[nxt].strip()))


def _header_at(lines: list[str], start: int, body: int, k: int) -> tuple[bool, int]:
    """(another table's header?, line of the first row after it) for a header start on
    line k: header lines up to a row (three or more without values; a lone `TT` is a
    stray word) that are not the table's own header (lines start..body) printed again
    after a page break. A stray line resumes at k + 1."""
    own = [lines[j] for j in range(start, body)]
    again: list[str] = []
    j = k
    while j < min(len(lines), k + 60):
        if j > k and ROW_START_RE.match(lines[j]):
            break
        again.append(lines[j])
        j += 1
    cells = [t.strip() for t in again if t.strip()]
    if len(cells) < 3 or any(split_values(t, 1)[1] for t in cells):
        return False, k + 1  # a stray header word among rows: header cells hold no values
    if header_similarity(own, again) < 0.5:
        return True, k
    return False, j


def _ends_in_value(line: str) -> bool:
    """A label, then a value (a lone number is a code or a page number)."""
    s = line.strip()
    if not (s[-1:].isdigit() or s.endswith("%")):
        return False
    label, values = split_values(s, 1)
    return bool(label and values)


def _row_code_of(line: str) -> str | None:
    """The code of a line that opens a row (a code and label words, or a code alone)."""
    if not line[:1].strip() and not line.strip()[:1].isalnum():
        return None
    m = ROW_START_RE.match(line)
    if not m or not m.group("code"):
        return None
    rest = m.group("rest").strip()
    return m.group("code") if not rest or first_token_is_word(rest) else None


def _last_row_code(lines: list[str], read: list[int]) -> str | None:
    """The code of the last of the lines `read` that opens a row (the first line of the
    list is the table's first row; None if neither it nor any later one has a code)."""
    for k in reversed(read):
        code = _row_code_of(lines[k])
        if code is not None:
            return code
    return None


def _rows_go_on(lines: list[str], k: int, taken: set[int], last_code: str | None) -> bool:
    """Within the next five non-blank lines from k (none of them a long line of prose), a
    row whose code follows `last_code`."""
    seen = 0
    while k < len(lines) and seen < 5 and k not in taken:
        line = lines[k]
        k += 1
        if not line.strip():
            continue
        seen += 1
        code = _row_code_of(line)
        if code is not None and plausible_next(last_code, code):
            return True
        if len(line.strip()) > 80:
            return False
    return False


def _is_totals_line_with_values(line: str) -> bool:
    # The totals words open the line whatever the spacing: test the line itself.
    if not is_total_label(line):
        return False
    toks = tokens(line.strip())
    return len(toks) > 1 and toks[-1][1]


# "6 THÁNG ĐẦU NĂM 2024", "9 tháng năm 2024": a report period under a title, whose
# leading number reads like a row code.
_PERIOD_LINE_RE = re.compile(
    r"^\s*(?:\*\*|<b>)?\s*\d{1,2}\s+tháng(?:\s+(?:đầu|cuối))?(?:\s+năm)?(?:\s+\d{4})?"
    r"\s*(?:\*\*|</b>)?\s*$",
    re.IGNORECASE,
)


def is_period_line(line: str) -> bool:
    return ("h" in line or "H" in line) and bool(_PERIOD_LINE_RE.match(line))


def _looks_like_first_row(line: str) -> bool:
    m = ROW_START_RE.match(line)
    if not m:
        return False
    return first_token_is_word(m.group("rest").strip()) and not is_period_line(line)


def build_blocks(lines: list[str], tables: list[TableRegion]) -> list[Block]:
    """Group non-table, non-blank lines into blocks; a Markdown heading is always its own block."""
    spans: list[tuple[int, int]] = []  # [start, end) line indexes; a block is a run of lines
    free_from = 0
    for region in sorted(tables, key=lambda r: r.start):  # a table ends any block
        _block_spans(lines, free_from, region.start, spans)
        spans.extend((h, h + 1) for h in region.holes)  # a stray line inside the table
        free_from = max(free_from, region.end)
    _block_spans(lines, free_from, len(lines), spans)
    blocks = [
        _block(index, lines[a] if b == a + 1 else "\n".join(lines[a:b]), a + 1, b)
        for index, (a, b) in enumerate(spans)
    ]
    return _link_continuations(blocks)


def _block_spans(lines: list[str], first: int, stop: int, spans: list[tuple[int, int]]) -> None:
    """Append the blocks of lines[first:stop], a stretch without tables."""
    start: int | None = None
    for idx in range(first, stop):
        line = lines[idx]
        if not line or line.isspace():  # blank, without copying the line
            if start is not None:
                spans.append((start, idx))
                start = None
            continue
        # Both patterns need a literal "#" or "<sup>": test for it before the regex.
        if "#" in line[:4] and _HEADING_RE.match(line):
            if start is not None:
                spans.append((start, idx))
            spans.append((idx, idx + 1))
            start = None
        elif "<sup>" in line and _FOOTNOTE_RE.match(line):
            if start is not None:
                spans.append((start, idx))
            start = idx
        elif start is None:
            start = idx
    if start is not None:
        spans.append((start, stop))


def _block(index: int, raw: str, start: int, end: int) -> Block:
    heading = _HEADING_RE.match(raw) if "#" in raw[:4] else None
    body = raw[heading.end() :] if heading else raw
    # Most paragraphs carry no markup: collapse is all strip_markup would do, and neither a
    # footnote marker nor bold lines are possible (the heading prefix is only "#" and blanks).
    markup = "<" in body or "*" in body or "__" in body
    if markup:
        text = strip_markup(body)
    elif "\n" in body:  # several lines: collapse would split them anyway
        text = " ".join(body.split())
    else:
        text = collapse(body)
    if markup and "<sup>" in raw:
        refs = tuple(_FOOTNOTE_REF_RE.findall(raw))
        fm = _FOOTNOTE_RE.match(raw)
        if fm:
            marker_text = raw[fm.start() : fm.end()]
            marker = "(" + fm.group(1) + ")" if "(" in marker_text else fm.group(1)
            body = strip_markup(raw[fm.end() :])
            return Block(index, "footnote", body, raw, start, end, marker, refs[1:])
    else:
        refs = ()
    if heading:
        kind = "heading"
    elif _SEPARATOR_RE.fullmatch(raw):
        kind = "separator"
    elif (len(text) <= 300 and (is_mostly_upper(text) or (markup and _all_bold(raw)))) or (
        _TITLE_HINT_RE.match(raw) and _is_title_first_line(raw)
    ):
        kind = "heading"
    else:
        kind = "paragraph"
    return Block(index, kind, text, raw, start, end, None, refs)


def _is_title_first_line(raw: str) -> bool:
    if not _TITLE_HINT_RE.match(raw):  # necessary for the first line too; saves the split
        return False
    first = raw.split("\n", 1)[0]
    return is_title_line(first) and len(strip_markup(first)) <= 200


def _all_bold(raw: str) -> bool:
    if not raw.lstrip().startswith(("**", "<b>")):  # the first line decides most blocks
        return False
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
    last_para: Block | None = None
    for b in blocks:
        if b.kind == "paragraph":
            if (
                last_para is not None
                and b.text[:1].islower()
                and not last_para.text.rstrip().endswith(_TERMINAL)
            ):
                b.continues_block_index = last_para.block_index
            last_para = b
        elif b.kind == "heading":
            last_para = None
    return blocks
