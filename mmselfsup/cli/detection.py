"""Detection fine-tuning and evaluation with MMDetection 3.x
(``default_scope = 'mmdet'``): COCO bbox metrics and the per-class AP50
table (printed, and saved as JSON/CSV in the work dir)."""
import argparse
from typing import List

from mmengine.config import Config

from mmselfsup.det import DATA_HINT
from mmselfsup.det.class_check import check_detection_classes
from mmselfsup.engine.args import parse_test_args
from mmselfsup.engine.entry_points import test_main, train_main


def train(args: argparse.Namespace, cfg: Config) -> None:
    train_main(args, cfg, data_hint=DATA_HINT, check=check_detection_classes)


def add_test_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--out', help='dump the predictions to this .pkl file')
    parser.add_argument(
        '--show', action='store_true', help='show the predictions')
    parser.add_argument(
        '--show-dir',
        help='save images with predictions to work_dir/<timestamp>/SHOW_DIR')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='seconds per shown image')


def test(argv: List[str], cfg: Config) -> dict:
    from mmdet.engine.hooks.utils import trigger_visualization_hook
    from mmdet.evaluation import DumpDetResults
    args = parse_test_args(argv, 'Evaluate a fine-tuned detector',
                           add_test_args)
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        raise SystemExit(f'--out {args.out}: the dump file must end in .pkl')

    def prepare(cfg):
        if args.show or args.show_dir:
            cfg = trigger_visualization_hook(cfg, args)
        return cfg

    def before_test(runner):
        if args.out is not None:
            runner.test_evaluator.metrics.append(
                DumpDetResults(out_file_path=args.out))

    return test_main(args, cfg, prepare, before_test, DATA_HINT,
                     check_detection_classes)
