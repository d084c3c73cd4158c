"""Pre-training off the happy path, through tools/train.py on tiny data:
each fault stops the run early with one clear message and a non-zero exit,
and what was good survives."""
import glob
import json
import os
import os.path as osp
import socket
import subprocess
import sys
import time

import pytest
import torch

from mmselfsup.utils import safe_torch_load
from tests.helpers import (RELEASED_CONFIG, REPO, error_line, free_port,
                           run_command, subprocess_env, tiny_run_options,
                           write_tiny_dataset)

INJECT = osp.join(REPO, 'tests/test_reliability/inject_fault.py')
TRAIN = 'tools/train.py'


@pytest.fixture(scope='module')
def tiny_data(tmp_path_factory):
    # 12 labeled + 12 unlabeled images -> 3 iterations of 4 per epoch
    return write_tiny_dataset(str(tmp_path_factory.mktemp('data')))


def train_cmd(work_dir, options, extra=(), config=RELEASED_CONFIG, fault=None):
    prefix = [sys.executable] + ([INJECT, fault] if fault else [])
    return [
        *prefix, TRAIN, config, '--work-dir',
        str(work_dir), *extra, '--cfg-options', *options
    ]


def run_log(work_dir):
    """The text logs of every run of the work dir, joined."""
    return ''.join(
        open(path).read()
        for path in sorted(glob.glob(osp.join(work_dir, '*', '*.log'))))


def checkpoints(work_dir):
    return sorted(
        osp.basename(p) for p in glob.glob(osp.join(work_dir, 'epoch_*.pth')))


def assert_finite(path):
    state = safe_torch_load(path)['state_dict']
    assert all(
        torch.isfinite(v).all() for v in state.values()
        if v.is_floating_point())


def without_schedule(options):
    return [o for o in options if not o.startswith('param_scheduler')]


def config_with(tmp_path, text):
    """A config of the released one with ``text`` appended."""
    path = tmp_path / 'config.py'
    path.write_text(f'_base_ = {RELEASED_CONFIG!r}\n{text}\n')
    return str(path)


def test_diverged_loss_stops_and_keeps_the_last_good_checkpoint(
        tiny_data, tmp_path):
    """The lr jumps 1e9-fold after epoch 1: the loss becomes NaN in epoch
    2; the run stops there and rotation (max_keep_ckpts=1) keeps epoch 1."""
    config = config_with(
        tmp_path, "param_scheduler = [dict(type='MultiStepLR', "
        'milestones=[1], gamma=1e9, by_epoch=True)]')
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(
            work_dir,
            without_schedule(tiny_run_options(tiny_data, epochs=3)) +
            ['default_hooks.checkpoint.max_keep_ckpts=1'],
            config=config))
    line = error_line(proc)
    assert 'training diverged at iteration' in line
    assert '(epoch 2): non-finite loss=nan' in line
    assert 'lr 7e+06' in line and '--resume' in line
    assert checkpoints(work_dir) == ['epoch_1.pth']
    assert_finite(str(work_dir / 'epoch_1.pth'))
    assert open(work_dir / 'last_checkpoint').read().endswith('epoch_1.pth')
    assert line[len('error: '):] in run_log(work_dir)  # in the log file too


def test_checkpoint_with_non_finite_weights_is_never_written(
        tiny_data, tmp_path):
    """The last step of epoch 2 leaves a NaN weight behind; its loss
    (computed before the step) is finite, so only the checkpoint can tell:
    it is refused and epoch 1's is kept."""
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=2),
            fault='nan_after_step:6'))
    line = error_line(proc)
    assert ('refusing to save the checkpoint of epoch 2, iteration 6: '
            'non-finite values in backbone.conv1.weight') in line
    assert checkpoints(work_dir) == ['epoch_1.pth']
    assert_finite(str(work_dir / 'epoch_1.pth'))


def test_a_second_run_in_the_same_work_dir_is_refused(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    # 20 epochs, one checkpoint at the end: long enough to be running
    # while the second run starts
    first = subprocess.Popen(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=20) +
            ['default_hooks.checkpoint.interval=100']),
        cwd=REPO,
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True)
    lock = work_dir / 'run.lock'
    deadline = time.time() + 120
    while not lock.exists() and first.poll() is None:
        assert time.time() < deadline
        time.sleep(0.2)
    holder = json.loads(lock.read_text())
    assert holder['pid'] == first.pid
    assert holder['host'] == socket.gethostname() and holder['started']

    second = run_command(
        train_cmd(work_dir, tiny_run_options(tiny_data, epochs=1)))
    line = error_line(second)
    assert f'is in use by another run: pid {first.pid} on host' in line
    assert 'another --work-dir' in line
    assert first.poll() is None  # refused while the first one runs

    assert first.wait(timeout=600) == 0, first.stderr.read()[-3000:]
    assert checkpoints(work_dir) == ['epoch_20.pth']
    assert len(glob.glob(str(work_dir / '*' / '*.log'))) == 1  # one run
    assert not lock.exists()  # released at the end


