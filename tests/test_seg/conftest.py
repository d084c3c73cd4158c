"""Generated LoveDA-layout data and the registry scope of the segmentation
tests (the weight files they read, `gersp_weights` and `imagenet_weights`,
come from tests/conftest.py)."""
import pytest
from mmengine.registry import DefaultScope

from mmselfsup.demo.loveda import generate


@pytest.fixture(autouse=True)
def mmseg_scope():
    """Build and initialise segmentors in mmseg's scope (with GeRSP's mmseg
    plugin imported), and give the other tests their default scope back
    afterwards."""
    import mmselfsup.seg  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmseg'):
        yield


@pytest.fixture(scope='session')
def loveda_root(tmp_path_factory):
    """A LoveDA-layout dataset: 2 train and 2 val images of 64 px."""
    root = str(tmp_path_factory.mktemp('loveda'))
    generate(root, num_train=2, num_val=2, size=64, seed=0)
    return root
