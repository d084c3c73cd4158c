"""The statistical comparison of view draws with torchvision's draws of
the released augmentation, and the pixel bounds of a resampled view: shared
by the tests of every decode path (DecodeCropViews, the DALI graph)."""
import itertools
import os.path as osp

import numpy as np
import torch
from mmengine.config import Config
from scipy import stats
from torchvision import transforms as T

from mmselfsup.datasets.views import check_view
from tests.helpers import REPO

FAST = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_crop-decode.py')
# Source sizes (h, w) the draws cycle through; the last is elongated enough
# for the centre-crop fallback to happen.
SIZES = [(1000, 1500), (480, 640), (300, 1200)]
DRAWS = 6000
# Per comparison. Eight comparisons: family-wise false alarms < 1 %.
ALPHA = 1e-3
# Reduced- vs full-decode crop of the same box, in grey levels of 255.
MAX_MEAN_ABS_DIFF = 3.0
MIN_PSNR_DB = 35.0


def released_spec():
    return check_view(
        Config.fromfile(FAST).train_dataloader.dataset.labeled.view)


def reference_draws():
    """torchvision's draws for the released augmentation."""
    torch.manual_seed(0)
    crop = T.RandomResizedCrop(224, scale=(0.2, 1.0))
    jitter = T.ColorJitter(0.4, 0.4, 0.4, 0.4)
    rows = []
    for i in range(DRAWS):
        h, w = SIZES[i % len(SIZES)]
        _, _, ch, cw = crop.get_params(
            torch.empty(1, 1, 1).expand(1, h, w), crop.scale, crop.ratio)
        _, b, c, s, hue = jitter.get_params(jitter.brightness, jitter.contrast,
                                            jitter.saturation, jitter.hue)
        rows.append((cw * ch / (h * w), cw / ch, b, c, s, hue))
    return rows


def p_values(ours, reference):
    """p-value of 'same distribution as the release' for every quantity:
    two-sample KS for the continuous draws, exact binomial tests for the
    grayscale (0.2) and flip (0.5) rates, chi-square for the jitter order
    (uniform over the 24 permutations)."""
    names = ('crop_scale', 'aspect_ratio', 'brightness', 'contrast',
             'saturation', 'hue')
    ps = {
        name:
        stats.ks_2samp([r[k] for r in ours], [r[k] for r in reference]).pvalue
        for k, name in enumerate(names)
    }
    for name, k, rate in (('grayscale', 6, 0.2), ('flip', 7, 0.5)):
        ps[name] = stats.binomtest(sum(r[k] for r in ours), len(ours),
                                   rate).pvalue
    counts = {perm: 0 for perm in itertools.permutations(range(4))}
    for r in ours:
        counts[r[8]] += 1
    ps['jitter_order'] = stats.chisquare(list(counts.values())).pvalue
    return ps


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(float) - b.astype(float))**2)
    return 10 * np.log10(255**2 / mse)
