"""Detection settings pinned to the release (floatingstarZ/GeRSP): each test
names the file of the release that sets the value."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from torch.nn.modules.batchnorm import _BatchNorm

from mmselfsup.classes import DIOR_CLASSES, DOTA_CLASSES
from tests.helpers import REPO

CONFIG_DIR = osp.join(REPO, 'configs_mmdet')
GERSP = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*_GeRSP*.py')))
BASELINES = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*_baseline*.py')))
# the from-scratch variants are ours, with the release's data, schedule and
# runtime (their backbones: tests/test_configs/test_scratch_configs.py)
SCRATCH = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*_scratch*.py')))
DOTA = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*_dota.py')))
# ours, not the release's: the demo and the own-data template
NOT_RELEASED = {
    'faster_rcnn_GeRSP_demo.py', 'faster_rcnn_GeRSP_custom-coco.py'
}
DIOR = sorted(set(GERSP + BASELINES + SCRATCH) - set(DOTA) - NOT_RELEASED)


def load(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def built_backbone(name):
    """The detector's backbone, built (not initialised) and in train mode."""
    from mmdet.registry import MODELS
    from mmengine.registry import DefaultScope

    import mmselfsup.det  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(load(name).model)
    model.train()
    return model.backbone


def test_every_variant_is_covered():
    assert len(GERSP) == 10 and len(BASELINES) == len(SCRATCH) == 8
    assert len(DOTA) == 12 and len(DIOR) == 12
    assert NOT_RELEASED <= set(GERSP)


@pytest.mark.parametrize('name', GERSP)
def test_gersp_backbone_trains_every_parameter_with_bn_in_eval(name):
    """mmdet/models/backbones/resnet_pretrain.py of the release: no
    requires_grad=False anywhere, no frozen stage, and train() puts every
    BatchNorm in eval mode (running statistics frozen)."""
    backbone = built_backbone(name)
    frozen = [n for n, p in backbone.named_parameters() if not p.requires_grad]
    assert frozen == []
    norms = [m for m in backbone.modules() if isinstance(m, _BatchNorm)]
    assert len(norms) == 53  # ResNet-50: stem + 16 blocks x 3 + 4 downsample
    assert all(not m.training for m in norms)
    assert all(m.weight.requires_grad and m.bias.requires_grad for m in norms)
    assert backbone.layer1.training  # convolutions stay in train mode


@pytest.mark.parametrize('name', BASELINES)
def test_baseline_freezes_stem_and_stage_1_and_trains_bn_affine(name):
    """configs_mmdet/base_{faster_rcnn,retinanet,dyhead}.py of the release:
    frozen_stages=1, norm_cfg requires_grad=True, norm_eval=True."""
    backbone = built_backbone(name)
    for part in (backbone.conv1, backbone.norm1, backbone.layer1):
        assert all(not p.requires_grad for p in part.parameters())
    for stage in (backbone.layer2, backbone.layer3, backbone.layer4):
        norms = [m for m in stage.modules() if isinstance(m, _BatchNorm)]
        assert norms and all(m.weight.requires_grad and m.bias.requires_grad
                             for m in norms)
        assert all(not m.training for m in norms)


@pytest.mark.parametrize('name', DIOR + DOTA)
def test_runtime_as_released(name):
    """base_settings.py / base_settings_DOTA.py of the release:
    evaluation interval 1, checkpoint_config interval 6 (DIOR) or 12 (DOTA),
    log_config interval 5, samples_per_gpu 4, one GPU (train_mmdet.py pins
    CUDA_VISIBLE_DEVICES to a single device)."""
    cfg = load(name)
    assert cfg.train_cfg.val_interval == 1
    assert cfg.default_hooks.checkpoint.interval == (
        12 if name.endswith('_dota.py') else 6)
    assert cfg.default_hooks.logger.interval == 5
    assert cfg.train_dataloader.batch_size == 4
    assert cfg.auto_scale_lr == dict(base_batch_size=4, enable=False)


@pytest.mark.parametrize('name', DIOR + DOTA)
def test_coco_bbox_metric_items_as_released(name):
    """base_settings*.py: evaluation metric=['bbox'] with these items."""
    coco = load(name).val_evaluator[0]
    assert coco.type == 'CocoAP50Metric' and coco.metric == 'bbox'
    assert coco.metric_items == [
        'mAP', 'mAP_50', 'mAP_75', 'mAP_s', 'mAP_m', 'mAP_l', 'AR@100',
        'AR@300', 'AR@1000', 'AR_s@1000', 'AR_m@1000', 'AR_l@1000'
    ]


