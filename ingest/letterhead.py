"""The report's own header: its letterhead lines, its title, and where its province may come from.

A letterhead is the issuer (`UBND TỈNH …`, `SỞ … TỈNH …`), the national motto, the number line
(`Số: 47/BC-UBND`) and the place-and-date line (`Thái Nguyên, ngày 15 tháng 3 năm 2024`), then
`BÁO CÁO` and the title. Web copies print it as a flattened table: its cells on consecutive
lines with lone `|` or `-------` lines between them, a place name broken over the line break
(`Thành` / `phố Hồ Chí Minh, ngày …`); `letterhead_pieces` cuts such a block back into lines.

The province is read from the issuer block, the place-and-date line, the title, then the phrase
`trên địa bàn tỉnh …` of the opening prose, and never from a table row or from text that names
several provinces (a national ranking, a distribution list): `set_province`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ingest.model import Block, ReportMetadata
from ingest.provinces import (
    MERGER_DATE,
    Edition,
    Province,
    district_province,
    edition_for,
    find_province,
    prefixed_provinces,
    successor,
)
from ingest.text import collapse, fold, is_mostly_upper, strip_markup

DOC_NUMBER_RE = re.compile(
    r"^\s*Số\s*:?\s*(?P<num>[^\s,]*(?:\s*/\s*[\w.\-Đđ&]+)+|\d[\w.\-/Đđ&]*)\s*$"
)
PLACE_DATE_RE = re.compile(
    r"^\s*(?P<place>[^,\n]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
SECTION_RE = re.compile(r"^\s*(?:[IVX]+|\d+)\s*[.)]\s|^\s*(?:PHỤ LỤC|Phụ lục)\b")
OPENING_RE = re.compile(r"^\s*(?:Kính gửi|Thực hiện|Căn cứ|Phúc đáp|Theo)\b", re.IGNORECASE)

# A line of a letterhead laid out as a table and flattened: a lone "|" between the cells,
# "-------" under the issuer and the motto.
SEPARATOR_RE = re.compile(r"^[\s|_=~*.\-–—]*$")


def _place_line(text: str) -> bool:
    """A place-and-date line on a line of its own: it ends with the year, its place is words.

    Not a line of prose that happens to start "Công văn số 12/UBND, ngày … năm 2024 của …".
    """
    m = PLACE_DATE_RE.match(text)
    return (
        bool(m)
        and text.rstrip().endswith(m.group("y"))
        and not any(c.isdigit() for c in m.group("place"))
    )


def _own_line(text: str) -> bool:
    """A letterhead line that stands alone: the number line, the place-and-date line, "BÁO CÁO"."""
    return bool(DOC_NUMBER_RE.match(text) or _place_line(text) or fold(text) == "bao cao")


def _wrapped_place(piece: list[str], text: str) -> bool:
    """A place name broken over the line break: "Thành" / "phố Hồ Chí Minh, ngày …".

    The fragment before the place-and-date line is one short line of words in sentence
    case (an issuer line above the date is printed in capitals).
    """
    if len(piece) != 1 or not _place_line(text):
        return False
    words = piece[0].split()
    return len(words) <= 2 and all(w.isalpha() for w in words) and not is_mostly_upper(piece[0])


def letterhead_pieces(block: Block) -> list[Block]:
    """A head block cut into its letterhead lines when they were printed without blank lines.

    Only a block of several lines holding a lone separator, a number line or a place-and-date
    line is cut: each of those lines becomes a piece of its own, separators are dropped, the
    lines between them stay together (an issuer over three lines, a title over two), and an
    opening ("Kính gửi", "Thực hiện") or a numbered section starts a new piece.
    """
    raw = block.raw_text.split("\n")
    if len(raw) < 2 or block.kind == "footnote":
        return [block]
    texts = [strip_markup(line) for line in raw]
    if not any(SEPARATOR_RE.match(t) or DOC_NUMBER_RE.match(t) or _place_line(t) for t in texts):
        return [block]
    pieces: list[tuple[int, list[str]]] = []  # (index of its first line, its lines)
    start, current = 0, []
    for k, text in enumerate(texts):
        if SEPARATOR_RE.match(text):
            pieces.append((start, current))
            current = []
            continue
        if _wrapped_place(current, text):
            current.append(text)
            pieces.append((start, current))
            current = []
            continue
        if _own_line(text) or OPENING_RE.match(text) or SECTION_RE.match(text):
            pieces.append((start, current))
            current = []
        if not current:
            start = k
        current.append(text)
        if _own_line(text):
            pieces.append((start, current))
            current = []
    pieces.append((start, current))
    first = block.line_start
    return [
        replace(
            block,
            text=collapse(" ".join(lines)),
            raw_text="\n".join(raw[k : k + len(lines)]),
            line_start=first + k,
            line_end=first + k + len(lines) - 1,
        )
        for k, lines in pieces
        if lines
    ]


def find_title(meta: ReportMetadata, head: list[Block], *, upper_only: bool) -> int | None:
    """Set the title and kind from "BÁO CÁO …" or "PHỤ LỤC"; the index of the title block."""
    for k, b in enumerate(head):
        key = fold(b.text)
        if key.startswith("bao cao") and (not upper_only or b.text.startswith("BÁO CÁO")):
            meta.report_kind = "report"
            rest = b.text[len("BÁO CÁO") :].strip()
            if rest:
                meta.title = rest
                return k
            if k + 1 < len(head):
                meta.title = head[k + 1].text
                return k + 1
            return None
        if key.startswith("phu luc") and k < 3:
            meta.report_kind = "appendix"
            meta.title, title_k = (head[k + 1].text, k + 1) if k + 1 < len(head) else (b.text, k)
            return title_k
    return None


def is_heading_like(b: Block) -> bool:
    """A line that reads as a page's heading: a few words, no sentence end, no section number."""
    text = b.text
    return (
        b.kind != "footnote"
        and b.line_end - b.line_start < 3
        and len(text.split()) >= 3
        and len(text) <= 300
        and any(c.isalpha() for c in text)
        and text[-1] not in ".:;,"
        and not SECTION_RE.match(text)
        and not OPENING_RE.match(text)
    )


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


