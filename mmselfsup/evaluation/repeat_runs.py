"""Fine-tune one classification config once per seed and report top-1 as
mean +- standard deviation over the runs, as the paper's tables do.

Seed N trains in its own work dir, ``WORK_DIR_ROOT/<config name>/seed_N``
(``train_mmpretrain.py CONFIG --work-dir ... --seed N [extra args]``), then
its last checkpoint is evaluated on the test split (``test_mmpretrain.py``,
which keeps an evaluation record in that dir,
``<timestamp>/evaluations/test/record.json``). The runs go one after the
other; a seed whose result exists already is not run again (``--force``
reruns it). ``--dry-run`` only prints the commands, e.g. for a cluster;
``--report-only`` only aggregates the runs that exist.

The aggregated value is mmpretrain's ``accuracy/top1`` (percent): with
``--metric test`` (default) from each run's latest test record, with
``--metric val`` the last ``accuracy/top1`` of its ``vis_data/scalars.json``
(the last validation). The standard deviation is the sample one (n - 1 in
the denominator). The report is printed and saved as
``WORK_DIR_ROOT/<config name>/top1_<metric>_summary.json``.

Arguments after ``--`` go to train_mmpretrain.py; the ``--cfg-options``
among them go to the evaluation too.

Examples::

    python tools/repeat_runs.py configs_mmpretrain/resnet50_GeRSP_eurosat.py \\
        --seeds 0 1 2 3 4
    python tools/repeat_runs.py CONFIG --seeds 0 1 2 --dry-run -- \\
        --cfg-options data_root=/mnt/EuroSAT/
    python tools/repeat_runs.py CONFIG --seeds 0 1 2 --report-only
"""
import argparse
import glob
import json
import os.path as osp
import shlex
import statistics
import subprocess
import sys
from typing import Dict, List, Optional, Sequence

from mmselfsup.evaluation.records import evaluated_value
from mmselfsup.fileio import atomic_write

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOP1 = 'accuracy/top1'


class RunError(Exception):
    """A run failed or left no result; the message names it."""


def config_name(config: str) -> str:
    return osp.splitext(osp.basename(config))[0]


def work_dir_of(root: str, config: str, seed: int) -> str:
    return osp.join(root, config_name(config), f'seed_{seed}')


def cfg_options_of(extra: Sequence[str]) -> List[str]:
    """The ``--cfg-options k=v ...`` part of the extra training arguments
    (up to the next flag)."""
    out, inside = [], False
    for arg in extra:
        if arg == '--cfg-options':
            inside = True
            out.append(arg)
        elif arg.startswith('--'):
            inside = False
        elif inside:
            out.append(arg)
    return out


def run_commands(config: str,
                 seed: int,
                 root: str,
                 extra: Sequence[str] = (),
                 python: str = 'python') -> List[List[str]]:
    """The training and the evaluation command of one seed."""
    work_dir = work_dir_of(root, config, seed)
    script = osp.relpath(osp.join(REPO, 'train_mmpretrain.py'))
    test = osp.relpath(osp.join(REPO, 'test_mmpretrain.py'))
    return [
        [
            python, script, config, '--work-dir', work_dir, '--seed',
            str(seed), *extra
        ],
        [
            python, test, config, work_dir, '--work-dir', work_dir,
            *cfg_options_of(extra)
        ],
    ]


def read_top1(work_dir: str, metric: str = 'test') -> float:
    """Top-1 of one run: from its latest test record (``metric='test'``)
    or the last validation in its ``vis_data/scalars.json`` files."""
    if not osp.isdir(work_dir):
        raise RunError(f'work dir {work_dir} does not exist')
    if metric == 'test':
        try:
            return evaluated_value(work_dir, TOP1)
        except FileNotFoundError as e:
            raise RunError(f'{e} (evaluate the run with test_mmpretrain.py '
                           'CONFIG WORK_DIR --work-dir WORK_DIR, or use '
                           '--metric val)') from None
    last = None
    pattern = osp.join(glob.escape(work_dir), '*', 'vis_data', 'scalars.json')
    for path in sorted(glob.glob(pattern)):  # timestamped runs, in order
        with open(path) as f:
            for line in f:
                if line.strip() and TOP1 in json.loads(line):
                    last = float(json.loads(line)[TOP1])
    if last is None:
        raise RunError(f'no {TOP1} in {pattern} (the run did not validate)')
    return last


