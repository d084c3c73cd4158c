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

from mmselfsup.evaluation.records import (evaluated_value, find_records,
                                          latest_record, load_record)
from tests.helpers import REPO, run, scalars, seg_options

pytestmark = pytest.mark.slow  # subprocess trainings

CONFIG = osp.join(REPO, 'configs_mmseg/psanet_GeRSP_loveda.py')
ITERS = 2


@pytest.fixture(scope='module')
def finetuned(loveda_root, gersp_weights, tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp('psanet'))
    run([
        sys.executable, 'train_mmseg.py', CONFIG, '--work-dir', work_dir,
        '--seed', '0', '--cfg-options', *seg_options(loveda_root),
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
    # the validation's evaluation record, named by the iteration
    folder, = find_records(finetuned)
    assert osp.basename(folder) == f'val_iter_{ITERS}'
    record = load_record(folder)
    assert (record['scope'], record['mode'], record['epoch'], record['iter'],
            record['seed']) == ('mmseg', 'val', None, ITERS, 0)
    assert record['checkpoint'] == osp.join(finetuned, f'iter_{ITERS}.pth')
    assert record['headline'] == dict(name='mIoU', value=evals[0]['mIoU'])
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
        *seg_options(loveda_root)
    ])
    assert 'mIoU' in proc.stdout + proc.stderr
    metrics = json.load(open(glob.glob(str(tmp_path / '*' / '*.json'))[0]))
    assert 0 <= metrics['mIoU'] <= 100 and 'aAcc' in metrics
    # the same figures in the test's evaluation record
    record = load_record(latest_record(str(tmp_path), 'test'))
    assert record['iter'] == ITERS and record['metrics']['mIoU'] == (
        metrics['mIoU'])
    assert evaluated_value(str(tmp_path)) == metrics['mIoU']
    # the masks in LoveDA's coding (1..7), one per val image
    assert sorted(os.listdir(preds)) == ['2.png', '3.png']
    mask = np.asarray(Image.open(preds / '2.png'))
    assert mask.shape == (64, 64) and 1 <= mask.min() and mask.max() <= 7
    assert len(
        glob.glob(str(tmp_path / 'vis' / '**' / '*.png'), recursive=True)) == 2
