"""The evaluation records that ``EvaluationRecordHook`` writes for every
downstream toolbox (standard library only):
``<work_dir>/<timestamp>/evaluations/<name>/record.json``, ``<name>``
``val_epoch_<N>``, ``val_iter_<N>`` or ``test``, with the per-class AP50
tables of detection beside it.

A record (format 1) holds: ``format``; ``scope``, the toolbox (``mmdet``,
``mmseg``, ``mmpretrain``); ``mode`` (``val`` or ``test``); ``epoch`` and
``iter`` of the checkpoint (None where it has none); ``checkpoint``;
``config``; ``work_dir``; ``seed`` (of the training that wrote the
checkpoint); ``date``; ``metrics``, every logged
metric; ``headline``, the figure the paper reports for that toolbox
(``{'name', 'value'}``, in percent; see :data:`HEADLINES`); and ``tables``,
the AP50 tables (name, metric and mean).
"""
import glob
import json
import os.path as osp
from typing import List, Optional

RECORD = 'record.json'
RECORDS = 'evaluations'  # under the run's timestamped folder
RECORD_FORMAT = 1

# per toolbox: the metric the paper reports and the factor to percent.
# Detection: COCO's bbox_mAP_50 (the release evaluates metric=['bbox']);
# segmentation: mmseg's mIoU (already in percent); classification:
# mmpretrain's top-1 (already in percent).
HEADLINES = {
    'mmdet': ('coco/bbox_mAP_50', 100.0),
    'mmseg': ('mIoU', 1.0),
    'mmpretrain': ('accuracy/top1', 1.0),
}


def headline(scope: Optional[str], metrics: dict) -> Optional[dict]:
    """``{'name', 'value'}`` of the paper's figure among ``metrics`` (in
    percent), or None where the toolbox or the metric is not there."""
    name, factor = HEADLINES.get(scope, (None, None))
    if name not in metrics or not isinstance(metrics[name], (int, float)):
        return None
    return dict(name=name, value=float(metrics[name]) * factor)


def find_records(path: str, mode: Optional[str] = None) -> List[str]:
    """The record folders under ``path`` (a record folder, a run's
    timestamped folder or a work dir), oldest first by their date; only
    those of ``mode`` (``val`` or ``test``) if given."""
    if osp.isfile(osp.join(path, RECORD)):
        found = [osp.join(path, RECORD)]
    else:
        root = glob.escape(path)
        found = glob.glob(osp.join(root, '*', RECORDS, '*', RECORD))
        found += glob.glob(osp.join(root, RECORDS, '*', RECORD))
    records = [(load_record(osp.dirname(f)), osp.dirname(f)) for f in found]
    return [
        folder for record, folder in sorted(
            records, key=lambda r: (r[0]['date'], r[1]))
        if mode is None or record.get('mode') == mode
    ]


def latest_record(path: str, mode: Optional[str] = None) -> str:
    records = find_records(path, mode)
    if not records:
        kind = f'{mode} ' if mode else ''
        raise FileNotFoundError(
            f'no {kind}evaluation record under {path}: evaluate first '
            '(training validates as its config says; tools/test.py CONFIG '
            'CHECKPOINT --work-dir WORK_DIR tests); records are '
            f'<work_dir>/<timestamp>/{RECORDS}/*/{RECORD}')
    return records[-1]


def load_record(folder: str) -> dict:
    with open(osp.join(folder, RECORD), encoding='utf-8') as f:
        return json.load(f)


def load_table(folder: str, name: str = 'ap50_per_class') -> dict:
    path = osp.join(folder, f'{name}.json')
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path} does not exist: that evaluation '
                                f'made no {name} table')
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def evaluated_value(work_dir: str, metric: Optional[str] = None) -> float:
    """A figure of the latest test record under ``work_dir``: its
    ``metric`` as logged, or (None) its headline, in percent.

    Raises:
        FileNotFoundError: no test record (the message says how to make
            one) or none with that figure.
    """
    folder = latest_record(work_dir, 'test')
    record = load_record(folder)
    if metric is None:
        if record.get('headline') is None:
            raise FileNotFoundError(
                f'{folder}/{RECORD} has no headline figure (its toolbox '
                f'{record.get("scope")!r} logged none of '
                f'{sorted(n for n, _ in HEADLINES.values())})')
        return float(record['headline']['value'])
    if metric not in record['metrics']:
        raise FileNotFoundError(
            f'{folder}/{RECORD} has no metric {metric!r} (it has '
            f'{sorted(record["metrics"])})')
    return float(record['metrics'][metric])
