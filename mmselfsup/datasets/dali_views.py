"""The released view augmentation as an NVIDIA DALI graph.

A view is drawn as the released pipeline draws it: the crop by
``fn.decoders.image_random_crop`` (area fraction uniform in ``crop_scale``,
aspect ratio log-uniform in (3/4, 4/3), ten attempts), which decodes only
that region, then a bilinear, antialiased resize to ``crop_size``, the BGR
luma grayscale with ``grayscale_prob``, the four jitter steps in a random
order, and a horizontal flip with ``flip_prob``. The photometric steps are
Pillow's arithmetic written as DALI expressions, so that they act as the
release's (mmcv's ``adjust_*`` on Pillow) do:

- brightness, contrast and saturation blend the view with black, its mean
  grey or its grey image (Pillow's ``ImageEnhance``), truncating to uint8;
- the hue step is Pillow's RGB -> HSV conversion, the shift of the uint8
  hue by ``uint8(int32(factor * 255))`` and Pillow's HSV -> RGB, not DALI's
  ``fn.hue`` (a rotation in YIQ, which moves colours differently).

The module needs DALI (``pip install nvidia-dali-cuda120``); it is imported
only by :class:`mmselfsup.datasets.dali_loader.DALIViewLoader` when that
builds its pipeline, so the toolbox imports without it.
"""
import itertools
from typing import Dict

import numpy as np
import nvidia.dali.fn as fn
import nvidia.dali.math as dmath
import nvidia.dali.types as types
from nvidia.dali import pipeline_def

from .fast_views import jitter_ranges
from .views import check_view

# Row k of the table is the k-th permutation of the four jitter steps
# (0 brightness, 1 contrast, 2 saturation, 3 hue), as itertools lists them.
JITTER_ORDERS = np.array(list(itertools.permutations(range(4))), np.int32)
# The release's grayscale weights (B, G, R) in 1/1000: k / 1000 in double is
# fast_views.BGR_LUMA exactly (a test checks it).
LUMA_PER_MILLE = (114, 587, 299)
# Pillow's RGB -> L weights, in 1/65536 (ITU-R 601-2 luma, rounded).
PILLOW_L24 = (19595, 38470, 7471)


def _floor_u8(x):
    """Pillow's float -> uint8: clipped to [0, 255], then truncated."""
    return dmath.floor(dmath.clamp(x, 0.0, 255.0))


def _blend(degenerate, img, factor):
    """Pillow's ``Image.blend(degenerate, img, factor)`` on float pixels."""
    return _floor_u8(degenerate + factor * (img - degenerate))


def _channels(img):
    return img[:, :, 0], img[:, :, 1], img[:, :, 2]


def _stack(r, g, b):
    return fn.reshape(fn.stack(r, g, b, axis=2), layout='HWC')


def pillow_grey(img):
    """``img.convert('L')`` of a float RGB image, as float."""
    r, g, b = _channels(img)
    fixed = (
        r * PILLOW_L24[0] + g * PILLOW_L24[1] + b * PILLOW_L24[2] + 32768.0)
    return dmath.floor(fixed / 65536.0)


def brightness(img, factor):
    return _blend(0.0, img, factor)


def contrast(img, factor):
    """Blend with the rounded mean of the grey image (``ImageEnhance``)."""
    mean = dmath.floor(fn.reductions.mean(pillow_grey(img)) + 0.5)
    return _blend(mean, img, factor)


def saturation(img, factor):
    grey = pillow_grey(img)
    return _blend(_stack(grey, grey, grey), img, factor)


def grayscale(img):
    """The release's ``RandomGrayscale``: truncated luma, three channels."""
    r, g, b = (_f64(c) for c in _channels(img))
    # summed in the release's order (B, G, R)
    # DALI keeps a float constant as float32: each weight is made in double
    # from integers, as k / 1000 (which is how the release's weights round)
    zero = b * 0
    w_b, w_g, w_r = ((zero + k) / 1000 for k in LUMA_PER_MILLE)
    luma = dmath.floor(b * w_b + g * w_g + r * w_r)
    luma = _f32(luma)
    return _stack(luma, luma, luma)


