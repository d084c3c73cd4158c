"""Seeded, stratified splits of a scene-classification dataset in class
folders, written as mmpretrain annotation files.

Input: the dataset as it unpacks, one folder of images per class::

    ROOT/<download folder>/<class>/*.jpg   (e.g. ROOT/EuroSAT_RGB/<Class>/)
    ROOT/<class>/*.jpg                     (the class folders directly in ROOT)

The known datasets are those of ``mmselfsup.classes.SCENE_DATASETS``: their
classes (checked), download folders and default ratios (``--help`` lists
them); ``--dataset custom`` takes any class folders, 60/20/20 by default.
Two ratios give train/test (the configs then validate on the test split),
three train/val/test.

Output (``-o``, default ``ROOT/meta``): ``train.txt`` and ``test.txt``
(and ``val.txt`` for three ratios), one ``<image path relative to ROOT>
<label>`` line per image, and ``splits.json`` (dataset, seed, ratios,
images per class and split). Labels follow the sorted class-folder order,
which is the order of the dataset's class list; the configs' ``data_root``
is ROOT.

Every class is split on its own (stratified): its images, sorted by name,
are shuffled by a generator seeded with (seed, class name), and cut at the
cumulative ratios (rounded half up, exact fractions). The same arguments
give byte-identical files on any machine and file system. Files are written
atomically. Standard library only: runs without mmcv, mmdet or mmpretrain.

Examples::

    python tools/dataset_converters/make_cls_splits.py data/EuroSAT
    python tools/dataset_converters/make_cls_splits.py data/NWPU-RESISC45 \\
        --ratios 0.1 0.9 --seed 1 -o data/NWPU-RESISC45/meta_10
    python tools/dataset_converters/make_cls_splits.py data/demo_cls \\
        --dataset custom
"""
import argparse
import json
import math
import os
import os.path as osp
import random
import sys
from fractions import Fraction
from typing import Dict, List, Optional, Sequence, Tuple

from mmselfsup.classes import SCENE_DATASETS
from mmselfsup.fileio import IMAGE_EXTENSIONS, atomic_write

# name -> expected classes (None: any), folders the download unpacks to,
# default ratios
DATASETS = {
    name: (d.classes, d.folders, d.ratios)
    for name, d in SCENE_DATASETS.items()
}
DATASETS['custom'] = (None, (), ('0.6', '0.2', '0.2'))
SPLIT_NAMES = {2: ('train', 'test'), 3: ('train', 'val', 'test')}


class SplitError(Exception):
    """Bad input; the message names the folder and the problem."""


def _class_folders(folder: str, skip: Optional[str] = None) -> List[str]:
    """Sub-folders, sorted, without hidden ones and the output folder."""
    return sorted(
        name for name in os.listdir(folder)
        if not name.startswith('.') and osp.isdir(osp.join(folder, name))
        and not (skip and osp.samefile(osp.join(folder, name), skip)))


def detect_dataset(root: str, skip: Optional[str] = None) -> str:
    """The dataset ROOT holds, from its download folder or class names."""
    if not osp.isdir(root):
        raise SplitError(f'dataset folder {root} does not exist')
    found = set(_class_folders(root, skip))
    for name, (classes, folders, _) in DATASETS.items():
        if any(osp.isdir(osp.join(root, sub))
               for sub in folders) or (classes and found == set(classes)):
            return name
    downloads = ', '.join(f'{sub}/' for _, folders, _ in DATASETS.values()
                          for sub in folders)
    raise SplitError(
        f'cannot tell which dataset {root} holds (no {downloads} folder, '
        'and its folders are not the class folders of any of them); pass '
        f'--dataset {", ".join(sorted(DATASETS))}')


def find_image_root(root: str, dataset: str) -> str:
    """The folder holding the class folders: a download folder of the
    dataset below ROOT, else ROOT itself."""
    if not osp.isdir(root):
        raise SplitError(f'dataset folder {root} does not exist')
    for sub in DATASETS[dataset][1]:
        if osp.isdir(osp.join(root, sub)):
            return osp.join(root, sub)
    return root


def list_classes(image_root: str,
                 dataset: str,
                 skip: Optional[str] = None) -> List[str]:
    """The sorted class folders (``skip``: the output folder, if it lies
    among them), checked against the dataset's classes."""
    found = _class_folders(image_root, skip)
    if not found:
        raise SplitError(f'no class folders in {image_root} (expected '
                         f'{osp.join(image_root, "<class>", "*.jpg")})')
    expected = DATASETS[dataset][0]
    if expected is not None and found != sorted(expected):
        unknown = sorted(set(found) - set(expected))
        missing = sorted(set(expected) - set(found))
        raise SplitError(
            f'the class folders of {image_root} are not those of {dataset}: '
            f'unknown {unknown}, missing {missing} (expected '
            f'{len(expected)} classes: {", ".join(expected)})')
    return found


def list_images(image_root: str, classes: Sequence[str]) -> List[List[str]]:
    """Per class, its image file names, sorted; an empty class is an
    error."""
    images = []
    for name in classes:
        folder = osp.join(image_root, name)
        files = sorted(
            f for f in os.listdir(folder)
            if not f.startswith('.') and f.lower().endswith(IMAGE_EXTENSIONS)
            and osp.isfile(osp.join(folder, f)))
        if not files:
            raise SplitError(f'class folder {folder} holds no image '
                             f'({", ".join(IMAGE_EXTENSIONS)})')
        images.append(files)
    return images


