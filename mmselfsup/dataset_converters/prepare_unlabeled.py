"""Prepare the unlabeled images once for many epochs: every image of the
folder resized so that its short side is no larger than the crops of the
configured ``RandomResizedCrop`` need, which makes every later decode
cheaper. Not the release's setting (it reads the original files).

Why the side is enough: a crop of area fraction ``a`` and aspect ratio
``r = w / h`` of an ``H x W`` image is ``w = sqrt(a H W r)`` by
``h = sqrt(a H W / r)``. Its width is smallest at ``a = a_min``,
``r = r_min``, its height at ``a = a_min``, ``r = r_max``; as ``H W`` is at
least the square of the short side ``s``, every crop spans the output
``(h_out, w_out)`` when ``s >= sqrt(max(w_out^2 / (a_min r_min), h_out^2
r_max / a_min))`` (plus one pixel for the rounding of the crop size). For
GeRSP's unlabeled views (224 px, area 0.2-1, ratio 3/4-4/3) that is 580 px.
The crop boxes are drawn in proportion to the image, so a resized image
gives the same distribution of crops; the views then differ from those of
the original only by resampling.

Images whose short side is already within the bound are copied as they are
(byte for byte); the others are decoded (at a reduced JPEG scale where that
still leaves the target size), turned upright by their EXIF orientation,
resized with Lanczos filtering and written in their own format (JPEG at
``quality``). Relative paths are kept. Each output is written atomically
(temp file, then rename), so an interrupted run leaves no partial file and
a rerun goes on where it stopped.
"""
import argparse
import io
import math
import os
import os.path as osp
import sys
from multiprocessing import Pool
from typing import List, NamedTuple, Optional, Sequence, Tuple

from mmselfsup.fileio import IMAGE_EXTENSIONS, atomic_write

# RandomResizedCrop's default aspect ratio range (mmpretrain, torchvision)
DEFAULT_RATIO = (3 / 4, 4 / 3)
DEFAULT_CONFIG = 'configs/selfsup/GeRSP/GeRSP.py'
SAVE_FORMATS = {
    '.jpg': 'JPEG',
    '.jpeg': 'JPEG',
    '.png': 'PNG',
    '.tif': 'TIFF',
    '.tiff': 'TIFF',
    '.bmp': 'BMP'
}


class PrepareError(Exception):
    """Bad arguments or a source folder that cannot be prepared."""


def min_short_side(crop_size: Sequence[int],
                   crop_scale: Sequence[float],
                   ratio_range: Sequence[float] = DEFAULT_RATIO) -> int:
    """The smallest short side at which every crop that
    ``RandomResizedCrop(crop_size, crop_scale, ratio_range)`` draws still
    spans ``crop_size = (h, w)`` (see the module's docstring)."""
    out_h, out_w = crop_size
    area, (r_min, r_max) = min(crop_scale), ratio_range
    side = math.sqrt(max(out_w**2 / (area * r_min), out_h**2 * r_max / area))
    return math.ceil(side) + 1


def scaled_box(box: Tuple[int, int, int, int], original: Tuple[int, int],
               prepared: Tuple[int, int]) -> Tuple[float, ...]:
    """A crop ``(x, y, w, h)`` of the ``original`` (w, h) image as the box
    ``(left, top, right, bottom)`` of the same part of the ``prepared``
    one."""
    fx, fy = prepared[0] / original[0], prepared[1] / original[1]
    x, y, w, h = box
    return (x * fx, y * fy, min((x + w) * fx,
                                prepared[0]), min((y + h) * fy, prepared[1]))


def view_specs(dataset: dict) -> List[dict]:
    """The view specs of the unlabeled sources under a dataset config."""
    found = []
    if dataset.get(
            'type',
            '').endswith('UnlabeledImageFolder') and dataset.get('view'):
        found.append(dataset['view'])
    for key in ('unlabeled', 'dataset'):
        if isinstance(dataset.get(key), dict):
            found += view_specs(dataset[key])
    for inner in dataset.get('datasets') or ():
        found += view_specs(inner)
    return found


