"""Segmentation fine-tuning and evaluation with MMSegmentation 1.x
(``default_scope = 'mmseg'``): mIoU, with the per-class IoU table in the
log. On the CPU, SyncBN layers of the config become BN."""
import argparse
import os.path as osp
from typing import List

from mmengine.config import Config

from mmselfsup.engine.args import parse_test_args
from mmselfsup.engine.entry_points import test_main, train_main
from mmselfsup.seg import DATA_HINT, sync_bn_to_bn_on_cpu
from mmselfsup.seg.class_check import check_segmentation_classes


def train(args: argparse.Namespace, cfg: Config) -> None:
    train_main(
        args,
        cfg,
        prepare=sync_bn_to_bn_on_cpu,
        data_hint=DATA_HINT,
        check=check_segmentation_classes)


def add_test_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        '--out',
        help='also save the predicted masks in this folder as PNG files in '
        'LoveDA\'s coding (1..7 the classes)')
    parser.add_argument(
        '--show', action='store_true', help='show the predictions')
    parser.add_argument(
        '--show-dir',
        help='save every image with its prediction under WORK_DIR/SHOW_DIR '
        '(an absolute SHOW_DIR as it is)')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='seconds per shown image')
    parser.add_argument(
        '--tta',
        action='store_true',
        help='test-time augmentation (the config\'s tta_pipeline)')


def _show(cfg: Config, args: argparse.Namespace) -> None:
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise KeyError('--show/--show-dir need a visualization hook '
                       'in default_hooks')
    hook.draw, hook.interval = True, 1  # every test image
    if args.show:
        hook.show, hook.wait_time = True, args.wait_time
    if args.show_dir:
        cfg.visualizer.save_dir = osp.join(cfg.work_dir, args.show_dir)


def test(argv: List[str], cfg: Config) -> dict:
    args = parse_test_args(argv, 'Evaluate a fine-tuned segmentor',
                           add_test_args)

    def prepare(cfg):
        sync_bn_to_bn_on_cpu(cfg)
        if args.show or args.show_dir:
            _show(cfg, args)
        if args.tta:
            cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline
            cfg.tta_model.module = cfg.model
            cfg.model = cfg.tta_model
        if args.out is not None:
            cfg.test_evaluator.output_dir = args.out
        return cfg

    return test_main(
        args,
        cfg,
        prepare,
        data_hint=DATA_HINT,
        check=check_segmentation_classes)
