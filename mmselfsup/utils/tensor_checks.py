"""Finite-value checks of state dicts (torch only)."""
from typing import List

import torch


def nonfinite_tensors(state, prefix: str = '') -> List[str]:
    """Dotted names of the floating tensors holding NaN or inf, recursing
    into nested dicts and lists (e.g. an optimizer's state)."""
    if isinstance(state, torch.Tensor):
        bad = state.is_floating_point() and not bool(
            torch.isfinite(state).all())
        return [prefix.rstrip('.')] if bad else []
    if isinstance(state, dict):
        items = state.items()
    elif isinstance(state, (list, tuple)):
        items = enumerate(state)
    else:
        return []
    return [
        name for key, value in items
        for name in nonfinite_tensors(value, f'{prefix}{key}.')
    ]
