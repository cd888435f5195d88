"""Period phrases of Vietnamese reports -> (label as printed, kind, start, end).

Matched phrases, quoted as they appear in the reports: `tháng 10 năm 2023`, `tháng 10/2023`,
`Quý I năm 2024`, `quý 1/2024`, `QUÝ III/2024`, `6 tháng đầu năm 2024`, `6 tháng cuối năm
2024`, `9 tháng (đầu) năm 2024`, `năm 2023`, `từ ngày 01/01/2024 đến ngày 28/02/2024`, and
data periods `số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024`. Not periods: a full date
(`ngày 15 tháng 3 năm 2024`), `so với cùng kỳ năm 2023`, `định hướng đến năm 2030`, a period
of another document cited in the same clause. Which phrase is the report's own period, and
where it is looked for, is `ingest.metadata`'s business.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ingest.text import collapse

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


# Period phrases, matched on the NFC text with or without tone marks, in any case.
_QUY, _THANG, _NAM, _NGAY = r"qu[ýyíi]", r"th[áa]ng", r"n[ăa]m", r"ng[àa]y"
_TU, _DEN, _TOI = r"t[ừưu]", r"[đd][ếêe]n", r"t[ớơo]i"
_DATE = r"\d{1,2}[/.]\d{1,2}[/.]\d{4}"
# "ngày 15 tháng 3 năm 2024" (the issued date) is a date, not the period "tháng 3 năm 2024".
_FULL_DATE_RE = re.compile(
    rf"\b{_NGAY}\s*\d{{0,2}}\s*{_THANG}\s*\d{{0,2}}\s*(?:{_NAM}\s*|[/.\-]\s*)\d{{4}}", re.I
)
_QUARTER_RE = re.compile(
    rf"\b{_QUY}\s+(IV|III|II|I|[1-4])(?!\w)\s*(?:{_NAM}\s+|[/\-–]\s*)(\d{{4}})\b", re.I
)
_MONTH_RE = re.compile(rf"\b{_THANG}\s+(\d{{1,2}})\s*(?:{_NAM}\s+|[/\-]\s*)(\d{{4}})\b", re.I)
_NMONTH_RE = re.compile(
    rf"\b(\d{{1,2}}|s[áa]u|ch[íi]n)\s+{_THANG}\s+(?:([đd][ầâa]u|cu[ốôo]i)\s+)?{_NAM}\s+(\d{{4}})\b",
    re.I,
)
_YEAR_RE = re.compile(rf"\b{_NAM}\s+(\d{{4}})\b(?!\s*[-–/]\s*\d)", re.I)
_RANGE_RE = re.compile(
    rf"(?:\b({_TU})\s+)?(?:{_NGAY}\s+)?({_DATE})\s*(?:{_DEN}|{_TOI}|[-–])\s*"
    rf"(?:h[ếêe]t\s+)?(?:{_NGAY}\s+)?({_DATE})",
    re.I,
)
_PERIOD_HINT_RE = re.compile(rf"{_QUY}|{_THANG}|{_NAM}|\d/\d{{4}}", re.I)
_SPECIFIC_HINT_RE = re.compile(rf"{_QUY}|{_THANG}", re.I)  # quarter, month, n months
# What a period phrase cited from elsewhere follows in its clause: another document's number
# ("Báo cáo số 12/BC-UBND ngày … về kết quả quý IV năm 2023"), a comparison ("so với cùng kỳ").
_CITED_RE = re.compile(
    r"\bs[ốôo]\s*:?\s*\d+[^\s/]*/|\bso\s+v[ớơo]i\b|\bc[ùu]ng\s+k[ỳy]\b|\bk[ỳy]\s+tr[ướưo]+c\b",
    re.I,
)
_DATA_CUE_RE = re.compile(r"\bs[ốôo]\s+li[ệêe]u\b", re.I)
# "đến năm 2030", "tầm nhìn năm 2030", "cùng kỳ năm 2023": a year that is not the period.
_NOT_PERIOD_YEAR_RE = re.compile(
    r"(?:\b[đd][ếêe]n|\bt[ớơo]i|\bk[ỳy]|\bv[ớơo]i|\bt[ừưu]|\btr[ướưo]+c|\bsau|\bh[ướưo]+ng"
    r"|\bnh[ìi]n|\bgiai\s+[đd]o[ạa]n)\s*$",
    re.I,
)
_CLAUSE_BREAK_RE = re.compile(r"[,;:!?()\n]|\.(?!\d)")
_SPELLED = {"sau": 6, "sáu": 6, "chin": 9, "chín": 9}

Period = tuple[str, str, date, date]  # label as printed, kind, start, end


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _clause_before(text: str, pos: int) -> str:
    """The text from the last clause break before pos up to pos."""
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(text, 0, pos):
        start = m.end()
    return text[start:pos]


def _ranges(text: str) -> tuple[list[tuple[int, Period]], list[tuple[int, Period]]]:
    """(nominal "từ ngày … đến ngày …" ranges, data periods "số liệu … từ … đến …")."""
    nominal, data = [], []
    for m in _RANGE_RE.finditer(text):
        start, end = (
            parse_date(m.group(2).replace(".", "/")),
            parse_date(m.group(3).replace(".", "/")),
        )
        if start is None or end is None or end < start:
            continue
        clause = _clause_before(text, m.start())
        cue = _DATA_CUE_RE.search(clause)
        if cue:
            printed = collapse(clause[cue.start() :] + m.group(0))
            data.append((m.start(), (printed, "date_range", start, end)))
        elif m.group(1):
            nominal.append((m.start(), (collapse(m.group(0)), "date_range", start, end)))
    return nominal, data


def period_candidates(
    text: str, *, broad: bool, allow_cited: bool = False
) -> list[tuple[int, Period]]:
    """Period phrases in text by position; `broad` adds years and date ranges (title zone)."""
    if not (_PERIOD_HINT_RE if broad else _SPECIFIC_HINT_RE).search(text):
        return []
    text = _FULL_DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, int, Period]] = []
    for m in _QUARTER_RE.finditer(text):
        roman = m.group(1).upper()
        q, y = (_ROMAN[roman] if roman in _ROMAN else int(roman)), int(m.group(2))
        found.append(
            (
                m.start(),
                m.end(),
                (m.group(0), "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q)),
            )
        )
    for m in _NMONTH_RE.finditer(text):
        word = m.group(1).lower()
        n = _SPELLED[word] if word in _SPELLED else int(word)
        y, last = int(m.group(3)), bool(m.group(2)) and m.group(2).lower().startswith("cu")
        if 1 <= n <= 12:
            kind = (
                "half_year" if n == 6 else ("nine_months" if n == 9 and not last else f"{n}_months")
            )
            start, end = (
                (date(y, 13 - n, 1), _month_end(y, 12))
                if last
                else (date(y, 1, 1), _month_end(y, n))
            )
            found.append((m.start(), m.end(), (m.group(0), kind, start, end)))
    for m in _MONTH_RE.finditer(text):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            found.append(
                (m.start(), m.end(), (m.group(0), "month", date(y, mo, 1), _month_end(y, mo)))
            )
    if broad:
        for m in _YEAR_RE.finditer(text):
            if _NOT_PERIOD_YEAR_RE.search(text, max(0, m.start() - 20), m.start()):
                continue
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue  # the "năm 2024" of "quý I năm 2024"
            y = int(m.group(1))
            found.append((m.start(), m.end(), (m.group(0), "year", date(y, 1, 1), date(y, 12, 31))))
        for pos, period in _ranges(text)[0]:
            found.append((pos, pos, period))
    out = []
    for pos, _, (label, kind, start, end) in found:
        if not allow_cited and _CITED_RE.search(_clause_before(text, pos)):
            continue
        out.append((pos, (collapse(label), kind, start, end)))
    out.sort(key=lambda c: c[0])
    return out


def period_from_text(text: str) -> Period | None:
    """(label as printed, kind, start, end) for the first period phrase in text.

    Kinds: month, quarter, half_year, nine_months (other "n tháng": "n_months"), year,
    date_range. A phrase cited from another document or a comparison does not count.
    """
    found = period_candidates(text, broad=True)
    return found[0][1] if found else None


def data_period_from_text(text: str) -> Period | None:
    """The first data period ("số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024")."""
    if not _DATA_CUE_RE.search(text):
        return None
    data = _ranges(text)[1]
    return data[0][1] if data else None
