"""The disk a run's checkpoints take, said at start."""
import torch
from mmengine.config import Config

from mmselfsup.engine.disk import (checkpoint_bytes, describe_checkpoints,
                                   kept_checkpoints)


def test_one_checkpoint_is_the_state_plus_one_buffer_per_trained_tensor():
    model = torch.nn.Sequential(
        torch.nn.Linear(10, 5), torch.nn.BatchNorm1d(5))
    model[1].weight.requires_grad = False
    # linear 55 + bn (5 w, 5 b, 5 mean, 5 var) floats + 1 int64 counter;
    # trained: linear 55 + bn bias 5
    assert checkpoint_bytes(model) == (55 + 20) * 4 + 8 + (55 + 5) * 4


def cfg(**hook):
    return Config(
        dict(
            work_dir='results/x',
            train_cfg=dict(max_epochs=24),
            default_hooks=dict(
                checkpoint=dict(type='CheckpointHook', **hook))))


def test_how_many_are_kept():
    assert kept_checkpoints(cfg(interval=6)) == 4
    assert kept_checkpoints(cfg(interval=5)) == 5  # 5, 10, 15, 20 and 24
    assert kept_checkpoints(cfg(interval=1, max_keep_ckpts=3)) == 3


def test_the_line_names_size_count_and_the_setting(tmp_path):
    config = cfg(interval=12)
    config.work_dir = str(tmp_path / 'run')
    line = describe_checkpoints(config, torch.nn.Linear(1024, 1024))
    assert line.startswith('checkpoints: ~8 MiB each x 2 kept = ~0.02 GiB')
    assert 'max_keep_ckpts' in line and str(tmp_path) in line
