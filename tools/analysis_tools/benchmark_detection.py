"""Time one detection training iteration (forward, backward, SGD) on the
CPU or GPU with random inputs.

Prints seconds per iteration and peak resident memory for a GeRSP config
and, measured in the same process as a baseline, for its ImageNet baseline
config (same detector, stage 1 frozen and BN affine trainable), with the
ratio. No weights are loaded: the timing does not depend on them.

Example:
    python tools/analysis_tools/benchmark_detection.py \
        configs_mmdet/faster_rcnn_GeRSP.py --size 800 --batch 2
"""
import argparse
import os.path as osp
import resource
import time

import torch
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope


def build(config: str, device: str):
    cfg = Config.fromfile(config)
    cfg.model.backbone.init_cfg = None
    init_default_scope('mmdet')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model).to(device)
    model.init_weights()
    model.train()
    num_classes = len(cfg.train_dataloader.dataset.metainfo.classes)
    return model, build_optim_wrapper(model, cfg.optim_wrapper), num_classes


def seconds_per_iter(config, size, batch, iters, warmup, device):
    model, optim_wrapper, num_classes = build(config, device)
    data = demo_mm_inputs(
        batch, [[3, size, size]] * batch,
        num_items=[10] * batch,
        num_classes=num_classes,
        device=device)
    for i in range(warmup + iters):
        if i == warmup:
            if device == 'cuda':
                torch.cuda.synchronize()
            start = time.perf_counter()
        model.train_step(data, optim_wrapper)
    if device == 'cuda':
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / iters


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='a *_GeRSP.py detection config')
    parser.add_argument('--baseline', help='default: the *_baseline.py twin')
    parser.add_argument('--size', type=int, default=800)
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument('--iters', type=int, default=3)
    parser.add_argument('--warmup', type=int, default=1)
    args = parser.parse_args(argv)
    import mmselfsup.det  # noqa: F401  (registers StrictPretrained)

    # no per-parameter init report
    MMLogger.get_instance('benchmark_detection', log_level='WARNING')
    baseline = args.baseline or args.config.replace('_GeRSP', '_baseline')
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    print(f'{args.batch} images of {args.size}x{args.size} on {device}, '
          f'{torch.get_num_threads()} threads, {args.iters} timed '
          f'iterations after {args.warmup} warm-up')
    times = {}
    for name, config in (('GeRSP', args.config), ('baseline', baseline)):
        times[name] = seconds_per_iter(config, args.size, args.batch,
                                       args.iters, args.warmup, device)
        print(f'{osp.basename(config)}: {times[name]:.2f} s/iter, '
              f'peak RSS {peak_rss_gib():.1f} GiB')
    print(f'GeRSP / baseline: {times["GeRSP"] / times["baseline"]:.2f}x '
          '(every stage trained vs stage 1 frozen)')


if __name__ == '__main__':
    main()
