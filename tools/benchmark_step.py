"""Time one GeRSP training step (forward, backward, SGD) on random inputs.

Prints seconds per iteration and peak resident memory for the given config,
and the same for mmpretrain's MoCo v2 (ResNet-50, same views and queue)
measured in the same process as a baseline, with their ratio.

Example:
    python tools/benchmark_step.py configs/selfsup/GeRSP/GeRSP.py --batch 2
"""
import argparse
import resource
import time

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmpretrain.structures import DataSample

from mmselfsup.registry import MODELS
from mmselfsup.utils import register_all_modules


def crop_size(cfg) -> int:
    for step in cfg.train_dataloader.dataset.labeled.pipeline:
        if step['type'] == 'RandomResizedCrop':
            return step['scale']
    raise KeyError('no RandomResizedCrop in the labeled pipeline')


def moco_v2(cfg):
    """mmpretrain's MoCo v2 with the same backbone, queue and temperature."""
    return dict(
        type='mmpretrain.MoCo',
        queue_len=cfg.model.queue_len,
        feat_dim=cfg.model.feat_dim,
        momentum=1 - cfg.model.momentum,
        backbone=cfg.model.backbone,
        neck=dict(
            type='mmpretrain.MoCoV2Neck',
            in_channels=2048,
            hid_channels=2048,
            out_channels=cfg.model.feat_dim,
            with_avg_pool=True),
        head=cfg.model.head)


def time_steps(model, cfg, inputs, samples, iters, warmup):
    model.init_weights()
    model.train()
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    data = dict(inputs=inputs, data_samples=samples)
    for i in range(warmup + iters):
        if i == warmup:
            start = time.perf_counter()
        model.train_step(data, optim)
    return (time.perf_counter() - start) / iters


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument('--iters', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--threads', type=int, help='torch CPU threads')
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules()
    cfg = Config.fromfile(args.config)
    cfg.model.data_preprocessor = cfg.get('data_preprocessor')
    size = crop_size(cfg)
    torch.manual_seed(0)
    views = [
        torch.randint(0, 256, (args.batch, 3, size, size), dtype=torch.uint8)
        for _ in range(3)
    ]
    samples = [
        DataSample().set_gt_label(i % cfg.model.num_classes)
        for i in range(args.batch)
    ]

    gersp = MODELS.build(cfg.model)
    t_gersp = time_steps(gersp, cfg, views, samples, args.iters, args.warmup)
    rss_gersp = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del gersp
    baseline = MODELS.build(
        dict(moco_v2(cfg), data_preprocessor=cfg.model.data_preprocessor))
    t_moco = time_steps(baseline, cfg, views[1:], samples, args.iters,
                        args.warmup)

    print(f'config        : {args.config}')
    print(f'batch         : {args.batch} labeled + {args.batch} unlabeled '
          f'(2 views), {size}x{size} px, queue {cfg.model.queue_len}, '
          f'{torch.get_num_threads()} threads')
    print(f'GeRSP step    : {t_gersp:.3f} s/iter')
    print(f'MoCo v2 step  : {t_moco:.3f} s/iter (baseline, same process)')
    print(f'ratio         : {t_gersp / t_moco:.2f}x '
          '(GeRSP runs 2B student + B teacher images, MoCo B + B)')
    print(f'peak memory   : {rss_gersp:.0f} MiB resident after GeRSP steps')


if __name__ == '__main__':
    main()
