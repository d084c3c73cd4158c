"""Utilities; importing this package loads torch, not the OpenMMLab stack."""
from .checkpoint_loading import (register_safe_checkpoint_loader, safe_globals,
                                 safe_torch_load)
from .resume import epoch_of, find_latest_checkpoint, iter_of
from .setup_env import check_stack

__all__ = [
    'check_stack', 'epoch_of', 'find_latest_checkpoint', 'iter_of',
    'register_safe_checkpoint_loader', 'safe_globals', 'safe_torch_load'
]
