"""Pre-training settings pinned to the release (floatingstarZ/GeRSP): each
test names the file of the release that sets the value."""
import os.path as osp

import torch
from mmengine.config import Config
from mmpretrain.models.backbones.resnet import Bottleneck
from torch.nn.modules.batchnorm import _BatchNorm

from tests.helpers import REPO

CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP.py')


def test_model_and_schedule_as_released():
    """configs/selfsup/GeRSP/GeRSP.py of the release: MoCoGeRSP, queue
    65536 x 128, momentum 0.999, ResNet-50 (last stage), ContrastiveHead
    temperature 0.07, 1000 classes, alpha 1 (the class default); SGD lr
    0.007, momentum 0.9, weight decay 5e-4, no gradient clipping
    (optimizer_config = dict()); CosineRestart min_lr 0.001, periods
    [20] * 5, restart_weights [1] * 5; 100 epochs; checkpoint every epoch;
    tools/dist_train_GeRSP.sh: --seed 0, work dir results/GeRSP."""
    cfg = Config.fromfile(CONFIG)
    assert cfg.default_scope == 'mmselfsup'
    model = cfg.model
    assert model.type == 'mmselfsup.MoCoGeRSP'  # the release's name
    assert (model.queue_len, model.feat_dim, model.momentum, model.alpha,
            model.num_classes) == (65536, 128, 0.999, 1.0, 1000)
    assert model.ema_projector is False  # proj_k is never updated
    assert model.head.temperature == 0.07
    assert model.backbone.depth == 50 and model.backbone.out_indices == (3, )
    assert (model.neck.in_channels, model.neck.hid_channels,
            model.neck.out_channels) == (2048, 2048, 128)
    assert cfg.optim_wrapper.type == 'OptimWrapper'
    assert 'clip_grad' not in cfg.optim_wrapper
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.007,
                                                                  0.9, 5e-4)
    sched, = cfg.param_scheduler
    assert sched.type == 'CosineRestartLR' and sched.by_epoch
    assert sched.periods == [20] * 5 and sched.restart_weights == [1] * 5
    assert sched.eta_min == 0.001
    assert cfg.train_cfg.max_epochs == 100
    assert cfg.randomness.seed == 0
    assert cfg.default_hooks.checkpoint.backend_args.backend == 'atomic_local'


def test_data_as_released(mmselfsup_scope):
    """GeRSP.py of the release: ImageNet from ./data/ImageNet/train with
    meta/train.txt, Million-AID from ./data/million_aid/test; the same view
    pipeline for every view: RandomResizedCrop(224, scale=(0.2, 1)),
    RandomGrayscale(p=0.2), ColorJitter(0.4, 0.4, 0.4, 0.4),
    RandomHorizontalFlip, ImageNet mean/std; 1 labeled view, 2 unlabeled."""
    from mmselfsup.registry import DATASETS
    cfg = Config.fromfile(CONFIG)
    data = cfg.train_dataloader.dataset
    assert data.labeled.data_root == 'data/ImageNet'
    assert data.labeled.ann_file == 'meta/train.txt'
    assert data.labeled.data_prefix == 'train'
    assert data.unlabeled.data_root == 'data/million_aid'
    assert data.unlabeled.data_prefix == 'test'
    for name in ('labeled', 'unlabeled'):
        view = data[name].view
        assert (view.crop_size, view.crop_scale) == (224, (0.2, 1.0))
        assert view.grayscale_prob == 0.2
        jitter = view.jitter
        assert (jitter.brightness, jitter.contrast, jitter.saturation,
                jitter.hue) == (0.4, 0.4, 0.4, 0.4)
        assert view.flip_prob == 0.5
    # the transforms the sources build from those specs
    labeled, unlabeled = (
        DATASETS.build(dict(data[name], lazy_init=True))
        for name in ('labeled', 'unlabeled'))
    views = unlabeled.pipeline.transforms[1]
    for steps in (labeled.pipeline.transforms[1:5],
                  views.pipelines[0].transforms):
        crop, gray, jitter, flip = steps
        assert (crop.scale, crop.crop_ratio_range) == ((224, 224), (0.2, 1.0))
        assert gray.prob == 0.2
        assert (jitter.brightness, jitter.contrast, jitter.saturation,
                jitter.hue) == ((0.6, 1.4), (0.6, 1.4), (0.6, 1.4), (-0.4,
                                                                     0.4))
        assert (flip.prob, flip.direction) == (0.5, 'horizontal')
    assert cfg.data_preprocessor.mean == [123.675, 116.28, 103.53]
    assert cfg.data_preprocessor.std == [58.395, 57.12, 57.375]
    assert views.num_views == [2]


def test_zero_init_residual_after_init_weights(mmselfsup_scope):
    """The release's ResNet (mmselfsup/models/backbones/resnet.py, on mmcls)
    defaults to zero_init_residual=True, and tools/train.py calls
    model.init_weights(): the last BN of every bottleneck starts at weight
    0, every other BN at 1 (biases 0), in the student and the teacher."""
    from mmselfsup.registry import MODELS
    cfg = Config.fromfile(CONFIG)
    assert cfg.model.backbone.zero_init_residual is True
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    for encoder in (model.encoder_q, model.encoder_k):
        last = {
            id(m.norm3)
            for m in encoder.modules() if isinstance(m, Bottleneck)
        }
        assert len(last) == 16
        norms = [m for m in encoder.modules() if isinstance(m, _BatchNorm)]
        assert len(norms) == 53
        for norm in norms:
            expected = 0.0 if id(norm) in last else 1.0
            assert torch.all(norm.weight == expected)
            assert torch.all(norm.bias == 0)


def test_runtime_as_released():
    """configs/selfsup/_base_/default_runtime.py of the release:
    cudnn_benchmark = True, persistent_workers = True; GeRSP.py:
    checkpoint_config interval 1, log_config interval 5, 32 images and 4
    workers per GPU (samples_per_gpu, workers_per_gpu), drop_last."""
    cfg = Config.fromfile(CONFIG)
    assert cfg.env_cfg.cudnn_benchmark is True
    loader = cfg.train_dataloader
    assert (loader.batch_size, loader.num_workers) == (32, 4)
    assert loader.persistent_workers is True and loader.drop_last is True
    assert cfg.default_hooks.checkpoint.interval == 1
    assert cfg.default_hooks.logger.interval == 5
