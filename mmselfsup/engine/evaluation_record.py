"""Keep every evaluation of every downstream toolbox in one record format:
its metrics, the figure the paper reports and the per-class AP50 tables,
with the checkpoint, epoch or iteration, seed, config and date that
produced them (:mod:`mmselfsup.evaluation.records` reads them)."""
import json
import os.path as osp
import time
from typing import Optional

from mmengine.hooks import Hook
from mmengine.registry import HOOKS

from mmselfsup.evaluation.ap50_table import save_tables
from mmselfsup.evaluation.records import (RECORD, RECORD_FORMAT, RECORDS,
                                          headline)
from mmselfsup.fileio import atomic_write
from mmselfsup.utils import epoch_of, iter_of
from mmselfsup.utils.checkpoint_loading import is_zip_file, safe_torch_load


def _iter_based(cfg) -> bool:
    loop = cfg.get('train_cfg') or {}
    return loop.get('type') == 'IterBasedTrainLoop' or 'max_iters' in loop


def _training_seed(checkpoint: Optional[str]) -> Optional[int]:
    """The seed of the run that wrote ``checkpoint`` (its ``meta``), read
    memory-mapped so that no tensor is loaded; None if it names none."""
    if not checkpoint or not osp.isfile(checkpoint):
        return None
    ckpt = safe_torch_load(
        checkpoint, map_location='cpu', mmap=is_zip_file(checkpoint))
    meta = ckpt.get('meta') if isinstance(ckpt, dict) else None
    return meta.get('seed') if isinstance(meta, dict) else None


def _plain(value):
    """A metric value as JSON holds it (tensors and numpy scalars too)."""
    return value.tolist() if hasattr(value, 'tolist') else value


# In mmengine's root registry, which the registries of mmdet, mmseg and
# mmpretrain fall back to: one hook for the three toolboxes.
@HOOKS.register_module()
class EvaluationRecordHook(Hook):
    """After every validation and test, write into the run's own
    timestamped folder (``<work_dir>/<timestamp>/evaluations/<name>/``):
    ``record.json`` and the per-class AP50 tables of the evaluators that
    make one (``ap50_per_class.{json,csv}``, COCO's, and the extra
    ``voc_area_ap50_per_class.{json,csv}``).

    ``<name>`` is ``val_epoch_<N>`` (``val_iter_<N>`` for an iteration-based
    schedule) or ``test``; a new run gets a new timestamped folder, so
    nothing earlier is overwritten. The record's fields are listed in
    :mod:`mmselfsup.evaluation.records`; ``tools/show_ap50_table.py``,
    ``tools/analysis_tools/compare_runs.py``, ``tools/repeat_runs.py`` and
    ``tools/benchmarks/benchmark_grid.py`` read them.
    """

    priority = 'LOW'

    def after_val_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        if _iter_based(runner.cfg):
            epoch, it = None, runner.iter
            name, file = f'val_iter_{it}', f'iter_{it}.pth'
        else:
            epoch, it = runner.epoch, None
            name, file = f'val_epoch_{epoch}', f'epoch_{epoch}.pth'
        checkpoint = osp.join(runner.work_dir, file)
        if not osp.isfile(checkpoint):
            checkpoint = None  # these weights were not saved
        self._record(runner, 'val', name, epoch, it, checkpoint,
                     runner.val_evaluator, metrics)

    def after_test_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        checkpoint = runner.cfg.get('load_from')
        self._record(runner, 'test', 'test', epoch_of(checkpoint),
                     iter_of(checkpoint), checkpoint, runner.test_evaluator,
                     metrics, _training_seed(checkpoint))

    @staticmethod
    def _record(runner,
                mode: str,
                name: str,
                epoch: Optional[int],
                it: Optional[int],
                checkpoint: Optional[str],
                evaluator,
                metrics,
                seed: Optional[int] = None) -> None:
        """``seed``: the training's (a test's own runner seed is not)."""
        folder = osp.join(runner.log_dir, RECORDS, name)
        tables = {}
        for metric in evaluator.metrics:
            table = getattr(metric, 'last_table', None)
            if table is not None:
                save_tables(
                    table['rows'],
                    table['mean'],
                    folder,
                    table['name'],
                    metric=table['metric'])
                tables[table['name']] = dict(
                    metric=table['metric'], mAP50=table['mean'])
        scope = runner.cfg.get('default_scope')
        metrics = {k: _plain(v) for k, v in (metrics or {}).items()}
        record = dict(
            format=RECORD_FORMAT,
            scope=scope,
            mode=mode,
            epoch=epoch,
            iter=it,
            checkpoint=checkpoint,
            config=runner.cfg.filename,
            work_dir=runner.work_dir,
            seed=runner.seed if seed is None else seed,
            date=time.strftime('%Y-%m-%d %H:%M:%S %z'),
            metrics=metrics,
            headline=headline(scope, metrics),
            tables=tables)
        atomic_write(json.dumps(record, indent=2), osp.join(folder, RECORD))
        runner.logger.info(f'evaluation recorded in {folder}')
