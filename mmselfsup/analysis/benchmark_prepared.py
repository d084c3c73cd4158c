"""What offline preparation (``tools/dataset_converters/prepare_unlabeled.py``)
buys: GeRSP's two unlabeled views per image (``DecodeCropViews``, the crop
decode) from the original files against the prepared ones, on generated
JPEGs of Million-AID-like sizes, one core, alternating image by image; and
how far the views of a prepared image are from those of the original with
the same crops (the original decoded whole, ``max_dct_scale=1``).

The last lines are the figures, one ``name: value`` a line.

Example:
    python tools/analysis_tools/benchmark_prepared.py --images 48
"""
import argparse
import os
import os.path as osp
import statistics
import tempfile
import time
from typing import Dict, List

import numpy as np
from PIL import Image

from mmselfsup.analysis.benchmark_gersp import (image_sizes, one_core,
                                                write_jpeg)
from mmselfsup.dataset_converters.prepare_unlabeled import (min_short_side,
                                                            prepare,
                                                            scaled_box)
from mmselfsup.datasets.fast_views import (DecodeCropViews, crop_resize,
                                           sample_crop_box)

# GeRSP's unlabeled view spec (configs/selfsup/_base_/datasets/)
VIEW = dict(
    crop_size=224,
    crop_scale=(0.2, 1.0),
    grayscale_prob=0.2,
    jitter=dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
    flip_prob=0.5)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--images', type=int, default=48)
    parser.add_argument('--passes', type=int, default=3)
    parser.add_argument(
        '--crops',
        type=int,
        default=8,
        help='per image, '
        'for the pixel comparison')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def time_views(paths: Dict[str, List[str]], passes: int) -> Dict[str, float]:
    """Samples (two views) per second of each list of files."""
    views = DecodeCropViews(num_views=2, **VIEW)
    total = {name: 0.0 for name in paths}
    count = len(next(iter(paths.values())))
    for i in range(count):  # untimed: page cache, allocator
        for name in paths:
            views.transform(dict(img_path=paths[name][i]))
    for p in range(passes):
        for i in range(count):
            names = list(paths) if (i + p) % 2 else list(paths)[::-1]
            for name in names:
                start = time.perf_counter()
                views.transform(dict(img_path=paths[name][i]))
                total[name] += time.perf_counter() - start
    return {name: passes * count / t for name, t in total.items()}


def view_errors(original: str, prepared: str, crops: int) -> List[float]:
    """Mean absolute difference (grey levels) of the same crops resized to
    224 px from both files."""
    full = Image.open(original).convert('RGB')
    small = Image.open(prepared).convert('RGB')
    errors = []
    for _ in range(crops):
        x, y, w, h = sample_crop_box(full.size[1], full.size[0],
                                     VIEW['crop_scale'], (3 / 4, 4 / 3))
        a = np.asarray(
            crop_resize(full, (x, y, w, h), 1, (224, 224)), dtype=np.float64)
        b = np.asarray(
            small.resize((224, 224),
                         Image.BILINEAR,
                         box=scaled_box((x, y, w, h), full.size, small.size)),
            dtype=np.float64)
        errors.append(float(np.abs(a - b).mean()))
    return errors


def main(argv=None) -> Dict[str, float]:
    args = parse_args(argv)
    side = min_short_side((224, 224), VIEW['crop_scale'])
    with tempfile.TemporaryDirectory() as root:
        src, dst = osp.join(root, 'src'), osp.join(root, 'dst')
        os.makedirs(src)
        names = []
        for i, size in enumerate(image_sizes(args.images, args.seed)):
            names.append(f'{i:04d}.jpg')
            write_jpeg(osp.join(src, names[-1]), size, args.seed + i)
        start = time.perf_counter()
        outcomes = prepare(src, dst, side, workers=1)
        prepare_s = (time.perf_counter() - start) / len(outcomes)
        np.random.seed(args.seed)
        with one_core():
            rates = time_views(
                dict(
                    original=[osp.join(src, n) for n in names],
                    prepared=[osp.join(dst, n) for n in names]), args.passes)
        errors = [
            e for n in names for e in view_errors(
                osp.join(src, n), osp.join(dst, n), args.crops)
        ]
        size_in = sum(osp.getsize(osp.join(src, n)) for n in names)
        size_out = sum(osp.getsize(osp.join(dst, n)) for n in names)
    resized = sum(o.action == 'resized' for o in outcomes)
    print(f'{args.images} generated JPEGs (Million-AID-like sizes), short '
          f'side {side} px: {resized} resized, the rest copied')
    figures = dict(
        prepare_s_per_image=prepare_s,
        original_samples_per_s=rates['original'],
        prepared_samples_per_s=rates['prepared'],
        prepared_speedup=rates['prepared'] / rates['original'],
        bytes_prepared_over_original=size_out / size_in,
        view_abs_error_median=statistics.median(errors),
        view_abs_error_p99=float(np.percentile(errors, 99)),
        view_abs_error_max=max(errors))
    for name, value in figures.items():
        print(f'{name}: {value:.4g}')
    return figures
