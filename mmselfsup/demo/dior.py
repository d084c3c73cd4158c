"""Write a tiny synthetic dataset in DIOR's raw layout, for detection demos.

Layout (the same as the real download, so ``dior2coco.py`` converts it)::

    <out>/JPEGImages-trainval/00001.jpg ...   ids 1..num_trainval
    <out>/JPEGImages-test/00025.jpg ...       the next num_test ids
    <out>/Annotations/00001.xml               VOC-style, as DIOR's
    <out>/ImageSets/Main/{train,val,test}.txt (trainval split in halves)

Each image is an aerial-like scene (smooth noisy fields, a road or two)
with 1-4 non-overlapping objects of four visually distinct DIOR classes:
airplane (light cross-shaped silhouette), storagetank (bright disc with a
dark rim), ship (light pointed hull with a dark deck line) and tenniscourt
(green or blue rectangle with white lines). Objects are 24-72 px on a 256 px
image (scaled with ``--size``), high contrast with the same look per class
and some size, colour and orientation variation, so that a Faster R-CNN
learns them in a short CPU run. Classes take turns within a split, so every
split with 4 or more objects has them all.

Boxes enclose the drawn pixels exactly: ``xmin``/``ymin`` are the first
pixel column/row of the object, ``xmax``/``ymax`` one past the last, so
``xmax - xmin`` is its width in pixels (the converter's ``bbox``). Each
image is drawn from its own generator seeded by (seed, id): the output is
the same for the same arguments.

Example::

    python tools/generate_demo_data.py --kind dior --out data/demo_dior
    python tools/dataset_converters/dior2coco.py data/demo_dior
"""
import argparse
import math
import os
import os.path as osp
import xml.etree.ElementTree as ET
from typing import List, Sequence, Tuple

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ('airplane', 'storagetank', 'ship', 'tenniscourt')
FIELD_COLOURS = np.array([(78, 110, 60), (104, 128, 70), (128, 108, 78),
                          (146, 136, 104), (96, 98, 92)], np.float32)
GAP = 4  # px kept free between objects

Box = Tuple[int, int, int, int]


def draw_background(rng: np.random.Generator, size: int) -> np.ndarray:
    """Smooth patches of field colours with grain and one or two roads."""
    coarse = FIELD_COLOURS[rng.integers(len(FIELD_COLOURS), size=(5, 5))]
    img = Image.fromarray(coarse.astype(np.uint8)).resize((size, size),
                                                          Image.BICUBIC)
    arr = np.asarray(img, np.float32) + rng.normal(0, 6, (size, size, 3))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(1, 3))):
        grey = int(rng.integers(105, 145))
        ends = rng.uniform(0, size, 2)
        line = ((0, ends[0]),
                (size, ends[1])) if rng.random() < 0.5 else ((ends[0], 0),
                                                             (ends[1], size))
        draw.line(
            line,
            fill=(grey, grey, grey),
            width=max(3, int(size * rng.uniform(0.02, 0.04))))
    return np.asarray(img)


def _rotated(points: Sequence[Tuple[float, float]], scale: float, angle: float,
             centre: float) -> List[Tuple[float, float]]:
    """Unit-shape ``points`` scaled, rotated by ``angle`` and centred."""
    c, s = math.cos(angle), math.sin(angle)
    return [(centre + scale * (x * c - y * s),
             centre + scale * (x * s + y * c)) for x, y in points]


def _mirrored(points):
    """A left-right symmetric polygon from its right half."""
    return points + [(-x, y) for x, y in reversed(points)]


PLANE_PARTS = (
    _mirrored([(0, -0.5), (0.06, -0.4), (0.06, 0.5)]),  # fuselage
    _mirrored([(0.05, -0.08), (0.5, 0.12), (0.5, 0.2), (0.05, 0.1)]),  # wings
    _mirrored([(0.05, 0.36), (0.2, 0.46), (0.2, 0.5), (0.05, 0.48)]),  # tail
)
HULL = _mirrored([(0, -0.5), (0.12, -0.28), (0.12, 0.5)])
DECK = _mirrored([(0.04, -0.26), (0.04, 0.4)])


