"""Make ``--cfg-options data_root=PATH`` move a whole config.

A config computes its paths from ``data_root`` when it is read (e.g. the
evaluators' ``ann_file = data_root + '...'``), so overriding the top-level
key alone would change nothing. :func:`rebase_data_root` rewrites, in the
data loaders and the evaluators, every path that starts with the old root.
"""
from typing import Any

LOADER_KEYS = ('train_dataloader', 'val_dataloader', 'test_dataloader',
               'val_evaluator', 'test_evaluator')


def _join(new_root: str, rest: str) -> str:
    if not rest:
        return new_root
    return new_root.rstrip('/') + '/' + rest.lstrip('/')


def _rebase(value: Any, old_root: str, new_root: str) -> Any:
    if isinstance(value, str):
        prefix = old_root.rstrip('/')
        if value == old_root or value == prefix:
            return new_root
        if value.startswith(prefix + '/'):
            return _join(new_root, value[len(prefix) + 1:])
        return value
    if isinstance(value, dict):
        return type(value)({
            k: _rebase(v, old_root, new_root)
            for k, v in value.items()
        })
    if isinstance(value, (list, tuple)):
        return type(value)(_rebase(v, old_root, new_root) for v in value)
    return value


def rebase_data_root(cfg, old_root: str, new_root: str) -> None:
    """Replace the leading ``old_root`` of every path of the data loaders
    and evaluators of ``cfg`` by ``new_root``."""
    for key in LOADER_KEYS:
        if cfg.get(key) is not None:
            cfg[key] = _rebase(cfg[key], old_root, new_root)
