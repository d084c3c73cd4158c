"""Print the per-class AP50 table a detection run saved in its work dir
(COCO's AP50, the paper's metric; ``--voc`` for the extra VOC-area table).

Example:
    python tools/show_ap50_table.py results/faster_rcnn_GeRSP [--all] [--voc]
"""
import argparse
import json
import os.path as osp

from mmselfsup.det.ap50_table import TABLE_METRICS, format_table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir', help='work dir of train/test_mmdet.py')
    parser.add_argument(
        '--all',
        action='store_true',
        help='also list the classes without ground truth')
    parser.add_argument(
        '--voc',
        action='store_true',
        help="the extra VOC-area table instead of COCO's (the paper's)")
    args = parser.parse_args(argv)
    name = TABLE_METRICS['VOCAreaAP50Metric' if args.voc else 'CocoAP50Metric']
    path = osp.join(args.work_dir, f'{name}.json')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path} does not exist: evaluate first (train_mmdet.py '
            'validates every few epochs, test_mmdet.py on demand)')
    with open(path) as f:
        table = json.load(f)
    rows = [r for r in table['classes'] if args.all or r['gts'] > 0]
    title = table.get('metric', 'AP50 (%) per class')
    print(format_table(rows, table['mAP50'], title))


if __name__ == '__main__':
    main()
