"""The segmentation configs: mmseg's LoveDA recipe on a plain-stem dilated
ResNet-50 whose weights are exactly the converted GeRSP file or
torchvision's ImageNet file."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmselfsup.classes import LOVEDA_CLASSES
from mmselfsup.engine.config_build import load_cfg
from mmselfsup.seg import sync_bn_to_bn_on_cpu
from tests.helpers import REPO

CONFIG_DIR = osp.join(REPO, 'configs_mmseg')
DEMO = 'psanet_GeRSP_demo-loveda.py'
# the template for your own data (tests/test_own_data)
CUSTOM = 'psanet_GeRSP_custom.py'
CONFIGS = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*.py'))
    if osp.basename(p) not in (DEMO, CUSTOM))
HEADS = {'psanet': 'PSAHead', 'deeplabv3plus': 'DepthwiseSeparableASPPHead'}


def load(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def build(name, checkpoint=None, part=None):
    """The model of config ``name`` (or only its ``part``), its backbone
    weights read from ``checkpoint``."""
    from mmseg.registry import MODELS
    cfg = load(name)
    if checkpoint is not None:
        cfg.model.backbone.init_cfg.checkpoint = str(checkpoint)
    return MODELS.build(cfg.model if part is None else cfg.model[part])


def norm_types(value):
    """The ``type`` of every ``norm_cfg`` below a config value."""
    if isinstance(value, dict):
        return [
            t for k, v in value.items()
            for t in ([v['type']] if k == 'norm_cfg' else norm_types(v))
        ]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in norm_types(v)]
    return []


def test_gersp_baseline_and_scratch_of_psanet_and_deeplabv3plus():
    assert CONFIGS == sorted(f'{m}_{p}_loveda.py'
                             for m in ('deeplabv3plus', 'psanet')
                             for p in ('GeRSP', 'baseline', 'scratch'))


@pytest.mark.parametrize('name', CONFIGS)
def test_config_builds_its_model_for_loveda(name):
    from mmseg.datasets import LoveDADataset
    from mmseg.models.backbones import ResNet
    cfg = load(name)
    model = build(name)
    assert type(model.decode_head).__name__ == HEADS[name.split('_')[0]]
    assert LoveDADataset.METAINFO['classes'] == LOVEDA_CLASSES
    assert model.decode_head.num_classes == len(LOVEDA_CLASSES) == 7
    assert model.auxiliary_head.num_classes == 7
    # the plain-stem ResNet-50, dilated to output stride 8
    assert type(model.backbone) is ResNet and not model.backbone.deep_stem
    assert model.backbone.layer3[0].conv2.stride == (1, 1)
    assert model.backbone.layer3[0].conv2.dilation == (1, 1)  # contracted
    assert model.backbone.layer3[1].conv2.dilation == (2, 2)
    assert model.backbone.layer4[1].conv2.dilation == (4, 4)
    features = model.backbone(torch.zeros(1, 3, 64, 64))
    assert [f.shape[-1] for f in features] == [16, 8, 8, 8]
    assert cfg.custom_imports.imports == ['mmselfsup.seg']
    assert set(norm_types(cfg.model)) == {'SyncBN'}
    assert cfg.model.backbone.norm_eval is False
    assert cfg.model.data_preprocessor.size == (512, 512)
    if name.startswith('psanet'):
        assert cfg.model.decode_head.mask_size == (66, 66)


@pytest.mark.parametrize('name', CONFIGS)
def test_mmseg_loveda_schedule_data_and_hooks(name):
    cfg = load(name)
    assert cfg.train_cfg == dict(
        type='IterBasedTrainLoop', max_iters=80000, val_interval=8000)
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0005)
    assert cfg.param_scheduler == [
        dict(
            type='PolyLR',
            eta_min=1e-4,
            power=0.9,
            begin=0,
            end=80000,
            by_epoch=False)
    ]
    assert cfg.auto_scale_lr == dict(enable=False, base_batch_size=16)
    assert cfg.train_dataloader.batch_size == 4
    crop = [t for t in cfg.train_pipeline if t.type == 'RandomCrop']
    assert crop[0].crop_size == (512, 512)
    for loader, split in (('train', 'train'), ('val', 'val'), ('test', 'val')):
        dataset = cfg[f'{loader}_dataloader'].dataset
        assert dataset.type == 'LoveDADataset'
        assert dataset.data_root == 'data/loveda/'
        assert dataset.data_prefix == dict(
            img_path=f'img_dir/{split}', seg_map_path=f'ann_dir/{split}')
    assert cfg.val_evaluator == dict(type='IoUMetric', iou_metrics=['mIoU'])
    checkpoint = cfg.default_hooks.checkpoint
    assert (checkpoint.by_epoch, checkpoint.interval) == (False, 8000)
    assert checkpoint.backend_args == dict(backend='atomic_local')


@pytest.mark.parametrize('model', ['psanet', 'deeplabv3plus'])
def test_gersp_and_baseline_differ_only_in_the_weights(model):
    gersp = load(f'{model}_GeRSP_loveda.py').to_dict()
    baseline = load(f'{model}_baseline_loveda.py').to_dict()
    assert gersp['model']['backbone'].pop('init_cfg')['checkpoint'] == (
        './results/GeRSP/CVT_epoch_100.pth')
    assert baseline['model']['backbone'].pop('init_cfg')['checkpoint'] == (
        './pretrained/resnet50-0676ba61.pth')
    gersp.pop('pretrained_backbone')
    baseline.pop('pretrained_backbone')
    assert gersp == baseline


def test_backbone_keys_are_torchvision_resnet50_keys():
    import torchvision
    expected = {
        k
        for k in torchvision.models.resnet50().state_dict()
        if not k.startswith('fc.')
    }
    got = build('psanet_GeRSP_loveda.py', part='backbone').state_dict()
    assert set(got) == expected and len(expected) == 318


@pytest.mark.parametrize(
    'name', ['psanet_GeRSP_loveda.py', 'deeplabv3plus_GeRSP_'
             'loveda.py'])
def test_gersp_backbone_equals_converted_file_after_init_weights(
        name, gersp_weights):
    model = build(name, gersp_weights)
    init_cfg = model.backbone.init_cfg
    assert (init_cfg['type'], init_cfg['prefix']) == ('StrictPretrained',
                                                      'backbone.')
    model.init_weights()
    expected = torch.load(gersp_weights, weights_only=True)['state_dict']
    got = model.backbone.state_dict()
    assert len(got) == len(expected) == 318
    for key, value in got.items():
        assert torch.equal(value, expected[f'backbone.{key}']), key


@pytest.mark.parametrize(
    'name', ['psanet_baseline_loveda.py', 'deeplabv3plus_baseline_loveda.py'])
def test_baseline_backbone_equals_torchvision_file_without_fc(
        name, imagenet_weights):
    model = build(name, imagenet_weights)
    model.init_weights()
    expected = torch.load(imagenet_weights, weights_only=True)
    got = model.backbone.state_dict()
    assert len(got) == 318 and len(expected) == 320  # + fc.weight, fc.bias
    for key, value in got.items():
        assert torch.equal(value, expected[key]), key


def test_missing_weights_say_how_to_get_them(tmp_path):
    with pytest.raises(FileNotFoundError, match='convert_gersp.py'):
        build('psanet_GeRSP_loveda.py', tmp_path / 'nope.pth',
              'backbone').init_weights()
    with pytest.raises(
            FileNotFoundError,
            match='download.pytorch.org/models/resnet50-0676ba61'):
        build('deeplabv3plus_baseline_loveda.py', tmp_path / 'nope.pth',
              'backbone').init_weights()


def test_a_wrong_file_is_an_error(tmp_path, gersp_weights):
    state = torch.load(gersp_weights, weights_only=True)['state_dict']
    del state['backbone.layer4.2.bn3.running_mean']
    torch.save({'state_dict': state}, tmp_path / 'missing.pth')
    with pytest.raises(
            RuntimeError, match=r'(?s)missing.pth does not match.*layer4'):
        build('psanet_GeRSP_loveda.py', tmp_path / 'missing.pth',
              'backbone').init_weights()


def test_data_root_option_moves_every_loader():
    cfg = load_cfg(
        osp.join(CONFIG_DIR, 'deeplabv3plus_GeRSP_loveda.py'),
        {'data_root': '/mnt/loveda/'}, 'none', None)
    for loader in ('train', 'val', 'test'):
        assert cfg[f'{loader}_dataloader'].dataset.data_root == (
            '/mnt/loveda/')


def test_cpu_multi_process_runs_use_bn(monkeypatch):
    cfg = load_cfg(
        osp.join(CONFIG_DIR, 'psanet_GeRSP_loveda.py'), None, 'none', None)
    assert sync_bn_to_bn_on_cpu(cfg) == 0
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    cfg.launcher = 'pytorch'
    assert sync_bn_to_bn_on_cpu(cfg) == 0  # GPUs: SyncBN stays
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    assert sync_bn_to_bn_on_cpu(cfg) == 3  # backbone, decode, auxiliary
    assert set(norm_types(cfg.model)) == {'BN'}


def test_metafile_lists_every_config_with_the_paper_miou():
    import yaml
    with open(osp.join(CONFIG_DIR, 'metafile.yml')) as f:
        models = yaml.safe_load(f)['Models']
    assert sorted(osp.basename(m['Config'])
                  for m in models) == sorted(CONFIGS + [DEMO, CUSTOM])
    figures = {}
    for model in models:
        # no figure: the demo, the template and the scratch row, which the
        # paper has not for segmentation
        if model['Name'] + '.py' in (DEMO,
                                     CUSTOM) or '_scratch_' in model['Name']:
            assert 'Results' not in model
            continue
        assert model['Name'] + '.py' == osp.basename(model['Config'])
        (result, ) = model['Results']
        assert (result['Dataset'], result['Source']) == ('LoveDA', 'paper')
        figures[model['Name']] = result['Metrics']['mIoU']
    # REFERENCE: LoveDA mIoU, PSANet / DeepLabv3+
    assert figures == {
        'psanet_baseline_loveda': 49.24,
        'deeplabv3plus_baseline_loveda': 48.39,
        'psanet_GeRSP_loveda': 49.53,
        'deeplabv3plus_GeRSP_loveda': 49.06
    }


def test_demo_is_the_psanet_recipe_at_a_cpu_size():
    demo, recipe = load(DEMO), load('psanet_GeRSP_loveda.py')
    # the same model and weights file type, only the batch padding differs
    assert demo.model.data_preprocessor.size == (64, 64)
    demo.model.data_preprocessor.size = recipe.model.data_preprocessor.size
    assert demo.model.backbone.init_cfg.checkpoint == (
        './results/GeRSP_demo/CVT_epoch_40.pth')
    demo.model.backbone.init_cfg.checkpoint = (
        recipe.model.backbone.init_cfg.checkpoint)
    assert demo.model == recipe.model
    assert demo.optim_wrapper == recipe.optim_wrapper
    assert [t.type for t in demo.train_pipeline
            ] == [t.type for t in recipe.train_pipeline]
    # the resize scale relative to the crop is the recipe's: (4, 1) x crop
    assert demo.train_pipeline[2].scale == (256, 64)
    assert recipe.train_pipeline[2].scale == (2048, 512)
    assert demo.train_pipeline[2].ratio_range == (0.5, 2.0)
    assert demo.param_scheduler[0].end == demo.train_cfg.max_iters == 100
    assert demo.train_dataloader.dataset.data_root == 'data/demo_loveda/'
