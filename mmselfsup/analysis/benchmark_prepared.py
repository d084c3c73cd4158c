"""What offline preparation (``tools/dataset_converters/prepare_unlabeled.py``)
buys: GeRSP's two unlabeled views per image (``DecodeCropViews`` with the
unlabeled view spec of ``GeRSP_crop-decode.py``) from the original files
against the prepared ones, on generated
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

from mmselfsup.analysis.benchmark_gersp import (FAST_CONFIG, image_sizes,
                                                one_core, time_pipelines,
                                                write_jpeg)
from mmselfsup.dataset_converters.prepare_unlabeled import (min_short_side,
                                                            prepare,
                                                            scaled_box,
                                                            unlabeled_views,
                                                            view_geometry)
from mmselfsup.datasets.fast_views import (DecodeCropViews, crop_resize,
                                           sample_crop_box)


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


def time_views(view: dict, paths: Dict[str, List[str]],
               passes: int) -> Dict[str, float]:
    """Samples (two views of ``view``) per second of each list of files,
    after an untimed pass (page cache, allocator)."""
    views = DecodeCropViews(num_views=2, **view)
    runs = {
        name: (lambda i, files=files: views.transform(dict(img_path=files[i])))
        for name, files in paths.items()
    }
    count = len(next(iter(paths.values())))
    for i in range(count):
        for run in runs.values():
            run(i)
    seconds = time_pipelines(runs, count, passes)
    return {name: 1 / t for name, t in seconds.items()}


def view_errors(view: dict, original: str, prepared: str,
                crops: int) -> List[float]:
    """Mean absolute difference (grey levels) of ``crops`` crops drawn as
    ``view`` draws them, each resized to its output size from the original
    (decoded whole) and from the prepared file."""
    size, scale, ratio = view_geometry(view)
    full = Image.open(original).convert('RGB')
    small = Image.open(prepared).convert('RGB')
    errors = []
    for _ in range(crops):
        box = sample_crop_box(full.size[1], full.size[0], scale, ratio)
        a = np.asarray(crop_resize(full, box, 1, size), dtype=np.float64)
        b = np.asarray(
            small.resize(
                size[::-1],
                Image.BILINEAR,
                box=scaled_box(box, full.size, small.size)),
            dtype=np.float64)
        errors.append(float(np.abs(a - b).mean()))
    return errors


def main(argv=None) -> Dict[str, float]:
    args = parse_args(argv)
    view, = unlabeled_views(FAST_CONFIG)
    side = min_short_side(*view_geometry(view))
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
                view,
                dict(
                    original=[osp.join(src, n) for n in names],
                    prepared=[osp.join(dst, n) for n in names]), args.passes)
        errors = [
            e for n in names for e in view_errors(view, osp.join(src, n),
                                                  osp.join(dst, n), args.crops)
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