def test_killed_during_a_save_then_resumed(tiny_data, tmp_path):
    """kill -9 while epoch 2 is being written: epoch 1 is intact, the stale
    lock does not block --resume, and the half-written temp file is
    removed (and reported with its size) when the next run starts."""
    work_dir = tmp_path / 'work'
    killed = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=2),
            fault='kill_on:epoch_2'))
    assert killed.returncode == -9
    temp = glob.glob(str(work_dir / '.epoch_2.pth.*.tmp'))
    assert len(temp) == 1 and (work_dir / 'run.lock').exists()
    size_mib = os.path.getsize(temp[0]) / 2**20
    assert_finite(str(work_dir / 'epoch_1.pth'))

    resumed = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(tiny_data, epochs=3),
            extra=['--resume']))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    log = run_log(work_dir)
    assert f'took over the lock of {work_dir} left by pid' in log
    assert ('removed 1 temporary file(s) of an interrupted checkpoint save '
            f'from {work_dir} ({size_mib:.1f} MiB)') in log
    assert 'resumed epoch: 1, iter: 3' in resumed.stdout + resumed.stderr
    assert not glob.glob(str(work_dir / '.*.tmp'))
    assert checkpoints(work_dir) == [
        'epoch_1.pth', 'epoch_2.pth', 'epoch_3.pth'
    ]


def test_a_lock_of_another_host_needs_the_take_over_flag(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    work_dir.mkdir()
    holder = dict(
        host='node-17',
        pid=4242,
        started='2026-01-01 00:00:00 +0000',
        command='tools/train.py GeRSP.py')
    (work_dir / 'run.lock').write_text(json.dumps(holder))
    proc = run_command(
        train_cmd(work_dir, tiny_run_options(tiny_data, epochs=1)))
    line = error_line(proc)
    assert 'locked by a run on another host: pid 4242 on host node-17' in line
    assert '--take-over-lock' in line
    assert sorted(os.listdir(work_dir)) == ['run.lock']  # nothing written
    assert json.loads((work_dir / 'run.lock').read_text()) == holder


def test_distributed_runs_stop_together_on_a_held_lock(tiny_data, tmp_path):
    """Rank 0 finds the work dir held; both ranks exit at once."""
    work_dir = tmp_path / 'work'
    work_dir.mkdir()
    holder = dict(host=socket.gethostname(), pid=os.getpid(), started='now')
    (work_dir / 'run.lock').write_text(json.dumps(holder))
    start = time.time()
    proc = run_command([
        'bash', 'tools/dist_train_GeRSP.sh', '--work-dir',
        str(work_dir), '--cfg-options',
        *tiny_run_options(tiny_data, epochs=1, batch=2, workers=0)
    ],
                       env=dict(GPUS='2', PORT=str(free_port())),
                       timeout=300)
    assert proc.returncode != 0
    assert proc.stderr.count(f'is in use by another run: pid {os.getpid()}'
                             ) == 2  # each rank says why it stops
    assert time.time() - start < 120
    assert sorted(os.listdir(work_dir)) == ['run.lock']


def test_an_epoch_without_iterations_is_refused(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(work_dir, tiny_run_options(tiny_data, epochs=3, batch=16)))
    line = error_line(proc)
    assert ('the train dataloader yields 0 iterations per epoch: its '
            'dataset has 12 samples, split over 1 process(es), and the batch '
            'is 16 per process with drop_last=True') in line
    assert checkpoints(work_dir) == []


def test_a_label_beyond_num_classes_is_refused_at_start(tmp_path):
    root = write_tiny_dataset(str(tmp_path / 'data'))
    ann_file = osp.join(root, 'ImageNet', 'meta', 'train.txt')
    lines = open(ann_file).read().splitlines()
    lines[4] = lines[4].rsplit(' ', 1)[0] + ' 7'
    open(ann_file, 'w').write('\n'.join(lines) + '\n')
    work_dir = tmp_path / 'work'
    proc = run_command(train_cmd(work_dir, tiny_run_options(root, epochs=1)))
    line = error_line(proc)
    assert f'{ann_file}, line 5 (' in line
    assert 'label 7 is outside [0, 3)' in line and 'model.num_classes' in line
    assert checkpoints(work_dir) == []


@pytest.fixture
def truncated_image(tmp_path):
    root = write_tiny_dataset(str(tmp_path / 'data'))
    path = osp.join(root, 'million_aid', 'test', '0003.jpg')
    data = open(path, 'rb').read()
    open(path, 'wb').write(data[:300])
    return root, path


def test_a_bad_image_names_the_skip_setting(truncated_image, tmp_path):
    root, path = truncated_image
    proc = run_command(
        train_cmd(tmp_path / 'work', tiny_run_options(root, epochs=1)))
    assert proc.returncode == 1
    assert f'Failed to load image {path}' in proc.stderr
    assert ("--cfg-options train_dataloader.dataset.on_bad_image='skip'"
            in proc.stderr)


def test_skipped_images_are_each_logged_and_counted_per_epoch(
        truncated_image, tmp_path):
    """Two loader workers: the counts of both are summed."""
    root, path = truncated_image
    work_dir = tmp_path / 'work'
    proc = run_command(
        train_cmd(
            work_dir,
            tiny_run_options(root, epochs=2, workers=2) +
            ["train_dataloader.dataset.on_bad_image='skip'"]))
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = run_log(work_dir)
    assert log.count(f'Skipping image {path}') == 2  # once per epoch
    assert 'epoch 1: 1 image(s) skipped as unreadable' in log
    assert 'epoch 2: 1 image(s) skipped' in log
    assert '2 in this run so far' in log


def test_a_disk_too_small_for_one_checkpoint_is_refused(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    options = tiny_run_options(tiny_data, epochs=1)
    proc = run_command(train_cmd(work_dir, options, fault='small_disk'))
    line = error_line(proc)
    assert f'the disk of {work_dir} has 1 MiB free, less than one ' in line
    assert '--skip-disk-check' in line
    assert checkpoints(work_dir) == []
    # the flag starts it anyway (the real disk has room)
    proc = run_command(
        train_cmd(
            work_dir, options, extra=['--skip-disk-check'],
            fault='small_disk'))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert checkpoints(work_dir) == ['epoch_1.pth']
