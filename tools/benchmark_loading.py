"""Time the unlabeled pipeline on one large generated JPEG, full decode vs
reduced decode (``LoadImageReduced``), in the same process.

Example:
    python tools/benchmark_loading.py --side 10000
"""
import argparse
import os.path as osp
import tempfile
import time

import numpy as np
from mmengine.config import Config
from mmengine.dataset import Compose
from PIL import Image

from mmselfsup.utils import register_all_modules


def write_jpeg(path: str, side: int, seed: int = 0) -> None:
    """A smooth random scene, upsampled so that it compresses like a photo."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (side // 32, side // 32, 3), dtype=np.uint8)
    Image.MAX_IMAGE_PIXELS = None
    Image.fromarray(small).resize((side, side), Image.BILINEAR).save(
        path, quality=90)


def time_pipeline(pipeline, path: str, repeats: int) -> float:
    pipeline(dict(img_path=path))
    start = time.perf_counter()
    for _ in range(repeats):
        pipeline(dict(img_path=path))
    return (time.perf_counter() - start) / repeats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--side', type=int, default=10000)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument(
        '--config', default='configs/selfsup/GeRSP/GeRSP_reduced-decode.py')
    args = parser.parse_args(argv)
    register_all_modules()
    reduced = Config.fromfile(args.config).train_dataloader.dataset.unlabeled
    full = [dict(type='LoadImageFromFile'), *reduced.pipeline[1:]]
    with tempfile.TemporaryDirectory() as tmp:
        path = osp.join(tmp, 'large.jpg')
        write_jpeg(path, args.side)
        t_reduced = time_pipeline(
            Compose(reduced.pipeline), path, args.repeats)
        t_full = time_pipeline(Compose(full), path, args.repeats)
        mib_reduced = Compose(reduced.pipeline[:1])(
            dict(img_path=path))['img'].nbytes / 2**20
        mib_full = Compose(full[:1])(dict(img_path=path))['img'].nbytes / 2**20
    print(f'image            : {args.side} x {args.side} JPEG, 2 views')
    print(f'full decode      : {t_full:.3f} s per image (baseline)')
    print(f'reduced decode   : {t_reduced:.3f} s per image')
    print(f'speed-up         : {t_full / t_reduced:.1f}x')
    print(f'decoded image    : {mib_full:.0f} MiB full, '
          f'{mib_reduced:.1f} MiB reduced')


if __name__ == '__main__':
    main()
