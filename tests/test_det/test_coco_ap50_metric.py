"""The per-class AP50 table comes from COCO's evaluation (the paper's AP50):
checked against hand-computed 101-point values and against pycocotools."""
import json

import pytest
import torch
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from mmselfsup.dataset_converters.coco_writer import (coco_annotation,
                                                      coco_dataset, write_coco)
from mmselfsup.det import CocoAP50Metric

CLASSES = ('a', 'b', 'c')
# image id -> ground truth (class index, corner box)
GROUND_TRUTH = {
    1: [(0, (0, 0, 10, 10)), (0, (20, 20, 40, 40))],
    2: [(1, (5, 5, 25, 25))],
}
# image id -> detections (class index, corner box, score)
DETECTIONS = {
    # class a: TP (0.9), FP (0.8), TP (0.7)
    1: [(0, (0, 0, 10, 10), 0.9), (0, (50, 50, 60, 60), 0.8),
        (0, (21, 20, 40, 40), 0.7)],
    # class b found exactly; class c has no ground truth, one false alarm
    2: [(1, (5, 5, 25, 25), 0.6), (2, (0, 0, 5, 5), 0.9)],
}
# By hand, COCO's 101 recall points: class a reaches recall .5 at precision
# 1 and recall 1 at precision 2/3, so points 0, .01, ..., .5 (51) read 1 and
# the other 50 read 2/3: AP = (51 + 50 * 2/3) / 101. Class b: AP 1.
AP_A = (51 + 50 * 2 / 3) / 101
AP_B = 1.0


@pytest.fixture
def gt_file(tmp_path):
    images = [
        dict(id=i, file_name=f'{i}.png', width=64, height=64)
        for i in GROUND_TRUTH
    ]
    anns = [
        coco_annotation(n, img, label + 1, box)
        for n, (img, label,
                box) in enumerate(((i, c, b)
                                   for i, objs in GROUND_TRUTH.items()
                                   for c, b in objs), 1)
    ]
    path = str(tmp_path / 'gt.json')
    write_coco(coco_dataset(images, anns, CLASSES), path)
    return path


def data_samples():
    samples = []
    for img_id in GROUND_TRUTH:
        dets = DETECTIONS[img_id]
        samples.append(
            dict(
                img_id=img_id,
                ori_shape=(64, 64),
                pred_instances=dict(
                    bboxes=torch.tensor([d[1] for d in dets],
                                        dtype=torch.float),
                    scores=torch.tensor([d[2] for d in dets]),
                    labels=torch.tensor([d[0] for d in dets]))))
    return samples


def evaluate(gt_file, out_dir=None):
    metric = CocoAP50Metric(ann_file=gt_file, metric='bbox', out_dir=out_dir)
    metric.dataset_meta = dict(classes=CLASSES)
    samples = data_samples()
    metric.process({}, samples)
    return metric.evaluate(len(samples))


def pycocotools_ap50(gt_file):
    """Per-class AP50 and bbox mAP_50 of a plain full COCO evaluation."""
    gt = COCO(gt_file)
    dets = [
        dict(
            image_id=i,
            category_id=c + 1,
            score=s,
            bbox=[b[0], b[1], b[2] - b[0], b[3] - b[1]])
        for i, objs in DETECTIONS.items() for c, b, s in objs
    ]
    evaluator = COCOeval(gt, gt.loadRes(dets), 'bbox')
    evaluator.params.maxDets = [100, 300, 1000]
    evaluator.evaluate()
    evaluator.accumulate()
    evaluator.summarize()
    precision = evaluator.eval['precision'][0, :, :, 0, -1]
    per_class = [
        float(p[p > -1].mean()) if (p > -1).any() else None
        for p in precision.T
    ]
    return per_class, float(evaluator.stats[1])


def test_per_class_ap50_is_cocos_and_the_mean_is_bbox_map50(gt_file, tmp_path):
    metrics = evaluate(gt_file, out_dir=str(tmp_path))
    table = json.loads((tmp_path / 'ap50_per_class.json').read_text())
    aps = [row['AP50'] for row in table['classes']]

    assert aps == [round(100 * AP_A, 2), round(100 * AP_B, 2), None]
    assert aps[:2] == [83.5, 100.0]
    assert table['mAP50'] == round(50 * (AP_A + AP_B), 2) == 91.75

    per_class, map50 = pycocotools_ap50(gt_file)
    assert aps[:2] == [round(100 * ap, 2) for ap in per_class[:2]]
    assert per_class[2] is None
    assert table['mAP50'] == pytest.approx(100 * map50, abs=0.005)
    assert metrics['coco/bbox_mAP_50'] == round(map50, 3)


def test_table_rows_count_ground_truth_detections_and_recall(
        gt_file, tmp_path):
    evaluate(gt_file, out_dir=str(tmp_path))
    table = json.loads((tmp_path / 'ap50_per_class.json').read_text())
    assert table['classes'] == [
        {
            'class': 'a',
            'gts': 2,
            'dets': 3,
            'recall': 100.0,
            'AP50': 83.5
        },
        {
            'class': 'b',
            'gts': 1,
            'dets': 1,
            'recall': 100.0,
            'AP50': 100.0
        },
        {
            'class': 'c',
            'gts': 0,
            'dets': 1,
            'recall': None,
            'AP50': None
        },
    ]
    csv_rows = (tmp_path / 'ap50_per_class.csv').read_text().splitlines()
    assert csv_rows[0] == 'class,gts,dets,recall,AP50'
    assert csv_rows[-1] == 'mean,,,,91.75'


def test_no_detections_give_zero_for_classes_with_ground_truth(
        gt_file, tmp_path):
    metric = CocoAP50Metric(
        ann_file=gt_file, metric='bbox', out_dir=str(tmp_path))
    metric.dataset_meta = dict(classes=CLASSES)
    samples = [
        dict(
            img_id=i,
            ori_shape=(64, 64),
            pred_instances=dict(
                bboxes=torch.zeros(0, 4),
                scores=torch.zeros(0),
                labels=torch.zeros(0, dtype=torch.long))) for i in GROUND_TRUTH
    ]
    metric.process({}, samples)
    metric.evaluate(len(samples))
    table = json.loads((tmp_path / 'ap50_per_class.json').read_text())
    assert [r['AP50'] for r in table['classes']] == [0.0, 0.0, None]
    assert table['mAP50'] == 0.0
