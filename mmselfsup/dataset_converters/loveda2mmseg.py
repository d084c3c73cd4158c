"""Convert the LoveDA download (its zips) to the layout mmseg reads.

Input: ``ZIP_DIR`` holding LoveDA's ``Train.zip`` and ``Val.zip`` (from
https://github.com/Junjue-Wang/LoveDA, e.g. zenodo record 5706578);
``Test.zip`` is optional (images only: the test masks are not public). Each
zip holds::

    Train/Rural/images_png/0.png     Train/Rural/masks_png/0.png
    Train/Urban/images_png/1366.png  Train/Urban/masks_png/1366.png
    ...                              (Val/..., Test/... alike)

(a leading folder above ``Train/`` is tolerated). Output (``-o``, default
``data/loveda``), Rural and Urban together as in mmseg's own converter::

    img_dir/train/<id>.png   ann_dir/train/<id>.png
    img_dir/val/<id>.png     ann_dir/val/<id>.png
    img_dir/test/<id>.png    (with Test.zip)

Masks are copied as they are: 0 = no-data (mmseg's LoveDADataset ignores
it), 1..7 = background, building, road, water, barren, forest, agricultural.

Every zip is checked before anything is written: it must exist, hold
images, a mask for every image and an image for every mask, and no id twice
(Rural and Urban share one output folder); every mask must be a single
channel image of its image's size. Each output folder is filled under a
temporary name and renamed into place once complete, so an interrupted run
leaves no half-written split behind; existing non-empty output folders are
an error unless ``--overwrite``. Standard library and Pillow only.

Example::

    python tools/dataset_converters/loveda2mmseg.py ~/Downloads/LoveDA \\
        -o data/loveda
"""
import argparse
import os
import os.path as osp
import re
import shutil
import sys
import tempfile
import zipfile
from typing import Dict, List, Optional, Tuple

from PIL import Image

from mmselfsup.errors import ConversionError

SPLITS = ('Train', 'Val', 'Test')
REQUIRED = ('Train', 'Val')
KINDS = {'images_png': 'img_dir', 'masks_png': 'ann_dir'}
MEMBER = re.compile(
    r'(?:^|/)(?P<split>Train|Val|Test)/(?P<domain>Rural|Urban)'
    r'/(?P<kind>images_png|masks_png)/(?P<name>[^/]+\.png)$', re.IGNORECASE)
SHOWN = 5  # names listed in an error

# kind ('images_png' / 'masks_png') -> file name -> (member, domain)
Listing = Dict[str, Dict[str, Tuple[str, str]]]


