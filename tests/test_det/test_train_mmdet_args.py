"""train_mmdet.py's command line: --no-validate, --auto-scale-lr and the
statement of the total batch and the lr."""
import os.path as osp
import sys

import pytest

from mmselfsup.engine.args import parse_train_args
from mmselfsup.engine.config_build import build_cfg, describe_batch
from tests.helpers import REPO, run

CONFIG = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP.py')


def cfg_for(*argv):
    return build_cfg(parse_train_args([CONFIG, *argv]))


def test_no_validate_drops_the_validation():
    cfg = cfg_for('--no-validate')
    assert cfg.val_cfg is None and cfg.val_dataloader is None
    assert cfg.val_evaluator is None
    assert cfg_for().val_cfg == dict(type='ValLoop')


def test_batch_and_lr_statement():
    cfg = cfg_for()
    assert cfg.auto_scale_lr.enable is False
    assert describe_batch(cfg, 1) == (
        'total batch 4 = 1 process(es) x 4 images; lr 0.001 as in the config')
    assert describe_batch(cfg, 8) == (
        'total batch 32 = 8 process(es) x 4 images; lr 0.001 NOT scaled: it '
        'was set for batch 4 (add --auto-scale-lr to scale it linearly)')
    scaled = cfg_for('--auto-scale-lr')
    assert scaled.auto_scale_lr.enable is True
    assert describe_batch(scaled, 8) == (
        'total batch 32 = 8 process(es) x 4 images; lr scaled from 0.001 '
        '(for batch 4) to 0.008 (--auto-scale-lr)')


def test_auto_scale_lr_needs_a_base_batch(tmp_path):
    config = tmp_path / 'no_base.py'
    config.write_text(f"_base_ = '{CONFIG}'\nauto_scale_lr = None\n")
    with pytest.raises(KeyError, match='no auto_scale_lr.base_batch_size'):
        build_cfg(parse_train_args([str(config), '--auto-scale-lr']))


@pytest.mark.slow  # a subprocess importing mmdet
def test_describe_batch_prints_and_exits():
    proc = run([
        sys.executable, 'train_mmdet.py', CONFIG, '--describe-batch', '2',
        '--auto-scale-lr'
    ])
    assert proc.stdout.strip() == (
        'total batch 8 = 2 process(es) x 4 images; lr scaled from 0.001 '
        '(for batch 4) to 0.002 (--auto-scale-lr)')
