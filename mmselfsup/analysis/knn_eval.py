"""Weighted kNN accuracy of a pre-training checkpoint's backbone (or of the
same network at random initialisation) on a labeled image set.

Examples:
    python tools/analysis_tools/knn_eval.py configs/selfsup/GeRSP/GeRSP.py \\
        --checkpoint results/GeRSP/epoch_100.pth --data-root data/NWPU-RESISC45
    python tools/analysis_tools/knn_eval.py CONFIG --data-root DIR   # random
"""
import argparse
import json

import torch
from mmengine.config import Config

from mmselfsup.evaluation.knn_evaluator import KNNEvaluator
from mmselfsup.registration import register_all_modules
from mmselfsup.utils import safe_torch_load


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='the pre-training config (model)')
    parser.add_argument(
        '--checkpoint',
        help='pre-training checkpoint; without it the network is evaluated '
        'at its random initialisation (seeded)')
    parser.add_argument(
        '--data-root',
        required=True,
        help='labeled set with train/<class>/ and '
        'val/<class>/ folders')
    parser.add_argument('--image-size', type=int, default=224)
    parser.add_argument('--k', type=int, default=20)
    parser.add_argument('--temperature', type=float, default=0.07)
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='seed of the random initialisation')
    parser.add_argument('--num-workers', type=int, default=2)
    return parser.parse_args(argv)


def knn_eval(config: str,
             data_root: str,
             checkpoint: str = None,
             image_size: int = 224,
             k: int = 20,
             temperature: float = 0.07,
             seed: int = 0,
             num_workers: int = 2) -> dict:
    """The kNN result of ``checkpoint`` (or of a seeded random init)."""
    from mmengine.logging import MMLogger

    from mmselfsup.registry import MODELS
    register_all_modules()
    # init_weights() reports every tensor to the current logger: keep quiet
    MMLogger.get_instance('knn_eval', log_level='WARNING')
    evaluator = KNNEvaluator(
        data_root,
        k=k,
        temperature=temperature,
        image_size=image_size,
        num_workers=num_workers)
    torch.manual_seed(seed)
    model = MODELS.build(Config.fromfile(config).model)
    model.init_weights()
    if checkpoint:
        model.load_state_dict(
            safe_torch_load(checkpoint, map_location='cpu')['state_dict'])
    return dict(
        evaluator.evaluate(model),
        checkpoint=checkpoint or f'random init (seed {seed})',
        data_root=data_root)


def main(argv=None):
    args = parse_args(argv)
    print(
        json.dumps(
            knn_eval(args.config, args.data_root, args.checkpoint,
                     args.image_size, args.k, args.temperature, args.seed,
                     args.num_workers)))