def unlabeled_views(config: str) -> List[dict]:
    """The view specs of the unlabeled sources of ``config``."""
    from mmengine.config import Config
    cfg = Config.fromfile(config, import_custom_modules=False)
    specs = view_specs(cfg.train_dataloader.dataset)
    if not specs:
        raise PrepareError(
            f'{config}: train_dataloader.dataset has no unlabeled source with '
            'a view spec (UnlabeledImageFolder view=...); give --short-side')
    return specs


def view_geometry(view: dict) -> Tuple[Tuple[int, int], tuple, tuple]:
    """``(crop_size (h, w), crop_scale, aspect_ratio_range)`` of a view
    spec, with ``RandomResizedCrop``'s defaults."""
    size = view.get('crop_size', 224)
    size = (size, size) if isinstance(size, int) else tuple(size)
    return (size, tuple(view.get('crop_scale', (0.08, 1.0))),
            tuple(view.get('aspect_ratio_range', DEFAULT_RATIO)))


def short_side_of_config(config: str) -> Tuple[int, str]:
    """The side every unlabeled view spec of ``config`` needs, and how it
    was derived."""
    sides = []
    for view in unlabeled_views(config):
        size, scale, ratio = view_geometry(view)
        sides.append((min_short_side(size, scale, ratio),
                      f'crop {size[0]}x{size[1]}, area {scale}, ratio '
                      f'({ratio[0]:.3g}, {ratio[1]:.3g})'))
    return max(sides)


def list_images(root: str) -> List[str]:
    """The image files under ``root``, relative, sorted (the listing of
    ``UnlabeledImageFolder``)."""
    found = []
    for folder, _, files in os.walk(root):
        found += [
            osp.relpath(osp.join(folder, f), root) for f in files
            if f.lower().endswith(IMAGE_EXTENSIONS)
        ]
    return sorted(found)


class Outcome(NamedTuple):
    path: str  # relative
    action: str  # 'resized', 'copied', 'kept' (done before) or 'failed'
    detail: str = ''
    bytes_in: int = 0
    bytes_out: int = 0


def encode(img, ext: str, quality: int) -> bytes:
    out = io.BytesIO()
    fmt = SAVE_FORMATS[ext]
    options = dict(quality=quality) if fmt == 'JPEG' else {}
    img.save(out, format=fmt, **options)
    return out.getvalue()


def prepare_one(task: Tuple[str, str, str, int, int, bool]) -> Outcome:
    """Prepare ``src_root/rel`` into ``dst_root/rel``."""
    from PIL import Image, ImageOps
    src_root, dst_root, rel, side, quality, force = task
    src, dst = osp.join(src_root, rel), osp.join(dst_root, rel)
    if osp.exists(dst) and not force:
        return Outcome(rel, 'kept')
    Image.MAX_IMAGE_PIXELS = None  # a training set's images are trusted
    try:
        with Image.open(src) as img:
            width, height = img.size
            upright = img.getexif().get(0x0112, 1) == 1
            if min(width, height) <= side and upright:
                with open(src, 'rb') as f:
                    data = f.read()
                atomic_write(data, dst)
                return Outcome(
                    rel, 'copied', bytes_in=len(data), bytes_out=len(data))
            factor = min(1.0, side / min(width, height))
            if img.format == 'JPEG':  # a DCT scale that leaves >= the size
                img.draft(
                    'RGB',
                    (math.ceil(width * factor), math.ceil(height * factor)))
            img.load()
            img = ImageOps.exif_transpose(img)
            if img.mode not in ('RGB', 'L'):
                img = img.convert('RGB')
            if factor < 1:
                shrink = side / min(img.size)
                img = img.resize(
                    tuple(max(1, round(s * shrink)) for s in img.size),
                    Image.LANCZOS)
            data = encode(img, osp.splitext(rel)[1].lower(), quality)
    except (OSError, ValueError, SyntaxError) as e:
        return Outcome(rel, 'failed', f'{type(e).__name__}: {e}')
    atomic_write(data, dst)
    return Outcome(rel, 'resized', f'{width}x{height} -> '
                   f'{img.size[0]}x{img.size[1]}', osp.getsize(src), len(data))


