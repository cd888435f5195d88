"""Line predicates of tables copied one cell a line (tables_cells, tables_cells_grid)."""

from __future__ import annotations

import re

from ingest.rowcodes import is_row_header_word, parse_row_code

# Numbers as literals.parse_literal reads them: `.` groups (doubled by a typo: `1..781`),
# `,` decimals, groups split by spaces (`1 526`).
_NUM = r"\d{1,3}(?:(?:\.\.?|,)\d{3})+(?:,\d+)?|\d{1,3}(?: \d{3})+|\d+(?:[.,]\d+)?"
VALUE_LINE_RE = re.compile(
    rf"(?:[+\-−]\s?)?(?:{_NUM})\s?%?(?:/(?:{_NUM}))?|[xX\-–]"
    rf"|(?:Tăng|Giảm)\s+(?:{_NUM})(?:\s+\S+){{0,2}}|Giữ nguyên"
)
FURNITURE_RE = re.compile(
    r"(?:Trang|trang|TRANG|Page)\s*\d{1,3}(?:\s*/\s*\d{1,3})?$|[-–]\s*\d{1,3}\s*[-–]$"
)
MAX_CELL = 90  # a cell line longer than this is prose
# STT, TT, Số TT, Tên đơn vị, Đơn vị, Cơ quan, Chỉ tiêu: a header line starts at the margin
HEADER_INITIALS = frozenset("SsTtĐđCc")


def is_value_line(s: str) -> bool:
    return bool(VALUE_LINE_RE.fullmatch(s))


def is_sep(line: str) -> bool:
    s = line.strip()
    return not s or s == "|"


def is_header_word_line(s: str) -> bool:
    if not s or len(s) > MAX_CELL or "\t" in s or "  " in s or s == "|":
        return False
    if is_value_line(s) or parse_row_code(s):
        return False
    return any(ch.isalpha() for ch in s) and not s.endswith((".", ";", ":"))


def opens_header(s: str) -> bool:
    if len(s) > 40:
        return False
    low = s.lower()
    return is_row_header_word(s) or low.startswith(("đơn vị", "tên đơn vị", "cơ quan", "chỉ tiêu"))
