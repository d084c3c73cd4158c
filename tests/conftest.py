"""Fixtures shared by the whole suite.

Backbone weights: ``gersp_weights`` (a converted GeRSP file) and
``imagenet_weights`` (a torchvision ResNet-50 file as downloaded), both
random, for the downstream configs' strict loading;
``initialised_gersp_weights`` for the fine-tuning tests that must learn.

Registry scope: tests that build our modules ask for ``mmselfsup_scope``
(detection tests get mmdet's scope from tests/test_det/conftest.py); each
switches the default scope for the test only and gives the previous one
back, so the suite passes in any order.
"""
import pytest
import torch
from mmengine.registry import DefaultScope


@pytest.fixture(scope='session')
def _registered():
    from mmselfsup.registration import register_all_modules
    register_all_modules(init_default_scope=False)


@pytest.fixture
def mmselfsup_scope(_registered):
    with DefaultScope.overwrite_default_scope('mmselfsup'):
        yield


def random_resnet50_state(seed: int) -> dict:
    """A torchvision ResNet-50 state dict (with `fc`) in which every tensor
    is random, BN statistics and the last BN weight of each bottleneck
    included, so that no initialisation can reproduce it by accident."""
    from torchvision.models import resnet50
    gen = torch.Generator().manual_seed(seed)
    state = resnet50().state_dict()
    for name, value in state.items():
        if name.endswith('num_batches_tracked'):
            value.fill_(1000 + seed)
        elif name.endswith(('running_var', '.weight')) and value.dim() == 1:
            value.copy_(torch.rand(value.shape, generator=gen) + 0.5)
        else:
            value.copy_(0.05 * torch.randn(value.shape, generator=gen))
    return state


@pytest.fixture(scope='session')
def gersp_weights(tmp_path_factory):
    """A converted GeRSP file: `{'state_dict': {'backbone.<key>': ...}}`,
    the 318 tensors of a ResNet-50 without `fc`."""
    state = random_resnet50_state(0)
    path = str(tmp_path_factory.mktemp('gersp') / 'CVT_epoch_100.pth')
    torch.save(
        {
            'state_dict': {
                f'backbone.{k}': v
                for k, v in state.items() if not k.startswith('fc.')
            }
        }, path)
    return path


@pytest.fixture(scope='session')
def initialised_gersp_weights(tmp_path_factory):
    """A converted GeRSP file of a ResNet-50 at its own initialisation (the
    last BN of each bottleneck zero) with random BN statistics: unlike
    ``gersp_weights`` its activations stay in range, so a detector
    fine-tuned from it learns within a few iterations."""
    from mmdet.models.backbones import ResNet
    torch.manual_seed(0)
    backbone = ResNet(depth=50)
    backbone.init_weights()
    state = backbone.state_dict()
    for name, value in state.items():
        if name.endswith('running_var'):
            value.uniform_(0.5, 1.5)
        elif name.endswith('running_mean'):
            value.normal_(0, 0.1)
    path = str(tmp_path_factory.mktemp('gersp-init') / 'CVT_epoch_100.pth')
    torch.save({'state_dict': {
        f'backbone.{k}': v
        for k, v in state.items()
    }}, path)
    return path


@pytest.fixture(scope='session')
def imagenet_weights(tmp_path_factory):
    """A torchvision ResNet-50 file: a plain state dict, `fc` included."""
    path = str(tmp_path_factory.mktemp('imagenet') / 'resnet50-0676ba61.pth')
    torch.save(random_resnet50_state(1), path)
    return path
