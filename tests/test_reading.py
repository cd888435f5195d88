"""Encoding detection on small texts written for the case (the samples are UTF-8)."""

from __future__ import annotations

import pytest

from ingest.reading import UnreadableFile, decode, source_from_bytes, vietnamese_share

from .conftest import sample_path, to_cp1258

FRENCH = (
    "Le rapport trimestriel présente les résultats de la réforme administrative : "
    "délais réduits, procédures simplifiées, démarches en ligne pour les usagers. "
    "Ça progresse à grands pas ; l'été prochain, déjà, 95 % des dossiers seront traités."
)


def test_vietnamese_text_has_a_high_share_of_vietnamese_letters():
    text = sample_path("001").read_text(encoding="utf-8")
    assert vietnamese_share(text) > 0.05
    assert vietnamese_share(FRENCH) == 0.0


def test_windows_1258_vietnamese_is_detected_and_composed():
    data = to_cp1258("Sở Thông tin và Truyền thông")
    assert b"\xd2" in data  # the hook above of "ở" is a combining mark in cp1258
    assert decode(data)[1] == "cp1258"
    assert source_from_bytes(data, "x.txt").text == "Sở Thông tin và Truyền thông"


def test_a_western_8_bit_file_is_not_taken_for_windows_1258():
    """French in Windows-1252 decodes under cp1258 too; its letters say it is not Vietnamese."""
    data = FRENCH.encode("cp1252")
    text, encoding = decode(data)
    assert encoding != "cp1258"
    assert (
        "présente" in text and "été" in text
    )  # which Western code page is charset-normalizer's call


def test_a_portuguese_like_file_with_a_few_tilde_letters_is_not_vietnamese():
    # ã and õ become ă and ơ under cp1258: a handful among many letters stays under 2%.
    data = (FRENCH + " São Paulo, não, põe.").encode("cp1252")
    assert decode(data)[1] != "cp1258"


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_or_blank_files_are_refused(data):
    with pytest.raises(UnreadableFile, match="empty"):
        source_from_bytes(data, "x.txt")
