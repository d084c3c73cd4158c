from .checkpoint_loading import (CHECKPOINT_SAFE_GLOBALS, safe_torch_load,
                                 register_safe_checkpoint_loader)
from .resume import find_latest_checkpoint
from .setup_env import register_all_modules

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'safe_torch_load',
    'register_safe_checkpoint_loader', 'register_all_modules',
    'find_latest_checkpoint'
]
