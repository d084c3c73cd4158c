"""Write a tiny synthetic stand-in for ImageNet + Million-AID.

Layout (the same as the real data, so configs only change their roots)::

    <out>/ImageNet/train/<class>/<class>_<i>.JPEG
    <out>/ImageNet/meta/train.txt          "<class>/<file> <label>" lines
    <out>/million_aid/test/<i>.jpg
    <out>/demo_manifest.json               arguments + files, written last

Each labeled class is a distinct texture (stripes, checker, dots, ...) in
random colours, so a classifier can learn it through the augmentation.
Unlabeled images mimic aerial scenes (striped fields, roads, roofs) with
sizes from 64 to 300 px a side. Every image is
drawn from its own generator seeded by (seed, source, index), so the output
is byte-identical for the same arguments. Rerunning with the same arguments
does nothing; other arguments first remove the files of the previous run.

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
from PIL import Image, ImageDraw

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
    """A fake aerial scene: ploughed fields, a few roads and roofs."""
    rng = np.random.default_rng([seed, 1, index])
    w, h = (int(v) for v in rng.integers(64, 301, size=2))
    field_colours = [(84, 120, 52), (128, 150, 70), (150, 120, 80),
                     (190, 170, 110), (60, 90, 50)]
    img = Image.new('RGB', (w, h), field_colours[0])
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(3, 9))):
        fx, fy = int(rng.integers(0, w)), int(rng.integers(0, h))
        fw, fh = int(rng.integers(w // 4,
                                  w + 1)), int(rng.integers(h // 4, h + 1))
        base = np.array(field_colours[int(rng.integers(len(field_colours)))])
        draw.rectangle((fx, fy, fx + fw, fy + fh), fill=tuple(base))
        dark = tuple(int(c) for c in base * 0.8)
        pitch = int(rng.integers(3, 8))
        if rng.random() < 0.5:
            for x in range(fx, fx + fw, pitch):
                draw.line((x, fy, x, fy + fh), fill=dark)
        else:
            for y in range(fy, fy + fh, pitch):
                draw.line((fx, y, fx + fw, y), fill=dark)
    for _ in range(int(rng.integers(1, 4))):
        grey = int(rng.integers(90, 170))
        pts = [(int(rng.integers(0, w)), int(rng.integers(0, h)))
               for _ in range(2)]
        draw.line(pts, fill=(grey, grey, grey), width=int(rng.integers(3, 9)))
    roof_colours = [(170, 60, 50), (200, 200, 200), (110, 110, 120)]
    for _ in range(int(rng.integers(0, 12))):
        rw, rh = int(rng.integers(5, 20)), int(rng.integers(5, 20))
        rx, ry = int(rng.integers(0, w)), int(rng.integers(0, h))
        draw.rectangle((rx, ry, rx + rw, ry + rh),
                       fill=roof_colours[int(rng.integers(3))],
                       outline=(40, 40, 40))
    return _noisy(rng, img, 8)


def _plan(seed, num_classes, per_class, num_unlabeled):
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
    return plan


def generate(out: str,
             seed: int = 0,
             num_classes: int = 5,
             per_class: int = 8,
             num_unlabeled: int = 40) -> dict:
    """Write the demo data under ``out``; return its manifest.

    Returns the manifest: ``args``, ``files`` (relative paths) and
    ``generated`` (False when an identical complete set was found).
    """
    args = dict(
        seed=seed,
        num_classes=num_classes,
        per_class=per_class,
        num_unlabeled=num_unlabeled)
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

    plan = _plan(seed, num_classes, per_class, num_unlabeled)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='data/demo')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-classes', type=int, default=5)
    parser.add_argument('--per-class', type=int, default=8)
    parser.add_argument('--num-unlabeled', type=int, default=40)
    a = parser.parse_args()
    manifest = generate(a.out, a.seed, a.num_classes, a.per_class,
                        a.num_unlabeled)
    state = 'wrote' if manifest['generated'] else 'already complete:'
    print(f'{state} {a.out}: {a.num_classes} classes x {a.per_class} '
          f'labeled images (ImageNet/train, ImageNet/meta/train.txt), '
          f'{a.num_unlabeled} unlabeled images (million_aid/test), '
          f'seed {a.seed}')
    print(f'use data_root={osp.join(a.out, "ImageNet")!r} and '
          f'{osp.join(a.out, "million_aid")!r} in the dataset config')


if __name__ == '__main__':
    main()
