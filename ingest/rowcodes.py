"""Row codes in the first column of report tables: `1`, `1.1.`, `5.1.1`, `I`, `1,1`, `a)`, `đ)`.

In a row-code column `1,1` is section 1.1, not the number 1.1, so codes are
recognised here, before any literal parsing, and never reach the number parser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# One pattern, one named group per style, so a cell is matched once.
_CODE_RE = re.compile(
    rf"^(?:(?=[IVX])(?P<roman>{_ROMAN})\.?"
    r"|(?P<dotted>\d{1,3}(?:\.\d{1,3})*)\.?"
    r"|(?P<comma>\d{1,2}),(?P<comma2>\d{1,2})"
    r"|(?P<letter>[a-zđ])\))$"
)
# A code followed by a label in the same cell: "I. Công tác chỉ đạo", "2.1. Số nhiệm vụ".
_LEADING_CODE_RE = re.compile(
    rf"^((?=[IVX])(?:{_ROMAN})\.|\d{{1,3}}(?:\.\d{{1,3}})*\.|[a-zđ]\))\s+(\S.*)$"
)
ROW_HEADER_WORDS = frozenset({"stt", "tt", "số tt", "số thứ tự"})


class RowCode(NamedTuple):
    printed: str
    normalised: str
    style: str  # "roman" | "dotted" | "comma" | "letter" | "bullet"


@lru_cache(maxsize=4096)  # a pure function of a short string; reports reuse a few hundred codes
def parse_row_code(text: str) -> RowCode | None:
    """Recognise a whole cell as a row code, or return None."""
    s = text.strip()
    if not s or len(s) > 16:
        return None
    m = _CODE_RE.match(s)
    if m is None:
        return None
    if m["roman"] is not None:
        return RowCode(s, m["roman"], "roman")
    if m["dotted"] is not None:
        return RowCode(s, m["dotted"], "dotted")
    if m["comma"] is not None:
        return RowCode(s, f"{m['comma']}.{m['comma2']}", "comma")
    return RowCode(s, m["letter"], "letter")


# A bullet in the code column marks a row the report does not number (`-`, `+`).
_BULLETS = frozenset({"-", "+", "–", "•", "*"})


def parse_lead_code(text: str) -> RowCode | None:
    """The code of a row from its code column: a row code, or a bullet (style "bullet").
    Only for a cell known to be in the code column: elsewhere `-` is a placeholder."""
    code = parse_row_code(text)
    if code is None and text.strip() in _BULLETS:
        s = text.strip()
        return RowCode(s, s, "bullet")
    return code


def split_leading_code(text: str) -> tuple[RowCode, str] | None:
    """Split 'I. Công tác chỉ đạo' into (I, 'Công tác chỉ đạo')."""
    m = _LEADING_CODE_RE.match(text.strip())
    if not m:
        return None
    code = parse_row_code(m.group(1))
    return (code, m.group(2)) if code else None


def is_row_header_word(text: str) -> bool:
    return text.strip().lower() in ROW_HEADER_WORDS


# "Tổng", "TỔNG SỐ", "Tổng cộng toàn tỉnh", "Cộng", "Toàn tỉnh" open a totals row.
_TOTAL_RE = re.compile(r"^\s*(?:tổng cộng|tổng số|tổng|cộng|toàn tỉnh)(?:\s|$)", re.IGNORECASE)


def is_total_label(label: str | None) -> bool:
    if not label:
        return False
    # Every totals word starts with t or c: most labels (and row codes) fail here.
    first = label[0]
    if first not in "tTcC" and not first.isspace():  # tổng, cộng, toàn tỉnh
        return False
    return bool(_TOTAL_RE.match(label))


def row_kind(
    code: RowCode | None, label: str | None, section: str | None
) -> tuple[str, str | None]:
    """(row kind, enclosing section) of a row: a totals row has no code and a 'Tổng' label;
    a Roman-numeral code opens a section that the following rows belong to."""
    if code is None and is_total_label(label):
        return "total", section
    if code is not None and code.style == "roman":
        return "section", code.normalised
    return "data", section
