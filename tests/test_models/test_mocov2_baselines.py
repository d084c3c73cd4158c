"""The MoCo v2 baselines (MoCo-IN, MoCo-MAID, MoCo-IN-MAID): the configs
load and build, the values they share with GeRSP are pinned to the release
(floatingstarZ/GeRSP; each test names the release file that sets them), a
few training steps run through tools/train.py, and a missing source is one
error naming its key."""
import glob
import math
import os.path as osp
import sys

import pytest
import torch
import torch.nn as nn
from mmengine.config import Config

from mmselfsup.utils import safe_torch_load
from tests.helpers import (RELEASED_CONFIG, REPO, error_line, run, run_command,
                           scalars, write_tiny_dataset)

CONFIG_DIR = osp.join(REPO, 'configs/selfsup/mocov2')
PREFIX = 'mocov2_resnet50_8xb32-coslr-restart-100e'
# dataset suffix -> the baseline's name in the paper
BASELINES = {
    'in1k': 'MoCo-IN',
    'millionaid': 'MoCo-MAID',
    'in1k-millionaid': 'MoCo-IN-MAID'
}
DATA = 'train_dataloader.dataset'
# ResNet-18, a 64-d projector to 16-d keys and 32 px views: a CPU step in
# well under a second
SMALL = [
    'model.backbone.depth=18', 'model.neck.in_channels=512',
    'model.neck.hid_channels=64', 'model.neck.out_channels=16',
    'model.feat_dim=16'
]


def config_path(suffix):
    return osp.join(CONFIG_DIR, f'{PREFIX}_{suffix}.py')


def load(suffix):
    return Config.fromfile(config_path(suffix))


def sources(cfg):
    """The source configs of a baseline's train dataset."""
    dataset = cfg.train_dataloader.dataset
    return dataset.datasets if 'datasets' in dataset else [dataset]


def test_the_folder_holds_the_three_baselines():
    names = {osp.basename(p) for p in glob.glob(osp.join(CONFIG_DIR, '*.py'))}
    assert names == {osp.basename(config_path(s)) for s in BASELINES}


@pytest.mark.parametrize('suffix', sorted(BASELINES))
def test_config_builds_mmpretrain_mocov2(suffix, mmselfsup_scope):
    from mmpretrain.models import MoCo, MoCoV2Neck
    from mmpretrain.models.heads import ContrastiveHead

    from mmselfsup.registry import DATASETS, MODELS
    cfg = load(suffix)
    assert cfg.default_scope == 'mmselfsup'
    model = MODELS.build(dict(cfg.model, queue_len=256))
    assert type(model) is MoCo
    assert type(model.neck) is MoCoV2Neck
    assert type(model.head) is ContrastiveHead
    assert [len(getattr(model.backbone, f'layer{i}'))
            for i in range(1, 5)] == [3, 4, 6, 3]
    for source in sources(cfg):
        built = DATASETS.build(dict(source, lazy_init=True))
        views = built.pipeline.transforms[1]
        assert type(views).__name__ == 'MultiView'
        assert views.num_views == [2]  # query and key


def test_model_as_gersp_released(mmselfsup_scope):
    """configs/selfsup/GeRSP/GeRSP.py of the release: queue_len=65536,
    feat_dim=128, momentum=0.999, ResNet depth 50 with BN, ContrastiveHead
    temperature 0.07; mmselfsup/models/algorithms/moco_gersp.py: the
    Projector Linear(2048, 2048) - ReLU - Linear(2048, 128), on pooled
    features; the release's ResNet (mmselfsup 0.x on mmcls) defaults to
    zero_init_residual=True; img_norm_cfg: the ImageNet mean and std. The
    same for the three baselines."""
    released = Config.fromfile(RELEASED_CONFIG)
    gersp = released.model
    for suffix in BASELINES:
        cfg = load(suffix)
        assert cfg.data_preprocessor == released.data_preprocessor
        model = cfg.model
        assert model.type == 'mmpretrain.MoCo'
        assert (model.queue_len, model.feat_dim) == (65536, 128)
        assert model.backbone == gersp.backbone
        assert model.backbone.depth == 50
        assert model.backbone.zero_init_residual is True
        neck = model.neck
        assert neck.type == 'mmpretrain.MoCoV2Neck' and neck.with_avg_pool
        assert (neck.in_channels, neck.hid_channels,
                neck.out_channels) == (2048, 2048, 128)
        assert model.head == gersp.head
        assert model.head.temperature == 0.07
        # mmpretrain's momentum is the student's weight in an update
        assert math.isclose(1 - model.momentum, gersp.momentum)
        assert gersp.momentum == 0.999


