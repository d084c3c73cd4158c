"""A --cfg-options entry that would be ignored or misread stops the entry
point before anything is built or written: exit 1 and one line naming the
option, the config file and what to set instead."""
import os.path as osp
import sys

from tests.helpers import DEMO_CONFIG, REPO, error_line, run_command

DET_CONFIG = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP_demo.py')


def test_a_top_level_variable_is_refused_by_the_detection_script(tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command([
        sys.executable, 'train_mmdet.py', DET_CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', 'max_epochs=1'
    ])
    line = error_line(proc)
    assert line.startswith(f'error: max_epochs=1: max_epochs is a variable '
                           f'of {DET_CONFIG}, read when the file was loaded')
    assert 'Set them instead: train_cfg.max_epochs, ' in line
    assert not work_dir.exists()


def test_a_word_for_the_lr_is_refused_by_the_pretraining_script(tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command([
        sys.executable, 'tools/train.py', DEMO_CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', 'optim_wrapper.optimizer.lr=abc'
    ])
    line = error_line(proc)
    assert line.startswith('error: optim_wrapper.optimizer.lr=abc: expected '
                           f'a number ({DEMO_CONFIG} has ')
    assert "Unknown format code" not in proc.stderr
    assert not work_dir.exists()


def test_a_misspelt_key_gets_a_suggestion(tmp_path):
    proc = run_command([
        sys.executable, 'tools/train.py', DEMO_CONFIG, '--work-dir',
        str(tmp_path / 'work'), '--cfg-options', 'train_cfg.max_epoch=2'
    ])
    assert error_line(proc).endswith('did you mean train_cfg.max_epochs?')
