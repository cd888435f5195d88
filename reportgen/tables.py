"""Table content: kinds, header trees, rows, values, and the noise real reports carry.

A `GenTable` is layout-free: header paths per value column, rows with a code, a label
and printed cells. `reportgen.render` lays it out; the printed text of every cell is
decided here, with the noise that changed it recorded on the cell or the row.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

TABLE_KINDS = ("dossier", "online_full", "service_rate", "indicator")

VALUE_NOISE = (
    "thousands_comma",  # 1,995 for 1.995
    "thousands_space",  # 1 995
    "malformed_literal",  # 1..995
    "placeholder",  # - / x / blank for a zero
    "total_mismatch",  # a totals cell that is not the sum of its rows
)
ROW_NOISE = ("unit_diacritic", "doubled_word")
TABLE_NOISE = (
    "page_break_repeated",
    "page_break_garbled",
    "page_break_reordered",
    "page_break_no_header",
)
NOISE_KINDS = VALUE_NOISE + ROW_NOISE + TABLE_NOISE


@dataclass(slots=True)
class NoiseConfig:
    kinds: frozenset[str] = frozenset(NOISE_KINDS)
    rate: float = 1.0  # scales every noise probability

    def on(self, kind: str, p: float, rng: random.Random) -> bool:
        # Draw always, so that turning a kind off does not shift the other draws.
        hit = rng.random() < p * self.rate
        return hit and kind in self.kinds


@dataclass(slots=True)
class GenCell:
    text: str  # as printed, without markup
    value: float | None  # what the report means; None for text and placeholders
    noise: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GenRow:
    code: str | None  # as printed: "1", "1.1", "I", "a)", "-"
    label: str  # as printed (noise included)
    label_canonical: str
    kind: str  # "data" | "group" | "total"
    cells: list[GenCell]  # one per value column; empty for group rows
    noise: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GenTable:
    kind: str
    code_header: str | None  # None: no code column
    label_header: str
    columns: list[tuple[str, ...]]  # header path of each value column
    rows: list[GenRow]
    column_numbers: list[str] | None = None  # "A", "B", "(1)", …, one per printed column
    title: str = ""
    data_period: tuple[date, date] | None = None
    snapshot_dates: tuple[date, ...] = ()
    percent_sign: bool = False
    styles: dict[str, object] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        return max(len(p) for p in self.columns)


# ---------------------------------------------------------------- numbers


def group_digits(n: int, sep: str = ".") -> str:
    s = str(abs(n))
    parts = []
    while len(s) > 3:
        parts.append(s[-3:])
        s = s[:-3]
    parts.append(s)
    return ("-" if n < 0 else "") + sep.join(reversed(parts))


def fmt_dec(x: float, places: int = 1, strip_zero: bool = True) -> str:
    """99,6 ; 100 for 100.0 when strip_zero."""
    s = f"{x:.{places}f}"
    if strip_zero and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(".", ",")


def print_count(n: int, rng: random.Random, noise: NoiseConfig, p: float, plain: bool) -> GenCell:
    """A count as printed, maybe with a noise; `plain`: the table prints no separators."""
    if n == 0 and noise.on("placeholder", p * 3, rng):
        return GenCell(rng.choice(("-", "x", "")), None, ["placeholder"])
    if n >= 1000:
        r = rng.random()
        if noise.on("thousands_comma", p, rng) and r < 0.34:
            return GenCell(group_digits(n, ","), float(n), ["thousands_comma"])
        if noise.on("thousands_space", p, rng) and r < 0.67:
            return GenCell(group_digits(n, " "), float(n), ["thousands_space"])
        if noise.on("malformed_literal", p, rng):
            text = group_digits(n, ".")
            k = text.index(".")
            return GenCell(text[:k] + "." + text[k:], float(n), ["malformed_literal"])
    return GenCell(str(n) if plain else group_digits(n), float(n))


# ---------------------------------------------------------------- unit names

_GARBLE = {
    "ệ": "ê",
    "ộ": "ô",
    "ồ": "ô",
    "ư": "u",
    "ơ": "o",
    "ạ": "a",
    "ả": "a",
    "ố": "ô",
    "ờ": "ơ",
    "ì": "i",
    "à": "a",
    "ỹ": "y",
    "ỷ": "ỹ",
    "ò": "ó",
    "á": "à",
    "ú": "ù",
    "ế": "ê",
    "ổ": "ô",
}


def strip_accents(word: str) -> str:
    d = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def garble_word(word: str, rng: random.Random) -> str:
    """Drop all marks of a word, or change one marked letter."""
    if rng.random() < 0.5:
        return strip_accents(word)
    spots = [i for i, c in enumerate(word) if c.lower() in _GARBLE]
    if not spots:
        return strip_accents(word)
    i = rng.choice(spots)
    c = word[i]
    repl = _GARBLE[c.lower()]
    return word[:i] + (repl.upper() if c.isupper() else repl) + word[i + 1 :]


def noisy_label(label: str, rng: random.Random, noise: NoiseConfig, p: float) -> tuple[str, list]:
    words = label.split(" ")
    marked = [i for i, w in enumerate(words) if strip_accents(w) != w]
    if marked and noise.on("unit_diacritic", p, rng):
        i = rng.choice(marked)
        new = garble_word(words[i], rng)
        if new != words[i]:
            words[i] = new
            return " ".join(words), ["unit_diacritic"]
    if len(words) >= 2 and noise.on("doubled_word", p * 0.6, rng):
        i = rng.randrange(1, len(words))
        words.insert(i, words[i])
        return " ".join(words), ["doubled_word"]
    return label, []


def district_label(name: str, rng: random.Random) -> str:
    """`Huyện Đại Từ` as tables print it: as is, `UBND huyện Đại Từ`, or the bare name."""
    r = rng.random()
    if r < 0.55:
        return name
    kind, _, rest = name.partition(" ")
    # the package spells some type words in title case ('Thị Xã Mường Lay', 'Thành Phố …')
    for two in ("Thành phố", "Thị xã"):
        if name.lower().startswith(two.lower() + " "):
            kind, rest = two, name[len(two) + 1 :]
    if r < 0.85:
        return f"UBND {kind.lower()} {rest}"
    return rest


ABBREVIATIONS = {
    "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và PTNT",
    "Sở Kế hoạch và Đầu tư": "Sở Kế hoạch Đầu tư",
    "Sở Thông tin và Truyền thông": "Sở TT&TT",
    "Sở Lao động, Thương binh và Xã hội": "Sở LĐ-TB&XH",
    "Sở Lao động - Thương binh và Xã hội": "Sở LĐTBXH",
    "Sở Tài nguyên và Môi trường": "Sở Tài Nguyên và Môi trường",
    "Sở Công Thương": "Sở Công thương",
}


# ---------------------------------------------------------------- header wording

RECEIVED_GROUP = ("Tiếp nhận", "Số hồ sơ nhận giải quyết", "Tổng số hồ sơ tiếp nhận")
RESOLVED_GROUP = ("Đã giải quyết", "Số hồ sơ đã giải quyết", "Đã xử lý")
PENDING_GROUP = ("Đang giải quyết", "Số hồ sơ đang giải quyết", "Chưa xử lý")
TOTAL_WORD = ("Tổng số", "Tổng")
ONLINE = ("Trực tuyến", "Nộp trực tuyến")
OFFLINE = ("Trực tiếp, bưu chính", "Trực tiếp, qua BCCI", "Trực tiếp và qua bưu chính")
CARRIED = ("Kỳ trước chuyển qua", "Kỳ trước chuyển sang", "Từ kỳ trước chuyển sang")
EARLY = ("Trước hạn", "Sớm hạn")
ON_TIME = ("Đúng hạn",)
LATE = ("Quá hạn", "Trễ hạn")
WITHIN = ("Trong hạn", "Chưa đến hạn")
OVERDUE = ("Quá hạn", "Trễ hạn")
DOSSIER_MEASURES = (
    "received_total",
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
)

_HEADER_GARBLE = {
    "Trực": "Thực",
    "trực": "thực",
    "chuyển": "chuyên",
    "Tổng": "Tông",
    "Trước": "Trưóc",
    "hạn": "han",
    "giải": "giái",
    "Tiếp": "Tiêp",
    "tiếp": "tiêp",
    "Đúng": "Đung",
    "Tỷ": "Tỉ",
    "lệ": "lê",
    "Ngày": "Ngay",
    "ngày": "ngay",
}


def garble_header(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w in _HEADER_GARBLE]
    if not spots:
        return text
    i = rng.choice(spots)
    words[i] = _HEADER_GARBLE[words[i]]
    return " ".join(words)


def dossier_columns(rng: random.Random, depth: int) -> list[tuple[str, ...]]:
    rg, sg, pg = rng.choice(RECEIVED_GROUP), rng.choice(RESOLVED_GROUP), rng.choice(PENDING_GROUP)
    tot = rng.choice(TOTAL_WORD)
    on, off, car = rng.choice(ONLINE), rng.choice(OFFLINE), rng.choice(CARRIED)
    ea, ot, la = rng.choice(EARLY), rng.choice(ON_TIME), rng.choice(LATE)
    wi, ov = rng.choice(WITHIN), rng.choice(OVERDUE)
    if depth == 1:
        return [
            (rg,),
            (f"{rg} {on.lower()}" if rng.random() < 0.5 else on,),
            (off,),
            (car,),
            (sg,),
            (ea,),
            (ot,),
            (f"Giải quyết {la.lower()}",),
            (pg,),
            (wi,),
            (f"Đang giải quyết {ov.lower()}",),
        ]
    if depth == 2:
        return [
            (rg, tot),
            (rg, on),
            (rg, off),
            (rg, car),
            (sg, tot),
            (sg, ea),
            (sg, ot),
            (sg, la),
            (pg, tot),
            (pg, wi),
            (pg, ov),
        ]
    if rng.random() < 0.5:  # "Trong đó" under the received group
        return [
            (rg, tot),
            (rg, "Trong đó", on),
            (rg, "Trong đó", off),
            (rg, car),
            (sg, tot),
            (sg, ea),
            (sg, ot),
            (sg, la),
            (pg, tot),
            (pg, wi),
            (pg, ov),
        ]
    res = "Kết quả giải quyết"  # sample 000: results over resolved and pending
    return [
        (rg, tot),
        (rg, on),
        (rg, off),
        (rg, car),
        (res, sg, tot),
        (res, sg, ea),
        (res, sg, ot),
        (res, sg, la),
        (res, pg, tot),
        (res, pg, wi),
        (res, pg, ov),
    ]


# ---------------------------------------------------------------- rows and codes

ROW_CODE_STYLES = ("arabic", "dotted", "roman_groups", "letter", "dash", "none")
TOTAL_LABELS = ("Tổng cộng", "Tổng số", "Cộng", "Toàn tỉnh", "TỔNG SỐ", "Tổng")
PROVINCE_GROUPS = ("Cấp tỉnh", "Các sở, ban, ngành", "Sở, ban, ngành")
DISTRICT_GROUPS = ("UBND cấp huyện", "Cấp huyện", "Các huyện, thị xã, thành phố")
COMMUNE_GROUPS = ("UBND cấp xã", "Cấp xã", "Các xã, phường")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdefghiklmnopqrstuvxy"


def row_codes(style: str, groups: list[int]) -> tuple[list[str | None], list[list[str | None]]]:
    """Codes of the group rows and of the unit rows of each group (sizes in `groups`)."""
    gcodes: list[str | None] = []
    ucodes: list[list[str | None]] = []
    n = 0
    for g, size in enumerate(groups):
        if style == "none":
            gcodes.append(None)
            ucodes.append([None] * size)
        elif style == "arabic":
            gcodes.append(ROMAN[g])
            ucodes.append([str(n + k + 1) for k in range(size)])
        elif style == "dotted":
            gcodes.append(str(g + 1))
            ucodes.append([f"{g + 1}.{k + 1}" for k in range(size)])
        elif style == "roman_groups":
            gcodes.append(ROMAN[g])
            ucodes.append([str(k + 1) for k in range(size)])
        elif style == "letter":
            gcodes.append(ROMAN[g])
            ucodes.append([f"{LETTERS[k % len(LETTERS)]})" for k in range(size)])
        else:  # dash
            gcodes.append(ROMAN[g])
            ucodes.append(["-"] * size)
        n += size
    return gcodes, ucodes


@dataclass(slots=True)
class UnitSet:
    groups: list[tuple[str, list[tuple[str, str]]]]  # group label, [(printed, canonical)]


def draw_units(
    rng: random.Random, departments: tuple[str, ...], subunits: tuple[str, ...], era: str
) -> UnitSet:
    k = rng.randint(min(5, len(departments)), len(departments))
    deps = rng.sample(list(departments), k)
    if rng.random() < 0.5:
        deps.sort(key=departments.index)
    dep_rows = [(ABBREVIATIONS.get(d, d) if rng.random() < 0.25 else d, d) for d in deps]
    if era == "legacy":
        subs = list(subunits[:15]) if len(subunits) <= 15 else rng.sample(list(subunits), 12)
        sub_rows = [(district_label(s, rng), s) for s in subs]
        sub_group = rng.choice(DISTRICT_GROUPS)
    else:
        subs = sorted(rng.sample(list(subunits), min(len(subunits), rng.randint(5, 12))))
        sub_rows = [(s, s) for s in subs]
        sub_group = rng.choice(COMMUNE_GROUPS)
    groups = [(rng.choice(PROVINCE_GROUPS), dep_rows)]
    if rng.random() < 0.85:
        groups.append((sub_group, sub_rows))
    return UnitSet(groups)


def unit_rows(
    rng: random.Random,
    units: UnitSet,
    values_for: callable,  # (canonical label) -> list[GenCell]
    totals_for: callable,  # (data rows) -> list[GenCell]
    noise: NoiseConfig,
    p: float,
    total_label: str | None = None,
    code_style: str | None = None,
) -> tuple[list[GenRow], str]:
    style = code_style or rng.choice(ROW_CODE_STYLES)
    with_groups = len(units.groups) > 1 and rng.random() < 0.6
    gcodes, ucodes = row_codes(style, [len(us) for _, us in units.groups])
    rows: list[GenRow] = []
    data: list[GenRow] = []
    for g, (glabel, us) in enumerate(units.groups):
        if with_groups:
            rows.append(GenRow(gcodes[g], glabel, glabel, "group", []))
        for (printed, canonical), code in zip(us, ucodes[g], strict=True):
            label, rnoise = noisy_label(printed, rng, noise, p)
            row = GenRow(code, label, canonical, "data", values_for(canonical), rnoise)
            rows.append(row)
            data.append(row)
    if not with_groups and style in ("dotted", "letter", "dash"):
        # Without group rows these styles read oddly; number the rows 1..n.
        for k, row in enumerate(data):
            row.code = str(k + 1)
        style = "arabic"
    if not with_groups and style == "roman_groups":
        style = "arabic"
        for k, row in enumerate(data):
            row.code = str(k + 1)
    label = total_label or rng.choice(TOTAL_LABELS)
    total = GenRow(None, label, label, "total", totals_for(data))
    if rng.random() < 0.3:
        rows.insert(0, total)
    else:
        rows.append(total)
    return rows, style


# ---------------------------------------------------------------- table kinds


def _sum_cells(data: list[GenRow], col: int) -> int:
    return sum(int(r.cells[col].value or 0) for r in data)


def dossier_table(rng, units, noise: NoiseConfig, p: float) -> GenTable:
    depth = rng.choice((1, 2, 2, 3, 3))
    plain = rng.random() < 0.2
    scale = rng.choice((50, 300, 2000, 8000))

    def values(_label: str) -> list[GenCell]:
        size = max(0, int(rng.expovariate(1 / scale)))
        online = int(size * rng.uniform(0.2, 0.98))
        offline = size - online
        carried = int(size * rng.uniform(0, 0.3))
        recv = online + offline + carried
        resolved = int(recv * rng.uniform(0.7, 1.0))
        late = int(resolved * rng.choice((0, 0, 0.001, 0.01, 0.05)))
        early = int((resolved - late) * rng.uniform(0.4, 0.95))
        on_time = resolved - late - early
        pending = recv - resolved
        overdue = int(pending * rng.choice((0, 0, 0.01, 0.1)))
        within = pending - overdue
        nums = [recv, online, offline, carried, resolved, early, on_time, late, pending,
                within, overdue]  # fmt: skip
        return [print_count(n, rng, noise, p, plain) for n in nums]

    def totals(data: list[GenRow]) -> list[GenCell]:
        out = []
        for c in range(len(DOSSIER_MEASURES)):
            n = _sum_cells(data, c)
            extra = []
            if n > 10 and noise.on("total_mismatch", p * 0.5, rng):
                n += rng.choice((-1, 1)) * rng.randint(1, max(1, n // 50))
                extra = ["total_mismatch"]
            cell = print_count(n, rng, noise, 0, plain)
            cell.noise += extra
            out.append(cell)
        return out

    rows, style = unit_rows(rng, units, values, totals, noise, p)
    columns = dossier_columns(rng, depth)
    has_code = style != "none"
    numbers = None
    if rng.random() < 0.4:
        numbers = (["A"] if has_code else []) + ["B"] + [f"({k + 1})" for k in range(11)]
    return GenTable(
        kind="dossier",
        code_header=rng.choice(("STT", "TT", "Số TT")) if has_code else None,
        label_header=rng.choice(("Tên đơn vị", "Đơn vị", "Cơ quan, đơn vị")),
        columns=columns,
        rows=rows,
        column_numbers=numbers,
        title=rng.choice(
            (
                "THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT HỒ SƠ CỦA CÁC CƠ QUAN",
                "KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
                "TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ TTHC",
            )
        ),
        styles={"row_codes": style, "plain_numbers": plain},
    )


def online_full_table(rng, units, noise: NoiseConfig, p: float) -> GenTable:
    depth = rng.choice((1, 2))
    plain = rng.random() < 0.2

    def rate(a: int, total: int) -> GenCell:
        if total == 0:
            return GenCell("0", 0.0)
        x = round(100 * a / total, 1)
        return GenCell(fmt_dec(x), x)

    def values(_label: str) -> list[GenCell]:
        total = max(0, int(rng.expovariate(1 / rng.choice((40, 400, 3000)))))
        on = total - int(total * rng.choice((0, 0, 0.005, 0.02, 0.2)))
        cells = [print_count(n, rng, noise, p, plain) for n in (on, total - on, total)]
        return [*cells, rate(on, total)]

    def totals(data: list[GenRow]) -> list[GenCell]:
        on, off = _sum_cells(data, 0), _sum_cells(data, 1)
        cells = [print_count(n, rng, noise, 0, plain) for n in (on, off, on + off)]
        return [*cells, rate(on, on + off)]

    rows, style = unit_rows(rng, units, values, totals, noise, p)
    leaves = [
        "Số hồ sơ DVC trực tuyến toàn trình được xử lý trực tuyến",
        "Số hồ sơ DVC trực tuyến toàn trình được xử lý trực tiếp",
        "Tổng số hồ sơ DVC trực tuyến toàn trình (xử lý trực tuyến và trực tiếp)",
        "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình (%)",
    ]
    if depth == 2:
        group = "Hồ sơ DVC trực tuyến toàn trình"
        leaves = ["Xử lý trực tuyến", "Xử lý trực tiếp", "Tổng số", "Tỷ lệ xử lý trực tuyến (%)"]
        columns = [(group, leaf) for leaf in leaves]
    else:
        columns = [(leaf,) for leaf in leaves]
    has_code = style != "none"
    numbers = None
    if rng.random() < 0.6:
        numbers = (["A"] if has_code else []) + ["B", "(1)", "(2)", "(3) = (1)+(2)",
                                                 "(4) = (1)/(3)*100"]  # fmt: skip
    return GenTable(
        kind="online_full",
        code_header=rng.choice(("TT", "STT")) if has_code else None,
        label_header="Đơn vị",
        columns=columns,
        rows=rows,
        column_numbers=numbers,
        title="TỔNG HỢP TỶ LỆ HỒ SƠ ĐƯỢC XỬ LÝ TRỰC TUYẾN TOÀN TRÌNH",
        styles={"row_codes": style, "plain_numbers": plain},
    )


def service_rate_table(rng, units, noise: NoiseConfig, p: float, period_end: date) -> GenTable:
    d1 = period_end.replace(day=1) - timedelta(days=1)
    d2 = period_end
    measures = rng.choice(
        (
            ["Tỷ lệ cung cấp DVC trực tuyến"],
            ["Tỷ lệ thanh toán trực tuyến"],
            ["Tỷ lệ cung cấp DVC trực tuyến", "Tỷ lệ thanh toán trực tuyến"],
        )
    )
    depth = rng.choice((1, 2)) if len(measures) == 1 else 2
    pct = rng.random() < 0.3
    same_word = rng.choice(("Giữ nguyên", "0", "0,0"))

    def rate_cell(x: float) -> GenCell:
        return GenCell(fmt_dec(x) + ("%" if pct else ""), x)

    def change_cell(a: float, b: float) -> GenCell:
        d = round(b - a, 1)
        if d == 0:
            return GenCell(same_word, 0.0)
        return GenCell(("+" if d > 0 else "-") + fmt_dec(abs(d)), d)

    def values(_label: str) -> list[GenCell]:
        out = []
        for _ in measures:
            a = round(min(100.0, max(0.0, rng.gauss(85, 20))), 1)
            b = round(min(100.0, max(0.0, a + rng.gauss(1, 3))), 1)
            out += [rate_cell(a), rate_cell(b), change_cell(a, b)]
        return out

    def totals(data: list[GenRow]) -> list[GenCell]:
        out = []
        for m in range(len(measures)):
            a = round(sum(r.cells[3 * m].value or 0 for r in data) / max(1, len(data)), 1)
            b = round(sum(r.cells[3 * m + 1].value or 0 for r in data) / max(1, len(data)), 1)
            out += [rate_cell(a), rate_cell(b), change_cell(a, b)]
        return out

    rows, style = unit_rows(rng, units, values, totals, noise, p, total_label="Toàn tỉnh")
    columns: list[tuple[str, ...]] = []
    for m in measures:
        snaps = [f"Ngày {d1.day}/{d1.month}/{d1.year}", f"Ngày {d2.day}/{d2.month}/{d2.year}"]
        change = f"Tăng (+)/Giảm (-) so với ngày {d1.day}/{d1.month}/{d1.year}"
        if depth == 2:
            columns += [(m, snaps[0]), (m, snaps[1]), (m, change)]
        else:
            columns += [(f"{m} {s.lower()} (%)",) for s in snaps] + [(change,)]
    return GenTable(
        kind="service_rate",
        code_header=rng.choice(("Số TT", "STT")) if style != "none" else None,
        label_header="Đơn vị",
        columns=columns,
        rows=rows,
        title="THỐNG KÊ TỶ LỆ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN VÀ THANH TOÁN TRỰC TUYẾN",
        snapshot_dates=(d1, d2),
        percent_sign=pct,
        styles={"row_codes": style},
    )


INDICATORS = (
    (
        "Công tác chỉ đạo điều hành CCHC",
        [
            ("Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "count"),
            ("Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", "rate"),
            ("Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "count"),
            ("Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "count"),
            ("Số cơ quan, đơn vị đã kiểm tra", "Cơ quan, đơn vị", "count"),
        ],
    ),
    (
        "Cải cách thể chế",
        [
            ("Số VBQPPL do cấp tỉnh ban hành", "Văn bản", "count"),
            ("Số VBQPPL đã kiểm tra theo thẩm quyền", "Văn bản", "count"),
            ("Tỷ lệ xử lý VBQPPL sau kiểm tra", "%", "rate"),
        ],
    ),
    (
        "Cải cách thủ tục hành chính",
        [
            ("Tổng số TTHC thuộc thẩm quyền giải quyết của tỉnh", "Thủ tục", "count"),
            ("Số TTHC được công khai trên Cổng DVC quốc gia", "Thủ tục", "count"),
            ("Tổng số hồ sơ TTHC đã tiếp nhận", "Hồ sơ", "count"),
            ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "rate"),
            ("Số hồ sơ giải quyết quá hạn", "Hồ sơ", "count"),
        ],
    ),
    (
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        [
            ("Số lượng DVCTT toàn trình", "DVC", "count"),
            ("Tỷ lệ DVCTT có phát sinh hồ sơ trực tuyến", "%", "rate"),
            ("Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "rate"),
            ("Tỷ lệ TTHC được triển khai thanh toán trực tuyến", "%", "rate"),
            ("Số tài khoản được xác thực với CSDL quốc gia về dân cư", "Tài khoản", "count"),
        ],
    ),
)
NOTES = ("", "", "", "Lũy kế", "Ước tính", "Số liệu đến ngày báo cáo", "Tăng so với kỳ trước")


def indicator_table(rng, noise: NoiseConfig, p: float) -> GenTable:
    sections = rng.sample(list(INDICATORS), rng.randint(2, len(INDICATORS)))
    sections.sort(key=INDICATORS.index)
    dotted = rng.random() < 0.5
    rows: list[GenRow] = []
    pct = rng.random() < 0.2
    for s, (section, items) in enumerate(sections):
        rows.append(GenRow(ROMAN[s], section, section, "group", []))
        chosen = [it for it in items if rng.random() < 0.85] or items[:1]
        for k, (label, unit, what) in enumerate(chosen):
            if what == "rate":
                x = round(min(100.0, rng.gauss(92, 8)), 2 if rng.random() < 0.3 else 1)
                value = GenCell(fmt_dec(x, 2) + ("%" if pct else ""), x)
            else:
                n = int(rng.expovariate(1 / rng.choice((10, 200, 20000))))
                value = print_count(n, rng, noise, p, False)
            note = rng.choice(NOTES)
            code = f"{s + 1}.{k + 1}" if dotted else str(k + 1)
            if dotted and rng.random() < 0.3:
                code += "."
            cells = [GenCell(unit, None), value, GenCell(note, None)]
            rows.append(GenRow(code, label, label, "data", cells))
    depth = rng.choice((1, 2))
    if depth == 2:
        columns = [("Kết quả thống kê", "Đơn vị tính"), ("Kết quả thống kê", "Số liệu"),
                   ("Ghi chú",)]  # fmt: skip
    else:
        columns = [("Đơn vị tính",), ("Số liệu",), ("Ghi chú",)]
    return GenTable(
        kind="indicator",
        code_header="STT",
        label_header=rng.choice(("Chỉ tiêu", "Chỉ tiêu thống kê", "Nội dung")),
        columns=columns,
        rows=rows,
        title="THỐNG KÊ SỐ LIỆU CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH",
        percent_sign=pct,
        styles={"row_codes": "dotted" if dotted else "roman_groups"},
    )
