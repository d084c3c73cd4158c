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
}


def models(metafile):
    with open(osp.join(REPO, metafile)) as f:
        return yaml.safe_load(f)['Models']


@pytest.mark.parametrize('metafile', sorted(METAFILES))
def test_every_config_named_exists_and_builds(metafile, mmselfsup_scope):
    from mmengine.registry import MODELS

    import mmselfsup.det  # noqa: F401
    for model in models(metafile):
        path = osp.join(REPO, model['Config'])
        assert osp.isfile(path), model['Name']
        cfg = Config.fromfile(path)
        with DefaultScope.overwrite_default_scope(METAFILES[metafile]):
            assert MODELS.build(cfg.model) is not None, model['Name']
        for result in model.get('Results', []):
            assert result['Source'] == 'paper'
            assert result['Metrics']


def test_every_detection_config_is_listed():
    listed = {m['Config'] for m in models('configs_mmdet/metafile.yml')}
    configs = {
        osp.relpath(p, REPO)
        for p in glob.glob(osp.join(REPO, 'configs_mmdet', '*.py'))
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
