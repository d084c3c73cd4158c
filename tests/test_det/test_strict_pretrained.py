"""The GeRSP backbone of a detector is exactly the converted file, and any
mismatch is an error."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from tests.helpers import REPO

CONFIG_DIR = osp.join(REPO, 'configs_mmdet')


def build(name, checkpoint):
    from mmdet.registry import MODELS

    import mmselfsup.det  # noqa: F401
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    cfg.model.backbone.init_cfg.checkpoint = str(checkpoint)
    return MODELS.build(cfg.model)


def saved_state(path):
    return torch.load(path, weights_only=True)['state_dict']


@pytest.mark.parametrize('name',
                         ['faster_rcnn_GeRSP.py', 'retinanet_GeRSP.py'])
def test_backbone_equals_converted_file_after_init_weights(
        name, gersp_weights):
    model = build(name, gersp_weights)
    model.init_weights()
    expected = saved_state(gersp_weights)
    got = model.backbone.state_dict()
    assert len(got) == len(expected) == 318
    for key, value in got.items():
        assert torch.equal(value, expected[f'backbone.{key}']), key


def test_baseline_loads_torchvision_weights_without_fc(tmp_path):
    import torchvision
    torch.manual_seed(1)
    resnet = torchvision.models.resnet50()
    path = tmp_path / 'resnet50-0676ba61.pth'
    torch.save(resnet.state_dict(), path)  # plain dict, with fc.*
    model = build('faster_rcnn_baseline.py', path)
    model.init_weights()
    model.train()
    assert torch.equal(model.backbone.layer4[2].conv3.weight,
                       resnet.layer4[2].conv3.weight)
    assert not model.backbone.conv1.weight.requires_grad  # stage 1 frozen
    assert model.backbone.layer2[0].conv1.weight.requires_grad


def test_missing_file_says_how_to_get_it(tmp_path):
    model = build('faster_rcnn_GeRSP.py', tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError, match='convert_gersp.py'):
        model.init_weights()
    model = build('faster_rcnn_baseline.py', tmp_path / 'nope.pth')
    with pytest.raises(
            FileNotFoundError,
            match='download.pytorch.org/models/resnet50-0676ba61'):
        model.init_weights()


def test_missing_or_unexpected_key_is_an_error(tmp_path, gersp_weights):
    state = saved_state(gersp_weights)
    missing = dict(state)
    del missing['backbone.layer3.1.bn2.running_var']
    torch.save({'state_dict': missing}, tmp_path / 'missing.pth')
    with pytest.raises(
            RuntimeError,
            match=r'(?s)missing.pth does not match.*layer3\.1\.bn2'):
        build('faster_rcnn_GeRSP.py', tmp_path / 'missing.pth').init_weights()

    extra = dict(state, **{'backbone.fc.weight': torch.zeros(10, 2048)})
    torch.save({'state_dict': extra}, tmp_path / 'extra.pth')
    with pytest.raises(RuntimeError, match=r'(?s)Unexpected key.*fc\.weight'):
        build('faster_rcnn_GeRSP.py', tmp_path / 'extra.pth').init_weights()


def test_unconverted_file_is_refused_with_its_keys(tmp_path):
    torch.save({'state_dict': {
        'encoder_k.conv1.weight': torch.zeros(1)
    }}, tmp_path / 'raw.pth')
    with pytest.raises(
            KeyError,
            match="no key starting with 'backbone.'.*"
            'encoder_k.conv1.weight'):
        build('faster_rcnn_GeRSP.py', tmp_path / 'raw.pth').init_weights()


def test_weights_holding_nan_are_refused_by_name(tmp_path, gersp_weights):
    state = saved_state(gersp_weights)
    state['backbone.layer3.1.bn2.running_var'][5] = float('inf')
    path = tmp_path / 'CVT_diverged.pth'
    torch.save({'state_dict': state}, path)
    model = build('faster_rcnn_GeRSP.py', path)
    from mmselfsup.engine.strict_pretrained import NonFiniteWeightsError
    with pytest.raises(NonFiniteWeightsError) as info:
        model.init_weights()
    assert str(info.value) == (
        f'{path} holds non-finite values (NaN or inf) in '
        'layer3.1.bn2.running_var (1 tensors): the pre-training that wrote '
        'it had diverged; convert an earlier checkpoint')
