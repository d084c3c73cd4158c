"""tools/dataset_converters/prepare_unlabeled.py: the short side derived
from the crop distribution (and checked against it by sampling), the
prepared folder (paths, sizes, byte-identical copies, EXIF orientation),
resuming, bad input, and the views of a prepared image against those of
the original."""
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from mmselfsup.analysis.benchmark_prepared import view_errors
from mmselfsup.dataset_converters.prepare_unlabeled import (
    list_images, min_short_side, short_side_of_config)
from mmselfsup.datasets.fast_views import sample_crop_box
from tests.helpers import REPO, subprocess_env

TOOL = 'tools/dataset_converters/prepare_unlabeled.py'


def test_gersp_needs_580_px_and_the_bound_is_tight():
    # 224 / sqrt(0.2 * 3 / 4) = 578.4 -> 579, plus one for the rounding
    assert min_short_side((224, 224), (0.2, 1.0)) == 580
    side, why = short_side_of_config(
        osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP.py'))
    assert side == 580 and 'crop 224x224, area (0.2, 1.0)' in why
    # the demo's weaker crops (50-100 %, 32 px) need less
    assert short_side_of_config(
        osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_demo.py'))[0] == (
            min_short_side((32, 32), (0.5, 1.0)))
    np.random.seed(0)
    for h, w in ((580, 580), (580, 773), (773, 580)):
        boxes = [
            sample_crop_box(h, w, (0.2, 1.0), (3 / 4, 4 / 3))
            for _ in range(4000)
        ]
        assert min(min(bw, bh) for _, _, bw, bh in boxes) >= 224, (h, w)
    # 5 % smaller, and a square image has crops below the output size
    boxes = [
        sample_crop_box(551, 551, (0.2, 1.0), (3 / 4, 4 / 3))
        for _ in range(4000)
    ]
    assert min(min(bw, bh) for _, _, bw, bh in boxes) < 224


def scene(size, seed):
    rng = np.random.default_rng(seed)
    coarse = rng.integers(
        0, 255, (size[1] // 32 + 2, size[0] // 32 + 2, 3), dtype=np.uint8)
    fine = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    return Image.blend(
        Image.fromarray(coarse).resize(size, Image.BILINEAR),
        Image.fromarray(fine), 0.2)


@pytest.fixture
def source(tmp_path):
    root = tmp_path / 'src'
    (root / 'a' / 'b').mkdir(parents=True)
    scene((1600, 1200), 0).save(root / 'a' / 'large.jpg', quality=92)
    scene((400, 300), 1).save(root / 'small.jpg', quality=92)
    scene((900, 700), 2).save(root / 'a' / 'b' / 'wide.png')
    rotated = scene((1000, 800), 3)
    exif = rotated.getexif()
    exif[0x0112] = 6  # stored sideways: shown 800 wide, 1000 high
    rotated.save(root / 'rotated.jpg', exif=exif, quality=92)
    (root / 'notes.txt').write_text('not an image')
    return root


def prepare(src, dst, *extra):
    return subprocess.run(
        [sys.executable, TOOL,
         str(src), str(dst), *extra],
        cwd=REPO,
        env=subprocess_env(),
        capture_output=True,
        text=True)


def test_prepared_folder_keeps_paths_and_shrinks_to_the_side(source, tmp_path):
    dst = tmp_path / 'dst'
    proc = prepare(source, dst, '--workers', '2')
    assert proc.returncode == 0, proc.stderr
    assert 'short side 580 px' in proc.stdout
    assert '4 images: 3 resized, 1 copied as they were' in proc.stdout
    assert list_images(str(dst)) == list_images(str(source)) == [
        'a/b/wide.png', 'a/large.jpg', 'rotated.jpg', 'small.jpg'
    ]
    sizes = {rel: Image.open(dst / rel).size for rel in list_images(str(dst))}
    assert sizes == {
        'a/large.jpg': (773, 580),
        'a/b/wide.png': (746, 580),
        # upright now (EXIF applied), short side 580
        'rotated.jpg': (580, 725),
        'small.jpg': (400, 300),
    }
    assert (dst / 'small.jpg').read_bytes() == (source /
                                                'small.jpg').read_bytes()
    assert Image.open(dst / 'a/b/wide.png').format == 'PNG'
    assert Image.open(dst / 'rotated.jpg').getexif().get(0x0112, 1) == 1
    assert not any(
        f.endswith('.txt') or '.tmp' in f for _, _, files in os.walk(dst)
        for f in files)


def test_a_rerun_keeps_what_is_done_and_does_the_rest(source, tmp_path):
    dst = tmp_path / 'dst'
    assert prepare(source, dst, '--short-side', '500').returncode == 0
    (dst / 'a' / 'large.jpg').unlink()  # as if the first run had stopped
    before = (dst / 'small.jpg').stat().st_mtime_ns
    proc = prepare(source, dst, '--short-side', '500')
    assert proc.returncode == 0
    assert '1 resized, 0 copied as they were, 3 done before' in proc.stdout
    assert (dst / 'small.jpg').stat().st_mtime_ns == before
    assert Image.open(dst / 'a' / 'large.jpg').size == (667, 500)


def test_bad_input_is_refused_before_any_work(source, tmp_path):
    proc = prepare(tmp_path / 'nowhere', tmp_path / 'dst')
    assert proc.returncode == 2
    assert f'source folder {tmp_path / "nowhere"} does not exist' in (
        proc.stderr)
    proc = prepare(source, source / 'prepared')
    assert proc.returncode == 2 and 'is inside the source' in proc.stderr
    assert not (source / 'prepared').exists()
    proc = prepare(source, tmp_path / 'dst', '--short-side', '0')
    assert proc.returncode == 2 and '--short-side 0' in proc.stderr


def test_an_undecodable_image_is_named_and_the_rest_prepared(source, tmp_path):
    (source / 'broken.jpg').write_bytes(b'\xff\xd8 not really a jpeg')
    dst = tmp_path / 'dst'
    proc = prepare(source, dst)
    assert proc.returncode == 1
    assert f'error: {source / "broken.jpg"}: ' in proc.stderr
    assert '5 images: 3 resized, 1 copied as they were, 0 done before ' \
        '(kept), 1 failed' in proc.stdout
    assert not (dst / 'broken.jpg').exists()
    assert (dst / 'a' / 'large.jpg').exists()


def test_views_of_the_prepared_image_match_the_original(source, tmp_path):
    """The same crops (drawn in proportion), from the original at full
    size and from the prepared image: they differ by resampling only."""
    dst = tmp_path / 'dst'
    assert prepare(source, dst).returncode == 0
    np.random.seed(0)
    view = dict(crop_size=224, crop_scale=(0.2, 1.0))
    errors = view_errors(
        view,
        str(source / 'a' / 'large.jpg'),
        str(dst / 'a' / 'large.jpg'),
        crops=20)
    assert len(errors) == 20
    # grey levels (0-255), mean absolute difference per view
    assert max(errors) < 4, errors
