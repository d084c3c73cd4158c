"""The model-zoo metafiles: every config they name exists and builds, every
config is listed, and the paper's figures are marked as such."""
import glob
import os.path as osp

import pytest
import yaml
from mmengine.config import Config
from mmengine.registry import DefaultScope

from tests.helpers import REPO

METAFILES = {
    'configs/selfsup/GeRSP/metafile.yml': 'mmselfsup',
    'configs_mmdet/metafile.yml': 'mmdet',
    'configs_mmseg/metafile.yml': 'mmseg',
    'configs_mmpretrain/metafile.yml': 'mmpretrain',
}
# the plugin each downstream toolbox's configs import
PLUGINS = ('mmselfsup.det', 'mmselfsup.seg', 'mmselfsup.cls')


def models(metafile):
    with open(osp.join(REPO, metafile)) as f:
        return yaml.safe_load(f)['Models']


@pytest.mark.parametrize('metafile', sorted(METAFILES))
def test_every_config_named_exists_and_builds(metafile, mmselfsup_scope):
    import importlib

    from mmengine.registry import MODELS
    for plugin in PLUGINS:
        importlib.import_module(plugin)
    for model in models(metafile):
        path = osp.join(REPO, model['Config'])
        assert osp.isfile(path), model['Name']
        cfg = Config.fromfile(path)
        with DefaultScope.overwrite_default_scope(METAFILES[metafile]):
            assert MODELS.build(cfg.model) is not None, model['Name']
        for result in model.get('Results', []):
            assert result['Source'] == 'paper'
            assert result['Metrics']


@pytest.mark.parametrize(
    'folder', ['configs_mmdet', 'configs_mmseg', 'configs_mmpretrain'])
def test_every_downstream_config_is_listed(folder):
    listed = {m['Config'] for m in models(f'{folder}/metafile.yml')}
    configs = {
        osp.relpath(p, REPO)
        for p in glob.glob(osp.join(REPO, folder, '*.py'))
    }
    assert listed == configs


def test_released_weights_and_paper_figures():
    gersp, gersp200 = models('configs/selfsup/GeRSP/metafile.yml')
    assert gersp['Weights'].startswith('https://drive.google.com/file/d/1IQ6')
    assert gersp200['Weights'].startswith(
        'https://drive.google.com/file/d/1qGk')
    dior = {
        m['Name']: m['Results'][0]['Metrics']['AP50']
        for m in models('configs_mmdet/metafile.yml')
        if m.get('Results') and m['Results'][0]['Dataset'] == 'DIOR'
    }
    assert dior == {
        'faster_rcnn_GeRSP': 67.1,
        'retinanet_GeRSP': 67.5,
        'atss_dyhead_GeRSP': 71.2,
        'faster_rcnn_baseline': 65.1,
        'retinanet_baseline': 66.5,
        'atss_dyhead_baseline': 70.6
    }


def _paper(metafile, metric):
    return {
        m['Name']: m['Results'][0]['Metrics'][metric]
        for m in models(metafile) if m.get('Results')
    }


def test_segmentation_and_classification_paper_figures():
    # REFERENCE §6: LoveDA mIoU (PSANet / DeepLabv3+), EuroSAT / NWPU top-1
    assert _paper('configs_mmseg/metafile.yml', 'mIoU') == {
        'psanet_GeRSP_loveda': 49.53,
        'psanet_baseline_loveda': 49.24,
        'deeplabv3plus_GeRSP_loveda': 49.06,
        'deeplabv3plus_baseline_loveda': 48.39
    }
    assert _paper('configs_mmpretrain/metafile.yml', 'Top 1 Accuracy') == {
        'resnet50_GeRSP_eurosat': 97.87,
        'resnet50_GeRSP_nwpu-resisc45': 92.67,
        'resnet50_baseline_eurosat': 97.84,
        'resnet50_baseline_nwpu-resisc45': 92.48
    }
