"""Time GeRSP against its compute floor and against torchvision.

Two measurements, in one process:

- step: one training step through our model, optimizer wrapper and data
  preprocessor (``model.train_step``) against the bare compute floor: the
  same ResNet-50, projector and classifier modules called directly in torch
  (student forward + backward on 2B images, teacher forward on B, InfoNCE
  and cross-entropy, EMA, SGD, queue update), on the same uint8 inputs.
  The two alternate step by step, so that noise hits both alike; the
  figures are medians after warm-up.
- pipeline: GeRSP samples (1 labeled + 2 unlabeled views, decode included)
  per second through the data pipeline of ``--config``, against torchvision
  transforms implementing the released augmentation and the release's own
  pipeline (``--release-config``) on the same generated JPEGs
  (Million-AID-like sizes), in one process on one core (a dataloader
  worker), alternating sample by sample; and against the decode floor, the
  same images decoded alone at the JPEG scales the pipeline chose. Each
  figure is the median of ``--repeats`` measurements.

The last lines are the figures, one ``name: value`` a line.

Examples:
    python tools/analysis_tools/benchmark_gersp.py --quick
    python tools/analysis_tools/benchmark_gersp.py \\
        --config configs/selfsup/GeRSP/GeRSP.py          # released pipeline
    python tools/analysis_tools/benchmark_gersp.py --only step --batch 32 \\
        --amp --channels-last --compile                  # on a GPU
"""
import argparse
import contextlib
import copy
import os
import os.path as osp
import random
import resource
import statistics
import tempfile
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper
from mmpretrain.structures import DataSample
from PIL import Image
from torchvision import transforms as T

from mmselfsup.datasets import check_view
from mmselfsup.datasets.fast_views import DecodeCropViews
from mmselfsup.datasets.loading import open_trusted
from mmselfsup.engine.config_build import amp_settings
from mmselfsup.registration import register_all_modules
from mmselfsup.registry import DATASETS, MODELS

FAST_CONFIG = osp.normpath(
    osp.join(
        osp.dirname(osp.abspath(__file__)), '..', '..',
        'configs/selfsup/GeRSP/GeRSP_crop-decode.py'))
RELEASE_CONFIG = osp.join(osp.dirname(FAST_CONFIG), 'GeRSP.py')
# (--quick, full) defaults.
DEFAULTS = dict(
    batch=(2, 4),
    warmup=(2, 3),
    steps=(8, 12),
    images=(32, 96),
    passes=(1, 2),
    repeats=(3, 5))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument(
        '--config',
        default=FAST_CONFIG,
        help='pre-training config: model, optimizer and data pipeline')
    parser.add_argument(
        '--quick',
        action='store_true',
        help='fewer steps, images and passes (about a minute on 2 cores)')
    parser.add_argument(
        '--only', choices=['step', 'pipeline'], help='one measurement only')
    parser.add_argument(
        '--batch', type=int, help='images per branch and step (B)')
    parser.add_argument('--warmup', type=int, help='untimed steps first')
    parser.add_argument('--steps', type=int, help='timed steps')
    parser.add_argument('--images', type=int, help='generated JPEGs')
    parser.add_argument(
        '--passes', type=int, help='passes of the pipelines over them')
    parser.add_argument(
        '--repeats',
        type=int,
        help='pipeline measurements; the figures are their medians')
    parser.add_argument(
        '--release-config',
        default=RELEASE_CONFIG,
        help='the config whose pipeline is timed as the release\'s '
        '(\'\' to skip it)')
    parser.add_argument(
        '--device',
        default='cuda' if torch.cuda.is_available() else 'cpu',
        help='device of the step (default: cuda when available)')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='mixed precision (GPU), as tools/train.py --amp')
    parser.add_argument(
        '--channels-last',
        action='store_true',
        help='channels-last encoders and inputs (model.channels_last)')
    parser.add_argument(
        '--compile',
        action='store_true',
        help='torch.compile the encoders, which the floor shares '
        '(model.compile_encoders)')
    parser.add_argument('--threads', type=int, help='torch CPU threads')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    for key, (quick, full) in DEFAULTS.items():
        if getattr(args, key) is None:
            setattr(args, key, quick if args.quick else full)
    if args.amp and not args.device.startswith('cuda'):
        parser.error('--amp needs a CUDA device')
    return args


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def synchronize(device: torch.device) -> None:
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


