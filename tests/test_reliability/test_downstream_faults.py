"""Fine-tuning off the happy path, through train_mmdet.py and
train_mmpretrain.py on generated data: classes that do not match, labels
beyond the head, a diverged loss."""
import glob
import os
import os.path as osp
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset, write_coco)
from mmselfsup.utils import safe_torch_load
from tests.helpers import REPO, det_data_options, error_line, run, run_command

DET_CONFIG = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP_demo.py')
CLS_CONFIG = osp.join(REPO, 'configs_mmpretrain/resnet50_GeRSP_demo-scenes.py')
CATEGORIES = ('car', 'truck')


@pytest.fixture(scope='module')
def two_class_coco(tmp_path_factory):
    """Your own data: 2 images of 64 px per split, categories 'car' and
    'truck', in DIOR's folder layout."""
    root = str(tmp_path_factory.mktemp('own_coco'))
    rng = np.random.default_rng(0)
    for split, name in (('trainval', 'train_val'), ('test', 'test')):
        folder = osp.join(root, f'JPEGImages-{split}')
        os.makedirs(folder)
        images, annotations = [], []
        for i in range(2):
            img = rng.integers(90, 130, (64, 64, 3), dtype=np.uint8)
            for label, (x, colour) in enumerate(((8, 230), (36, 30))):
                img[20:40, x:x + 20] = colour
                annotations.append(
                    coco_annotation(
                        len(annotations) + 1, i + 1, label + 1,
                        (x, 20, x + 20, 40)))
            Image.fromarray(img).save(osp.join(folder, f'{i}.png'))
            images.append(
                dict(id=i + 1, file_name=f'{i}.png', width=64, height=64))
        write_coco(
            coco_dataset(images, annotations, CATEGORIES),
            osp.join(root, 'coco_annotations', f'{name}_coco_ann.json'))
    return root


def det_cmd(work_dir, root, weights, *options):
    return [
        sys.executable, 'train_mmdet.py', DET_CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', *det_data_options(root, size=64),
        f'model.backbone.init_cfg.checkpoint={weights}', *options
    ]


def test_a_class_name_the_coco_file_lacks_is_refused(two_class_coco,
                                                     gersp_weights, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command(
        det_cmd(work_dir, two_class_coco, gersp_weights,
                "train_dataloader.dataset.metainfo.classes=('Car','truck')"))
    line = error_line(proc)
    ann_file = osp.join(two_class_coco, 'coco_annotations',
                        'train_val_coco_ann.json')
    assert (f"train_dataloader.dataset.metainfo.classes names ['Car'], "
            f'which match no category of {ann_file}') in line
    assert "its categories are ['car', 'truck']" in line
    assert not work_dir.exists()  # refused before the Runner


def test_an_explicit_num_classes_that_disagrees_is_refused(
        two_class_coco, gersp_weights, tmp_path):
    proc = run_command(
        det_cmd(tmp_path / 'work', two_class_coco, gersp_weights,
                "train_dataloader.dataset.metainfo.classes=('car','truck')",
                'model.roi_head.bbox_head.num_classes=5'))
    line = error_line(proc)
    assert ('model.roi_head.bbox_head.num_classes is 5 but '
            'train_dataloader.dataset.metainfo.classes names 2 classes; set '
            'model.roi_head.bbox_head.num_classes=2') in line


@pytest.mark.slow  # a detector trains one epoch
def test_classes_given_once_are_followed_by_heads_and_evaluation(
        two_class_coco, gersp_weights, tmp_path):
    """Only the training classes are given: the val / test datasets and the
    head follow them, so the run trains and evaluates (it used to fail at
    evaluation after a whole epoch, num_classes staying at DIOR's 20)."""
    work_dir = tmp_path / 'work'
    proc = run(
        det_cmd(work_dir, two_class_coco, gersp_weights,
                "train_dataloader.dataset.metainfo.classes=('car','truck')",
                'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                'default_hooks.checkpoint.interval=1'))
    out = proc.stdout + proc.stderr
    assert ('model.roi_head.bbox_head.num_classes: 20 -> 2 (the training '
            'classes)') in out
    assert 'val_dataloader.dataset.metainfo.classes follows' in out
    state = safe_torch_load(str(work_dir / 'epoch_1.pth'))['state_dict']
    assert state['roi_head.bbox_head.fc_cls.weight'].shape[0] == 2 + 1
    assert 'coco/bbox_mAP_50' in out  # the evaluation ran


@pytest.fixture(scope='module')
def scenes(tmp_path_factory):
    """6 generated scene kinds, 5 images of 32 px each, split 3 / 1 / 1."""
    root = str(tmp_path_factory.mktemp('scenes'))
    run([
        sys.executable, 'tools/generate_demo_data.py', '--kind',
        'classification', '--out', root, '--per-class', '5', '--size', '32'
    ])
    run([
        sys.executable, 'tools/dataset_converters/make_cls_splits.py', root,
        '--dataset', 'custom'
    ])
    return root


def cls_cmd(work_dir, root, weights, *options):
    return [
        sys.executable, 'train_mmpretrain.py', CLS_CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', f'data_root={root}',
        f'model.backbone.init_cfg.checkpoint={weights}',
        'train_dataloader.batch_size=6',
        'train_dataloader.dataset.pipeline.1.scale=32',
        'default_hooks.logger.interval=1', 'train_cfg.val_interval=100',
        *options
    ]


def test_a_label_beyond_the_head_is_refused(scenes, gersp_weights, tmp_path):
    proc = run_command(
        cls_cmd(tmp_path / 'work', scenes, gersp_weights,
                'model.head.num_classes=4'))
    line = error_line(proc)
    assert f'{scenes}/meta/train.txt, line ' in line
    assert 'is outside [0, 4)' in line and 'model.head.num_classes' in line
    assert not glob.glob(str(tmp_path / 'work' / 'epoch_*.pth'))


@pytest.mark.slow  # a few classifier steps
def test_a_diverged_fine_tuning_stops_without_a_bad_checkpoint(
        scenes, gersp_weights, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command(
        cls_cmd(work_dir, scenes, gersp_weights,
                'optim_wrapper.optimizer.lr=1e12', 'train_cfg.max_epochs=6',
                'default_hooks.checkpoint.interval=1',
                'default_hooks.checkpoint.max_keep_ckpts=1'))
    line = error_line(proc)
    assert 'non-finite' in line and '--resume' in line
    for path in glob.glob(str(work_dir / 'epoch_*.pth')):
        state = safe_torch_load(path)['state_dict']
        assert all(
            torch.isfinite(v).all() for v in state.values()
            if v.is_floating_point()), path
    log = ''.join(
        open(p).read() for p in glob.glob(str(work_dir / '*' / '*.log')))
    assert line[len('error: '):] in log
