"""The DALI view graph on DALI's CPU backend: the released draws (the same
statistical tests as DecodeCropViews), the release's photometric
arithmetic bit for bit, and the resize within the reduced-decode bound."""
import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from mmselfsup.analysis.benchmark_gersp import write_jpeg
from mmselfsup.datasets.fast_views import BGR_LUMA, shift_hue, to_grayscale
from tests.view_statistics import (ALPHA, DRAWS, MAX_MEAN_ABS_DIFF,
                                   MIN_PSNR_DB, SIZES, p_values, psnr,
                                   reference_draws, released_spec)

pytest.importorskip('nvidia.dali')
fn = pytest.importorskip('nvidia.dali.fn')
types = pytest.importorskip('nvidia.dali.types')
from nvidia.dali import pipeline_def  # noqa: E402

from mmselfsup.datasets import dali_views  # noqa: E402

BATCH = 200


def jpeg_bytes(img: np.ndarray, quality: int = 95) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(img).save(buffer, 'JPEG', quality=quality)
    return np.frombuffer(buffer.getvalue(), np.uint8)


def repeat(batch):
    """An external source that gives ``batch`` at every iteration."""
    return lambda: batch


def cpu_pipeline(graph, inputs, batch_size):
    """``graph(*external sources)`` built on DALI's CPU backend, each source
    giving one of the batches ``inputs`` at every iteration."""

    @pipeline_def(
        batch_size=batch_size,
        num_threads=1,
        device_id=None,
        seed=0,
        enable_conditionals=True)
    def pipe():
        nodes = [
            fn.external_source(source=repeat(batch), batch=True)
            for batch in inputs
        ]
        return graph(*nodes)

    built = pipe()
    built.build()
    return built


def run_cpu(graph, inputs, batch_size):
    """One run of :func:`cpu_pipeline`: the outputs as lists of numpy
    arrays."""
    outputs = cpu_pipeline(graph, inputs, batch_size).run()
    return [[np.array(t) for t in out] for out in outputs]


def test_luma_weights_are_the_releases():
    assert tuple(k / 1000 for k in dali_views.LUMA_PER_MILLE) == \
        tuple(BGR_LUMA)


@pytest.fixture(scope='module')
def images():
    rng = np.random.default_rng(0)
    imgs = [
        rng.integers(0, 256, (24, 30, 3), dtype=np.uint8) for _ in range(16)
    ]
    imgs[0][:] = 77  # grey: hue and saturation are 0
    imgs[1][:, :, 0] = imgs[1][:, :, 1]  # ties between channels
    return imgs


def pillow_reference(name, img, factor):
    pil = Image.fromarray(img)
    if name == 'brightness':
        return ImageEnhance.Brightness(pil).enhance(factor)
    if name == 'contrast':
        return ImageEnhance.Contrast(pil).enhance(factor)
    if name == 'saturation':
        return ImageEnhance.Color(pil).enhance(factor)
    if name == 'hue':
        return shift_hue(pil, factor)
    return to_grayscale(pil)


@pytest.mark.parametrize('name,low,high', [('brightness', 0.6, 1.4),
                                           ('contrast', 0.6, 1.4),
                                           ('saturation', 0.6, 1.4),
                                           ('hue', -0.4, 0.4),
                                           ('grayscale', 0, 0)])
def test_photometric_steps_are_the_releases_bit_for_bit(
        images, name, low, high):
    """Each step against DecodeCropViews' Pillow step (itself bit for bit
    the release's mmcv step)."""
    rng = np.random.default_rng(1)
    factors = [np.float32(f) for f in rng.uniform(low, high, len(images))]
    factors[2] = np.float32(high)  # the ends of the range
    factors[3] = np.float32(low)

    def graph(img, factor):
        x = fn.cast(img, dtype=types.FLOAT)
        if name == 'hue':
            out = dali_views.shift_hue(x, dali_views.hue_shift(factor))
        elif name == 'grayscale':
            out = dali_views.grayscale(x)
        else:
            out = getattr(dali_views, name)(x, factor)
        return fn.cast(out, dtype=types.UINT8)

    out, = run_cpu(graph, [images, factors], len(images))
    for img, factor, ours in zip(images, factors, out):
        expected = np.asarray(pillow_reference(name, img, float(factor)))
        assert np.array_equal(ours, expected), (name, float(factor))


def flat_jpegs():
    """One flat JPEG of each test size (fast to decode: the crop draws do
    not depend on the content)."""
    return [
        jpeg_bytes(np.full((h, w, 3), 100, np.uint8), quality=50)
        for h, w in SIZES
    ]


