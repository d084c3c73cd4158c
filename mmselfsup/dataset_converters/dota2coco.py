"""Cut DOTA v1.0 into overlapping patches with COCO json annotations.

Input::

    DOTA_ROOT/{train,val}/images/P0001.png
    DOTA_ROOT/{train,val}/labelTxt/P0001.txt

A label file may start with ``imagesource:...`` and ``gsd:...`` lines, then
has one object a line: ``x1 y1 x2 y2 x3 y3 x4 y4 class difficult`` (an
oriented 4-point polygon; a missing ``difficult`` reads as 0).

Output (``--out-dir``, default ``data/dota_1_800_640``, the release's folder,
named after patch 800 and stride 640)::

    OUT/{split}/images/{stem}__{left}__{top}.png   patch_size^2 PNG patches
    OUT/{split}/{split}_coco_ann.json              COCO json of the patches

(the release's layout: ``train/train_coco_ann.json`` beside
``train/images``, as its ``configs_mmdet/base_settings_DOTA.py`` reads).

Patching: a ``--patch-size`` window (800) slides over each image with step
``--stride`` (640), so neighbouring patches overlap by patch - stride = 160
px: an object up to 160 px long always lies whole in some patch. The window
positions along a side are 0, stride, 2 * stride, ... and a last one flush
with the image edge, so the whole image is covered (as in DOTA_devkit's
ImgSplit). A side shorter than the patch gets one position and is padded
with zeros (black) at the right/bottom, so every patch is
patch_size x patch_size.

Objects: each polygon becomes its horizontal box (min/max of its points).
An object is kept in a patch when its box clipped to the patch keeps at
least ``--min-keep`` (0.7) of the box area, and is written clipped to the
patch. This is DOTA_devkit's 0.7 truncation rule, applied to horizontal
boxes instead of polygons; pieces below it are dropped (the devkit keeps
them marked difficult 2). ``difficult`` is kept as an extra annotation
field. Patches without objects are listed too. Boxes of zero width or
height are skipped and counted.

Categories are ids 1..15 in DOTA's order (``DOTA_CLASSES``); image ids are
1..N in the order the patches are written (images sorted by name, patches
row by row). All label files are checked before any patch is written; the
json of a split is written last, so its presence marks a complete split.

Example::

    python tools/dataset_converters/dota2coco.py data/DOTA \\
        --out-dir data/dota_1_800_640 --patch-size 800 --stride 640
"""
import argparse
import os
import os.path as osp
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

import cv2
import numpy as np

from mmselfsup.classes import DOTA_CLASSES
from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset,
                                                      progress_bar, run_cli,
                                                      write_split)
from mmselfsup.errors import ConversionError

HEADER_PREFIXES = ('imagesource:', 'gsd:')
IMAGE_EXTS = ('.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp')

Box = Tuple[float, float, float, float]


class DotaObject(NamedTuple):
    category_id: int
    box: Box
    difficult: int


def patch_origins(length: int, patch: int, stride: int) -> List[int]:
    """Window starts along one side: 0, stride, ... plus one flush with the
    end. ``[0]`` when the side is not longer than the patch.

    >>> patch_origins(2000, 800, 640)
    [0, 640, 1200]
    """
    if length <= patch:
        return [0]
    return list(range(0, length - patch, stride)) + [length - patch]


