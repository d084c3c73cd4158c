"""Aerial-like scenes for the demo: six kinds told apart by their layout.

Each kind has its own structure (furrowed field patches, a grid of roofs, a
tree canopy, water with a shore, a road network, large industrial halls);
every image draws its colours at random, so the layout, not the colour,
says which kind a scene is. The unlabeled pre-training images and the
held-out labeled set of the kNN check are drawn from here.
"""
import colorsys
from typing import Tuple

import numpy as np
from PIL import Image, ImageDraw

SCENES = ('farmland', 'residential', 'forest', 'water', 'roads', 'industrial')


def _rgb(rng, sat=(0.2, 0.8), val=(0.3, 0.95)) -> Tuple[int, int, int]:
    h, s, v = rng.random(), rng.uniform(*sat), rng.uniform(*val)
    return tuple(int(255 * c) for c in colorsys.hsv_to_rgb(h, s, v))


def _shade(colour, factor: float) -> Tuple[int, int, int]:
    return tuple(int(min(255, c * factor)) for c in colour)


def _farmland(rng, draw, w, h):
    for _ in range(int(rng.integers(4, 9))):
        x, y = int(rng.integers(-w // 4, w)), int(rng.integers(-h // 4, h))
        fw, fh = int(rng.integers(w // 3, w)), int(rng.integers(h // 3, h))
        colour = _rgb(rng)
        draw.rectangle((x, y, x + fw, y + fh), fill=colour)
        dark, pitch = _shade(colour, 0.6), int(rng.integers(3, 6))
        if rng.random() < 0.5:
            for lx in range(x, x + fw, pitch):
                draw.line((lx, y, lx, y + fh), fill=dark)
        else:
            for ly in range(y, y + fh, pitch):
                draw.line((x, ly, x + fw, ly), fill=dark)


def _residential(rng, draw, w, h):
    street = _rgb(rng, sat=(0, 0.2))
    roof = _rgb(rng)
    pitch, side = int(rng.integers(10, 15)), int(rng.integers(5, 8))
    for x in range(int(rng.integers(0, pitch)), w, pitch):
        for y in range(int(rng.integers(0, pitch)), h, pitch):
            draw.rectangle((x, y, x + side, y + side),
                           fill=roof,
                           outline=_shade(roof, 0.5))
    for x in range(0, w, 3 * pitch):
        draw.line((x - 2, 0, x - 2, h), fill=street, width=2)


def _forest(rng, draw, w, h):
    canopy = _rgb(rng)
    for _ in range(w * h // 30):
        x, y, r = rng.integers(0, w), rng.integers(0, h), rng.integers(2, 6)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=_shade(canopy, rng.uniform(0.5, 1.3)))


def _water(rng, draw, w, h):
    water = _rgb(rng, val=(0.2, 0.6))
    shore = int(rng.uniform(0.2, 0.6) * w)
    points = [(shore + int(rng.integers(-8, 9)), y)
              for y in range(0, h + 8, 8)]
    draw.polygon([(w, 0), *points, (w, h)], fill=water)
    for _ in range(int(rng.integers(2, 6))):
        y = int(rng.integers(0, h))
        draw.line((shore + 10, y, w, y + int(rng.integers(-3, 4))),
                  fill=_shade(water, 1.25))


def _roads(rng, draw, w, h):
    road = _rgb(rng, sat=(0, 0.25))
    for _ in range(int(rng.integers(2, 5))):
        if rng.random() < 0.5:
            x = int(rng.integers(0, w))
            draw.line((x, 0, x + int(rng.integers(-w // 3, w // 3)), h),
                      fill=road,
                      width=int(rng.integers(4, 8)))
        else:
            y = int(rng.integers(0, h))
            draw.line((0, y, w, y + int(rng.integers(-h // 3, h // 3))),
                      fill=road,
                      width=int(rng.integers(4, 8)))


def _industrial(rng, draw, w, h):
    for _ in range(int(rng.integers(2, 5))):
        bw, bh = int(rng.integers(w // 5,
                                  w // 2)), int(rng.integers(h // 5, h // 2))
        x, y = int(rng.integers(0, w - bw)), int(rng.integers(0, h - bh))
        colour = _rgb(rng, sat=(0, 0.4), val=(0.6, 1.0))
        draw.rectangle((x, y, x + bw, y + bh),
                       fill=colour,
                       outline=_shade(colour, 0.4),
                       width=2)


_DRAWERS = dict(
    farmland=_farmland,
    residential=_residential,
    forest=_forest,
    water=_water,
    roads=_roads,
    industrial=_industrial)


def scene(rng: np.random.Generator, kind: str, width: int,
          height: int) -> Image.Image:
    """One scene of ``kind`` on a random ground colour, with sensor noise."""
    img = Image.new('RGB', (width, height), _rgb(rng, val=(0.3, 0.8)))
    _DRAWERS[kind](rng, ImageDraw.Draw(img), width, height)
    arr = np.asarray(img, np.float32) + rng.normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