def dali_draws(spec, num_draws=DRAWS):
    """The draws of ``num_draws`` views by the DALI graph, as the rows
    ``p_values`` compares (sizes cycling through SIZES)."""
    spec = dict(spec)
    names = []

    def graph(encoded):
        crop = dali_views.decode_crop(encoded, spec, 'cpu')
        draws = dali_views.draw_view(spec)
        names[:] = list(draws)
        return (crop.shape(device='cpu'), *draws.values())

    jpegs = flat_jpegs()
    built = cpu_pipeline(graph, [[jpegs[i % len(jpegs)]
                                  for i in range(BATCH)]], BATCH)
    rows = []
    while len(rows) < num_draws:
        shapes, *params = built.run()
        for i in range(BATCH):
            h, w = SIZES[i % len(SIZES)]
            ch, cw, _ = np.array(shapes[i])
            got = {n: np.array(p[i]).item() for n, p in zip(names, params)}
            order = tuple(dali_views.JITTER_ORDERS[got['jitter_order']])
            rows.append((ch * cw / (h * w), cw / ch, got['brightness'],
                         got['contrast'], got['saturation'], got['hue'],
                         bool(got['grayscale']), bool(got['flip']),
                         tuple(int(k) for k in order)))
    return rows[:num_draws]


@pytest.fixture(scope='module')
def reference():
    return reference_draws()


def test_draws_follow_the_released_distribution(reference):
    ps = p_values(dali_draws(released_spec()), reference)
    assert min(ps.values()) > ALPHA, ps


@pytest.mark.parametrize('change', [
    dict(crop_scale=(0.08, 1.0)),
    dict(grayscale_prob=0.25),
    dict(jitter=dict(hue=0.3)),
])
def test_the_comparison_detects_a_changed_augmentation(reference, change):
    spec = released_spec()
    change = dict(change)
    spec['jitter'].update(change.pop('jitter', {}))
    spec.update(change)
    ps = p_values(dali_draws(spec), reference)
    assert min(ps.values()) < ALPHA, (change, ps)


def test_whole_image_view_is_close_to_the_released_resize(tmp_path):
    """A crop of the whole image (area 1, the image's 4:3 aspect within the
    range) resized by DALI against Pillow's decode and bilinear resize, as
    the release resizes: within the bound of the reduced decode."""
    spec = dict(
        released_spec(),
        crop_scale=(1.0, 1.0),
        grayscale_prob=0.0,
        flip_prob=0.0,
        jitter=dict(brightness=0, contrast=0, saturation=0, hue=0))
    images, encoded = [], []
    for seed in range(4):
        path = str(tmp_path / f'{seed}.jpg')
        write_jpeg(path, (640, 480), seed=seed)
        encoded.append(np.fromfile(path, np.uint8))
        images.append(Image.open(path).convert('RGB'))

    def graph(enc):
        view, params = dali_views.view_graph(enc, spec, 'cpu')
        return view, params['crop_shape']

    views, shapes = run_cpu(graph, [encoded], len(encoded))
    for img, view, shape in zip(images, views, shapes):
        assert tuple(shape) == (480, 640, 3)
        expected = np.asarray(img.resize((224, 224), Image.BILINEAR))
        ours = view.transpose(1, 2, 0)[..., ::-1]  # CHW BGR -> HWC RGB
        diff = np.abs(ours.astype(int) - expected.astype(int)).mean()
        assert diff <= MAX_MEAN_ABS_DIFF, diff
        assert psnr(ours, expected) >= MIN_PSNR_DB


def test_views_are_bgr_chw_and_flipped_as_drawn():
    """A left-red, right-blue image: BGR channel order, CHW layout, and the
    flip draw says which side the red is on."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:, :200, 0] = 255
    img[:, 200:, 2] = 255
    spec = dict(
        released_spec(),
        crop_scale=(1.0, 1.0),
        grayscale_prob=0.0,
        jitter=dict(brightness=0, contrast=0, saturation=0, hue=0))

    def graph(enc):
        view, params = dali_views.view_graph(enc, spec, 'cpu')
        return view, params['flip']

    views, flips = run_cpu(graph, [[jpeg_bytes(img)] * 32], 32)
    assert 0 < sum(int(f) for f in flips) < 32
    for view, flip in zip(views, flips):
        assert view.shape == (3, 224, 224) and view.dtype == np.uint8
        red_left = view[2, :, :100].mean() > 200 and view[
            0, :, :100].mean() < 50
        assert red_left != bool(flip)