# "trên địa bàn tỉnh Nghệ An": the one phrase of running prose that names the report's own
# province (a province named elsewhere in prose may be cited, compared or addressed).
_TERRITORY_RE = re.compile(
    r"\b[đd][ịi]a\s+b[àa]n\s+((?:t[ỉi]nh|th[àa]nh\s+ph[ốo]|TP\.?)\s*\S+(?:\s+[^\s,.;:()]+){0,3})",
    re.IGNORECASE,
)


def _one_province(text: str, edition: Edition | None) -> Province | None:
    """The province a text names with a prefix, unless it names several (a list, a ranking)."""
    named = prefixed_provinces(text, edition)
    if not named and edition is not None:  # a name of the other list (renamed, merged)
        named = prefixed_provinces(text, None)
    return named[0] if len(named) == 1 else None


def set_province(meta: ReportMetadata, head: list[Block], title_k: int | None) -> None:
    """Province from the issuer block, the place line, the title, then "trên địa bàn tỉnh …".

    Never from a table row, nor from a stretch that names several provinces: a national
    ranking or a distribution list names provinces that did not write the report.
    """
    edition = _edition(meta)
    issuer = "\n".join(
        b.text
        for b in head[: title_k if title_k is not None else 4]
        if not PLACE_DATE_RE.match(b.text)  # "TP. Hồ Chí Minh, ngày …" is the place
    )
    found: Province | None = None
    for source, text in (
        ("issuer", issuer),
        ("place", meta.place or ""),
        ("title", meta.title or ""),
    ):
        if not text:
            continue
        if source == "place":
            found = _province_in(text, edition, False)
            if found is None:
                found = district_province(text)  # "Phổ Yên, ngày …": a district town
                if found is not None and edition == "2025":
                    found = successor(found)
        else:
            found = _one_province(text, edition)
        if found is not None:
            break
    else:
        prose = " ".join(
            m.group(1) for b in head if b.kind != "footnote" for m in _TERRITORY_RE.finditer(b.text)
        )
        source = "body"
        found = _one_province(prose, edition) if prose else None
    if found is not None:
        meta.province, meta.province_code = found.short_name, found.code
        meta.province_edition, meta.province_source = found.edition, source
