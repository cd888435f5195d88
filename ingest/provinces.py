"""Vietnamese provinces before and after the 1 July 2025 merger, from `vietnamadminunits`' data.

Two editions of the list, both read at run time from the package's SQLite file (never typed
by hand here) and cached once per process:

- ``"legacy"``: the 63 provinces and centrally-run cities (table ``admin_units_legacy``,
  which also lists their districts),
- ``"2025"``: the 34 units after the merger of 1 July 2025 (table ``admin_units``).

A province code (``"19"``) is only meaningful with its edition: the same code can name two
different provinces (``"44"`` is Quảng Bình in the legacy list, Quảng Trị in 2025).

    >>> find_province("UBND TỈNH THÁI NGUYÊN").short_name
    'Thái Nguyên'
    >>> find_province("TP. HCM", "2025").code
    '79'

The package is located without being imported (importing it loads several MB of JSON).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

Edition = Literal["legacy", "2025"]
EDITIONS: tuple[Edition, ...] = ("legacy", "2025")
MERGER_DATE = date(2025, 7, 1)  # the 34-province map applies from this day on

_TABLES: dict[str, str] = {"legacy": "admin_units_legacy", "2025": "admin_units"}
# Former names the package no longer carries: Thừa Thiên Huế became the centrally-run city
# of Huế on 1 January 2025, and the package's legacy edition already calls it Huế; reports
# written before then print the old name.
_FORMER_NAMES: dict[str, tuple[Edition, str]] = {"Thừa Thiên Huế": ("legacy", "46")}


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # full name as in the package: "Tỉnh Thái Nguyên", "Thành phố Hồ Chí Minh"
    short_name: str  # "Thái Nguyên", "Hồ Chí Minh"
    code: str  # the package's provinceCode, e.g. "19"; unique within one edition only
    edition: Edition

    @property
    def is_city(self) -> bool:
        """A centrally-run city (thành phố trực thuộc trung ương), not a tỉnh."""
        return key(self.name).startswith("thanh pho ")


# Bytes that are not ASCII letters or digits become spaces.
_KEY_BYTES = bytes(
    c if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256)
).lower()


def key(text: str) -> str:
    """Matching key: no accents, lower case, every run of non-alphanumerics one space.

    'Bà Rịa – Vũng Tàu' -> 'ba ria vung tau', 'TP.HCM' -> 'tp hcm'.
    """
    # Dashes may join two names ("Bà Rịa–Vũng Tàu"); other non-ASCII symbols can go.
    text = text.replace("đ", "d").replace("Đ", "D").replace("–", " ").replace("—", " ")
    ascii_bytes = unicodedata.normalize("NFD", text).encode("ascii", "ignore")
    return " ".join(ascii_bytes.translate(_KEY_BYTES).decode("ascii").split())


def edition_for(day: date | None) -> Edition | None:
    """The edition in force on a day: "legacy" before 1 July 2025, "2025" from then on."""
    if day is None:
        return None
    return "legacy" if day < MERGER_DATE else "2025"


@cache
def _package_data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the package vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def _rows(edition: Edition) -> tuple[tuple[str, str, str, str | None], ...]:
    table = _TABLES[edition]  # KeyError for an unknown edition
    uri = f"{(_package_data_dir() / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return tuple(
            conn.execute(
                f"SELECT DISTINCT province, provinceShort, provinceCode, provinceAlias "
                f"FROM {table} ORDER BY provinceCode, province"
            )
        )


@cache
def provinces(edition: Edition) -> tuple[Province, ...]:
    """Every province of the edition (63 legacy, 34 in 2025), ordered by code."""
    return tuple(Province(name, short, code, edition) for name, short, code, _ in _rows(edition))


@cache
def _by_code(edition: Edition) -> dict[str, Province]:
    return {p.code: p for p in provinces(edition)}


def province_by_code(code: str, edition: Edition) -> Province | None:
    return _by_code(edition).get(code)


@cache
def _names(edition: Edition) -> dict[str, Province]:
    """Keys a province is written with: short name, full name, former name, initials alias."""
    out: dict[str, Province] = {}
    for (name, short, _, alias_json), p in zip(_rows(edition), provinces(edition), strict=True):
        out[key(short)] = p
        out[key(name)] = p
        # Only the aliases that are the initials of the name ("hcm", "hn"): the package's
        # other aliases ("vungtau") are also names of district-level cities.
        initials = "".join(w[0] for w in key(short).split())
        for alias in json.loads(alias_json) if alias_json else ():
            if alias == initials:
                out[alias] = p
    for former, (ed, code) in _FORMER_NAMES.items():
        if ed == edition and code in _by_code(edition):
            out[key(former)] = _by_code(edition)[code]
    return out


@cache
def _index() -> tuple[dict[str, int], frozenset[str]]:
    """(first word of a name key -> most words in a name starting with it, initials aliases)."""
    names = {k for ed in EDITIONS for k in _names(ed)}
    longest: dict[str, int] = {}
    for k in names:
        words = k.split()
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest, frozenset(k for k in names if " " not in k and len(k) <= 3)


def _name_at(words: list[str], i: int, longest: dict[str, int]) -> str | None:
    """The longest name key starting at word i."""
    n = longest.get(words[i], 0) if i < len(words) else 0
    names = _all_names()
    for j in range(min(n, len(words) - i), 0, -1):
        candidate = " ".join(words[i : i + j])
        if candidate in names:
            return candidate
    return None


@cache
def _all_names() -> frozenset[str]:
    return frozenset(k for ed in EDITIONS for k in _names(ed))


def _pick(name_key: str, edition: Edition | None) -> Province | None:
    if edition is not None:
        return _names(edition).get(name_key)
    return _names("2025").get(name_key) or _names("legacy").get(name_key)


def _prefix_ends(words: list[str], i: int) -> bool:
    """Word i ends "tỉnh", "thành phố", "TP", "Tỉnh ủy" or "Thành ủy"."""
    w = words[i]
    if w in ("tinh", "tp"):
        return True
    if w == "pho" or w == "uy":
        return i > 0 and words[i - 1] in ("thanh", "tinh")
    return False


def find_province(
    text: str, edition: Edition | None = None, *, prefixed_only: bool = False
) -> Province | None:
    """The province a text names, accent- and case-insensitively.

    The first mention introduced by "tỉnh", "thành phố", "TP." (also "TP.HCM", "TPHCM"),
    "Tỉnh ủy" or "Thành ủy" wins; without one, the first bare name ("Thái Nguyên",
    "HÀ NỘI"), unless ``prefixed_only`` (use that for running prose, where "hòa bình" is
    peace and "Hồ Chí Minh" a person). A text that is just initials ("HCM") is a name too.

    ``edition``: only that edition's provinces; ``None``: both, and for a name in both the
    2025 entry. Names found only in the other edition are not returned for a given edition
    (call again without it, or with the other one, to fall back).
    """
    words = key(text).split()
    if not words:
        return None
    longest, aliases = _index()
    first = next(_prefixed(words, edition), None)
    if first is not None or prefixed_only:
        return first
    if len(words) == 1 and words[0] in aliases:
        return _pick(words[0], edition)
    for i, w in enumerate(words):
        if w in longest:
            name = _name_at(words, i, longest)
            if name is not None and name not in aliases and (p := _pick(name, edition)):
                return p
    return None


def _prefixed(words: list[str], edition: Edition | None) -> Iterator[Province]:
    """Every province named after "tỉnh", "thành phố", "TP." ("TPHCM"), "Tỉnh ủy", in order."""
    longest, aliases = _index()
    for i, w in enumerate(words):
        name = None
        if _prefix_ends(words, i):
            name = _name_at(words, i + 1, longest)
        elif w.startswith("tp") and w[2:] in aliases:  # "TPHCM"
            name = w[2:]
        if name is not None and (p := _pick(name, edition)) is not None:
            yield p


def prefixed_provinces(text: str, edition: Edition | None = None) -> list[Province]:
    """The distinct provinces a text names with a prefix, in order of first mention.

    More than one means the text lists provinces (a ranking, a distribution list), so none
    of them is the text's own:

    >>> [p.short_name for p in prefixed_provinces("1 TP. Đà Nẵng 2 TP. Hồ Chí Minh 3 TP. Đà Nẵng")]
    ['Đà Nẵng', 'Hồ Chí Minh']
    """
    out: list[Province] = []
    for p in _prefixed(key(text).split(), edition):
        if p not in out:
            out.append(p)
    return out


@cache
def _districts() -> dict[str, Province | None]:
    """Legacy district short-name key -> its province (None when two provinces share it)."""
    uri = f"{(_package_data_dir() / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT districtShort, provinceCode FROM admin_units_legacy"
        ).fetchall()
    out: dict[str, Province | None] = {}
    for short, code in rows:
        k = key(short)
        p = province_by_code(code, "legacy")
        out[k] = p if k not in out or out[k] == p else None
    return out


def district_province(name: str) -> Province | None:
    """The legacy province of a district-level unit ("Phổ Yên", "Thị xã Phổ Yên"), if unique.

    Districts were abolished on 1 July 2025; the result is in the legacy edition.
    """
    k = key(name)
    for prefix in ("thanh pho ", "thi xa ", "huyen ", "quan ", "tp "):
        if k.startswith(prefix):
            k = k[len(prefix) :]
            break
    return _districts().get(k)


@cache
def _successors() -> dict[str, str]:
    """Legacy full-name key ("tinhbacgiang") -> 2025 full-name key ("tinhbacninh")."""
    with (_package_data_dir() / "converter_2025.json").open(encoding="utf-8") as f:
        merged = json.load(f)["DICT_PROVINCE"]
    return {old: new for new, olds in merged.items() for old in olds}


def successor(province: Province) -> Province:
    """The 2025 province a legacy one became part of (a 2025 province is its own successor)."""
    if province.edition == "2025":
        return province
    new_key = _successors()[key(province.name).replace(" ", "")]
    return next(p for p in provinces("2025") if key(p.name).replace(" ", "") == new_key)