def hue_shift(factor):
    """The uint8 hue shift of a factor: ``uint8(int32(factor * 255))``."""
    turns = factor * 255.0
    negative = turns < 0
    truncated = dmath.floor(dmath.abs(turns)) * (1 - 2 * negative)
    return truncated + 256.0 * negative


def _select(index, values):
    """``values[index]`` per pixel, for a float index in 0..len-1."""
    out = (index == 0) * values[0]
    for k, value in enumerate(values[1:], 1):
        out = out + (index == k) * value
    return out


def _f64(node):
    return fn.cast(node, dtype=types.FLOAT64)


def _f32(node):
    return fn.cast(node, dtype=types.FLOAT)


def _c64(value: float):
    """A double constant of a value float32 holds exactly (DALI stores a
    float constant as float32)."""
    return types.Constant(value, dtype=types.FLOAT64)


def shift_hue(img, shift):
    """Pillow's RGB -> HSV, ``(h + shift) % 256``, HSV -> RGB, on a float
    RGB image (Convert.c's ``rgb2hsv_row`` and ``hsv2rgb``), computing in
    float or double where that C code does, so that the pixels are the
    same."""
    r, g, b = _channels(img)
    maxc = dmath.max(r, dmath.max(g, b))
    minc = dmath.min(r, dmath.min(g, b))
    span = maxc - minc
    flat = span == 0
    safe = span + flat  # a grey pixel keeps h = s = 0
    rc, gc, bc = ((maxc - c) / safe for c in (r, g, b))
    is_r = r == maxc
    is_g = (g == maxc) * (1 - is_r)
    is_b = (1 - is_r) * (1 - is_g)
    rc, gc, bc = (_f64(c) for c in (rc, gc, bc))
    h = _f32(is_r * (bc - gc) + is_g * (_c64(2.0) + rc - bc) + is_b *
             (_c64(4.0) + gc - rc))
    h = _f64(h) / _c64(6.0) + _c64(1.0)
    h = _f32(h - dmath.floor(h))
    not_flat = 1 - flat
    hue = dmath.floor(_f64(h) * _c64(255.0)) * not_flat
    sat = span / (maxc + flat)  # float, as in C
    sat = dmath.floor(_f64(sat) * _c64(255.0)) * not_flat
    hue = hue + shift
    hue = hue - 256.0 * (hue >= 256.0)
    sixths = hue * _c64(6.0) / _c64(255.0)
    sector = dmath.floor(sixths)
    frac = _f32(sixths - sector)  # float f
    sector = sector - 6.0 * (sector >= 6.0)
    fs = _f32(sat / _c64(255.0))  # float fs
    v = _f64(maxc)
    one = _c64(1.0)
    p = dmath.floor(v * (one - fs) + 0.5)
    q = dmath.floor(v * (one - _f64(fs * frac)) + 0.5)
    t = dmath.floor(v * (one - fs * (one - frac)) + 0.5)
    grey = sat == 0
    keep = 1 - grey
    out = []
    for values in ((v, q, p, p, t, v), (t, v, v, q, p, p), (p, p, t, v, v, q)):
        out.append(_select(sector, values) * keep + v * grey)
    return _f32(_stack(*out))


def draw_view(spec: dict) -> Dict[str, object]:
    """The per-sample draws of one view of the spec (CPU nodes), by name:
    ``grayscale``, ``jitter_order`` (a row of :data:`JITTER_ORDERS`), the
    factor of each jitter step the spec applies, and ``flip``."""
    draws = dict(
        grayscale=fn.random.coin_flip(probability=spec['grayscale_prob']),
        jitter_order=fn.random.uniform(
            values=list(range(len(JITTER_ORDERS))), dtype=types.INT32))
    for name, (low, high) in jitter_ranges(spec['jitter']).items():
        if low < high:  # a step of strength 0 is not applied
            draws[name] = fn.random.uniform(range=(low, high))
    draws['flip'] = fn.random.coin_flip(probability=spec['flip_prob'])
    return draws


