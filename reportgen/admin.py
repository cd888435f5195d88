"""Provinces, their districts or wards, and the provincial departments, by date.

Provinces and their sub-units come from the installed `vietnamadminunits` package
(its SQLite file: `admin_units_legacy` holds the 63 provinces and their districts
before 1 July 2025, `admin_units` the 34 provinces and their communes/wards after).
Departments are a hand-kept list (no package has them), replaced by
`seeds/department_types.csv` when that file exists.

The package's legacy list is a snapshot of early 2025: Thành phố Phổ Yên there was Thị xã
Phổ Yên until April 2022. A report names its districts as they stood on its dates, so
`subunits_on` applies `seeds/units.csv` (the same seed the warehouse's reference reads):
units the package lacks, and the dates of package units created or renamed recently.
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

_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_DEPARTMENTS_CSV = _SEEDS / "department_types.csv"
_UNITS_CSV = _SEEDS / "units.csv"


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


@dataclass(frozen=True, slots=True)
class DatedUnit:
    """A row of seeds/units.csv: a unit the package lacks, or dates of one it has."""

    unit_id: str
    name: str
    province_code: str
    valid_from: date | None
    valid_to: date | None
    successor_id: str | None
    in_package: bool

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@cache
def _dated_units() -> tuple[DatedUnit, ...]:
    if not _UNITS_CSV.exists():
        return ()
    with _UNITS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        DatedUnit(
            unit_id=r["unit_id"],
            name=r["unit_name"].strip(),
            province_code=r["province_code"].strip().zfill(2),
            valid_from=_parse_date(r["valid_from"]),
            valid_to=_parse_date(r["valid_to"]),
            successor_id=r["successor_unit_id"].strip() or None,
            in_package=r["row_kind"] == "package_dates",
        )
        for r in rows
        if r["unit_name"].strip() and r["province_code"].strip()
    )


def subunits_on(province: Province, on: date) -> tuple[str, ...]:
    """The province's sub-units as they stood on `on` (legacy era: seeds/units.csv applied).

    A package unit not yet created or renamed on that day is left out; a unit the package
    lacks that existed then is put in the place of the unit that succeeded it (a renaming
    keeps the place in the list), else at the end.
    """
    if province.era != "legacy":
        return province.subunits
    dated = [d for d in _dated_units() if d.province_code == province.code]
    if not dated:
        return province.subunits
    # the package spells some type words in title case ('Thị Xã Việt Yên'): compare folded
    package = {s.casefold(): s for s in province.subunits}
    not_then = {d.name.casefold() for d in dated if d.in_package and not d.valid_on(on)}
    name_of = {d.unit_id: d.name.casefold() for d in dated}
    subs = [s for s in province.subunits if s.casefold() not in not_then]
    for d in dated:
        if d.in_package or not d.valid_on(on) or d.name.casefold() in package:
            continue
        successor = package.get(name_of.get(d.successor_id or "", ""))
        if successor is not None and successor not in subs:
            subs.insert(min(province.subunits.index(successor), len(subs)), d.name)
        else:
            subs.append(d.name)
    return tuple(subs)


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
