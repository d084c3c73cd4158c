"""The config loads BGR; its colour transforms must still act on the real
colours, i.e. match torchvision's (which the original used) on RGB."""
import os.path as osp

import numpy as np
import pytest
import torchvision.transforms.functional as TF
from mmengine.config import Config
from PIL import Image

from mmselfsup.datasets.views import view_transforms
from mmselfsup.registry import DATASETS, TRANSFORMS

CONFIG = osp.join(
    osp.dirname(__file__), '..', '..',
    'configs/selfsup/_base_/datasets/gersp_imagenet_millionaid.py')


@pytest.fixture(scope='module')
def cfg():
    return Config.fromfile(CONFIG)


@pytest.fixture
def loaded(tmp_path, cfg):
    """A colourful RGB image, and what the config's loader makes of it."""
    rgb = np.random.default_rng(0).integers(0, 256, (24, 32, 3), np.uint8)
    path = str(tmp_path / 'img.png')
    Image.fromarray(rgb).save(path)
    load = built_pipeline(cfg, 'labeled')[0]
    return rgb, load(dict(img_path=path))['img']


def built_pipeline(cfg, name):
    """The transforms that source ``name`` builds from its view spec."""
    source = dict(cfg.train_dataloader.dataset[name], lazy_init=True)
    return DATASETS.build(source).pipeline.transforms


def _view_transform(cfg, name, **overrides):
    view = cfg.train_dataloader.dataset.labeled.view
    step, = [t for t in view_transforms(view) if t['type'] == name]
    return TRANSFORMS.build(dict(step, **overrides))


def test_config_loads_bgr_and_converts_later(cfg, loaded):
    rgb, img = loaded
    np.testing.assert_array_equal(img, rgb[..., ::-1])
    assert cfg.data_preprocessor.to_rgb is True
    assert repr(built_pipeline(cfg, 'unlabeled')[0]) == \
        repr(built_pipeline(cfg, 'labeled')[0])


@pytest.mark.parametrize('name,factor,reference', [
    ('brightness', 1.3, TF.adjust_brightness),
    ('contrast', 0.6, TF.adjust_contrast),
    ('saturation', 1.5, TF.adjust_saturation),
    ('hue', 0.3, TF.adjust_hue),
    ('hue', -0.2, TF.adjust_hue),
])
def test_color_jitter_matches_torchvision(cfg, loaded, name, factor,
                                          reference):
    rgb, bgr = loaded
    zero = dict(brightness=0, contrast=0, saturation=0, hue=0)
    jitter = _view_transform(cfg, 'mmselfsup.GeRSPColorJitter', **{
        **zero, name: (factor, factor)
    })
    out = jitter(dict(img=bgr.copy()))['img'][..., ::-1]
    expected = np.asarray(reference(Image.fromarray(rgb), factor))
    np.testing.assert_array_equal(out, expected)
    if name == 'hue':
        # Jittering an RGB array as if it were BGR gives other colours.
        wrong = jitter(dict(img=rgb.copy()))['img']
        assert np.abs(wrong.astype(int) - expected).max() > 50


def test_color_jitter_strength_is_the_released_one(cfg):
    jitter = _view_transform(cfg, 'mmselfsup.GeRSPColorJitter')
    assert (jitter.brightness, jitter.contrast, jitter.saturation,
            jitter.hue) == ((0.6, 1.4), (0.6, 1.4), (0.6, 1.4), (-0.4, 0.4))


def test_grayscale_uses_luma_of_the_real_colours(cfg, loaded):
    rgb, bgr = loaded
    gray = _view_transform(cfg, 'RandomGrayscale', prob=1.0)
    out = gray(dict(img=bgr.copy()))['img']
    assert out.shape == bgr.shape
    luma = np.asarray(Image.fromarray(rgb).convert('L'), np.int16)
    for channel in range(3):
        assert np.abs(out[..., channel] - luma).max() <= 1
