"""Labels of a classification source against the classes a model scores."""
import os.path as osp
from typing import Optional

import numpy as np


def _labeled_source(dataset):
    """The dataset that holds the labels: GeRSP's labeled source, or the
    dataset itself."""
    return getattr(dataset, 'labeled', dataset)


def _ann_line(ann_file: str, image: str) -> Optional[int]:
    """The line of ``ann_file`` that lists ``image`` (a path relative to
    the image folder, as the list writes it)."""
    with open(ann_file, encoding='utf-8') as f:
        return next((n for n, line in enumerate(f, 1)
                     if line.strip().rsplit(maxsplit=1)[:1] == [image]), None)


def _where(source, index: int, info: dict) -> str:
    """'<ann_file>, line N (<image>)', or the class folder of the image."""
    image = info.get('img_path', f'sample {index}')
    ann_file = getattr(source, 'ann_file', '')
    if ann_file and osp.isfile(ann_file):
        relative = osp.relpath(image, getattr(source, 'img_prefix', ''))
        line = _ann_line(ann_file, relative)
        where = f', line {line}' if line else ''
        return f'{ann_file}{where} ({image})'
    return f'{image} (class folder {osp.basename(osp.dirname(image))})'


def label_range_error(dataset, num_classes: Optional[int]) -> Optional[str]:
    """A message for the first label outside ``[0, num_classes)``, else None.

    Datasets without labels (or a model without a classifier) pass.
    """
    source = _labeled_source(dataset)
    if num_classes is None or not hasattr(source, 'get_data_info'):
        return None
    for index in range(len(source)):
        info = source.get_data_info(index)
        if info.get('gt_label') is None:
            return None  # an unlabeled source
        labels = np.asarray(info['gt_label']).reshape(-1)  # multi-label too
        outside = labels[(labels < 0) | (labels >= num_classes)]
        if outside.size:
            return (f'{_where(source, index, info)}: label {outside[0]} is '
                    f'outside [0, {num_classes}): the model scores '
                    f'num_classes={num_classes} classes. Fix the label, or '
                    'set the model\'s num_classes (GeRSP: model.num_classes; '
                    'a classifier: model.head.num_classes) to the number of '
                    'classes of the data.')
    return None
