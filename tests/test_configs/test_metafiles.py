"""The model-zoo metafiles: every config they name exists and builds, every
config is listed, and the paper's figures are marked as such."""
import glob
import os.path as osp

import pytest
import yaml
from mmengine.config import Config

from mmselfsup.classes import LOVEDA_CLASSES
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


def stage_depths(backbone):
    """Bottlenecks per stage: [3, 4, 6, 3] for a ResNet-50."""
    return [len(getattr(backbone, f'layer{i}')) for i in range(1, 5)]


def head_classes(model):
    """The class counts the built model's heads (and the GeRSP classifier)
    were made for; the RPN's one foreground class is not a dataset's."""
    return {
        m.num_classes
        for m in model.modules()
        if isinstance(getattr(m, 'num_classes', None), int)
        and not type(m).__name__.startswith('RPN')
    }


def num_classes(cfg):
    """The classes of the config's training data: its ``metainfo``, else
    the dataset's own (LoveDA's 7), else ImageNet's 1000 for GeRSP's
    labeled source."""
    dataset = cfg.train_dataloader.dataset
    while 'dataset' in dataset:
        dataset = dataset.dataset
    if dataset.get('metainfo', {}).get('classes'):
        return len(dataset.metainfo.classes)
    return {
        'LoveDADataset': len(LOVEDA_CLASSES),
        'mmselfsup.GeRSPDataset': 1000
    }[dataset.type]


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
        scope = METAFILES[metafile]
        with MODELS.switch_scope_and_registry(scope) as registry:
            built = registry.build(cfg.model)
            assert type(built) is registry.get(cfg.model.type), model['Name']
        assert stage_depths(built.backbone) == [3, 4, 6, 3], model['Name']
        assert head_classes(built) == {num_classes(cfg)}, model['Name']
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
        'atss_dyhead_baseline': 70.6,
        # REFERENCE §6: from scratch
        'faster_rcnn_scratch': 45.8,
        'retinanet_scratch': 49.5,
        'atss_dyhead_scratch': 58.5
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
