"""Vietnamese number literals as printed in report tables.

A cell's text is always kept as printed; this module only says what kind of
literal it is and which number it denotes. Vietnamese writes `1.796.058` for
1796058 and `99,63` for 99.63 (the separators come from the CLDR `vi` locale
via Babel, not from a guess), and decorates numbers with words: `Tăng 120.415
hồ sơ` (increase), `Giảm …` (decrease), `Giữ nguyên` (unchanged), `hơn` /
`trên` / `gần` (more than / over / nearly).

Only whole-cell literals are recognised: a sentence that merely contains a
number stays `text`. The parser never raises on any input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from ingest.text import collapse

LOCALE = "vi"
# The CLDR `vi` symbols. Written out rather than asked of Babel at import, which loads
# its locale data in every worker process; tests/test_literals.py checks them against
# Babel's CLDR data, so a change in CLDR fails the tests instead of passing unseen.
GROUP = "."
DECIMAL = ","

# Cells longer than this are prose, not literals; skip the regexes entirely.
MAX_LITERAL_CHARS = 120

KINDS = (
    "empty",
    "integer",
    "decimal",
    "percent",
    "fraction",
    "change",
    "bound",
    "coded_scale",
    "placeholder",
    "malformed",
    "text",
)


class Literal(NamedTuple):
    """What a cell's text denotes. `value` is None unless the text is a number.

    A NamedTuple rather than a frozen dataclass: as immutable, and several times
    cheaper to build, which counts at one literal per table cell.
    """

    kind: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    qualifier: str | None = None  # "tăng", "giảm", "giữ nguyên", "+", "-", "hơn", "trên", "gần"
    unit: str | None = None  # "%", "hồ sơ", "điểm", "TTHC", …
    codes: tuple[tuple[str, int], ...] | None = None  # coded_scale: ("Chưa", 0), …
    issue: str | None = None  # set when the literal is malformed but its intent is clear


G = re.escape(GROUP)
D = re.escape(DECIMAL)
# A number in vi notation: grouped integer part (or plain digits) and an optional decimal part.
_NUM = rf"(?:\d{{1,3}}(?:{G}\d{{3}})+|\d+)(?:{D}\d+)?"
_NUM_RE = re.compile(rf"^{_NUM}$")
_PLAIN_INT_RE = re.compile(r"^\d+$")
_SIGNED_RE = re.compile(rf"^([+\-−–])\s*({_NUM})\s*(%?)$")
_PERCENT_RE = re.compile(rf"^({_NUM})\s*%$")
_FRACTION_RE = re.compile(rf"^({_NUM})\s*/\s*({_NUM})$")
# Words the reports put around numbers. Matched accent- and case-insensitively on NFC text.
_CHANGE_RE = re.compile(
    rf"^(tăng|giảm)\s+({_NUM})\s*(%|[^\d\s].{{0,30}})?$",
    re.IGNORECASE,
)
_BOUND_RE = re.compile(
    rf"^(hơn|trên|gần|dưới|khoảng|tối thiểu|tối đa)\s+({_NUM})\s*(%|[^\d\s].{{0,30}})?$",
    re.IGNORECASE,
)
_UNCHANGED_RE = re.compile(r"^giữ\s+nguyên$", re.IGNORECASE)
_CODED_PAIR_RE = re.compile(r"\s*([^=;]+?)\s*=\s*(\d+)\s*;?")
_CODED_FULL_RE = re.compile(r"^(?:\s*[^=;]+?\s*=\s*\d+\s*;?)+$")
_PLACEHOLDERS = frozenset({"-", "–", "—", "x", "X", "...", "…", "_", "--"})
# Malformed but clear: a doubled group separator (`1..995`), or a decimal point where
# the digits after it cannot be a thousands group (`99.5`).
_DOUBLE_GROUP_RE = re.compile(rf"^\d{{1,3}}(?:{G}{{1,2}}\d{{3}})+(?:{D}\d+)?$")
_POINT_DECIMAL_RE = re.compile(rf"^\d+{G}\d{{1,2}}$")
# Thousands grouped by spaces (`16 348`, `1 234 567`), as some templates and PDF converters
# print them: every group after the first has exactly three digits, so `2024 2025` or
# `12 3` (two values run together) stay unreadable.
_SPACE_GROUP_RE = re.compile(rf"^\d{{1,3}}(?: \d{{3}})+(?:{D}\d+)?$")
# Thousands grouped by commas the English way (`1,234,567`): two commas cannot be a vi decimal.
# A single `1,359` can, and only its column tells (ingest.cell_values).
_COMMA_GROUPS_RE = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")

# Every `Literal.issue`; the dbt models' accepted values of `value_issue` (tests/test_literals.py).
VALUE_ISSUES = (
    "doubled_group_separator",
    "decimal_point_instead_of_comma",
    "space_group_separator",
    "comma_group_separator",
    "unreadable_number",
)

EMPTY = Literal("empty")
TEXT = Literal("text")


def to_number(text: str) -> float:
    """Convert a validated vi-notation number (`1.796.058`, `99,63`, `01`) to a float."""
    normalised = text.replace(GROUP, "").replace(DECIMAL, ".")
    # float() of a decimal string is correctly rounded, as float(Decimal(...)) is, and
    # faster; the digits-only check keeps out what float() alone would also accept
    # ("inf", "1e5", "1_000").
    if not normalised.replace(".", "", 1).isdecimal():
        raise ValueError(f"not a vi number: {text!r}")
    return float(normalised)


def _number(text: str) -> float | None:
    return to_number(text) if _NUM_RE.match(text) else None


def _unit(raw: str | None) -> str | None:
    if raw is None:
        return None
    unit = raw.strip()
    return unit or None


# Cells up to this length are memoised: `0`, `-`, `Giữ nguyên`, `100%` and small counts
# recur in every table, and a short key bounds the memo's size.
_MEMO_CHARS = 40


def parse_literal(text: str | None) -> Literal:
    """Classify a cell's text and read the number it denotes. Never raises."""
    if text is not None and len(text) <= _MEMO_CHARS:
        return _parse_short(text)
    return parse_literal_plain(text)


