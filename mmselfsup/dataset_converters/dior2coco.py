"""Convert DIOR's VOC-style annotations to the COCO json the configs read.

Input (either annotation layout is detected; the flat one wins if both)::

    DIOR_ROOT/Annotations/00001.xml                        (DIOR)
    DIOR_ROOT/Annotations/Horizontal Bounding Boxes/00001.xml   (DIOR-R)
    DIOR_ROOT/ImageSets/Main/{train,val,test}.txt          one id a line
    DIOR_ROOT/JPEGImages-trainval/00001.jpg
    DIOR_ROOT/JPEGImages-test/11726.jpg

Output (``--out-dir``, default ``DIOR_ROOT/coco_annotations``)::

    train_val_coco_ann.json   train + val ids, file_name relative to
                              JPEGImages-trainval/
    test_coco_ann.json        test ids, file_name relative to JPEGImages-test/

Boxes become ``bbox = [xmin, ymin, xmax - xmin, ymax - ymin]``; category ids
1..20 follow the release's class order (``DIOR_CLASSES``). Image ids are the
numeric file stems (00001 -> 1), or 1..N in ImageSets order if a stem is not
a number. A box reaching outside its image is clipped to it and counted in
the summary (``--on-outside error`` refuses it instead). Every split is
checked before anything is written, so bad data leaves no json behind.

Example::

    python tools/dataset_converters/dior2coco.py data/DIOR
"""
import argparse
import os
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Dict, List, Sequence, Tuple

from PIL import Image

from mmselfsup.classes import DIOR_CLASSES
from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset,
                                                      progress_bar, run_cli,
                                                      write_split)
from mmselfsup.errors import ConversionError

# json name -> (ImageSets lists, image folder)
OUTPUTS = {
    'train_val_coco_ann.json': (('train', 'val'), 'JPEGImages-trainval'),
    'test_coco_ann.json': (('test', ), 'JPEGImages-test'),
}
ANNOTATION_DIRS = ('Annotations', 'Annotations/Horizontal Bounding Boxes')
BOX_KEYS = ('xmin', 'ymin', 'xmax', 'ymax')

Box = Tuple[float, float, float, float]


def find_annotation_dir(root: str) -> str:
    """The folder holding the per-image XML files, in either layout."""
    for sub in ANNOTATION_DIRS:
        folder = osp.join(root, sub)
        if osp.isdir(folder) and any(
                name.endswith('.xml') for name in os.listdir(folder)):
            return folder
    expected = ' or '.join(
        osp.join(root, sub, '*.xml') for sub in ANNOTATION_DIRS)
    raise ConversionError(f'no DIOR annotations found: expected {expected}')


def read_image_ids(root: str, subsets: Sequence[str]) -> List[str]:
    """Ids of the ``subsets`` lists, in file order; duplicates are errors."""
    ids, seen = [], {}
    for subset in subsets:
        path = osp.join(root, 'ImageSets', 'Main', f'{subset}.txt')
        if not osp.isfile(path):
            raise ConversionError(f'missing image list {path}')
        with open(path) as f:
            for line in f:
                img_id = line.strip()
                if not img_id:
                    continue
                if img_id in seen:
                    raise ConversionError(
                        f'image id {img_id} is listed twice (in '
                        f'{seen[img_id]}.txt and {subset}.txt)')
                seen[img_id] = subset
                ids.append(img_id)
    return ids


def coco_image_ids(stems: Sequence[str]) -> List[int]:
    """The numeric stems themselves when all are distinct numbers, else 1..N
    (so that ids stay unique and do not depend on the file system order)."""
    if all(s.isascii() and s.isdigit() for s in stems):
        numbers = [int(s) for s in stems]
        if len(set(numbers)) == len(numbers):
            return numbers
    return list(range(1, len(stems) + 1))


def _number(element: ET.Element, tag: str, xml_path: str) -> float:
    text = element.findtext(tag)
    try:
        return float(text)
    except (TypeError, ValueError):
        raise ConversionError(
            f'malformed annotation {xml_path}: <{tag}> is '
            f'{"missing" if text is None else repr(text)}, expected a number'
        ) from None