def polygon_to_box(coords: Sequence[float]) -> Box:
    """Horizontal box ``(x1, y1, x2, y2)`` of ``x1 y1 ... x4 y4``."""
    xs, ys = coords[0::2], coords[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def box_area(box: Box) -> float:
    return max(box[2] - box[0], 0) * max(box[3] - box[1], 0)


def clip_box_to_patch(box: Box, window: Box) -> Optional[Box]:
    """Intersection of ``box`` with ``window`` (image coordinates), or None
    when it is empty."""
    x1, y1 = max(box[0], window[0]), max(box[1], window[1])
    x2, y2 = min(box[2], window[2]), min(box[3], window[3])
    if x2 <= x1 or y2 <= y1:
        return None
    return x1, y1, x2, y2


def box_in_patch(box: Box, window: Box, min_keep: float) -> Optional[Box]:
    """``box`` clipped to ``window``, in patch coordinates, if the clipped
    part keeps at least ``min_keep`` of the box area; else None."""
    clipped = clip_box_to_patch(box, window)
    if clipped is None or box_area(clipped) < min_keep * box_area(box):
        return None
    left, top = window[:2]
    return (clipped[0] - left, clipped[1] - top, clipped[2] - left,
            clipped[3] - top)


def cut_patch(img: np.ndarray, left: int, top: int, size: int) -> np.ndarray:
    """The ``size`` x ``size`` patch at (left, top), zero-padded at the
    right/bottom where the image ends."""
    piece = img[top:top + size, left:left + size]
    if piece.shape[:2] == (size, size):
        return piece
    padded = np.zeros((size, size) + img.shape[2:], img.dtype)
    padded[:piece.shape[0], :piece.shape[1]] = piece
    return padded


def _parse_object(tokens: List[str], where: str) -> DotaObject:
    if len(tokens) not in (9, 10):
        raise ConversionError(
            f'malformed label line {where}: expected "x1 y1 x2 y2 x3 y3 x4 '
            f'y4 class [difficult]", got {len(tokens)} fields')
    try:
        coords = [float(t) for t in tokens[:8]]
        difficult = int(tokens[9]) if len(tokens) == 10 else 0
    except ValueError as e:
        raise ConversionError(f'malformed label line {where}: {e}') from None
    name = tokens[8]
    if name not in DOTA_CLASSES:
        raise ConversionError(
            f'unknown class {name!r} at {where}; known classes: '
            f'{", ".join(DOTA_CLASSES)}')
    return DotaObject(
        DOTA_CLASSES.index(name) + 1, polygon_to_box(coords), difficult)


def parse_labels(path: str) -> List[DotaObject]:
    """Objects of a DOTA label file, header lines skipped."""
    if not osp.isfile(path):
        raise ConversionError(f'missing label file {path}')
    objects = []
    with open(path) as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip() or line.startswith(HEADER_PREFIXES):
                continue
            objects.append(_parse_object(line.split(), f'{path}:{line_no}'))
    return objects


def read_split(root: str, split: str) -> List[Tuple[str, str, list]]:
    """``(stem, image path, objects)`` of each image of ``split``, by name."""
    img_dir = osp.join(root, split, 'images')
    if not osp.isdir(img_dir):
        raise ConversionError(f'missing image folder {img_dir}')
    names = sorted(
        n for n in os.listdir(img_dir) if n.lower().endswith(IMAGE_EXTS))
    if not names:
        raise ConversionError(f'no images in {img_dir}')
    items = []
    for name in names:
        stem = osp.splitext(name)[0]
        label_path = osp.join(root, split, 'labelTxt', f'{stem}.txt')
        items.append((stem, osp.join(img_dir, name), parse_labels(label_path)))
    return items


def read_image(path: str) -> np.ndarray:
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise ConversionError(f'cannot read image {path}')
    return img


def cut_split(items: Sequence[Tuple[str, str,
                                    list]], img_out_dir: str, patch: int,
              stride: int, min_keep: float) -> Tuple[dict, Dict[str, int]]:
    """Write the patches of ``items``; return the COCO dict and counts."""
    os.makedirs(img_out_dir, exist_ok=True)
    images, annotations = [], []
    degenerate = sum(
        box_area(obj.box) == 0 for _, _, objs in items for obj in objs)
    with progress_bar(len(items)) as bar:
        for stem, img_path, objects in items:
            img = read_image(img_path)
            height, width = img.shape[:2]
            for top in patch_origins(height, patch, stride):
                for left in patch_origins(width, patch, stride):
                    file_name = f'{stem}__{left}__{top}.png'
                    out_path = osp.join(img_out_dir, file_name)
                    if not cv2.imwrite(out_path,
                                       cut_patch(img, left, top, patch)):
                        raise ConversionError(f'cannot write {out_path}')
                    image_id = len(images) + 1
                    images.append(
                        dict(
                            id=image_id,
                            file_name=file_name,
                            width=patch,
                            height=patch))
                    window = (left, top, min(left + patch,
                                             width), min(top + patch, height))
                    for obj in objects:
                        box = box_in_patch(obj.box, window, min_keep)
                        if box is not None:
                            annotations.append(
                                coco_annotation(
                                    len(annotations) + 1,
                                    image_id,
                                    obj.category_id,
                                    box,
                                    difficult=obj.difficult))
            bar.update()
    with_objects = len({ann['image_id'] for ann in annotations})
    counts = dict(
        source_images=len(items),
        patches_without_objects=len(images) - with_objects,
        degenerate_boxes_skipped=degenerate)
    return coco_dataset(images, annotations, DOTA_CLASSES), counts


def convert(root: str,
            out_dir: str = 'data/dota_1_800_640',
            splits: Sequence[str] = ('train', 'val'),
            patch: int = 800,
            stride: int = 640,
            min_keep: float = 0.7) -> Dict[str, dict]:
    """Cut every split; returns ``{split: counts}`` and prints a summary.

    Every label file is parsed first, so label errors stop the run before
    any patch is written.
    """
    sources = {split: read_split(root, split) for split in splits}
    print(f'patch {patch}, stride {stride}, overlap {patch - stride} px, '
          f'min-keep {min_keep}')
    stats = {}
    for split, items in sources.items():
        coco, counts = cut_split(items, osp.join(out_dir, split, 'images'),
                                 patch, stride, min_keep)
        path = osp.join(out_dir, split, f'{split}_coco_ann.json')
        stats[split] = dict(
            patches=len(coco['images']), **write_split(coco, path, **counts))
    return stats


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        'root',
        metavar='DOTA_ROOT',
        help='holds {split}/images/ and {split}/labelTxt/')
    parser.add_argument(
        '--out-dir',
        default='data/dota_1_800_640',
        help='output folder (default: %(default)s, named after patch 800 '
        'and stride 640)')
    parser.add_argument(
        '--patch-size',
        type=int,
        default=800,
        help='patch side in px (default: %(default)s)')
    parser.add_argument(
        '--stride',
        type=int,
        default=640,
        help='step between patches in px; overlap = patch size - stride '
        '(default: %(default)s, overlap 160 px)')
    parser.add_argument(
        '--splits',
        nargs='+',
        default=['train', 'val'],
        help='sub-folders of DOTA_ROOT to cut (default: train val)')
    parser.add_argument(
        '--min-keep',
        type=float,
        default=0.7,
        help='keep an object in a patch when this fraction of its '
        'horizontal box lies inside (default: %(default)s)')
    args = parser.parse_args(argv)
    if args.patch_size <= 0 or not 0 < args.stride <= args.patch_size:
        parser.error('need 0 < --stride <= --patch-size (a larger stride '
                     'would leave gaps between patches)')
    if not 0 < args.min_keep <= 1:
        parser.error('--min-keep must be in (0, 1]')
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_cli(lambda: convert(args.root, args.out_dir, args.splits, args.
                                   patch_size, args.stride, args.min_keep))
