"""A whole report: header block, title, prose, appendix tables, and its ground truth.

`plan_corpus(seed, count)` draws what each report is about (period, issued date,
province, layout, first table kind) cheaply and deterministically, cycling through
the provinces of each era so that every province appears in a corpus of 1000;
`generate(plan, options)` renders one report as (text, truth dict).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from reportgen.admin import Province, departments, era_of, provinces, subunits_on
from reportgen.letterhead import date_line, issuer_block, letterhead_lines
from reportgen.periods import Period, dmy, draw_issued, draw_period, other_period_phrase
from reportgen.periods import data_period as draw_data_period
from reportgen.render import LAYOUTS, PAGELESS_LAYOUTS, PageBreak, plan_page_break, render
from reportgen.tables import (
    NOISE_KINDS,
    TABLE_KINDS,
    GenTable,
    NoiseConfig,
    dossier_table,
    draw_units,
    group_digits,
    indicator_table,
    online_full_table,
    service_rate_table,
)

SCHEMA = "reportgen/1"
ROMAN = ("I", "II", "III", "IV", "V", "VI")


@dataclass(frozen=True, slots=True)
class ReportPlan:
    seed: int
    index: int
    period: Period
    issued: date
    province: Province
    layout: str
    first_kind: str


@dataclass(slots=True)
class Options:
    layouts: tuple[str, ...] = LAYOUTS
    kinds: tuple[str, ...] = TABLE_KINDS
    noise: NoiseConfig = field(default_factory=NoiseConfig)
    page_break_rate: float = 0.35


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in ("reportgen", *parts)))


class _Cycle:
    """Items in a seeded shuffled order, reshuffled each time round."""

    def __init__(self, items, rng: random.Random):
        self.items, self.rng, self.queue = list(items), rng, []

    def next(self):
        if not self.queue:
            self.queue = self.items[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


def plan_corpus(seed: int, count: int, options: Options | None = None) -> list[ReportPlan]:
    """What each report of a corpus is about; cheap (no rendering)."""
    options = options or Options()
    cyc_rng = _rng(seed, "cycles")
    cycles = {era: _Cycle(provinces(era), cyc_rng) for era in ("legacy", "2025")}
    layouts = _Cycle(options.layouts, cyc_rng)
    kinds = _Cycle(options.kinds, cyc_rng)
    plans = []
    for i in range(count):
        rng = _rng(seed, i, "plan")
        period = draw_period(rng)
        issued = draw_issued(period, rng)
        province = cycles[era_of(issued)].next()
        plans.append(ReportPlan(seed, i, period, issued, province, layouts.next(), kinds.next()))
    return plans


# ---------------------------------------------------------------- header block


TITLES = (
    "Kết quả thực hiện công tác cải cách hành chính {label}",
    "Tình hình, kết quả giải quyết thủ tục hành chính {label}",
    "Công tác cải cách hành chính tỉnh {province} {label}",
    "Kết quả xây dựng chính quyền điện tử, chính quyền số {label}",
    "Tình hình tiếp nhận, giải quyết hồ sơ thủ tục hành chính {label}",
)


def _heading(text: str, rng: random.Random) -> str:
    return rng.choice((text, f"**{text}**", f"## {text}"))


# ---------------------------------------------------------------- prose

GENERIC = (
    "Công tác cải cách hành chính tiếp tục được các cấp, các ngành quan tâm chỉ đạo, triển khai đồng bộ.",
    "Bộ phận Một cửa các cấp duy trì tiếp nhận, trả kết quả giải quyết thủ tục hành chính đúng quy định.",
    "Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính được đẩy mạnh tại các cơ quan, đơn vị.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình tăng so với kỳ trước, song chưa đồng đều giữa các đơn vị.",
    "Một số đơn vị còn để xảy ra tình trạng hồ sơ quá hạn, chưa thực hiện xin lỗi người dân theo quy định.",
    "Hạ tầng công nghệ thông tin tại một số xã còn hạn chế, ảnh hưởng đến việc cung cấp dịch vụ công trực tuyến.",
    "Trung tâm Phục vụ hành chính công tỉnh tiếp tục phát huy vai trò đầu mối tiếp nhận hồ sơ.",
)
TASKS = (
    "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thời gian giải quyết.",
    "Đẩy mạnh thanh toán trực tuyến phí, lệ phí trong giải quyết thủ tục hành chính.",
    "Nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình.",
    "Tăng cường kiểm tra công vụ, kỷ luật, kỷ cương hành chính.",
)


def _prose(plan: ReportPlan, tables: list[GenTable], rng: random.Random) -> list[str]:
    label = plan.period.label
    paras = []
    paras.append(
        f"Thực hiện Kế hoạch số {rng.randint(5, 300)}/KH-UBND ngày "
        f"{dmy(date(plan.period.start.year, 1, rng.randint(5, 28)), False)} về cải cách hành chính, "
        f"{rng.choice(('UBND tỉnh', 'Sở Nội vụ', 'cơ quan thường trực'))} báo cáo kết quả {label} như sau:"
    )
    paras.append(_heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", rng))
    paras.append(" ".join(rng.sample(GENERIC, 2)))
    paras.append(_heading("II. KẾT QUẢ THỰC HIỆN", rng))
    dossier = next((t for t in tables if t.kind == "dossier"), None)
    if dossier:
        total = next(r for r in dossier.rows if r.kind == "total")
        recv = int(total.cells[0].value or 0)
        res = int(total.cells[4].value or 0)
        late = int(total.cells[7].value or 0)
        rate = 100 * (res - late) / res if res else 100.0
        paras.append(
            f"Trong {label}, toàn tỉnh đã tiếp nhận {group_digits(recv)} hồ sơ; đã giải quyết "
            f"{group_digits(res)} hồ sơ, tỷ lệ giải quyết trước hạn và đúng hạn đạt "
            f"{f'{rate:.2f}'.replace('.', ',')}% ({other_period_phrase(plan.period, rng)} "
            f"{rng.choice(('tăng', 'giảm'))} {f'{rng.uniform(0.1, 5):.1f}'.replace('.', ',')}%)."
        )
    paras.append(" ".join(rng.sample(GENERIC, 2)))
    paras.append(
        f"Số hồ sơ tiếp nhận trực tuyến {other_period_phrase(plan.period, rng)} tăng "
        f"{f'{rng.uniform(1, 30):.1f}'.replace('.', ',')}%; (chi tiết tại các Phụ lục kèm theo)."
    )
    paras.append(_heading("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", rng))
    for k, t in enumerate(rng.sample(TASKS, 2)):
        paras.append(f"{k + 1}. {t}")
    return paras


# ---------------------------------------------------------------- the report


def _make_table(kind: str, plan: ReportPlan, rng, noise: NoiseConfig, p: float) -> GenTable:
    era = plan.province.era
    # districts as they stood at the end of the period the report covers
    subunits = subunits_on(plan.province, plan.period.end)
    units = draw_units(rng, departments(plan.issued), subunits, era)
    if kind == "dossier":
        return dossier_table(rng, units, noise, p)
    if kind == "online_full":
        return online_full_table(rng, units, noise, p)
    if kind == "service_rate":
        return service_rate_table(rng, units, noise, p, plan.period.end)
    return indicator_table(rng, noise, p)


def generate(plan: ReportPlan, options: Options | None = None) -> tuple[str, dict]:
    options = options or Options()
    rng = _rng(plan.seed, plan.index, "report")
    noise = options.noise
    prov = plan.province
    lines: list[str] = []

    def add(text: str = "") -> int:
        lines.append(text)
        return len(lines)  # 1-based line number

    # Tables first (the prose quotes their totals), printed after the prose.
    n_tables = rng.choice((1, 1, 2, 2, 3, 4))
    kinds = [plan.first_kind] + [rng.choice(options.kinds) for _ in range(n_tables - 1)]
    p = rng.choice((0.0, 0.01, 0.03, 0.06))
    tables = [_make_table(k, plan, rng, noise, p) for k in kinds]

    header, issuer, suffix = issuer_block(prov, plan.issued, rng)
    number = rng.randint(1, 4999)
    doc_number = f"{number}/{suffix}"
    number_line = rng.choice((f"Số: {doc_number}", f"Số {doc_number}"))
    dated = date_line(prov.short, plan.issued, rng)
    bao_cao = _heading("BÁO CÁO", rng)
    title = rng.choice(TITLES).format(label=plan.period.label, province=prov.short)
    title_line = _heading(title, rng) if rng.random() < 0.5 else title
    style = _rng(plan.seed, plan.index, "letterhead")
    add()
    for text in letterhead_lines(
        header, number_line, dated, prov.short, bao_cao, title_line, plan.period.label, style
    ):
        add(text)
    add()
    dp = draw_data_period(plan.period, rng)
    dp_text = None
    if dp:
        pad = rng.random() < 0.5
        dp_text = f"số liệu tính từ ngày {dmy(dp[0], pad)} đến ngày {dmy(dp[1], pad)}"
        add(f"({dp_text[0].upper() + dp_text[1:]})")
        add()
    add(f"Kính gửi: {rng.choice(('Bộ Nội vụ', 'UBND tỉnh', 'Văn phòng Chính phủ'))}")
    add()
    for para in _prose(plan, tables, rng):
        add(para)
        add()
    add("Trên đây là báo cáo kết quả thực hiện./.")
    add()
    add("Nơi nhận:")
    add("- Như trên;")
    add("- Lưu: VT.")
    add()
    add(rng.choice(("KT. CHỦ TỊCH", "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN")))
    add()
    add(rng.choice(("Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Minh", "Phạm Thu Hà")))
    add()

    truth_tables = []
    for ti, table in enumerate(tables):
        add()
        add(_heading(f"PHỤ LỤC {ROMAN[ti]}", rng))
        add(_heading(table.title, rng))
        add(f"(Kèm theo Báo cáo số {doc_number} ngày {dmy(plan.issued, False)} của {issuer})")
        if dp and rng.random() < 0.6:
            table.data_period = dp
            add(f"({dp_text})")
        add()
        pb: PageBreak | None = None
        modes = [m for m in ("repeated", "garbled", "reordered", "no_header")  # none on a web page
                 if f"page_break_{m}" in noise.kinds and plan.layout not in PAGELESS_LAYOUTS]  # fmt: skip
        if modes and rng.random() < options.page_break_rate * noise.rate:
            pb = plan_page_break(table, rng, rng.choice(modes))
        rendered = render(table, plan.layout, rng, pb)
        base = len(lines)  # line of rendered line k is base + k + 1
        for text in rendered.lines:
            add(text)
        add()
        truth_tables.append(_table_truth(ti, table, rendered, pb, base))

    text = "\n".join(lines) + "\n"
    meta = {
        "province": prov.short,
        "province_full": prov.name,
        "province_code": prov.code,
        "era": prov.era,
        "issuer": issuer,
        "doc_number": doc_number,
        "doc_number_as_printed": number_line,
        "issued_date": plan.issued.isoformat(),
        "issued_date_as_printed": dated,
        "period_kind": plan.period.kind,
        "period_start": plan.period.start.isoformat(),
        "period_end": plan.period.end.isoformat(),
        "period_label": plan.period.label,
        "data_period_start": dp[0].isoformat() if dp else None,
        "data_period_end": dp[1].isoformat() if dp else None,
        "data_period_as_printed": dp_text,
        "title": title,
    }
    truth = {
        "schema": SCHEMA,
        "seed": plan.seed,
        "index": plan.index,
        "layout": plan.layout,
        "line_count": len(lines),
        "metadata": meta,
        "tables": truth_tables,
    }
    return text, truth


def _table_truth(ti: int, table: GenTable, rendered, pb: PageBreak | None, base: int) -> dict:
    table_noise = [f"page_break_{pb.mode}"] if pb else []
    rows, cells = [], []
    for r, row in enumerate(table.rows):
        after_break = pb is not None and r >= pb.after_row
        rows.append(
            {
                "row_index": r,
                "code": row.code,
                "label": row.label,
                "label_canonical": row.label_canonical,
                "kind": row.kind,
                "line": base + rendered.row_lines[r] + 1,
                "noise": row.noise + (table_noise if after_break else []),
            }
        )
        for c, cell in enumerate(row.cells):
            line = rendered.cell_lines.get((r, c), -1)
            printed_path = table.columns[c]
            if after_break and pb.mode == "garbled":
                printed_path = pb.paths[pb.perm.index(c)]
            cells.append(
                {
                    "row_index": r,
                    "row_label": row.label,
                    "row_label_canonical": row.label_canonical,
                    "row_code": row.code,
                    "row_kind": row.kind,
                    "column_index": c,
                    "header_path": list(table.columns[c]),
                    "header_path_as_printed": list(printed_path),
                    "text": cell.text,
                    "value": cell.value,
                    "line": base + line + 1 if line >= 0 else None,
                    "table_kind": table.kind,
                    "layout": rendered.layout,
                    "noise": sorted(
                        set(cell.noise + row.noise + (table_noise if after_break else []))
                    ),
                }
            )
    return {
        "table_index": ti,
        "kind": table.kind,
        "layout": rendered.layout,
        "layout_variant": rendered.variant,
        "title": table.title,
        "line_start": base + 1,
        "line_end": base + len(rendered.lines),
        "header_depth": table.depth,
        "header_lines": [base + k + 1 for k in rendered.header_lines],
        "code_header": table.code_header,
        "label_header": table.label_header,
        "columns": [list(p) for p in table.columns],
        "column_numbers": table.column_numbers,
        "row_code_style": table.styles.get("row_codes"),
        "data_period": [d.isoformat() for d in table.data_period] if table.data_period else None,
        "snapshot_dates": [d.isoformat() for d in table.snapshot_dates],
        "page_break": (
            {
                "mode": pb.mode,
                "after_row": pb.after_row,
                "furniture": pb.furniture,
                "columns_after": [list(p) for p in pb.paths],
            }
            if pb
            else None
        ),
        "noise": table_noise,
        "rows": rows,
        "cells": cells,
    }


def clean_options(**kw) -> Options:
    return Options(noise=NoiseConfig(kinds=frozenset(), rate=0.0), **kw)


__all__ = [
    "NOISE_KINDS",
    "TABLE_KINDS",
    "Options",
    "ReportPlan",
    "clean_options",
    "generate",
    "plan_corpus",
]
