"""The launchers: defaults, the one torchrun command line, the batch
statement first. Run with PYTHON=echo, so they print what they would run."""
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, run

TRAIN = os.path.join(REPO, 'tools/train.py')
TRAIN_MMDET = os.path.join(REPO, 'train_mmdet.py')
TEST_MMDET = os.path.join(REPO, 'test_mmdet.py')


def launch(script, *args, **env):
    """The command lines a launcher runs, each split into words."""
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ('GPUS', 'NNODES', 'NODE_RANK', 'PORT', 'MASTER_ADDR',
                     'SCRIPT')
    }
    full_env.update(PYTHON='echo', **env)
    out = subprocess.run(['bash', script, *args],
                         cwd=REPO,
                         env=full_env,
                         capture_output=True,
                         text=True,
                         check=True).stdout
    return [line.split() for line in out.splitlines()]


def torchrun(nnodes=1, node_rank=0, addr='127.0.0.1', nproc=8, port=29500):
    return [
        '-m', 'torch.distributed.run', f'--nnodes={nnodes}',
        f'--node_rank={node_rank}', f'--master_addr={addr}',
        f'--nproc_per_node={nproc}', f'--master_port={port}'
    ]


def test_plain_dist_train_gersp_is_the_release_command():
    """The release: torch.distributed.launch, 1 node, 8 processes, port
    29500, configs/selfsup/GeRSP/GeRSP.py with --launcher pytorch (its work
    dir results/GeRSP is the default of tools/train.py)."""
    config = 'configs/selfsup/GeRSP/GeRSP.py'
    describe, start = launch('tools/dist_train_GeRSP.sh')
    assert describe == [TRAIN, config, '--describe-batch', '8']
    assert start == [*torchrun(), TRAIN, config, '--launcher', 'pytorch']


def test_config_args_and_multi_node_environment():
    config = 'configs/selfsup/GeRSP/GeRSP200.py'
    describe, start = launch(
        'tools/dist_train_GeRSP.sh',
        config,
        '--resume',
        GPUS='4',
        NNODES='2',
        NODE_RANK='1',
        MASTER_ADDR='10.1.2.3',
        PORT='29999')
    assert describe == [TRAIN, config, '--describe-batch', '8', '--resume']
    assert start == [
        *torchrun(2, 1, '10.1.2.3', 4, 29999), TRAIN, config, '--resume',
        '--launcher', 'pytorch'
    ]


def test_dist_train_mmdet_defaults_to_8_processes_of_train_mmdet():
    config = 'configs_mmdet/faster_rcnn_GeRSP.py'
    describe, start = launch('tools/dist_train_mmdet.sh', config,
                             '--auto-scale-lr')
    assert describe == [
        TRAIN_MMDET, config, '--describe-batch', '8', '--auto-scale-lr'
    ]
    assert start == [
        *torchrun(), TRAIN_MMDET, config, '--auto-scale-lr', '--launcher',
        'pytorch'
    ]


def test_dist_train_mmdet_gpus_and_nodes():
    config = 'configs_mmdet/retinanet_GeRSP.py'
    describe, start = launch(
        'tools/dist_train_mmdet.sh',
        config,
        '2',
        '--work-dir',
        'elsewhere',
        NNODES='2',
        NODE_RANK='1',
        MASTER_ADDR='10.0.0.1')
    assert describe[2:4] == ['--describe-batch', '4']
    assert start == [
        *torchrun(2, 1, '10.0.0.1', 2), TRAIN_MMDET, config, '--work-dir',
        'elsewhere', '--launcher', 'pytorch'
    ]


def test_dist_test_runs_test_mmdet():
    start, = launch('tools/dist_test.sh', 'cfg.py', 'epoch_24.pth', '2',
                    '--out', 'p.pkl')
    assert start == [
        *torchrun(nproc=2), TEST_MMDET, 'cfg.py', 'epoch_24.pth', '--out',
        'p.pkl', '--launcher', 'pytorch'
    ]


@pytest.mark.parametrize('script, args', [
    ('tools/dist_train.sh', ['cfg.py']),
    ('tools/dist_train_mmdet.sh', []),
    ('tools/dist_test.sh', ['cfg.py', 'ckpt.pth']),
    ('tools/torchrun.sh', []),
])
def test_missing_arguments_print_the_usage(script, args):
    proc = subprocess.run(['bash', script, *args],
                          cwd=REPO,
                          capture_output=True,
                          text=True)
    assert proc.returncode == 2 and 'usage' in proc.stderr


@pytest.mark.slow  # a subprocess importing the stack
def test_batch_statement_of_the_released_pre_training():
    proc = run([
        sys.executable, 'tools/train.py', 'configs/selfsup/GeRSP/GeRSP.py',
        '--describe-batch', '8'
    ])
    assert proc.stdout.strip() == (
        'total batch 256 = 8 process(es) x 32 images; lr 0.007 as in the '
        'config')


@pytest.mark.parametrize('config, script', [
    ('configs_mmdet/retinanet_GeRSP.py', 'train_mmdet.py'),
    ('configs_mmseg/psanet_GeRSP_loveda.py', 'train_mmseg.py'),
    ('configs_mmpretrain/resnet50_GeRSP_eurosat.py', 'train_mmpretrain.py'),
])
def test_dist_train_downstream_picks_the_script_by_folder(config, script):
    describe, start = launch('tools/dist_train_downstream.sh', config, '4')
    assert describe[:4] == [
        os.path.join(REPO, script), config, '--describe-batch', '4'
    ]
    assert start[-4:] == [
        os.path.join(REPO, script), config, '--launcher', 'pytorch'
    ]
    proc = subprocess.run(
        ['bash', 'tools/dist_train_downstream.sh', 'elsewhere/cfg.py', '2'],
        cwd=REPO,
        capture_output=True,
        text=True)
    assert proc.returncode == 2 and 'configs_mmseg/' in proc.stderr


def test_more_processes_than_visible_gpus_is_refused(tmp_path):
    fake = tmp_path / 'python'  # 2 visible GPUs, otherwise prints its args
    fake.write_text('#!/bin/bash\n'
                    'if [[ "$*" == *device_count* ]]; then echo 2; '
                    'else echo "$@"; fi\n')
    fake.chmod(0o755)
    env = dict(os.environ, PYTHON=str(fake), GPUS='4')
    proc = subprocess.run(['bash', 'tools/torchrun.sh', 'train.py', 'c.py'],
                          cwd=REPO,
                          env=env,
                          capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert 'GPUS=4 processes per node, but only 2 GPU(s)' in proc.stderr
    env['GPUS'] = '2'
    proc = subprocess.run(['bash', 'tools/torchrun.sh', 'train.py', 'c.py'],
                          cwd=REPO,
                          env=env,
                          capture_output=True,
                          text=True)
    assert proc.returncode == 0 and '--nproc_per_node=2' in proc.stdout
