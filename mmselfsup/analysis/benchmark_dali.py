"""Time the DALI data path (``GeRSP_dali.py``) against the worker pipeline
(``GeRSP_crop-decode.py``), in one process, on the same generated JPEGs of
Million-AID-like sizes.

- loading: GeRSP samples (1 labeled + 2 unlabeled views) per second out of
  the DALI loader on ``--device`` (on ``cpu`` with ``--dali-threads``
  threads: per core at 1), against the worker pipeline on one core (what one
  dataloader worker makes). ``cores_per_dali_device`` is how many worker
  cores make what one DALI device makes.
- ``--step`` (a GPU): the training step fed by the DALI loader against the
  same step fed by a torch DataLoader with ``--workers`` workers running the
  worker pipeline, samples per second, in fp32 or, with ``--amp``, in bf16
  (fp16 where the GPU has no bf16).

Each figure is the median of ``--repeats`` measurements, printed with its
range; the last lines are the figures, one ``name: value`` a line.

Examples:
    python tools/analysis_tools/benchmark_dali.py --device cpu
    python tools/analysis_tools/benchmark_dali.py --device gpu --step
    python tools/analysis_tools/benchmark_dali.py --device gpu --step --amp
"""
import argparse
import os.path as osp
import statistics
import tempfile
import time
from typing import Callable, Dict, Iterable, List

import torch
from mmengine.config import Config
from mmengine.dataset import default_collate
from mmengine.logging import MMLogger
from torch.utils.data import DataLoader

from mmselfsup.datasets.dali_loader import DALIViewLoader
from mmselfsup.registration import register_all_modules
from .benchmark_gersp import (FAST_CONFIG, build_model, build_source_dataset,
                              one_core, seed_everything, source_dataset_cfg,
                              synchronize, time_pipelines, write_images)

DALI_CONFIG = osp.join(osp.dirname(FAST_CONFIG), 'GeRSP_dali.py')


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('--config', default=DALI_CONFIG)
    parser.add_argument(
        '--worker-config',
        default=FAST_CONFIG,
        help='the config whose pipeline the workers run')
    parser.add_argument('--device', choices=['gpu', 'cpu'], default='cpu')
    parser.add_argument(
        '--dali-threads', type=int, default=1, help='DALI CPU threads')
    parser.add_argument('--images', type=int, default=96)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument(
        '--step',
        action='store_true',
        help='also time the training step fed by each loader (a GPU)')
    parser.add_argument(
        '--workers',
        type=int,
        default=8,
        help='dataloader workers feeding the step')
    parser.add_argument('--amp', action='store_true', help='bf16 / fp16')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    if args.step and args.device != 'gpu':
        parser.error('--step measures GPU training: use --device gpu')
    return args


def samples_per_s(batches: Iterable, consume: Callable[[dict], None],
                  batch: int) -> float:
    """Samples per second of ``batches``, the first (pipeline start-up,
    worker start) untimed."""
    iterator = iter(batches)
    consume(next(iterator))
    count, start = 0, time.perf_counter()
    for data in iterator:
        consume(data)
        count += batch
    return count / (time.perf_counter() - start)


def measure(args) -> Dict[str, List[float]]:
    cfg = Config.fromfile(args.config)
    dali_options = dict(
        cfg.train_cfg.dali, device=args.device, num_threads=args.dali_threads)
    measured: Dict[str, List[float]] = {}
    with tempfile.TemporaryDirectory() as root:
        write_images(root, args.images, args.seed)
        dali = DALIViewLoader(
            dataset=source_dataset_cfg(cfg, root),
            batch_size=args.batch,
            sampler=cfg.train_dataloader.sampler,
            seed=args.seed,
            **dali_options)
        workers = build_source_dataset(
            Config.fromfile(args.worker_config), root)
        model = None
        if args.step:
            model = build_model(cfg, torch.device('cuda'), args.amp)[:2]

        def arrived(data):
            if args.device == 'gpu':
                synchronize(data['inputs'][0].device)

        for repeat in range(args.repeats):
            dali.sampler.set_epoch(repeat)
            figures = dict(
                dali_samples_per_s=samples_per_s(dali, arrived, args.batch))
            with one_core():
                seconds = time_pipelines(
                    dict(workers=workers.__getitem__), len(workers), 1)
            figures['worker_samples_per_s_per_core'] = 1 / seconds['workers']
            figures['cores_per_dali_device'] = (
                figures['dali_samples_per_s'] /
                figures['worker_samples_per_s_per_core'])
            if model is not None:
                figures.update(step_figures(model, dali, workers, args))
            for name, value in figures.items():
                measured.setdefault(name, []).append(value)
    return measured


def step_figures(model, dali, workers, args) -> Dict[str, float]:
    """Samples per second of the training step fed by each loader."""
    net, optim_wrapper = model

    def train(data):
        net.train_step(data, optim_wrapper)
        torch.cuda.synchronize()

    torch_loader = DataLoader(
        workers,
        batch_size=args.batch,
        num_workers=args.workers,
        shuffle=True,
        drop_last=True,
        pin_memory=True,
        collate_fn=default_collate)
    return dict(
        step_dali_samples_per_s=samples_per_s(dali, train, args.batch),
        step_workers_samples_per_s=samples_per_s(torch_loader, train,
                                                 args.batch))


def main(argv=None) -> Dict[str, float]:
    args = parse_args(argv)
    register_all_modules()
    MMLogger.get_instance('benchmark_dali', log_level='WARNING')
    seed_everything(args.seed)
    print(f'DALI: {args.config} on {args.device} ({args.dali_threads} CPU '
          f'thread(s)); workers: {args.worker_config}, one core; '
          f'{args.images} generated JPEGs, batch {args.batch}, medians of '
          f'{args.repeats}' +
          (f'; step: amp={args.amp}, {args.workers} workers' if args.
           step else ''))
    measured = measure(args)
    figures = {n: statistics.median(v) for n, v in measured.items()}
    for name, values in measured.items():
        print(f'  {name}: {figures[name]:.4g} (range {min(values):.4g}-'
              f'{max(values):.4g})')
    for name, value in figures.items():
        print(f'{name}: {value:.4g}')
    return figures
