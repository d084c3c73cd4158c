"""Pre-training settings pinned to the release (floatingstarZ/GeRSP): each
test names the file of the release that sets the value."""
import pytest
import torch
from mmengine.config import Config
from mmpretrain.models.backbones.resnet import Bottleneck
from torch.nn.modules.batchnorm import _BatchNorm

CONFIG = 'configs/selfsup/GeRSP/GeRSP.py'


@pytest.fixture
def mmselfsup_scope():
    from mmengine.registry import DefaultScope
    from mmselfsup.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    with DefaultScope.overwrite_default_scope('mmselfsup'):
        yield


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
        last = {id(m.norm3) for m in encoder.modules()
                if isinstance(m, Bottleneck)}
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
