"""tools/generate_demo_data.py: layout, determinism, idempotence."""
import os

import numpy as np
from PIL import Image

from mmselfsup.datasets import LabeledImageSource, UnlabeledImageFolder
from mmselfsup.demo.pretraining import generate
from mmselfsup.demo.scenes import SCENES
from tests.helpers import read_tree

ARGS = dict(num_classes=3, per_class=4, num_unlabeled=12, scenes_per_class=2)


def test_layout_and_sizes(tmp_path):
    manifest = generate(str(tmp_path), seed=0, **ARGS)
    assert manifest['generated'] is True
    assert len(manifest['files']) == 3 * 4 + 12 + 6 * (2 + 1) + 1
    lines = (tmp_path / 'ImageNet/meta/train.txt').read_text().splitlines()
    assert lines[:2] == [
        'n00000000/n00000000_0000.JPEG 0', 'n00000000/n00000000_0001.JPEG 0'
    ]
    assert lines[-1] == 'n00000002/n00000002_0003.JPEG 2'
    labeled = LabeledImageSource(
        data_root=str(tmp_path / 'ImageNet'),
        ann_file='meta/train.txt',
        data_prefix='train')
    assert len(labeled) == 12
    assert labeled.metainfo['classes'] == ('n00000000', 'n00000001',
                                           'n00000002')
    unlabeled = UnlabeledImageFolder(
        data_root=str(tmp_path / 'million_aid'), data_prefix='test')
    assert len(unlabeled) == 12
    for i in range(len(labeled)):
        w, h = Image.open(labeled.get_data_info(i)['img_path']).size
        assert 48 <= w <= 96 and 48 <= h <= 96
    sizes = [
        Image.open(unlabeled.get_data_info(i)['img_path']).size
        for i in range(len(unlabeled))
    ]
    assert all(64 <= s <= 300 for size in sizes for s in size)
    assert sum(w != h for w, h in sizes) >= 6


def _texture(path):
    """Edge density along x and y and foreground share of the binarised
    image: blind to colour, it sees only the texture."""
    g = np.asarray(Image.open(path).convert('L'), np.float32)
    fg = g > (g.max() + g.min()) / 2
    return np.array([
        np.abs(np.diff(fg, axis=1)).mean(),
        np.abs(np.diff(fg, axis=0)).mean(),
        fg.mean()
    ])


def _mean_colour(path):
    return np.asarray(Image.open(path), np.float32).reshape(-1, 3).mean(0)


def _leave_one_out_accuracy(feats):
    """Nearest class mean, leaving the tested image out of its class."""
    hits = 0
    num_classes, per_class = feats.shape[:2]
    for c in range(num_classes):
        for i in range(per_class):
            means = feats.mean(1)
            means[c] = np.delete(feats[c], i, axis=0).mean(0)
            hits += np.linalg.norm(means - feats[c, i], axis=1).argmin() == c
    return hits / (num_classes * per_class)


def test_classes_differ_by_texture_not_colour(tmp_path):
    generate(
        str(tmp_path), seed=0, num_classes=5, per_class=8, num_unlabeled=1)
    train = tmp_path / 'ImageNet' / 'train'
    paths = [[
        train / f'n{c:08d}' / f'n{c:08d}_{i:04d}.JPEG' for i in range(8)
    ] for c in range(5)]
    texture = np.array([[_texture(p) for p in row] for row in paths])
    colour = np.array([[_mean_colour(p) for p in row] for row in paths])
    assert _leave_one_out_accuracy(texture) >= 0.9
    assert _leave_one_out_accuracy(colour) <= 0.5


def _layout(path):
    """Gradient-orientation histogram, edge density and contrast of the
    grey image: blind to colour, it sees the layout."""
    g = np.asarray(Image.open(path).convert('L').resize((64, 64)), np.float32)
    gx, gy = np.diff(g, axis=1)[:-1], np.diff(g, axis=0)[:, :-1]
    mag = np.hypot(gx, gy)
    hist = np.histogram(
        np.arctan2(gy, gx) % np.pi, bins=4, range=(0, np.pi), weights=mag)[0]
    return np.concatenate([hist / mag.sum(), [(mag > 20).mean(), g.std()]])


def _standardised(feats):
    flat = feats.reshape(-1, feats.shape[-1])
    return (feats - flat.mean(0)) / (flat.std(0) + 1e-6)


def test_held_out_scenes_in_class_folders_differ_by_layout_not_colour(
        tmp_path):
    generate(
        str(tmp_path),
        seed=0,
        num_classes=1,
        per_class=1,
        num_unlabeled=1,
        scenes_per_class=12)
    scenes = tmp_path / 'scenes'
    kinds = sorted(p.name for p in (scenes / 'train').iterdir())
    assert kinds == sorted(SCENES)
    assert sorted(p.name for p in (scenes / 'val').iterdir()) == kinds
    assert all(len(list((scenes / 'val' / k).iterdir())) == 6 for k in kinds)
    paths = [sorted((scenes / 'train' / k).iterdir()) for k in kinds]
    layout = _standardised(np.array([[_layout(p) for p in r] for r in paths]))
    colour = _standardised(
        np.array([[_mean_colour(p) for p in r] for r in paths]))
    chance = 1 / len(kinds)
    assert _leave_one_out_accuracy(layout) >= 2.4 * chance
    assert _leave_one_out_accuracy(colour) <= 2 * chance


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    generate(str(tmp_path / 'a'), seed=0, **ARGS)
    generate(str(tmp_path / 'b'), seed=0, **ARGS)
    generate(str(tmp_path / 'c'), seed=1, **ARGS)
    a, b, c = (read_tree(tmp_path / n) for n in 'abc')
    assert a == b
    assert set(a) == set(c)
    images = [p for p in a if p.endswith(('.JPEG', '.jpg'))]
    assert len(images) == 3 * 4 + 12 + 6 * 3
    assert all(a[p] != c[p] for p in images)


def test_rerun_is_a_no_op_and_new_args_replace(tmp_path):
    generate(str(tmp_path), seed=0, **ARGS)
    probe = tmp_path / 'million_aid/test/000000.jpg'
    stamp = probe.stat().st_mtime_ns
    again = generate(str(tmp_path), seed=0, **ARGS)
    assert again['generated'] is False
    assert probe.stat().st_mtime_ns == stamp
    probe.unlink()
    assert generate(str(tmp_path), seed=0, **ARGS)['generated'] is True
    assert probe.is_file()
    smaller = generate(
        str(tmp_path), seed=0, num_classes=2, per_class=1, num_unlabeled=2)
    assert smaller['generated'] is True
    assert sorted(os.listdir(
        tmp_path / 'million_aid/test')) == ['000000.jpg', '000001.jpg']
    assert sorted(os.listdir(
        tmp_path / 'ImageNet/train/n00000000')) == ['n00000000_0000.JPEG']
