"""Downstream launchers check the dataset paths before building a runner:
one line naming the path and the command that prepares the data."""
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.config import Config

from mmselfsup.engine.data_check import (DataNotFoundError, check_data_paths,
                                         dataset_paths)
from tests.helpers import REPO, subprocess_env


def test_paths_of_a_dataset_dict():
    assert dataset_paths(
        dict(
            data_root='data/DIOR/',
            ann_file='a/test.json',
            data_prefix=dict(img='JPEGImages-test/'))) == [
                'data/DIOR/', 'data/DIOR/a/test.json',
                'data/DIOR/JPEGImages-test/'
            ]
    assert dataset_paths(
        dict(data_root='r', data_prefix='train',
             ann_file='/abs/meta.txt')) == ['r', '/abs/meta.txt', 'r/train']


def test_the_first_missing_path_is_named_with_the_hint(tmp_path):
    (tmp_path / 'imgs').mkdir()
    (tmp_path / 'ann.json').write_text('{}')
    dataset = dict(
        data_root=str(tmp_path),
        ann_file='ann.json',
        data_prefix=dict(img='imgs/'))
    cfg = Config(
        dict(
            train_dataloader=dict(
                dataset=dict(type='RepeatDataset', times=2, dataset=dataset)),
            val_dataloader=dict(
                dataset=dict(dataset, ann_file='missing.json')),
            test_dataloader=None))
    check_data_paths(cfg, ('train', 'test'))
    with pytest.raises(DataNotFoundError) as info:
        check_data_paths(cfg, hint='run prepare.py')
    assert str(info.value) == (
        f'val data: {tmp_path}/missing.json does not exist; run prepare.py')


@pytest.mark.slow  # a subprocess importing mmdet
def test_train_mmdet_without_data_is_one_line(tmp_path):
    proc = subprocess.run([
        sys.executable,
        osp.join(REPO, 'train_mmdet.py'),
        osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP.py'), '--cfg-options',
        f'data_root={tmp_path}/DIOR/'
    ],
                          cwd=str(tmp_path),
                          env=subprocess_env(),
                          capture_output=True,
                          text=True,
                          timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f'error: train data: {tmp_path}/DIOR/ does not exist; prepare it '
        'with python tools/dataset_converters/dior2coco.py data/DIOR or '
        'python tools/dataset_converters/dota2coco.py data/DOTA (see '
        'data/README.md)')
    assert 'Traceback' not in proc.stderr
