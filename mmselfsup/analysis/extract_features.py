"""Pooled 2048-d features of a folder of images, from GeRSP weights.

For users who take the weights into their own code: every image of
IMAGE_FOLDER (recursively) goes through the weights' preprocessing -- RGB,
the shorter side resized to the input size (bilinear), a centre crop of
that size, ImageNet mean/std -- and the ResNet-50 up to its global average
pool. The output is one ``.npz`` with ``features`` (N x 2048, float32) and
``files`` (the relative paths, sorted), written atomically.

WEIGHTS_OR_NAME is a checkpoint of any layout the converter reads (a
pre-training checkpoint of this project or of the release, or a converted
file) or the name of a released weight (``mmselfsup.apis.list_models()``).

Examples:
    python tools/extract_features.py results/GeRSP/CVT_epoch_100.pth \\
        data/my_tiles --out feats.npz
    python tools/extract_features.py gersp_resnet50_100e data/my_tiles \\
        --out feats.npz --device cuda
"""
import argparse
import io
import os
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
import torch
from PIL import Image

from mmselfsup.apis.model_zoo import IMAGENET_MEAN as MEAN
from mmselfsup.apis.model_zoo import IMAGENET_STD as STD
from mmselfsup.errors import ToolboxError
from mmselfsup.fileio import IMAGE_EXTENSIONS, atomic_write

INPUT_SIZE = 224  # the released weights' (mmselfsup.apis.weights_info)


def list_images(folder: str) -> List[str]:
    """The images below ``folder``, as sorted relative paths."""
    if not osp.isdir(folder):
        raise ToolboxError(f'{folder} is not a folder of images')
    files = sorted(
        osp.relpath(osp.join(root, name), folder)
        for root, _, names in os.walk(folder) for name in names
        if name.lower().endswith(IMAGE_EXTENSIONS))
    if not files:
        raise ToolboxError(
            f'{folder} holds no image ({", ".join(IMAGE_EXTENSIONS)})')
    return files


def preprocess(path: str, size: int = INPUT_SIZE) -> torch.Tensor:
    """One image as the weights expect it: (3, size, size), normalised."""
    img = Image.open(path).convert('RGB')
    short, long = sorted(img.size)
    new_long = int(size * long / short)  # torchvision's Resize(size)
    new = (size, new_long) if img.width <= img.height else (new_long, size)
    img = img.resize(new, Image.BILINEAR)
    left = int(round((img.width - size) / 2))
    top = int(round((img.height - size) / 2))
    img = img.crop((left, top, left + size, top + size))
    x = torch.from_numpy(np.asarray(img, np.float32)).permute(2, 0, 1)
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    return (x - mean) / std


def feature_extractor(weights: str) -> torch.nn.Module:
    """A torchvision ResNet-50 holding the backbone of ``weights`` (a file
    or folder, or a released weight's name, fetched once), loaded strictly,
    its classifier the identity: ``model(x)`` is the pooled 2048-d
    feature."""
    from mmselfsup.apis import get_model
    from mmselfsup.apis.hub import feature_resnet50, load_backbone
    if osp.exists(weights):
        return feature_resnet50(load_backbone(weights))
    return get_model(weights, pretrained=True)


@torch.no_grad()
def extract(model: torch.nn.Module,
            folder: str,
            files: Sequence[str],
            batch_size: int = 32,
            device: str = 'cpu',
            size: int = INPUT_SIZE,
            progress: bool = True) -> np.ndarray:
    """Features of ``files`` (relative to ``folder``), in their order."""
    from tqdm import tqdm
    model = model.to(device)
    out = []
    starts = range(0, len(files), batch_size)
    for start in tqdm(starts, desc='batches', disable=not progress):
        batch = torch.stack([
            preprocess(osp.join(folder, f), size)
            for f in files[start:start + batch_size]
        ])
        out.append(model(batch.to(device)).float().cpu().numpy())
    return np.concatenate(out)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('weights', metavar='WEIGHTS_OR_NAME')
    parser.add_argument('folder', metavar='IMAGE_FOLDER')
    parser.add_argument('--out', required=True, help='the .npz to write')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--device', default='cpu', help='cpu, cuda, cuda:1')
    parser.add_argument(
        '--size',
        type=int,
        default=INPUT_SIZE,
        help=f'input side (default {INPUT_SIZE}, as pre-trained)')
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> None:
    from mmselfsup.engine.entry_points import reported_errors
    args = parse_args(argv)
    with reported_errors():
        if not args.out.endswith('.npz'):
            raise ToolboxError(f'--out {args.out}: expected a .npz file')
        files = list_images(args.folder)
        model = feature_extractor(args.weights)
        feats = extract(model, args.folder, files, args.batch_size,
                        args.device, args.size)
        buffer = io.BytesIO()
        np.savez(buffer, features=feats, files=np.array(files))
        atomic_write(buffer.getvalue(), args.out)
    print(f'{len(files)} images -> {args.out} (features {feats.shape[0]} x '
          f'{feats.shape[1]}, files)')