def parse_ratios(values: Sequence[str]) -> List[Fraction]:
    """Exact fractions of 2 (train, test) or 3 (train, val, test) positive
    ratios that sum to 1."""
    try:
        ratios = [Fraction(v) for v in values]
    except (ValueError, ZeroDivisionError):
        raise SplitError(f'--ratios {" ".join(values)}: not numbers') from None
    if len(ratios) not in SPLIT_NAMES or min(ratios) <= 0 or sum(ratios) != 1:
        raise SplitError(
            f'--ratios {" ".join(values)}: give 2 (train test) or 3 (train '
            'val test) positive ratios that sum to 1, e.g. 0.6 0.2 0.2')
    return ratios


def split_counts(num: int, ratios: Sequence[Fraction]) -> List[int]:
    """Images of a class of ``num`` per split: cuts at the cumulative ratios
    x ``num``, rounded half up."""
    cuts, total = [], Fraction(0)
    for ratio in ratios:
        total += ratio
        cuts.append(math.floor(total * num + Fraction(1, 2)))
    return [b - a for a, b in zip([0] + cuts[:-1], cuts)]


def split_class(files: Sequence[str], ratios: Sequence[Fraction], seed: int,
                name: str) -> List[List[str]]:
    """The files of class ``name`` cut into the splits, each sorted."""
    counts = split_counts(len(files), ratios)
    if min(counts) == 0:
        raise SplitError(
            f'class {name} has {len(files)} images, too few to put one in '
            f'every split with ratios {[str(r) for r in ratios]} '
            f'({counts})')
    order = list(files)
    random.Random(f'{seed}/{name}').shuffle(order)
    parts, start = [], 0
    for count in counts:
        parts.append(sorted(order[start:start + count]))
        start += count
    return parts


def make_splits(
        root: str,
        dataset: Optional[str] = None,
        ratios: Optional[Sequence[str]] = None,
        seed: int = 0,
        out_dir: Optional[str] = None) -> Tuple[Dict[str, List[str]], dict]:
    """``({split: ['<path> <label>', ...]}, summary)`` for the dataset in
    ``root``; nothing is written. ``out_dir``, if it exists among the class
    folders, is not one."""
    skip = out_dir if out_dir and osp.isdir(out_dir) else None
    dataset = dataset or detect_dataset(root, skip)
    fractions = parse_ratios(ratios or DATASETS[dataset][2])
    image_root = find_image_root(root, dataset)
    classes = list_classes(image_root, dataset, skip)
    names = SPLIT_NAMES[len(fractions)]
    lines = {split: [] for split in names}
    counts = {}
    for label, (name, files) in enumerate(
            zip(classes, list_images(image_root, classes))):
        parts = split_class(files, fractions, seed, name)
        counts[name] = {s: len(p) for s, p in zip(names, parts)}
        folder = osp.relpath(osp.join(image_root, name), root)
        for split, part in zip(names, parts):
            lines[split] += [
                f'{osp.join(folder, f).replace(os.sep, "/")} {label}'
                for f in part
            ]
    summary = dict(
        dataset=dataset,
        seed=seed,
        ratios={
            s: str(r)
            for s, r in zip(names, fractions)
        },
        classes=classes,
        images={
            s: len(v)
            for s, v in lines.items()
        },
        per_class=counts)
    return lines, summary


def write_splits(lines: Dict[str, List[str]], summary: dict,
                 out_dir: str) -> None:
    """``<split>.txt`` files and ``splits.json``, each written atomically."""
    for split, split_lines in lines.items():
        atomic_write(''.join(f'{line}\n' for line in split_lines),
                     osp.join(out_dir, f'{split}.txt'))
    atomic_write(
        json.dumps(summary, indent=1) + '\n', osp.join(out_dir, 'splits.json'))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Seeded, stratified train/val/test annotation files of '
        'a scene-classification dataset in class folders',
        epilog='datasets (download folders below ROOT; default ratios): ' +
        '; '.join(f'{name} ({", ".join(d.folders)}; {" ".join(d.ratios)})'
                  for name, d in SCENE_DATASETS.items()))
    parser.add_argument(
        'root', help='dataset folder (the configs\' data_root)')
    parser.add_argument(
        '--dataset',
        choices=sorted(DATASETS),
        help='which dataset ROOT holds (default: detected); custom: any '
        'class folders, labels in sorted folder order')
    parser.add_argument(
        '--ratios',
        nargs='+',
        metavar='R',
        help='train [val] test ratios summing to 1 (default: ' +
        ', '.join(f'{name} {" ".join(ratios)}'
                  for name, (_, _, ratios) in sorted(DATASETS.items())) + ')')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '-o', '--out-dir', help='where the files go (default: ROOT/meta)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    out_dir = args.out_dir or osp.join(args.root, 'meta')
    try:
        lines, summary = make_splits(args.root, args.dataset, args.ratios,
                                     args.seed, out_dir)
    except SplitError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    write_splits(lines, summary, out_dir)
    sizes = ', '.join(f'{s} {n}' for s, n in summary['images'].items())
    print(f'{summary["dataset"]}: {len(summary["classes"])} classes, {sizes} '
          f'images (ratios {" ".join(summary["ratios"].values())}, seed '
          f'{args.seed}) -> {out_dir}')
    return 0
