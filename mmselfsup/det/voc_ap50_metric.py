"""Per-class VOC 'area' AP at IoU 0.5: an extra table, not the paper's metric.

The paper's AP50 is COCO's ``bbox_mAP_50`` (:class:`CocoAP50Metric`). This
metric is kept for comparison with work that reports VOC-style AP: all-point
('area') interpolation of the precision/recall curve instead of COCO's 101
recall points, so its values differ slightly from COCO's.
"""
from typing import Optional

from mmdet.evaluation import VOCMetric
from mmdet.evaluation.functional import eval_map
from mmdet.registry import METRICS

from mmselfsup.evaluation.ap50_table import (TABLE_METRICS, mean_ap50,
                                             report_table, table_row)


@METRICS.register_module()
class VOCAreaAP50Metric(VOCMetric):
    """Per-class VOC AP50 in percent, printed and saved as an extra table.

    Boxes are compared in continuous coordinates (``x2 - x1``, no VOC +1),
    matching COCO-format annotations. Predictions and ground truth are
    collected by :class:`mmdet.evaluation.VOCMetric`, so the test pipeline
    must load annotations (``LoadAnnotations``), as our pipelines do.

    Args:
        out_dir (str, optional): Folder for ``voc_area_ap50_per_class.json``
            and ``.csv``.
        eval_mode (str): 'area' (VOC2010+, default) or '11points' (VOC2007).
    """

    default_prefix: Optional[str] = 'voc_area_ap50'

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
        _, per_class = eval_map(
            preds,
            gts,
            iou_thr=0.5,
            dataset=classes,
            logger='silent',
            eval_mode=self.eval_mode,
            use_legacy_coordinate=False)
        rows = [
            table_row(name, r['num_gts'], r['num_dets'],
                      r['recall'][-1] if r['recall'].size else 0.0, r['ap'])
            for name, r in zip(classes, per_class)
        ]
        mean = mean_ap50(
            [r['ap'] if r['num_gts'] else None for r in per_class])
        self.last_table = report_table(
            rows, mean, f'VOC-{self.eval_mode} AP50 (%) per class (extra; '
            "the paper's AP50 is COCO's)", self.out_dir,
            TABLE_METRICS[type(self).__name__],
            f'VOC {self.eval_mode} AP at IoU 0.5 (extra)')
        return {'mAP': mean}
