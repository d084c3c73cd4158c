"""How much disk a run's checkpoints will take, said at start, and the
refusal to start a run whose disk cannot hold one checkpoint."""
import os
import shutil
from typing import Optional

import torch

DISK_FLAG = '--skip-disk-check'


def checkpoint_bytes(model: torch.nn.Module) -> int:
    """Size of one checkpoint: the state dict, plus one optimizer buffer
    (SGD momentum) per trained parameter."""
    state = sum(t.numel() * t.element_size()
                for t in model.state_dict().values())
    trained = sum(p.numel() * p.element_size() for p in model.parameters()
                  if p.requires_grad)
    return state + trained


def kept_checkpoints(cfg) -> Optional[int]:
    """How many checkpoints the config keeps at the end of training."""
    hook = cfg.get('default_hooks', {}).get('checkpoint') or {}
    interval = hook.get('interval', 1)
    by_epoch = hook.get('by_epoch', True)
    train_cfg = cfg.get('train_cfg') or {}
    total = train_cfg.get('max_epochs' if by_epoch else 'max_iters')
    if not total or interval <= 0:
        return None
    saved = total // interval + (total % interval != 0)  # + the last one
    keep = hook.get('max_keep_ckpts', -1)
    return min(saved, keep) if keep and keep > 0 else saved


def free_bytes(folder: str) -> int:
    """Free space of the disk that holds ``folder`` (or its nearest existing
    parent: the work dir may not exist yet)."""
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    return shutil.disk_usage(folder or '.').free


def describe_checkpoints(cfg, model: torch.nn.Module) -> str:
    """One line: size of a checkpoint x how many are kept, against the free
    space of the work dir's disk."""
    size = checkpoint_bytes(model)
    kept = kept_checkpoints(cfg)
    free = free_bytes(cfg.work_dir)
    line = f'checkpoints: ~{size / 2**20:.0f} MiB each'
    if kept is None:
        return line + (f'; {free / 2**30:.1f} GiB free in {cfg.work_dir}')
    need = size * kept
    line += (f' x {kept} kept = ~{need / 2**30:.2f} GiB in {cfg.work_dir} '
             f'({free / 2**30:.1f} GiB free; '
             'default_hooks.checkpoint.max_keep_ckpts limits how many are '
             'kept)')
    return ('WARNING: ' + line) if need > free else line


def free_space_error(cfg, model: torch.nn.Module) -> Optional[str]:
    """Why the run would die at its first checkpoint, or None: the work
    dir's disk cannot hold even one."""
    size, free = checkpoint_bytes(model), free_bytes(cfg.work_dir)
    if free >= size:
        return None
    return (f'the disk of {cfg.work_dir} has {free / 2**20:.0f} MiB free, '
            f'less than one checkpoint (~{size / 2**20:.0f} MiB): the run '
            'would train until its first save and then fail. Free space or '
            f'choose another --work-dir (or pass {DISK_FLAG} to start '
            'anyway).')
