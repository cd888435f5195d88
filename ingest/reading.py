"""Reading a report file: identity, encoding, Unicode normalisation.

A document's identity is the SHA-256 of its bytes, so re-reading the same bytes
gives the same id whatever the file is called. Text comes as UTF-8 (with or
without BOM), UTF-16 (BOM or not) or Windows-1258, the legacy Vietnamese code
page whose tone marks are combining characters: NFC normalisation turns
'Ho\u0302\u0300' into 'Hồ' so that every later comparison sees one spelling.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Letters only Vietnamese writes: ă đ ơ ư, and (after NFC) the vowels with tone marks of
# Latin Extended Additional. French, German or Spanish text read as Windows-1258 has
# almost none; Vietnamese prose has them in about one letter in ten.
_VIETNAMESE_ONLY = frozenset("ăđơưĂĐƠƯ")
_TONED_VOWELS = ("\u1ea0", "\u1ef9")  # Ạ … ỹ
_MIN_VIETNAMESE_SHARE = 0.02


class UnreadableFile(Exception):
    """The file cannot be read as a report; the message says why, for raw.documents.error."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    document_id: str
    file_name: str
    path: str
    size_bytes: int
    encoding: str
    text: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    controls = len(sample.translate(None, _TEXT_BYTES))  # bytes left = control bytes
    return controls / len(sample) > 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise UnreadableFile with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16
    if data.find(b"\x00", 0, 65536) >= 0 or _looks_binary(data):
        raise UnreadableFile("binary file: control bytes where text was expected")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8: the legacy Vietnamese code page is the usual suspect; accept it only if
    # the result contains Vietnamese letters, otherwise let charset-normalizer judge.
    try:
        text = data.decode("cp1258")
        if vietnamese_share(text) >= _MIN_VIETNAMESE_SHARE:
            return text, "cp1258"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # the last resort: imported only when needed

    best = from_bytes(data).best()
    if best is None or best.encoding in ("ascii",):
        raise UnreadableFile(
            f"undecodable text: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), "
            "not UTF-16, not Windows-1258"
        )
    return str(best), best.encoding


def vietnamese_share(text: str, sample: int = 65536) -> float:
    """Share of the letters (of the first `sample` characters) that only Vietnamese writes."""
    letters = vietnamese = 0
    lo, hi = _TONED_VOWELS
    for ch in unicodedata.normalize("NFC", text[:sample]):
        if ch.isalpha():
            letters += 1
            if ch in _VIETNAMESE_ONLY or lo <= ch <= hi:
                vietnamese += 1
    return vietnamese / letters if letters else 0.0


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"undecodable {encoding}: {exc.reason} at byte {exc.start}") from exc


def normalise_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(f"file too large: {size} bytes, limit {max_bytes}")
    return path.read_bytes()


def source_from_bytes(data: bytes, file_name: str, path: str = "") -> SourceFile:
    """Decode bytes into a SourceFile; raises UnreadableFile."""
    if not data:
        raise UnreadableFile("empty file: 0 bytes")
    text, encoding = decode(data)
    text = normalise_text(text)
    if not text or text.isspace():  # without copying the whole text
        raise UnreadableFile("empty file: only whitespace")
    return SourceFile(
        document_id=sha256_hex(data),
        file_name=file_name,
        path=path or file_name,
        size_bytes=len(data),
        encoding=encoding,
        text=text,
    )
