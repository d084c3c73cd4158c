"""The main functions of the training and evaluation scripts
(tools/train.py, train_mmdet.py / test_mmdet.py and the segmentation and
classification ones): one command line, one sequence of checks.

A training run, in order: the config and its options are checked, the data
paths and (a toolbox's ``check``) its classes, the process group starts,
rank 0 takes the work dir's lock and removes temp files a killed run left,
the Runner is built with the guard hooks (non-finite losses and
checkpoints, empty epochs, labels, skipped images), and the run refuses to
start on a disk that cannot hold one checkpoint. Every refusal is one line
``error: ...`` and exit status 1 (:class:`mmselfsup.errors.ToolboxError`).
"""
import argparse
import errno
import logging
import os.path as osp
from contextlib import contextmanager
from typing import Callable, Iterator, List, Optional

from mmengine.config import Config
from mmengine.dist import is_main_process
from mmengine.logging import MMLogger
from mmengine.runner import Runner

from mmselfsup.errors import ToolboxError
from .config_build import build_cfg, describe_batch, load_cfg
from .data_check import check_data_paths
from .disk import describe_checkpoints, free_space_error
from .leftovers import remove_leftover_temp_files
from .process import init_distributed, select_device
from .runtime import prepare_runtime
from .work_dir_lock import hold_work_dir

# (cfg, the --cfg-options) -> notices; raises a ToolboxError
Check = Callable[[Config, Optional[dict]], List[str]]
GUARD_HOOKS = ('NonFiniteGuardHook', 'DataGuardHook')


class DiskSpaceError(ToolboxError, OSError):
    """The work dir's disk cannot hold one checkpoint."""


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a :class:`ToolboxError` (or a full disk) into ``error: ...`` on
    stderr (and in the run's log file, once there is one) and exit status
    1; the message is the ``SystemExit``'s, for callers of ``main``."""
    try:
        yield
    except (ToolboxError, OSError) as e:
        if not isinstance(e, ToolboxError) and e.errno != errno.ENOSPC:
            raise
        _log_to_files(str(e))
        raise SystemExit(f'error: {e}') from None


def _log_to_files(message: str) -> None:
    """Write ``message`` into the log file of the current run only (the
    console gets it once, from :func:`reported_errors`)."""
    logger = MMLogger.get_current_instance()
    record = logger.makeRecord(logger.name, logging.ERROR, __file__, 0,
                               message, None, None)
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler):
            handler.handle(record)


def add_guard_hooks(cfg: Config) -> None:
    """Append the guard hooks to ``custom_hooks`` unless the config lists
    them (with its own arguments)."""
    import mmselfsup.engine.hooks  # noqa: F401  (registers them)
    hooks = list(cfg.get('custom_hooks') or [])
    listed = {str(h.get('type', '')).split('.')[-1] for h in hooks}
    hooks += [dict(type=name) for name in GUARD_HOOKS if name not in listed]
    cfg.custom_hooks = hooks


def _checked_cfg(args: argparse.Namespace, cfg: Config, data_splits, data_hint,
                 check, prepare) -> tuple:
    """The config with every check that needs no process, and notices."""
    cfg = build_cfg(args, cfg)
    if prepare is not None:
        prepare(cfg)
    if data_hint is not None:
        check_data_paths(cfg, data_splits, data_hint)
    notices = check(cfg, args.cfg_options) if check is not None else []
    return cfg, notices


def train_main(args: argparse.Namespace,
               cfg: Optional[Config] = None,
               prepare: Optional[Callable[[Config], None]] = None,
               data_hint: Optional[str] = None,
               check: Optional[Check] = None) -> None:
    """Build the config from the parsed command line (``cfg``: the file
    already read; ``prepare`` adjusts it), check the dataset paths (naming
    ``data_hint``, the command that prepares the data, when one is missing)
    and what ``check`` checks, then train with mmengine's Runner under the
    work dir's lock."""
    prepare_runtime()
    with reported_errors():
        if args.describe_batch is not None:
            cfg = build_cfg(args, cfg)
            print(describe_batch(cfg, args.describe_batch), flush=True)
            return
        cfg, notices = _checked_cfg(args, cfg, ('train', 'val'), data_hint,
                                    check, prepare)
        select_device(args)
        init_distributed(cfg)
        with hold_work_dir(cfg.work_dir, args.take_over_lock) as held:
            notices += held
            if is_main_process():
                notices.append(remove_leftover_temp_files(cfg.work_dir))
            _train(cfg, args, [n for n in notices if n])


def _train(cfg: Config, args: argparse.Namespace, notices: List[str]) -> None:
    add_guard_hooks(cfg)
    runner = Runner.from_cfg(cfg)
    for notice in notices:
        runner.logger.warning(notice)
    runner.logger.info(describe_batch(cfg, runner.world_size))
    runner.logger.info(describe_checkpoints(cfg, runner.model))
    error = free_space_error(cfg, runner.model)
    if error and not args.skip_disk_check:
        raise DiskSpaceError(error)
    runner.train()


def test_main(args: argparse.Namespace,
              cfg: Optional[Config] = None,
              prepare: Optional[Callable[[Config], Config]] = None,
              before_test: Optional[Callable[[Runner], None]] = None,
              data_hint: Optional[str] = None,
              check: Optional[Check] = None) -> dict:
    """Evaluate ``args.checkpoint`` on the test split (``cfg``: the config
    file already read): ``prepare`` adjusts (and returns) the config,
    ``before_test`` the built runner. Returns the metrics.

    An evaluation takes no lock: it writes only a timestamped folder of
    its own, and evaluating a checkpoint while the training goes on in the
    same work dir is a normal thing to do.
    """
    prepare_runtime()
    with reported_errors():
        if not osp.isfile(args.checkpoint):
            raise FileNotFoundError(
                f'checkpoint {args.checkpoint} does not exist')
        cfg = load_cfg(args.config, args.cfg_options, args.launcher,
                       args.work_dir, cfg)
        cfg.load_from = args.checkpoint
        if prepare is not None:
            cfg = prepare(cfg)
        if data_hint is not None:
            check_data_paths(cfg, ('test', ), data_hint)
        notices = check(cfg, args.cfg_options) if check is not None else []
        init_distributed(cfg)
        runner = Runner.from_cfg(cfg)
        for notice in notices:
            runner.logger.warning(notice)
        if before_test is not None:
            before_test(runner)
        return runner.test()
