"""Checkpoints off the happy path, through tools/train.py and
M_Convert_Checkpoints/convert_gersp.py: damaged, diverged, foreign and
weights-only files are refused by name before anything runs, and a full
disk during a save keeps the previous checkpoint."""
import glob
import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest
import torch

from mmselfsup.fileio import sha256_of, sidecar_path
from mmselfsup.utils import safe_torch_load
from tests.helpers import (RELEASED_CONFIG, REPO, error_line, run, run_command,
                           tiny_run_options, write_tiny_dataset)

pytestmark = pytest.mark.slow  # tiny trainings in subprocesses

INJECT = osp.join(REPO, 'tests/test_reliability/inject_fault.py')
CONVERT = 'M_Convert_Checkpoints/convert_gersp.py'


def train_cmd(work_dir, options, extra=(), fault=None):
    prefix = [sys.executable] + ([INJECT, fault] if fault else [])
    return [
        *prefix, 'tools/train.py', RELEASED_CONFIG, '--work-dir',
        str(work_dir), *extra, '--cfg-options', *options
    ]


def convert_cmd(src, dst):
    return [sys.executable, CONVERT, '--src', str(src), '--dst', str(dst)]


@pytest.fixture(scope='module')
def tiny_data(tmp_path_factory):
    return write_tiny_dataset(str(tmp_path_factory.mktemp('data')))


@pytest.fixture(scope='module')
def trained(tiny_data, tmp_path_factory):
    """Two epochs with max_keep_ckpts=1: rotation removed epoch 1."""
    work_dir = tmp_path_factory.mktemp('trained') / 'work'
    run(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=2) +
            ['default_hooks.checkpoint.max_keep_ckpts=1']))
    return work_dir


def saved_files(work_dir):
    return sorted(
        osp.basename(p) for p in glob.glob(osp.join(work_dir, 'epoch_*')))


def test_checkpoints_carry_sha256sum_sidecars_and_rotation_takes_them(trained):
    assert saved_files(trained) == ['epoch_2.pth', 'epoch_2.pth.sha256']
    check = subprocess.run(['sha256sum', '-c', 'epoch_2.pth.sha256'],
                           cwd=trained,
                           capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stdout == 'epoch_2.pth: OK\n'


def test_converted_files_carry_sidecars(gersp_weights, tmp_path):
    out = tmp_path / 'CVT_again.pth'
    run(convert_cmd(gersp_weights, out))
    assert open(sidecar_path(out)).read() == (f'{sha256_of(out)}  '
                                              'CVT_again.pth\n')


def flip_bytes(path, count=200):
    """Invert ``count`` bytes in the middle of the file (inside tensor
    data, so torch.load alone would not notice)."""
    with open(path, 'r+b') as f:
        f.seek(os.path.getsize(path) // 2)
        data = bytearray(f.read(count))
        f.seek(-count, os.SEEK_CUR)
        f.write(bytes(b ^ 0xFF for b in data))


def test_flipped_bytes_are_refused_by_the_converter_and_by_resume(
        trained, tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    shutil.copytree(trained, work_dir)
    damaged = work_dir / 'epoch_2.pth'
    flip_bytes(damaged)
    before = damaged.read_bytes()

    out = tmp_path / 'CVT.pth'
    line = error_line(run_command(convert_cmd(damaged, out)))
    assert line.startswith(f'error: {damaged} is damaged: its SHA-256 is ')
    assert f'its sidecar epoch_2.pth.sha256 records {sha256_of(trained / "epoch_2.pth")}' in line  # noqa: E501
    assert not out.exists() and not osp.exists(sidecar_path(out))

    proc = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=3),
            extra=['--resume', str(damaged)]))
    assert f'{damaged} is damaged' in error_line(proc)
    assert saved_files(work_dir) == ['epoch_2.pth', 'epoch_2.pth.sha256']
    assert damaged.read_bytes() == before
    assert not (work_dir / 'run.lock').exists()


def test_non_finite_weights_are_refused_by_the_converter(
        gersp_weights, tmp_path):
    """A diverged file from elsewhere (no sidecar): loaded with a notice,
    refused for its NaN, nothing written."""
    ckpt = safe_torch_load(gersp_weights)
    ckpt['state_dict']['backbone.layer2.0.conv1.weight'][0, 0] = float('nan')
    src = tmp_path / 'diverged.pth'
    torch.save(ckpt, src)
    out = tmp_path / 'CVT_diverged.pth'
    proc = run_command(convert_cmd(src, out))
    assert error_line(proc) == (
        f'error: {src} holds non-finite values (NaN or inf) in '
        "'backbone.layer2.0.conv1.weight': the run that wrote it had "
        'diverged; convert an earlier checkpoint')
    assert (f'{src} has no SHA-256 sidecar (diverged.pth.sha256); loaded '
            'without an integrity check') in proc.stderr
    assert not out.exists()


def test_a_text_file_is_named_as_not_a_checkpoint(tiny_data, tmp_path):
    text = tmp_path / 'weights.pth'
    text.write_text('name: resnet50\nepochs: 100\n')
    line = error_line(run_command(convert_cmd(text, tmp_path / 'out.pth')))
    assert line == (
        f'error: {text} is not a PyTorch checkpoint (expected a '
        'file written by torch.save: a zip archive or a '
        "pickle); it starts with 'name: resnet50\\nepochs: 100\\n'")
    proc = run_command(
        train_cmd(
            tmp_path / 'work',
            tiny_run_options(tiny_data, epochs=1),
            extra=['--resume', str(text)]))
    assert f'{text} is not a PyTorch checkpoint' in error_line(proc)
    assert 'GERSP_SAFE_GLOBALS' not in proc.stderr


def test_a_converted_backbone_given_to_resume_says_how_to_start_from_it(
        gersp_weights, tiny_data, tmp_path):
    converted = gersp_weights
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=1),
            extra=['--resume', str(converted)]))
    assert error_line(proc) == (
        f'error: --resume {converted}: it is a converted backbone file '
        '(weights only), not a checkpoint of a training run (expected the '
        'keys meta and state_dict that the runner writes, as in '
        'epoch_N.pth). To start a new run from its weights, pass '
        '--cfg-options load_from=PATH (whole model) or set the backbone\'s '
        'init_cfg checkpoint instead')
    assert 'KeyError' not in proc.stderr
    assert not work_dir.exists()  # refused before anything was written


def test_a_full_disk_during_a_save_keeps_the_previous_checkpoint(
        tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=2),
            fault='enospc_on:epoch_2'))
    line = error_line(proc)
    assert line.startswith(f'error: no space left on the disk of {work_dir} '
                           'to write epoch_2.pth: it needs ')
    assert 'the files written before (earlier checkpoints included) are ' \
           'intact' in line and '--resume' in line
    assert saved_files(work_dir) == ['epoch_1.pth', 'epoch_1.pth.sha256']
    assert not glob.glob(str(work_dir / '.*.tmp'))
    assert open(work_dir / 'last_checkpoint').read().endswith('epoch_1.pth')
    check = subprocess.run(['sha256sum', '-c', 'epoch_1.pth.sha256'],
                           cwd=work_dir,
                           capture_output=True)
    assert check.returncode == 0
