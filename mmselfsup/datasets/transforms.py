"""A ColorJitter that works with NumPy 2: ``GeRSPColorJitter``.

mmcv 2.1's ``adjust_hue`` shifts the hue channel by ``np.uint8(factor *
255)``, which NumPy >= 2 refuses for a negative factor (OverflowError), so
mmpretrain's ColorJitter with ``hue > 0`` fails on about half of the images.
Our configs name this class explicitly (``type='mmselfsup.GeRSPColorJitter'``),
so one
config line means the same code in every scope; everything but the hue step
is mmpretrain's.
"""
from typing import Dict

import mmcv
import numpy as np
from mmpretrain.datasets.transforms import ColorJitter
from PIL import Image

from mmselfsup.registry import TRANSFORMS


def adjust_hue(img: np.ndarray, factor: float) -> np.ndarray:
    """Rotate the hue of a BGR uint8 image by ``factor`` turns.

    Same result as torchvision's ``adjust_hue`` on the RGB image (PIL's HSV,
    the shift truncated to 1/255 turns and wrapped around).
    """
    h, s, v = Image.fromarray(np.ascontiguousarray(
        img[..., ::-1])).convert('HSV').split()
    shift = np.int32(factor * 255).astype(np.uint8)
    h = Image.fromarray(np.asarray(h, np.uint8) + shift, 'L')
    rgb = Image.merge('HSV', (h, s, v)).convert('RGB')
    return np.asarray(rgb)[..., ::-1].copy()


@TRANSFORMS.register_module()
class GeRSPColorJitter(ColorJitter):
    """mmpretrain's ColorJitter (same arguments, same random order of the
    four adjustments); the hue step always uses Pillow, via
    :func:`adjust_hue`."""

    def transform(self, results: Dict) -> Dict:
        img = results['img']
        order, brightness, contrast, saturation, hue = self._rand_params()
        for index in order:
            if index == 0 and brightness is not None:
                img = mmcv.adjust_brightness(
                    img, brightness, backend=self.backend)
            elif index == 1 and contrast is not None:
                img = mmcv.adjust_contrast(img, contrast, backend=self.backend)
            elif index == 2 and saturation is not None:
                img = mmcv.adjust_color(
                    img, alpha=saturation, backend=self.backend)
            elif index == 3 and hue is not None:
                img = adjust_hue(img, hue)
        results['img'] = img
        return results
