"""Evaluate a fine-tuned detector: COCO bbox metrics and the per-class AP50
table (printed, and saved as JSON/CSV in the work dir).

Examples:
    python ./test_mmdet.py ./configs_mmdet/faster_rcnn_GeRSP.py \
        ./results/faster_rcnn_GeRSP/epoch_24.pth
    python ./test_mmdet.py CONFIG CKPT --show-dir vis --out results.pkl
"""
from mmdet.engine.hooks.utils import trigger_visualization_hook
from mmdet.evaluation import DumpDetResults

from mmselfsup.det import DATA_HINT
from mmselfsup.det.class_check import check_detection_classes
from mmselfsup.engine.entry_points import parse_test_args, test_main


def add_args(parser):
    parser.add_argument('--out', help='dump the predictions to this .pkl file')
    parser.add_argument(
        '--show', action='store_true', help='show the predictions')
    parser.add_argument(
        '--show-dir',
        help='save images with predictions to work_dir/<timestamp>/SHOW_DIR')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='seconds per shown image')


def main(argv=None):
    args = parse_test_args(argv, 'Evaluate a fine-tuned detector', add_args)
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

    test_main(args, prepare, before_test, DATA_HINT, check_detection_classes)


if __name__ == '__main__':
    main()
