"""The from-scratch variant of every downstream recipe: the GeRSP recipe
with no backbone file (``init_cfg=None``), everything else equal but the
BN settings a random start needs, and a backbone that trains from the
toolbox's own random initialisation."""
import glob
import importlib
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from tests.helpers import REPO

FOLDERS = {
    'configs_mmdet': 'mmdet',
    'configs_mmseg': 'mmseg',
    'configs_mmpretrain': 'mmpretrain'
}
RECIPES = sorted(
    osp.relpath(p, REPO) for folder in FOLDERS
    for p in glob.glob(osp.join(REPO, folder, '*_GeRSP*.py'))
    if not any(k in p for k in ('demo', 'custom')))


def scratch_of(recipe):
    return recipe.replace('_GeRSP', '_scratch')


def load(path):
    return Config.fromfile(osp.join(REPO, path))


def test_every_recipe_has_its_scratch_variant_and_no_other():
    assert len(RECIPES) == 16  # 8 detection, 2 segmentation, 6 classification
    scratch = {
        osp.relpath(p, REPO)
        for folder in FOLDERS
        for p in glob.glob(osp.join(REPO, folder, '*_scratch*.py'))
    }
    assert scratch == {scratch_of(r) for r in RECIPES}


@pytest.mark.parametrize('recipe', RECIPES)
def test_scratch_differs_from_the_recipe_only_in_the_backbone_start(recipe):
    gersp, scratch = load(recipe).to_dict(), load(scratch_of(recipe)).to_dict()
    for cfg in (gersp, scratch):
        cfg.pop('pretrained_backbone')
    backbone, gersp_backbone = (scratch['model'].pop('backbone'),
                                gersp['model'].pop('backbone'))
    assert scratch == gersp  # the schedule, data, heads and hooks
    assert backbone.pop('init_cfg') is None
    assert gersp_backbone.pop('init_cfg')['type'] == 'StrictPretrained'
    if recipe.startswith('configs_mmdet'):
        # a random start trains its BN statistics; nothing is frozen
        assert (backbone.pop('norm_eval'), gersp_backbone.pop('norm_eval'),
                backbone['frozen_stages']) == (False, True, -1)
    if recipe.startswith('configs_mmpretrain'):
        # mmpretrain's own init zeroes the last BN of each bottleneck
        assert 'zero_init_residual' not in backbone
        assert gersp_backbone.pop('zero_init_residual') is False
    assert backbone == gersp_backbone


def build(path):
    cfg = load(path)
    scope = FOLDERS[path.split('/')[0]]
    importlib.import_module({
        'mmdet': 'mmselfsup.det',
        'mmseg': 'mmselfsup.seg',
        'mmpretrain': 'mmselfsup.cls'
    }[scope])
    registry = importlib.import_module(f'{scope}.registry').MODELS
    with DefaultScope.overwrite_default_scope(scope):
        model = registry.build(cfg.model)
        model.init_weights()
    return model


def bn_layers(module):
    return [m for m in module.modules() if isinstance(m, torch.nn.BatchNorm2d)]


@pytest.mark.parametrize('recipe', [
    'configs_mmdet/faster_rcnn_GeRSP.py',
    'configs_mmpretrain/resnet50_GeRSP_eurosat.py'
])
def test_scratch_backbone_starts_at_random_and_trains_whole(
        tmp_path, monkeypatch, recipe):
    monkeypatch.chdir(tmp_path)  # no weight file can be found from here
    monkeypatch.syspath_prepend(REPO)
    torch.manual_seed(0)
    first = build(scratch_of(recipe))
    torch.manual_seed(1)
    second = build(scratch_of(recipe)).backbone.state_dict()
    state = first.backbone.state_dict()
    convs = [k for k in state if k.endswith('conv1.weight')]
    assert convs and all(not torch.equal(state[k], second[k]) for k in convs)
    first.train()
    assert all(p.requires_grad for p in first.backbone.parameters())
    layers = bn_layers(first.backbone)
    assert len(layers) == 53 and all(m.training for m in layers)
    if 'mmpretrain' in recipe:
        last_bns = [
            m.norm3.weight for layer in range(1, 5)
            for m in getattr(first.backbone, f'layer{layer}')
        ]
        assert all(torch.count_nonzero(w) == 0 for w in last_bns)
