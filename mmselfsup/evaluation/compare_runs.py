"""Per-class AP50 of several detection runs side by side (e.g. GeRSP vs the
ImageNet baseline), with the difference to the first run and the mean.

Each argument is a work dir (its latest evaluation record is taken), a
run's timestamped folder, or one record folder
(``<work_dir>/<timestamp>/evaluations/<name>``). Prints a markdown table
and writes it as PREFIX.md, PREFIX.csv and a grouped bar chart PREFIX.png.

Example:
    python tools/analysis_tools/compare_runs.py \\
        results/faster_rcnn_baseline results/faster_rcnn_GeRSP \\
        --names ImageNet GeRSP --out results/frcnn_dior_comparison
"""
import argparse
import csv
import io
import os.path as osp
from typing import List, Optional, Sequence

from mmselfsup.evaluation.ap50_table import TABLE_METRICS
from mmselfsup.evaluation.records import latest_record, load_table
from mmselfsup.fileio import atomic_write


def compare(tables: Sequence[dict], names: Sequence[str]) -> List[list]:
    """Rows ``[class, AP50 of each run..., difference to the first run of
    each other run...]``, the classes that have ground truth in any run (in
    the first table's order), then the ``mean`` row (each table's mAP50).
    A run without a class's ground truth gets None."""
    order = []
    for table in tables:
        for row in table['classes']:
            if row['AP50'] is not None and row['class'] not in order:
                order.append(row['class'])
    per_run = [{r['class']: r['AP50'] for r in t['classes']} for t in tables]
    rows = []
    for name in order + ['mean']:
        values = [
            t['mAP50'] if name == 'mean' else aps.get(name)
            for t, aps in zip(tables, per_run)
        ]
        diffs = [
            None if v is None or values[0] is None else round(
                v - values[0], 2) for v in values[1:]
        ]
        rows.append([name, *values, *diffs])
    return rows


def header(names: Sequence[str]) -> List[str]:
    return ['class', *names, *(f'{n} - {names[0]}' for n in names[1:])]


def _cell(value: Optional[float], sign: str = '') -> str:
    return '-' if value is None else f'{value:{sign}.2f}'


def to_markdown(rows: List[list], names: Sequence[str]) -> str:
    head = header(names)
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for row in rows:
        cells = [row[0]] + [_cell(v) for v in row[1:1 + len(names)]]
        cells += [_cell(d, '+') for d in row[1 + len(names):]]
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def to_csv(rows: List[list], names: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(names))
    writer.writerows([['' if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def plot(rows: List[list], names: Sequence[str], out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import numpy as np
    classes = [r[0] for r in rows]
    x = np.arange(len(classes))
    width = 0.8 / len(names)
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(classes)), 4))
    for i, name in enumerate(names):
        values = [0 if r[1 + i] is None else r[1 + i] for r in rows]
        ax.bar(
            x + (i - (len(names) - 1) / 2) * width, values, width, label=name)
    ax.set_xticks(x)
    ax.set_xticklabels(classes, rotation=60, ha='right', fontsize=8)
    ax.set_ylabel('AP50 (%)')
    ax.set_ylim(0, 100)
    # above the plot, where it cannot hide a bar
    ax.legend(
        loc='lower center',
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(names),
        frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('runs', nargs='+', help='work dirs or record folders')
    parser.add_argument('--names', nargs='+', help='default: folder names')
    parser.add_argument(
        '--voc',
        action='store_true',
        help="the extra VOC-area tables instead of COCO's (the paper's)")
    parser.add_argument(
        '--out',
        default='ap50_comparison',
        help='prefix of the .md, .csv and .png outputs')
    args = parser.parse_args(argv)
    names = args.names or [osp.basename(osp.normpath(r)) for r in args.runs]
    if len(names) != len(args.runs):
        parser.error(f'{len(args.runs)} runs but {len(names)} --names')
    table_name = TABLE_METRICS['VOCAreaAP50Metric' if args.
                               voc else 'CocoAP50Metric']
    tables = [load_table(latest_record(r), table_name) for r in args.runs]
    rows = compare(tables, names)
    markdown = to_markdown(rows, names)
    print(markdown)
    atomic_write(markdown + '\n', f'{args.out}.md')
    atomic_write(to_csv(rows, names), f'{args.out}.csv')
    plot(rows, names, f'{args.out}.png')
    print(f'written: {args.out}.md, {args.out}.csv, {args.out}.png')
    return markdown
