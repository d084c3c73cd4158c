"""How much disk a run's checkpoints will take, said at start."""
import os
import shutil
from typing import Optional

import torch


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


def describe_checkpoints(cfg, model: torch.nn.Module) -> str:
    """One line: size of a checkpoint x how many are kept, against the free
    space of the work dir's disk."""
    size = checkpoint_bytes(model)
    kept = kept_checkpoints(cfg)
    folder = cfg.work_dir
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    free = shutil.disk_usage(folder or '.').free
    line = f'checkpoints: ~{size / 2**20:.0f} MiB each'
    if kept is None:
        return line + (f'; {free / 2**30:.1f} GiB free in {cfg.work_dir}')
    need = size * kept
    line += (f' x {kept} kept = ~{need / 2**30:.2f} GiB in {cfg.work_dir} '
             f'({free / 2**30:.1f} GiB free; '
             'default_hooks.checkpoint.max_keep_ckpts limits how many are '
             'kept)')
    return ('WARNING: ' + line) if need > free else line
