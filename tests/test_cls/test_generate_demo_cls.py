"""The classification demo data (tools/generate_demo_data.py --kind
classification): a deterministic class-folder dataset that
make_cls_splits.py splits like a real one."""
import os
import os.path as osp

import numpy as np
from PIL import Image

from mmselfsup.dataset_converters.make_cls_splits import main as make_splits
from mmselfsup.demo.classification import generate, main
from mmselfsup.demo.scenes import SCENES
from tests.helpers import read_tree


def test_same_arguments_same_bytes_and_a_rerun_replaces(tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    main(['--out', a, '--per-class', '3', '--size', '32'])
    main(['--out', b, '--per-class', '3', '--size', '32'])
    assert read_tree(a) == read_tree(b)
    assert sorted(os.listdir(a)) == sorted(SCENES + ('demo_cls.json', ))
    generate(a, seed=1, per_class=2, size=32)
    assert sorted(os.listdir(osp.join(
        a, 'forest'))) == ['forest_0000.jpg', 'forest_0001.jpg']
    assert read_tree(a)['forest/forest_0000.jpg'] != read_tree(
        b)['forest/forest_0000.jpg']


def test_images_differ_within_a_class_and_split_like_a_dataset(tmp_path):
    root = str(tmp_path / 'demo')
    generate(root, per_class=5, size=32)
    first, second = (
        np.asarray(Image.open(osp.join(root, 'water', n)))
        for n in ('water_0000.jpg', 'water_0001.jpg'))
    assert first.shape == (32, 32, 3) and not np.array_equal(first, second)
    assert make_splits([root, '--dataset', 'custom']) == 0
    with open(osp.join(root, 'meta', 'train.txt')) as f:
        labels = [int(line.split()[1]) for line in f]
    assert sorted(set(labels)) == list(range(6))
    assert len(labels) == 6 * 3