def aggregate(values: Sequence[float]) -> Dict[str, Optional[float]]:
    """``n``, ``mean`` and the sample standard deviation ``std`` (n - 1 in
    the denominator; None for a single run)."""
    if not values:
        raise ValueError('no values to aggregate')
    return dict(
        n=len(values),
        mean=statistics.fmean(values),
        std=statistics.stdev(values) if len(values) > 1 else None)


def format_report(config: str, per_seed: Dict[int, float], stats: dict,
                  metric: str) -> str:
    lines = [f'{config_name(config)}: {TOP1} ({metric} split) per seed']
    lines += [f'  seed {seed}: {v:.2f}' for seed, v in per_seed.items()]
    std = 'n/a (one run)' if stats['std'] is None else f'{stats["std"]:.2f}'
    lines.append(f'  mean +- sample std over {stats["n"]} runs: '
                 f'{stats["mean"]:.2f} +- {std}')
    return '\n'.join(lines)


def report(config: str, seeds: Sequence[int], root: str, metric: str) -> dict:
    """Read every seed's top-1, aggregate, print and save the summary."""
    per_seed, missing = {}, []
    for seed in seeds:
        try:
            per_seed[seed] = read_top1(work_dir_of(root, config, seed), metric)
        except RunError as e:
            missing.append(f'seed {seed}: {e}')
    if missing:
        raise RunError('missing results:\n  ' + '\n  '.join(missing))
    stats = aggregate(list(per_seed.values()))
    summary = dict(
        config=config,
        metric=f'{TOP1} ({metric})',
        std_kind='sample (n - 1)',
        per_seed={
            str(k): v
            for k, v in per_seed.items()
        },
        **stats)
    path = osp.join(root, config_name(config), f'top1_{metric}_summary.json')
    atomic_write(json.dumps(summary, indent=1) + '\n', path)
    print(format_report(config, per_seed, stats, metric))
    print(f'saved to {path}')
    return summary


def run_seeds(config: str, seeds: Sequence[int], root: str,
              extra: Sequence[str], metric: str, force: bool) -> None:
    for seed in seeds:
        work_dir = work_dir_of(root, config, seed)
        try:
            if not force:
                read_top1(work_dir, metric)
                print(f'seed {seed}: {work_dir} has its result already '
                      '(--force reruns it)')
                continue
        except RunError:
            pass
        for cmd in run_commands(config, seed, root, extra, sys.executable):
            print(f'seed {seed}: {shlex.join(cmd)}', flush=True)
            if subprocess.run(cmd).returncode != 0:
                raise RunError(f'seed {seed} failed: {shlex.join(cmd)} '
                               f'(logs in {work_dir})')


def parse_args(argv: Optional[List[str]] = None):
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if '--' in argv:
        at = argv.index('--')
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(
        description='Fine-tune a classification config once per seed and '
        'report top-1 as mean +- sample std',
        epilog='Arguments after -- go to train_mmpretrain.py.')
    parser.add_argument('config')
    parser.add_argument('--seeds', type=int, nargs='+', required=True)
    parser.add_argument(
        '--work-dir-root',
        default='results',
        help='runs go to WORK_DIR_ROOT/<config name>/seed_<n>')
    parser.add_argument(
        '--metric',
        choices=('test', 'val'),
        default='test',
        help='test: the evaluation record of the test after training; '
        'val: the last validation of the training log')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        '--dry-run', action='store_true', help='only print the commands')
    mode.add_argument(
        '--report-only',
        action='store_true',
        help='only aggregate the runs that exist')
    parser.add_argument(
        '--force', action='store_true', help='rerun seeds that have a result')
    args = parser.parse_args(argv)
    if len(set(args.seeds)) != len(args.seeds):
        parser.error(f'--seeds {args.seeds}: a seed is repeated')
    args.extra = extra
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if args.dry_run:
        for seed in args.seeds:
            for cmd in run_commands(args.config, seed, args.work_dir_root,
                                    args.extra):
                print(shlex.join(cmd))
        print(
            shlex.join([
                'python',
                osp.relpath(osp.join(REPO, 'tools',
                                     'repeat_runs.py')), args.config,
                '--seeds', *map(str, args.seeds), '--work-dir-root',
                args.work_dir_root, '--metric', args.metric, '--report-only'
            ]))
        return 0
    try:
        if not args.report_only:
            run_seeds(args.config, args.seeds, args.work_dir_root, args.extra,
                      args.metric, args.force)
        report(args.config, args.seeds, args.work_dir_root, args.metric)
    except RunError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    return 0
