"""Report metadata and table captions: numbers, dates, issuer, province, periods.

Matched phrases, quoted as they appear in the reports:
  `Số 3371-BC/BCSD`, `Số: /BC-STTTT` (number left blank), `Thái Nguyên, ngày 15 tháng 3 năm 2024`,
  periods `tháng 10 năm 2023`, `tháng 10/2023`, `Quý I năm 2024`, `quý 1/2024`, `QUÝ III/2024`,
  `6 tháng đầu năm 2024`, `6 tháng cuối năm 2024`, `9 tháng (đầu) năm 2024`, `năm 2023` and
  `từ ngày 01/01/2024 đến ngày 28/02/2024` (these two in the title block only),
  data periods `số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024`, `(Số liệu từ … đến …)`,
  provinces `UBND TỈNH …`, `ỦY BAN NHÂN DÂN TỈNH …`, `UBND TP. HỒ CHÍ MINH`, `TỈNH ỦY …`,
  `trên địa bàn tỉnh …` (names from ingest/provinces.py; which parts of a report may give
  its province, and a letterhead flattened into `|`-separated lines: ingest/letterhead.py),
  `(Kèm theo Báo cáo số: 3371-BC/BCSD ngày 15/3/2024 của Ban cán sự đảng UBND tỉnh)`,
  `số liệu từ 01/01/2024 đến 28/02/2024`, `ngày 30/9/2023`.
Not periods: the issued date, `so với cùng kỳ năm 2023`, `định hướng đến năm 2030`, a period
of another document cited in the same clause (`Báo cáo số 12/BC-UBND … quý IV năm 2023`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date

from ingest.letterhead import (
    DOC_NUMBER_RE,
    OPENING_RE,
    PLACE_DATE_RE,
    SECTION_RE,
    SEPARATOR_RE,
    find_title,
    is_heading_like,
    letterhead_pieces,
    set_province,
)
from ingest.model import Block, ParseIssue, ReportMetadata, Table
from ingest.periods import (
    data_period_from_text,
    parse_date,
    period_candidates,
)
from ingest.text import collapse, is_mostly_upper, strip_markup

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
    kept = [b for b in blocks if not SEPARATOR_RE.match(b.text)]
    head = [piece for b in kept[:12] for piece in letterhead_pieces(b)]
    later = kept[12:25]  # with head, the opening blocks where a period may be stated
    for b in head:
        m = DOC_NUMBER_RE.match(b.text)
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
        m = PLACE_DATE_RE.match(b.text)
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
    # Title: the block after "BÁO CÁO", or the heading after "PHỤ LỤC" for an appendix. The
    # document type is printed in capitals; "Báo cáo 47/BC-UBND …" in sentence case is a web
    # page's own title or prose, taken only when no capital "BÁO CÁO" is found.
    title_k = find_title(meta, head, upper_only=True)
    if title_k is None:
        title_k = find_title(meta, head, upper_only=False)
    no_letterhead = meta.doc_number_as_printed is None and meta.place is None
    if title_k is None and no_letterhead and head and is_heading_like(head[0]):
        meta.title, title_k = head[0].text, 0  # a page's first line: a notice, a ranking
    if meta.title is None:
        issues.append(ParseIssue("title_missing", "warning", "no report title found", None))
    # Period: the title first, then the lines under it, then the opening paragraphs; a year
    # or a date range counts only in the title block, a period cited in prose never.
    header = _header_zone(head, title_k)
    zones = [
        ("title", [meta.title] if meta.title else [], True),
        ("header", [b.text for b in header], True),
        ("body", [b.text for b in head + later if b.kind != "footnote"], False),
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
        *(b.text for b in _intro(head + later, title_k)),
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
    set_province(meta, head, title_k)
    if meta.province is None:
        issues.append(ParseIssue("province_missing", "warning", "no province found", None))
    return meta, issues


def _header_zone(head: list[Block], title_k: int | None) -> list[Block]:
    """Short lines under the title ("QUÝ I NĂM 2024", "(Số liệu từ … đến …)"), up to 3."""
    out: list[Block] = []
    if title_k is None:
        return out
    for b in head[title_k + 1 : title_k + 4]:
        if len(b.text) > 300 or OPENING_RE.match(b.text) or SECTION_RE.match(b.text):
            break
        out.append(b)
    return out


def _intro(blocks: list[Block], title_k: int | None) -> list[Block]:
    """Paragraphs between the title and the first numbered section or appendix."""
    out: list[Block] = []
    for b in blocks[(title_k or 0) + 1 :]:
        if SECTION_RE.match(b.text):
            break
        if b.kind != "footnote":
            out.append(b)
    return out


# A sentence: at least this many words, ending with a full stop.
_SENTENCE_WORDS = 8


def _caption_text(block: Block) -> str:
    """A block's text as a caption. A capitalised heading printed right under a sentence (no
    blank line between, as pages copied from the web often have it) is a block of its own
    in all but the blank line: the caption is that heading alone, not the prose above it."""
    if block.line_end == block.line_start:
        return block.text
    lines = [collapse(strip_markup(x)) for x in block.raw_text.split("\n")]
    last = lines[-1]
    if not is_mostly_upper(last):
        return block.text
    for line in lines[:-1]:
        if line.endswith(".") and len(line.split()) >= _SENTENCE_WORDS:
            return last
    return block.text


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
        caption = " ".join(_caption_text(b) for b in caption_blocks) or None
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
