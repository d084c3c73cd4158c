"""docs/own_data.md, segmentation: the custom template trained and
evaluated through train_mmseg.py / test_mmseg.py on generated 3-class
tiles in mmseg's layout, with only the documented keys set; the heads
follow the classes given once."""
import os
import os.path as osp
import re
import sys

import numpy as np
import pytest
from mmengine.config import Config, ConfigDict
from PIL import Image

from mmselfsup.seg.class_check import (ClassMismatchError,
                                       check_segmentation_classes)
from mmselfsup.utils import safe_torch_load
from tests.helpers import REPO, error_line, run, run_command, seg_options

CONFIG = osp.join(REPO, 'configs_mmseg/psanet_GeRSP_custom.py')
CLASSES = "train_dataloader.dataset.metainfo.classes=('soil','tree','roof')"
ITERS = 2


@pytest.fixture(scope='module')
def own_tiles(tmp_path_factory):
    """3 tiles of 64 px per split; masks of the classes 0, 1, 2 in bands
    (and a 255-ignored corner)."""
    root = str(tmp_path_factory.mktemp('own_seg'))
    rng = np.random.default_rng(0)
    for split in ('train', 'val'):
        for folder in ('img_dir', 'ann_dir'):
            os.makedirs(osp.join(root, folder, split))
        for i in range(3):
            mask = np.zeros((64, 64), np.uint8)
            mask[:, 20:40], mask[:, 40:] = 1, 2
            mask[:4, :4] = 255
            img = (mask[..., None] % 3 * 80 +
                   rng.integers(0, 30, (64, 64, 3))).astype(np.uint8)
            Image.fromarray(img).save(
                osp.join(root, 'img_dir', split, f'{i}.png'))
            Image.fromarray(mask).save(
                osp.join(root, 'ann_dir', split, f'{i}.png'))
    return root


def data_keys(root, size=64):
    """The keys docs/own_data.md names; small crops, no workers."""
    return [*seg_options(root, size), CLASSES]


def test_heads_and_val_set_follow_the_training_classes():
    classes = ('a', 'b', 'c', 'd')
    palette = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]]
    options = {
        'train_dataloader.dataset.metainfo.classes': classes,
        'train_dataloader.dataset.metainfo.palette': palette
    }
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict(options)
    notices = check_segmentation_classes(cfg, options)
    assert cfg.model.decode_head.num_classes == 4
    assert cfg.model.auxiliary_head.num_classes == 4
    for loader in ('val', 'test'):
        meta = cfg[f'{loader}_dataloader'].dataset.metainfo
        assert tuple(meta.classes) == classes and meta.palette == palette
    assert 'model.decode_head.num_classes: 2 -> 4 (the training classes)' \
        in notices
    assert 'val_dataloader.dataset.metainfo.classes follows the training ' \
        'classes' in notices


def test_a_head_set_against_the_classes_is_refused():
    cfg = Config(
        dict(
            train_dataloader=dict(
                dataset=dict(metainfo=dict(classes=('a', 'b')))),
            model=ConfigDict(decode_head=dict(num_classes=7))))
    with pytest.raises(
            ClassMismatchError,
            match='model.decode_head.'
            'num_classes is 7 but train_dataloader.dataset.'
            r'metainfo.classes names 2 classes; set '
            'model.decode_head.num_classes=2'):
        check_segmentation_classes(cfg, {})


def test_the_template_without_data_names_the_path(tmp_path):
    proc = run_command([
        sys.executable, 'train_mmseg.py', CONFIG, '--work-dir',
        str(tmp_path / 'work')
    ])
    assert 'data/my_seg/' in error_line(proc)


@pytest.mark.slow  # subprocess training and test
def test_train_then_test_on_own_tiles(own_tiles, gersp_weights, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run([
        sys.executable, 'train_mmseg.py', CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', *data_keys(own_tiles),
        f'model.backbone.init_cfg.checkpoint={gersp_weights}',
        f'train_cfg.max_iters={ITERS}', f'train_cfg.val_interval={ITERS}',
        f'default_hooks.checkpoint.interval={ITERS}',
        f'param_scheduler.0.end={ITERS}'
    ])
    out = proc.stdout + proc.stderr
    assert ('model.decode_head.num_classes: 2 -> 3 (the training '
            'classes)') in out
    assert 'val_dataloader.dataset.metainfo.classes follows' in out
    checkpoint = str(work_dir / f'iter_{ITERS}.pth')
    state = safe_torch_load(checkpoint)['state_dict']
    assert state['decode_head.conv_seg.weight'].shape[0] == 3
    assert state['auxiliary_head.conv_seg.weight'].shape[0] == 3
    proc = run([
        sys.executable, 'test_mmseg.py', CONFIG, checkpoint, '--work-dir',
        str(tmp_path / 'test'), '--cfg-options', *data_keys(own_tiles)
    ])
    out = proc.stdout + proc.stderr
    assert 'mIoU' in out
    for name in ('soil', 'tree', 'roof'):
        assert re.search(rf'\|\s+{name} \|', out), out[-3000:]
