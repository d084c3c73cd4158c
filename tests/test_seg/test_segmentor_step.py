"""One training step and one prediction of each segmentor, in-process, on
two generated 64 px LoveDA tiles through the config's own pipelines (32 px
crops and test size)."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from tests.helpers import REPO

pytestmark = pytest.mark.slow  # full ResNet-50 segmentor steps

SIZE = 32


def small(cfg, root):
    """The config on ``root`` with ``SIZE`` px crops and test images."""
    cfg.train_dataloader.dataset.data_root = root
    cfg.train_dataloader.dataset.pipeline[2].scale = (4 * SIZE, SIZE)
    cfg.train_dataloader.dataset.pipeline[3].crop_size = (SIZE, SIZE)
    cfg.val_dataloader.dataset.data_root = root
    cfg.val_dataloader.dataset.pipeline[1].scale = (SIZE, SIZE)
    cfg.model.data_preprocessor.size = (SIZE, SIZE)
    return cfg


def batch(dataset):
    from mmengine.dataset import pseudo_collate
    return pseudo_collate([dataset[0], dataset[1]])


@pytest.mark.parametrize('model_name', ['deeplabv3plus', 'psanet'])
def test_train_step_moves_the_whole_backbone_and_predicts(
        model_name, loveda_root, gersp_weights):
    from mmengine.model import revert_sync_batchnorm
    from mmengine.optim import build_optim_wrapper
    from mmseg.registry import DATASETS, MODELS
    cfg = small(
        Config.fromfile(
            osp.join(REPO, f'configs_mmseg/{model_name}_GeRSP_loveda.py')),
        loveda_root)
    cfg.model.backbone.init_cfg.checkpoint = gersp_weights
    torch.manual_seed(0)
    model = revert_sync_batchnorm(MODELS.build(cfg.model))
    model.init_weights()
    before = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    losses = model.train_step(
        batch(DATASETS.build(cfg.train_dataloader.dataset)), optim_wrapper)
    assert set(losses) >= {'decode.loss_ce', 'aux.loss_ce', 'loss'}
    assert torch.isfinite(losses['loss'])
    after = model.backbone.state_dict()
    # no frozen stage: the stem's weights and BN statistics were trained
    assert not torch.equal(after['conv1.weight'], before['conv1.weight'])
    assert not torch.equal(after['bn1.running_mean'],
                           before['bn1.running_mean'])
    assert not torch.equal(after['layer4.2.conv3.weight'],
                           before['layer4.2.conv3.weight'])

    model.eval()
    with torch.no_grad():
        outputs = model.val_step(
            batch(DATASETS.build(cfg.val_dataloader.dataset)))
    for output in outputs:
        pred = output.pred_sem_seg.data
        # inferred at SIZE, predicted at the mask's own size
        assert pred.shape == output.gt_sem_seg.data.shape == (1, 64, 64)
        assert 0 <= pred.min() and pred.max() < 7
