"""Crop-aware decoding: the views of one image cut from a single decode made
at the coarsest JPEG scale that the crops allow.

The released view pipeline (``LoadImageFromFile`` -> ``RandomResizedCrop``
-> ``RandomGrayscale`` -> ``GeRSPColorJitter`` -> ``RandomFlip``, once per
view) decodes the whole image at full size and spends most of its time
there: a Million-AID image is often thousands of pixels a side, of which
each view keeps a crop resized to 224 px. :class:`DecodeCropViews` draws the
crop boxes from the size in the file header first, then asks libjpeg for a
1/2, 1/4 or 1/8 scale decode (its DCT scaling, Pillow's draft mode) that
still leaves every crop at least the output size, and cuts all views from
that one decode. The photometric steps work on one Pillow image per view,
with no BGR/RGB round trip between them.
"""
import math
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image, ImageEnhance, ImageOps

from mmselfsup.registry import TRANSFORMS
from .loading import open_trusted
from .views import JITTER_KEYS

DCT_SCALES = (8, 4, 2, 1)
# EXIF orientations that swap width and height (a quarter turn).
TRANSPOSED_ORIENTATIONS = (5, 6, 7, 8)
# The release's RandomGrayscale weights, in BGR order (B, G, R).
BGR_LUMA = np.array((0.114, 0.587, 0.299)) / sum((0.114, 0.587, 0.299))


class ViewParams(NamedTuple):
    """The random draws behind one view.

    ``box`` is ``(x, y, w, h)`` in pixels of the source image (after its
    EXIF orientation); ``jitter_order`` lists the photometric steps in the
    order applied (0 brightness, 1 contrast, 2 saturation, 3 hue).
    """
    box: Tuple[int, int, int, int]
    grayscale: bool
    jitter_order: Tuple[int, ...]
    brightness: float
    contrast: float
    saturation: float
    hue: float
    flip: bool


def sample_crop_box(height: int,
                    width: int,
                    crop_ratio_range: Sequence[float],
                    aspect_ratio_range: Sequence[float],
                    max_attempts: int = 10) -> Tuple[int, int, int, int]:
    """A random crop ``(x, y, w, h)`` of a ``height`` x ``width`` image.

    The algorithm, and the order of its ``np.random`` draws, are those of
    mmpretrain's ``RandomResizedCrop.rand_crop_params`` (itself torchvision's
    ``RandomResizedCrop.get_params``): area fraction uniform in
    ``crop_ratio_range``, aspect ratio log-uniform, ``max_attempts`` tries,
    then a centre crop clipped to ``aspect_ratio_range``.
    """
    area = height * width
    log_ratio = (math.log(aspect_ratio_range[0]),
                 math.log(aspect_ratio_range[1]))
    for _ in range(max_attempts):
        target_area = np.random.uniform(*crop_ratio_range) * area
        aspect_ratio = math.exp(np.random.uniform(*log_ratio))
        w = int(round(math.sqrt(target_area * aspect_ratio)))
        h = int(round(math.sqrt(target_area / aspect_ratio)))
        if 0 < w <= width and 0 < h <= height:
            y = np.random.randint(0, height - h + 1)
            x = np.random.randint(0, width - w + 1)
            return x, y, w, h
    in_ratio = width / height
    if in_ratio < min(aspect_ratio_range):
        w, h = width, int(round(width / min(aspect_ratio_range)))
    elif in_ratio > max(aspect_ratio_range):
        w, h = int(round(height * max(aspect_ratio_range))), height
    else:
        w, h = width, height
    return (width - w) // 2, (height - h) // 2, w, h


def dct_scale(boxes: Sequence[Tuple[int, int, int, int]],
              out_size: Tuple[int, int],
              max_scale: int = 8) -> int:
    """The largest JPEG reduction (1, 2, 4 or 8, at most ``max_scale``)
    after which every box still spans ``out_size = (h, w)`` pixels, so no
    view is upsampled more than it would be from the full decode."""
    room = min(min(w / out_size[1], h / out_size[0]) for _, _, w, h in boxes)
    return next(s for s in DCT_SCALES if s <= min(room, max_scale) or s == 1)


def crop_resize(img: Image.Image, box: Tuple[int, int, int, int], scale: int,
                size: Tuple[int, int]) -> Image.Image:
    """Resize the source box ``(x, y, w, h)`` of ``img``, an image decoded
    at ``1 / scale``, to ``size = (h, w)`` with bilinear interpolation.

    At scale 1 this crops, then resizes, as the release does (mmcv's
    ``imcrop`` + ``imresize(backend='pillow')``), and gives the same pixels.
    At a reduced scale the box has fractional coordinates, which Pillow's
    ``resize(box=...)`` resamples without rounding them to whole pixels.
    """
    x, y, w, h = box
    if scale == 1:
        return img.crop((x, y, x + w, y + h)).resize(size[::-1],
                                                     Image.BILINEAR)
    return img.resize(
        size[::-1],
        Image.BILINEAR,
        box=(x / scale, y / scale, (x + w) / scale, (y + h) / scale))