def list_split(zip_path: str, split: str) -> Listing:
    """The images and masks of ``split`` in the zip, checked."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as e:
        raise ConversionError(f'{zip_path} is not a zip file: {e}') from None
    listing: Listing = {kind: {} for kind in KINDS}
    with archive:
        for member in archive.namelist():
            match = MEMBER.search(member)
            if (match is None or member.startswith('__MACOSX/')
                    or match['split'].lower() != split.lower()):
                continue
            kind = match['kind'].lower()
            domain = match['domain'].capitalize()
            name = match['name']
            seen = listing[kind].get(name)
            if seen is not None:
                raise ConversionError(
                    f'{zip_path}: {name} is there twice ({seen[0]} and '
                    f'{member}); both would go to the same output file')
            listing[kind][name] = (member, domain)
    images, masks = listing['images_png'], listing['masks_png']
    if not images:
        raise ConversionError(
            f'{zip_path} holds no {split}/{{Rural,Urban}}/images_png/*.png; '
            'is it the LoveDA zip of that split?')
    if split != 'Test':
        for have, lack, what in ((images, masks, 'no mask'), (masks, images,
                                                              'no image')):
            missing = sorted(set(have) - set(lack))
            if missing:
                shown = ', '.join(have[n][0] for n in missing[:SHOWN])
                more = (f' and {len(missing) - SHOWN} more'
                        if len(missing) > SHOWN else '')
                raise ConversionError(
                    f'{zip_path}: {len(missing)} file(s) with {what}: '
                    f'{shown}{more}')
    else:
        listing['masks_png'] = {}
    return listing


def _outputs(out_dir: str, split: str, listing: Listing) -> List[str]:
    return [
        osp.join(out_dir, KINDS[kind], split.lower()) for kind in KINDS
        if listing[kind]
    ]


def _extract(archive: zipfile.ZipFile, files: Dict[str, Tuple[str, str]],
             folder: str) -> None:
    for name, (member, _) in sorted(files.items()):
        with archive.open(member) as src, open(osp.join(folder, name),
                                               'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def _check_masks(zip_path: str, listing: Listing, staged: Dict[str,
                                                               str]) -> None:
    """Every mask is a single channel image of its image's size (headers
    only are read)."""
    for name, (member, _) in sorted(listing['masks_png'].items()):
        try:
            with Image.open(osp.join(staged['masks_png'], name)) as mask:
                mask_size, mode = mask.size, mask.mode
            with Image.open(osp.join(staged['images_png'], name)) as img:
                img_size = img.size
        except OSError as e:
            raise ConversionError(
                f'{zip_path}: cannot read {member} or its image: {e}'
            ) from None
        if mode not in ('L', 'P'):
            raise ConversionError(
                f'{zip_path}: mask {member} is a {mode} image; LoveDA masks '
                'are single channel (values 0..7)')
        if mask_size != img_size:
            raise ConversionError(
                f'{zip_path}: mask {member} is {mask_size[0]}x{mask_size[1]}'
                f', its image {img_size[0]}x{img_size[1]}')


def convert(zip_dir: str,
            out_dir: str = 'data/loveda',
            overwrite: bool = False) -> Dict[str, Dict[str, int]]:
    """Write the mmseg layout; returns ``{split: {domain: images}}``."""
    if not osp.isdir(zip_dir):
        raise ConversionError(f'{zip_dir} is not a folder')
    zips = {s: osp.join(zip_dir, f'{s}.zip') for s in SPLITS}
    missing = [zips[s] for s in REQUIRED if not osp.isfile(zips[s])]
    if missing:
        raise ConversionError(
            f'missing {" and ".join(missing)}: download LoveDA\'s '
            'Train.zip and Val.zip (https://github.com/Junjue-Wang/LoveDA) '
            f'into {zip_dir}')
    splits = [s for s in SPLITS if osp.isfile(zips[s])]
    listings = {s: list_split(zips[s], s) for s in splits}
    targets = [t for s in splits for t in _outputs(out_dir, s, listings[s])]
    existing = [t for t in targets if osp.isdir(t) and os.listdir(t)]
    if existing and not overwrite:
        raise ConversionError(
            f'{", ".join(existing)} already exist(s); pass --overwrite to '
            'replace them')

    staging = []  # (staged folder, target)
    try:
        for split in splits:
            listing = listings[split]
            staged = {}
            with zipfile.ZipFile(zips[split]) as archive:
                for kind, files in listing.items():
                    if not files:
                        continue
                    parent = osp.join(out_dir, KINDS[kind])
                    os.makedirs(parent, exist_ok=True)
                    folder = tempfile.mkdtemp(
                        dir=parent, prefix=f'.{split.lower()}.partial-')
                    target = osp.join(parent, split.lower())
                    staging.append((folder, target))
                    staged[kind] = folder
                    print(
                        f'{split}: extracting {len(files)} {kind} ...',
                        flush=True)
                    _extract(archive, files, folder)
            _check_masks(zips[split], listing, staged)
        for folder, target in staging:
            old = None
            if osp.exists(target):
                old = tempfile.mkdtemp(
                    dir=osp.dirname(target),
                    prefix=f'.{osp.basename(target)}.old-')
                os.rename(target, osp.join(old, 'data'))
            os.chmod(folder, 0o777 & ~_umask())
            os.rename(folder, target)
            if old is not None:
                shutil.rmtree(old)
    finally:
        for folder, _ in staging:
            if osp.exists(folder):
                shutil.rmtree(folder)

    summary = {}
    for split in splits:
        domains: Dict[str, int] = {}
        for _, domain in listings[split]['images_png'].values():
            domains[domain] = domains.get(domain, 0) + 1
        summary[split.lower()] = domains
    return summary


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        'zip_dir', help='folder holding Train.zip and Val.zip (+ Test.zip)')
    parser.add_argument(
        '-o', '--out-dir', default='data/loveda', help='output root')
    parser.add_argument(
        '--overwrite',
        action='store_true',
        help='replace existing output split folders')
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        summary = convert(args.zip_dir, args.out_dir, args.overwrite)
    except ConversionError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    for split, domains in summary.items():
        counts = ', '.join(f'{n} {d}' for d, n in sorted(domains.items()))
        masks = '' if split == 'test' else ' + masks'
        print(f'{split}: {sum(domains.values())} images{masks} ({counts})')
    print(f'written to {args.out_dir}/img_dir and {args.out_dir}/ann_dir')
    return 0
