"""The classification configs build in mmpretrain's scope, read the right
weights strictly and exactly, freeze what the linear probe freezes, and
compute top-1 as mmpretrain's Accuracy does."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmselfsup.classes import (EUROSAT_CLASSES, NWPU_RESISC45_CLASSES,
                               SCENE_DATASETS, UC_MERCED_CLASSES)
from mmselfsup.demo.scenes import SCENES
from mmselfsup.engine.config_build import load_cfg
from tests.helpers import REPO

CONFIG_DIR = osp.join(REPO, 'configs_mmpretrain')
CONFIGS = sorted(
    osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*.py')))
# the configs that load a backbone file (the from-scratch ones load none:
# tests/test_configs/test_scratch_configs.py)
PRETRAINED = [c for c in CONFIGS if '_scratch_' not in c]
# config suffix -> (data_root, classes, validation annotation file): the
# registered datasets (without a val split they validate on test) and the
# demo
DATASETS = {
    name: (d.data_root, d.classes, f'meta/{d.val_split}.txt')
    for name, d in SCENE_DATASETS.items()
}
DATASETS['demo-scenes'] = ('data/demo_cls/', tuple(sorted(SCENES)),
                           'meta/val.txt')
# the template for your own data (tests/test_own_data)
DATASETS['custom'] = ('data/my_scenes/', ('class_a', 'class_b'),
                      'meta/val.txt')


def load(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def parts(name):
    """``(recipe, pre-training, dataset)`` of ``{model}_{pre}_{data}.py``."""
    return tuple(osp.splitext(name)[0].split('_'))


def is_linear(name):
    return parts(name)[0] == 'resnet50-linear'


def build(cfg):
    from mmpretrain.registry import MODELS
    return MODELS.build(cfg.model)


def bn_layers(module):
    return [m for m in module.modules() if isinstance(m, torch.nn.BatchNorm2d)]


def test_every_recipe_has_gersp_baseline_and_scratch_for_every_dataset():
    assert {'eurosat', 'nwpu-resisc45', 'uc-merced'} <= set(SCENE_DATASETS)
    expected = {
        f'{recipe}_{pre}_{data}.py'
        for recipe in ('resnet50', 'resnet50-linear')
        for pre in ('GeRSP', 'baseline', 'scratch')
        for data in SCENE_DATASETS
    }
    assert set(CONFIGS) == expected | {
        'resnet50_GeRSP_demo-scenes.py', 'resnet50_GeRSP_custom.py'
    }


@pytest.mark.parametrize('name', sorted(SCENE_DATASETS))
def test_every_dataset_has_its_base_config_and_docs(name):
    dataset = SCENE_DATASETS[name]
    base = Config.fromfile(
        osp.join(CONFIG_DIR, '_base_', 'datasets', f'{name}.py'))
    assert (base.data_root, tuple(base.classes)) == (dataset.data_root,
                                                     dataset.classes)
    assert base.num_classes == len(dataset.classes)
    import yaml
    with open(osp.join(CONFIG_DIR, 'metafile.yml')) as f:
        collection = yaml.safe_load(f)['Collections'][0]
    assert dataset.title in collection['Metadata']['Training Data']
    with open(osp.join(REPO, 'data', 'README.md')) as f:
        assert f'├── {dataset.data_root[len("data/"):]}' in f.read()


@pytest.mark.parametrize('name', CONFIGS)
def test_config_reads_its_dataset_for_its_classes(name):
    cfg = load(name)
    data_root, classes, val_ann = DATASETS[parts(name)[2]]
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports.imports == ['mmselfsup.cls']
    assert cfg.model.head.num_classes == len(classes)
    for split, ann in (('train', 'meta/train.txt'), ('val', val_ann),
                       ('test', 'meta/test.txt')):
        dataset = cfg[f'{split}_dataloader'].dataset
        assert dataset.type == 'CustomDataset'
        assert (dataset.data_root, dataset.ann_file) == (data_root, ann)
        assert tuple(dataset.metainfo.classes) == classes
    assert cfg.test_evaluator == dict(type='Accuracy', topk=(1, ))
    assert cfg.default_hooks.checkpoint.backend_args == dict(
        backend='atomic_local')


def test_class_lists_are_the_sorted_folder_order():
    assert list(EUROSAT_CLASSES) == sorted(EUROSAT_CLASSES)
    assert list(NWPU_RESISC45_CLASSES) == sorted(NWPU_RESISC45_CLASSES)
    assert (len(EUROSAT_CLASSES), len(NWPU_RESISC45_CLASSES)) == (10, 45)
    for dataset in SCENE_DATASETS.values():
        assert list(dataset.classes) == sorted(dataset.classes)
        assert len(set(dataset.classes)) == len(dataset.classes)
    assert (SCENE_DATASETS['eurosat'].classes,
            SCENE_DATASETS['nwpu-resisc45'].classes) == (EUROSAT_CLASSES,
                                                         NWPU_RESISC45_CLASSES)


def test_uc_merced_has_its_21_land_use_classes_split_80_20():
    dataset = SCENE_DATASETS['uc-merced']
    assert dataset.classes == UC_MERCED_CLASSES
    assert len(UC_MERCED_CLASSES) == 21
    assert UC_MERCED_CLASSES[:3] == ('agricultural', 'airplane',
                                     'baseballdiamond')
    assert UC_MERCED_CLASSES[-1] == 'tenniscourt'
    assert (dataset.ratios, dataset.val_split) == (('0.8', '0.2'), 'test')
    assert dataset.image_ext == '.tif'
    model = build(load('resnet50_GeRSP_uc-merced.py'))
    assert model.head.fc.out_features == 21


@pytest.mark.parametrize('name', CONFIGS)
def test_recipe_batch_lr_and_schedule(name):
    cfg = load(name)
    batch = cfg.train_dataloader.batch_size
    assert cfg.auto_scale_lr == dict(enable=False, base_batch_size=batch)
    sgd = cfg.optim_wrapper.optimizer
    if 'demo' in name:
        return
    if is_linear(name):
        assert (batch, sgd.lr, sgd.weight_decay, sgd.momentum) == (256, 0.1,
                                                                   0., 0.9)
        assert cfg.train_cfg.max_epochs == 90
    else:
        assert (batch, sgd.lr, sgd.weight_decay, sgd.nesterov) == (64, 0.01,
                                                                   5e-4, True)
        assert cfg.train_cfg.max_epochs == 100
        assert [s.type for s in cfg.param_scheduler
                ] == ['LinearLR', 'CosineAnnealingLR']
    assert [t.type for t in cfg.train_dataloader.dataset.pipeline] == [
        'LoadImageFromFile', 'RandomResizedCrop', 'RandomFlip', 'PackInputs'
    ]
    assert cfg.train_dataloader.dataset.pipeline[1].scale == 224
    test = cfg.test_dataloader.dataset.pipeline
    assert (test[1].type, test[1].scale, test[2].crop_size) == ('ResizeEdge',
                                                                256, 224)


@pytest.mark.parametrize('name', PRETRAINED)
def test_backbone_init_cfg_is_strict_and_local(name):
    init = load(name).model.backbone.init_cfg
    assert init.type == 'StrictPretrained'
    if parts(name)[1] == 'GeRSP':
        assert init.prefix == 'backbone.'
        if 'demo' not in name:
            assert init.checkpoint == './results/GeRSP/CVT_epoch_100.pth'
    else:
        assert init.checkpoint == './pretrained/resnet50-0676ba61.pth'
        assert init.ignore_keys == [r'^fc\.']


@pytest.mark.parametrize('name', PRETRAINED)
def test_backbone_equals_the_file_after_init_weights(name, gersp_weights,
                                                     imagenet_weights):
    gersp = parts(name)[1] == 'GeRSP'
    path = gersp_weights if gersp else imagenet_weights
    cfg = load(name)
    cfg.model.backbone.init_cfg.checkpoint = path
    model = build(cfg)
    model.init_weights()
    state = torch.load(path, weights_only=True)
    if gersp:
        state = {
            k[len('backbone.'):]: v
            for k, v in state['state_dict'].items()
        }
    else:
        state = {k: v for k, v in state.items() if not k.startswith('fc.')}
    loaded = model.backbone.state_dict()
    assert len(loaded) == len(state) == 318
    assert set(loaded) == set(state)
    for key, value in state.items():
        assert torch.equal(loaded[key], value), key


def test_a_wrong_or_missing_file_is_an_error(gersp_weights, imagenet_weights):
    cfg = load('resnet50_baseline_eurosat.py')
    cfg.model.backbone.init_cfg.checkpoint = gersp_weights  # 'backbone.*'
    with pytest.raises(RuntimeError, match='does not match the ResNet'):
        build(cfg).init_weights()
    cfg = load('resnet50-linear_GeRSP_nwpu-resisc45.py')
    cfg.model.backbone.init_cfg.checkpoint = imagenet_weights
    with pytest.raises(KeyError, match="no key starting with 'backbone.'"):
        build(cfg).init_weights()
    cfg.model.backbone.init_cfg.checkpoint = '/nonexistent/CVT.pth'
    with pytest.raises(FileNotFoundError, match='convert_gersp.py'):
        build(cfg).init_weights()


@pytest.mark.parametrize('name', CONFIGS)
def test_linear_probe_freezes_the_backbone_and_full_fine_tuning_not(name):
    model = build(load(name))
    model.train()
    backbone = [p.requires_grad for p in model.backbone.parameters()]
    bn_training = [m.training for m in bn_layers(model.backbone)]
    assert len(bn_training) == 53
    if is_linear(name):
        assert not any(backbone) and not any(bn_training)
    else:
        assert all(backbone) and all(bn_training)
    assert all(p.requires_grad for p in model.head.parameters())


@pytest.mark.slow  # ResNet-50 training steps
@pytest.mark.parametrize(
    'name',
    ['resnet50-linear_GeRSP_eurosat.py', 'resnet50_baseline_nwpu-resisc45.py'])
def test_one_step_changes_only_what_the_recipe_trains(name):
    from mmengine.optim import build_optim_wrapper
    cfg = load(name)
    model = build(cfg)  # random weights: the step is what is tested
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    torch.manual_seed(0)
    data = dict(
        inputs=[torch.randint(0, 256, (3, 32, 32), dtype=torch.uint8)] * 4,
        data_samples=None)
    from mmpretrain.structures import DataSample
    data['data_samples'] = [DataSample().set_gt_label(i) for i in range(4)]
    model.train()
    model.train_step(data, optim)
    after = model.state_dict()
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    head = {k for k in before if k.startswith('head.')}
    assert head <= changed
    backbone_changed = {k for k in changed if k.startswith('backbone.')}
    if is_linear(name):
        assert backbone_changed == set()  # weights and BN statistics
    else:
        assert 'backbone.conv1.weight' in backbone_changed
        assert 'backbone.layer4.2.bn3.running_mean' in backbone_changed


def test_top1_is_the_hand_computed_accuracy():
    """Five test images, three predicted right: top-1 = 60 %."""
    from mmengine.evaluator import Evaluator
    from mmpretrain.structures import DataSample
    evaluator = Evaluator(load('resnet50_GeRSP_eurosat.py').test_evaluator)
    scores = torch.full((5, 10), 0.01)
    predicted = [3, 1, 7, 0, 9]
    truth = [3, 1, 2, 0, 8]
    for i, label in enumerate(predicted):
        scores[i, label] = 0.9
    samples = [
        DataSample().set_pred_score(s).set_gt_label(t).to_dict()
        for s, t in zip(scores, truth)
    ]
    evaluator.process(samples)
    assert evaluator.evaluate(5) == {'accuracy/top1': pytest.approx(60.0)}


def test_data_root_option_moves_every_loader():
    cfg = load_cfg(
        osp.join(CONFIG_DIR, 'resnet50_GeRSP_nwpu-resisc45.py'),
        {'data_root': '/mnt/nwpu/'}, 'none', None)
    for loader in ('train', 'val', 'test'):
        dataset = cfg[f'{loader}_dataloader'].dataset
        assert dataset.data_root == '/mnt/nwpu/'
        assert dataset.ann_file.startswith('meta/')


def test_metafile_lists_every_config_with_the_paper_figures():
    import yaml
    with open(osp.join(CONFIG_DIR, 'metafile.yml')) as f:
        models = yaml.safe_load(f)['Models']
    assert {osp.basename(m['Config']) for m in models} == set(CONFIGS)
    paper = {
        m['Name']: m['Results'][0]['Metrics']['Top 1 Accuracy']
        for m in models if m.get('Results')
    }
    assert all(r['Source'] == 'paper' for m in models
               for r in m.get('Results', []))
    # REFERENCE: ImageNet supervised 97.84 / 92.48, GeRSP 97.87 / 92.67
    assert paper == {
        'resnet50_baseline_eurosat': 97.84,
        'resnet50_baseline_nwpu-resisc45': 92.48,
        'resnet50_GeRSP_eurosat': 97.87,
        'resnet50_GeRSP_nwpu-resisc45': 92.67
    }
