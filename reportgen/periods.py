"""Report periods, their printed phrasings, and the dates around them."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("month", "quarter", "half_year", "nine_months", "year", "date_range")
ROMAN = ("I", "II", "III", "IV")
FIRST_YEAR, LAST_YEAR = 2021, 2026
LAST_END = date(2026, 3, 31)


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    start: date
    end: date
    label: str  # as printed in the title: "Quý I năm 2024", "tháng 10/2023", …


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def dmy(d: date, pad: bool = True) -> str:
    """01/01/2024 (pad) or 1/1/2024."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day}/{d.month}/{d.year}"


def label_for(kind: str, start: date, end: date, rng: random.Random) -> str:
    y = end.year
    if kind == "month":
        return rng.choice((f"tháng {end.month} năm {y}", f"tháng {end.month}/{y}"))
    if kind == "quarter":
        q = (end.month - 1) // 3
        return rng.choice(
            (f"Quý {ROMAN[q]} năm {y}", f"quý {ROMAN[q]} năm {y}", f"quý {q + 1}/{y}")
        )
    if kind == "half_year":
        return f"6 tháng đầu năm {y}"
    if kind == "nine_months":
        return rng.choice((f"9 tháng năm {y}", f"9 tháng đầu năm {y}"))
    if kind == "year":
        return f"năm {y}"
    pad = rng.random() < 0.7
    return f"từ ngày {dmy(start, pad)} đến ngày {dmy(end, pad)}"


def draw_period(rng: random.Random) -> Period:
    """A period ending between January 2021 and March 2026."""
    while True:
        kind = rng.choices(KINDS, weights=(3, 4, 2, 2, 2, 2))[0]
        y = rng.randint(FIRST_YEAR, LAST_YEAR)
        if kind == "month":
            m = rng.randint(1, 12)
            start, end = date(y, m, 1), month_end(y, m)
        elif kind == "quarter":
            q = rng.randint(1, 4)
            start, end = date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        elif kind == "half_year":
            start, end = date(y, 1, 1), month_end(y, 6)
        elif kind == "nine_months":
            start, end = date(y, 1, 1), month_end(y, 9)
        elif kind == "year":
            start, end = date(y, 1, 1), date(y, 12, 31)
        else:
            start = date(y, 1, 1)
            end = start + timedelta(days=rng.randint(40, 300))
        if end <= LAST_END:
            return Period(kind, start, end, label_for(kind, start, end, rng))


def draw_issued(period: Period, rng: random.Random) -> date:
    """Reports are signed from a few days before the period ends to three weeks after."""
    return period.end + timedelta(days=rng.randint(-4, 21))


def data_period(period: Period, rng: random.Random) -> tuple[date, date] | None:
    """A separately printed data period (quarters and half-years: the 15th-to-14th rule)."""
    if period.kind in ("quarter", "half_year", "nine_months", "year") and rng.random() < 0.35:
        before = period.start - timedelta(days=1)
        start = date(before.year, before.month, 15)
        end = date(period.end.year, period.end.month, 14)
        return start, end
    if period.kind == "month" and rng.random() < 0.2:
        return period.start, period.end - timedelta(days=rng.randint(1, 5))
    return None


def other_period_phrase(period: Period, rng: random.Random) -> str:
    """A different period, as prose mentions it: `so với cùng kỳ năm 2023`, `Quý IV/2023`."""
    y = period.end.year
    q = (period.end.month - 1) // 3
    return rng.choice(
        (
            f"so với cùng kỳ năm {y - 1}",
            f"so với {'Quý ' + ROMAN[q - 1] + '/' + str(y) if q else 'Quý IV/' + str(y - 1)}",
            f"so với năm {y - 1}",
            f"so với tháng {period.end.month - 1 or 12}/{y if period.end.month > 1 else y - 1}",
        )
    )
