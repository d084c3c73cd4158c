"""The pure helpers need neither mmcv nor mmdet nor mmpretrain: the
checkpoint and DIOR converters run in processes where importing those
fails."""
import json
import os.path as osp
import subprocess
import sys

import pytest
import torch

from mmselfsup.model_converters.checkpoint import resnet50_layout
from tests.dior_sample import EXPECTED_TEST, write_dior
from tests.helpers import REPO, subprocess_env

pytestmark = pytest.mark.slow  # checkpoint conversion in subprocesses

BLOCKED = ('mmcv', 'mmdet', 'mmpretrain')


@pytest.fixture
def blocked_env(tmp_path):
    """PYTHONPATH entries that shadow the blocked packages with modules
    whose import fails."""
    shadow = tmp_path / 'shadow'
    shadow.mkdir()
    for name in BLOCKED:
        (shadow / f'{name}.py'
         ).write_text(f"raise ImportError('{name} is blocked in this test')\n")
    return subprocess_env(PYTHONPATH=f'{shadow}:{REPO}')


def run_blocked(cmd, env, cwd):
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_blocking_works(blocked_env, tmp_path):
    proc = subprocess.run([sys.executable, '-c', 'import mmcv'],
                          env=blocked_env,
                          capture_output=True,
                          text=True)
    assert 'mmcv is blocked in this test' in proc.stderr


def test_convert_gersp_without_mmcv_mmdet_mmpretrain(blocked_env, tmp_path):
    torch.manual_seed(0)
    state = {
        f'{prefix}.{k}': torch.randn(shape) if len(shape) else torch.tensor(3)
        for k, shape in resnet50_layout().items()
        for prefix in ('encoder_q', 'backbone', 'encoder_k')
    }
    (tmp_path / 'results' / 'GeRSP').mkdir(parents=True)
    torch.save({
        'state_dict': state,
        'meta': {
            'epoch': 100
        }
    }, tmp_path / 'results/GeRSP/epoch_100.pth')
    proc = run_blocked([
        sys.executable,
        osp.join(REPO, 'M_Convert_Checkpoints/convert_gersp.py')
    ], blocked_env, tmp_path)
    assert '(318 tensors, mmdet format)' in proc.stdout
    out = torch.load(
        tmp_path / 'results/GeRSP/CVT_epoch_100.pth',
        weights_only=True)['state_dict']
    assert torch.equal(out['backbone.layer4.2.conv3.weight'],
                       state['backbone.layer4.2.conv3.weight'])


def test_dior2coco_without_mmcv_mmdet_mmpretrain(blocked_env, tmp_path):
    write_dior(tmp_path)
    run_blocked([
        sys.executable,
        osp.join(REPO, 'tools/dataset_converters/dior2coco.py'),
        str(tmp_path)
    ], blocked_env, tmp_path)
    with open(tmp_path / 'coco_annotations' / 'test_coco_ann.json') as f:
        assert json.load(f) == EXPECTED_TEST
