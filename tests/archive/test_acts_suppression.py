"""Small-cell suppression: primary, complementary along every line, and against differencing by one filter."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from archive.acts.service import parse_date
from archive.acts.suppression import Key, suppress
from archive.errors import Invalid


def _lines_hold(table: dict[Key, int | None]) -> None:
    """No line (all cells sharing every key but one; for one dimension the whole table) has exactly one
    suppressed cell among several: no row, column or grand total gives a suppressed count away."""
    keys = list(table)
    width = len(keys[0])
    for dim in range(width):
        groups: dict[Key, list[Key]] = {}
        for k in keys:
            groups.setdefault(k[:dim] + k[dim + 1:], []).append(k)
        for line in groups.values():
            hidden = [k for k in line if table[k] is None]
            assert len(hidden) != 1 or len(line) == 1, (dim, line, table)


def test_when_one_cell_is_small_then_it_and_a_partner_are_suppressed() -> None:
    table = suppress({("Mopti",): 12, ("Gao",): 3, ("Kidal",): 7, ("Ségou",): 9}, 5)
    assert table[("Gao",)] is None
    assert table[("Kidal",)] is None  # the smallest other cell: the total minus the rest would give Gao away
    assert table[("Mopti",)] == 12 and table[("Ségou",)] == 9
    _lines_hold(table)


def test_when_no_cell_is_small_then_nothing_is_suppressed() -> None:
    cells = {("rape",): 5, ("killing",): 40}
    assert suppress(cells, 5) == cells


@pytest.mark.parametrize("seed", range(12))
def test_when_a_two_way_table_has_small_cells_then_no_line_has_a_lone_suppressed_cell(seed: int) -> None:
    import random

    rng = random.Random(seed)
    regions, years = ["Mopti", "Gao", "Kidal", "Ségou"], ["2012", "2013", "2019"]
    cells = {(r, y): rng.choice([1, 2, 3, 4, 6, 9, 15, 30]) for r, y in itertools.product(regions, years)
             if rng.random() > 0.15}
    table = suppress(cells, 5)
    assert all(table[k] is None for k, v in cells.items() if v < 5)
    assert all(table[k] in (None, v) for k, v in cells.items())
    _lines_hold(table)


def test_when_a_filtered_table_would_reveal_a_small_count_by_difference_then_that_cell_is_suppressed() -> None:
    wider = {("Mopti",): 9, ("Gao",): 20, ("Kidal",): 30}  # the whole archive (another query gives it)
    case = {("Mopti",): 6, ("Gao",): 20, ("Kidal",): 12}  # one case: Mopti 9 - 6 = 3 acts of other cases
    table = suppress(case, 5, wider=wider)
    assert table[("Mopti",)] is None
    assert sum(1 for v in table.values() if v is None) >= 2
    _lines_hold(table)
    assert suppress(case, 5)[("Mopti",)] == 6  # without the wider table in view it would have been shown


@pytest.mark.parametrize(("value", "expected"), [
    ("2013", (2013, None, None, "year")), ("2013-01", (2013, 1, None, "month")),
    ("2013-01-15", (2013, 1, 15, "day")), ("~2012", (2012, None, None, "around")), (None, (None,) * 4),
])
def test_when_a_date_is_given_at_any_precision_then_it_is_read(value: str | None, expected: tuple[object]) -> None:
    assert parse_date(value, today=dt.date(2026, 1, 1)) == expected


@pytest.mark.parametrize(("value", "key"), [("2030", "act_date_future"), ("2026-02", "act_date_future"),
                                            ("13/01/2013", "act_date_format"), ("2013-13", "act_date_format"),
                                            ("2013-02-30", "act_date_format"), ("vers 2012", "act_date_format")])
def test_when_a_date_is_in_the_future_or_unreadable_then_it_is_refused(value: str, key: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_date(value, today=dt.date(2026, 1, 1))
    assert refused.value.key == key
    assert value in refused.value.message("fr") and value in refused.value.message("en")
