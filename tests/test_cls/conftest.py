"""The classification tests' registry scope (the weight files they read,
`gersp_weights` and `imagenet_weights`, come from tests/conftest.py)."""
import pytest
from mmengine.registry import DefaultScope


@pytest.fixture(autouse=True)
def mmpretrain_scope():
    """Build classifiers and metrics in mmpretrain's scope, and give the
    other tests their default scope back afterwards."""
    import mmselfsup.cls  # noqa: F401  (StrictPretrained, safe loading)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        yield
