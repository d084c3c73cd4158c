"""Find the evaluation records that ``EvaluationRecordHook`` writes
(standard library only): ``<work_dir>/<timestamp>/evaluations/<name>/``
with ``record.json`` and the per-class AP50 tables."""
import glob
import json
import os.path as osp
from typing import List

RECORD = 'record.json'


def find_records(path: str) -> List[str]:
    """The record folders under ``path`` (a record folder, a run's
    timestamped folder or a work dir), oldest first by their date."""
    if osp.isfile(osp.join(path, RECORD)):
        return [path]
    found = glob.glob(
        osp.join(glob.escape(path), '*', 'evaluations', '*', RECORD))
    found += glob.glob(osp.join(glob.escape(path), 'evaluations', '*', RECORD))
    records = [osp.dirname(f) for f in found]
    return sorted(records, key=lambda r: (load_record(r)['date'], r))


def latest_record(path: str) -> str:
    records = find_records(path)
    if not records:
        raise FileNotFoundError(
            f'no evaluation record under {path}: evaluate first '
            '(train_mmdet.py validates after every epoch; test_mmdet.py on '
            'demand); records are <work_dir>/<timestamp>/evaluations/*/'
            f'{RECORD}')
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
