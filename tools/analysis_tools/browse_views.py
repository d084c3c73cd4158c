"""Save what one GeRSP step sees for a few samples of a pre-training
config: the labeled image and its view, the unlabeled image and its query
and key views, side by side (one PNG per sample).

Example:
    python tools/analysis_tools/browse_views.py \\
        configs/selfsup/GeRSP/GeRSP_demo.py --out-dir results/views -n 4
"""
import argparse
import os
import os.path as osp

import numpy as np
from mmengine.config import Config, DictAction
from PIL import Image


def _rgb(path_or_view, size: int) -> Image.Image:
    if isinstance(path_or_view, str):
        img = Image.open(path_or_view).convert('RGB')
    else:  # a (3, H, W) BGR uint8 view
        img = Image.fromarray(
            np.ascontiguousarray(path_or_view.numpy()[::-1].transpose(1, 2,
                                                                      0)))
    img.thumbnail((size, size))
    return img


def grid(images, size: int) -> Image.Image:
    """The images side by side, each fitted in a size x size cell."""
    canvas = Image.new('RGB', (size * len(images), size), (255, 255, 255))
    for i, img in enumerate(images):
        canvas.paste(_rgb(img, size), (i * size, 0))
    return canvas


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='pre-training config')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('-n', '--number', type=int, default=4)
    parser.add_argument(
        '--size', type=int, default=160, help='cell size of the grid in px')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)
    from mmselfsup.registration import register_all_modules
    from mmselfsup.registry import DATASETS
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    os.makedirs(args.out_dir, exist_ok=True)
    for i in range(min(args.number, len(dataset))):
        labeled, query, key = dataset[i]['inputs']
        originals = [
            source.get_data_info(i % len(source))['img_path']
            for source in (dataset.labeled, dataset.unlabeled)
        ]
        out = osp.join(args.out_dir, f'{i:04d}.png')
        grid([originals[0], labeled, originals[1], query, key],
             args.size).save(out)
        print(f'{out}: labeled image, its view | unlabeled image, query '
              'view, key view')


if __name__ == '__main__':
    main()