@pytest.mark.parametrize('name', DOTA)
def test_dota_layout_as_released(name):
    """base_settings_DOTA.py: data_root ./data/dota_1_800_640/, train
    annotations train/train_coco_ann.json with images train/images, val
    annotations val/val_coco_ann.json with images val/images."""
    cfg = load(name)
    train, val = cfg.train_dataloader.dataset, cfg.val_dataloader.dataset
    assert train.data_root == val.data_root == 'data/dota_1_800_640/'
    assert (train.ann_file,
            train.data_prefix.img) == ('train/train_coco_ann.json',
                                       'train/images/')
    assert (val.ann_file, val.data_prefix.img) == ('val/val_coco_ann.json',
                                                   'val/images/')
    assert cfg.val_evaluator[0].ann_file == (
        'data/dota_1_800_640/val/val_coco_ann.json')


@pytest.mark.parametrize(
    'name',  # the own-data template has the user's classes, no release's
    sorted(set(GERSP + BASELINES) - {'faster_rcnn_GeRSP_custom-coco.py'}))
def test_classes_and_test_settings_as_released(name):
    """base_settings.py / base_settings_DOTA.py: the class lists in this
    order (also mmselfsup.classes, which the converters use); base_*.py:
    score_thr 0.05, NMS IoU 0.3, max_per_img 600."""
    cfg = load(name)
    expected = DOTA_CLASSES if name.endswith('_dota.py') else DIOR_CLASSES
    for loader in ('train', 'val', 'test'):
        assert cfg[f'{loader}_dataloader'].dataset.metainfo.classes == \
            expected
    test_cfg = cfg.model.test_cfg.get('rcnn', cfg.model.test_cfg)
    assert test_cfg.score_thr == 0.05
    assert test_cfg.nms == dict(type='nms', iou_threshold=0.3)
    assert test_cfg.max_per_img == 600


def test_release_class_lists():
    """The lists themselves, as base_settings*.py write them."""
    assert DIOR_CLASSES[:3] == ('ship', 'overpass', 'tenniscourt')
    assert DIOR_CLASSES[-3:] == ('basketballcourt', 'bridge', 'chimney')
    assert len(DIOR_CLASSES) == 20 and len(DOTA_CLASSES) == 15
    assert DOTA_CLASSES[:3] == ('plane', 'baseball-diamond', 'bridge')
    assert DOTA_CLASSES[-1] == 'helicopter'


@pytest.mark.parametrize('name', DIOR + DOTA)
def test_schedule_and_pipeline_as_released(name):
    """base_settings*.py: SGD lr 0.001 momentum 0.9 wd 1e-4, grad clip 35,
    linear warm-up 500 iterations from 1/3, steps at 16 and 22, 24 epochs;
    Resize 800x800 keep ratio, flip 0.5; DIOR trains on train_val and
    tests on test (JPEGImages-trainval / -test)."""
    cfg = load(name)
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=0.001, momentum=0.9, weight_decay=0.0001)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=35, norm_type=2)
    assert 'paramwise_cfg' not in cfg.optim_wrapper
    warmup, steps = cfg.param_scheduler
    assert (warmup.type, warmup.start_factor,
            warmup.end) == ('LinearLR', 1.0 / 3,
                            500) and warmup.by_epoch is False
    assert (steps.milestones, steps.gamma) == ([16, 22], 0.1)
    assert cfg.train_cfg.max_epochs == 24
    resize, flip = cfg.train_dataloader.dataset.pipeline[2:4]
    assert (resize.scale, resize.keep_ratio, flip.prob) == ((800, 800), True,
                                                            0.5)
    assert cfg.test_dataloader.dataset.pipeline[1].scale == (800, 800)
    if not name.endswith('_dota.py'):
        train, test = cfg.train_dataloader.dataset, cfg.test_dataloader.dataset
        assert train.data_root == 'data/DIOR/'
        assert (train.ann_file, train.data_prefix.img) == (
            'coco_annotations/train_val_coco_ann.json', 'JPEGImages-trainval/')
        assert (test.ann_file, test.data_prefix.img) == (
            'coco_annotations/test_coco_ann.json', 'JPEGImages-test/')
