"""COCO bbox metrics plus the per-class AP50 table the paper reports.

The release evaluated detection with COCO's bbox metrics only
(``evaluation = dict(metric=['bbox'], metric_items=[...])`` in its
``configs_mmdet/base_settings*.py``), so the paper's AP50 is COCO's
``bbox_mAP_50``: 101-point interpolated precision at IoU 0.5, all areas, up
to 1000 detections per image, averaged over the classes. The per-class
table here comes from pycocotools' COCOeval with exactly those settings on
the same detections and ground truth, so its mean over the classes with
ground truth equals ``bbox_mAP_50``.
"""
import os.path as osp
import tempfile
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmdet.datasets.api_wrappers import COCO, COCOeval
from mmdet.evaluation import CocoMetric
from mmdet.registry import METRICS

from mmselfsup.evaluation.ap50_table import (TABLE_METRICS, mean_ap50,
                                             report_table, table_row)


def coco_ap50_per_class(coco_gt: COCO, coco_dt: Optional[COCO],
                        cat_ids: Sequence[int], img_ids: Sequence[int],
                        max_dets: Sequence[int]) -> Dict[int, dict]:
    """``{cat_id: dict(gts, ap, recall)}`` at IoU 0.5 by COCOeval.

    ``ap`` and ``recall`` are fractions, None for a category without
    ground truth. Matching at one IoU threshold does not depend on the other
    thresholds, so these equal the IoU-0.5 slice of a full COCO evaluation.
    ``coco_dt`` None means no detections at all.
    """
    gts = {
        cat_id:
        sum(not ann.get('iscrowd', 0) and not ann.get('ignore', 0)
            for ann in coco_gt.loadAnns(
                coco_gt.getAnnIds(imgIds=img_ids, catIds=[cat_id])))
        for cat_id in cat_ids
    }
    if coco_dt is None:
        return {
            c: dict(gts=n, ap=0.0 if n else None, recall=0.0 if n else None)
            for c, n in gts.items()
        }
    evaluator = COCOeval(coco_gt, coco_dt, 'bbox')
    evaluator.params.catIds = list(cat_ids)
    evaluator.params.imgIds = list(img_ids)
    evaluator.params.maxDets = list(max_dets)
    evaluator.params.iouThrs = np.array([0.5])
    evaluator.evaluate()
    evaluator.accumulate()
    # precision: (iou, recall point, class, area range, max dets)
    precision = evaluator.eval['precision'][0, :, :, 0, -1]
    recall = evaluator.eval['recall'][0, :, 0, -1]
    result = {}
    for k, cat_id in enumerate(cat_ids):
        valid = precision[:, k] > -1
        result[cat_id] = dict(
            gts=gts[cat_id],
            ap=float(precision[valid, k].mean()) if valid.any() else None,
            recall=float(recall[k]) if recall[k] > -1 else None)
    return result


@METRICS.register_module()
class CocoAP50Metric(CocoMetric):
    """:class:`mmdet.evaluation.CocoMetric` that also prints and saves the
    per-class AP50 table (COCO's definition, see the module docstring).

    Logged values are CocoMetric's (``coco/bbox_mAP_50`` is the paper's
    AP50). The table lists the classes in the config's order.

    Args:
        out_dir (str, optional): Folder for ``ap50_per_class.json`` and
            ``.csv``.
        **kwargs: The arguments of :class:`CocoMetric`.
    """

    def __init__(self, out_dir: Optional[str] = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.out_dir = out_dir

    def compute_metrics(self, results: list) -> Dict[str, float]:
        metrics = super().compute_metrics(results)
        if self.format_only or 'bbox' not in self.metrics:
            return metrics
        _, preds = zip(*results)
        rows = self._ap50_rows(preds)
        mean = mean_ap50([r['ap'] for r in rows])
        rows = [table_row(**r) for r in rows]
        self.last_table = report_table(
            rows, mean, "AP50 (%) per class (COCO's, as the paper reports)",
            self.out_dir, TABLE_METRICS[type(self).__name__],
            'COCO bbox AP at IoU 0.5 (101-point), as bbox_mAP_50')
        return metrics

    def _ap50_rows(self, preds: Sequence[dict]) -> List[dict]:
        """Raw rows (fractions) in the config's class order; label ``i``
        is category ``self.cat_ids[i]``, as in :meth:`results2json`."""
        coco_dt = self._load_detections(preds)
        per_cat = coco_ap50_per_class(self._coco_api, coco_dt, self.cat_ids,
                                      self.img_ids, self.proposal_nums)
        names = {
            c['id']: c['name']
            for c in self._coco_api.loadCats(self.cat_ids)
        }
        labels = np.concatenate([p['labels'] for p in preds]) if preds \
            else np.zeros(0, dtype=int)
        rows = []
        for label, cat_id in enumerate(self.cat_ids):
            r = per_cat[cat_id]
            rows.append(
                dict(
                    name=names[cat_id],
                    gts=r['gts'],
                    dets=int((labels == label).sum()),
                    recall=r['recall'],
                    ap=r['ap']))
        order = {
            name: i
            for i, name in enumerate(self.dataset_meta['classes'])
        }
        return sorted(rows, key=lambda r: order.get(r['name'], len(order)))

    def _load_detections(self, preds: Sequence[dict]) -> Optional[COCO]:
        """The detections as a COCO object (None if there are none)."""
        with tempfile.TemporaryDirectory() as tmp:
            files = self.results2json(preds, osp.join(tmp, 'results'))
            coco_dt = self._coco_api.loadRes(files['bbox']) \
                if self._has_boxes(preds) else None
        return coco_dt

    @staticmethod
    def _has_boxes(preds: Sequence[dict]) -> bool:
        return any(len(p['labels']) for p in preds)
