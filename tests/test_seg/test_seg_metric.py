"""The configs' evaluator (mmseg's IoUMetric) against a hand-computed mIoU,
on two 4x4 masks."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmselfsup.classes import LOVEDA_CLASSES
from tests.helpers import REPO

X = 255  # ignored: LoveDA's no-data pixels once reduce_zero_label is applied

# labels 0..6 = background, building, road, water, barren, forest, agri
GT = [
    [[0, 0, 1, 1],
     [0, 0, 1, 1],
     [2, 2, X, X],
     [2, 2, X, X]],
    [[3, 3, 3, 3],
     [3, 3, 3, 3],
     [0, 0, 0, 0],
     [X, X, X, X]],
]  # yapf: disable
PRED = [
    [[0, 0, 1, 1],
     [0, 1, 1, 1],
     [2, 2, 2, 2],
     [3, 2, 0, 0]],
    [[3, 3, 3, 3],
     [3, 3, 4, 4],
     [0, 0, 0, 0],
     [6, 6, 6, 6]],
]  # yapf: disable

# Over the 24 pixels not ignored (predictions on ignored pixels do not
# count, so the 6s are not predictions of class 6):
#   class 0: ground truth 8, predicted 7, both 7 -> IoU 7 / (8 + 7 - 7)
#   class 1: 4, 5, 4 -> 4 / 5
#   class 2: 4, 3, 3 -> 3 / 4
#   class 3: 8, 7, 6 -> 6 / 9
#   class 4: 0, 2, 0 -> 0 / 2 (predicted, never there: counts as 0)
#   classes 5, 6: neither there nor predicted -> left out of the mean
IOUS = [7 / 8, 4 / 5, 3 / 4, 6 / 9, 0.0]
CORRECT = 7 + 4 + 3 + 6  # of 24


def evaluator():
    from mmseg.registry import METRICS
    cfg = Config.fromfile(
        osp.join(REPO, 'configs_mmseg/psanet_GeRSP_loveda.py'))
    metric = METRICS.build(cfg.val_evaluator)
    metric.dataset_meta = dict(classes=LOVEDA_CLASSES)
    return metric


def test_miou_of_two_4x4_masks_by_hand():
    metric = evaluator()
    metric.process({}, [
        dict(
            pred_sem_seg=dict(data=torch.tensor(pred)[None]),
            gt_sem_seg=dict(data=torch.tensor(gt)[None]))
        for pred, gt in zip(PRED, GT)
    ])
    results = metric.evaluate(2)
    assert results['mIoU'] == pytest.approx(
        round(100 * sum(IOUS) / len(IOUS), 2))
    assert results['mIoU'] == pytest.approx(61.83)
    assert results['aAcc'] == pytest.approx(round(100 * CORRECT / 24, 2))


def test_perfect_prediction_is_100():
    metric = evaluator()
    metric.process({}, [
        dict(
            pred_sem_seg=dict(data=torch.tensor(gt)[None]),
            gt_sem_seg=dict(data=torch.tensor(gt)[None])) for gt in GT
    ])
    assert metric.evaluate(2)['mIoU'] == 100.0
