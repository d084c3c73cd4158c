"""LoadImageReduced: reduced JPEG decode that keeps crops sharp."""
import cv2
import numpy as np
import pytest
from PIL import Image, UnidentifiedImageError

from mmselfsup.datasets import LoadImageReduced


def smooth_image(h, w, seed=0):
    rng = np.random.default_rng(seed)
    small = rng.integers(
        0, 255, (max(2, h // 16), max(2, w // 16), 3), dtype=np.uint8)
    return np.asarray(Image.fromarray(small).resize((w, h), Image.BILINEAR))


@pytest.mark.slow  # large images
@pytest.mark.parametrize(
    'size,expected',
    [
        ((1200, 900), (900, 1200)),  # shorter side < 2 * 640: whole image
        ((2600, 1300), (650, 1300)),  # 1300 / 640 = 2.03 -> 1/2
        ((5200, 2700), (675, 1300)),  # 2700 / 640 = 4.2 -> 1/4
        ((12000, 9000), (1125, 1500)),  # capped at 1/8
    ])
def test_scale_keeps_the_shorter_side_above_min_side(tmp_path, size, expected):
    w, h = size
    path = str(tmp_path / 'a.jpg')
    Image.fromarray(smooth_image(h, w)).save(path, quality=95)
    out = LoadImageReduced(min_side=640)(dict(img_path=path))
    assert out['img'].shape == (*expected, 3)
    assert out['img'].dtype == np.uint8
    assert out['img_shape'] == expected
    assert out['ori_shape'] == (h, w)
    assert min(out['img'].shape[:2]) >= 640


def test_pixels_match_a_full_decode_resized(tmp_path):
    rgb = smooth_image(2000, 2600)
    path = str(tmp_path / 'a.jpg')
    Image.fromarray(rgb).save(path, quality=95)
    out = LoadImageReduced(min_side=640)(dict(img_path=path))['img']
    full = cv2.imread(path)  # BGR, as mmcv's LoadImageFromFile
    expected = cv2.resize(full, out.shape[1::-1], interpolation=cv2.INTER_AREA)
    assert np.abs(out.astype(int) - expected.astype(int)).mean() < 3


def test_non_jpeg_is_decoded_whole_in_bgr(tmp_path):
    rgb = smooth_image(1400, 1500)
    path = str(tmp_path / 'a.png')
    Image.fromarray(rgb).save(path)
    out = LoadImageReduced(min_side=640)(dict(img_path=path))['img']
    assert np.array_equal(out, rgb[..., ::-1])


@pytest.mark.slow  # a large image
def test_huge_images_pass_the_decompression_bomb_check(tmp_path):
    path = str(tmp_path / 'huge.jpg')
    Image.fromarray(smooth_image(64, 64)).resize((20000, 10000)).save(path)
    limit = Image.MAX_IMAGE_PIXELS
    out = LoadImageReduced(min_side=640)(dict(img_path=path))
    assert out['img'].shape == (1250, 2500, 3)
    assert Image.MAX_IMAGE_PIXELS == limit


def test_undecodable_file_raises(tmp_path):
    path = tmp_path / 'broken.jpg'
    path.write_bytes(b'not a jpeg')
    with pytest.raises(UnidentifiedImageError, match='broken.jpg'):
        LoadImageReduced()(dict(img_path=str(path)))
    with pytest.raises(ValueError, match='min_side'):
        LoadImageReduced(min_side=0)
