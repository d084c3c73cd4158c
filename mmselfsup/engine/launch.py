"""The command line shared by the training scripts (pre-training and the
detection fine-tuning), and what it does to a config before the Runner."""
import argparse
import os
import os.path as osp
from typing import List, Optional

import torch
from mmengine.config import Config, DictAction

from mmselfsup.utils.resume import find_latest_checkpoint


def add_launch_args(parser: argparse.ArgumentParser) -> None:
    """--cfg-options, --launcher and --local-rank, shared by every script
    that builds a Runner."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, e.g. train_cfg.max_epochs=12')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def parse_launch_args(parser: argparse.ArgumentParser,
                      argv: Optional[List[str]] = None) -> argparse.Namespace:
    """Parse, and export the local rank the way torch's launchers do."""
    args = parser.parse_args(argv)
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def parse_train_args(argv: Optional[List[str]] = None,
                     description: str = 'Train a model') -> argparse.Namespace:
    """The release's training CLI: config, --work-dir, --resume, --amp,
    --seed, --cfg-options and --launcher."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='where logs and checkpoints go')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from a checkpoint; without a path, from the latest '
        'checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', help='mixed precision training (GPU)')
    parser.add_argument('--seed', type=int, help='random seed')
    add_launch_args(parser)
    return parse_launch_args(parser, argv)


def load_cfg(config: str, cfg_options: Optional[dict], launcher: str,
             work_dir: Optional[str]) -> Config:
    """Read a config, apply --cfg-options, the launcher and the work dir
    (default ``./work_dirs/<config name>``)."""
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config} does not exist')
    cfg = Config.fromfile(config)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    cfg.launcher = launcher
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config))[0])
    return cfg


def build_cfg(args: argparse.Namespace) -> Config:
    """Merge the training command line into the config."""
    cfg = load_cfg(args.config, args.cfg_options, args.launcher,
                   args.work_dir)
    if args.seed is not None:
        cfg.randomness = dict(cfg.get('randomness', {}), seed=args.seed)
    if args.amp:
        if not torch.cuda.is_available():
            raise RuntimeError('--amp needs a CUDA GPU; none is visible')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        # None: nothing to resume yet, the run starts from scratch
        cfg.resume = True
        cfg.load_from = find_latest_checkpoint(cfg.work_dir)
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise FileNotFoundError(
                f'--resume {args.resume}: no such checkpoint file')
        cfg.resume, cfg.load_from = True, args.resume
    if cfg.get('tensorboard', False):
        backends = cfg.visualizer.setdefault('vis_backends', [])
        if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
            backends.append(dict(type='TensorboardVisBackend'))
    return cfg


def init_cpu_distributed(cfg: Config) -> None:
    """Start a gloo process group for CPU-only multi-process runs.

    mmengine's launcher always pins a CUDA device; without GPUs the group is
    started here (mmengine then skips its own initialisation) and the model
    is wrapped by a DDP that accepts CPU modules.
    """
    if cfg.launcher != 'pytorch' or torch.cuda.is_available():
        return
    if not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')
    cfg.env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or {}
    # A dotted import path: mmengine's `MODEL_WRAPPERS.get` does not search
    # grandchild scopes such as ours, but resolves importable paths.
    wrapper['type'] = 'mmselfsup.engine.CPUDistributedDataParallel'
    cfg.model_wrapper_cfg = wrapper
