"""What scanning and photocopying do to a page: uneven lighting, rotation, blur, specks, JPEG artefacts.

``degrade`` returns the damaged page and a function that carries a box of the clean page onto it (rotation
moves everything), so the ground truth follows the pixels.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Noise:
    """How badly a page is scanned. ``rotation`` is the largest angle in degrees (drawn in ±rotation)."""

    name: str
    dpi: tuple[int, int]
    rotation: float
    blur: float
    jpeg_quality: int | None
    specks: float
    """Fraction of pixels flipped to black or white (salt and pepper)."""
    lighting: float
    """Depth of the lighting gradient across the page (0 = even)."""


LEVELS = {
    "clean": Noise("clean", (300, 300), 0.0, 0.0, None, 0.0, 0.0),
    "scan": Noise("scan", (200, 300), 1.2, 0.6, 80, 0.0005, 0.15),
    "poor": Noise("poor", (150, 200), 3.0, 0.9, 45, 0.002, 0.3),
}


def degrade(image: Image.Image, noise: Noise, rng: random.Random) -> tuple[Image.Image, Callable[[Box], Box]]:
    width, height = image.size
    angle = rng.uniform(-noise.rotation, noise.rotation)
    if noise.lighting:
        image = _lighting(image, noise.lighting, rng)
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=_paper(image))
    if noise.blur:
        image = image.filter(ImageFilter.GaussianBlur(noise.blur * image.width / 2480 * 2))
    if noise.specks:
        image = _specks(image, noise.specks, rng)
    if noise.jpeg_quality is not None:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=noise.jpeg_quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")

    def move(box: Box) -> Box:
        return rotate_box(box, angle, width, height)

    return image, move


def rotate_box(box: Box, angle: float, width: int, height: int) -> Box:
    """The box (x0, y0, x1, y1) after Pillow's ``rotate(angle)`` about the centre (counter-clockwise)."""
    if not angle:
        return box
    theta = math.radians(angle)
    cx, cy = width / 2, height / 2
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * math.cos(theta) + dy * math.sin(theta))
        ys.append(cy - dx * math.sin(theta) + dy * math.cos(theta))
    return (math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys)))


def _paper(image: Image.Image) -> int:
    return int(np.percentile(np.asarray(image), 95))


def _lighting(image: Image.Image, depth: float, rng: random.Random) -> Image.Image:
    """A lamp off to one side: brightness falls off across the page, and the paper is not white."""
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    fx, fy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    ramp = (xs / width - 0.5) * fx + (ys / height - 0.5) * fy
    light = 1.0 - depth * (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    paper = rng.uniform(225, 250)
    toned = pixels / 255.0 * paper * light
    return Image.fromarray(np.clip(toned, 0, 255).astype(np.uint8))


def _specks(image: Image.Image, fraction: float, rng: random.Random) -> Image.Image:
    pixels = np.array(image)
    noise = np.random.default_rng(rng.randrange(2**32))
    flips = noise.random(pixels.shape) < fraction
    pixels[flips] = np.where(noise.random(int(flips.sum())) < 0.5, 0, 255)
    return Image.fromarray(pixels)
