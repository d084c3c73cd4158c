"""The README's feature-extractor snippet runs as written."""
import os.path as osp
import re

import torch

from mmselfsup.model_converters.checkpoint import resnet50_layout
from tests.helpers import REPO


def snippet(marker):
    text = open(osp.join(REPO, 'README.md'), encoding='utf-8').read()
    match = re.search(rf'<!-- {marker} -->\n```python\n(.*?)```', text, re.S)
    assert match, f'no {marker} snippet in README.md'
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
