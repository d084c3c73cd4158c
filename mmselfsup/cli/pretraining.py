"""Pre-training (``default_scope = 'mmselfsup'``): GeRSP and the MoCo v2
baselines."""
import argparse
import os.path as osp
from typing import Iterator, List, Optional, Tuple

from mmengine.config import Config

from mmselfsup.engine.data_check import DataNotFoundError
from mmselfsup.engine.entry_points import reported_errors, train_main
from mmselfsup.errors import ToolboxError
from mmselfsup.registration import register_all_modules

SOURCES = 'train_dataloader.dataset'
GERSP_BRANCHES = ('unlabeled', 'labeled')
# what the launcher says when a source's path is missing
DATA_HINT = (f'set {SOURCES}.unlabeled.data_root (and .data_prefix) to a '
             f'folder of unlabeled images and {SOURCES}.labeled.data_root '
             'and .ann_file to the labeled images and their list (ann_file='
             "'' for class sub-folders), see docs/own_data.md; python "
             'tools/generate_demo_data.py writes stand-in data')


def _join(root: str, path: str) -> str:
    return path if osp.isabs(path) or not root else osp.join(root, path)


def _is_gersp(dataset: dict) -> bool:
    return any(isinstance(dataset.get(name), dict) for name in GERSP_BRANCHES)


def _sources(dataset, key: str) -> Iterator[Tuple[str, dict]]:
    """(key, config) of every image source of a train dataset config: the
    branches of a :class:`GeRSPDataset`, the members of a ConcatDataset,
    the dataset of another wrapper, else the dataset itself."""
    if not isinstance(dataset, dict):
        return
    if _is_gersp(dataset):
        for name in GERSP_BRANCHES:
            yield from _sources(dataset.get(name), f'{key}.{name}')
    elif isinstance(dataset.get('datasets'), (list, tuple)):
        for i, member in enumerate(dataset['datasets']):
            yield from _sources(member, f'{key}.datasets.{i}')
    elif isinstance(dataset.get('dataset'), dict):
        yield from _sources(dataset['dataset'], f'{key}.dataset')
    else:
        yield key, dataset


def _hint(dataset: dict, keys: List[str]) -> str:
    """What to set: GeRSP's two branches, or the sources of the dataset."""
    if _is_gersp(dataset):
        return DATA_HINT
    roots = ' and '.join(f'{key}.data_root' for key in keys)
    return (f'set {roots} (and .data_prefix; .ann_file for a labeled '
            "source, '' for class sub-folders) to your images, see "
            'docs/pretraining.md#moco-v2-baselines; python '
            'tools/generate_demo_data.py writes stand-in data')


def check_sources(cfg, options: Optional[dict] = None) -> List[str]:
    """The data root, annotation list and image folder of each source of
    the train dataset exist (GeRSP's two branches, or a MoCo baseline's
    source or ConcatDataset of sources); else one error naming the key."""
    dataset = (cfg.get('train_dataloader') or {}).get('dataset') or {}
    sources = list(_sources(dataset, SOURCES))
    for key, source in sources:
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
                hint = _hint(dataset, [k for k, _ in sources])
                raise DataNotFoundError(
                    f'train data: {key}.{field}: {path} does not exist; '
                    f'{hint}')
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
