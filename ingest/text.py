"""Small text helpers shared by the parser stages."""

from __future__ import annotations

import re
import unicodedata

_TAG_RE = re.compile(r"</?(?:b|i|u|strong|em|sup|sub)>", re.IGNORECASE)
_MD_EMPHASIS_RE = re.compile(r"(\*\*\*|\*\*|__)")
_MD_ITALIC_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def collapse(text: str) -> str:
    return " ".join(text.split())


def strip_markup(text: str) -> str:
    """Remove inline HTML tags and Markdown emphasis the extractor left in the text."""
    # Fast paths: most cells and lines carry no markup at all.
    if "<" in text:
        text = _TAG_RE.sub("", text)
    if "*" in text or "__" in text:
        text = _MD_ITALIC_RE.sub(r"\1", _MD_EMPHASIS_RE.sub("", text))
    return " ".join(text.split())


def has_tag(text: str, tag: str) -> bool:
    return f"<{tag}>" in text.lower()


def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Sở Nông nghiệp' -> 'so nong nghiep'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return collapse("".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def is_mostly_upper(text: str, threshold: float = 0.8) -> bool:
    letters = sum(1 for c in text if c.isalpha())
    if letters < 4:
        return False
    lower = sum(1 for c in text if c.islower())
    return (letters - lower) / letters >= threshold