def _light(rng, low=205, high=250) -> tuple:
    """A light grey with a slight random tint."""
    v = int(rng.integers(low, high))
    return tuple(int(np.clip(v + t, 0, 255)) for t in rng.integers(-8, 9, 3))


def draw_shape(rng: np.random.Generator, cls: str, scale: float,
               draw: ImageDraw.ImageDraw, centre: float) -> None:
    """Draw one ``cls`` object around ``centre`` of a square canvas."""
    angle = rng.uniform(0, 2 * math.pi)
    if cls == 'airplane':
        length, colour = rng.uniform(32, 72) * scale, _light(rng)
        for part in PLANE_PARTS:
            draw.polygon(_rotated(part, length, angle, centre), fill=colour)
    elif cls == 'storagetank':
        r = rng.uniform(12, 22) * scale
        rim = int(rng.integers(60, 90))
        draw.ellipse((centre - r, centre - r, centre + r, centre + r),
                     fill=_light(rng, 225, 255),
                     outline=(rim, rim, rim),
                     width=max(2, round(r / 6)))
    elif cls == 'ship':
        length = rng.uniform(36, 72) * scale
        draw.polygon(_rotated(HULL, length, angle, centre), fill=_light(rng))
        draw.polygon(_rotated(DECK, length, angle, centre), fill=(55, 60, 70))
    else:  # tenniscourt, axis-aligned like most real ones
        short = rng.uniform(24, 34) * scale
        half_w, half_h = short / 2, 1.05 * short
        if rng.random() < 0.5:
            half_w, half_h = half_h, half_w
        surface = (50, 140, 80) if rng.random() < 0.5 else (45, 95, 170)
        surface = tuple(int(c + rng.integers(-15, 16)) for c in surface)
        white = (250, 250, 250)
        draw.rectangle((centre - half_w, centre - half_h, centre + half_w,
                        centre + half_h),
                       fill=surface,
                       outline=white,
                       width=2)
        # the net across the long side, the centre service line along it
        if half_w < half_h:
            lines = ((half_w, 0), (0, half_h / 2))
        else:
            lines = ((0, half_h), (half_w / 2, 0))
        for dx, dy in lines:
            draw.line((centre - dx, centre - dy, centre + dx, centre + dy),
                      fill=white)


