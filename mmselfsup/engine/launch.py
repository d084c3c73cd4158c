"""The command line shared by the training and evaluation scripts, and what
it does to a config before the Runner (entry_points.py runs them)."""
import argparse
import os
import os.path as osp
from typing import List, Optional

import torch
from mmengine.config import Config, DictAction
from mmengine.dist import init_dist

from mmselfsup.utils import find_latest_checkpoint
from .cfg_options import check_cfg_options
from .data_root import rebase_data_root
from .disk import DISK_FLAG
from .resume_check import check_resume_checkpoint
from .work_dir_lock import TAKE_OVER_FLAG


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


def add_release_train_args(parser: argparse.ArgumentParser) -> None:
    """The flags of the release's train scripts (mmdet 2.x / mmselfsup 0.x),
    so that its command lines keep working."""
    parser.add_argument(
        '--resume-from',
        metavar='PATH',
        help='(release flag) the same as --resume PATH')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate during training')
    parser.add_argument(
        '--deterministic',
        action='store_true',
        help='deterministic cuDNN algorithms (randomness.deterministic)')
    gpus = parser.add_mutually_exclusive_group()
    gpus.add_argument(
        '--gpus',
        type=int,
        help='(release flag) GPUs of a single process: only 1 is possible; '
        'use a launcher (tools/dist_train*.sh) for more')
    gpus.add_argument(
        '--gpu-ids',
        '--gpu_ids',
        type=int,
        nargs='+',
        help='(release flag) the GPU a single process uses (one id)')
    parser.add_argument(
        '--options',
        nargs='+',
        action=DictAction,
        help='(release flag) the same as --cfg-options')


def parse_train_args(argv: Optional[List[str]] = None,
                     description: str = 'Train a model') -> argparse.Namespace:
    """The training CLI: config, --work-dir, --resume, --amp, --seed,
    --auto-scale-lr, --cfg-options, --launcher and the release's flags."""
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
        '--amp',
        action='store_true',
        help='mixed precision training (GPU): bf16 where the GPU supports '
        'it, else fp16 with dynamic loss scaling')
    parser.add_argument('--seed', type=int, help='random seed')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr linearly from the config\'s '
        'auto_scale_lr.base_batch_size to the real total batch')
    parser.add_argument(
        '--describe-batch',
        type=int,
        metavar='WORLD_SIZE',
        help='print the total batch and the lr of a run with WORLD_SIZE '
        'processes, then exit (the dist_train launchers call it first)')
    parser.add_argument(
        TAKE_OVER_FLAG,
        action='store_true',
        help="take over the work dir's lock left by a run on another host "
        'that is known to be dead (a stale lock of this host is taken over '
        'without it)')
    parser.add_argument(
        DISK_FLAG,
        action='store_true',
        help='start even if the disk of the work dir cannot hold one '
        'checkpoint')
    add_launch_args(parser)
    add_release_train_args(parser)
    args = parse_launch_args(parser, argv)
    _merge_release_args(parser, args)
    return args


def _merge_release_args(parser: argparse.ArgumentParser,
                        args: argparse.Namespace) -> None:
    """Map the release's flags onto ours; refuse contradictions."""
    if args.options is not None:
        if args.cfg_options is not None:
            parser.error('--options and --cfg-options cannot both be given '
                         '(--options is the old name of --cfg-options)')
        args.cfg_options = args.options
    if args.resume_from is not None:
        if args.resume is not None:
            parser.error('--resume-from and --resume cannot both be given '
                         '(--resume-from PATH is the old --resume PATH)')
        args.resume = args.resume_from
    devices = args.gpus if args.gpus is not None else len(args.gpu_ids or [])
    if args.launcher == 'none' and devices > 1:
        parser.error(
            f'{devices} GPUs were asked for, but a single process uses one '
            'device; start one process per GPU with a launcher: '
            f'bash tools/dist_train.sh CONFIG {devices} (pre-training), '
            f'bash tools/dist_train_mmdet.sh CONFIG {devices} (detection)')


def select_device(args: argparse.Namespace) -> None:
    """Make ``--gpu-ids ID`` the current CUDA device of a single process
    (without a GPU the run stays on the CPU, as in the release)."""
    if (args.launcher == 'none' and args.gpu_ids
            and torch.cuda.is_available()):
        torch.cuda.set_device(args.gpu_ids[0])


def load_cfg(config: str, cfg_options: Optional[dict], launcher: str,
             work_dir: Optional[str]) -> Config:
    """Read a config, apply --cfg-options, the launcher and the work dir
    (default ``results/<config name>``, where the converter and the
    downstream configs look). ``data_root=PATH`` among the options moves
    every dataset and evaluator path under the config's ``data_root``; an
    option nothing would read is refused first (see ``cfg_options``)."""
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config} does not exist')
    cfg = Config.fromfile(config)
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


def build_cfg(args: argparse.Namespace) -> Config:
    """Merge the training command line into the config."""
    cfg = load_cfg(args.config, args.cfg_options, args.launcher, args.work_dir)
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


def init_distributed(cfg: Config) -> None:
    """Start the process group of a multi-process run before the Runner, so
    that rank 0 can take the work dir's lock before the others go on
    (mmengine's Runner then skips its own initialisation).

    On GPUs this is mmengine's ``init_dist`` with the config's ``dist_cfg``,
    what the Runner would do. Without GPUs mmengine's launcher would still
    pin a CUDA device, so a gloo group is started here and the model is
    wrapped by a DDP that accepts CPU modules.
    """
    if cfg.launcher == 'none' or torch.distributed.is_initialized():
        return
    if torch.cuda.is_available():
        init_dist(cfg.launcher, **cfg.env_cfg.get('dist_cfg', {}))
        return
    if cfg.launcher != 'pytorch':
        return  # left to the Runner, as before
    torch.distributed.init_process_group(backend='gloo')
    cfg.env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or {}
    # A dotted import path: mmengine's `MODEL_WRAPPERS.get` does not search
    # grandchild scopes such as ours, but resolves importable paths.
    wrapper['type'] = 'mmselfsup.engine.cpu_ddp.CPUDistributedDataParallel'
    cfg.model_wrapper_cfg = wrapper


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