def parse_literal_plain(text: str | None) -> Literal:
    """parse_literal without the memo (Literal is immutable, so the two are equal)."""
    if text is None:
        return EMPTY
    s = collapse(text)
    if not s:
        return EMPTY
    if len(s) > MAX_LITERAL_CHARS:
        return TEXT
    # Fast path: most cells are plain integers.
    if _PLAIN_INT_RE.match(s):
        return Literal("integer", float(int(s)))
    if s in _PLACEHOLDERS:
        return Literal("placeholder")
    if not s.isascii():  # ASCII text is already NFC
        s = unicodedata.normalize("NFC", s)
    first = s[0]
    if first.isdigit():
        return _parse_digit_led(s)
    if first in "+-−–":
        m = _SIGNED_RE.match(s)
        if m:
            sign = -1.0 if m.group(1) != "+" else 1.0
            qualifier = "+" if sign > 0 else "-"
            return Literal(
                "change",
                sign * to_number(m.group(2)),
                qualifier=qualifier,
                unit="%" if m.group(3) else None,
            )
        return TEXT
    lowered = s.lower()
    if lowered.startswith(("tăng", "giảm")):
        m = _CHANGE_RE.match(s)
        if m:
            word = m.group(1).lower()
            sign = 1.0 if word == "tăng" else -1.0
            return Literal(
                "change", sign * to_number(m.group(2)), qualifier=word, unit=_unit(m.group(3))
            )
        return TEXT
    if _UNCHANGED_RE.match(s):
        return Literal("change", 0.0, qualifier="giữ nguyên")
    m = _BOUND_RE.match(s)
    if m:
        return Literal(
            "bound", to_number(m.group(2)), qualifier=m.group(1).lower(), unit=_unit(m.group(3))
        )
    if "=" in s and _CODED_FULL_RE.match(s):
        pairs = tuple(
            (label.strip(), int(code)) for label, code in _CODED_PAIR_RE.findall(s) if label.strip()
        )
        if pairs:
            return Literal("coded_scale", codes=pairs)
    return TEXT


@lru_cache(maxsize=8192)
def _parse_short(text: str) -> Literal:
    return parse_literal_plain(text)


def _parse_digit_led(s: str) -> Literal:
    value = _number(s)
    if value is not None:
        kind = "decimal" if DECIMAL in s else "integer"
        return Literal(kind, value)
    m = _PERCENT_RE.match(s)
    if m:
        return Literal("percent", to_number(m.group(1)), unit="%")
    m = _FRACTION_RE.match(s)
    if m:
        num, den = to_number(m.group(1)), to_number(m.group(2))
        return Literal("fraction", num, numerator=num, denominator=den)
    if _DOUBLE_GROUP_RE.match(s):
        fixed = re.sub(rf"{G}{G}", GROUP, s)
        kind = "decimal" if DECIMAL in s else "integer"
        return Literal(kind, to_number(fixed), issue="doubled_group_separator")
    if _POINT_DECIMAL_RE.match(s):
        return Literal("decimal", float(s), issue="decimal_point_instead_of_comma")
    if _SPACE_GROUP_RE.match(s):
        kind = "decimal" if DECIMAL in s else "integer"
        return Literal(kind, to_number(s.replace(" ", GROUP)), issue="space_group_separator")
    if _COMMA_GROUPS_RE.match(s):
        return Literal("integer", float(s.replace(DECIMAL, "")), issue="comma_group_separator")
    if re.match(r"^[\d.,\s]+$", s):
        return Literal("malformed", issue="unreadable_number")
    return TEXT


def format_vi_number(value: float | int, decimals: int = 0) -> str:
    """Format a number the way the reports print it (for tests and the corpus generator)."""
    if decimals == 0:
        digits = f"{round(value):,}".replace(",", GROUP)
        return digits
    whole = f"{abs(value):,.{decimals}f}"
    int_part, frac = whole.split(".")
    sign = "-" if value < 0 else ""
    return f"{sign}{int_part.replace(',', GROUP)}{DECIMAL}{frac}"
