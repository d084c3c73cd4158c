"""GeRSP pre-training (``default_scope = 'mmselfsup'``)."""
import argparse
import os.path as osp
from typing import List, Optional

from mmengine.config import Config

from mmselfsup.engine.data_check import DataNotFoundError
from mmselfsup.engine.entry_points import reported_errors, train_main
from mmselfsup.errors import ToolboxError
from mmselfsup.registration import register_all_modules

SOURCES = 'train_dataloader.dataset'
# what the launcher says when a source's path is missing
DATA_HINT = (f'set {SOURCES}.unlabeled.data_root (and .data_prefix) to a '
             f'folder of unlabeled images and {SOURCES}.labeled.data_root '
             'and .ann_file to the labeled images and their list (ann_file='
             "'' for class sub-folders), see docs/own_data.md; python "
             'tools/generate_demo_data.py writes stand-in data')


def _join(root: str, path: str) -> str:
    return path if osp.isabs(path) or not root else osp.join(root, path)


def check_sources(cfg, options: Optional[dict] = None) -> List[str]:
    """The data root, annotation list and image folder of each source of
    a :class:`GeRSPDataset` exist; else one error naming the key."""
    dataset = (cfg.get('train_dataloader') or {}).get('dataset') or {}
    for name in ('unlabeled', 'labeled'):
        source = dataset.get(name)
        if not isinstance(source, dict):
            continue
        key = f'{SOURCES}.{name}'
        root = source.get('data_root') or ''
        prefix = source.get('data_prefix') or ''
        if isinstance(prefix, dict):
            prefix = prefix.get('img_path') or prefix.get('img') or ''
        paths = [('data_root', root, osp.isdir)]
        if source.get('ann_file'):
            paths.append(('ann_file', _join(root,
                                            source['ann_file']), osp.isfile))
        paths.append(('data_prefix', _join(root, prefix), osp.isdir))
        for field, path, exists in paths:
            if path and not exists(path):
                raise DataNotFoundError(
                    f'train data: {key}.{field}: {path} does not exist; '
                    f'{DATA_HINT}')
    return []


def train(args: argparse.Namespace, cfg: Config) -> None:
    register_all_modules(init_default_scope=False)
    train_main(args, cfg, check=check_sources)


def test(argv: List[str], cfg: Config) -> None:
    with reported_errors():
        raise ToolboxError(
            'a pre-training config has no test split: measure a checkpoint '
            'with python tools/analysis_tools/knn_eval.py CONFIG --checkpoint '
            'CKPT --data-root DIR, or fine-tune it (configs_mmdet/, '
            'configs_mmseg/, configs_mmpretrain/)')
