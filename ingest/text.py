"""Small text helpers shared by the parser stages."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TAG_RE = re.compile(r"</?(?:b|i|u|strong|em|sup|sub)>", re.IGNORECASE)
_MD_EMPHASIS_RE = re.compile(r"(\*\*\*|\*\*|__)")
_MD_ITALIC_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def collapse(text: str) -> str:
    """Runs of whitespace become one space; no leading or trailing whitespace."""
    # Fast path: printable text has no whitespace but " " (tabs, newlines, NBSP are not
    # printable), so without doubled or outer spaces it is already collapsed.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def strip_markup(text: str) -> str:
    """Remove inline HTML tags and Markdown emphasis the extractor left in the text."""
    # Fast paths: most cells and lines carry no markup at all.
    if "<" in text:
        text = TAG_RE.sub("", text)
    if "*" in text or "__" in text:
        text = _MD_EMPHASIS_RE.sub("", text)
        if "*" in text:  # a single star left: italics
            text = _MD_ITALIC_RE.sub(r"\1", text)
    return collapse(text)


def has_tag(text: str, tag: str) -> bool:
    return f"<{tag}>" in text.lower()


@lru_cache(maxsize=16384)  # pure; header phrases and unit names recur in every report
def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Sở Nông nghiệp' -> 'so nong nghiep'.

    Decompose, then drop everything non-ASCII: the tone and vowel marks go, and so do
    typographic dashes and ellipses, which never distinguish two keys. The dbt macro `fold`
    gives the same key (tests/test_fold_agreement.py).
    """
    # Blanks first (a no-break space from HTML separates words), then the marks.
    spaced = " ".join(text.replace("đ", "d").replace("Đ", "D").split())
    decomposed = unicodedata.normalize("NFD", spaced)
    return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_NON_ASCII = bytes(range(128, 256))


def is_mostly_upper(text: str, threshold: float = 0.8) -> bool:
    # Bounds from C-level byte counts settle nearly every text without a Python call per
    # character: ASCII letters are counted exactly, and each non-ASCII character may be
    # an upper-case letter, a lower-case letter, or neither.
    if not text:
        return False
    if len(text) > 64:  # prose: the lower case of its first half leaves too little room
        head = text[: len(text) // 2].encode("utf-8", "surrogatepass")
        head_lower = len(head) - len(head.translate(None, _ASCII_LOWER))
        if (len(text) - head_lower) / len(text) < threshold:
            return False
    data = text.encode("utf-8", "surrogatepass")
    lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    if (len(text) - lower) / len(text) < threshold:
        return False  # ASCII lower case alone leaves too little room: most paragraphs
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    other = len(text) - len(data.translate(None, _NON_ASCII))  # non-ASCII characters
    if upper + other + lower == 0 or (upper + other) / (upper + other + lower) < threshold:
        return False  # even if every non-ASCII character were upper case
    if upper + lower >= 4 and upper / (upper + lower + other) >= threshold:
        return True  # even if every non-ASCII character were lower case
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    if upper + lower < 4:
        return False
    return upper / (upper + lower) >= threshold
