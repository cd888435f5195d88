"""The letterhead of a generated report: issuer, motto, number line, place-and-date line.

Two ways of printing it. Most reports print each part on its own lines with blank lines
between, as a DOCX or PDF extraction does. Some print it as web copies of a document do
(legal-document sites, provincial portals): the letterhead is a two-column table flattened
into lines, its cells run together with a lone `|` or a `-------` rule between them, no
blank line, and a long cell broken over the line break: the place name of the date line
(`Thái` / `Nguyên, ngày 15 tháng 3 năm 2024`) or the title before its period
(`Kết quả … hành chính` / `quý I năm 2024`). The ground truth is the same either way.
"""

from __future__ import annotations

import random
from datetime import date

from reportgen.admin import Province

FLATTENED_RATE = 0.15  # share of reports printing the letterhead as a flattened web table


def issuer_block(
    province: Province, issued: date, rng: random.Random
) -> tuple[list[str], str, str]:
    """(header lines, issuer name, document-number suffix)."""
    up = province.short.upper()
    level = "THÀNH PHỐ" if province.kind == "Thành phố" else "TỈNH"
    r = rng.random()
    if r < 0.6:
        return [f"UBND {level} {up}"], f"UBND {level.lower()} {province.short}", "BC-UBND"
    sos = [("SỞ NỘI VỤ", "Sở Nội vụ", "SNV"), ("SỞ TƯ PHÁP", "Sở Tư pháp", "STP")]
    sos.append(
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông", "STTTT")
        if issued < date(2025, 3, 1)
        else ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ", "SKHCN")
    )
    caps, name, code = rng.choice(sos)
    if r < 0.8:
        return [f"{caps} {level} {up}"], f"{name} {level.lower()} {province.short}", f"BC-{code}"
    return [f"UBND {level} {up}", caps], name, f"BC-{code}"


def date_line(place: str, d: date, rng: random.Random) -> str:
    day = f"{d.day:02d}" if rng.random() < 0.5 else str(d.day)
    return f"{place}, ngày {day} tháng {d.month} năm {d.year}"


def _broken(text: str, at: int) -> list[str]:
    """text broken over two lines before character `at` (a word boundary)."""
    return [text[:at].rstrip(), text[at:].lstrip()]


def letterhead_lines(
    issuer: list[str],
    number_line: str,
    dated: str,
    place: str,
    bao_cao: str,
    title_line: str,
    period_label: str,
    style: random.Random,
) -> list[str]:
    """The lines from the issuer down to the title, in one of the two printings.

    `style` is a generator of its own, so that choosing a printing draws nothing from the
    report's generator and leaves its tables exactly as they were.
    """
    if style.random() >= FLATTENED_RATE:
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        return [*issuer, *motto, "", number_line, "", dated, "", bao_cao, title_line]
    dated_lines = [dated]
    if " " in place and style.random() < 0.5:  # "Thái" / "Nguyên, ngày …"
        dated_lines = _broken(dated, place.index(" "))
    title_lines = [title_line]
    plain = not title_line.startswith(("#", "*"))  # a marked heading stays on one line
    if plain and title_line.endswith(period_label) and style.random() < 0.5:
        title_lines = _broken(title_line, len(title_line) - len(period_label))
    return [
        *issuer,
        "-------",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "|",
        number_line,
        "|",
        *dated_lines,
        "|",
        bao_cao,
        *title_lines,
    ]
