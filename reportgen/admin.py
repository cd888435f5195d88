"""Provinces, their districts or wards, and the provincial departments, by date.

Provinces and their sub-units come from the installed `vietnamadminunits` package
(its SQLite file: `admin_units_legacy` holds the 63 provinces and their districts
before 1 July 2025, `admin_units` the 34 provinces and their communes/wards after).
Departments are a hand-kept list (no package has them), replaced by
`seeds/department_types.csv` when that file exists.
"""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

MERGER_2025 = date(2025, 7, 1)  # provinces merged, district level abolished
DEPARTMENT_MERGER_2025 = date(2025, 3, 1)  # Decree 45/2025: departments merged

_DEPARTMENTS_CSV = Path(__file__).resolve().parent.parent / "seeds" / "department_types.csv"


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # "Tỉnh Thái Nguyên", "Thành phố Hà Nội"
    short: str  # "Thái Nguyên"
    code: str  # "19"
    kind: str  # "Tỉnh" | "Thành phố"
    era: str  # "legacy" (63, before 2025-07-01) | "2025" (34)
    subunits: tuple[str, ...]  # districts ("Huyện Đại Từ") or, from 2025, communes/wards


def _db_path() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).resolve().parent / "data" / "dataset.db"


@cache
def provinces(era: str) -> tuple[Province, ...]:
    """The provinces of an era, ordered by code, each with its sub-units ordered by code."""
    con = sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True)
    try:
        if era == "legacy":
            rows = con.execute(
                "select distinct province, provinceShort, provinceCode, district, districtCode"
                " from admin_units_legacy where district is not null"
                " order by provinceCode, districtCode"
            ).fetchall()
        elif era == "2025":
            rows = con.execute(
                "select distinct province, provinceShort, provinceCode, ward, wardCode"
                " from admin_units where ward is not null order by provinceCode, wardCode"
            ).fetchall()
        else:
            raise ValueError(f"unknown era {era!r}")
    finally:
        con.close()
    by_code: dict[str, tuple[str, str, list[str]]] = {}
    for name, short, code, sub, _sub_code in rows:
        entry = by_code.setdefault(code, (name, short, []))
        if sub not in entry[2]:
            entry[2].append(sub)
    return tuple(
        Province(
            name=name,
            short=short,
            code=code,
            kind="Thành phố" if name.startswith("Thành phố") else "Tỉnh",
            era=era,
            subunits=tuple(subs),
        )
        for code, (name, short, subs) in sorted(by_code.items())
    )


def era_of(issued: date) -> str:
    return "2025" if issued >= MERGER_2025 else "legacy"


# Provincial departments before Decree 45/2025, and after it (1 March 2025).
DEPARTMENTS_BEFORE_2025 = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động, Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý các Khu công nghiệp",
)
DEPARTMENTS_FROM_2025 = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Ban Quản lý các Khu công nghiệp",
)


def _parse_date(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@cache
def _csv_departments() -> tuple[tuple[str, date | None, date | None], ...] | None:
    """(name, valid_from, valid_to) from seeds/department_types.csv, if it exists and has names."""
    if not _DEPARTMENTS_CSV.exists():
        return None
    with _DEPARTMENTS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        return None
    columns = list(rows[0])
    # The column whose values read like department names ("Sở …", "Ban …").
    best, best_score = None, 0
    for col in columns:
        score = sum(1 for r in rows if (r.get(col) or "").strip().startswith(("Sở ", "Ban ")))
        if "name" in col.lower() or "ten" in col.lower():
            score += 1
        if score > best_score:
            best, best_score = col, score
    if best is None or best_score < 3:
        return None
    start_col = next((c for c in columns if c.lower() in ("valid_from", "from", "start")), None)
    end_col = next((c for c in columns if c.lower() in ("valid_to", "to", "end")), None)
    out = []
    for r in rows:
        name = (r.get(best) or "").strip()
        if name and name not in [o[0] for o in out]:
            out.append(
                (
                    name,
                    _parse_date(r.get(start_col)) if start_col else None,
                    _parse_date(r.get(end_col)) if end_col else None,
                )
            )
    return tuple(out)


def departments(on: date) -> tuple[str, ...]:
    """The departments a report issued on `on` lists."""
    listed = _csv_departments()
    if listed:
        valid = tuple(
            name
            for name, start, end in listed
            if (start is None or start <= on) and (end is None or on <= end)  # valid_to inclusive
        )
        if len(valid) >= 5:
            return valid
    return DEPARTMENTS_FROM_2025 if on >= DEPARTMENT_MERGER_2025 else DEPARTMENTS_BEFORE_2025
