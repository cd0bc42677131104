"""Areas of a page a person marked to be hidden (a box drawn by hand on a scanned page), whatever OCR read there.

An area is given in fractions of its page's width and height (0..1, origin top-left), so it applies to the
page however it is rendered: the image at its own size, a PDF page at any resolution.

    PageArea(page=1, box=(0.10, 0.20, 0.45, 0.26)).pixels(2480, 3508)  # -> (248, 701, 1116, 913)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Fractions = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageArea:
    """A box on page ``page`` (numbered from 1): ``(x0, y0, x1, y1)`` as fractions of the page's size."""

    page: int
    box: Fractions

    def __post_init__(self) -> None:
        x0, y0, x1, y1 = self.box
        if self.page < 1:
            raise ValueError(f"page numbers start at 1, not {self.page}")
        if not (0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0):
            raise ValueError(f"a box is (x0, y0, x1, y1) with 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, not {self.box}")

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The box in pixels of a page ``width`` x ``height``, rounded outwards (never smaller than drawn)."""
        x0, y0, x1, y1 = self.box
        return (math.floor(x0 * width), math.floor(y0 * height), min(width, math.ceil(x1 * width)),
                min(height, math.ceil(y1 * height)))


def on_page(areas: tuple[PageArea, ...] | list[PageArea], page: int) -> list[PageArea]:
    """The areas drawn on page ``page``."""
    return [area for area in areas if area.page == page]
