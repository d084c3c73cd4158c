"""The pre-training configs build; the variants change only what they say.
(The released values themselves are pinned in tests/test_release/.)"""
import os.path as osp

import pytest
from mmengine.config import Config

from mmselfsup.registry import DATASETS, MODELS
from tests.helpers import REPO

pytestmark = pytest.mark.usefixtures('mmselfsup_scope')


def load(name):
    return Config.fromfile(osp.join(REPO, 'configs/selfsup/GeRSP', name))


@pytest.mark.parametrize(
    'name', ['GeRSP', 'GeRSP200', 'GeRSP_demo', 'GeRSP_reduced-decode'])
def test_models_build(name):
    cfg = load(f'{name}.py')
    model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'GeRSP'
    assert model.queue.shape == (cfg.model.feat_dim, cfg.model.queue_len)


def test_200_epoch_variant_changes_only_the_schedule():
    base, long = load('GeRSP.py'), load('GeRSP200.py')
    assert long.train_cfg.max_epochs == 200
    sched, = long.param_scheduler
    assert sched.end == 200 and sum(sched.periods) == 200
    assert sched.periods == [20] * 10 and sched.eta_min == 0.001
    for key in ('model', 'train_dataloader', 'optim_wrapper'):
        assert long[key] == base[key], key


def test_reduced_decode_variant_changes_only_the_unlabeled_loader():
    base = load('GeRSP.py')
    fast = load('GeRSP_reduced-decode.py')
    base_pipe = base.train_dataloader.dataset.unlabeled.pipeline
    fast_pipe = fast.train_dataloader.dataset.unlabeled.pipeline
    assert fast_pipe[0] == dict(type='LoadImageReduced', min_side=640)
    assert fast_pipe[1:] == base_pipe[1:]
    assert fast.model == base.model
    assert fast.train_dataloader.dataset.labeled == \
        base.train_dataloader.dataset.labeled


def test_demo_dataset_builds(tmp_path):
    from tools.generate_demo_data import generate
    generate(str(tmp_path / 'demo'), seed=0)
    cfg = load('GeRSP_demo.py')
    data = cfg.train_dataloader.dataset
    data.labeled.data_root = str(tmp_path / 'demo' / 'ImageNet')
    data.unlabeled.data_root = str(tmp_path / 'demo' / 'million_aid')
    dataset = DATASETS.build(data)
    assert len(dataset) == 40
    item = dataset[0]
    assert [tuple(v.shape) for v in item['inputs']] == [(3, 64, 64)] * 3
