"""The view spec: one description of a branch's augmentation, read by the
standard pipeline and by DecodeCropViews alike."""
import argparse
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config, DictAction

from mmselfsup.datasets import (DecodeCropViews, LabeledImageSource,
                                UnlabeledImageFolder)
from mmselfsup.datasets.views import RELEASED_VIEW, VIEW_KEYS, check_view
from mmselfsup.registry import DATASETS
from tests.helpers import REPO

CONFIGS = osp.join(REPO, 'configs/selfsup/GeRSP')
VARIANTS = ('GeRSP.py', 'GeRSP_reduced-decode.py', 'GeRSP_crop-decode.py')
SIZES = [(1000, 1500), (480, 640)]  # no centre-crop fallback below 0.5


def load(name, *options):
    """``name`` with ``--cfg-options`` as the command line gives them."""
    cfg = Config.fromfile(osp.join(CONFIGS, name))
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    if options:
        cfg.merge_from_dict(
            parser.parse_args(['--cfg-options', *options]).cfg_options)
    return cfg


def built_pipeline(cfg, name):
    source = dict(cfg.train_dataloader.dataset[name], lazy_init=True)
    return DATASETS.build(source).pipeline.transforms


def crop_step(cfg, name):
    """The step that draws the crop boxes of source ``name``."""
    steps = built_pipeline(cfg, name)
    if isinstance(steps[0], DecodeCropViews):
        return steps[0]
    return steps[1] if name == 'labeled' else steps[1].pipelines[0].transforms[
        0]


def drawn_boxes(step, seed=0, draws=300):
    """(x, y, w, h) crop boxes drawn by ``step`` from ``seed``."""
    np.random.seed(seed)
    boxes = []
    for i in range(draws):
        h, w = SIZES[i % len(SIZES)]
        if isinstance(step, DecodeCropViews):
            boxes.append(step.sample_params(h, w).box)
            continue
        y, x, ch, cw = step.rand_crop_params(np.empty((h, w, 0)))
        boxes.append((x, y, cw, ch))
        # the rest of a view's draws, in the released order
        np.random.rand(), np.random.permutation(4)
        np.random.uniform(size=4), np.random.rand()
    return boxes


def area_fractions(boxes):
    return [
        w * h / (SIZES[i % len(SIZES)][0] * SIZES[i % len(SIZES)][1])
        for i, (_, _, w, h) in enumerate(boxes)
    ]


def test_released_spec_is_the_releases_numbers():
    """GeRSP.py of the release: RandomResizedCrop(224, scale=(0.2, 1)),
    RandomGrayscale(p=0.2), ColorJitter(0.4, 0.4, 0.4, 0.4),
    RandomHorizontalFlip, for every view."""
    assert RELEASED_VIEW == dict(
        crop_size=224,
        crop_scale=(0.2, 1.0),
        grayscale_prob=0.2,
        jitter=dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
        flip_prob=0.5)
    for name in VARIANTS:
        data = load(name).train_dataloader.dataset
        for branch in ('labeled', 'unlabeled'):
            assert check_view(data[branch].view) == RELEASED_VIEW, name
    assert check_view({}) == RELEASED_VIEW


@pytest.mark.parametrize('name', VARIANTS)
def test_one_override_changes_every_decode_mode(name):
    option = 'train_dataloader.dataset.unlabeled.view.crop_scale=(0.5,1.0)'
    released, changed = load(name), load(name, option)
    new = crop_step(changed, 'unlabeled')
    labeled = crop_step(changed, 'labeled')
    old = crop_step(released, 'unlabeled')
    for step, expected in ((new, (0.5, 1.0)), (labeled, (0.2, 1.0)),
                           (old, (0.2, 1.0))):
        scale = (
            step.crop_scale
            if isinstance(step, DecodeCropViews) else step.crop_ratio_range)
        assert scale == expected
    # the drawn crops follow the override, the labeled branch keeps its own
    assert min(area_fractions(drawn_boxes(new))) >= 0.5 - 0.01
    assert min(area_fractions(drawn_boxes(old))) < 0.4
    assert drawn_boxes(labeled) == drawn_boxes(old)


def test_standard_and_fast_paths_draw_the_same_crops():
    option = 'train_dataloader.dataset.unlabeled.view.crop_scale=(0.5,1.0)'
    full = crop_step(load('GeRSP.py', option), 'unlabeled')
    fast = crop_step(load('GeRSP_crop-decode.py', option), 'unlabeled')
    assert isinstance(fast, DecodeCropViews)
    assert not isinstance(full, DecodeCropViews)
    for seed in range(3):
        assert drawn_boxes(full, seed) == drawn_boxes(fast, seed)


def test_override_of_the_crop_size_and_jitter_reaches_both_paths():
    options = ('train_dataloader.dataset.labeled.view.crop_size=96',
               'train_dataloader.dataset.labeled.view.jitter.hue=0.1')
    full = built_pipeline(load('GeRSP.py', *options), 'labeled')
    fast, _ = built_pipeline(load('GeRSP_crop-decode.py', *options), 'labeled')
    assert full[1].scale == fast.crop_size == (96, 96)
    assert full[3].hue == fast.hue == (-0.1, 0.1)
    assert full[3].brightness == fast.brightness == (0.6, 1.4)


@pytest.mark.parametrize('source', [LabeledImageSource, UnlabeledImageFolder])
def test_unknown_spec_key_is_refused(source):
    with pytest.raises(KeyError) as error:
        source(view=dict(crop_sise=32), data_root='unused', lazy_init=True)
    assert 'crop_sise' in str(error.value)
    assert ', '.join(VIEW_KEYS) in str(error.value)
    with pytest.raises(KeyError, match='brightnes.*brightness, contrast'):
        source(
            view=dict(jitter=dict(brightnes=0.2)),
            data_root='unused',
            lazy_init=True)


def test_pipeline_or_view_not_both():
    pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
    source = LabeledImageSource(
        pipeline=pipeline, data_root='unused', lazy_init=True)
    assert [type(t).__name__ for t in source.pipeline.transforms] == \
        ['LoadImageFromFile', 'PackInputs']
    with pytest.raises(ValueError, match='view=None'):
        LabeledImageSource(
            pipeline=pipeline,
            view=RELEASED_VIEW,
            data_root='unused',
            lazy_init=True)
    with pytest.raises(ValueError, match='decode'):
        UnlabeledImageFolder(
            view={}, decode='fast', data_root='unused', lazy_init=True)


def test_num_views_and_decode_modes():
    full = UnlabeledImageFolder(
        view={}, data_root='unused', lazy_init=True).pipeline.transforms
    assert full[1].num_views == [2]
    reduced = LabeledImageSource(
        view={},
        decode='reduced',
        decode_args=dict(min_side=320),
        data_root='unused',
        lazy_init=True).pipeline.transforms
    assert type(reduced[0]).__name__ == 'LoadImageReduced'
    assert reduced[0].min_side == 320
    crop = UnlabeledImageFolder(
        view={},
        decode='crop',
        num_views=3,
        data_root='unused',
        lazy_init=True).pipeline.transforms
    assert crop[0].num_views == 3


def test_a_bad_spec_is_one_line_for_the_training_scripts():
    from mmselfsup.datasets.views import check_view
    from mmselfsup.errors import ToolboxError
    with pytest.raises(ToolboxError) as error:
        check_view(dict(crop_sise=32))
    assert str(error.value).startswith('Unknown view spec key(s) crop_sise; '
                                       'the accepted keys are crop_size, ')
