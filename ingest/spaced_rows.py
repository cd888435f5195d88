"""Rows of a table copied from a web page with one space between cells: the words of a
line, how many value cells end it, and its row code and label (see tables_spaced)."""

from __future__ import annotations

import re

from ingest.rowcodes import parse_lead_code

_NUMBER_RE = re.compile(r"[+\-−]?\d+(?:(?:[.,]|\.\.)\d+)*%?")  # `7..108`: a mistyped group
MIN_VALUES = 2
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_PLACEHOLDERS = frozenset({"", "-", "–", "x", "X", "…"})  # "": an empty cell
_ROW_ENDS = frozenset("0123456789%-–xX…")
# Words a change column prints instead of a number (`+2,9`, `Giữ nguyên`): a value cell.
_TEXT_VALUES = ("Giữ nguyên",)
_TEXT_VALUE_ENDS = frozenset(v.rsplit(" ", 1)[-1] for v in _TEXT_VALUES)


def is_number(word: str) -> bool:
    return (word[:1].isdigit() or word[:1] in "+-−") and bool(_NUMBER_RE.fullmatch(word))


def _join_text_values(words: list[str]) -> list[str]:
    """The words of a row with every text value one word (`Giữ nguyên`)."""
    out: list[str] = []
    for w in words:
        if out and f"{out[-1]} {w}" in _TEXT_VALUES:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return out


def trailing_numbers(words: list[str]) -> int:
    """How many cells end the line: numbers, placeholders and empty cells (two spaces)."""
    n = 0
    for w in reversed(words):
        if w not in _PLACEHOLDERS and w not in _TEXT_VALUES and not is_number(w.replace(" ", "")):
            break
        n += 1
    return n


def row_words(line: str) -> list[str] | None:
    """The words of a line that may be a table row: no tab or pipe, and two numbers or
    more among the cells it ends with (checked on the last character first: most lines
    fail there). An empty cell is an empty word between two spaces."""
    if (line[-1:] not in _ROW_ENDS and not line.endswith(_TEXT_VALUES)) or (
        "\t" in line or "|" in line
    ):
        return None
    s = line.strip()
    if "   " in s or len(s) > 400:
        return None
    words = s.split(" ")
    if len(words) < 3:
        return None
    if words[-1] in _TEXT_VALUE_ENDS:
        words = _join_text_values(words)
    t = trailing_numbers(words)
    numbers = [w for w in words[len(words) - t :] if is_number(w)]
    if len(numbers) < MIN_VALUES or all(_YEAR_RE.fullmatch(w) for w in numbers):
        return None  # `Năm 2023 2024`: years name periods, they are not a row's values
    return words


_GROUP_HEAD_RE = re.compile(r"\d{1,3}")
_GROUP_TAIL_RE = re.compile(r"\d{3}(?:,\d+)?%?")
# Words a number follows in a label (`Quận 5`): that number is not a thousands group.
_NUMBERED = frozenset({"quận", "phường", "tổ", "khu", "ấp", "mức", "lần", "khóa", "đợt"})


def join_spaced_groups(body: list[list[str] | None]) -> list[list[str] | None]:
    """A row ending in one cell more than most rows, where exactly one pair of its last
    cells reads as a number printed with a space between its thousands (`1 995`): the
    pair is one cell, as printed."""
    counts = [trailing_numbers(w) for w in body if w]
    if len(counts) < 3:
        return body
    most = max(set(counts), key=counts.count)
    out: list[list[str] | None] = []
    for w in body:
        t = trailing_numbers(w) if w else 0
        if w and t == most + 1 and not (len(w) > t and w[-t - 1].lower() in _NUMBERED):
            at = [
                i
                for i in range(len(w) - t, len(w) - 1)
                if _GROUP_HEAD_RE.fullmatch(w[i]) and _GROUP_TAIL_RE.fullmatch(w[i + 1])
            ]
            if len(at) == 1:
                i = at[0]
                w = [*w[:i], f"{w[i]} {w[i + 1]}", *w[i + 2 :]]
        out.append(w)
    return out


def lead(words: list[str], values: int) -> tuple[str, str]:
    """(row code, label) of a row's words before its `values` cells; a bullet (`-`) in
    the code column is the code of a row the report does not number."""
    rest = words[: len(words) - values] if values else list(words)
    if len(rest) > 1 and parse_lead_code(rest[0]) and rest[1][:1].isalpha():
        return rest[0], " ".join(rest[1:])
    return "", " ".join(rest)
