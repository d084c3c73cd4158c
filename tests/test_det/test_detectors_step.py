"""Each detector trains one iteration and predicts on CPU with GeRSP
weights."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from tests.helpers import REPO

pytestmark = pytest.mark.slow  # detector steps


@pytest.mark.parametrize(
    'detector', ['faster_rcnn', 'retinanet', 'atss_dyhead', 'dynamic_rcnn'])
def test_one_training_iteration_and_one_inference(detector,
                                                  initialised_gersp_weights):
    from mmdet.registry import MODELS
    from mmdet.structures.bbox import bbox_overlaps
    from mmdet.testing import demo_mm_inputs

    import mmselfsup.det  # noqa: F401
    cfg = Config.fromfile(
        osp.join(REPO, 'configs_mmdet', f'{detector}_GeRSP.py'))
    cfg.model.backbone.init_cfg.checkpoint = initialised_gersp_weights
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    stem = model.backbone.conv1.weight.detach().clone()

    data = demo_mm_inputs(
        2, [[3, 96, 96], [3, 96, 96]], num_items=[3, 2], num_classes=20)
    model.train()
    losses = model.train_step(data, optim_wrapper)
    assert all(torch.isfinite(v).all() for v in losses.values())
    assert not torch.equal(model.backbone.conv1.weight, stem)  # not frozen

    # every candidate kept (score threshold 0): the inference path must
    # then return its top-k after per-class NMS, inside the image
    head = model.roi_head if hasattr(model, 'roi_head') else model.bbox_head
    test_cfg = head.test_cfg
    test_cfg.score_thr = 0.0
    model.eval()
    with torch.no_grad():
        results = model.test_step(
            demo_mm_inputs(1, [[3, 96, 96]], num_classes=20))
    pred = results[0].pred_instances
    assert 0 < len(pred) <= test_cfg.max_per_img
    assert ((pred.bboxes >= 0) & (pred.bboxes <= 96)).all()
    assert (pred.scores[:-1] >= pred.scores[1:]).all()
    assert ((pred.labels >= 0) & (pred.labels < 20)).all()
    same_class = pred.labels[:, None] == pred.labels[None]
    overlaps = bbox_overlaps(pred.bboxes, pred.bboxes).fill_diagonal_(0)
    assert (overlaps[same_class] <= test_cfg.nms.iou_threshold + 1e-6).all()
