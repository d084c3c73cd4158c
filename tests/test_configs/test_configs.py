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


def built_pipeline(source):
    """The transforms a source config builds (no data needed)."""
    return DATASETS.build(dict(source, lazy_init=True)).pipeline.transforms


@pytest.mark.parametrize('name', [
    'GeRSP', 'GeRSP200', 'GeRSP_demo', 'GeRSP_reduced-decode',
    'GeRSP_knn-monitor'
])
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
    base_pipe = built_pipeline(base.train_dataloader.dataset.unlabeled)
    fast_pipe = built_pipeline(fast.train_dataloader.dataset.unlabeled)
    assert type(fast_pipe[0]).__name__ == 'LoadImageReduced'
    assert fast_pipe[0].min_side == 640
    assert list(map(repr, fast_pipe[1:])) == list(map(repr, base_pipe[1:]))
    assert fast.model == base.model
    assert fast.train_dataloader.dataset.labeled == \
        base.train_dataloader.dataset.labeled


def test_demo_dataset_builds(tmp_path):
    from mmselfsup.demo.pretraining import generate
    generate(str(tmp_path / 'demo'), seed=0, scenes_per_class=2)
    cfg = load('GeRSP_demo.py')
    data = cfg.train_dataloader.dataset
    data.labeled.data_root = str(tmp_path / 'demo' / 'ImageNet')
    data.unlabeled.data_root = str(tmp_path / 'demo' / 'million_aid')
    dataset = DATASETS.build(data)
    assert len(dataset) == 120  # the unlabeled images
    item = dataset[0]
    assert [tuple(v.shape) for v in item['inputs']] == [(3, 32, 32)] * 3


def test_demo_changes_only_what_it_says():
    base, demo = load('GeRSP.py'), load('GeRSP_demo.py')
    assert (demo.model.momentum, demo.model.queue_len) == (0.99, 64)
    for key in ('backbone', 'neck', 'head', 'ema_projector', 'alpha'):
        assert demo.model[key] == base.model[key], key
    labeled = built_pipeline(demo.train_dataloader.dataset.labeled)[1:5]
    unlabeled = built_pipeline(demo.train_dataloader.dataset.unlabeled)[1]
    base.train_dataloader.dataset.labeled.view.crop_size = 32
    released = built_pipeline(base.train_dataloader.dataset.labeled)[1:5]
    assert list(map(repr, labeled)) == list(map(repr, released))
    crop, _, jitter, _ = unlabeled.pipelines[0].transforms
    assert crop.crop_ratio_range == (0.5, 1.0) and jitter.hue == (-0.2, 0.2)
    assert demo.train_dataloader.dataset.unlabeled.view.jitter.hue == 0.2
    hook, = demo.custom_hooks
    assert hook.type == 'mmselfsup.KNNMonitorHook' and hook.eval_at_start


def test_knn_monitor_variant_adds_only_the_hook(tmp_path):
    from mmselfsup.registry import HOOKS
    base, knn = load('GeRSP.py'), load('GeRSP_knn-monitor.py')
    assert 'custom_hooks' not in base  # off as released
    for key in ('model', 'train_dataloader', 'optim_wrapper',
                'param_scheduler', 'default_hooks'):
        assert knn[key] == base[key], key
    hook, = knn.custom_hooks
    for split in ('train', 'val'):
        for name in ('a', 'b'):
            folder = tmp_path / split / name
            folder.mkdir(parents=True)
            (folder / '0.jpg').write_bytes(b'jpeg')
    built = HOOKS.build(dict(hook, data_root=str(tmp_path)))
    assert (built.interval, built.evaluator.k,
            built.evaluator.temperature) == (10, 20, 0.07)
