"""check_text's byte-level counts decide exactly as the plain character counts.

check_text counts bad characters, digits and a lower bound of the letters on the UTF-8
bytes for speed; this property compares it with the plain definition (every count over
the characters, as the module docstring states the rule) on arbitrary text, with control,
private-use and replacement characters, Latin-1 symbols and letters over-represented.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.reading import UnreadableFile, check_text, source_from_bytes, text_sha256

_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_NON_LETTERS = re.compile(r"[\W\d_]+")


def _reference(part: str) -> str | None:
    """The rule of check_text counted character by character: the reason, or None."""
    visible = len("".join(part.split()))
    if not visible:
        return None
    signs = visible - sum(ch.isdigit() and ch.isascii() for ch in part)
    bad = len(_BAD.findall(part))
    if bad / len(part) > 0.005:
        return (
            f"not text: {bad} control, private-use or replacement characters in the first "
            f"{len(part)} characters (binary data or a wrong encoding)"
        )
    letters = sum(ch.isalnum() and not ch.isdecimal() for ch in part)
    if signs and letters / signs < 0.03:
        return (
            f"not text: letters are {letters / signs:.1%} of the visible characters other "
            "than digits (binary data or a wrong encoding)"
        )
    return None


def _reason(text: str) -> str | None:
    try:
        check_text(text)
    except UnreadableFile as exc:
        return str(exc)
    return None


_CHARS = st.sampled_from(
    list("aZ09 .,-\t\n\r\x0b\x0c")
    + list("ăđơưẠỹ–“\xa0°²½Ⅷ٣_")
    + ["\x00", "\x07", "\x1c", "\x1f", "\x7f", "\x85", "\x9f"]  # C0, information separators, C1
    + ["\ue000", "\uf8ff", "\uf900", "\ufffd", "\ufeff", "\U000f0000", "\U0010fffd", "\ud800"]
)
_PIECES = st.lists(_CHARS | st.text(max_size=4), max_size=300).map("".join)


@given(_PIECES)
@example("")
@example(" \n\t")
@example("1234 5678 .,;")  # no letter: the exact count decides
@example("a" + "." * 40)  # one ASCII letter among 41 signs: the exact count decides
@example("ă" + "." * 40)
@example("\x1c" + "a" * 100)  # a bad character str.split() takes for a blank
@example("\xa0\x85" + "b" * 300)  # a Latin-1 symbol and a C1 control share the lead byte
@settings(max_examples=800)
def test_check_text_byte_counts_decide_as_character_counts(text: str) -> None:
    assert _reason(text) == _reference(text)


_REPORT = "BÁO CÁO\nSố TT\tNội dung\tSố liệu\n1\tHồ sơ tiếp nhận\t1.234\n"


@given(
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["NFC", "NFD"]),
)
@settings(max_examples=40)
def test_text_hash_is_the_hash_of_the_normalised_text_whatever_the_bytes(
    encoding: str, newline: str, form: str
) -> None:
    """The UTF-8 shortcut (the file's own hash) gives what hashing the text gives."""
    text = unicodedata.normalize(form, _REPORT).replace("\n", newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # cp1258 has no precomposed form for some letters: nothing to read
    source = source_from_bytes(data, "r.txt")
    assert source.text == unicodedata.normalize("NFC", _REPORT)
    assert source.text_sha256 == text_sha256(source.text)
