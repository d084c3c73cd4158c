"""docs/own_data.md, detection: the custom-COCO template trained and
evaluated through train_mmdet.py / test_mmdet.py on a generated 2-class
COCO dataset, with only the documented keys set."""
import os
import os.path as osp
import sys

import numpy as np
import pytest
from PIL import Image

from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset, write_coco)
from mmselfsup.evaluation.records import find_records, load_table
from mmselfsup.utils import safe_torch_load
from tests.helpers import NO_WORKERS, REPO, run

pytestmark = pytest.mark.slow  # a detector trains one epoch

CONFIG = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP_custom-coco.py')
CLASSES = ('car', 'truck')


@pytest.fixture(scope='module')
def own_coco(tmp_path_factory):
    """The template's layout: annotations/{train,val}.json and
    images/{train,val}/, 2 images of 64 px per split."""
    root = str(tmp_path_factory.mktemp('own_coco'))
    rng = np.random.default_rng(0)
    for split in ('train', 'val'):
        folder = osp.join(root, 'images', split)
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
            coco_dataset(images, annotations, CLASSES),
            osp.join(root, 'annotations', f'{split}.json'))
    return root


def data_keys(root):
    """The keys docs/own_data.md names, and small images / no workers."""
    options = [
        f'data_root={root}',
        "train_dataloader.dataset.metainfo.classes=('car','truck')",
        'train_dataloader.dataset.pipeline.2.scale=(64,64)',
        # every box is evaluated, however little one epoch learns
        'model.test_cfg.rcnn.score_thr=0.0'
    ]
    options += NO_WORKERS
    for loader in ('val', 'test'):
        options.append(f'{loader}_dataloader.dataset.pipeline.1.scale=(64,64)')
    return options


def test_train_then_test_on_own_coco(own_coco, gersp_weights, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run([
        sys.executable, 'train_mmdet.py', CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', *data_keys(own_coco),
        f'model.backbone.init_cfg.checkpoint={gersp_weights}',
        'train_dataloader.batch_size=2', 'train_cfg.max_epochs=1',
        'train_cfg.val_interval=1', 'default_hooks.checkpoint.interval=1'
    ])
    out = proc.stdout + proc.stderr
    assert 'val_dataloader.dataset.metainfo.classes follows' in out
    checkpoint = str(work_dir / 'epoch_1.pth')
    state = safe_torch_load(checkpoint)['state_dict']
    assert tuple(state['roi_head.bbox_head.fc_cls.weight'].shape) == (3, 1024)
    assert 'coco/bbox_mAP_50' in out

    test_dir = tmp_path / 'test'
    proc = run([
        sys.executable, 'test_mmdet.py', CONFIG, checkpoint, '--work-dir',
        str(test_dir), '--cfg-options', *data_keys(own_coco)
    ])
    assert 'coco/bbox_mAP_50' in proc.stdout + proc.stderr
    folder, = find_records(str(test_dir))
    assert [c['class'] for c in load_table(folder)['classes']] == list(CLASSES)
