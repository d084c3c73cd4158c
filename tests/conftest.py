"""Fixtures shared by the whole suite.

Registry scope: tests that build our modules ask for ``mmselfsup_scope``
(detection tests get mmdet's scope from tests/test_det/conftest.py); each
switches the default scope for the test only and gives the previous one
back, so the suite passes in any order.
"""
import pytest
from mmengine.registry import DefaultScope


@pytest.fixture(scope='session')
def _registered():
    from mmselfsup.utils import register_all_modules
    register_all_modules(init_default_scope=False)


@pytest.fixture
def mmselfsup_scope(_registered):
    with DefaultScope.overwrite_default_scope('mmselfsup'):
        yield
