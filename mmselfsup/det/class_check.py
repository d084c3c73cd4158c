"""Detection classes checked before the Runner: the heads score as many
classes as the data names, and every class name is a category of its COCO
file.

mmdet's ``CocoDataset`` silently drops a class name that matches no
category ('Car' vs 'car'), with its images, and a head with another
``num_classes`` trains a whole epoch before evaluation fails with a bare
``IndexError``. Here both are one-line errors at start-up.

The training set's ``metainfo.classes`` is the source: when it is given on
the command line, the val / test datasets whose classes are not given take
it, and every head whose ``num_classes`` is not given takes its length, so
overriding the classes once is enough.
"""
import json
import os
import os.path as osp
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from mmselfsup.engine.class_follow import (CLASSES, LOADERS,
                                           ClassMismatchError, common_classes,
                                           loader_datasets, option_given)


def _heads(cfg: dict, path: str = 'model') -> Iterator[Tuple[str, dict]]:
    """(dotted path, dict) of every part of the model with ``num_classes``
    (the RPN scores objectness, not the classes, and is left out)."""
    if isinstance(cfg, dict):
        if 'num_classes' in cfg and not path.endswith('rpn_head'):
            yield path, cfg
        for key, value in cfg.items():
            yield from _heads(value, f'{path}.{key}')
    elif isinstance(cfg, (list, tuple)):
        for i, value in enumerate(cfg):
            yield from _heads(value, f'{path}.{i}')


@lru_cache(maxsize=None)
def _categories(ann_file: str, mtime_ns: int) -> Tuple[str, ...]:
    """The category names of a COCO file (read once per version of it)."""
    with open(ann_file, encoding='utf-8') as f:
        return tuple(c['name'] for c in json.load(f).get('categories', []))


def _follow_train_classes(cfg, options: Optional[dict]) -> List[str]:
    """Spread classes given for the training set; notices of what moved."""
    datasets = list(loader_datasets(cfg))
    train = [(p, d) for p, d in datasets if p.startswith(LOADERS[0])]
    if not train or not option_given(f'{train[0][0]}.{CLASSES}', options):
        return []
    classes = tuple(train[0][1].metainfo.classes)
    notices = []
    for path, dataset in datasets:
        if not option_given(f'{path}.{CLASSES}', options):
            dataset.setdefault('metainfo', {})['classes'] = classes
            notices.append(f'{path}.{CLASSES} follows the training classes')
    for path, head in _heads(cfg.model):
        if not option_given(f'{path}.num_classes', options) and \
                head['num_classes'] != len(classes):
            notices.append(f"{path}.num_classes: {head['num_classes']} -> "
                           f'{len(classes)} (the training classes)')
            head['num_classes'] = len(classes)
    return notices


def check_detection_classes(cfg, options: Optional[dict] = None) -> List[str]:
    """Make the classes follow the training set's where only they were
    given, then check heads, datasets and COCO files agree.

    Returns:
        list[str]: notices of the values that followed.

    Raises:
        ClassMismatchError: naming the keys or the file, and the fix.
    """
    notices = _follow_train_classes(cfg, options)
    reference = common_classes(cfg, _check_categories)
    if reference is not None:
        _check_heads(cfg, reference)
    return notices


def _check_categories(path: str, dataset: dict, classes: tuple) -> None:
    """Every class names a category of the dataset's COCO file (a file
    that is not there is the data path check's business)."""
    ann_file = str(dataset.get('ann_file') or '')
    ann_file = osp.join(dataset.get('data_root') or '', ann_file)
    if not ann_file.endswith('.json') or not osp.isfile(ann_file):
        return
    names = _categories(ann_file, os.stat(ann_file).st_mtime_ns)
    unknown = [c for c in classes if c not in names]
    if unknown:
        raise ClassMismatchError(
            f'{path}.{CLASSES} names {unknown}, which match no category of '
            f'{ann_file} (names are case-sensitive); its categories are '
            f'{list(names)}. mmdet would drop these classes and their '
            'images silently.')


def _check_heads(cfg, reference: Tuple[str, tuple]) -> None:
    path, classes = reference
    for head_path, head in _heads(cfg.model):
        if head['num_classes'] != len(classes):
            raise ClassMismatchError(
                f"{head_path}.num_classes is {head['num_classes']} but "
                f'{path}.{CLASSES} names {len(classes)} classes; set '
                f'{head_path}.num_classes={len(classes)} (or give only the '
                'classes: the heads then follow them)')
