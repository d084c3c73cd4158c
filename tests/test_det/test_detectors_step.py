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
def test_one_training_iteration_and_one_inference(detector, gersp_weights):
    from mmdet.registry import MODELS
    from mmdet.testing import demo_mm_inputs

    import mmselfsup.det  # noqa: F401
    cfg = Config.fromfile(
        osp.join(REPO, 'configs_mmdet', f'{detector}_GeRSP.py'))
    cfg.model.backbone.init_cfg.checkpoint = gersp_weights
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

    model.eval()
    with torch.no_grad():
        results = model.test_step(
            demo_mm_inputs(1, [[3, 96, 96]], num_classes=20))
    pred = results[0].pred_instances
    assert len(pred) <= 600
    assert pred.bboxes.shape[1:] == (4, )
    assert ((pred.scores >= 0.05) & (pred.labels < 20)).all()
