"""Load huge JPEGs at a reduced scale chosen so that crops stay sharp."""
import math
from contextlib import contextmanager
from typing import Iterator

import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image

from mmselfsup.registry import TRANSFORMS


@contextmanager
def open_trusted(path: str) -> Iterator[Image.Image]:
    """``Image.open`` without Pillow's decompression-bomb limit: the images
    of a training set are trusted and can legitimately exceed it."""
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(path) as img:
            yield img
    finally:
        Image.MAX_IMAGE_PIXELS = limit


@TRANSFORMS.register_module()
class LoadImageReduced(BaseTransform):
    """Load an image as BGR uint8, decoding large JPEGs at 1/2, 1/4 or 1/8.

    Million-AID holds images of up to tens of thousands of pixels a side, of
    which every view keeps a random crop resized to 224 px. A full decode of
    such an image costs seconds and gigabytes per dataloader worker. JPEG can
    be decoded directly at 1/2, 1/4 or 1/8 of its size (PIL's draft mode);
    this loader uses the strongest reduction that keeps the shorter side at
    least ``min_side`` pixels, so the smallest crop of
    ``RandomResizedCrop(224, scale=(0.2, 1.0))`` (0.39 x the shorter side)
    still has more than 224 pixels a side and the views stay the same up to
    resampling. Images other than JPEG, and JPEGs whose shorter side is
    below ``2 * min_side``, are decoded whole.

    Pillow's decompression-bomb limit is lifted while opening: the images
    of a training set are trusted and can legitimately exceed it.

    Added keys: ``img`` (H, W, 3 BGR uint8), ``img_shape`` (decoded) and
    ``ori_shape`` (of the file).

    Args:
        min_side (int): Shorter side to keep at least. Defaults to 640.
    """

    def __init__(self, min_side: int = 640) -> None:
        if min_side < 1:
            raise ValueError(f'min_side must be positive, got {min_side}')
        self.min_side = min_side

    def transform(self, results: dict) -> dict:
        with open_trusted(results['img_path']) as img:
            width, height = img.size
            if img.format == 'JPEG':
                factor = min(width, height) / self.min_side
                if factor >= 2:
                    keep = 1 / min(8, 2**int(math.log2(factor)))
                    img.draft(
                        'RGB',
                        (math.ceil(width * keep), math.ceil(height * keep)))
            rgb = np.asarray(img.convert('RGB'))
        results['img'] = np.ascontiguousarray(rgb[..., ::-1])
        results['img_shape'] = results['img'].shape[:2]
        results['ori_shape'] = (height, width)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(min_side={self.min_side})'