def test_teacher_update_is_gersp_momentum(mmselfsup_scope):
    """mmpretrain's MoCo with the configs' momentum moves the teacher as
    GeRSP's m = 0.999 does: theta_k = 0.999 theta_k + 0.001 theta_q (the
    first update copies the student, as MoCo intends)."""
    from mmselfsup.registry import MODELS
    cfg = load('millionaid').model
    cfg.backbone.depth = 18
    cfg.neck.in_channels = 512
    model = MODELS.build(dict(cfg, queue_len=8))
    student = nn.Sequential(model.backbone, model.neck)
    teacher = model.encoder_k
    teacher.update_parameters(student)
    with torch.no_grad():
        for p in student.parameters():
            p.add_(torch.randn_like(p))
    old = [p.clone() for p in teacher.module.parameters()]
    teacher.update_parameters(student)
    for k0, q, k in zip(old, student.parameters(),
                        teacher.module.parameters()):
        torch.testing.assert_close(k, 0.999 * k0 + 0.001 * q)


def test_data_as_gersp_released():
    """configs/selfsup/GeRSP/GeRSP.py of the release: ImageNet from
    ./data/ImageNet/train listed by ./data/ImageNet/meta/train.txt,
    Million-AID from ./data/million_aid/test, every view
    RandomResizedCrop(224, scale=(0.2, 1)), RandomGrayscale(p=0.2),
    ColorJitter(0.4, 0.4, 0.4, 0.4), RandomHorizontalFlip;
    samples_per_gpu=32, workers_per_gpu=4, drop_last=True.
    configs/selfsup/_base_/datasets/imagenet_mocov1.py of the release: the
    same ImageNet list and augmentation in two views (num_views=[2]). Here:
    GeRSP's sources with two views each, GeRSP's loader."""
    gersp = Config.fromfile(RELEASED_CONFIG).train_dataloader
    imagenet = dict(gersp.dataset.labeled, num_views=2)
    millionaid = dict(gersp.dataset.unlabeled)
    assert imagenet['data_root'] == 'data/ImageNet'
    assert imagenet['ann_file'] == 'meta/train.txt'
    assert imagenet['data_prefix'] == 'train'
    assert millionaid['data_root'] == 'data/million_aid'
    assert millionaid['data_prefix'] == 'test'
    assert millionaid['num_views'] == 2
    expected = {
        'in1k': [imagenet],
        'millionaid': [millionaid],
        'in1k-millionaid': [imagenet, millionaid]
    }
    for suffix, wanted in expected.items():
        cfg = load(suffix)
        assert sources(cfg) == wanted, suffix
        loader = cfg.train_dataloader
        assert {k: v for k, v in loader.items() if k != 'dataset'} == \
            {k: v for k, v in gersp.items() if k != 'dataset'}
        assert (loader.batch_size, loader.num_workers) == (32, 4)
        assert loader.drop_last is True
    union = load('in1k-millionaid').train_dataloader.dataset
    assert union.type == 'ConcatDataset'


def test_schedule_and_runtime_as_gersp_released():
    """configs/selfsup/GeRSP/GeRSP.py of the release: SGD lr 0.007,
    momentum 0.9, weight_decay 5e-4; lr_config CosineRestart, min_lr
    0.001, periods [20] * 5, restart_weights [1] * 5; max_epochs 100;
    checkpoint_config interval 1, log_config interval 5. Every
    schedule and runtime key equals GeRSP.py's here."""
    gersp = Config.fromfile(RELEASED_CONFIG)
    keys = ('optim_wrapper', 'param_scheduler', 'train_cfg', 'auto_scale_lr',
            'default_hooks', 'env_cfg', 'randomness', 'default_scope',
            'custom_imports', 'log_processor')
    for suffix in BASELINES:
        cfg = load(suffix)
        for key in keys:
            assert cfg[key] == gersp[key], (suffix, key)
        opt = cfg.optim_wrapper.optimizer
        assert (opt.type, opt.lr, opt.momentum,
                opt.weight_decay) == ('SGD', 0.007, 0.9, 5e-4)
        sched, = cfg.param_scheduler
        assert sched.type == 'CosineRestartLR' and sched.eta_min == 0.001
        assert sched.periods == [20] * 5 and sched.restart_weights == [1] * 5
        assert cfg.train_cfg.max_epochs == 100
        assert cfg.default_hooks.checkpoint.interval == 1
        assert cfg.default_hooks.logger.interval == 5


