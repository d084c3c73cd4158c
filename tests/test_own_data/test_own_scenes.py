"""docs/own_data.md, scene classification: the custom template trained and
evaluated through train_mmpretrain.py / test_mmpretrain.py on generated
class folders split by make_cls_splits.py --dataset custom."""
import os.path as osp
import sys

import pytest

from mmselfsup.evaluation.records import evaluated_value
from mmselfsup.utils import safe_torch_load
from tests.helpers import NO_WORKERS, REPO, run

pytestmark = pytest.mark.slow  # a classifier trains one epoch

CONFIG = osp.join(REPO, 'configs_mmpretrain/resnet50_GeRSP_custom.py')
# the generated kinds, in sorted folder order
SCENES = ('farmland', 'forest', 'industrial', 'residential', 'roads', 'water')


@pytest.fixture(scope='module')
def own_scenes(tmp_path_factory):
    """6 generated scene kinds, 5 images of 32 px each, split 3 / 1 / 1."""
    root = str(tmp_path_factory.mktemp('own_scenes'))
    run([
        sys.executable, 'tools/generate_demo_data.py', '--kind',
        'classification', '--out', root, '--per-class', '5', '--size', '32'
    ])
    run([
        sys.executable, 'tools/dataset_converters/make_cls_splits.py', root,
        '--dataset', 'custom'
    ])
    return root


def data_keys(root):
    """The keys docs/own_data.md names; 32 px images, no workers."""
    options = [
        f'data_root={root}', f'train_dataloader.dataset.metainfo.classes='
        f'{SCENES}', 'train_dataloader.dataset.pipeline.1.scale=32'
    ]
    options += NO_WORKERS
    for loader in ('val', 'test'):
        options += [
            f'{loader}_dataloader.dataset.pipeline.1.scale=36',
            f'{loader}_dataloader.dataset.pipeline.2.crop_size=32'
        ]
    return options


def test_train_then_test_on_own_scenes(own_scenes, gersp_weights, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run([
        sys.executable, 'train_mmpretrain.py', CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', *data_keys(own_scenes),
        f'model.backbone.init_cfg.checkpoint={gersp_weights}',
        'train_dataloader.batch_size=6', 'train_cfg.max_epochs=1',
        'train_cfg.val_interval=1', 'default_hooks.checkpoint.interval=1'
    ])
    out = proc.stdout + proc.stderr
    assert 'model.head.num_classes: 2 -> 6 (the training classes)' in out
    assert 'test_dataloader.dataset.metainfo.classes follows' in out
    checkpoint = str(work_dir / 'epoch_1.pth')
    state = safe_torch_load(checkpoint)['state_dict']
    assert tuple(state['head.fc.weight'].shape) == (6, 2048)
    test_dir = tmp_path / 'test'
    run([
        sys.executable, 'test_mmpretrain.py', CONFIG, checkpoint, '--work-dir',
        str(test_dir), '--cfg-options', *data_keys(own_scenes)
    ])
    top1 = evaluated_value(str(test_dir), 'accuracy/top1')
    assert 0 <= top1 <= 100, top1
