"""Write a tiny synthetic dataset in mmseg's LoveDA layout, for segmentation
demos and tests.

Layout (what ``tools/dataset_converters/loveda2mmseg.py`` writes from the
real zips, and what ``configs_mmseg/*_loveda.py`` read)::

    <out>/img_dir/train/0.png ...     RGB images, ids 0..num_train-1
    <out>/img_dir/val/16.png ...      the next num_val ids
    <out>/ann_dir/{train,val}/<id>.png  single-channel uint8 masks coded as
                                      LoveDA's: 0 no-data, 1..7 the classes
                                      background, building, road, water,
                                      barren, forest, agricultural

Each image is a Voronoi partition into 4-8 regions, each region one class
painted with that class's own colour and texture (a red/white checkerboard
of roofs, smooth dark grey road, smooth blue water, grainy sand, blotchy
dark green forest, green field stripes, beige noisy background), so that a
segmentor learns them quickly. About one image in three has a black
no-data strip (mask 0) along one edge, as real LoveDA tiles do. Region
classes take turns within a split, so every split of 2 or more images holds
all 7 classes. Each image is drawn from its own generator seeded by
(seed, id): the output is the same for the same arguments.

Example::

    python tools/generate_demo_data.py --kind loveda --out data/demo_loveda \\
        --seed 0
"""
import argparse
import os
import os.path as osp
from typing import Tuple

import numpy as np
from PIL import Image

# LoveDA's mask values: 0 = no-data, k = CLASSES[k - 1]
CLASSES = ('background', 'building', 'road', 'water', 'barren', 'forest',
           'agricultural')
NO_DATA = 0


def class_textures(rng: np.random.Generator, size: int) -> np.ndarray:
    """``(8, size, size, 3)`` uint8: what a pixel of mask value k looks
    like (k = 0: black no-data)."""
    yy, xx = np.mgrid[:size, :size]
    period = max(2, size // 16)

    def noisy(colour, sigma):
        return np.asarray(colour, np.float32) + rng.normal(
            0, sigma, (size, size, 3)).astype(np.float32)

    def two_tone(pattern, a, b, sigma):
        return np.where(pattern[..., None], np.float32(a),
                        np.float32(b)) + rng.normal(0, sigma, (size, size, 3))

    checker = ((yy // period + xx // period) % 2).astype(bool)
    stripes = (((xx + yy) // period) % 2).astype(bool)
    # blotches: coarse noise upsampled
    coarse = rng.normal(0, 18, (4, 4, 3)).astype(np.float32)
    blotch = np.kron(coarse,
                     np.ones((size // 4 + 1, size // 4 + 1, 1),
                             np.float32))[:size, :size]
    textures = np.stack([
        np.zeros((size, size, 3), np.float32),  # 0 no-data
        noisy((160, 150, 128), 8),  # 1 background
        two_tone(checker, (215, 85, 70), (235, 235, 230), 4),  # 2 building
        noisy((72, 72, 78), 3),  # 3 road
        noisy((30, 62, 145), 2),  # 4 water
        noisy((205, 185, 140), 25),  # 5 barren
        noisy((28, 92, 38), 6) + blotch,  # 6 forest
        two_tone(stripes, (165, 205, 85), (115, 160, 60), 4),  # 7 agri
    ])
    return np.clip(textures, 0, 255).astype(np.uint8)


def draw_tile(rng: np.random.Generator, size: int,
              first_class: int) -> Tuple[np.ndarray, np.ndarray, int]:
    """One ``(image, mask)`` pair; its regions take classes
    ``first_class, first_class + 1, ...`` (cyclically, 1..7). Returns the
    pair and the number of regions drawn."""
    mask = np.full((size, size), NO_DATA, np.uint8)
    valid = np.ones((size, size), bool)
    if rng.random() < 1 / 3:  # a no-data strip along one edge
        width = int(rng.integers(max(1, size // 10), max(2, size // 4)))
        side = int(rng.integers(4))
        strip = (slice(None), slice(None))
        if side == 0:
            strip = (slice(0, width), slice(None))
        elif side == 1:
            strip = (slice(size - width, size), slice(None))
        elif side == 2:
            strip = (slice(None), slice(0, width))
        else:
            strip = (slice(None), slice(size - width, size))
        valid[strip] = False
    num = int(rng.integers(4, 9))
    # distinct seed pixels inside the valid area: every region keeps at
    # least its seed pixel, so every class drawn is in the mask
    candidates = np.flatnonzero(valid)
    seeds = rng.choice(candidates, size=num, replace=False)
    sy, sx = np.divmod(seeds, size)
    yy, xx = np.mgrid[:size, :size]
    dist = (yy[..., None] - sy)**2 + (xx[..., None] - sx)**2
    region = dist.argmin(axis=-1)
    classes = np.array([(first_class - 1 + k) % len(CLASSES) + 1
                        for k in range(num)], np.uint8)
    mask[valid] = classes[region[valid]]
    textures = class_textures(rng, size)
    image = np.take_along_axis(textures, mask[None, ..., None].astype(int),
                               0)[0]
    return image, mask, num


def _write_split(out: str, split: str, ids, size: int, seed: int) -> None:
    turn = 1
    for image_id in ids:
        rng = np.random.default_rng([seed, image_id])
        image, mask, num = draw_tile(rng, size, turn)
        turn = (turn - 1 + num) % len(CLASSES) + 1
        Image.fromarray(image).save(
            osp.join(out, 'img_dir', split, f'{image_id}.png'))
        Image.fromarray(mask).save(
            osp.join(out, 'ann_dir', split, f'{image_id}.png'))


def generate(out: str,
             num_train: int = 16,
             num_val: int = 4,
             size: int = 128,
             seed: int = 0) -> None:
    """Write the dataset under ``out`` (files of the same names are
    overwritten)."""
    for kind in ('img_dir', 'ann_dir'):
        for split in ('train', 'val'):
            os.makedirs(osp.join(out, kind, split), exist_ok=True)
    _write_split(out, 'train', range(num_train), size, seed)
    _write_split(out, 'val', range(num_train, num_train + num_val), size, seed)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default='data/demo_loveda')
    parser.add_argument('--num-train', type=int, default=16)
    parser.add_argument('--num-val', type=int, default=4)
    parser.add_argument(
        '--size', type=int, default=128, help='image side in px')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    if args.size < 16:
        parser.error('--size must be at least 16 (regions need room)')
    if args.num_train < 1 or args.num_val < 1:
        parser.error('--num-train and --num-val must be at least 1')
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    generate(args.out, args.num_train, args.num_val, args.size, args.seed)
    print(f'wrote {args.num_train} train + {args.num_val} val images of '
          f'{args.size} px with LoveDA masks (0 no-data, 1..7 '
          f'{", ".join(CLASSES)}) to {args.out}')