# ---------------------------------------------------------------- step


class Floor:
    """One GeRSP step written directly in torch on the modules of ``model``
    (no data preprocessor, optimizer wrapper, loss dicts or logging): the
    compute that any implementation has to do."""

    def __init__(self, model, cfg: Config, device: torch.device,
                 amp_dtype) -> None:
        self.model = model
        self.device = device
        self.amp_dtype = amp_dtype
        self.scaler = torch.amp.GradScaler(enabled=amp_dtype == torch.float16)
        optim = cfg.optim_wrapper.optimizer
        self.optimizer = torch.optim.SGD(
            [p for p in model.parameters() if p.requires_grad],
            lr=optim.lr,
            momentum=optim.momentum,
            weight_decay=optim.weight_decay)
        prep = cfg.data_preprocessor
        self.mean = torch.tensor(prep.mean, device=device).view(1, 3, 1, 1)
        self.std = torch.tensor(prep.std, device=device).view(1, 3, 1, 1)
        self.queue = F.normalize(
            torch.randn(
                cfg.model.feat_dim, cfg.model.queue_len, device=device),
            dim=0)
        self.ptr = 0
        self.ema_pairs = [(model.encoder_q, model.encoder_k)]
        if model.ema_projector:
            self.ema_pairs.append((model.proj_q, model.proj_k))

    def images(self, view: torch.Tensor) -> torch.Tensor:
        """BGR uint8 -> normalised RGB float, as the data preprocessor."""
        x = view.to(self.device, non_blocking=True)[:, [2, 1, 0]].float()
        x = (x - self.mean) / self.std
        if self.model.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return x

    def step(self, views: Sequence[torch.Tensor],
             labels: torch.Tensor) -> torch.Tensor:
        """One step on ``[labeled, query, key]`` uint8 views; the loss."""
        m = self.model
        img_l, im_q, im_k = (self.images(v) for v in views)
        labels = labels.to(self.device, non_blocking=True)
        batch = im_q.shape[0]
        with torch.autocast(
                self.device.type,
                dtype=self.amp_dtype,
                enabled=self.amp_dtype is not None):
            feats = m.encoder_q(torch.cat([im_q, img_l]))[-1].mean((2, 3))
            q = F.normalize(m.proj_q(feats[:batch]), dim=1)
            cls_score = m.pred_q(feats[batch:])
            with torch.no_grad():
                for student, teacher in self.ema_pairs:
                    params = list(teacher.parameters())
                    torch._foreach_mul_(params, m.momentum)
                    torch._foreach_add_(
                        params, [p.detach() for p in student.parameters()],
                        alpha=1 - m.momentum)
                k = F.normalize(
                    m.proj_k(m.encoder_k(im_k)[-1].mean((2, 3))), dim=1)
            logits = torch.cat([(q * k).sum(1, keepdim=True), q @ self.queue],
                               dim=1) / m.head.temperature
            loss = F.cross_entropy(logits,
                                   logits.new_zeros(batch, dtype=torch.long))
            loss = loss + m.alpha * F.cross_entropy(cls_score, labels)
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        with torch.no_grad():
            self.queue[:, self.ptr:self.ptr + batch] = k.t()
        self.ptr = (self.ptr + batch) % self.queue.shape[1]
        return loss.detach()


def build_model(cfg: Config, device: torch.device, amp: bool,
                **model_options) -> tuple:
    """The config's model (with ``model_options``), initialised, in train
    mode on ``device``, its optimizer wrapper (mixed precision with
    ``amp``, as tools/train.py --amp) and the autocast dtype (or None)."""
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.data_preprocessor = cfg.data_preprocessor
    model_cfg.update(model_options)
    model = MODELS.build(model_cfg)
    model.init_weights()
    model.to(device).train()
    optim_cfg = copy.deepcopy(cfg.optim_wrapper)
    amp_dtype = None
    if amp:
        optim_cfg.update(type='AmpOptimWrapper', **amp_settings())
        amp_dtype = getattr(torch, optim_cfg.dtype)
    return model, build_optim_wrapper(model, optim_cfg), amp_dtype


