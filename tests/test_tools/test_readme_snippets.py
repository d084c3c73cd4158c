"""The snippets of the docs (docs/model_zoo.md: feature extractor,
converted formats) run as written."""
import os.path as osp
import re

import pytest
import torch

from mmselfsup.model_converters.checkpoint import resnet50_layout
from tests.helpers import REPO


def snippet(marker, page='docs/model_zoo.md'):
    text = open(osp.join(REPO, page), encoding='utf-8').read()
    match = re.search(rf'<!-- {marker} -->\n```python\n(.*?)```', text, re.S)
    assert match, f'no {marker} snippet in {page}'
    return match.group(1)


def test_converted_file_as_a_feature_extractor(tmp_path, monkeypatch):
    (tmp_path / 'results' / 'GeRSP').mkdir(parents=True)
    torch.save(
        {
            'state_dict': {
                f'backbone.{k}':
                torch.randn(shape) if len(shape) else torch.tensor(0)
                for k, shape in resnet50_layout().items()
            }
        }, tmp_path / 'results/GeRSP/CVT_epoch_100.pth')
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(snippet('feature-extractor'), scope)
    assert scope['features'].shape == (4, 2048)


def converted(tmp_path, monkeypatch, fmt, name):
    """The backbone of a random checkpoint converted to ``fmt`` as the
    snippet's comment says, from ``tmp_path`` as the working folder."""
    from mmselfsup.model_converters.cli import main as converter_main
    (tmp_path / 'results' / 'GeRSP').mkdir(parents=True, exist_ok=True)
    backbone = {
        k: torch.randn(shape) if len(shape) else torch.tensor(7)
        for k, shape in resnet50_layout().items()
    }
    torch.save(
        {'state_dict': {
            f'backbone.{k}': v
            for k, v in backbone.items()
        }}, tmp_path / 'results/GeRSP/epoch_100.pth')
    monkeypatch.chdir(tmp_path)
    assert converter_main('gersp', [
        '--src', 'results/GeRSP/epoch_100.pth', '--format', fmt, '--dst',
        f'results/GeRSP/{name}'
    ]) == 0
    return backbone


def assert_loaded(model, backbone):
    state = model.state_dict()
    assert len(backbone) == 318
    for k, v in backbone.items():
        assert torch.equal(state[k], v), k


def test_torchvision_snippet(tmp_path, monkeypatch):
    text = snippet('torchvision-format')
    assert ('--format torchvision --dst '
            'results/GeRSP/resnet50_torchvision.pth') in text
    backbone = converted(tmp_path, monkeypatch, 'torchvision',
                         'resnet50_torchvision.pth')
    scope = {}
    exec(text, scope)
    assert_loaded(scope['resnet'], backbone)


def test_timm_snippet(tmp_path, monkeypatch):
    pytest.importorskip('timm')
    text = snippet('timm-format')
    assert '--format timm --dst results/GeRSP/resnet50_timm.pth' in text
    backbone = converted(tmp_path, monkeypatch, 'timm', 'resnet50_timm.pth')
    scope = {}
    exec(text, scope)
    assert_loaded(scope['model'], backbone)


def test_torchgeo_snippet(tmp_path, monkeypatch):
    text = snippet('torchgeo-format')
    assert ('--format safetensors --dst '
            'results/GeRSP/resnet50.safetensors') in text
    pytest.importorskip('torchgeo')
    backbone = converted(tmp_path, monkeypatch, 'safetensors',
                         'resnet50.safetensors')
    scope = {}
    exec(text, scope)
    assert_loaded(scope['model'], backbone)