def to_grayscale(img: Image.Image) -> Image.Image:
    """The release's ``RandomGrayscale``: luma weighted in BGR order,
    truncated to uint8, kept as three channels; the same bits."""
    rgb = np.asarray(img, dtype=np.float64)
    luma = (
        rgb[..., 2] * BGR_LUMA[0] + rgb[..., 1] * BGR_LUMA[1] +
        rgb[..., 0] * BGR_LUMA[2])
    return Image.fromarray(luma.astype(np.uint8), 'L').convert('RGB')


def shift_hue(img: Image.Image, factor: float) -> Image.Image:
    """:func:`mmselfsup.datasets.transforms.adjust_hue` on an RGB Pillow
    image: the same HSV round trip and the same truncated shift."""
    shift = int(np.int32(factor * 255).astype(np.uint8))
    h, s, v = img.convert('HSV').split()
    h = h.point([(i + shift) % 256 for i in range(256)])
    return Image.merge('HSV', (h, s, v)).convert('RGB')


# The jitter steps in mmpretrain's ColorJitter order: (name, centre of the
# factor, bound of its range).
JITTER_STEPS = (('brightness', 1.0,
                 (0.0, float('inf'))), ('contrast', 1.0, (0.0, float('inf'))),
                ('saturation', 1.0, (0.0, float('inf'))), ('hue', 0.0, (-0.5,
                                                                        0.5)))


def jitter_ranges(jitter: Dict[str, float]) -> Dict[str, Tuple[float, float]]:
    """mmpretrain's ``ColorJitter`` factor range of each step for the
    strengths ``jitter`` (a missing one is 0): ``centre -/+ strength``,
    clipped to the step's bound, in step order."""
    ranges = {}
    for name, center, bound in JITTER_STEPS:
        value = jitter.get(name, 0.0)
        if value < 0:
            raise ValueError(f'{name} must be non-negative, got {value}')
        ranges[name] = (max(center - value,
                            bound[0]), min(center + value, bound[1]))
    return ranges


