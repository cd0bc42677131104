"""Small-cell suppression of a table of counts (GBVIMS information-sharing practice).

Primary: a cell below ``min_cell`` is suppressed. Against differencing: when the table is a subset of a wider
one the same person can ask for (a ``--case`` filter against the whole archive), a cell whose complement
(wider count minus this one) lies between 1 and ``min_cell - 1`` is suppressed too, so subtracting the two
tables reveals nothing small. Complementary: any line of the table (all cells sharing every key but one, and
for one dimension the whole table, whose total another query gives) that holds exactly one suppressed cell
gets a second one, so no suppressed count can be recovered from a row, column or grand total; repeated until
no line has a lone suppressed cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

Key = tuple[str, ...]


def _lines(keys: list[Key], width: int) -> list[list[Key]]:
    """Every line: cells that agree on all dimensions but one."""
    lines: list[list[Key]] = []
    for dim in range(width):
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in keys:
            groups[key[:dim] + key[dim + 1:]].append(key)
        lines.extend(groups.values())
    return lines


def suppress(cells: Mapping[Key, int], min_cell: int, *,
             wider: Mapping[Key, int] | None = None) -> dict[Key, int | None]:
    """The table with suppressed cells as None (see the module's docstring)."""
    keys = sorted(cells)
    width = len(keys[0]) if keys else 0
    hidden = {k for k in keys if cells[k] < min_cell}
    if wider is not None:
        hidden |= {k for k in keys if 0 < wider.get(k, cells[k]) - cells[k] < min_cell}
    lines = _lines(keys, width)
    lines_of: dict[Key, int] = defaultdict(int)
    for line in lines:
        for key in line:
            lines_of[key] += len(line) > 1
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [k for k in line if k in hidden]
            if len(lone) != 1:
                continue
            others = [k for k in line if k not in hidden]
            if not others:
                continue
            # the partner: one whose value no other marginal gives away (it sits in lines of several cells
            # along every dimension), then the smallest count, then the key (deterministic across queries)
            partner = min(others, key=lambda k: (-lines_of[k], cells[k], k))
            hidden.add(partner)
            changed = True
    return {k: (None if k in hidden else cells[k]) for k in keys}
