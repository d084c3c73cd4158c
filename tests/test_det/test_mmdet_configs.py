"""The detection configs build and carry the release's settings."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from tests.helpers import REPO
from tests.test_det.conftest import DIOR_CLASSES

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
        for d in DETECTORS for p in ('GeRSP', 'baseline')
        for s in ('', '_dota')
    }
    assert expected <= set(CONFIGS)


@pytest.mark.parametrize('name', CONFIGS)
def test_config_builds_its_model_and_test_settings(name):
    from mmdet.registry import MODELS
    import mmselfsup.det  # noqa: F401
    cfg = load(name)
    model = MODELS.build(cfg.model)
    classes = cfg.train_dataloader.dataset.metainfo.classes
    assert cfg.val_dataloader.dataset.metainfo.classes == classes
    assert head_of(cfg.model).num_classes == len(classes)
    assert head_of(model).num_classes == len(classes)
    test_cfg = cfg.model.test_cfg.get('rcnn', cfg.model.test_cfg)
    assert test_cfg.score_thr == 0.05
    assert test_cfg.nms == dict(type='nms', iou_threshold=0.3)
    assert test_cfg.max_per_img == 600


def test_dior_and_dota_class_order():
    dior = load('faster_rcnn_GeRSP.py').train_dataloader.dataset
    assert dior.metainfo.classes == DIOR_CLASSES
    assert dior.ann_file == 'coco_annotations/train_val_coco_ann.json'
    assert dior.data_prefix.img == 'JPEGImages-trainval/'
    dota = load('retinanet_GeRSP_dota.py')
    assert dota.train_dataloader.dataset.metainfo.classes[:3] == (
        'plane', 'baseball-diamond', 'bridge')
    assert len(dota.train_dataloader.dataset.metainfo.classes) == 15
    assert dota.val_dataloader.dataset.data_root == 'data/dota_1_800_640/'
    assert dota.val_evaluator[0].ann_file == (
        'data/dota_1_800_640/val/val_coco_ann.json')


@pytest.mark.parametrize('detector', DETECTORS)
def test_gersp_backbone_reads_the_converted_file_strictly(detector):
    backbone = load(f'{detector}_GeRSP.py').model.backbone
    assert backbone.init_cfg.type == 'StrictPretrained'
    assert backbone.init_cfg.checkpoint == './results/GeRSP/CVT_epoch_100.pth'
    assert backbone.init_cfg.prefix == 'backbone.'


@pytest.mark.parametrize('detector', DETECTORS)
def test_baseline_backbone_is_local_imagenet_weights(detector):
    backbone = load(f'{detector}_baseline.py').model.backbone
    assert backbone.frozen_stages == 1
    assert backbone.norm_eval is True
    assert backbone.init_cfg.checkpoint == (
        './pretrained/resnet50-0676ba61.pth')
    assert '://' not in backbone.init_cfg.checkpoint


def test_schedule_and_pipeline_are_the_releases():
    cfg = load('faster_rcnn_GeRSP.py')
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=0.001, momentum=0.9, weight_decay=0.0001)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=35, norm_type=2)
    warmup, steps = cfg.param_scheduler
    assert (warmup.type, warmup.start_factor, warmup.end) == (
        'LinearLR', 1.0 / 3, 500) and warmup.by_epoch is False
    assert (steps.milestones, steps.gamma) == ([16, 22], 0.1)
    assert cfg.train_cfg.max_epochs == 24
    train = cfg.train_dataloader
    assert train.batch_size == 4
    resize, flip = train.dataset.pipeline[2:4]
    assert (resize.scale, resize.keep_ratio, flip.prob) == ((800, 800), True,
                                                            0.5)
    assert [m.type for m in cfg.test_evaluator] == [
        'CocoAP50Metric', 'VOCAreaAP50Metric'
    ]