def build_steps(cfg: Config,
                args) -> Tuple[Callable[[], None], Callable[[], None]]:
    """Our train step and the floor's, on the same inputs and modules."""
    device = torch.device(args.device)
    model, optim_wrapper, amp_dtype = build_model(
        cfg,
        device,
        args.amp,
        channels_last=args.channels_last,
        compile_encoders=args.compile)
    floor = Floor(model, cfg, device, amp_dtype)

    size = _crop_size(cfg)
    views = [
        torch.randint(0, 256, (args.batch, 3, size, size), dtype=torch.uint8)
        for _ in range(3)
    ]
    labels = torch.arange(args.batch) % cfg.model.num_classes
    if device.type == 'cuda':
        views = [v.pin_memory() for v in views]
    data = dict(
        inputs=views,
        data_samples=[DataSample().set_gt_label(int(i)) for i in labels])

    def ours():
        model.train_step(data, optim_wrapper)
        synchronize(device)

    def bare():
        floor.step(views, labels)
        synchronize(device)

    return ours, bare


def _crop_size(cfg: Config) -> int:
    """Output side of the labeled views of ``cfg``: its view spec's
    ``crop_size``, else its explicit pipeline's crop."""
    labeled = cfg.train_dataloader.dataset.labeled
    if labeled.get('view') is not None:
        size = check_view(labeled.view)['crop_size']
        return size if isinstance(size, int) else size[0]
    for step in labeled.pipeline:
        if step['type'].split('.')[-1] in ('RandomResizedCrop',
                                           'DecodeCropViews'):
            size = step.get('crop_size', step.get('scale', 224))
            return size if isinstance(size, int) else size[0]
    raise KeyError('no RandomResizedCrop or DecodeCropViews in the labeled '
                   'pipeline')


def interleaved_medians(runs: Dict[str, Callable[[], None]], warmup: int,
                        steps: int) -> Dict[str, float]:
    """Median seconds per call of each run, alternating which goes first."""
    times = {name: [] for name in runs}
    names = list(runs)
    for i in range(warmup + steps):
        for name in names if i % 2 else names[::-1]:
            start = time.perf_counter()
            runs[name]()
            if i >= warmup:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def benchmark_step(cfg: Config, args) -> Dict[str, float]:
    seed_everything(args.seed)
    ours, bare = build_steps(cfg, args)
    med = interleaved_medians(
        dict(step=ours, floor=bare), args.warmup, args.steps)
    images = 2 * args.batch  # labeled + unlabeled source images per step
    return dict(
        step_s=med['step'],
        floor_s=med['floor'],
        step_overhead_ratio=med['step'] / med['floor'],
        step_images_per_s=images / med['step'],
        floor_images_per_s=images / med['floor'])


# ---------------------------------------------------------------- pipeline


def image_sizes(count: int, seed: int) -> List[Tuple[int, int]]:
    """Million-AID-like (w, h), in random order: the longer sides spread
    evenly on a log scale over 300-4000 px, except one image in 16 of
    6000-8000 px; aspect ratios 3:4-4:3. Stratified rather than drawn, so
    that a short run sees the same spread as a long one."""
    rng = np.random.default_rng(seed)
    large = count // 16
    quantiles = (np.arange(count - large) + 0.5) / (count - large)
    sides = [
        *np.exp(np.log(300) + quantiles * np.log(4000 / 300)), *np.exp(
            np.log(6000) +
            (np.arange(large) + 0.5) / max(large, 1) * np.log(8000 / 6000))
    ]
    sizes = []
    for side in rng.permutation(sides):
        other = side * rng.uniform(0.75, 1.0)
        w, h = (side, other) if rng.random() < 0.5 else (other, side)
        sizes.append((int(w), int(h)))
    return sizes


