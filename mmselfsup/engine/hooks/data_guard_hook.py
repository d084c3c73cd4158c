"""Refuse, before the first iteration, data that cannot train the model, and
count the images a run skipped."""
from typing import Optional

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS

from mmselfsup.engine.label_check import label_range_error
from mmselfsup.errors import ToolboxError


class DataGuardError(ToolboxError, ValueError):
    """The training data cannot train the model as configured."""


@HOOKS.register_module()
class DataGuardHook(Hook):
    """Checks in ``before_train``, each a one-line error:

    - the train dataloader yields at least one iteration per epoch (a
      dataset smaller than the global batch with ``drop_last`` gives none,
      and every "epoch" would finish at once with an untrained model);
    - the model's own check of the global batch, where it has one (GeRSP's
      queue must be filled by whole global batches);
    - every label of the training set lies in ``[0, num_classes)`` of the
      model (else torch fails at an unpredictable iteration with a bare
      ``IndexError``), naming the annotation file and line.

    It also sums the images a dataset in ``on_bad_image='skip'`` mode
    replaced (``num_skipped`` in the metainfo of its data samples) over
    dataloader workers and processes, and logs the total at the end of
    every epoch.
    """

    priority = 'VERY_HIGH'  # before any other hook's before_train

    def __init__(self) -> None:
        self._skipped: Optional[int] = None  # None: nothing reports skips
        self._total_skipped = 0

    def before_train(self, runner) -> None:
        loader = runner.train_loop.dataloader
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        errors = [
            _empty_epoch_error(loader, get_world_size()),
            _global_batch_error(model, loader, get_world_size()),
            label_range_error(loader.dataset, _num_classes(model)),
        ]
        errors = [e for e in errors if e]
        if errors:
            raise DataGuardError(errors[0])

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        samples = data_batch.get('data_samples') if isinstance(
            data_batch, dict) else None
        counts = [
            s.metainfo['num_skipped'] for s in samples or []
            if 'num_skipped' in getattr(s, 'metainfo', {})
        ]
        if counts:
            self._skipped = (self._skipped or 0) + sum(counts)

    def after_train_epoch(self, runner) -> None:
        if self._skipped is None:
            return
        count = torch.tensor(self._skipped, dtype=torch.long)
        all_reduce(count)  # a no-op in a single process
        self._total_skipped += int(count)
        self._skipped = 0
        runner.logger.info(
            f'epoch {runner.epoch + 1}: {int(count)} image(s) skipped as '
            f'unreadable (on_bad_image=\'skip\', all workers and processes); '
            f'{self._total_skipped} in this run so far')


def _batch_size(loader) -> tuple:
    """(batch size per process, drop_last) of a loader, batch sampler
    included."""
    sampler = loader.batch_sampler
    return (getattr(sampler, 'batch_size', loader.batch_size),
            getattr(sampler, 'drop_last', loader.drop_last))


def _empty_epoch_error(loader, world_size: int) -> Optional[str]:
    if len(loader) > 0:
        return None
    batch, drop_last = _batch_size(loader)
    return (f'the train dataloader yields 0 iterations per epoch: its '
            f'dataset has {len(loader.dataset)} samples, split over '
            f'{world_size} process(es), and the batch is {batch} per process '
            f'with drop_last={drop_last}, so no process gets a whole batch. '
            'Use more data, a smaller train_dataloader.batch_size or fewer '
            'processes.')


def _global_batch_error(model, loader, world_size: int) -> Optional[str]:
    check = getattr(model, 'global_batch_error', None)
    if check is None:
        return None
    return check(_batch_size(loader)[0], world_size)


def _num_classes(model) -> Optional[int]:
    """The classes a model's classifier scores: GeRSP's supervised branch
    or an mmpretrain classifier's head."""
    num = getattr(model, 'num_classes', None)
    if num is None:
        num = getattr(getattr(model, 'head', None), 'num_classes', None)
    return num if isinstance(num, int) else None