def parse_xml(xml_path: str) -> Tuple[int, int, List[Tuple[str, Box]]]:
    """``(width, height, [(class name, (xmin, ymin, xmax, ymax)), ...])``."""
    if not osp.isfile(xml_path):
        raise ConversionError(f'missing annotation {xml_path}')
    try:
        root = ET.parse(xml_path).getroot()
    except ET.ParseError as e:
        raise ConversionError(f'malformed XML {xml_path}: {e}') from None
    width = int(_number(root, 'size/width', xml_path))
    height = int(_number(root, 'size/height', xml_path))
    objects = []
    for obj in root.iter('object'):
        name = (obj.findtext('name') or '').strip()
        if name not in DIOR_CLASSES:
            raise ConversionError(
                f'unknown class {name!r} in {xml_path}; known classes: '
                f'{", ".join(DIOR_CLASSES)}')
        box = tuple(_number(obj, f'bndbox/{k}', xml_path) for k in BOX_KEYS)
        objects.append((name, box))
    return width, height, objects


def check_image_size(img_path: str, width: int, height: int) -> None:
    """The XML ``<size>`` must match the image (only its header is read)."""
    if not osp.isfile(img_path):
        raise ConversionError(f'missing image {img_path}')
    try:
        with Image.open(img_path) as img:
            size = img.size
    except OSError as e:
        raise ConversionError(f'cannot read image {img_path}: {e}') from None
    if size != (width, height):
        raise ConversionError(
            f'size mismatch for {img_path}: the annotation says '
            f'{width}x{height}, the image is {size[0]}x{size[1]}')


def fit_box(box: Box, width: int, height: int, on_outside: str,
            xml_path: str) -> Tuple[Box, bool]:
    """Clip ``box`` to the image (or refuse it); ``(box, was_clipped)``.

    Raises on a box that is empty once clipped (e.g. xmax <= xmin).
    """
    limits = (width, height, width, height)
    clipped = tuple(float(min(max(v, 0), lim)) for v, lim in zip(box, limits))
    outside = clipped != box
    if outside and on_outside == 'error':
        raise ConversionError(
            f'box {list(box)} lies outside the {width}x{height} image of '
            f'{xml_path}')
    if clipped[2] <= clipped[0] or clipped[3] <= clipped[1]:
        note = f' (clipped to {list(clipped)})' if outside else ''
        raise ConversionError(
            f'degenerate box {list(box)}{note} in {xml_path}')
    return clipped, outside


def convert_split(root: str, ann_dir: str, subsets: Sequence[str],
                  img_folder: str, on_outside: str) -> Tuple[dict, int]:
    """The COCO dict of the ``subsets`` lists and its number of clipped
    boxes."""
    stems = read_image_ids(root, subsets)
    images, annotations, num_clipped = [], [], 0
    with progress_bar(len(stems)) as bar:
        for stem, image_id in zip(stems, coco_image_ids(stems)):
            xml_path = osp.join(ann_dir, f'{stem}.xml')
            width, height, objects = parse_xml(xml_path)
            file_name = f'{stem}.jpg'
            check_image_size(
                osp.join(root, img_folder, file_name), width, height)
            images.append(
                dict(
                    id=image_id,
                    file_name=file_name,
                    width=width,
                    height=height))
            for name, box in objects:
                box, clipped = fit_box(box, width, height, on_outside,
                                       xml_path)
                num_clipped += clipped
                annotations.append(
                    coco_annotation(
                        len(annotations) + 1, image_id,
                        DIOR_CLASSES.index(name) + 1, box))
            bar.update()
    return coco_dataset(images, annotations, DIOR_CLASSES), num_clipped


def convert(root: str,
            out_dir: str = None,
            on_outside: str = 'clip') -> Dict[str, dict]:
    """Convert every split, then write them; returns ``{json name:
    {'images', 'boxes', 'clipped', 'per_class'}}`` and prints it."""
    out_dir = out_dir or osp.join(root, 'coco_annotations')
    ann_dir = find_annotation_dir(root)
    results = {
        name: convert_split(root, ann_dir, subsets, img_folder, on_outside)
        for name, (subsets, img_folder) in OUTPUTS.items()
    }
    stats = {}
    for name, (coco, num_clipped) in results.items():
        stats[name] = dict(
            images=len(coco['images']),
            **write_split(coco, osp.join(out_dir, name), clipped=num_clipped))
    return stats


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        'root',
        metavar='DIOR_ROOT',
        help='holds Annotations/, ImageSets/Main/, JPEGImages-trainval/ '
        'and JPEGImages-test/')
    parser.add_argument(
        '--out-dir', help='default: DIOR_ROOT/coco_annotations')
    parser.add_argument(
        '--on-outside',
        choices=['clip', 'error'],
        default='clip',
        help='a box reaching outside its image is clipped to it and counted '
        '(default) or is an error')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_cli(lambda: convert(args.root, args.out_dir, args.on_outside))
