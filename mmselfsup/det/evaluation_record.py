"""Keep every evaluation: its metrics and per-class AP50 tables, with the
checkpoint, epoch, config and date that produced them."""
import json
import os.path as osp
import time
from typing import Optional

from mmdet.registry import HOOKS
from mmengine.hooks import Hook

from mmselfsup.evaluation.ap50_table import save_tables
from mmselfsup.fileio import atomic_write
from mmselfsup.utils import epoch_of

RECORDS = 'evaluations'  # under the run's timestamped folder


@HOOKS.register_module()
class EvaluationRecordHook(Hook):
    """After every validation and test, write into the run's own
    timestamped folder (``<work_dir>/<timestamp>/evaluations/<name>/``):
    ``record.json`` (all logged metrics, the checkpoint path, its epoch,
    the config, the date) and the per-class AP50 tables of the evaluators
    that make one (``ap50_per_class.{json,csv}``, COCO's, and the extra
    ``voc_area_ap50_per_class.{json,csv}``). ``<name>`` is ``val_epoch_<N>``
    or ``test``; a new run gets a new timestamped folder, so nothing earlier
    is overwritten. ``tools/show_ap50_table.py`` and
    ``tools/analysis_tools/compare_runs.py`` read these records.
    """

    priority = 'LOW'

    def after_val_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        epoch = runner.epoch
        checkpoint = osp.join(runner.work_dir, f'epoch_{epoch}.pth')
        if not osp.isfile(checkpoint):
            checkpoint = None  # this epoch's weights were not saved
        self._record(runner, 'val', f'val_epoch_{epoch}', epoch, checkpoint,
                     runner.val_evaluator, metrics)

    def after_test_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        checkpoint = runner.cfg.get('load_from')
        self._record(runner, 'test', 'test', epoch_of(checkpoint), checkpoint,
                     runner.test_evaluator, metrics)

    @staticmethod
    def _record(runner, mode: str, name: str, epoch: Optional[int],
                checkpoint: Optional[str], evaluator, metrics) -> None:
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
        record = dict(
            mode=mode,
            epoch=epoch,
            checkpoint=checkpoint,
            config=runner.cfg.filename,
            work_dir=runner.work_dir,
            date=time.strftime('%Y-%m-%d %H:%M:%S %z'),
            metrics={
                k: float(v)
                for k, v in (metrics or {}).items()
            },
            tables=tables)
        atomic_write(
            json.dumps(record, indent=2), osp.join(folder, 'record.json'))
        runner.logger.info(f'evaluation recorded in {folder}')
