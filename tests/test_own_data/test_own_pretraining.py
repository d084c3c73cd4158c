"""docs/own_data.md, pre-training: the GeRSP_custom template through
tools/train.py on generated data (an unlabeled folder plus labeled class
folders or an annotation list), and the error naming the key to set when a
source is missing."""
import os.path as osp
import sys

import pytest

from tests.helpers import (REPO, SMALL_MODEL, error_line, run, run_command,
                           scalars)

CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_custom.py')
DATA = 'train_dataloader.dataset'


@pytest.fixture(scope='module')
def own_data(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('own_pretraining'))
    run([
        sys.executable, 'tools/generate_demo_data.py', '--kind', 'pretraining',
        '--out', root, '--num-classes', '3', '--per-class', '4',
        '--num-unlabeled', '12', '--scenes-per-class', '1'
    ])
    return root


def source_keys(root, ann_file='meta/train.txt'):
    """The documented keys: both sources and the number of classes."""
    return [
        f'{DATA}.unlabeled.data_root={root}/million_aid',
        f'{DATA}.unlabeled.data_prefix=test',
        f'{DATA}.labeled.data_root={root}/ImageNet',
        f'{DATA}.labeled.ann_file={ann_file}',
        f'{DATA}.labeled.data_prefix=train', 'model.num_classes=3'
    ]


TINY = [
    *SMALL_MODEL, f'{DATA}.labeled.view.crop_size=32',
    f'{DATA}.unlabeled.view.crop_size=32', 'model.queue_len=8',
    'train_dataloader.batch_size=4', 'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False', 'train_cfg.max_epochs=1',
    'default_hooks.logger.interval=1', 'param_scheduler.0.end=1',
    'param_scheduler.0.periods=[1]', 'param_scheduler.0.restart_weights=[1]'
]


def train_cmd(work_dir, options):
    cmd = [sys.executable, 'tools/train.py', CONFIG, '--work-dir', work_dir]
    return [*cmd, '--cfg-options', *options] if options else cmd


@pytest.mark.slow  # a few pre-training steps
@pytest.mark.parametrize(
    'ann_file', ['meta/train.txt', "''"], ids=['list', 'class-folders'])
def test_pretraining_on_own_folders(own_data, ann_file, tmp_path):
    work_dir = tmp_path / 'work'
    run(train_cmd(str(work_dir), [*source_keys(own_data, ann_file), *TINY]))
    losses = [r['loss'] for r in scalars(str(work_dir)) if 'loss' in r]
    assert len(losses) == 3  # 12 unlabeled images, batches of 4
    assert (work_dir / 'epoch_1.pth').is_file()


@pytest.mark.parametrize('key, value, path', [
    ('unlabeled.data_root', '{root}/nowhere', '{root}/nowhere'),
    ('unlabeled.data_prefix', 'nowhere', '{root}/million_aid/nowhere'),
    ('labeled.data_root', '{root}/nowhere', '{root}/nowhere'),
    ('labeled.ann_file', 'meta/none.txt', '{root}/ImageNet/meta/none.txt'),
    ('labeled.data_prefix', 'nowhere', '{root}/ImageNet/nowhere'),
])
def test_a_missing_source_names_its_key(own_data, key, value, path, tmp_path):
    options = source_keys(own_data) + [
        f'{DATA}.{key}={value.format(root=own_data)}'
    ]
    proc = run_command(train_cmd(str(tmp_path / 'work'), options))
    line = error_line(proc)
    assert (f'error: train data: {DATA}.{key}: '
            f'{path.format(root=own_data)} does not exist') in line
    # the keys to set
    assert f'{DATA}.unlabeled.data_root' in line
    assert f'{DATA}.labeled.data_root' in line and 'docs/own_data.md' in line
    assert not (tmp_path / 'work').exists()  # refused before the Runner


def test_the_template_without_data_names_the_keys(tmp_path):
    proc = run_command(train_cmd(str(tmp_path / 'work'), []))
    line = error_line(proc)
    assert f'{DATA}.unlabeled.data_root: data/my_unlabeled' in line
    assert f'{DATA}.labeled.data_root' in line and 'docs/own_data.md' in line
