"""AP at IoU 0.5 per class, as the GeRSP paper reports detection results.

The table lists the classes in the dataset's (the config's) order with the
number of ground-truth boxes, detections, recall and AP50, and the mean over
the classes that have ground truth. It is printed with terminaltables and,
when ``out_dir`` is set (``train_mmdet.py`` / ``test_mmdet.py`` set it to the
work dir), saved as ``ap50_per_class.json`` and ``ap50_per_class.csv``.
"""
import csv
import io
import json
import os.path as osp
from typing import List, Optional

from mmengine.config import Config
from mmengine.logging import print_log
from terminaltables import AsciiTable

from mmdet.evaluation import VOCMetric
from mmdet.evaluation.functional import eval_map
from mmdet.registry import METRICS
from mmselfsup.engine import atomic_write

TABLE_NAME = 'ap50_per_class'
HEADER = ['class', 'gts', 'dets', 'recall', 'AP50']


@METRICS.register_module()
class AP50TableMetric(VOCMetric):
    """Per-class AP50 (VOC 'area' AP) in percent.

    Boxes are compared in continuous coordinates (``x2 - x1``, no VOC +1),
    matching COCO-format annotations. Predictions and ground truth are
    collected by :class:`mmdet.evaluation.VOCMetric`, so the test pipeline
    must load annotations (``LoadAnnotations``), as mmdet's COCO pipelines do.

    Args:
        out_dir (str, optional): Folder for the JSON and CSV tables.
        eval_mode (str): 'area' (VOC2010+, default) or '11points' (VOC2007).
    """

    default_prefix: Optional[str] = 'ap50'

    def __init__(self,
                 out_dir: Optional[str] = None,
                 eval_mode: str = 'area',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(
            iou_thrs=0.5,
            eval_mode=eval_mode,
            collect_device=collect_device,
            prefix=prefix)
        self.out_dir = out_dir

    def compute_metrics(self, results: list) -> dict:
        gts, preds = zip(*results)
        classes = list(self.dataset_meta['classes'])
        mean_ap, per_class = eval_map(
            preds,
            gts,
            iou_thr=0.5,
            dataset=classes,
            logger='silent',
            eval_mode=self.eval_mode,
            use_legacy_coordinate=False)
        rows = [class_row(name, r) for name, r in zip(classes, per_class)]
        mean = round(float(mean_ap) * 100, 2)
        print_log('\n' + format_table(rows, mean), logger='current')
        if self.out_dir:
            save_tables(rows, mean, self.out_dir)
        return {'mAP': mean}


def class_row(name: str, result: dict) -> dict:
    """One class of ``eval_map``'s results in percent; recall and AP are
    None (shown as '-') for a class without ground truth, which the mean
    leaves out."""
    recall, ap = None, None
    if result['num_gts'] > 0:
        recall = result['recall']
        recall = round(float(recall[-1]) * 100, 2) if recall.size else 0.0
        ap = round(float(result['ap']) * 100, 2)
    return {
        'class': name,
        'gts': int(result['num_gts']),
        'dets': int(result['num_dets']),
        'recall': recall,
        'AP50': ap
    }


def _cell(value) -> str:
    if value is None:
        return '-'
    return f'{value:.2f}' if isinstance(value, float) else str(value)


def format_table(rows: List[dict], mean: float) -> str:
    data = [HEADER] + [[_cell(r[k]) for k in HEADER] for r in rows]
    data.append(['mean', '', '', '', f'{mean:.2f}'])
    table = AsciiTable(data, title=' AP50 (%) per class ')
    table.inner_footing_row_border = True
    return table.table


def save_tables(rows: List[dict], mean: float, out_dir: str) -> None:
    """Write the table as JSON and CSV, each atomically."""
    payload = dict(iou_thr=0.5, unit='percent', mAP50=mean, classes=rows)
    atomic_write(
        json.dumps(payload, indent=2), osp.join(out_dir, f'{TABLE_NAME}.json'))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    writer.writerow({'class': 'mean', 'AP50': mean})
    atomic_write(buffer.getvalue(), osp.join(out_dir, f'{TABLE_NAME}.csv'))


def set_table_out_dir(cfg: Config, out_dir: str) -> None:
    """Point every AP50TableMetric of the val/test evaluators without an
    ``out_dir`` at ``out_dir``."""
    for key in ('val_evaluator', 'test_evaluator'):
        evaluator = cfg.get(key)
        metrics = evaluator if isinstance(evaluator, list) else [evaluator]
        for metric in metrics:
            if (isinstance(metric, dict)
                    and metric.get('type') == 'AP50TableMetric'
                    and not metric.get('out_dir')):
                metric['out_dir'] = out_dir
