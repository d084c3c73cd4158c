"""Generated LoveDA-layout data and converted / torchvision ResNet-50
weights for the segmentation tests."""
import pytest
import torch
from mmengine.registry import DefaultScope

from tools.generate_demo_loveda import generate


@pytest.fixture(autouse=True)
def mmseg_scope():
    """Build and initialise segmentors in mmseg's scope (with GeRSP's mmseg
    plugin imported), and give the other tests their default scope back
    afterwards."""
    import mmselfsup.seg  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmseg'):
        yield


def _random_resnet50(seed):
    """A torchvision ResNet-50 state dict: its own random init, and
    non-default BN statistics (so that a BN left at its defaults shows)."""
    import torchvision
    torch.manual_seed(seed)
    state = torchvision.models.resnet50().state_dict()
    for name, value in state.items():
        if name.endswith('running_var'):
            value.uniform_(0.5, 1.5)
        elif name.endswith('running_mean'):
            value.normal_(0, 0.1)
        elif name.endswith('num_batches_tracked'):
            value.fill_(seed + 7)
    return state


@pytest.fixture(scope='session')
def gersp_weights(tmp_path_factory):
    """A converted GeRSP file: `{'state_dict': {'backbone.<torchvision
    key>': ...}}`, the 318 tensors of a ResNet-50 without its fc."""
    state = _random_resnet50(0)
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
def torchvision_weights(tmp_path_factory):
    """A torchvision ResNet-50 file as downloaded: a plain state dict,
    fc.* included."""
    path = str(tmp_path_factory.mktemp('tv') / 'resnet50-0676ba61.pth')
    torch.save(_random_resnet50(1), path)
    return path


@pytest.fixture(scope='session')
def loveda_root(tmp_path_factory):
    """A LoveDA-layout dataset: 2 train and 2 val images of 64 px."""
    root = str(tmp_path_factory.mktemp('loveda'))
    generate(root, num_train=2, num_val=2, size=64, seed=0)
    return root
