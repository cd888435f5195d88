"""The second speed pass's shortcuts give exactly what their plain definitions give.

Each function here was rewritten for fewer passes per row; its plain definition stays
beside it in the module, and these properties compare the two on arbitrary input with
the shapes the parser meets over-represented (missing values, zeros, runs that sum).
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.cell_sums import learn_sums, learn_sums_plain

# Values of a full row: small counts (so runs often sum), zeros, halves (the 0.5
# tolerance's edge), large and negative numbers, and None for a cell that is no number.
_VALUE = st.one_of(
    st.integers(0, 12).map(float),
    st.sampled_from([0.0, 0.5, -0.5, 1e12, 1e12 + 1, -3.0, 0.1, 0.2, 0.3]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.none(),
)


@st.composite
def _table(draw: st.DrawFn) -> tuple[list[list[float | None]], int]:
    width = draw(st.integers(0, 7))
    rows = draw(st.lists(st.lists(_VALUE, min_size=width, max_size=width), max_size=8))
    return rows, width


@given(_table())
@example(([[5.0, 2.0, 3.0, 1.0], [9.0, 4.0, 5.0, 0.0], [0.0, 0.0, 0.0, 0.0]], 4))
@example(([[1.0, 2.0, 3.0], [2.0, 3.0, 5.0], [None, 1.0, 1.0]], 3))
@example(([[0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], 3))
@settings(max_examples=600)
def test_learn_sums_matches_checking_every_run_of_every_row(
    table: tuple[list[list[float | None]], int],
) -> None:
    rows, width = table
    assert learn_sums(rows, width) == learn_sums_plain(rows, width)


def test_learn_sums_finds_a_total_printed_first_and_last() -> None:
    first = [[5.0, 2.0, 3.0], [9.0, 4.0, 5.0]]
    last = [[2.0, 3.0, 5.0], [4.0, 5.0, 9.0]]
    assert [(s.total, s.parts) for s in learn_sums(first, 3)] == [(0, (1, 2))]
    assert [(s.total, s.parts) for s in learn_sums(last, 3)] == [(2, (0, 1))]
