"""tools/extract_features.py on generated images, against features computed
by hand with torchvision's own transforms and ResNet-50."""
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
import torchvision.transforms as T
from PIL import Image
from torchvision.models import resnet50

from mmselfsup.analysis.extract_features import MEAN, STD
from mmselfsup.utils import safe_torch_load
from tests.helpers import REPO, subprocess_env

pytestmark = pytest.mark.slow  # ResNet-50 forward passes

SIZES = {
    'a.png': (64, 48),
    'sub/b.jpg': (81, 81),
    'sub/deeper/c.tif': (50, 97)
}


@pytest.fixture(scope='module')
def images(tmp_path_factory):
    root = tmp_path_factory.mktemp('tiles')
    rng = np.random.default_rng(0)
    for name, (w, h) in SIZES.items():
        os.makedirs(root / os.path.dirname(name), exist_ok=True)
        pixels = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(root / name, quality=95)
    (root / 'notes.txt').write_text('not an image')
    return root


def by_hand(weights, root, names):
    """torchvision's Resize + CenterCrop + Normalize and its ResNet-50."""
    state = safe_torch_load(weights)['state_dict']
    model = resnet50()
    model.fc = torch.nn.Identity()
    model.load_state_dict({k[len('backbone.'):]: v for k, v in state.items()})
    transform = T.Compose([
        T.Resize(224),
        T.CenterCrop(224),
        T.ToTensor(),
        T.Normalize([m / 255 for m in MEAN], [s / 255 for s in STD])
    ])
    batch = torch.stack(
        [transform(Image.open(root / n).convert('RGB')) for n in names])
    with torch.no_grad():
        return model.eval()(batch).numpy()


def run_tool(*args):
    return subprocess.run(
        [sys.executable, 'tools/extract_features.py', *map(str, args)],
        cwd=REPO,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300)


def test_features_match_torchvision_by_hand(images, initialised_gersp_weights,
                                            tmp_path):
    out = tmp_path / 'feats.npz'
    proc = run_tool(initialised_gersp_weights, images, '--out', out,
                    '--batch-size', 2)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(
        f'3 images -> {out} (features 3 x 2048, files)')
    saved = np.load(out)
    names = sorted(SIZES)
    assert list(saved['files']) == names
    expected = by_hand(initialised_gersp_weights, images, names)
    assert saved['features'].shape == (3, 2048)
    assert saved['features'].dtype == np.float32
    np.testing.assert_allclose(
        saved['features'], expected, rtol=1e-4, atol=1e-5)
    assert np.abs(expected).max() > 1e-3  # not all zeros


def test_a_folder_without_images_is_one_line(gersp_weights, tmp_path):
    (tmp_path / 'empty').mkdir()
    proc = run_tool(gersp_weights, tmp_path / 'empty', '--out',
                    tmp_path / 'f.npz')
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f'error: {tmp_path}/empty holds no image (.jpg, .jpeg, .png, .tif, '
        '.tiff, .bmp)')
    assert not (tmp_path / 'f.npz').exists()


def test_weights_holding_nan_are_refused_by_name(images, gersp_weights,
                                                 tmp_path):
    ckpt = safe_torch_load(gersp_weights)
    ckpt['state_dict']['backbone.layer2.0.conv1.weight'][0, 0] = float('nan')
    bad = tmp_path / 'diverged.pth'
    torch.save(ckpt, bad)
    proc = run_tool(bad, images, '--out', tmp_path / 'f.npz')
    assert proc.returncode == 1
    assert "non-finite values (NaN or inf) in 'backbone.layer2.0.conv1." \
        "weight'" in proc.stderr
    assert not (tmp_path / 'f.npz').exists()
