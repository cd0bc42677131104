"""Drawing primitives of paper forms, in millimetres on a page rendered at a chosen resolution.

Printed labels use DejaVu Sans/Serif; filled-in values are typed (DejaVu Sans Mono), printed in capitals
(DejaVu Sans Bold) or written by hand (an oblique face, each letter jittered in place and size). Every value
drawn returns its box in pixels, which becomes the form's ground truth.
"""

from __future__ import annotations

import functools
import math
import random

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu/"
STYLES = {
    "label": "DejaVuSans.ttf", "label_bold": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif.ttf",
    "serif_bold": "DejaVuSerif-Bold.ttf", "italic": "DejaVuSerif-Italic.ttf", "condensed": "DejaVuSansCondensed.ttf",
    "typed": "DejaVuSansMono.ttf", "caps": "DejaVuSans-Bold.ttf", "hand": "DejaVuSansCondensed-Oblique.ttf",
}
Box = tuple[int, int, int, int]


@functools.cache
def font(style: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONTS + STYLES[style], max(6, size_px))


class Canvas:
    """A white page ``width_mm`` × ``height_mm`` at ``dpi``; coordinates in mm from the top-left corner."""

    def __init__(self, dpi: int, rng: random.Random, width_mm: float = 210.0, height_mm: float = 297.0) -> None:
        self.dpi = dpi
        self.rng = rng
        self.image = Image.new("L", (self.px(width_mm), self.px(height_mm)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.ink = rng.randint(0, 40)
        """Gray level of the printed ink (toner is rarely pure black)."""

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def size(self, pt: float) -> int:
        return round(pt / 72.0 * self.dpi)

    def text(self, x: float, y: float, words: str, pt: float = 10, style: str = "label",
             anchor: str = "la") -> Box:
        """Printed text with its top-left (or ``anchor``) at (x, y) mm; returns its ink box in pixels."""
        face = font(style, self.size(pt))
        box = self.draw.textbbox((self.px(x), self.px(y)), words, font=face, anchor=anchor)
        self.draw.text((self.px(x), self.px(y)), words, fill=self.ink, font=face, anchor=anchor)
        return (int(box[0]), int(box[1]), int(box[2]), int(box[3]))

    def width_mm(self, words: str, pt: float = 10, style: str = "label") -> float:
        return font(style, self.size(pt)).getlength(words) / self.dpi * 25.4

    def value(self, x: float, baseline: float, words: str, hand: str, pt: float = 11) -> Box:
        """A filled-in value in ``hand`` (typed, caps or hand) with its baseline at ``baseline`` mm."""
        if hand == "caps":
            return self.text(x, baseline, words.upper(), pt, "caps", anchor="ls")
        if hand == "typed":
            return self.text(x, baseline, words, pt, "typed", anchor="ls")
        return self._handwritten(x, baseline, words, pt)

    def _handwritten(self, x: float, baseline: float, words: str, pt: float) -> Box:
        rng, left, base = self.rng, float(self.px(x)), self.px(baseline)
        ink = rng.randint(10, 70)  # a ballpoint, lighter than toner
        boxes: list[tuple[float, float, float, float]] = []
        for char in words:
            face = font("hand", self.size(pt * rng.uniform(0.93, 1.08)))
            y = base + rng.uniform(-0.06, 0.06) * face.size
            if char != " ":
                boxes.append(self.draw.textbbox((left, y), char, font=face, anchor="ls"))
                self.draw.text((left, y), char, fill=ink, font=face, anchor="ls")
            left += face.getlength(char) * rng.uniform(0.97, 1.1)
        return _union(boxes)

    def hline(self, x0: float, x1: float, y: float, weight: float = 0.25) -> None:
        self.draw.line([(self.px(x0), self.px(y)), (self.px(x1), self.px(y))], fill=self.ink,
                       width=max(1, self.px(weight)))

    def vline(self, x: float, y0: float, y1: float, weight: float = 0.25) -> None:
        self.draw.line([(self.px(x), self.px(y0)), (self.px(x), self.px(y1))], fill=self.ink,
                       width=max(1, self.px(weight)))

    def rect(self, x0: float, y0: float, x1: float, y1: float, weight: float = 0.25) -> None:
        self.draw.rectangle([self.px(x0), self.px(y0), self.px(x1), self.px(y1)], outline=self.ink,
                            width=max(1, self.px(weight)))

    def dots(self, x0: float, x1: float, y: float, *, as_text: bool, pt: float = 10) -> None:
        """A dotted leader from x0 to x1 mm on the line y mm: full stops typed in the label font, or dots."""
        if x1 - x0 < 2:
            return
        if as_text:
            dot = self.width_mm(".", pt)
            self.text(x0, y, "." * int((x1 - x0) / dot), pt, anchor="ls")
            return
        step, radius = self.px(1.1), max(1, self.px(0.18))
        for cx in range(self.px(x0), self.px(x1), step):
            self.draw.ellipse([cx - radius, self.px(y) - radius, cx + radius, self.px(y) + radius], fill=self.ink)

    def letter_boxes(self, x: float, y: float, letters: str, count: int, *, cell: float = 5.0,
                     gap: float = 0.0, groups: tuple[int, ...] = ()) -> Box:
        """``count`` boxes of ``cell`` mm from (x, y), one letter in each (``letters`` padded with blanks).
        ``gap`` separates boxes; ``groups`` (sizes) puts a wider gap between groups (dates, phone pairs)."""
        face = font("caps", self.size(cell * 2.0))
        left, filled = x, []
        ends = {sum(groups[: i + 1]) for i in range(len(groups))}
        for index in range(count):
            self.rect(left, y, left + cell, y + cell, 0.2)
            char = letters[index] if index < len(letters) else " "
            if char != " ":
                centre = (self.px(left + cell / 2) + self.rng.randint(-1, 1), self.px(y + cell * 0.55))
                filled.append(self.draw.textbbox(centre, char, font=face, anchor="mm"))
                self.draw.text(centre, char, fill=self.rng.randint(10, 60), font=face, anchor="mm")
            left += cell + gap + (cell * 0.6 if index + 1 in ends else 0.0)
        return _union(filled)

    def checkbox(self, x: float, y: float, label: str, checked: bool, pt: float = 10) -> float:
        """A square with an optional cross and its label; returns the x (mm) after it."""
        side = pt * 0.3
        self.rect(x, y - side, x + side, y, 0.2)
        if checked:
            self.draw.line([(self.px(x + 0.5), self.px(y - side + 0.5)), (self.px(x + side - 0.5), self.px(y - 0.5))],
                           fill=self.ink, width=max(1, self.px(0.3)))
            self.draw.line([(self.px(x + 0.5), self.px(y - 0.5)), (self.px(x + side - 0.5), self.px(y - side + 0.5))],
                           fill=self.ink, width=max(1, self.px(0.3)))
        self.text(x + side + 1.5, y, label, pt, anchor="ls")
        return x + side + 3.0 + self.width_mm(label, pt) + 4.0

    def scribble(self, x: float, y: float, width: float, height: float) -> None:
        """A signature: a few loops of a pen that never lifts."""
        rng, points = self.rng, []
        for step in range(60):
            t = step / 59
            swing = math.sin(t * rng.uniform(9, 14)) * height / 2 * rng.uniform(0.5, 1)
            points.append((self.px(x + width * t + rng.uniform(-1, 1)), self.px(y + height / 2 + swing)))
        self.draw.line(points, fill=self.rng.randint(20, 80), width=max(1, self.px(0.35)), joint="curve")

    def stamp(self, x: float, y: float, radius: float, words: str) -> None:
        """A round office stamp, pale and slightly offset, with a word across it."""
        gray = self.rng.randint(90, 150)
        for ring in (radius, radius * 0.72):
            self.draw.ellipse([self.px(x - ring), self.px(y - ring), self.px(x + ring), self.px(y + ring)],
                              outline=gray, width=max(1, self.px(0.4)))
        face = font("label_bold", self.size(radius * 1.1))
        self.draw.text((self.px(x), self.px(y)), words, fill=gray, font=face, anchor="mm")


def _union(boxes: list[tuple[float, float, float, float]]) -> Box:
    if not boxes:
        return (0, 0, 0, 0)
    return (int(min(b[0] for b in boxes)), int(min(b[1] for b in boxes)), int(max(b[2] for b in boxes)) + 1,
            int(max(b[3] for b in boxes)) + 1)
