"""Pre-training fed by DALI (GeRSP_dali.py on DALI's CPU backend) through
tools/train.py on tiny data: a resumed run draws what an uninterrupted one
does, and a file DALI cannot decode, or a setting it cannot run, stops the
run with one line naming it while the checkpoints already written
survive."""
import glob
import os.path as osp
import shutil
import sys

import pytest
import torch

from mmselfsup.utils import safe_torch_load
from tests.helpers import (REPO, error_line, run, run_command,
                           tiny_run_options, write_tiny_dataset)

pytest.importorskip('nvidia.dali')
pytestmark = pytest.mark.slow

DALI_CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_dali.py')


@pytest.fixture(scope='module')
def tiny_data(tmp_path_factory):
    # 12 labeled + 12 unlabeled images -> 3 iterations of 4 per epoch
    return write_tiny_dataset(str(tmp_path_factory.mktemp('data')))


def options(data_root, epochs):
    return [
        *tiny_run_options(data_root, epochs, workers=0),
        'train_cfg.dali.device=cpu', 'train_cfg.dali.num_threads=1'
    ]


def train_cmd(work_dir, opts, extra=()):
    return [
        sys.executable, 'tools/train.py', DALI_CONFIG, '--work-dir',
        str(work_dir), *extra, '--cfg-options', *opts
    ]


def weights(path):
    return safe_torch_load(str(path))['state_dict']


def checkpoints(work_dir):
    return sorted(
        osp.basename(p) for p in glob.glob(osp.join(work_dir, 'epoch_*.pth')))


def test_a_resumed_run_trains_as_an_uninterrupted_one(tiny_data, tmp_path):
    whole, halves = tmp_path / 'whole', tmp_path / 'halves'
    run(train_cmd(whole, options(tiny_data, epochs=2)))
    run(train_cmd(halves, options(tiny_data, epochs=1)))
    resumed = run(
        train_cmd(halves, options(tiny_data, epochs=2), extra=['--resume']))
    assert 'resumed epoch: 1, iter: 3' in resumed.stdout + resumed.stderr
    a, b = weights(whole / 'epoch_2.pth'), weights(halves / 'epoch_2.pth')
    assert a.keys() == b.keys()
    for name in a:
        torch.testing.assert_close(a[name], b[name], rtol=0, atol=0)
    # the views did change the weights (the run trained)
    first = weights(whole / 'epoch_1.pth')
    assert not torch.equal(first['backbone.conv1.weight'],
                           a['backbone.conv1.weight'])


def test_an_undecodable_file_stops_the_run_naming_it(tiny_data, tmp_path):
    data = tmp_path / 'data'
    shutil.copytree(tiny_data, data)
    work_dir = tmp_path / 'work'
    run(train_cmd(work_dir, options(data, epochs=1)))
    good = weights(work_dir / 'epoch_1.pth')
    bad = data / 'million_aid' / 'test' / '0003.jpg'
    bad.write_bytes(bad.read_bytes()[:200])  # cut short
    proc = run_command(
        train_cmd(work_dir, options(data, epochs=2), extra=['--resume']))
    line = error_line(proc)
    assert 'DALI failed on batch' in line and 'image_random_crop' in line
    assert f'{osp.normpath(bad)} (OSError' in line
    assert checkpoints(work_dir) == ['epoch_1.pth']
    after = weights(work_dir / 'epoch_1.pth')
    assert all(torch.equal(good[k], after[k]) for k in good)


def test_skip_mode_is_refused_before_training(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(work_dir, [
            *options(tiny_data, epochs=1),
            "train_dataloader.dataset.on_bad_image='skip'"
        ]))
    line = error_line(proc)
    assert "on_bad_image='skip' is not available with the DALI loader" in line
    assert checkpoints(work_dir) == []
    assert 'Epoch(train)' not in proc.stdout + proc.stderr


def test_the_gpu_device_without_a_gpu_is_refused(tiny_data, tmp_path):
    proc = run_command(
        train_cmd(tmp_path / 'work', [
            *tiny_run_options(tiny_data, epochs=1, workers=0),
        ]))
    line = error_line(proc)
    assert "device is 'gpu' but torch sees no GPU" in line
    assert 'train_cfg.dali.device=cpu' in line