def make_sprite(rng: np.random.Generator, cls: str,
                scale: float) -> Tuple[np.ndarray, np.ndarray]:
    """``(rgb, mask)`` of one object, cropped to its drawn pixels."""
    side = int(math.ceil(80 * math.sqrt(2) * scale)) + 4
    canvas = Image.new('RGBA', (side, side))  # transparent black
    draw_shape(rng, cls, scale, ImageDraw.Draw(canvas), side / 2)
    rgba = np.asarray(canvas)
    ys, xs = np.nonzero(rgba[..., 3])
    crop = rgba[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return crop[..., :3], crop[..., 3] > 0


def _overlaps(box: Box, others: Sequence[Box]) -> bool:
    return any(box[0] < o[2] + GAP and o[0] < box[2] + GAP and box[1] < o[3] +
               GAP and o[1] < box[3] + GAP for o in others)


def draw_objects(rng: np.random.Generator, background: np.ndarray,
                 classes: Sequence[str]) -> Tuple[np.ndarray, list]:
    """Paste one object of each of ``classes`` where it overlaps no other.

    Returns the new image and ``[(class, (xmin, ymin, xmax, ymax)), ...]``;
    an object that finds no free place in 50 tries is left out.
    """
    img = background.copy()
    size = img.shape[0]
    objects = []
    for cls in classes:
        rgb, mask = make_sprite(rng, cls, size / 256)
        h, w = mask.shape
        for _ in range(50):
            x = int(rng.integers(2, size - 1 - w))
            y = int(rng.integers(2, size - 1 - h))
            box = (x, y, x + w, y + h)
            if not _overlaps(box, [b for _, b in objects]):
                img[y:y + h, x:x + w][mask] = rgb[mask]
                objects.append((cls, box))
                break
    return img, objects


def annotation_xml(file_name: str, size: int, objects: list) -> bytes:
    """A DIOR-style VOC annotation."""
    root = ET.Element('annotation')
    ET.SubElement(root, 'filename').text = file_name
    ET.SubElement(ET.SubElement(root, 'source'), 'database').text = 'DIOR'
    size_el = ET.SubElement(root, 'size')
    for tag, value in (('width', size), ('height', size), ('depth', 3)):
        ET.SubElement(size_el, tag).text = str(value)
    ET.SubElement(root, 'segmented').text = '0'
    for cls, box in objects:
        obj = ET.SubElement(root, 'object')
        ET.SubElement(obj, 'name').text = cls
        ET.SubElement(obj, 'pose').text = 'Unspecified'
        bndbox = ET.SubElement(obj, 'bndbox')
        for tag, value in zip(('xmin', 'ymin', 'xmax', 'ymax'), box):
            ET.SubElement(bndbox, tag).text = str(value)
    ET.indent(root, '\t')
    return ET.tostring(root, encoding='utf-8') + b'\n'


def _write_split(out: str, image_ids: Sequence[int], folder: str, size: int,
                 seed: int) -> None:
    """Images and XML of one split; classes take turns across the split."""
    turn = 0
    for image_id in image_ids:
        rng = np.random.default_rng([seed, image_id])
        background = draw_background(rng, size)
        num = int(rng.integers(1, 5))
        classes = [CLASSES[(turn + k) % len(CLASSES)] for k in range(num)]
        turn += num
        img, objects = draw_objects(rng, background, classes)
        file_name = f'{image_id:05d}.jpg'
        Image.fromarray(img).save(osp.join(out, folder, file_name), quality=95)
        with open(osp.join(out, 'Annotations', f'{image_id:05d}.xml'),
                  'wb') as f:
            f.write(annotation_xml(file_name, size, objects))


def _write_list(out: str, subset: str, image_ids: Sequence[int]) -> None:
    with open(osp.join(out, 'ImageSets', 'Main', f'{subset}.txt'), 'w') as f:
        f.writelines(f'{i:05d}\n' for i in image_ids)


def generate(out: str,
             num_trainval: int = 24,
             num_test: int = 8,
             size: int = 256,
             seed: int = 0) -> None:
    """Write the dataset under ``out`` (files of the same names are
    overwritten)."""
    for folder in ('JPEGImages-trainval', 'JPEGImages-test', 'Annotations',
                   'ImageSets/Main'):
        os.makedirs(osp.join(out, folder), exist_ok=True)
    trainval = list(range(1, num_trainval + 1))
    test = list(range(num_trainval + 1, num_trainval + num_test + 1))
    _write_split(out, trainval, 'JPEGImages-trainval', size, seed)
    _write_split(out, test, 'JPEGImages-test', size, seed)
    half = (num_trainval + 1) // 2
    _write_list(out, 'train', trainval[:half])
    _write_list(out, 'val', trainval[half:])
    _write_list(out, 'test', test)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default='data/demo_dior')
    parser.add_argument('--num-trainval', type=int, default=24)
    parser.add_argument('--num-test', type=int, default=8)
    parser.add_argument(
        '--size', type=int, default=256, help='image side in px')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    if args.size < 128:
        parser.error('--size must be at least 128 (objects need room)')
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    generate(args.out, args.num_trainval, args.num_test, args.size, args.seed)
    print(f'wrote {args.num_trainval} trainval + {args.num_test} test '
          f'images of {args.size} px ({", ".join(CLASSES)}) to {args.out}')
    print('convert with: python tools/dataset_converters/dior2coco.py '
          f'{args.out}')
