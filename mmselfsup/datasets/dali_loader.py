"""GeRSP's training batches decoded and augmented by NVIDIA DALI.

:class:`DALIViewLoader` stands where the torch ``DataLoader`` of
``train_dataloader`` stands: it reads the same config (the
``GeRSPDataset`` with its two sources and their view specs, the batch size,
the sampler), feeds the files that mmengine's sampler picks for this
process to a DALI pipeline (:mod:`mmselfsup.datasets.dali_views`), and
yields the batches the worker pipeline yields: ``inputs``, three uint8
(B, 3, H, W) BGR tensors (labeled view, query, key) and ``data_samples``,
one ``DataSample`` with ``gt_label`` per labeled image. On ``device='gpu'``
the JPEGs are decoded by nvJPEG (DALI's ``mixed`` decoder) and the tensors
are on the process's GPU.

Each epoch runs a pipeline seeded from (seed, rank, epoch), so that a
resumed run draws the views an uninterrupted one would.
"""
import os.path as osp
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List, Optional, Sequence

import numpy as np
import torch
from mmengine.dist import get_dist_info
from mmengine.registry import DATA_SAMPLERS
from mmpretrain.structures import DataSample

from mmselfsup.errors import ToolboxError
from mmselfsup.registry import DATASETS
from .loading import open_trusted
from .views import check_view

DEVICES = ('gpu', 'cpu')
INSTALL_HINT = ('install NVIDIA DALI (pip install nvidia-dali-cuda120, or '
                'pip install -e .[dali]), or train with the worker pipeline '
                '(the config without the DALI train loop)')


class DALILoaderError(ToolboxError, ValueError):
    """A config the DALI loader cannot run, or DALI missing."""


class DALIDecodeError(ToolboxError, RuntimeError):
    """DALI failed on a batch; names the files that do not decode."""


def _view_spec(dataset_cfg: dict, source: str) -> dict:
    spec = dataset_cfg[source].get('view')
    if spec is None:
        raise DALILoaderError(
            f'train_dataloader.dataset.{source} has an explicit pipeline '
            '(view=None); the DALI loader builds its views from a view spec, '
            f'so give train_dataloader.dataset.{source}.view instead.')
    return check_view(spec)


class EncodedBatches:
    """The external source of one epoch: batch ``i`` is the JPEG bytes of
    the labeled and unlabeled images of the sampler's indices
    ``[i * B, (i + 1) * B)``, and the labels. The files of a batch are read
    by ``readers`` threads (reading releases the GIL), so that a slow disk
    is not read one file at a time in the training process."""

    def __init__(self,
                 dataset,
                 indices: Sequence[int],
                 batch_size: int,
                 readers: int = 1):
        self.dataset = dataset
        self.indices = list(indices)
        self.batch_size = batch_size
        self.readers = readers

    def __len__(self) -> int:
        return len(self.indices) // self.batch_size

    def paths(self, iteration: int) -> List[tuple]:
        """(labeled info, unlabeled info) of each sample of a batch."""
        start = iteration * self.batch_size
        labeled, unlabeled = self.dataset.labeled, self.dataset.unlabeled
        return [(labeled.get_data_info(i % len(labeled)),
                 unlabeled.get_data_info(i % len(unlabeled)))
                for i in self.indices[start:start + self.batch_size]]

    def __call__(self, info) -> tuple:
        if info.iteration >= len(self):
            raise StopIteration
        samples = self.paths(info.iteration)
        files = [s['img_path'] for pair in samples for s in pair]
        with ThreadPoolExecutor(self.readers) as pool:
            data = list(pool.map(_read, files))
        return (data[0::2], data[1::2],
                [np.array(a['gt_label'], np.int64) for a, _ in samples])


def _read(path: str) -> np.ndarray:
    with open(path, 'rb') as f:
        return np.frombuffer(f.read(), np.uint8)


