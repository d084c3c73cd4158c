"""Draw a fine-tuned detector's predictions on one image.

Example:
    python tools/draw_detections.py configs_mmdet/faster_rcnn_GeRSP.py \
        results/faster_rcnn_GeRSP/epoch_24.pth \
        data/DIOR/JPEGImages-test/11726.jpg \
        --out results/faster_rcnn_GeRSP/11726_pred.png
"""
import argparse
import os
import os.path as osp

import mmcv
from mmdet.apis import inference_detector, init_detector
from mmdet.registry import VISUALIZERS
from mmengine.config import DictAction


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='detection config file')
    parser.add_argument('checkpoint', help='fine-tuned checkpoint')
    parser.add_argument('image', help='image file')
    parser.add_argument('--out', required=True, help='output picture')
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
    for path in (args.config, args.checkpoint, args.image):
        if not osp.isfile(path):
            raise FileNotFoundError(f'{path} does not exist')
    model = init_detector(
        args.config,
        args.checkpoint,
        device='cpu',
        cfg_options=args.cfg_options)
    result = inference_detector(model, args.image)
    # no storage backends: the picture goes to --out only
    visualizer = VISUALIZERS.build(
        dict(model.cfg.visualizer, vis_backends=None))
    visualizer.dataset_meta = model.dataset_meta
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    visualizer.add_datasample(
        osp.basename(args.image),
        mmcv.imread(args.image, channel_order='rgb'),
        data_sample=result,
        draw_gt=False,
        pred_score_thr=args.score_thr,
        out_file=args.out)
    kept = result.pred_instances[result.pred_instances.scores >=
                                 args.score_thr]
    names = [model.dataset_meta['classes'][i] for i in kept.labels.tolist()]
    print(f'{len(kept)} boxes with score >= {args.score_thr} '
          f'({", ".join(names) or "none"}) drawn to {args.out}')


if __name__ == '__main__':
    main()
