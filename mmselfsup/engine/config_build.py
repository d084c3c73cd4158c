"""What a command line does to a config before the Runner: --cfg-options
(checked first), the data root, the work dir, the launcher, AMP, the seed,
--resume and the batch description."""
import argparse
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config

from mmselfsup.utils import find_latest_checkpoint
from .cfg_options import check_cfg_options
from .data_root import rebase_data_root
from .resume_check import check_resume_checkpoint


def read_config(config: str) -> Config:
    """The config file, as written (no option applied yet)."""
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config} does not exist')
    return Config.fromfile(config)


def load_cfg(config: str,
             cfg_options: Optional[dict],
             launcher: str,
             work_dir: Optional[str],
             cfg: Optional[Config] = None) -> Config:
    """Read a config (unless ``cfg``, the file as :func:`read_config` read
    it, is given), apply --cfg-options, the launcher and the work dir
    (default ``results/<config name>``, where the converter and the
    downstream configs look). ``data_root=PATH`` among the options moves
    every dataset and evaluator path under the config's ``data_root``; an
    option nothing would read is refused first (see ``cfg_options``)."""
    cfg = read_config(config) if cfg is None else cfg
    if cfg_options is not None:
        check_cfg_options(cfg, cfg_options, config)
        old_root = cfg.get('data_root')
        cfg.merge_from_dict(cfg_options)
        if isinstance(old_root, str) and 'data_root' in cfg_options:
            rebase_data_root(cfg, old_root, cfg_options['data_root'])
    cfg.launcher = launcher
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('results',
                                osp.splitext(osp.basename(config))[0])
    return cfg


def amp_settings() -> dict:
    """``AmpOptimWrapper`` arguments for ``--amp`` on the current GPU: bf16
    where it is supported (fp32's range, so no loss scaling: a static scale
    of 1), else fp16 with dynamic loss scaling."""
    if torch.cuda.is_bf16_supported():
        return dict(dtype='bfloat16', loss_scale=1.0)
    return dict(dtype='float16', loss_scale='dynamic')


def build_cfg(args: argparse.Namespace,
              cfg: Optional[Config] = None) -> Config:
    """Merge the training command line into the config (``cfg``: the file
    already read)."""
    cfg = load_cfg(args.config, args.cfg_options, args.launcher, args.work_dir,
                   cfg)
    if args.seed is not None:
        cfg.randomness = dict(cfg.get('randomness', {}), seed=args.seed)
    if args.amp:
        if not torch.cuda.is_available():
            raise RuntimeError('--amp needs a CUDA GPU; none is visible')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        for key, value in amp_settings().items():
            cfg.optim_wrapper.setdefault(key, value)
    if args.deterministic:
        cfg.randomness = dict(cfg.get('randomness', {}), deterministic=True)
    if args.no_validate:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if args.auto_scale_lr:
        if 'base_batch_size' not in (cfg.get('auto_scale_lr') or {}):
            raise KeyError(
                f'--auto-scale-lr: {args.config} has no '
                'auto_scale_lr.base_batch_size (the total batch its lr is '
                'for)')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        # None: nothing to resume yet, the run starts from scratch
        cfg.resume = True
        cfg.load_from = find_latest_checkpoint(cfg.work_dir)
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise FileNotFoundError(
                f'--resume {args.resume}: no such checkpoint file')
        cfg.resume, cfg.load_from = True, args.resume
    if cfg.get('resume') and cfg.get('load_from'):
        check_resume_checkpoint(cfg.load_from)
    return cfg


def describe_batch(cfg: Config, world_size: int) -> str:
    """One line: the total batch of ``world_size`` processes and what
    happens to the lr (scaled by --auto-scale-lr, or the config's as is)."""
    per_process = cfg.train_dataloader.batch_size
    total = per_process * world_size
    lr = cfg.optim_wrapper.optimizer.lr
    scale = cfg.get('auto_scale_lr') or {}
    base = scale.get('base_batch_size')
    line = (f'total batch {total} = {world_size} process(es) x '
            f'{per_process} images; ')
    if scale.get('enable') and base:
        return line + (f'lr scaled from {lr:g} (for batch {base}) to '
                       f'{lr * total / base:g} (--auto-scale-lr)')
    if base and base != total:
        return line + (f'lr {lr:g} NOT scaled: it was set for batch {base} '
                       '(add --auto-scale-lr to scale it linearly)')
    return line + f'lr {lr:g} as in the config'
