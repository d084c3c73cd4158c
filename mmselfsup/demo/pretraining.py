"""Write a tiny synthetic stand-in for ImageNet + Million-AID, and a
held-out labeled scene set for the kNN check.

Layout (the same as the real data, so configs only change their roots)::

    <out>/ImageNet/train/<class>/<class>_<i>.JPEG
    <out>/ImageNet/meta/train.txt          "<class>/<file> <label>" lines
    <out>/million_aid/test/<i>.jpg
    <out>/scenes/{train,val}/<scene>/<i>.jpg
    <out>/demo_manifest.json               arguments + files, written last

Each labeled class is a distinct texture (stripes, checker, dots, ...) in
random colours, so a classifier can learn it through the augmentation.
Unlabeled images are aerial-like scenes of six kinds told apart by their
layout (mmselfsup.demo.scenes), in random colours, with sizes from 64 to 300
px a side. The held-out set holds other scenes of the same six kinds, one
class folder per kind: never seen in pre-training, and not the labeled
textures. Every image is drawn from its own generator seeded by (seed,
source, index), so the output is byte-identical for the same arguments.
Rerunning with the same arguments does nothing; other arguments first
remove the files of the previous run.

Example::

    python tools/generate_demo_data.py --out data/demo --seed 0
"""
import argparse
import colorsys
import json
import os
import os.path as osp
from functools import partial

import numpy as np
from PIL import Image

from mmselfsup.demo.scenes import SCENES, scene

MANIFEST = 'demo_manifest.json'
TEXTURES = ('hstripes', 'vstripes', 'checker', 'dots', 'rings', 'grid',
            'diagonal', 'blobs')


def _colour(hue: float, sat: float = 0.8, val: float = 0.9) -> tuple:
    return tuple(int(255 * c) for c in colorsys.hsv_to_rgb(hue % 1, sat, val))


