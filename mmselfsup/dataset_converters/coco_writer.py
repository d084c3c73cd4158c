"""COCO-format pieces shared by the dataset converters.

Both converters write the same flavour of COCO detection json:

* ``images``: ``{id, file_name, width, height}``;
* ``annotations``: ``{id, image_id, category_id, bbox, area, iscrowd,
  segmentation}`` with ``bbox = [x1, y1, x2 - x1, y2 - y1]`` (no +1),
  ``area = w * h``, ``iscrowd = 0`` and ``segmentation = []`` (there are no
  masks; mmdet's ``CocoDataset`` then loads boxes only), plus any extra
  per-dataset fields (e.g. DOTA's ``difficult``);
* ``categories``: ``{id, name}`` with ids 1..N in the dataset's class order.
"""
import json
import sys
import time
from contextlib import contextmanager
from typing import Callable, Dict, Iterator, List, Sequence

from mmselfsup.errors import ConversionError
from mmselfsup.fileio import atomic_write


def coco_annotation(ann_id: int, image_id: int, category_id: int,
                    box: Sequence[float], **extra) -> dict:
    """One COCO annotation of the corner box ``(x1, y1, x2, y2)``."""
    x1, y1, x2, y2 = (float(v) for v in box)
    w, h = x2 - x1, y2 - y1
    return dict(
        id=ann_id,
        image_id=image_id,
        category_id=category_id,
        bbox=[x1, y1, w, h],
        area=w * h,
        iscrowd=0,
        segmentation=[],
        **extra)


def coco_dataset(images: List[dict], annotations: List[dict],
                 class_names: Sequence[str]) -> dict:
    """The full json dict; category ids are 1..N in ``class_names`` order."""
    categories = [
        dict(id=i, name=name) for i, name in enumerate(class_names, 1)
    ]
    return dict(images=images, annotations=annotations, categories=categories)


def write_coco(coco: dict, path: str) -> None:
    """Write atomically, so an interrupted run never leaves half a json."""
    atomic_write(json.dumps(coco), path)


def write_split(coco: dict, path: str, **counts: int) -> dict:
    """Write ``coco`` to ``path``, print its summary and return its counts:
    ``counts``, the number of boxes and the boxes of each class."""
    write_coco(coco, path)
    print(format_summary(path, coco, **counts))
    return dict(
        counts,
        boxes=len(coco['annotations']),
        per_class=boxes_per_class(coco))


def boxes_per_class(coco: dict) -> Dict[str, int]:
    """Number of annotations of each category, in category order."""
    counts = {cat['id']: 0 for cat in coco['categories']}
    for ann in coco['annotations']:
        counts[ann['category_id']] += 1
    return {cat['name']: counts[cat['id']] for cat in coco['categories']}


def format_summary(title: str, coco: dict, **extra_counts: int) -> str:
    """Images, boxes, the named extra counts, then boxes of each class."""
    parts = [
        f'{len(coco["images"])} images', f'{len(coco["annotations"])} boxes'
    ]
    parts += [
        f'{n} {name.replace("_", " ")}' for name, n in extra_counts.items()
    ]
    lines = [f'{title}: ' + ', '.join(parts)]
    per_class = boxes_per_class(coco)
    width = max(len(name) for name in per_class)
    lines += [f'  {name:<{width}} {n}' for name, n in per_class.items()]
    return '\n'.join(lines)


class ProgressBar:
    """A one-line progress bar on stdout: done/total, rate and time left."""

    def __init__(self, total: int, width: int = 30) -> None:
        self.total, self.width = total, width
        self.done, self.start = 0, time.monotonic()

    def update(self, num_tasks: int = 1) -> None:
        self.done += num_tasks
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        filled = int(self.width * self.done / self.total)
        left = (self.total - self.done) / rate if rate else 0
        sys.stdout.write(f'\r[{"#" * filled}{"." * (self.width - filled)}] '
                         f'{self.done}/{self.total}, {rate:.1f} items/s, '
                         f'{left:.0f} s left')
        sys.stdout.flush()


class _NoProgress:

    def update(self, num_tasks: int = 1) -> None:
        pass


# Small inputs convert in well under a second; a bar would only be noise.
PROGRESS_MIN_ITEMS = 200


@contextmanager
def progress_bar(total: int) -> Iterator[ProgressBar]:
    """A progress bar for inputs of at least ``PROGRESS_MIN_ITEMS`` items;
    it always ends its line, even on errors."""
    if total < PROGRESS_MIN_ITEMS:
        yield _NoProgress()
        return
    bar = ProgressBar(total)
    try:
        yield bar
    finally:
        sys.stdout.write('\n')
        sys.stdout.flush()


def run_cli(convert: Callable[[], object]) -> int:
    """Run ``convert``; a :class:`ConversionError` becomes ``error: ...`` on
    stderr and exit status 1 instead of a traceback."""
    try:
        convert()
    except ConversionError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    return 0
