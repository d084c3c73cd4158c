"""Registry scope and tiny on-disk images for the dataset tests."""
import os

import numpy as np
import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _scope(mmselfsup_scope):
    """Every dataset test builds in the mmselfsup scope."""


def _write_image(path, size=(20, 16), rgb=(0, 0, 0)):
    """A uniform ``rgb`` image of ``size`` (w, h); format from the suffix."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img = np.zeros((size[1], size[0], 3), np.uint8)
    img[:] = rgb
    fmt = {'.jpg': 'JPEG', '.jpeg': 'JPEG', '.tif': 'TIFF', '.tiff': 'TIFF'}
    ext = os.path.splitext(path)[1].lower()
    Image.fromarray(img).save(path, format=fmt.get(ext, ext[1:].upper()))
    return str(path)


@pytest.fixture
def write_image():
    return _write_image


@pytest.fixture
def labeled_tree(tmp_path):
    """3 classes (sorted names differ from creation order) x 2 PNG images,
    and a matching annotation list."""
    root = tmp_path / 'ImageNet'
    classes = ['n02', 'n00', 'n01']
    lines = []
    for cls in classes:
        for i in range(2):
            rel = f'{cls}/{cls}_{i}.png'
            _write_image(str(root / 'train' / rel), rgb=(10, 20, 30))
            lines.append(f'{rel} {sorted(classes).index(cls)}')
    (root / 'meta').mkdir()
    (root / 'meta' / 'train.txt').write_text('\n'.join(sorted(lines)) + '\n')
    return root
