"""Report metadata and table captions: numbers, dates, issuer, province, periods.

Matched phrases, quoted as they appear in the reports:
  `Số 3371-BC/BCSD`, `Số: /BC-STTTT` (number left blank), `Thái Nguyên, ngày 15 tháng 3 năm 2024`,
  periods `tháng 10 năm 2023`, `tháng 10/2023`, `Quý I năm 2024`, `quý 1/2024`, `QUÝ III/2024`,
  `6 tháng đầu năm 2024`, `6 tháng cuối năm 2024`, `9 tháng (đầu) năm 2024`, `năm 2023` and
  `từ ngày 01/01/2024 đến ngày 28/02/2024` (these two in the title block only),
  data periods `số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024`, `(Số liệu từ … đến …)`,
  provinces `UBND TỈNH …`, `ỦY BAN NHÂN DÂN TỈNH …`, `UBND TP. HỒ CHÍ MINH`, `TỈNH ỦY …`,
  `trên địa bàn tỉnh …` (names from ingest/provinces.py),
  `(Kèm theo Báo cáo số: 3371-BC/BCSD ngày 15/3/2024 của Ban cán sự đảng UBND tỉnh)`,
  `số liệu từ 01/01/2024 đến 28/02/2024`, `ngày 30/9/2023`.
Not periods: the issued date, `so với cùng kỳ năm 2023`, `định hướng đến năm 2030`, a period
of another document cited in the same clause (`Báo cáo số 12/BC-UBND … quý IV năm 2023`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date

from ingest.model import Block, ParseIssue, ReportMetadata, Table
from ingest.periods import (
    data_period_from_text,
    parse_date,
    period_candidates,
)
from ingest.provinces import (
    MERGER_DATE,
    Edition,
    Province,
    district_province,
    edition_for,
    find_province,
    successor,
)
from ingest.text import collapse, fold

_DOC_NUMBER_RE = re.compile(
    r"^\s*Số\s*:?\s*(?P<num>[^\s,]*(?:\s*/\s*[\w.\-Đđ&]+)+|\d[\w.\-/Đđ&]*)\s*$"
)
_PLACE_DATE_RE = re.compile(
    r"^\s*(?P<place>[^,\n]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
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
    title_k = None  # index in head of the block the title is taken from
    for k, b in enumerate(head):
        key = fold(b.text)
        if key.startswith("bao cao"):
            meta.report_kind = "report"
            rest = b.text[len("BÁO CÁO") :].strip()
            if rest:
                meta.title, title_k = rest, k
            elif k + 1 < len(head):
                meta.title, title_k = head[k + 1].text, k + 1
            break
        if key.startswith("phu luc") and k < 3:
            meta.report_kind = "appendix"
            meta.title, title_k = (head[k + 1].text, k + 1) if k + 1 < len(head) else (b.text, k)
            break
    if meta.title is None:
        issues.append(ParseIssue("title_missing", "warning", "no report title found", None))
    # Period: the title first, then the lines under it, then the opening paragraphs; a year
    # or a date range counts only in the title block, a period cited in prose never.
    header = _header_zone(head, title_k)
    zones = [
        ("title", [meta.title] if meta.title else [], True),
        ("header", [b.text for b in header], True),
        ("body", [b.text for b in blocks[:25] if b.kind != "footnote"], False),
    ]
    for source, texts, broad in zones:
        found = next((c for t in texts for c in period_candidates(t, broad=broad)[:1]), None)
        if found:
            meta.period_label, meta.period_kind, meta.period_start, meta.period_end = found[1]
            meta.period_source = source
            break
    if meta.period_label is None:
        issues.append(ParseIssue("period_missing", "warning", "no report period found", None))
    # The report's own data period: in the title block or the introduction (tables have theirs).
    intro = [
        meta.title or "",
        *(b.text for b in header),
        *(b.text for b in _intro(blocks, title_k)),
    ]
    for t in intro:
        data = data_period_from_text(t)
        if data:
            meta.data_period_as_printed, _, meta.data_period_start, meta.data_period_end = data
            break
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
    _set_province(meta, head, title_k)
    if meta.province is None:
        issues.append(ParseIssue("province_missing", "warning", "no province found", None))
    return meta, issues


_SECTION_RE = re.compile(r"^\s*(?:[IVX]+|\d+)\s*[.)]\s|^\s*(?:PHỤ LỤC|Phụ lục)\b")
_OPENING_RE = re.compile(r"^\s*(?:Kính gửi|Thực hiện|Căn cứ|Phúc đáp|Theo)\b", re.IGNORECASE)


def _header_zone(head: list[Block], title_k: int | None) -> list[Block]:
    """Short lines under the title ("QUÝ I NĂM 2024", "(Số liệu từ … đến …)"), up to 3."""
    out: list[Block] = []
    if title_k is None:
        return out
    for b in head[title_k + 1 : title_k + 4]:
        if len(b.text) > 300 or _OPENING_RE.match(b.text) or _SECTION_RE.match(b.text):
            break
        out.append(b)
    return out


def _intro(blocks: list[Block], title_k: int | None) -> list[Block]:
    """Paragraphs between the title and the first numbered section or appendix."""
    out: list[Block] = []
    for b in blocks[(title_k or 0) + 1 : 25]:
        if _SECTION_RE.match(b.text):
            break
        if b.kind != "footnote":
            out.append(b)
    return out


def _edition(meta: ReportMetadata) -> Edition | None:
    """Which province list applies: by the issued date, else the period's or data's end."""
    day = meta.issued_date or meta.period_end or meta.data_period_end
    if day is None and meta.issued_date_as_printed:  # "ngày tháng năm 2024"
        year = re.search(r"(\d{4})\s*$", meta.issued_date_as_printed)
        if year and int(year.group(1)) != MERGER_DATE.year:
            day = date(int(year.group(1)), 1, 1)
    return edition_for(day)


def _province_in(text: str, edition: Edition | None, prefixed_only: bool) -> Province | None:
    p = find_province(text, edition, prefixed_only=prefixed_only)
    if p is None and edition is not None:  # a name of the other list (renamed, merged)
        p = find_province(text, None, prefixed_only=prefixed_only)
    return p


def _set_province(meta: ReportMetadata, head: list[Block], title_k: int | None) -> None:
    """Province from the issuer block, the place line, the title, then the opening blocks."""
    edition = _edition(meta)
    issuer = "\n".join(
        b.text
        for b in head[: title_k if title_k is not None else 4]
        if not _PLACE_DATE_RE.match(b.text)  # "TP. Hồ Chí Minh, ngày …" is the place
    )
    found: Province | None = None
    for source, text, prefixed_only in (
        ("issuer", issuer, True),
        ("place", meta.place or "", False),
        ("title", meta.title or "", True),
    ):
        found = _province_in(text, edition, prefixed_only) if text else None
        if found is None and source == "place" and text:
            found = district_province(text)  # "Phổ Yên, ngày …": a district town
            if found is not None and edition == "2025":
                found = successor(found)
        if found is not None:
            break
    else:
        for b in head:
            if b.kind != "footnote" and (found := _province_in(b.text, edition, True)):
                source = "body"
                break
    if found is not None:
        meta.province, meta.province_code = found.short_name, found.code
        meta.province_edition, meta.province_source = found.edition, source


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
