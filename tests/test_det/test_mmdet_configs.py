"""The detection configs build, read the right weights, and move with
``--cfg-options data_root=...``. (Released values: tests/test_release/.)"""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmselfsup.engine.config_build import load_cfg
from tests.helpers import REPO

CONFIG_DIR = osp.join(REPO, 'configs_mmdet')
CONFIGS = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*.py')))
DETECTORS = ('faster_rcnn', 'retinanet', 'atss_dyhead', 'dynamic_rcnn')


def load(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def head_of(model):
    roi_head = getattr(model, 'roi_head', None)
    return model.bbox_head if roi_head is None else roi_head.bbox_head


def test_every_detector_has_gersp_and_baseline_for_dior_and_dota():
    expected = {
        f'{d}_{p}{s}.py'
        for d in DETECTORS
        for p in ('GeRSP', 'baseline')
        for s in ('', '_dota')
    }
    assert expected <= set(CONFIGS)


@pytest.mark.parametrize('name', CONFIGS)
def test_config_builds_its_model_for_its_classes(name):
    from mmdet.registry import MODELS

    import mmselfsup.det  # noqa: F401
    cfg = load(name)
    model = MODELS.build(cfg.model)
    classes = cfg.train_dataloader.dataset.metainfo.classes
    assert cfg.val_dataloader.dataset.metainfo.classes == classes
    assert head_of(model).num_classes == len(classes)


@pytest.mark.parametrize('detector', DETECTORS)
def test_gersp_backbone_reads_the_converted_file_strictly(detector):
    backbone = load(f'{detector}_GeRSP.py').model.backbone
    assert backbone.init_cfg.type == 'StrictPretrained'
    assert backbone.init_cfg.checkpoint == './results/GeRSP/CVT_epoch_100.pth'
    assert backbone.init_cfg.prefix == 'backbone.'


@pytest.mark.parametrize('detector', DETECTORS)
def test_baseline_backbone_is_local_imagenet_weights(detector):
    backbone = load(f'{detector}_baseline.py').model.backbone
    assert backbone.init_cfg.checkpoint == (
        './pretrained/resnet50-0676ba61.pth')
    assert '://' not in backbone.init_cfg.checkpoint


@pytest.mark.parametrize('name, ann_file', [
    ('faster_rcnn_GeRSP.py', '/mnt/dior/coco_annotations/test_coco_ann.json'),
    ('retinanet_baseline_dota.py', '/mnt/dior/val/val_coco_ann.json'),
])
def test_data_root_option_moves_loaders_and_evaluators(name, ann_file):
    cfg = load_cfg(
        osp.join(CONFIG_DIR, name), {'data_root': '/mnt/dior/'}, 'none', None)
    for loader in ('train', 'val', 'test'):
        assert cfg[f'{loader}_dataloader'].dataset.data_root == '/mnt/dior/'
    assert cfg.val_evaluator[0].ann_file == ann_file
    assert cfg.test_evaluator[0].ann_file == ann_file
    # relative paths inside the root are left alone
    assert not cfg.train_dataloader.dataset.ann_file.startswith('/mnt')
