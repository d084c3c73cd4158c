"""The main functions of the training and evaluation scripts
(tools/train.py, train_mmdet.py / test_mmdet.py and the segmentation and
classification ones): one command line, one sequence of checks."""
import argparse
import os.path as osp
from typing import Callable, List, Optional

from mmengine.config import Config
from mmengine.runner import Runner

from mmselfsup.utils import prepare_runtime
from .data_check import DataNotFoundError, check_data_paths
from .disk import describe_checkpoints
from .launch import (add_launch_args, build_cfg, describe_batch,
                     init_cpu_distributed, load_cfg, parse_launch_args,
                     parse_train_args, select_device)


def train_main(argv: Optional[List[str]] = None,
               description: str = 'Train a model',
               prepare: Optional[Callable[[Config], None]] = None,
               data_hint: Optional[str] = None) -> None:
    """Parse, build the config (``prepare`` adjusts it), check the dataset
    paths (naming ``data_hint``, the command that prepares the data, when
    one is missing), then train with mmengine's Runner."""
    args = parse_train_args(argv, description=description)
    prepare_runtime()
    cfg = build_cfg(args)
    if args.describe_batch is not None:
        print(describe_batch(cfg, args.describe_batch), flush=True)
        return
    if prepare is not None:
        prepare(cfg)
    if data_hint is not None:
        _check_data(cfg, ('train', 'val'), data_hint)
    select_device(args)
    init_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    runner.logger.info(describe_batch(cfg, runner.world_size))
    runner.logger.info(describe_checkpoints(cfg, runner.model))
    runner.train()


def parse_test_args(argv: Optional[List[str]] = None,
                    description: str = 'Evaluate a model',
                    add_args: Optional[Callable] = None) -> argparse.Namespace:
    """config, checkpoint, --work-dir, --cfg-options, --launcher, and what
    ``add_args(parser)`` adds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='where the metrics and tables are saved')
    if add_args is not None:
        add_args(parser)
    add_launch_args(parser)
    return parse_launch_args(parser, argv)


def test_main(args: argparse.Namespace,
              prepare: Optional[Callable[[Config], Config]] = None,
              before_test: Optional[Callable[[Runner], None]] = None,
              data_hint: Optional[str] = None) -> dict:
    """Evaluate ``args.checkpoint`` on the test split: ``prepare`` adjusts
    (and returns) the config, ``before_test`` the built runner. Returns the
    metrics."""
    prepare_runtime()
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint} does not exist')
    cfg = load_cfg(args.config, args.cfg_options, args.launcher, args.work_dir)
    cfg.load_from = args.checkpoint
    if prepare is not None:
        cfg = prepare(cfg)
    if data_hint is not None:
        _check_data(cfg, ('test', ), data_hint)
    init_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    if before_test is not None:
        before_test(runner)
    return runner.test()


def _check_data(cfg: Config, splits, hint: str) -> None:
    """A missing dataset path ends the run with one line on stderr."""
    try:
        check_data_paths(cfg, splits, hint)
    except DataNotFoundError as e:
        raise SystemExit(f'error: {e}') from None