def write_jpeg(path: str, size: Tuple[int, int], seed: int) -> None:
    """A scene with coarse structure and fine texture, so that it
    compresses (and decodes) like an aerial photograph."""
    rng = np.random.default_rng(seed)
    w, h = size
    layers = [
        Image.fromarray(
            rng.integers(
                0, 255, (max(2, h // f), max(2, w // f), 3),
                dtype=np.uint8)).resize(size, Image.BILINEAR) for f in (64, 4)
    ]
    Image.blend(*layers, 0.35).save(path, quality=90)


def write_images(root: str, count: int, seed: int) -> None:
    """``count`` JPEGs in ``root/unlabeled``, linked into two classes of
    ``root/labeled/train`` for the labeled source."""
    for c in range(2):
        os.makedirs(osp.join(root, 'labeled', 'train', f'c{c}'))
    os.makedirs(osp.join(root, 'unlabeled'))
    for i, size in enumerate(image_sizes(count, seed)):
        path = osp.join(root, 'unlabeled', f'{i:04d}.jpg')
        write_jpeg(path, size, seed + i)
        os.symlink(
            path,
            osp.join(root, 'labeled', 'train', f'c{i % 2}', f'{i:04d}.jpg'))


def torchvision_reference(cfg: Config) -> Callable[[str, str], list]:
    """The released augmentation in torchvision transforms; the unlabeled
    image is read once for its two views, as in MoCo's TwoCropsTransform."""
    prep = cfg.data_preprocessor
    view = T.Compose([
        T.RandomResizedCrop(224, scale=(0.2, 1.0)),
        T.RandomGrayscale(p=0.2),
        T.ColorJitter(0.4, 0.4, 0.4, 0.4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize([m / 255 for m in prep.mean], [s / 255 for s in prep.std])
    ])

    def load(path: str) -> Image.Image:
        with open(path, 'rb') as f:  # torchvision's pil_loader
            return Image.open(f).convert('RGB')

    def sample(labeled: str, unlabeled: str) -> list:
        image = load(unlabeled)
        return [view(load(labeled)), view(image), view(image)]

    return sample


@contextlib.contextmanager
def one_core():
    """One thread for torch and OpenCV, as in a dataloader worker."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    cv2.setNumThreads(0)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def source_dataset_cfg(cfg: Config, root: str) -> dict:
    """The config of ``cfg``'s GeRSP dataset on the generated images of
    ``root`` (:func:`write_images`)."""
    data = copy.deepcopy(cfg.train_dataloader.dataset).to_dict()
    data['labeled'].update(
        data_root=osp.join(root, 'labeled'), ann_file='', data_prefix='train')
    data['unlabeled'].update(data_root=root, data_prefix='unlabeled')
    return data


def build_source_dataset(cfg: Config, root: str):
    """The config's GeRSP dataset on the generated images of ``root``."""
    return DATASETS.build(source_dataset_cfg(cfg, root))


def record_decodes(dataset) -> Optional[List[Tuple[str, int]]]:
    """Make every ``DecodeCropViews`` of the dataset note ``(image, JPEG
    scale)`` of each decode in the list returned; None if it has none (the
    pipeline decodes every image whole)."""
    decodes: List[Tuple[str, int]] = []
    steps = [
        step for source in (dataset.labeled, dataset.unlabeled)
        for step in source.pipeline.transforms
        if isinstance(step, DecodeCropViews)
    ]
    for step in steps:

        def transform(results, inner=step.transform):
            results = inner(results)
            decodes.append((results['img_path'], results['decode_scale']))
            return results

        step.transform = transform
    return decodes if steps else None


def decode(path: str, scale: int) -> None:
    """Decode ``path`` alone at JPEG scale ``1 / scale``, opened as the
    pipeline opens it."""
    with open_trusted(path) as img:
        if scale > 1:
            img.draft('RGB', (img.width // scale, img.height // scale))
        img.load()


def time_pipelines(runs: Dict[str, Callable[[int], object]], count: int,
                   passes: int) -> Dict[str, float]:
    """Seconds per sample of each run, alternating sample by sample."""
    total = {name: 0.0 for name in runs}
    for p in range(passes):
        for i in range(count):
            names = list(runs) if (i + p) % 2 else list(runs)[::-1]
            for name in names:
                start = time.perf_counter()
                runs[name](i)
                total[name] += time.perf_counter() - start
    return {name: t / (passes * count) for name, t in total.items()}


def benchmark_pipeline(cfg: Config, args) -> Dict[str, float]:
    """Medians over ``args.repeats`` measurements (and their spread in
    ``SPREAD``) of samples/s of the config's pipeline, the release's and
    torchvision's, and of the decode floor: the same images decoded alone
    at the JPEG scales the config's pipeline chose."""
    with tempfile.TemporaryDirectory() as root:
        write_images(root, args.images, args.seed)
        dataset = build_source_dataset(cfg, root)
        decodes = record_decodes(dataset)
        paths = [(dataset.labeled.get_data_info(i)['img_path'],
                  dataset.unlabeled.get_data_info(i)['img_path'])
                 for i in range(len(dataset))]
        reference = torchvision_reference(cfg)
        runs = dict(
            ours=lambda i: dataset[i],
            torchvision=lambda i: reference(*paths[i]))
        if args.release_config:
            release = build_source_dataset(
                Config.fromfile(args.release_config), root)
            runs['release'] = release.__getitem__
        seed_everything(args.seed)
        measured: Dict[str, List[float]] = {}
        with one_core():
            # An untimed pass first: imports, page cache and the allocator's
            # steady state (large image buffers) of a long-running worker.
            for i in range(len(dataset)):
                for run in runs.values():
                    run(i)
            for _ in range(args.repeats):
                if decodes is not None:
                    decodes.clear()
                seconds = time_pipelines(runs, len(dataset), args.passes)
                chosen = list(decodes) if decodes is not None else [
                    (p, 1) for pair in paths for p in pair
                ] * args.passes
                start = time.perf_counter()
                for path, scale in chosen:
                    decode(path, scale)
                floor = (time.perf_counter() - start) / (
                    args.passes * len(dataset))
                figures = dict(
                    pipeline_samples_per_s=1 / seconds['ours'],
                    torchvision_samples_per_s=1 / seconds['torchvision'],
                    pipeline_speedup_vs_torchvision=seconds['torchvision'] /
                    seconds['ours'],
                    decode_floor_samples_per_s=1 / floor,
                    pipeline_vs_decode_floor=floor / seconds['ours'])
                if 'release' in seconds:
                    figures.update(
                        release_samples_per_s=1 / seconds['release'],
                        release_speedup_vs_torchvision=seconds['torchvision'] /
                        seconds['release'])
                for name, value in figures.items():
                    measured.setdefault(name, []).append(value)
    SPREAD.clear()
    SPREAD.update({n: (min(v), max(v)) for n, v in measured.items()})
    return {n: statistics.median(v) for n, v in measured.items()}


# name -> (min, max) over the repeats of the last pipeline measurement
SPREAD: Dict[str, Tuple[float, float]] = {}


def main(argv=None) -> Dict[str, float]:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules()
    # The current logger: init_weights() logs every parameter at INFO.
    MMLogger.get_instance('benchmark_gersp', log_level='WARNING')
    cfg = Config.fromfile(args.config)
    print(f'config: {args.config}')
    # The pipeline goes first: a dataloader worker never runs the model, and
    # the memory that training steps free would make the reference's large
    # image buffers cheaper to allocate than in a worker.
    pipeline = {}
    if args.only != 'step':
        print(f'pipeline: {args.images} generated JPEGs, 1 untimed + '
              f'{args.passes} timed pass(es), one core, medians of '
              f'{args.repeats} measurements; the release\'s: '
              f'{args.release_config or "skipped"}')
        pipeline = benchmark_pipeline(cfg, args)
        for name, (low, high) in SPREAD.items():
            print(f'  {name}: {pipeline[name]:.4g} (range {low:.4g}-'
                  f'{high:.4g})')
    figures = {}
    if args.only != 'pipeline':
        print(f'step: {args.batch} labeled + {args.batch} unlabeled images '
              f'(2 views) per step on {args.device}, amp={args.amp}, '
              f'channels_last={args.channels_last}, compile={args.compile}, '
              f'{torch.get_num_threads()} threads, {args.warmup} warm-up + '
              f'{args.steps} timed steps each')
        figures.update(benchmark_step(cfg, args))
    figures.update(pipeline)
    figures['peak_rss_mb'] = resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, value in figures.items():
        print(f'{name}: {value:.4g}')
    return figures