def photometric(view, draws: Dict[str, object], device: str):
    """Grayscale, the jitter steps in the drawn order, then uint8 HWC RGB.

    ``view`` is a uint8 HWC RGB node on ``device``; the draws are CPU nodes
    (moved to the GPU where they meet GPU pixels).
    """

    def on_device(node):
        return node.gpu() if device == 'gpu' else node

    img = fn.cast(view, dtype=types.FLOAT)
    if draws['grayscale']:
        img = grayscale(img)
    steps = {
        0: ('brightness', brightness),
        1: ('contrast', contrast),
        2: ('saturation', saturation),
        3: ('hue', lambda x, f: shift_hue(x, hue_shift(f))),
    }
    applied = [(k, name, apply) for k, (name, apply) in steps.items()
               if name in draws]
    table = fn.constant(
        idata=JITTER_ORDERS.ravel().tolist(),
        shape=list(JITTER_ORDERS.shape),
        dtype=types.INT32)
    order = table[draws['jitter_order']]
    for position in range(4):
        step = order[position]
        for k, name, apply in applied:
            if step == k:
                img = apply(img, on_device(draws[name]))
    return fn.cast(img, dtype=types.UINT8)


def decode_crop(encoded, spec: dict, device: str):
    """The random crop of each encoded image, decoded alone (uint8 HWC
    RGB): RandomResizedCrop's draw with the spec's ``crop_scale``."""
    return fn.decoders.image_random_crop(
        encoded,
        device='mixed' if device == 'gpu' else 'cpu',
        output_type=types.RGB,
        random_area=list(spec['crop_scale']),
        random_aspect_ratio=[3 / 4, 4 / 3],
        num_attempts=10)


def render(crop, draws: Dict[str, object], spec: dict, device: str):
    """A decoded crop resized and augmented: uint8 CHW BGR."""
    size = spec['crop_size']
    height, width = (size, size) if isinstance(size, int) else size
    view = fn.resize(
        crop,
        resize_x=width,
        resize_y=height,
        interp_type=types.INTERP_LINEAR,
        antialias=True)
    view = photometric(view, draws, device)
    view = fn.color_space_conversion(
        view, image_type=types.RGB, output_type=types.BGR)
    return fn.crop_mirror_normalize(
        view, mirror=draws['flip'], output_layout='CHW', dtype=types.UINT8)


def view_graph(encoded, spec: dict, device: str):
    """One view of each encoded image (uint8 CHW BGR on ``device``) and its
    draws: those of :func:`draw_view`, and ``crop_shape``, the (h, w, 3) of
    the decoded crop."""
    spec = check_view(spec)
    crop = decode_crop(encoded, spec, device)
    draws = draw_view(spec)
    view = render(crop, draws, spec, device)
    return view, dict(crop_shape=crop.shape(device='cpu'), **draws)


@pipeline_def(enable_conditionals=True)
def gersp_views_pipeline(source, labeled_view: dict, unlabeled_view: dict,
                         device: str):
    """GeRSP's three views per sample, one of the labeled image and two
    (query, key) of the unlabeled one, then the label. ``source`` is a
    batch callable returning (labeled JPEG bytes, unlabeled JPEG bytes,
    labels), as ``fn.external_source`` calls it."""
    labeled, unlabeled, label = fn.external_source(
        source=source, num_outputs=3, batch=True, batch_info=True)
    views = [
        view_graph(encoded, spec, device)[0]
        for encoded, spec in ((labeled, labeled_view),
                              (unlabeled, unlabeled_view), (unlabeled,
                                                            unlabeled_view))
    ]
    return (*views, label)
