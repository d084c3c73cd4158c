"""Print the per-class AP50 table of a detection run's latest evaluation
(COCO's AP50, the paper's metric; ``--voc`` for the extra VOC-area table),
with where it came from.

Example:
    python tools/show_ap50_table.py results/faster_rcnn_GeRSP [--all] [--voc]
"""
import argparse

from mmselfsup.evaluation.ap50_table import TABLE_METRICS, format_table
from mmselfsup.evaluation.records import latest_record, load_record, load_table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        'path',
        help='work dir of train/test_mmdet.py, a run folder in it, '
        'or one evaluation record folder')
    parser.add_argument(
        '--all',
        action='store_true',
        help='also list the classes without ground truth')
    parser.add_argument(
        '--voc',
        action='store_true',
        help="the extra VOC-area table instead of COCO's (the paper's)")
    args = parser.parse_args(argv)
    folder = latest_record(args.path)
    record = load_record(folder)
    table = load_table(
        folder,
        TABLE_METRICS['VOCAreaAP50Metric' if args.voc else 'CocoAP50Metric'])
    rows = [r for r in table['classes'] if args.all or r['gts'] > 0]
    print(f'{record["mode"]} of {record["config"]}, epoch {record["epoch"]}, '
          f'checkpoint {record["checkpoint"]}, {record["date"]}')
    print(format_table(rows, table['mAP50'], table['metric']))


if __name__ == '__main__':
    main()
