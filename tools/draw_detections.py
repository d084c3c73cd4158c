"""Run a fine-tuned detector on an image or a folder of images: pictures
with the boxes drawn, and the predictions as JSON (mmdet's DetInferencer).

Writes ``OUT_DIR/vis/<image name>`` and ``OUT_DIR/preds/<image stem>.json``
(``labels``, ``scores``, ``bboxes`` as x1, y1, x2, y2 in pixels).

Examples:
    python tools/draw_detections.py configs_mmdet/faster_rcnn_GeRSP.py \\
        results/faster_rcnn_GeRSP/epoch_24.pth \\
        data/DIOR/JPEGImages-test/11726.jpg --out-dir results/predictions
    python tools/draw_detections.py CONFIG CHECKPOINT \\
        data/DIOR/JPEGImages-test --out-dir results/predictions \\
        --device cuda:0 --score-thr 0.5
"""
import argparse
import os.path as osp

from mmengine.config import DictAction


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='detection config file')
    parser.add_argument('checkpoint', help='fine-tuned checkpoint')
    parser.add_argument('inputs', help='an image file or a folder of images')
    parser.add_argument('--out-dir', required=True, help='output folder')
    parser.add_argument(
        '--device', default='cpu', help="e.g. 'cpu' (default) or 'cuda:0'")
    parser.add_argument(
        '--score-thr', type=float, default=0.3, help='boxes drawn above it')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    for path in (args.config, args.checkpoint):
        if not osp.isfile(path):
            raise SystemExit(f'error: {path} does not exist')
    if not osp.exists(args.inputs):
        raise SystemExit(f'error: {args.inputs} does not exist')
    from mmdet.apis import DetInferencer
    from mmengine.config import Config

    from mmselfsup.engine.runtime import prepare_runtime
    prepare_runtime()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    inferencer = DetInferencer(
        model=cfg,
        weights=args.checkpoint,
        device=args.device,
        show_progress=False)
    result = inferencer(
        args.inputs,
        out_dir=args.out_dir,
        pred_score_thr=args.score_thr,
        no_save_pred=False)
    classes = inferencer.model.dataset_meta['classes']
    for pred in result['predictions']:
        kept = [
            classes[label]
            for label, score in zip(pred['labels'], pred['scores'])
            if score >= args.score_thr
        ]
        print(f'{len(kept)} boxes with score >= {args.score_thr} '
              f'({", ".join(kept) or "none"})')
    print(f'drawn to {osp.join(args.out_dir, "vis")}, predictions in '
          f'{osp.join(args.out_dir, "preds")}')


if __name__ == '__main__':
    main()
