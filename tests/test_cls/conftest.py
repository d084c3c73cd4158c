"""Fixtures of the classification tests: mmpretrain's registry scope, and
random ResNet-50 weights in the two formats the configs read (a converted
GeRSP file and a torchvision ImageNet file)."""
import pytest
import torch
from mmengine.registry import DefaultScope


@pytest.fixture(autouse=True)
def mmpretrain_scope():
    """Build classifiers and metrics in mmpretrain's scope, and give the
    other tests their default scope back afterwards."""
    import mmselfsup.cls  # noqa: F401  (StrictPretrained, safe loading)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
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
def imagenet_weights(tmp_path_factory):
    """A torchvision ResNet-50 file: a plain state dict, `fc` included."""
    path = str(tmp_path_factory.mktemp('imagenet') / 'resnet50-0676ba61.pth')
    torch.save(random_resnet50_state(1), path)
    return path
