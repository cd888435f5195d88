"""ingest.text.fold (Python) and the dbt macro fold (SQL) give the same key for any text.

Keys built on both sides meet in joins (unit names, header paths), so a character class
folded differently silently breaks a match. The macro is rendered from
dbt_project/macros/fold.sql and run in DuckDB, as dbt runs it.
"""

from __future__ import annotations

import duckdb
import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.text import fold

from .conftest import ROOT


@pytest.fixture(scope="module")
def sql_fold():
    source = (ROOT / "dbt_project" / "macros" / "fold.sql").read_text(encoding="utf-8")
    macro = jinja2.Environment().from_string(source).module.fold
    con = duckdb.connect()
    query = f"select {macro('?')}"
    yield lambda text: con.execute(query, [text]).fetchone()[0]
    con.close()


@pytest.mark.parametrize(
    "text, key",
    [
        ("Tăng – giảm", "tang giam"),
        ("Sở Nông nghiệp và PTNT", "so nong nghiep va ptnt"),
        ("ĐỒNG HỶ", "dong hy"),
        ("Huyện\u00a0Đại\u2002Từ…", "huyen dai tu"),
        ("  Trực tuyến\t(%)\n", "truc tuyen (%)"),
    ],
)
def test_known_texts(sql_fold, text, key):
    assert fold(text) == key
    assert sql_fold(text) == key


# Vietnamese letters in both normal forms, ASCII, punctuation and typographic marks, every
# kind of blank, and letters of other scripts.
_ALPHABET = st.one_of(
    st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ"
    ),
    st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\u00a0\u2002\u3000"),
    st.sampled_from("–—…“”‘’•·×÷°%()/.,;:-+0123456789"),
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_python_and_sql_fold_agree(sql_fold, text):
    assert sql_fold(text) == fold(text)
