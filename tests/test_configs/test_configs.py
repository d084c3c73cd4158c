"""The configs build and carry the released hyper-parameters."""
import pytest
from mmengine.config import Config

from mmselfsup.registry import DATASETS, MODELS
from mmselfsup.utils import register_all_modules

register_all_modules()


def test_released_config_values():
    cfg = Config.fromfile('configs/selfsup/GeRSP/GeRSP.py')
    assert cfg.default_scope == 'mmselfsup'
    model = cfg.model
    assert model.type == 'MoCoGeRSP'
    assert (model.queue_len, model.feat_dim, model.momentum, model.alpha,
            model.num_classes) == (65536, 128, 0.999, 1.0, 1000)
    assert model.ema_projector is False
    assert model.head.temperature == 0.07
    assert model.backbone.depth == 50 and model.backbone.out_indices == (3, )
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == (
        'SGD', 0.007, 0.9, 5e-4)
    sched, = cfg.param_scheduler
    assert sched.type == 'CosineRestartLR'
    assert sched.periods == [20] * 5 and sched.restart_weights == [1] * 5
    assert sched.eta_min == 0.001 and sched.by_epoch
    assert cfg.train_cfg.max_epochs == 100
    assert cfg.train_dataloader.batch_size == 32
    assert cfg.default_hooks.checkpoint.interval == 1
    assert cfg.default_hooks.checkpoint.backend_args.backend == 'atomic_local'
    assert cfg.default_hooks.logger.interval == 5
    assert cfg.randomness.seed == 0
    data = cfg.train_dataloader.dataset
    assert data.labeled.data_root == 'data/ImageNet'
    assert data.labeled.ann_file == 'meta/train.txt'
    assert data.unlabeled.data_root == 'data/million_aid'
    assert data.unlabeled.data_prefix == 'test'


def test_200_epoch_variant():
    cfg = Config.fromfile('configs/selfsup/GeRSP/GeRSP200.py')
    assert cfg.train_cfg.max_epochs == 200
    assert cfg.param_scheduler[0].end == 200
    assert sum(cfg.param_scheduler[0].periods) == 200


@pytest.mark.parametrize(
    'name', ['GeRSP', 'GeRSP200', 'GeRSP_demo', 'GeRSP_reduced-decode'])
def test_models_build(name):
    cfg = Config.fromfile(f'configs/selfsup/GeRSP/{name}.py')
    model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'GeRSP'
    assert model.queue.shape == (cfg.model.feat_dim, cfg.model.queue_len)


def test_reduced_decode_variant_changes_only_the_unlabeled_loader():
    base = Config.fromfile('configs/selfsup/GeRSP/GeRSP.py')
    fast = Config.fromfile('configs/selfsup/GeRSP/GeRSP_reduced-decode.py')
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
    cfg = Config.fromfile('configs/selfsup/GeRSP/GeRSP_demo.py')
    data = cfg.train_dataloader.dataset
    data.labeled.data_root = str(tmp_path / 'demo' / 'ImageNet')
    data.unlabeled.data_root = str(tmp_path / 'demo' / 'million_aid')
    dataset = DATASETS.build(data)
    assert len(dataset) == 40
    item = dataset[0]
    assert [tuple(v.shape) for v in item['inputs']] == [(3, 64, 64)] * 3
