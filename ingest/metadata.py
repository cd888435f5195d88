"""Report metadata and table captions: numbers, dates, issuer, province, periods.

Matched phrases, quoted as they appear in the reports:
  `Số 3371-BC/BCSD`, `Số: /BC-STTTT` (number left blank), `Thái Nguyên, ngày 15 tháng 3 năm 2024`,
  `Quý I năm 2024`, `quý III năm 2024`, `tháng 10 năm 2023`, `9 tháng đầu năm 2024`,
  `(Kèm theo Báo cáo số: 3371-BC/BCSD ngày 15/3/2024 của Ban cán sự đảng UBND tỉnh)`,
  `số liệu từ 01/01/2024 đến 28/02/2024`, `ngày 30/9/2023`.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from datetime import date

from ingest.model import Block, ParseIssue, ReportMetadata, Table
from ingest.text import collapse, fold

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình",
    "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn",
    "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
_PROVINCE_KEYS = {fold(p): p for p in PROVINCES}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DOC_NUMBER_RE = re.compile(
    r"^\s*Số\s*:?\s*(?P<num>[^\s,]*(?:\s*/\s*[\w.\-Đđ&]+)+|\d[\w.\-/Đđ&]*)\s*$"
)
_PLACE_DATE_RE = re.compile(
    r"^\s*(?P<place>[^,\n]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_QUARTER_RE = re.compile(r"\b(quý)\s+(IV|III|II|I)\s*(?:năm\s+|/\s*)(\d{4})", re.IGNORECASE)
_NMONTH_RE = re.compile(r"\b(\d{1,2})\s+tháng\s+đầu\s+năm\s+(\d{4})", re.IGNORECASE)
_FULL_DATE_RE = re.compile(r"ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}", re.IGNORECASE)
_PERIOD_HINT_RE = re.compile(r"quý|tháng", re.IGNORECASE)  # every period phrase has one
_MONTH_RE = re.compile(r"\btháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_CITATION_RE = re.compile(
    r"\(\s*(?:Ban hành\s+)?kèm theo\s+(?P<type>Báo cáo|Công văn|Kế hoạch|Quyết định|Tờ trình)\s+số\s*:?\s*"
    r"(?P<num>[^()]*?)\s+ngày\s+(?P<date>[\d\s/]*?\d{4}|[\s/]*\d{4}|[\s/]+)\s*(?:của\s+(?P<issuer>[^()]+))?\)",
    re.IGNORECASE,
)
_DATA_PERIOD_RE = re.compile(
    r"số liệu từ\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})\s+đến\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_SNAPSHOT_RE = re.compile(r"ngày\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"\b(PHỤ LỤC|Phụ lục|BIỂU|Biểu)\s*(?:số\s*)?([IVX]+|\d+)?\b")
_ISSUER_CODES = {
    "STTTT": "Sở Thông tin và Truyền thông",
    "SNV": "Sở Nội vụ",
    "UBND": "UBND tỉnh",
    "BCSD": "Ban cán sự đảng UBND tỉnh",
}


def parse_date(text: str) -> date | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def period_from_text(text: str) -> tuple[str, str, date, date] | None:
    """(label as printed, kind, start, end) for the first period phrase in text."""
    if not _PERIOD_HINT_RE.search(text):
        return None
    # "ngày 15 tháng 3 năm 2024" is a date, not the period "tháng 3 năm 2024".
    text = _FULL_DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    candidates = []
    for m in _QUARTER_RE.finditer(text):
        q, y = _ROMAN[m.group(2).upper()], int(m.group(3))
        start = date(y, 3 * q - 2, 1)
        end = date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        candidates.append((m.start(), m.group(0), "quarter", start, end))
    for m in _NMONTH_RE.finditer(text):
        n, y = int(m.group(1)), int(m.group(2))
        if 1 <= n <= 12:
            kind = "half_year" if n == 6 else ("nine_months" if n == 9 else f"{n}_months")
            end = date(y, n, calendar.monthrange(y, n)[1])
            candidates.append((m.start(), m.group(0), kind, date(y, 1, 1), end))
    for m in _MONTH_RE.finditer(text):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and not text[max(0, m.start() - 6) : m.start()].strip().endswith("đầu"):
            end = date(y, mo, calendar.monthrange(y, mo)[1])
            candidates.append((m.start(), m.group(0), "month", date(y, mo, 1), end))
    if not candidates:
        return None
    _, label, kind, start, end = min(candidates, key=lambda c: c[0])
    return collapse(label), kind, start, end


def find_province(text: str) -> str | None:
    key = fold(text)
    best = None
    for pk, name in _PROVINCE_KEYS.items():
        pos = key.find(pk)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    return best[1] if best else None


def parse_citation(text: str) -> dict[str, object] | None:
    m = _CITATION_RE.search(text) if "(" in text else None
    if not m:
        return None
    num = collapse(m.group("num")).replace(" /", "/").replace("/ ", "/")
    return {
        "type": m.group("type"),
        "number": num if re.search(r"\d", num.split("/")[0]) else None,
        "number_as_printed": num,
        "date": parse_date(m.group("date")),
        "issuer": collapse(m.group("issuer")) if m.group("issuer") else None,
        "text": collapse(m.group(0)),
    }


def report_metadata(
    lines: list[str], blocks: list[Block]
) -> tuple[ReportMetadata, list[ParseIssue]]:
    meta = ReportMetadata()
    issues: list[ParseIssue] = []
    head = blocks[:12]
    for b in head:
        m = _DOC_NUMBER_RE.match(b.text)
        if m and meta.doc_number_as_printed is None:
            printed = collapse(m.group("num"))
            meta.doc_number_as_printed = printed
            if re.match(r"^\d", printed):
                meta.doc_number, meta.doc_number_source = printed, "header"
            else:
                issues.append(
                    ParseIssue(
                        "doc_number_blank",
                        "warning",
                        f"document number left blank: 'Số: {printed}'",
                        b.line_start,
                    )
                )
        m = _PLACE_DATE_RE.match(b.text)
        if m and meta.place is None:
            meta.place = collapse(m.group("place"))
            meta.issued_date_as_printed = collapse(b.text)
            if m.group("d") and m.group("m"):
                try:
                    meta.issued_date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    issues.append(
                        ParseIssue(
                            "issued_date_invalid",
                            "warning",
                            f"issued date is not a date: {b.text!r}",
                            b.line_start,
                        )
                    )
            else:
                issues.append(
                    ParseIssue(
                        "issued_date_blank",
                        "warning",
                        f"issued date left blank: {b.text!r}",
                        b.line_start,
                    )
                )
    # Title: the block after "BÁO CÁO", or the heading after "PHỤ LỤC" for an appendix.
    for k, b in enumerate(head):
        key = fold(b.text)
        if key.startswith("bao cao"):
            meta.report_kind = "report"
            rest = b.text[len("BÁO CÁO") :].strip()
            if rest:
                meta.title = rest
            elif k + 1 < len(head):
                meta.title = head[k + 1].text
            break
        if key.startswith("phu luc") and k < 3:
            meta.report_kind = "appendix"
            meta.title = head[k + 1].text if k + 1 < len(head) else b.text
            break
    if meta.title is None:
        issues.append(ParseIssue("title_missing", "warning", "no report title found", None))
    # Period: from the title first, then the opening paragraphs.
    texts = [meta.title or ""] + [b.text for b in blocks[:25] if b.kind != "footnote"]
    for t in texts:
        found = period_from_text(t)
        if found:
            meta.period_label, meta.period_kind, meta.period_start, meta.period_end = found
            break
    if meta.period_label is None:
        issues.append(ParseIssue("period_missing", "warning", "no report period found", None))
    # Province: the place line, else the title.
    for t in (meta.place or "", meta.title or "", *[b.text for b in head]):
        prov = find_province(t)
        if prov:
            meta.province = prov
            break
    if meta.province is None:
        issues.append(ParseIssue("province_missing", "warning", "no province found", None))
    # Citations: an appendix names its parent; a report's own appendix may name the report.
    citations = [(b, parse_citation(b.text)) for b in blocks]
    citations = [(b, c) for b, c in citations if c]
    if meta.report_kind == "appendix" and citations:
        c = citations[0][1]
        meta.parent_doc_type = c["type"]  # type: ignore[assignment]
        meta.parent_doc_number = c["number"]  # type: ignore[assignment]
        meta.parent_issued_date = c["date"]  # type: ignore[assignment]
        meta.parent_issuer = c["issuer"]  # type: ignore[assignment]
        meta.issuer = meta.parent_issuer
    else:
        own = [c for _, c in citations if c["type"] == "Báo cáo"]
        if own:
            c = own[-1]
            meta.issuer = c["issuer"]  # type: ignore[assignment]
            if meta.doc_number is None and c["number"] and meta.doc_number_as_printed is None:
                meta.doc_number, meta.doc_number_source = c["number"], "appendix_citation"  # type: ignore[assignment]
                meta.doc_number_as_printed = c["number_as_printed"]  # type: ignore[assignment]
                issues.append(
                    ParseIssue(
                        "metadata_from_appendix",
                        "info",
                        f"document number and date taken from the appendix: {c['text']}",
                        None,
                    )
                )
                if meta.issued_date is None and c["date"]:
                    meta.issued_date = c["date"]  # type: ignore[assignment]
    if meta.issuer is None and meta.doc_number_as_printed:
        code = meta.doc_number_as_printed.rsplit("-", 1)[-1].rsplit("/", 1)[-1]
        meta.issuer = _ISSUER_CODES.get(code.upper())
    if meta.report_kind is None:
        meta.report_kind = "report"
    return meta, issues


def annotate_tables(tables: list[Table], blocks: list[Block]) -> None:
    """Caption, appendix label, parent citation, data period and snapshot dates of each table."""
    label = citation = None
    prev_end = 0
    ends = [b.line_end for b in blocks]  # blocks come in line order
    for t in tables:
        before = blocks[bisect_right(ends, prev_end) : bisect_left(ends, t.line_start)]
        caption_blocks: list[Block] = []
        for b in reversed(before):
            if not caption_blocks:
                if t.line_start - b.line_end > 8:
                    break
                caption_blocks.insert(0, b)
            elif b.kind == "heading" or (_APPENDIX_RE.search(b.text) and len(b.text) < 300):
                caption_blocks.insert(0, b)
            else:
                break
            if re.search(r"\bPHỤ LỤC\b|\bPhụ lục\b", b.text):
                break
        caption = " ".join(b.text for b in caption_blocks) or None
        if caption:
            m = re.search(r"(PHỤ LỤC|Phụ lục)\s*:?\s*([IVX]+|\d+)?", caption)
            if m:
                label = collapse(m.group(0)).rstrip(":").strip()
            c = parse_citation(caption)
            if c:
                citation = c["text"]
        t.caption = caption
        t.appendix_label = label
        t.parent_citation = citation
        period = _DATA_PERIOD_RE.search(caption or "")
        if period:
            t.data_period_as_printed = collapse(period.group(0))
            t.data_period_start = parse_date(period.group(1))
            t.data_period_end = parse_date(period.group(2))
        dates = set()
        for col in t.columns:
            for part in col.header_path:
                if "/" not in part:  # a snapshot date is written d/m/yyyy
                    continue
                for m in _SNAPSHOT_RE.finditer(part):
                    d = parse_date(m.group(1))
                    if d:
                        dates.add(d)
        t.snapshot_dates = tuple(sorted(dates))
        prev_end = t.line_end
