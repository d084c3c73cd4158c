"""Shared helpers of the test suite: tiny data and training runs."""
import glob
import json
import os
import os.path as osp
import socket
import subprocess
import sys

import numpy as np
from PIL import Image

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
RELEASED_CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP.py')
DEMO_CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_demo.py')

# ResNet-18 on 32 px views keeps a training step well under a second.
SMALL_MODEL = [
    'model.backbone.depth=18', 'model.feat_in_channels=512',
    'model.neck.in_channels=512', 'model.neck.hid_channels=64',
    'model.neck.out_channels=16', 'model.feat_dim=16'
]


def write_tiny_dataset(root,
                       num_classes=3,
                       per_class=4,
                       num_unlabeled=12,
                       size=40,
                       seed=0):
    """ImageNet-style labeled folders + a flat folder of unlabeled images."""
    rng = np.random.default_rng(seed)
    lines = []
    for c in range(num_classes):
        folder = osp.join(root, 'ImageNet', 'train', f'class{c}')
        os.makedirs(folder, exist_ok=True)
        for i in range(per_class):
            img = rng.integers(0, 255, (size, size, 3), dtype=np.uint8)
            name = f'class{c}/img{i}.JPEG'
            Image.fromarray(img).save(
                osp.join(root, 'ImageNet', 'train', name), format='JPEG')
            lines.append(f'{name} {c}')
    os.makedirs(osp.join(root, 'ImageNet', 'meta'), exist_ok=True)
    with open(osp.join(root, 'ImageNet', 'meta', 'train.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    folder = osp.join(root, 'million_aid', 'test')
    os.makedirs(folder, exist_ok=True)
    for i in range(num_unlabeled):
        h, w = rng.integers(size, 2 * size, 2)
        img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        Image.fromarray(img).save(osp.join(folder, f'{i:04d}.jpg'))
    return root


def data_options(root, crop=32):
    """--cfg-options pointing the demo config at ``root`` with small crops."""
    data = 'train_dataloader.dataset'
    return [
        f'{data}.labeled.data_root={root}/ImageNet',
        f'{data}.unlabeled.data_root={root}/million_aid',
        # the crop size of each branch's view spec
        f'{data}.labeled.view.crop_size={crop}',
        f'{data}.unlabeled.view.crop_size={crop}',
    ]


def det_data_options(root, size=96):
    """--cfg-options pointing the detection demo config at the COCO-format
    data under ``root`` (DIOR's layout) with ``size`` px images."""
    ann_file = f'{root}/coco_annotations/test_coco_ann.json'
    options = [
        f'{split}_evaluator.0.ann_file={ann_file}' for split in ('val', 'test')
    ]
    for loader, resize in (('train', 2), ('val', 1), ('test', 1)):
        options += [
            f'{loader}_dataloader.dataset.data_root={root}',
            f'{loader}_dataloader.dataset.pipeline.{resize}.scale='
            f'({size},{size})'
        ]
    return options


# every loader in the test's own process (no worker processes)
NO_WORKERS = [
    f'{loader}_dataloader.{key}' for loader in ('train', 'val', 'test')
    for key in ('num_workers=0', 'persistent_workers=False')
]


def cls_options(root, weights, size=32):
    """--cfg-options pointing a scene-classification recipe at ``root``
    and ``weights``: ``size`` px crops, one iteration of 4 images, 8
    validation and test images, no workers."""
    options = [
        f'data_root={root}', f'model.backbone.init_cfg.checkpoint={weights}',
        'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
        'train_dataloader.batch_size=4', 'train_dataloader.dataset.indices=4',
        f'train_dataloader.dataset.pipeline.1.scale={size}',
        'default_hooks.logger.interval=1'
    ]
    options += NO_WORKERS
    for loader in ('val', 'test'):
        options += [
            f'{loader}_dataloader.dataset.indices=8',
            f'{loader}_dataloader.batch_size=8',
            f'{loader}_dataloader.dataset.pipeline.1.scale={size + 4}',
            f'{loader}_dataloader.dataset.pipeline.2.crop_size={size}'
        ]
    return options


def seg_options(root, size=64):
    """--cfg-options pointing a LoveDA recipe at ``root``: ``size`` px
    crops and test images, no worker processes."""
    options = [
        f'data_root={root}',
        f'train_dataloader.dataset.pipeline.2.scale=({4 * size},{size})',
        f'train_dataloader.dataset.pipeline.3.crop_size=({size},{size})',
        f'model.data_preprocessor.size=({size},{size})',
        'train_dataloader.batch_size=2',
    ]
    options += NO_WORKERS
    for loader in ('val', 'test'):
        options.append(
            f'{loader}_dataloader.dataset.pipeline.1.scale=({size},{size})')
    return options


def tiny_run_options(data_root, epochs, batch=4, queue_len=8, workers=1):
    """--cfg-options of a short pre-training on ``write_tiny_dataset`` data
    with the released config: ResNet-18, 32 px views, a checkpoint and a
    log line at every epoch / iteration."""
    return [
        *SMALL_MODEL, *data_options(data_root), f'model.queue_len={queue_len}',
        'model.num_classes=3', f'train_dataloader.batch_size={batch}',
        f'train_dataloader.num_workers={workers}',
        f'train_cfg.max_epochs={epochs}',
        'train_dataloader.persistent_workers=False',
        'default_hooks.checkpoint.interval=1',
        'default_hooks.checkpoint.max_keep_ckpts=-1',
        'default_hooks.logger.interval=1', 'param_scheduler.0.end=2',
        'param_scheduler.0.periods=[2]',
        'param_scheduler.0.restart_weights=[1]'
    ]


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def subprocess_env(**extra):
    """The environment of a test's child process: the repo importable, one
    thread, and no visible GPU (the suite runs on the CPU everywhere)."""
    env = dict(
        os.environ,
        PYTHONPATH=REPO,
        OMP_NUM_THREADS='1',
        CUDA_VISIBLE_DEVICES='')
    env.update(extra)
    return env


def run_command(cmd, env=None, timeout=600):
    """Run a command from the repo root and return it, whatever its exit
    status."""
    return subprocess.run(
        cmd,
        cwd=REPO,
        env=subprocess_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout)


def error_line(proc):
    """The one ``error: ...`` line a refused command ends with (after
    checking its exit status is 1)."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert lines and lines[-1].startswith('error: '), proc.stderr[-3000:]
    return lines[-1]


def run(cmd, env=None, timeout=600):
    """Run a command from the repo root; fail the test with its output."""
    proc = run_command(cmd, env, timeout)
    if proc.returncode != 0:
        raise AssertionError(
            f'command failed ({proc.returncode}): {" ".join(cmd)}\n'
            f'--- stdout ---\n{proc.stdout[-4000:]}\n'
            f'--- stderr ---\n{proc.stderr[-6000:]}')
    return proc


def train(work_dir, options, extra=(), config=RELEASED_CONFIG):
    return run([
        sys.executable, 'tools/train.py', config, '--work-dir',
        str(work_dir), *extra, '--cfg-options', *options
    ])


def scalars(work_dir):
    """Records of the latest run's vis_data/scalars.json."""
    path = sorted(
        glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))[-1]
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_tree(root):
    """Relative path -> bytes of every file under ``root``."""
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = osp.join(folder, name)
            with open(path, 'rb') as f:
                out[osp.relpath(path, root)] = f.read()
    return out


def write_record(work_dir,
                 metrics,
                 scope='mmpretrain',
                 mode='test',
                 timestamp='20260101_000000',
                 date='2026-01-01 00:00:00 +0000'):
    """An evaluation record as ``EvaluationRecordHook`` writes it, in
    ``work_dir/<timestamp>/evaluations/<test or val_epoch_1>/``."""
    from mmselfsup.evaluation.records import RECORD_FORMAT, headline
    name = 'test' if mode == 'test' else 'val_epoch_1'
    folder = osp.join(work_dir, timestamp, 'evaluations', name)
    os.makedirs(folder, exist_ok=True)
    record = dict(
        format=RECORD_FORMAT,
        scope=scope,
        mode=mode,
        epoch=1,
        iter=None,
        checkpoint=osp.join(work_dir, 'epoch_1.pth'),
        config='config.py',
        work_dir=work_dir,
        seed=0,
        date=date,
        metrics=metrics,
        headline=headline(scope, metrics),
        tables={})
    with open(osp.join(folder, 'record.json'), 'w') as f:
        json.dump(record, f)
    return folder
