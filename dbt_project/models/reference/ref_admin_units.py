"""Provinces and district-level units of Vietnam, before and after the 2025 reorganisation.

Read at build time from the installed package `vietnamadminunits` (its SQLite file
`data/dataset.db` and `data/converter_2025.json`), never copied into the repository:

- `admin_units_legacy`: the 63 provinces and their districts / towns / cities with official
  codes, as they stood before 1/7/2025 (the package's snapshot is of early 2025: Thị xã Chũ
  exists, Huyện Yên Dũng is gone).
- `admin_units`: the 34 provinces from 1/7/2025 (Nghị quyết 202/2025/QH15) and their
  communes, wards and special zones (xã, phường, đặc khu) with official codes; these exist
  from 2025-07-01, when the district level ended and provinces began to report per commune.
- `converter_2025.json` `DICT_PROVINCE`: which legacy provinces each 2025 province absorbed.

Identity across 1/7/2025: a 2025 province is the same unit as the legacy province of the same
name it absorbed (all 34 are), so `tng` stays `tng`; the others end on 2025-06-30 with that
province as successor. Seven continuing provinces changed code (Bắc Ninh 27 → 24 …): unit_code
is today's code, legacy_unit_code the one before. The district level ended on 2025-07-01: every
district-level unit ends on 2025-06-30, succeeded by its province's 2025 province.

What the package lacks (units that ended before its snapshot, dates of earlier changes) comes
from the seed `units` (seeds/units.csv): `row_kind = unit` adds a unit, `package_dates` sets the
dates of a package unit.

unit_id keeps the project's slug scheme: a province prefix made of the initials of the province's
short name plus the last letter of its last word (`bgg` Bắc Giang, `bnh` Bắc Ninh; `tng` Thái
Nguyên is kept from the earlier hand-typed seed), with the legacy code appended where two names
collide (`hgg02` Hà Giang, `hgg93` Hậu Giang); districts
`<prefix>_<h|tp|tx|q>_<ascii short name>` (`tng_h_phu_binh`); communes and wards
`<prefix>_<x|p|dk>_<ascii short name>` (`tng_p_pho_yen`), with the official code appended when
two names of a province fold to the same letters (`tng_x_van_lang_02143`, `tng_x_van_lang_05665`
for Văn Lang and Văn Lăng).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from datetime import date
from importlib import metadata, resources

import pandas as pd

PACKAGE = "vietnamadminunits"
LEVEL_ENDED = date(2025, 6, 30)  # last day of district level and of merged provinces
LONG_AGO = date(2000, 1, 1)  # convention: existed long before the reports

COMMUNE_LEVEL_FROM = date(2025, 7, 1)  # two-level local government (Luật 72/2025/QH15)

PROVINCE_TYPES = {"Tỉnh": "province", "Thành phố": "city_central"}
DISTRICT_TYPES = {
    "Huyện": ("district", "h"),
    "Thị xã": ("town", "tx"),
    "Thành phố": ("provincial_city", "tp"),
    "Quận": ("urban_district", "q"),
}
COMMUNE_TYPES = {
    "Xã": ("commune", "x"),
    "Phường": ("ward", "p"),
    "Đặc khu": ("special_zone", "dk"),
}

COLUMNS = [
    "unit_id",
    "unit_code",
    "legacy_unit_code",
    "unit_name",
    "short_name",
    "unit_type",
    "unit_level",
    "province_unit_id",
    "province_code",
    "province_short_name",
    "valid_from",
    "valid_to",
    "successor_unit_id",
    "source",
]


def ascii_slug(text: str) -> str:
    """'Phú Bình' -> 'phu_binh' (đ -> d, accents and punctuation dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return "_".join(words)


# Prefixes the hand-typed seed used before this model existed that the rule does not give;
# kept so that the samples' unit_ids (in marts, tests and docs) stay stable.
KEPT_PREFIXES = {"Thái Nguyên": "tng"}


def province_prefix(short_name: str) -> str:
    """'Bắc Giang' -> 'bgg': word initials plus the last letter of the last word."""
    if short_name in KEPT_PREFIXES:
        return KEPT_PREFIXES[short_name]
    words = ascii_slug(short_name).split("_")
    return "".join(w[0] for w in words) + words[-1][-1]


def split_type(full_name: str, types: dict) -> str:
    """The type word a full name starts with, case-insensitively ('Thị Xã Việt Yên' -> 'Thị xã')."""
    for word in sorted(types, key=len, reverse=True):
        if full_name.lower().startswith(word.lower() + " "):
            return word
    raise ValueError(f"unknown unit type in {full_name!r}")


def read_package() -> tuple[pd.DataFrame, pd.DataFrame, dict, str]:
    data = resources.files(PACKAGE) / "data"
    with resources.as_file(data / "dataset.db") as path:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            legacy = pd.read_sql_query(
                """
                select distinct province, provinceShort, provinceCode, provinceKey,
                    district, districtShort, districtType, districtCode
                from admin_units_legacy
                """,
                con,
            )
            # one row per commune / ward, with its province
            current = pd.read_sql_query(
                """
                select province, provinceShort, provinceCode, provinceKey, ward, wardCode
                from admin_units
                """,
                con,
            )
        finally:
            con.close()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    return legacy, current, converter["DICT_PROVINCE"], metadata.version(PACKAGE)


def build_admin_units(
    legacy: pd.DataFrame,
    current: pd.DataFrame,
    merged_from: dict,
    version: str,
    seed: pd.DataFrame | None = None,
) -> pd.DataFrame:
    source = f"{PACKAGE} {version}"
    provinces = legacy.drop_duplicates("provinceCode")[
        ["province", "provinceShort", "provinceCode", "provinceKey"]
    ]
    # province prefixes, made unique over every name (legacy and 2025)
    names = set(provinces["provinceShort"]) | set(current["provinceShort"])
    clashes = {p for p, n in Counter(province_prefix(n) for n in names).items() if n > 1}

    def prefix(short: str, code: str) -> str:
        base = province_prefix(short)
        return base + code if base in clashes else base

    legacy_by_key = {r.provinceKey: r for r in provinces.itertuples()}
    # legacy province key -> the 2025 province that absorbed it
    absorbed_into = {}
    for new_key, old_keys in merged_from.items():
        for old_key in old_keys:
            if old_key in absorbed_into:
                raise ValueError(f"{old_key} absorbed twice")
            absorbed_into[old_key] = new_key
    current_by_key = {
        r.provinceKey: r
        for r in current.drop_duplicates("provinceKey")[
            ["province", "provinceShort", "provinceCode", "provinceKey"]
        ].itertuples()
    }

    rows = []
    province_id = {}  # legacy province code -> unit_id
    successor_2025 = {}  # legacy province code -> unit_id of its 2025 province
    continuing = {}  # 2025 province key -> legacy province it continues
    for new_key in merged_from:
        new = current_by_key[new_key]
        same = [
            legacy_by_key[k]
            for k in merged_from[new_key]
            if legacy_by_key[k].provinceShort == new.provinceShort
        ]
        if len(same) != 1:
            raise ValueError(f"2025 province {new.provinceShort} continues no legacy province")
        continuing[new_key] = same[0]
    continuing_code = {old.provinceCode: new_key for new_key, old in continuing.items()}

    for p in provinces.itertuples():
        uid = prefix(p.provinceShort, p.provinceCode)
        province_id[p.provinceCode] = uid
    for p in provinces.itertuples():
        new_key = absorbed_into[p.provinceKey]
        successor_2025[p.provinceCode] = province_id[continuing[new_key].provinceCode]

    for p in provinces.itertuples():
        new_key = continuing_code.get(p.provinceCode)
        new = current_by_key[new_key] if new_key else None
        name = new.province if new is not None else p.province
        rows.append(
            {
                "unit_id": province_id[p.provinceCode],
                "unit_code": new.provinceCode if new is not None else p.provinceCode,
                "legacy_unit_code": p.provinceCode,
                "unit_name": name,
                "short_name": p.provinceShort,
                "unit_type": PROVINCE_TYPES[split_type(name, PROVINCE_TYPES)],
                "unit_level": "province",
                "province_unit_id": None,
                "province_code": new.provinceCode if new is not None else p.provinceCode,
                "province_short_name": p.provinceShort,
                "valid_from": LONG_AGO,
                "valid_to": None if new is not None else LEVEL_ENDED,
                "successor_unit_id": None if new is not None else successor_2025[p.provinceCode],
                "source": source,
            }
        )

    districts = legacy.drop_duplicates("districtCode")
    for d in districts.itertuples():
        type_word = split_type(d.district, DISTRICT_TYPES)
        unit_type, abbrev = DISTRICT_TYPES[type_word]
        # from the full name: the package's districtShort disambiguates 'Long Mỹ (Huyện)'
        short = d.district[len(type_word) + 1 :].strip()
        rows.append(
            {
                "unit_id": f"{province_id[d.provinceCode]}_{abbrev}_{ascii_slug(short)}",
                "unit_code": d.districtCode,
                "legacy_unit_code": d.districtCode,
                "unit_name": f"{type_word} {short}",
                "short_name": short,
                "unit_type": unit_type,
                "unit_level": "district",
                "province_unit_id": province_id[d.provinceCode],
                "province_code": d.provinceCode,
                "province_short_name": d.provinceShort,
                "valid_from": LONG_AGO,
                "valid_to": LEVEL_ENDED,
                "successor_unit_id": successor_2025[d.provinceCode],
                "source": source,
            }
        )

    if "ward" in current.columns:
        rows += commune_rows(current, province_id, continuing, source)

    units = pd.DataFrame(rows, columns=COLUMNS)
    if seed is not None and len(seed):
        units = apply_seed(units, seed, province_id)
    if units["unit_id"].duplicated().any():
        dupes = units.loc[units["unit_id"].duplicated(), "unit_id"].tolist()
        raise ValueError(f"unit_id not unique: {dupes}")
    units["valid_from"] = pd.to_datetime(units["valid_from"]).dt.date
    units["valid_to"] = pd.to_datetime(units["valid_to"]).dt.date
    return units.sort_values("unit_id", ignore_index=True)


def commune_rows(current: pd.DataFrame, province_id: dict, continuing: dict, source: str) -> list:
    """Communes, wards and special zones of the 34 provinces, from 2025-07-01."""
    wards = current.dropna(subset=["ward"]).drop_duplicates("wardCode")
    parsed = []
    for w in wards.itertuples():
        # the type word from the name: four rows of the package carry another wardType
        type_word = split_type(w.ward, COMMUNE_TYPES)
        unit_type, abbrev = COMMUNE_TYPES[type_word]
        short = w.ward[len(type_word) + 1 :].strip()
        province = province_id[continuing[w.provinceKey].provinceCode]
        parsed.append((w, type_word, unit_type, f"{province}_{abbrev}_{ascii_slug(short)}", short))
    # names of one province that fold to the same letters (Văn Lang, Văn Lăng) take their code
    clashes = {k for k, n in Counter(p[3] for p in parsed).items() if n > 1}
    return [
        {
            "unit_id": f"{uid}_{w.wardCode}" if uid in clashes else uid,
            "unit_code": w.wardCode,
            "legacy_unit_code": None,
            "unit_name": f"{type_word} {short}",
            "short_name": short,
            "unit_type": unit_type,
            "unit_level": "commune",
            "province_unit_id": province_id[continuing[w.provinceKey].provinceCode],
            "province_code": w.provinceCode,
            "province_short_name": w.provinceShort,
            "valid_from": COMMUNE_LEVEL_FROM,
            "valid_to": None,
            "successor_unit_id": None,
            "source": source,
        }
        for w, type_word, unit_type, uid, short in parsed
    ]


def _date(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()


def _text(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value)


def apply_seed(units: pd.DataFrame, seed: pd.DataFrame, province_id: dict) -> pd.DataFrame:
    """Add the units the package lacks and the dates of package units it does not know."""
    units = units.set_index("unit_id", drop=False)
    added = []
    for s in seed.to_dict("records"):
        uid = s["unit_id"]
        if s["row_kind"] == "package_dates":
            if uid not in units.index:
                raise ValueError(f"units.csv dates for {uid}, which the package does not have")
            named = _text(s.get("unit_name"))
            if named and named != units.at[uid, "unit_name"]:
                raise ValueError(
                    f"units.csv names {uid} {named!r}, the package {units.at[uid, 'unit_name']!r}"
                )
            units.at[uid, "valid_from"] = _date(s["valid_from"])
            units.at[uid, "valid_to"] = _date(s["valid_to"])
            if _text(s["successor_unit_id"]):
                units.at[uid, "successor_unit_id"] = _text(s["successor_unit_id"])
            units.at[uid, "source"] = units.at[uid, "source"] + " + seeds/units.csv"
            continue
        province_code = str(s["province_code"]).zfill(2)
        province = units.loc[province_id[province_code]]
        level = "province" if s["unit_type"] in PROVINCE_TYPES.values() else "district"
        added.append(
            {
                "unit_id": uid,
                "unit_code": _text(s["unit_code"]),
                "legacy_unit_code": _text(s["unit_code"]),
                "unit_name": s["unit_name"],
                "short_name": s["short_name"],
                "unit_type": s["unit_type"],
                "unit_level": level,
                "province_unit_id": None if level == "province" else province["unit_id"],
                "province_code": province_code,
                "province_short_name": province["short_name"],
                "valid_from": _date(s["valid_from"]),
                "valid_to": _date(s["valid_to"]),
                "successor_unit_id": _text(s["successor_unit_id"]),
                "source": "seeds/units.csv",
            }
        )
    return pd.concat(
        [units.reset_index(drop=True), pd.DataFrame(added, columns=COLUMNS)], ignore_index=True
    )


def model(dbt, session):
    dbt.config(materialized="table")
    seed = dbt.ref("units").df()
    legacy, current, merged_from, version = read_package()
    return build_admin_units(legacy, current, merged_from, version, seed)
