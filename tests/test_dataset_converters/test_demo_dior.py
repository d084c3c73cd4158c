"""tools/generate_demo_data.py --kind dior, and dior2coco.py on its output."""
import itertools
import json
import os

import numpy as np
import pytest

from mmselfsup.dataset_converters.dior2coco import main as dior2coco
from mmselfsup.demo.dior import (CLASSES, draw_background, draw_objects,
                                 generate)
from mmselfsup.demo.dior import main as generate_main
from tests.helpers import read_tree


@pytest.fixture(scope='module')
def demo(tmp_path_factory):
    """The default demo set, converted; returns (root, {json name: coco})."""
    root = tmp_path_factory.mktemp('demo_dior')
    generate_main(['--out', str(root)])
    assert dior2coco([str(root)]) == 0
    cocos = {}
    for name in ('train_val_coco_ann.json', 'test_coco_ann.json'):
        with open(root / 'coco_annotations' / name) as f:
            cocos[name] = json.load(f)
    return root, cocos


def test_layout(demo):
    root, cocos = demo
    lists = {
        s: (root / f'ImageSets/Main/{s}.txt').read_text().split()
        for s in ('train', 'val', 'test')
    }
    assert lists['train'] == [f'{i:05d}' for i in range(1, 13)]
    assert lists['val'] == [f'{i:05d}' for i in range(13, 25)]
    assert lists['test'] == [f'{i:05d}' for i in range(25, 33)]
    assert len(os.listdir(root / 'JPEGImages-trainval')) == 24
    assert len(os.listdir(root / 'JPEGImages-test')) == 8
    assert len(os.listdir(root / 'Annotations')) == 32
    assert [im['id'] for im in cocos['test_coco_ann.json']['images']
            ] == list(range(25, 33))


def test_boxes_are_inside_sized_and_disjoint(demo):
    _, cocos = demo
    for coco in cocos.values():
        assert {(im['width'], im['height'])
                for im in coco['images']} == {(256, 256)}
        by_image = {}
        for ann in coco['annotations']:
            x, y, w, h = ann['bbox']
            assert 0 <= x and x + w <= 256 and 0 <= y and y + h <= 256
            assert 15 <= max(w, h) <= 76, ann
            by_image.setdefault(ann['image_id'], []).append(
                (x, y, x + w, y + h))
        # every image has objects
        assert set(by_image) == {im['id'] for im in coco['images']}
        assert max(len(boxes) for boxes in by_image.values()) <= 4
        for boxes in by_image.values():
            for a, b in itertools.combinations(boxes, 2):
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or \
                    b[3] <= a[1]


def test_every_class_in_every_split(demo):
    _, cocos = demo
    for coco in cocos.values():
        names = {c['id']: c['name'] for c in coco['categories']}
        counts = {}
        for ann in coco['annotations']:
            counts[names[ann['category_id']]] = counts.get(
                names[ann['category_id']], 0) + 1
        assert set(counts) == set(CLASSES)
        assert min(counts.values()) >= 4


def test_boxes_enclose_the_drawn_pixels_exactly():
    for index in range(10):
        rng = np.random.default_rng([0, index])
        background = draw_background(rng, 256)
        img, objects = draw_objects(rng, background, CLASSES)
        changed = (img != background).any(axis=2)
        inside = np.zeros_like(changed)
        for _, (x1, y1, x2, y2) in objects:
            inside[y1:y2, x1:x2] = True
            region = changed[y1:y2, x1:x2]
            assert region[0].any() and region[-1].any()
            assert region[:, 0].any() and region[:, -1].any()
        assert not (changed & ~inside).any()


def test_deterministic_for_a_seed(tmp_path):
    generate(str(tmp_path / 'a'), num_trainval=3, num_test=2, seed=5)
    generate(str(tmp_path / 'b'), num_trainval=3, num_test=2, seed=5)
    generate(str(tmp_path / 'c'), num_trainval=3, num_test=2, seed=6)
    a = read_tree(tmp_path / 'a')
    assert a == read_tree(tmp_path / 'b')
    assert a != read_tree(tmp_path / 'c')
    assert len(a) == 3 + 2 + 5 + 3
