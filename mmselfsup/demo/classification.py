"""Write a small generated scene-classification dataset in class folders,
for running the classification recipes without EuroSAT or NWPU-RESISC45.

Layout (class folders directly in OUT, as make_cls_splits.py reads them
with ``--dataset custom``)::

    <out>/<kind>/<kind>_<i>.jpg     one folder per scene kind
    <out>/demo_cls.json             arguments + files, written last

The classes are the six aerial-like scene kinds of mmselfsup.demo.scenes
(farmland, residential, forest, water, roads, industrial), told apart by
their layout, not their colour. Every image is drawn from its own generator
seeded by (seed, kind, index), so the same arguments give byte-identical
files. A rerun first removes the files of the previous run.

Example::

    python tools/generate_demo_data.py --kind classification \\
        --out data/demo_cls --seed 0
    python tools/dataset_converters/make_cls_splits.py data/demo_cls \\
        --dataset custom
"""
import argparse
import json
import os
import os.path as osp
from typing import List

import numpy as np

from mmselfsup.demo.scenes import SCENES, scene
from mmselfsup.fileio import atomic_write

MANIFEST = 'demo_cls.json'


def image_path(kind: str, index: int) -> str:
    return f'{kind}/{kind}_{index:04d}.jpg'


def _remove_previous(out: str) -> None:
    path = osp.join(out, MANIFEST)
    if not osp.isfile(path):
        return
    with open(path) as f:
        for rel in json.load(f)['files']:
            if osp.isfile(osp.join(out, rel)):
                os.remove(osp.join(out, rel))
    os.remove(path)


def generate(out: str,
             seed: int = 0,
             per_class: int = 40,
             size: int = 64) -> List[str]:
    """Write ``per_class`` scenes of ``size`` px per kind; return the
    written paths relative to ``out``."""
    _remove_previous(out)
    files = []
    for k, kind in enumerate(SCENES):
        os.makedirs(osp.join(out, kind), exist_ok=True)
        for i in range(per_class):
            rng = np.random.default_rng([seed, k, i])
            rel = image_path(kind, i)
            scene(rng, kind, size, size).save(
                osp.join(out, rel), format='JPEG', quality=90)
            files.append(rel)
    args = dict(seed=seed, per_class=per_class, size=size)
    atomic_write(
        json.dumps(dict(args=args, files=files), indent=1) + '\n',
        osp.join(out, MANIFEST))
    return files


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='data/demo_cls')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--per-class', type=int, default=40)
    parser.add_argument('--size', type=int, default=64, help='image side (px)')
    args = parser.parse_args(argv)
    generate(args.out, args.seed, args.per_class, args.size)
    print(f'wrote {args.out}: {len(SCENES)} classes ({", ".join(SCENES)}) x '
          f'{args.per_class} images of {args.size} px, seed {args.seed}')
