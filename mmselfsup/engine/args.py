"""The command lines of the training and evaluation scripts: our flags and
the release's (mmdet 2.x / mmselfsup 0.x), mapped onto ours."""
import argparse
import os
from typing import Callable, List, Optional

from mmengine.config import DictAction

from .disk import DISK_FLAG
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


def test_parser(description: str = 'Evaluate a model',
                add_args: Optional[Callable] = None,
                complete: bool = True) -> argparse.ArgumentParser:
    """config, checkpoint, --work-dir, --cfg-options, --launcher, and what
    ``add_args(parser)`` adds; ``complete=False``: without --help, and the
    two positionals optional (to find the config before the family's own
    options are known)."""
    parser = argparse.ArgumentParser(
        description=description, add_help=complete)
    nargs = None if complete else '?'
    parser.add_argument('config', nargs=nargs, help='test config file path')
    parser.add_argument('checkpoint', nargs=nargs, help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='where the metrics and tables are saved')
    if add_args is not None:
        add_args(parser)
    add_launch_args(parser)
    return parser


def parse_test_args(argv: Optional[List[str]] = None,
                    description: str = 'Evaluate a model',
                    add_args: Optional[Callable] = None) -> argparse.Namespace:
    """The evaluation CLI of :func:`test_parser`."""
    return parse_launch_args(test_parser(description, add_args), argv)
