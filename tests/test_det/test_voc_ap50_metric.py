"""The extra VOC-area AP50 table on hand-made detections with known
answers."""
import csv
import json

import pytest
import torch

from mmselfsup.det import VOCAreaAP50Metric


def sample(gt_boxes, gt_labels, boxes, scores, labels):
    return dict(
        gt_instances=dict(
            bboxes=torch.tensor(gt_boxes, dtype=torch.float32).view(-1, 4),
            labels=torch.tensor(gt_labels, dtype=torch.long)),
        ignored_instances=dict(
            bboxes=torch.zeros(0, 4), labels=torch.zeros(0, dtype=torch.long)),
        pred_instances=dict(
            bboxes=torch.tensor(boxes, dtype=torch.float32).view(-1, 4),
            scores=torch.tensor(scores, dtype=torch.float32),
            labels=torch.tensor(labels, dtype=torch.long)))


def evaluate(samples, out_dir=None):
    metric = VOCAreaAP50Metric(out_dir=out_dir)
    metric.dataset_meta = dict(classes=('a', 'b', 'c'))
    metric.process({}, samples)
    return metric.evaluate(len(samples))


SAMPLES = [
    # class a: 2 ground truths; detections TP (0.9), FP (0.8), TP (0.7)
    # -> precision/recall (1, .5), (.5, .5), (2/3, 1) -> AP = .5 + .5 * 2/3
    sample([[0, 0, 10, 10], [20, 20, 40, 40]], [0, 0],
           [[0, 0, 10, 10], [50, 50, 60, 60], [21, 20, 40, 40]],
           [0.9, 0.8, 0.7], [0, 0, 0]),
    # class b: found exactly; class c: no ground truth, one false alarm
    sample([[5, 5, 25, 25]], [1], [[5, 5, 25, 25], [0, 0, 5, 5]], [0.6, 0.9],
           [1, 2]),
]


def test_known_ap_values_and_mean_over_classes_with_ground_truth():
    assert evaluate(SAMPLES) == {'voc_area_ap50/mAP': pytest.approx(91.67)}


def test_boxes_are_compared_in_continuous_coordinates():
    # IoU 100 / 205 = 0.488 (a miss); VOC's +1 convention would give 0.51
    miss = sample([[0, 0, 10, 10]], [0], [[0, 0, 10, 20.5]], [0.9], [0])
    assert evaluate([miss]) == {'voc_area_ap50/mAP': 0.0}


def test_table_is_saved_as_json_and_csv_in_class_order(tmp_path):
    evaluate(SAMPLES, out_dir=str(tmp_path))
    saved = json.loads((tmp_path / 'voc_area_ap50_per_class.json').read_text())
    assert saved['mAP50'] == pytest.approx(91.67)
    assert saved['classes'] == [
        {
            'class': 'a',
            'gts': 2,
            'dets': 3,
            'recall': 100.0,
            'AP50': 83.33
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
    with open(tmp_path / 'voc_area_ap50_per_class.csv') as f:
        rows = list(csv.DictReader(f))
    assert [r['class'] for r in rows] == ['a', 'b', 'c', 'mean']
    assert rows[0]['AP50'] == '83.33' and rows[2]['AP50'] == ''
    assert rows[3]['AP50'] == '91.67'


def test_table_is_printed(capsys):
    from mmengine.logging import MMLogger
    MMLogger.get_instance('ap50_test')
    evaluate(SAMPLES)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith('| ')]
    assert [line.split('|')[1].strip()
            for line in lines] == ['class', 'a', 'b', 'c', 'mean']
    assert '83.33' in lines[1] and '-' in lines[3] and '91.67' in lines[4]
