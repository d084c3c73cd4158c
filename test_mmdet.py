"""Evaluate a fine-tuned detector: COCO bbox metrics and the per-class AP50
table (printed, and saved as JSON/CSV in the work dir).

Examples:
    python ./test_mmdet.py ./configs_mmdet/faster_rcnn_GeRSP.py \
        ./results/faster_rcnn_GeRSP/epoch_24.pth
    python ./test_mmdet.py CONFIG CKPT --show-dir vis --out results.pkl
"""
import argparse
import os.path as osp

from mmdet.engine.hooks.utils import trigger_visualization_hook
from mmdet.evaluation import DumpDetResults
from mmengine.runner import Runner

from mmselfsup.det import set_table_out_dir
from mmselfsup.engine.launch import (add_launch_args, init_cpu_distributed,
                                     load_cfg, parse_launch_args)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Evaluate a fine-tuned detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='where the metrics and tables are saved')
    parser.add_argument('--out', help='dump the predictions to this .pkl file')
    parser.add_argument(
        '--show', action='store_true', help='show the predictions')
    parser.add_argument(
        '--show-dir',
        help='save images with predictions to work_dir/<timestamp>/SHOW_DIR')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='seconds per shown image')
    add_launch_args(parser)
    args = parse_launch_args(parser, argv)
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        parser.error(f'--out {args.out}: the dump file must end in .pkl')
    return args


def main(argv=None):
    args = parse_args(argv)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint} does not exist')
    cfg = load_cfg(args.config, args.cfg_options, args.launcher, args.work_dir)
    cfg.load_from = args.checkpoint
    set_table_out_dir(cfg, cfg.work_dir)
    if args.show or args.show_dir:
        cfg = trigger_visualization_hook(cfg, args)
    init_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    if args.out is not None:
        runner.test_evaluator.metrics.append(
            DumpDetResults(out_file_path=args.out))
    runner.test()


if __name__ == '__main__':
    main()
