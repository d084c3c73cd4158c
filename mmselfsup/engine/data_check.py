"""Check the dataset paths of a config before a runner is built, so that a
missing folder or annotation file is one line naming the expected path and
the command that prepares it, not a library traceback."""
import os.path as osp
from typing import Iterable, List, Optional

from mmselfsup.errors import ToolboxError

LOADERS = {
    'train': 'train_dataloader',
    'val': 'val_dataloader',
    'test': 'test_dataloader'
}


class DataNotFoundError(ToolboxError, FileNotFoundError):
    """A dataset path of the config does not exist."""


def _datasets(cfg: dict) -> Iterable[dict]:
    """The dataset dicts of a loader's dataset, wrappers unrolled."""
    if not isinstance(cfg, dict):
        return
    inner = [cfg.get('dataset')] + list(cfg.get('datasets') or [])
    if any(isinstance(d, dict) for d in inner):
        for d in inner:
            yield from _datasets(d)
    else:
        yield cfg


def _join(root: str, path: str) -> str:
    return path if osp.isabs(path) or not root else osp.join(root, path)


def dataset_paths(dataset: dict) -> List[str]:
    """The files and folders a dataset dict reads: its ``data_root``, its
    ``ann_file`` and its ``data_prefix`` folders (relative to the root)."""
    root = dataset.get('data_root') or ''
    paths = [root] if root else []
    if dataset.get('ann_file'):
        paths.append(_join(root, dataset['ann_file']))
    prefix = dataset.get('data_prefix')
    prefixes = prefix.values() if isinstance(prefix, dict) else [prefix]
    paths += [_join(root, p) for p in prefixes if isinstance(p, str) and p]
    return paths


def check_data_paths(cfg,
                     splits: Iterable[str] = ('train', 'val', 'test'),
                     hint: Optional[str] = None) -> None:
    """Raise :class:`DataNotFoundError` for the first missing path of the
    datasets of ``splits`` (skipping loaders that are not set)."""
    for split in splits:
        loader = cfg.get(LOADERS[split])
        if not loader:
            continue
        for dataset in _datasets(loader.get('dataset')):
            for path in dataset_paths(dataset):
                if not osp.exists(path):
                    raise DataNotFoundError(
                        f'{split} data: {path} does not exist' +
                        (f'; {hint}' if hint else ''))
