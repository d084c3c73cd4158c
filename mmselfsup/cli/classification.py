"""Scene-classification fine-tuning and evaluation with MMPretrain 1.x
(``default_scope = 'mmpretrain'``): top-1 accuracy (``accuracy/top1``, in
percent), printed and kept, as every evaluation of every toolbox, in an
evaluation record (``WORK_DIR/<timestamp>/evaluations/test/record.json``,
what tools/repeat_runs.py reads). The checkpoint may be a training work
dir: its last checkpoint is evaluated."""
import argparse
import os.path as osp
from typing import List

from mmengine.config import Config

from mmselfsup.cls import DATA_HINT
from mmselfsup.engine.args import parse_test_args
from mmselfsup.engine.class_follow import follow_training_classes
from mmselfsup.engine.entry_points import test_main, train_main
from mmselfsup.utils import find_latest_checkpoint


def check_head_classes(cfg, options=None) -> List[str]:
    """Classes given once for the training set: the val / test sets and
    ``model.head.num_classes`` follow them (labels beyond the head are the
    label check's business)."""
    return follow_training_classes(cfg, options, ('head', ))


def train(args: argparse.Namespace, cfg: Config) -> None:
    train_main(args, cfg, data_hint=DATA_HINT, check=check_head_classes)


def resolve_checkpoint(path: str) -> str:
    """``path`` itself, or the last checkpoint of a work dir."""
    if osp.isfile(path):
        return path
    if not osp.isdir(path):
        raise FileNotFoundError(f'checkpoint {path} does not exist')
    found = find_latest_checkpoint(path)
    if found is None:
        raise FileNotFoundError(f'{path} holds no checkpoint (epoch_N.pth)')
    return found


def add_test_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--out', help='dump the predictions to this .pkl file')


def test(argv: List[str], cfg: Config) -> dict:
    args = parse_test_args(argv, 'Evaluate a fine-tuned scene classifier',
                           add_test_args)
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        raise SystemExit(f'--out {args.out}: the dump file must end in .pkl')
    try:
        args.checkpoint = resolve_checkpoint(args.checkpoint)
    except FileNotFoundError as e:
        raise SystemExit(f'error: {e}') from None

    def before_test(runner):
        if args.out is not None:
            from mmengine.evaluator import DumpResults
            runner.test_evaluator.metrics.append(
                DumpResults(out_file_path=args.out))

    return test_main(args, cfg, None, before_test, DATA_HINT,
                     check_head_classes)
