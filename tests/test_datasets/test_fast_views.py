"""DecodeCropViews: crop-aware reduced decoding with the released
augmentation distribution."""
import itertools
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import Compose
from PIL import Image

from mmselfsup.analysis.benchmark_gersp import write_jpeg
from mmselfsup.datasets import DecodeCropViews, ViewParams
from mmselfsup.datasets.fast_views import (crop_resize, dct_scale,
                                           sample_crop_box)
from mmselfsup.registry import DATASETS, MODELS, TRANSFORMS
from tests.helpers import REPO
from tests.view_statistics import (ALPHA, DRAWS, FAST, MAX_MEAN_ABS_DIFF,
                                   MIN_PSNR_DB, SIZES, p_values, psnr,
                                   reference_draws, released_spec)

RELEASED = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP.py')


def built_pipeline(config, name='labeled'):
    """The transforms that source ``name`` of ``config`` builds."""
    source = Config.fromfile(config).train_dataloader.dataset[name]
    return DATASETS.build(dict(source, lazy_init=True)).pipeline.transforms


def released_views():
    views, _ = built_pipeline(FAST)
    return views


def our_draws(transform):
    np.random.seed(0)
    rows = []
    for i in range(DRAWS):
        h, w = SIZES[i % len(SIZES)]
        p = transform.sample_params(h, w)
        rows.append((p.box[2] * p.box[3] / (h * w), p.box[2] / p.box[3],
                     p.brightness, p.contrast, p.saturation, p.hue,
                     p.grayscale, p.flip, p.jitter_order))
    return rows


@pytest.fixture(scope='module')
def reference():
    return reference_draws()


def test_draws_follow_the_released_distribution(reference):
    ps = p_values(our_draws(released_views()), reference)
    assert min(ps.values()) > ALPHA, ps


@pytest.mark.parametrize(
    'change',
    [
        dict(crop_scale=(0.08, 1.0)),  # torchvision's default
        dict(aspect_ratio_range=(0.6, 1.6)),
        dict(grayscale_prob=0.25),
        dict(flip_prob=0.45),
        dict(jitter=dict(brightness=0.3)),
        dict(jitter=dict(hue=0.3)),
    ])
def test_the_comparison_detects_a_changed_augmentation(reference, change):
    spec = released_spec()
    change = dict(change)
    spec['jitter'].update(change.pop('jitter', {}))
    changed = DecodeCropViews(**{**spec, **change})
    ps = p_values(our_draws(changed), reference)
    assert min(ps.values()) < ALPHA, (change, ps)


def test_crop_boxes_are_mmpretrains(mmselfsup_scope):
    """Same algorithm and the same np.random draws as the released crop."""
    crop = TRANSFORMS.build(
        dict(type='RandomResizedCrop', scale=224, crop_ratio_range=(0.2, 1)))
    for seed, (h, w) in itertools.product(range(50), [*SIZES, (100, 2000)]):
        np.random.seed(seed)
        y, x, ch, cw = crop.rand_crop_params(np.empty((h, w, 0)))
        np.random.seed(seed)
        assert sample_crop_box(h, w, (0.2, 1),
                               (3 / 4, 4 / 3)) == (x, y, cw, ch)


def test_dct_scale_leaves_the_output_size():
    assert dct_scale([(0, 0, 447, 2000)], (224, 224)) == 1
    assert dct_scale([(0, 0, 448, 2000)], (224, 224)) == 2
    assert dct_scale([(0, 0, 1000, 900)], (224, 224)) == 4
    assert dct_scale([(0, 0, 5000, 5000)], (224, 224)) == 8
    assert dct_scale([(0, 0, 5000, 5000)], (224, 224), max_scale=2) == 2
    # the smaller crop of the two decides
    assert dct_scale([(0, 0, 5000, 5000), (0, 0, 500, 500)], (224, 224)) == 2


def fix_draws(transforms, p: ViewParams):
    """Make the released transforms use the draws ``p``."""
    crop, gray, jitter, flip = transforms
    x, y, w, h = p.box
    crop.rand_crop_params = lambda img: (y, x, h, w)
    gray._random_prob = lambda: 0.0 if p.grayscale else 1.0
    jitter._rand_params = lambda: (np.array(p.jitter_order), p.brightness, p.
                                   contrast, p.saturation, p.hue)
    flip._choose_direction = lambda: 'horizontal' if p.flip else None


def test_full_scale_views_are_the_released_pipelines(tmp_path,
                                                     mmselfsup_scope):
    path = str(tmp_path / 'a.jpg')
    write_jpeg(path, (400, 300), seed=0)  # too small for a reduced decode
    ours = released_views()
    load = TRANSFORMS.build(dict(type='LoadImageFromFile'))
    steps = built_pipeline(RELEASED)[1:5]
    np.random.seed(0)
    for _ in range(40):
        out = ours(dict(img_path=path))
        assert out['decode_scale'] == 1
        params, = out['view_params']
        fix_draws(steps, params)
        released = Compose(steps)(load(dict(img_path=path)))['img']
        assert np.array_equal(out['img'], released), params