def _noisy(rng, img: Image.Image, sigma: float) -> Image.Image:
    arr = np.asarray(img, dtype=np.float32)
    arr = arr + rng.normal(0, sigma, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _texture_mask(rng, texture: str, h: int, w: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    pitch = int(rng.integers(6, 11))
    py, px = (int(v) for v in rng.integers(0, pitch, size=2))
    y, x = yy + py, xx + px
    if texture == 'hstripes':
        return (y // pitch) % 2 == 0
    if texture == 'vstripes':
        return (x // pitch) % 2 == 0
    if texture == 'checker':
        return (y // pitch + x // pitch) % 2 == 0
    if texture == 'dots':
        c = (pitch - 1) / 2
        return (y % pitch - c)**2 + (x % pitch - c)**2 < (pitch / 3)**2
    if texture == 'rings':
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        return (np.hypot(yy - cy, xx - cx) // pitch) % 2 == 0
    if texture == 'grid':
        return (y % pitch < 2) | (x % pitch < 2)
    if texture == 'diagonal':
        return ((x + y) // pitch) % 2 == 0
    coarse = rng.random((h // pitch + 2, w // pitch + 2)) < 0.5  # blobs
    return np.kron(coarse, np.ones((pitch, pitch), bool))[py:py + h, px:px + w]


def labeled_image(seed: int, label: int, index: int) -> Image.Image:
    """Class ``label`` is a texture filling the image, in random colours.

    Only the texture tells the classes apart, and it survives the released
    augmentation (random crops, flips, grayscale, colour and hue jitter),
    so the supervised branch can learn it.
    """
    rng = np.random.default_rng([seed, 0, label, index])
    w, h = (int(v) for v in rng.integers(48, 97, size=2))
    fg = np.array(
        _colour(rng.random(), rng.uniform(0.3, 0.9), rng.uniform(0.75, 1.0)),
        np.uint8)
    bg = np.array(
        _colour(rng.random(), rng.uniform(0.3, 0.9), rng.uniform(0.1, 0.35)),
        np.uint8)
    mask = _texture_mask(rng, TEXTURES[label % len(TEXTURES)], h, w)
    img = np.where(mask[..., None], fg, bg)
    return _noisy(rng, Image.fromarray(img), 12)


def aerial_image(seed: int, index: int) -> Image.Image:
    """An unlabeled aerial-like scene of a random kind and size."""
    rng = np.random.default_rng([seed, 1, index])
    w, h = (int(v) for v in rng.integers(64, 301, size=2))
    return scene(rng, SCENES[int(rng.integers(len(SCENES)))], w, h)


def held_out_scene(seed: int, split: int, kind: int,
                   index: int) -> Image.Image:
    """A labeled scene of the held-out kNN set (a generator of its own)."""
    rng = np.random.default_rng([seed, 2, split, kind, index])
    w, h = (int(v) for v in rng.integers(64, 129, size=2))
    return scene(rng, SCENES[kind], w, h)


def _plan(seed, num_classes, per_class, num_unlabeled, scenes_per_class):
    """(path under ``out``, image drawer, annotation line or None) triples."""
    plan = []
    for label in range(num_classes):
        cls = f'n{label:08d}'
        for i in range(per_class):
            name = f'{cls}/{cls}_{i:04d}.JPEG'
            plan.append((f'ImageNet/train/{name}',
                         partial(labeled_image, seed, label,
                                 i), f'{name} {label}\n'))
    for i in range(num_unlabeled):
        plan.append(
            (f'million_aid/test/{i:06d}.jpg', partial(aerial_image, seed,
                                                      i), None))
    splits = (('train', scenes_per_class), ('val', scenes_per_class // 2))
    for split, (name, count) in enumerate(splits):
        for kind, kind_name in enumerate(SCENES):
            for i in range(count):
                plan.append((f'scenes/{name}/{kind_name}/{i:04d}.jpg',
                             partial(held_out_scene, seed, split, kind,
                                     i), None))
    return plan


def generate(out: str,
             seed: int = 0,
             num_classes: int = 5,
             per_class: int = 8,
             num_unlabeled: int = 120,
             scenes_per_class: int = 20) -> dict:
    """Write the demo data under ``out``; return its manifest.

    Returns the manifest: ``args``, ``files`` (relative paths) and
    ``generated`` (False when an identical complete set was found).
    """
    args = dict(
        seed=seed,
        num_classes=num_classes,
        per_class=per_class,
        num_unlabeled=num_unlabeled,
        scenes_per_class=scenes_per_class)
    manifest_path = osp.join(out, MANIFEST)
    if osp.isfile(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        if old['args'] == args and all(
                osp.isfile(osp.join(out, p)) for p in old['files']):
            return dict(old, generated=False)
        for path in old['files']:
            if osp.isfile(osp.join(out, path)):
                os.remove(osp.join(out, path))
        os.remove(manifest_path)

    plan = _plan(seed, num_classes, per_class, num_unlabeled, scenes_per_class)
    ann = []
    for rel, draw, ann_line in plan:
        path = osp.join(out, rel)
        os.makedirs(osp.dirname(path), exist_ok=True)
        draw().save(path, format='JPEG', quality=90)
        if ann_line:
            ann.append(ann_line)
    ann_path = osp.join(out, 'ImageNet/meta/train.txt')
    os.makedirs(osp.dirname(ann_path), exist_ok=True)
    with open(ann_path, 'w') as f:
        f.writelines(ann)

    manifest = dict(
        args=args,
        files=[rel for rel, _, _ in plan] + ['ImageNet/meta/train.txt'])
    with open(manifest_path, 'w') as f:
        json.dump(manifest, f, indent=1)
    return dict(manifest, generated=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='data/demo')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-classes', type=int, default=5)
    parser.add_argument('--per-class', type=int, default=8)
    parser.add_argument('--num-unlabeled', type=int, default=120)
    parser.add_argument(
        '--scenes-per-class',
        type=int,
        default=20,
        help='held-out scenes per kind in train/ (val/ gets half)')
    a = parser.parse_args(argv)
    manifest = generate(a.out, a.seed, a.num_classes, a.per_class,
                        a.num_unlabeled, a.scenes_per_class)
    state = 'wrote' if manifest['generated'] else 'already complete:'
    print(f'{state} {a.out}: {a.num_classes} classes x {a.per_class} '
          f'labeled images (ImageNet/train, ImageNet/meta/train.txt), '
          f'{a.num_unlabeled} unlabeled images (million_aid/test), '
          f'{len(SCENES)} scene kinds x {a.scenes_per_class} + '
          f'{a.scenes_per_class // 2} held-out images (scenes/train, '
          f'scenes/val), seed {a.seed}')
