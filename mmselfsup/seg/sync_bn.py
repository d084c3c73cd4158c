"""SyncBN in a multi-process run without GPUs.

The segmentation configs use SyncBN, as mmseg's recipes do. A single
process gets plain BN from mmengine (it reverts SyncBN when not
distributed), but PyTorch's SyncBatchNorm refuses CPU tensors in a
distributed run (``--launcher pytorch`` on CPU workers, gloo backend); such
runs use per-process BN instead.
"""
from typing import Any

import torch
from mmengine.config import Config


def _replace(value: Any) -> int:
    """Turn every ``type='SyncBN'`` dict below ``value`` into BN; return how
    many there were."""
    count = 0
    if isinstance(value, dict):
        if value.get('type') == 'SyncBN':
            value['type'] = 'BN'
            count += 1
        for item in value.values():
            count += _replace(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            count += _replace(item)
    return count


def sync_bn_to_bn_on_cpu(cfg: Config) -> int:
    """Replace SyncBN by BN in ``cfg.model`` when the run is distributed
    (``cfg.launcher`` other than 'none') and no GPU is visible. Returns the
    number of norm configs changed (0 when nothing needs changing)."""
    if cfg.get('launcher', 'none') == 'none' or torch.cuda.is_available():
        return 0
    return _replace(cfg.model)