def test_reduced_decode_crop_is_close_to_the_full_decode_crop(tmp_path):
    """The same box from a 1/2-1/8 decode and from the full decode."""
    path = str(tmp_path / 'a.jpg')
    size = (3000, 2200)
    write_jpeg(path, size, seed=1)  # the benchmark's aerial-like texture

    def decode(scale):
        with Image.open(path) as img:
            img.draft('RGB', (size[0] // scale, size[1] // scale))
            img.load()
        assert round(size[0] / img.width) == scale
        return img

    decoded = {s: decode(s) for s in (1, 2, 4, 8)}
    transform = released_views()
    np.random.seed(0)
    seen = set()
    for _ in range(60):
        box = transform.sample_params(size[1], size[0]).box
        scale = dct_scale([box], (224, 224))
        seen.add(scale)
        full = np.asarray(crop_resize(decoded[1], box, 1, (224, 224)))
        reduced = np.asarray(
            crop_resize(decoded[scale], box, scale, (224, 224)))
        diff = np.abs(full.astype(int) - reduced.astype(int)).mean()
        assert diff <= MAX_MEAN_ABS_DIFF, (box, scale, diff)
        if scale > 1:
            assert psnr(full, reduced) >= MIN_PSNR_DB, (box, scale)
    assert seen == {4, 8}


def test_two_views_from_one_reduced_decode(tmp_path):
    path = str(tmp_path / 'a.jpg')
    write_jpeg(path, (2600, 1900), seed=2)
    transform = DecodeCropViews(num_views=2, crop_size=224)
    np.random.seed(0)
    scales = set()
    for _ in range(10):
        out = transform(dict(img_path=path))
        scale = out['decode_scale']
        scales.add(scale)
        assert len(out['img']) == 2 and len(out['view_params']) == 2
        for view, params in zip(out['img'], out['view_params']):
            assert view.shape == (224, 224, 3) and view.dtype == np.uint8
            _, _, w, h = params.box
            assert min(w, h) / scale >= 224
        assert out['ori_shape'] == (1900, 2600)
        assert dct_scale([p.box for p in out['view_params']],
                         (224, 224)) == scale
    assert max(scales) > 1


def test_packed_views_normalise_like_the_release(tmp_path, mmselfsup_scope):
    """uint8 BGR (3, 224, 224) tensors from the pipeline; the data
    preprocessor turns them into RGB normalised with the ImageNet stats."""
    path = str(tmp_path / 'a.jpg')
    write_jpeg(path, (500, 400), seed=3)
    cfg = Config.fromfile(FAST)
    pipeline = Compose(built_pipeline(FAST, 'unlabeled'))
    packed = pipeline(dict(img_path=path))
    views = packed['inputs']
    assert [(v.dtype, tuple(v.shape)) for v in views] == \
        [(torch.uint8, (3, 224, 224))] * 2
    preprocessor = MODELS.build(cfg.data_preprocessor)
    out = preprocessor(
        dict(inputs=[v[None] for v in views], data_samples=None), False)
    mean = torch.tensor(cfg.data_preprocessor.mean).view(3, 1, 1)
    std = torch.tensor(cfg.data_preprocessor.std).view(3, 1, 1)
    expected = (views[0].flip(0).float() - mean) / std
    assert out['inputs'][0].dtype == torch.float32
    torch.testing.assert_close(out['inputs'][0][0], expected)


def test_exif_orientation_is_applied_as_opencv_does(tmp_path, mmselfsup_scope):
    path = str(tmp_path / 'rotated.jpg')
    write_jpeg(path, (600, 400), seed=4)
    with Image.open(path) as img:
        exif = img.getexif()
        exif[0x0112] = 6  # rotate 90 degrees clockwise to display
        img.save(path, exif=exif.tobytes(), quality=95)
    out = DecodeCropViews(
        crop_scale=(1, 1), aspect_ratio_range=(1, 1))(
            dict(img_path=path))
    assert out['ori_shape'] == (600, 400)
    loaded = TRANSFORMS.build(dict(type='LoadImageFromFile'))(
        dict(img_path=path))['img']
    assert loaded.shape[:2] == (600, 400)
    x, y, w, h = out['view_params'][0].box
    expected = np.asarray(
        Image.fromarray(loaded[y:y + h, x:x + w, ::-1]).resize(
            (224, 224), Image.BILINEAR))[..., ::-1]
    assert np.array_equal(out['img'], expected)


@pytest.mark.parametrize('mode,suffix', [('L', '.jpg'), ('RGB', '.png'),
                                         ('RGBA', '.png')])
def test_other_modes_and_formats_give_bgr_views(tmp_path, mode, suffix):
    path = str(tmp_path / f'a{suffix}')
    Image.new(mode, (300, 260), (90, ) * len(mode)).save(path)
    out = DecodeCropViews()(dict(img_path=path))
    assert out['img'].shape == (224, 224, 3)
    assert out['decode_scale'] == 1
    assert np.all(out['img'] == 90)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match='num_views'):
        DecodeCropViews(num_views=0)
    with pytest.raises(ValueError, match='max_dct_scale'):
        DecodeCropViews(max_dct_scale=3)
    with pytest.raises(ValueError, match='crop_ratio_range'):
        DecodeCropViews(crop_scale=(0.5, 0.2))
    with pytest.raises(ValueError, match='brightness'):
        DecodeCropViews(jitter=dict(brightness=-0.1))