def test_one_override_changes_one_source():
    cfg = load('in1k-millionaid')
    cfg.merge_from_dict({f'{DATA}.datasets.0.view.crop_size': 32})
    first, second = cfg.train_dataloader.dataset.datasets
    assert (first.view.crop_size, second.view.crop_size) == (32, 224)


@pytest.fixture(scope='module')
def tiny_data(tmp_path_factory):
    # 4 labeled + 4 unlabeled images: 2 steps of 2 per source
    return write_tiny_dataset(
        str(tmp_path_factory.mktemp('mocov2')),
        num_classes=2,
        per_class=2,
        num_unlabeled=4)


def root_options(suffix, root):
    """--cfg-options pointing each source of a baseline at ``root``."""
    keys = {
        'in1k': [(DATA, 'ImageNet')],
        'millionaid': [(DATA, 'million_aid')],
        'in1k-millionaid': [(f'{DATA}.datasets.0', 'ImageNet'),
                            (f'{DATA}.datasets.1', 'million_aid')]
    }[suffix]
    return [f'{key}.data_root={root}/{folder}' for key, folder in keys]


def train_cmd(suffix, work_dir, options):
    return [
        sys.executable, 'tools/train.py',
        config_path(suffix), '--work-dir',
        str(work_dir), '--cfg-options', *options
    ]


@pytest.mark.slow  # a few pre-training steps
@pytest.mark.parametrize('suffix, steps', [('in1k', 2), ('millionaid', 2),
                                           ('in1k-millionaid', 4)])
def test_train_steps_through_the_entry_point(tiny_data, suffix, steps,
                                             tmp_path):
    crops = [
        f'{key.rsplit(".", 1)[0]}.view.crop_size=32'
        for key in root_options(suffix, tiny_data)
    ]
    options = [
        *root_options(suffix, tiny_data), *crops, *SMALL, 'model.queue_len=8',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False', 'train_cfg.max_epochs=1',
        'default_hooks.logger.interval=1'
    ]
    work_dir = tmp_path / 'work'
    run(train_cmd(suffix, work_dir, options))
    losses = [r['loss'] for r in scalars(str(work_dir)) if 'loss' in r]
    assert len(losses) == steps
    assert all(math.isfinite(loss) for loss in losses)
    state = safe_torch_load(str(work_dir / 'epoch_1.pth'))['state_dict']
    assert 'backbone.conv1.weight' in state and 'queue' in state
    assert all(
        torch.isfinite(v).all() for v in state.values()
        if v.is_floating_point())


@pytest.mark.parametrize('suffix, key, value, path', [
    ('in1k', 'data_root', '{root}/nowhere', '{root}/nowhere'),
    ('in1k', 'ann_file', 'meta/none.txt', '{root}/ImageNet/meta/none.txt'),
    ('millionaid', 'data_prefix', 'nowhere', '{root}/million_aid/nowhere'),
    ('in1k-millionaid', 'datasets.1.data_root', '{root}/nowhere',
     '{root}/nowhere'),
])
def test_a_missing_source_names_its_key(tiny_data, suffix, key, value, path,
                                        tmp_path):
    options = root_options(
        suffix, tiny_data) + [f'{DATA}.{key}={value.format(root=tiny_data)}']
    proc = run_command(train_cmd(suffix, tmp_path / 'work', options))
    line = error_line(proc)
    assert (f'error: train data: {DATA}.{key}: '
            f'{path.format(root=tiny_data)} does not exist') in line
    # the keys to set
    for option in root_options(suffix, tiny_data):
        assert option.split('=')[0] in line
    assert 'docs/pretraining.md' in line
    assert not (tmp_path / 'work').exists()  # refused before the Runner


@pytest.mark.slow  # a ResNet-50 checkpoint written and converted
def test_a_baseline_checkpoint_converts_for_fine_tuning(
        mmselfsup_scope, tmp_path):
    """docs/pretraining.md: convert_gersp.py takes the student backbone of
    a baseline's checkpoint, as of GeRSP's."""
    from mmselfsup.registry import MODELS
    model = MODELS.build(dict(load('in1k').model, queue_len=256))
    src, dst = tmp_path / 'epoch_100.pth', tmp_path / 'CVT_epoch_100.pth'
    torch.save({'state_dict': model.state_dict()}, src)
    run([
        sys.executable, 'M_Convert_Checkpoints/convert_gersp.py', '--src',
        str(src), '--dst',
        str(dst)
    ])
    converted = safe_torch_load(str(dst))['state_dict']
    backbone = {
        f'backbone.{k}': v
        for k, v in model.backbone.state_dict().items()
    }
    assert converted.keys() == backbone.keys() and len(converted) == 318
    assert all(torch.equal(converted[k], v) for k, v in backbone.items())