@TRANSFORMS.register_module()
class DecodeCropViews(BaseTransform):
    """Load an image and cut ``num_views`` augmented views from one decode.

    Each view is drawn as in the release's view pipeline, with the same
    distributions: ``RandomResizedCrop(crop_size, crop_scale,
    backend='pillow')`` (bilinear), ``RandomGrayscale(grayscale_prob,
    keep_channels=True)`` with the BGR luma weights, ``GeRSPColorJitter(
    **jitter)`` (random order of the four steps) and a horizontal flip with
    ``flip_prob``. The arguments are those of a view spec
    (:mod:`mmselfsup.datasets.views`), so ``DecodeCropViews(num_views=2,
    **view)`` draws the views that spec describes. What differs:

    - the crop boxes are drawn from the size in the file header, before
      decoding, and the image is decoded once for all its views;
    - a JPEG is decoded at 1/2, 1/4 or 1/8 of its size when every box still
      spans the output size at that scale (:func:`dct_scale`); the boxes
      are mapped into the reduced image, so the views cover the same part
      of the scene and differ from full-decode views by resampling only;
    - the image is decoded by Pillow instead of OpenCV (both wheels ship
      libjpeg-turbo and decode to the same pixels).

    At scale 1 a view is bit for bit what the released pipeline makes of
    the same file with the same draws. The EXIF orientation is applied, as
    OpenCV does, and Pillow's decompression-bomb limit is lifted (the
    images of a training set are trusted).

    Added keys: ``img`` (one BGR uint8 (H, W, 3) array, or a list of
    ``num_views`` of them when ``num_views > 1``), ``img_shape`` (of a
    view), ``ori_shape`` (of the source image), ``decode_scale`` (1, 2, 4
    or 8) and ``view_params`` (a :class:`ViewParams` per view). The arrays
    are read-only views of Pillow's buffers; ``PackInputs`` copies them
    into tensors.

    Args:
        num_views (int): Views per image. Defaults to 1.
        crop_size (int | Sequence[int]): Output size, ``(h, w)`` or a
            side. Defaults to 224.
        crop_scale (Sequence[float]): Area fraction of a crop
            (``RandomResizedCrop``'s ``crop_ratio_range``). Defaults to
            (0.08, 1.0).
        aspect_ratio_range (Sequence[float]): Aspect ratio w / h of a crop.
            Defaults to (3 / 4, 4 / 3).
        max_attempts (int): Tries before the centre-crop fallback.
            Defaults to 10.
        grayscale_prob (float): Probability of a grayscale view.
        jitter (dict, optional): Colour jitter strengths, any of
            ``brightness``, ``contrast``, ``saturation`` (a factor drawn
            from ``[max(0, 1 - x), 1 + x]``) and ``hue`` (a shift drawn
            from ``[-x, x]`` turns, at most 0.5); a missing one, or 0, is
            no jitter.
        flip_prob (float): Probability of a horizontal flip.
        max_dct_scale (int): Strongest JPEG reduction allowed (1 decodes
            every image whole). Defaults to 8.
    """

    def __init__(self,
                 num_views: int = 1,
                 crop_size: Union[int, Sequence[int]] = 224,
                 crop_scale: Sequence[float] = (0.08, 1.0),
                 aspect_ratio_range: Sequence[float] = (3 / 4, 4 / 3),
                 max_attempts: int = 10,
                 grayscale_prob: float = 0.0,
                 jitter: Optional[Dict[str, float]] = None,
                 flip_prob: float = 0.0,
                 max_dct_scale: int = 8) -> None:
        if num_views < 1:
            raise ValueError(f'num_views must be positive, got {num_views}')
        if max_dct_scale not in DCT_SCALES:
            raise ValueError(f'max_dct_scale must be one of {DCT_SCALES}, '
                             f'got {max_dct_scale}')
        jitter = dict(jitter or {})
        unknown = set(jitter) - set(JITTER_KEYS)
        if unknown:
            raise KeyError(f'Unknown jitter key(s) {sorted(unknown)}; the '
                           f'accepted keys are {", ".join(JITTER_KEYS)}.')
        for name, low, high in (('crop_scale (crop_ratio_range)', *crop_scale),
                                ('aspect_ratio_range', *aspect_ratio_range)):
            if not 0 < low <= high:
                raise ValueError(f'{name} must be (min, max) with '
                                 f'0 < min <= max, got ({low}, {high})')
        self.num_views = num_views
        self.crop_size = ((crop_size, crop_size)
                          if isinstance(crop_size, int) else tuple(crop_size))
        self.crop_scale = tuple(crop_scale)
        self.aspect_ratio_range = tuple(aspect_ratio_range)
        self.max_attempts = max_attempts
        self.grayscale_prob = grayscale_prob
        (self.brightness, self.contrast, self.saturation,
         self.hue) = jitter_ranges(jitter).values()
        self.flip_prob = flip_prob
        self.max_dct_scale = max_dct_scale

    def sample_params(self, height: int, width: int) -> ViewParams:
        """Draw one view of a ``height`` x ``width`` image; the jitter draws
        come in the order of mmpretrain's ``ColorJitter``."""
        box = sample_crop_box(height, width, self.crop_scale,
                              self.aspect_ratio_range, self.max_attempts)
        grayscale = np.random.rand() < self.grayscale_prob
        order = tuple(int(i) for i in np.random.permutation(4))
        factors = [
            np.random.uniform(*r) for r in (self.brightness, self.contrast,
                                            self.saturation, self.hue)
        ]
        flip = np.random.rand() < self.flip_prob
        return ViewParams(box, bool(grayscale), order, *factors, bool(flip))

    def render(self, img: Image.Image, params: ViewParams,
               scale: int) -> np.ndarray:
        """One view of ``img`` (RGB, decoded at ``1 / scale``) as BGR."""
        view = crop_resize(img, params.box, scale, self.crop_size)
        if params.grayscale:
            view = to_grayscale(view)
        for step in params.jitter_order:
            if step == 0 and self.brightness != (1, 1):
                view = ImageEnhance.Brightness(view).enhance(params.brightness)
            elif step == 1 and self.contrast != (1, 1):
                view = ImageEnhance.Contrast(view).enhance(params.contrast)
            elif step == 2 and self.saturation != (1, 1):
                view = ImageEnhance.Color(view).enhance(params.saturation)
            elif step == 3 and self.hue != (0, 0):
                view = shift_hue(view, params.hue)
        if params.flip:
            view = view.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        return np.asarray(view)[..., ::-1]

    def transform(self, results: dict) -> dict:
        with open_trusted(results['img_path']) as img:
            width, height = img.size
            orientation = img.getexif().get(0x0112, 1)
            if orientation in TRANSPOSED_ORIENTATIONS:
                width, height = height, width
            params = [
                self.sample_params(height, width)
                for _ in range(self.num_views)
            ]
            raw_width = img.width
            if img.format == 'JPEG':
                wanted = dct_scale([p.box for p in params], self.crop_size,
                                   self.max_dct_scale)
                # Pillow picks the largest scale whose result is at least
                # the requested size: exactly ``wanted`` for this request.
                img.draft('RGB', (raw_width // wanted, img.height // wanted))
            img.load()
        # A reduced side is ceil(side / scale) pixels.
        scale = round(raw_width / img.width)
        if img.mode != 'RGB':
            img = img.convert('RGB')
        if orientation != 1:
            img = ImageOps.exif_transpose(img)
        views: List[np.ndarray] = [self.render(img, p, scale) for p in params]
        results['img'] = views[0] if self.num_views == 1 else views
        results['img_shape'] = self.crop_size
        results['ori_shape'] = (height, width)
        results['decode_scale'] = scale
        results['view_params'] = params
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_views={self.num_views}, '
                f'crop_size={self.crop_size}, '
                f'crop_scale={self.crop_scale}, '
                f'aspect_ratio_range={self.aspect_ratio_range}, '
                f'grayscale_prob={self.grayscale_prob}, '
                f'brightness={self.brightness}, contrast={self.contrast}, '
                f'saturation={self.saturation}, hue={self.hue}, '
                f'flip_prob={self.flip_prob}, '
                f'max_dct_scale={self.max_dct_scale})')
