"""Tiny COCO-format detection data for the detection tests."""
import os
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from PIL import Image

from mmselfsup.classes import DIOR_CLASSES
from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset, write_coco)

# class index -> colour of its drawn squares
COLOURS = {0: (230, 40, 40), 5: (40, 230, 40), 6: (250, 250, 250)}


def write_coco_split(root, split, num_images, size, seed):
    """Images with coloured squares on grey noise + their COCO file."""
    rng = np.random.default_rng(seed)
    folder = osp.join(root, f'JPEGImages-{split}')
    os.makedirs(folder, exist_ok=True)
    images, annotations = [], []
    for i in range(num_images):
        img = rng.integers(90, 130, (size, size, 3), dtype=np.uint8)
        for j, label in enumerate(sorted(COLOURS)):
            side = int(rng.integers(size // 6, size // 4))
            x = int(rng.integers(0, size // 3 - side // 2)) + j * size // 3
            y = int(rng.integers(0, size - side))
            img[y:y + side, x:x + side] = COLOURS[label]
            annotations.append(
                coco_annotation(
                    len(annotations) + 1, i + 1, label + 1,
                    (x, y, x + side, y + side)))
        name = f'{i:05d}.png'
        Image.fromarray(img).save(osp.join(folder, name))
        images.append(dict(id=i + 1, file_name=name, width=size, height=size))
    name = 'train_val' if split == 'trainval' else split
    write_coco(
        coco_dataset(images, annotations, DIOR_CLASSES),
        osp.join(root, 'coco_annotations', f'{name}_coco_ann.json'))


@pytest.fixture(autouse=True)
def mmdet_scope():
    """Build and initialise detectors in mmdet's scope, and give the other
    tests their default scope back afterwards."""
    with DefaultScope.overwrite_default_scope('mmdet'):
        yield


@pytest.fixture(scope='session')
def dior_root(tmp_path_factory):
    """A DIOR-layout COCO dataset: 2 train and 2 test images of 96 px."""
    root = str(tmp_path_factory.mktemp('DIOR'))
    write_coco_split(root, 'trainval', 2, 96, seed=0)
    write_coco_split(root, 'test', 2, 96, seed=1)
    return root