def prepare(src: str,
            dst: str,
            side: int,
            workers: int = 1,
            quality: int = 95,
            force: bool = False) -> List[Outcome]:
    """Prepare every image of ``src`` into ``dst``, ``workers`` at a time,
    with a progress bar; the outcome of each."""
    from mmengine.utils import ProgressBar
    src, dst = osp.abspath(src), osp.abspath(dst)
    if not osp.isdir(src):
        raise PrepareError(f'source folder {src} does not exist')
    if dst == src or dst.startswith(src + os.sep):
        raise PrepareError(f'destination {dst} is inside the source {src}: '
                           'its images would be listed as sources')
    images = list_images(src)
    if not images:
        raise PrepareError(f'{src} holds no image '
                           f'({", ".join(IMAGE_EXTENSIONS)})')
    tasks = [(src, dst, rel, side, quality, force) for rel in images]
    bar = ProgressBar(len(tasks), file=sys.stderr)
    outcomes = []
    with Pool(workers) as pool:
        for outcome in pool.imap_unordered(prepare_one, tasks, chunksize=4):
            outcomes.append(outcome)
            bar.update()
    sys.stderr.write('\n')
    return sorted(outcomes)


def summary(outcomes: Sequence[Outcome]) -> str:
    counts = {
        a: sum(o.action == a for o in outcomes)
        for a in ('resized', 'copied', 'kept', 'failed')
    }
    bytes_in = sum(o.bytes_in for o in outcomes)
    bytes_out = sum(o.bytes_out for o in outcomes)
    text = (f'{len(outcomes)} images: {counts["resized"]} resized, '
            f'{counts["copied"]} copied as they were, {counts["kept"]} done '
            f'before (kept), {counts["failed"]} failed')
    if bytes_in:
        text += (f'; {bytes_in / 2**20:.1f} MiB read, '
                 f'{bytes_out / 2**20:.1f} MiB written')
    return text


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Resize the unlabeled images once, to the short side the '
        'configured RandomResizedCrop needs (an option for repeated epochs; '
        'not the release\'s setting)',
        epilog='Then point the config at DST, e.g. --cfg-options '
        'train_dataloader.dataset.unlabeled.data_root=DST '
        'train_dataloader.dataset.unlabeled.data_prefix=""')
    parser.add_argument('src', help='folder of the unlabeled images')
    parser.add_argument('dst', help='folder of the prepared images')
    parser.add_argument(
        '--config',
        default=DEFAULT_CONFIG,
        help='the pre-training config whose unlabeled view spec sets the '
        f'short side (default {DEFAULT_CONFIG})')
    parser.add_argument(
        '--short-side',
        type=int,
        help='the short side to resize to instead of the config\'s')
    parser.add_argument(
        '--workers',
        type=int,
        default=os.cpu_count(),
        help='processes (default: every core)')
    parser.add_argument('--quality', type=int, default=95, help='JPEG quality')
    parser.add_argument(
        '--force', action='store_true', help='redo images prepared before')
    args = parser.parse_args(argv)
    if args.short_side is not None and args.short_side < 1:
        parser.error(f'--short-side {args.short_side}: must be positive')
    if args.workers < 1:
        parser.error(f'--workers {args.workers}: must be positive')
    if not 1 <= args.quality <= 100:
        parser.error(f'--quality {args.quality}: must be 1-100')
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        if args.short_side is None:
            side, why = short_side_of_config(args.config)
            print(f'short side {side} px: every crop of {args.config} '
                  f'({why}) spans its output')
        else:
            side = args.short_side
            print(f'short side {side} px (--short-side)')
        outcomes = prepare(args.src, args.dst, side, args.workers,
                           args.quality, args.force)
    except (PrepareError, FileNotFoundError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    print(summary(outcomes))
    failed = [o for o in outcomes if o.action == 'failed']
    for outcome in failed:
        print(
            f'error: {osp.join(args.src, outcome.path)}: {outcome.detail}',
            file=sys.stderr)
    return 1 if failed else 0
