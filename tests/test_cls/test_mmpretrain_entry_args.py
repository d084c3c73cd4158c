"""The command lines of train_mmpretrain.py and test_mmpretrain.py (the
mains of mmselfsup.cli), in process (nothing is trained)."""
import os.path as osp

import pytest

from mmselfsup.cli.classification import resolve_checkpoint
from mmselfsup.cli.test import main as evaluate
from mmselfsup.cli.train import main as train_main
from tests.helpers import REPO

CONFIG = osp.join(REPO, 'configs_mmpretrain/resnet50_GeRSP_eurosat.py')
LINEAR = osp.join(REPO, 'configs_mmpretrain/resnet50-linear_GeRSP_eurosat.py')


@pytest.mark.parametrize('config, args, statement', [
    (CONFIG, ['--describe-batch', '4'],
     'total batch 256 = 4 process(es) x 64 images; lr 0.01 NOT scaled: it '
     'was set for batch 64 (add --auto-scale-lr to scale it linearly)'),
    (LINEAR, ['--describe-batch', '2', '--auto-scale-lr'],
     'total batch 512 = 2 process(es) x 256 images; lr scaled from 0.1 (for '
     'batch 256) to 0.2 (--auto-scale-lr)'),
])
def test_train_states_the_batch_and_the_lr(config, args, statement, capsys):
    train_main([config, *args])
    assert capsys.readouterr().out.strip() == statement


def test_a_missing_dataset_stops_before_the_runner(tmp_path):
    with pytest.raises(SystemExit, match='make_cls_splits.py') as e:
        train_main([
            CONFIG, '--work-dir',
            str(tmp_path), '--cfg-options', f'data_root={tmp_path}/none/'
        ])
    assert str(e.value).startswith(f'error: train data: {tmp_path}/none/')


def test_checkpoint_may_be_a_work_dir(tmp_path):
    for epoch in (2, 10):
        (tmp_path / f'epoch_{epoch}.pth').write_bytes(b'')
    assert resolve_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_2.pth'))
    assert resolve_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_2.pth')
    path = str(tmp_path / 'epoch_10.pth')
    assert resolve_checkpoint(path) == path


@pytest.mark.parametrize('checkpoint, args, message', [
    ('{tmp}/nothing.pth', [], 'error: checkpoint {tmp}/nothing.pth does not'),
    ('{tmp}', [], 'error: {tmp} holds no checkpoint'),
    ('{tmp}', ['--out', 'preds.json'], 'the dump file must end in .pkl'),
])
def test_test_refuses_bad_arguments_in_one_line(tmp_path, checkpoint, args,
                                                message):
    tmp = str(tmp_path)
    with pytest.raises(SystemExit) as e:
        evaluate([CONFIG, checkpoint.format(tmp=tmp), *args])
    assert message.format(tmp=tmp) in str(e.value)
