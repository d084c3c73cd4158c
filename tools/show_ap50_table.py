"""Print the per-class AP50 table a detection run saved in its work dir.

Example:
    python tools/show_ap50_table.py results/faster_rcnn_GeRSP [--all]
"""
import argparse
import json
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmselfsup.det.ap50_table_metric import TABLE_NAME, format_table  # noqa: E402,E501


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir', help='work dir of train/test_mmdet.py')
    parser.add_argument(
        '--all', action='store_true',
        help='also list the classes without ground truth')
    args = parser.parse_args(argv)
    path = osp.join(args.work_dir, f'{TABLE_NAME}.json')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path} does not exist: evaluate first (train_mmdet.py '
            'validates every few epochs, test_mmdet.py on demand)')
    with open(path) as f:
        table = json.load(f)
    rows = [r for r in table['classes'] if args.all or r['gts'] > 0]
    print(format_table(rows, table['mAP50']))


if __name__ == '__main__':
    main()