class DALIViewLoader:
    """Iterates GeRSP batches made by a DALI pipeline.

    Args:
        dataset (dict): The ``GeRSPDataset`` config of ``train_dataloader``;
            both sources must be built from view specs.
        batch_size (int): Samples per process and batch.
        sampler (dict): The sampler config (``DefaultSampler``); it picks
            and shuffles the indices of this process as for the worker
            pipeline.
        seed (int, optional): The run's seed.
        drop_last (bool): Must be True (DALI runs whole batches).
        device (str): ``'gpu'`` (nvJPEG decoding, tensors on this process's
            GPU) or ``'cpu'``.
        num_threads (int): DALI's CPU threads for this process.
        prefetch_queue_depth (int): Batches DALI prepares ahead.
        **unused: The torch ``DataLoader`` keys of ``train_dataloader``
            (``num_workers``, ``persistent_workers``, ``pin_memory``,
            ``prefetch_factor``, ``collate_fn``), which have no meaning here.
    """

    TORCH_ONLY = ('num_workers', 'persistent_workers', 'pin_memory',
                  'prefetch_factor', 'collate_fn', 'worker_init_fn')

    def __init__(self,
                 dataset: dict,
                 batch_size: int,
                 sampler: Optional[dict] = None,
                 seed: Optional[int] = None,
                 drop_last: bool = True,
                 device: str = 'gpu',
                 num_threads: int = 4,
                 prefetch_queue_depth: int = 2,
                 **unused) -> None:
        unknown = sorted(set(unused) - set(self.TORCH_ONLY))
        if unknown:
            raise DALILoaderError(
                f'train_dataloader key(s) {", ".join(unknown)} are not '
                'understood by the DALI loader (it takes dataset, '
                'batch_size, sampler, drop_last and the train loop\'s dali '
                'options).')
        if device not in DEVICES:
            raise DALILoaderError(
                f'the DALI loader device must be one of {DEVICES}, got '
                f'{device!r}.')
        if not drop_last:
            raise DALILoaderError(
                'the DALI loader runs whole batches only: set '
                'train_dataloader.drop_last=True.')
        if dataset.get('on_bad_image', 'error') != 'error':
            raise DALILoaderError(
                "on_bad_image='skip' is not available with the DALI loader "
                '(DALI decodes a whole batch at once); prepare the data '
                "without bad images, or use the worker pipeline.")
        if device == 'gpu' and not torch.cuda.is_available():
            raise DALILoaderError(
                "the DALI loader's device is 'gpu' but torch sees no GPU; "
                'set train_cfg.dali.device=cpu to decode on the CPU.')
        self.pipeline_fn = _dali_pipeline_fn()
        # every check above comes before the sources list their images
        self.views = {
            source: _view_spec(dataset, source)
            for source in ('labeled', 'unlabeled')
        }
        self.dataset = DATASETS.build(dataset)
        self.batch_size = batch_size
        # what DataGuardHook reads of a torch DataLoader
        self.drop_last = True
        self.batch_sampler = None
        self.seed = 0 if seed is None else seed
        self.sampler = DATA_SAMPLERS.build(
            dict(sampler or dict(type='DefaultSampler', shuffle=True)),
            default_args=dict(dataset=self.dataset, seed=self.seed))
        self.device = device
        self.num_threads = num_threads
        self.prefetch_queue_depth = prefetch_queue_depth
        self.rank, _ = get_dist_info()

    def __len__(self) -> int:
        return len(self.sampler) // self.batch_size

    def epoch_seed(self, epoch: int) -> int:
        """The pipeline seed of an epoch, different per process."""
        return int(
            np.random.SeedSequence([self.seed, self.rank, epoch
                                    ]).generate_state(1)[0] >> 1)

    def build_pipeline(self, source: EncodedBatches, epoch: int):
        """The DALI pipeline of one epoch (built)."""
        device_id = (
            torch.cuda.current_device() if self.device == 'gpu' else None)
        pipe = self.pipeline_fn(
            source,
            self.views['labeled'],
            self.views['unlabeled'],
            self.device,
            batch_size=self.batch_size,
            num_threads=self.num_threads,
            device_id=device_id,
            seed=self.epoch_seed(epoch),
            prefetch_queue_depth=self.prefetch_queue_depth)
        pipe.build()
        return pipe

    def __iter__(self) -> Iterator[dict]:
        epoch = getattr(self.sampler, 'epoch', 0)
        source = EncodedBatches(self.dataset, list(self.sampler),
                                self.batch_size, self.num_threads)
        pipe = self.build_pipeline(source, epoch)
        for iteration in range(len(source)):
            yield self.to_batch(_run(pipe, source, iteration))

    def to_batch(self, outputs) -> dict:
        """The mmengine batch of a pipeline's outputs (views, labels)."""
        views = [_to_torch(o) for o in outputs[:3]]
        labels = np.array(outputs[3].as_tensor()).reshape(-1)
        samples = [DataSample().set_gt_label(int(k)) for k in labels]
        return dict(inputs=views, data_samples=samples)


def _dali_pipeline_fn():
    """The pipeline definition, or an error that says how to get DALI."""
    try:
        from .dali_views import gersp_views_pipeline
    except ImportError as e:
        raise DALILoaderError(
            f'the DALI loader needs NVIDIA DALI ({e}): {INSTALL_HINT}.'
        ) from None
    return gersp_views_pipeline


def _run(pipe, source: EncodedBatches, iteration: int):
    """One batch; a decoding error names the files of the batch that
    Pillow cannot decode either."""
    try:
        return pipe.run()
    except RuntimeError as e:
        bad = _bad_files(source, iteration)
        raise DALIDecodeError(
            f'DALI failed on batch {iteration} of this epoch '
            f'({_dali_reason(e)}); ' +
            (f'the files of that batch that do not decode: {bad}' if bad else
             'every file of that batch decodes with Pillow')) from e


def _dali_reason(error: Exception) -> str:
    """The failing operator and what it encountered, from DALI's
    multi-line message."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    where = next((line.rstrip(',')
                  for line in lines if line.startswith('Error in')), None)
    what = next(
        (lines[k + 1]
         for k, line in enumerate(lines[:-1]) if line == 'encountered:'), None)
    return ': '.join(part for part in (where, what) if part) or repr(error)


def _bad_files(source: EncodedBatches, iteration: int) -> str:
    bad = []
    for infos in source.paths(iteration):
        for info in infos:
            path = info['img_path']
            try:
                with open_trusted(path) as img:
                    img.load()
            except Exception as e:  # any undecodable file is reported
                bad.append(f'{osp.normpath(path)} ({type(e).__name__}: {e})')
    return ', '.join(dict.fromkeys(bad))


def _to_torch(tensor_list) -> torch.Tensor:
    """A DALI batch as a torch tensor on its device (a copy)."""
    from nvidia.dali.backend import TensorGPU
    from nvidia.dali.plugin.pytorch import feed_ndarray
    dense = tensor_list.as_tensor()
    gpu = isinstance(dense, TensorGPU)
    out = torch.empty(
        dense.shape(),
        dtype=torch.uint8,
        device=torch.device('cuda', dense.device_id()) if gpu else 'cpu')
    feed_ndarray(
        dense,
        out,
        cuda_stream=torch.cuda.current_stream(out.device) if gpu else None)
    return out
