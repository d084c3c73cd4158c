"""The per-class AP50 table: rows, printing and saving.

Both AP50 metrics (:class:`CocoAP50Metric`, the paper's, and the extra
:class:`VOCAreaAP50Metric`) report one row per class in the config's class
order with the number of ground-truth boxes, detections, recall and AP50 in
percent, and the mean over the classes that have ground truth.
"""
import csv
import io
import json
import os.path as osp
from typing import List, Optional

from terminaltables import AsciiTable

from mmselfsup.fileio import atomic_write

HEADER = ['class', 'gts', 'dets', 'recall', 'AP50']
# the metrics that make tables, and the name of the files each table gets
TABLE_METRICS = {
    'CocoAP50Metric': 'ap50_per_class',
    'VOCAreaAP50Metric': 'voc_area_ap50_per_class',
}


def table_row(name: str, gts: int, dets: int, recall: Optional[float],
              ap: Optional[float]) -> dict:
    """A row in percent; recall and AP are None (shown as '-') for a class
    without ground truth, which the mean leaves out."""
    if gts == 0:
        recall = ap = None
    return {
        'class': name,
        'gts': int(gts),
        'dets': int(dets),
        'recall': None if recall is None else round(float(recall) * 100, 2),
        'AP50': None if ap is None else round(float(ap) * 100, 2)
    }


def mean_ap50(aps: List[Optional[float]]) -> float:
    """Mean of the AP50 fractions of the classes with ground truth (None
    marks the others), in percent, rounded to 2 decimals."""
    aps = [float(ap) for ap in aps if ap is not None]
    return round(100 * sum(aps) / len(aps), 2) if aps else 0.0


def _cell(value) -> str:
    if value is None:
        return '-'
    return f'{value:.2f}' if isinstance(value, float) else str(value)


def format_table(rows: List[dict],
                 mean: float,
                 title: str = 'AP50 (%) per class') -> str:
    data = [HEADER] + [[_cell(r[k]) for k in HEADER] for r in rows]
    data.append(['mean', '', '', '', f'{mean:.2f}'])
    table = AsciiTable(data, title=f' {title} ')
    table.inner_footing_row_border = True
    return table.table


def save_tables(rows: List[dict], mean: float, out_dir: str, name: str,
                **info) -> None:
    """Write ``name.json`` and ``name.csv`` in ``out_dir``, each atomically;
    ``info`` (e.g. the metric's definition) goes into the JSON."""
    payload = dict(
        **info, iou_thr=0.5, unit='percent', mAP50=mean, classes=rows)
    atomic_write(
        json.dumps(payload, indent=2), osp.join(out_dir, f'{name}.json'))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    writer.writerow({'class': 'mean', 'AP50': mean})
    atomic_write(buffer.getvalue(), osp.join(out_dir, f'{name}.csv'))


def report_table(rows: List[dict], mean: float, title: str,
                 out_dir: Optional[str], name: str, metric: str) -> dict:
    """Print the table in the log; save it in ``out_dir`` if given, with
    ``metric``, a one-line definition of the values, in the JSON. Returns
    the table (what :class:`EvaluationRecordHook` saves with each
    evaluation)."""
    from mmengine.logging import print_log
    print_log('\n' + format_table(rows, mean, title), logger='current')
    if out_dir:
        save_tables(rows, mean, out_dir, name, metric=metric)
    return dict(name=name, metric=metric, rows=rows, mean=mean)
