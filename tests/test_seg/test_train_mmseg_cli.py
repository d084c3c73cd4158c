"""train_mmseg.py and test_mmseg.py on generated LoveDA-layout images: the
PSANet GeRSP recipe, 64 px crops, two iterations, an mIoU evaluation."""
import glob
import json
import os
import os.path as osp
import sys

import numpy as np
import pytest
from PIL import Image

from tests.helpers import REPO, run, scalars

pytestmark = pytest.mark.slow  # subprocess trainings

CONFIG = osp.join(REPO, 'configs_mmseg/psanet_GeRSP_loveda.py')
ITERS = 2


def data_options(root, size=64):
    """Point a LoveDA config at ``root``: ``size`` px crops and test
    images, no worker processes."""
    options = [
        f'data_root={root}',
        f'train_dataloader.dataset.pipeline.2.scale=({4 * size},{size})',
        f'train_dataloader.dataset.pipeline.3.crop_size=({size},{size})',
        f'model.data_preprocessor.size=({size},{size})',
        'train_dataloader.batch_size=2',
    ]
    for loader in ('train', 'val', 'test'):
        options += [
            f'{loader}_dataloader.num_workers=0',
            f'{loader}_dataloader.persistent_workers=False'
        ]
    for loader in ('val', 'test'):
        options.append(
            f'{loader}_dataloader.dataset.pipeline.1.scale=({size},{size})')
    return options


@pytest.fixture(scope='module')
def finetuned(loveda_root, gersp_weights, tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp('psanet'))
    run([
        sys.executable, 'train_mmseg.py', CONFIG, '--work-dir', work_dir,
        '--seed', '0', '--cfg-options', *data_options(loveda_root),
        f'model.backbone.init_cfg.checkpoint={gersp_weights}',
        f'train_cfg.max_iters={ITERS}', f'train_cfg.val_interval={ITERS}',
        f'default_hooks.checkpoint.interval={ITERS}',
        'default_hooks.logger.interval=1', f'param_scheduler.0.end={ITERS}'
    ])
    return work_dir


def test_training_logs_losses_evaluates_and_saves(finetuned, gersp_weights):
    records = scalars(finetuned)
    losses = [r for r in records if 'loss' in r]
    assert [r['iter'] for r in losses] == list(range(1, ITERS + 1))
    assert all(
        np.isfinite(r['decode.loss_ce']) and np.isfinite(r['aux.loss_ce'])
        for r in losses)
    evals = [r for r in records if 'mIoU' in r]
    assert len(evals) == 1 and 0 <= evals[0]['mIoU'] <= 100
    assert osp.isfile(osp.join(finetuned, f'iter_{ITERS}.pth'))
    log = open(sorted(glob.glob(osp.join(finetuned, '*', '*.log')))[-1]).read()
    # the backbone was the converted file, and the per-class IoU table
    assert f'StrictPretrainedInit: strictly loaded from {gersp_weights}' in log
    assert '| agricultural |' in log


def test_test_mmseg_reports_miou_and_saves_masks(finetuned, loveda_root,
                                                 tmp_path):
    preds = tmp_path / 'preds'
    proc = run([
        sys.executable, 'test_mmseg.py', CONFIG,
        osp.join(finetuned, f'iter_{ITERS}.pth'), '--work-dir',
        str(tmp_path), '--out',
        str(preds), '--show-dir', 'vis', '--cfg-options',
        *data_options(loveda_root)
    ])
    assert 'mIoU' in proc.stdout + proc.stderr
    metrics = json.load(open(glob.glob(str(tmp_path / '*' / '*.json'))[0]))
    assert 0 <= metrics['mIoU'] <= 100 and 'aAcc' in metrics
    # the masks in LoveDA's coding (1..7), one per val image
    assert sorted(os.listdir(preds)) == ['2.png', '3.png']
    mask = np.asarray(Image.open(preds / '2.png'))
    assert mask.shape == (64, 64) and 1 <= mask.min() and mask.max() <= 7
    assert len(
        glob.glob(str(tmp_path / 'vis' / '**' / '*.png'), recursive=True)) == 2
