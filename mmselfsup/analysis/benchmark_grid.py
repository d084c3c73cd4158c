"""The paper's comparison as one grid: every (method, task, seed) cell
fine-tuned and tested through the toolbox's entry points, then reported in
the paper's table layout beside the paper's figures.

A method is a pre-training: a converted backbone file
(``NAME=FILE``; the built-in names read the converters' default outputs,
see :data:`DEFAULT_WEIGHTS`), ``imp`` (a task's ImageNet-supervised
baseline config) or ``scratch`` (a task's from-scratch config). A task is a
downstream recipe: a built-in name (:data:`TASKS`) or ``NAME=CONFIG`` (a
config that loads ``model.backbone.init_cfg.checkpoint``). A cell trains in
``WORK_DIR_ROOT/<task>/<method>/seed_<n>`` with ``tools/train.py CONFIG
--work-dir ... --seed N --resume``, then tests the last checkpoint with
``tools/test.py``, which leaves the evaluation record the table reads. A
cell whose test record exists is not run again (``--force`` reruns it).
"""
import argparse
import os.path as osp
import shlex
import subprocess
import sys
from functools import lru_cache
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from mmselfsup.evaluation import grid_table
from mmselfsup.evaluation.paper_table import METHOD_NAMES
from mmselfsup.evaluation.paper_table import TASKS as PAPER_TASKS
from mmselfsup.evaluation.paper_table import paper_cells
from mmselfsup.evaluation.records import evaluated_value, latest_record
from mmselfsup.fileio import atomic_write
from mmselfsup.model_converters.cli import output_name
from mmselfsup.model_converters.presets import PRESETS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CHECKPOINT_KEY = 'model.backbone.init_cfg.checkpoint'


class GridError(Exception):
    """Bad methods, tasks or seeds, or a failed cell; the message names
    it."""


def _variants(config: str) -> Tuple[str, str, str]:
    """A GeRSP recipe and its ImageNet-supervised and from-scratch
    siblings (``*_GeRSP*`` -> ``*_baseline*``, ``*_scratch*``)."""
    return (config, config.replace('_GeRSP', '_baseline'),
            config.replace('_GeRSP', '_scratch'))


# the downstream recipes; the paper's columns first
TASKS: Dict[str, Tuple[str, str, str]] = {
    name: _variants(config)
    for name, config in (
        ('dior-faster_rcnn', 'configs_mmdet/faster_rcnn_GeRSP.py'),
        ('dior-retinanet', 'configs_mmdet/retinanet_GeRSP.py'),
        ('dior-dyhead', 'configs_mmdet/atss_dyhead_GeRSP.py'),
        ('dota-faster_rcnn', 'configs_mmdet/faster_rcnn_GeRSP_dota.py'),
        ('dota-retinanet', 'configs_mmdet/retinanet_GeRSP_dota.py'),
        ('dota-dyhead', 'configs_mmdet/atss_dyhead_GeRSP_dota.py'),
        ('loveda-psanet', 'configs_mmseg/psanet_GeRSP_loveda.py'),
        ('loveda-deeplabv3plus',
         'configs_mmseg/deeplabv3plus_GeRSP_loveda.py'),
        ('eurosat-finetune', 'configs_mmpretrain/resnet50_GeRSP_eurosat.py'),
        ('nwpu-resisc45-finetune',
         'configs_mmpretrain/resnet50_GeRSP_nwpu-resisc45.py'),
        ('dior-dynamic_rcnn', 'configs_mmdet/dynamic_rcnn_GeRSP.py'),
        ('dota-dynamic_rcnn', 'configs_mmdet/dynamic_rcnn_GeRSP_dota.py'),
        ('uc-merced-finetune',
         'configs_mmpretrain/resnet50_GeRSP_uc-merced.py'),
        ('eurosat-linear',
         'configs_mmpretrain/resnet50-linear_GeRSP_eurosat.py'),
        ('nwpu-resisc45-linear',
         'configs_mmpretrain/resnet50-linear_GeRSP_nwpu-resisc45.py'),
        ('uc-merced-linear',
         'configs_mmpretrain/resnet50-linear_GeRSP_uc-merced.py'),
    )
}


def _converted(preset: str) -> str:
    """Where the preset's converter writes by default."""
    src = PRESETS[preset].default_src
    return osp.join(osp.dirname(src), output_name(src))


# the converted backbone each built-in method name reads by default
DEFAULT_WEIGHTS = {
    'gersp': 'results/GeRSP/CVT_epoch_100.pth',
    'gersp200': 'results/GeRSP200/CVT_epoch_200.pth',
    'moco-in':
    'results/mocov2_resnet50_8xb32-coslr-restart-100e_in1k/CVT_epoch_100.pth',
    'moco-maid': 'results/mocov2_resnet50_8xb32-coslr-restart-100e_'
    'millionaid/CVT_epoch_100.pth',
    'moco-in-maid': 'results/mocov2_resnet50_8xb32-coslr-restart-100e_'
    'in1k-millionaid/CVT_epoch_100.pth',
    **{
        name: _converted(name)
        for name in PRESETS if name != 'gersp'
    },
}
BUILT_IN_KINDS = ('imp', 'scratch')


class Method(NamedTuple):
    name: str
    kind: str  # 'weights', 'imp' or 'scratch'
    weights: Optional[str] = None


class Task(NamedTuple):
    name: str
    # the paths as given, or relative to the working directory; config
    # loads model.backbone.init_cfg.checkpoint
    config: str
    baseline: Optional[str] = None
    scratch: Optional[str] = None


class Cell(NamedTuple):
    method: Method
    task: Task
    seed: int

    def work_dir(self, root: str) -> str:
        return osp.join(root, self.task.name, self.method.name,
                        f'seed_{self.seed}')


def _split(spec: str, what: str) -> Tuple[str, Optional[str]]:
    name, _, value = spec.partition('=')
    if not name or '/' in name or (spec.count('=') and not value):
        raise GridError(f'{what} {spec!r}: expected NAME or NAME=VALUE '
                        '(a name without "/")')
    return name, value or None


def parse_method(spec: str) -> Method:
    """``NAME`` (built in), ``NAME=FILE``, ``NAME=imp`` or
    ``NAME=scratch``."""
    name, value = _split(spec, 'method')
    value = value or (name if name in BUILT_IN_KINDS else None)
    if value in BUILT_IN_KINDS:
        return Method(name, value)
    if value is None:
        if name not in DEFAULT_WEIGHTS:
            raise GridError(
                f'method {name!r} has no default weights: give NAME=FILE '
                '(a converted backbone), NAME=imp or NAME=scratch; built in: '
                f'{", ".join(sorted([*DEFAULT_WEIGHTS, *BUILT_IN_KINDS]))}')
        value = DEFAULT_WEIGHTS[name]
    return Method(name, 'weights', value)


def parse_task(spec: str) -> Task:
    """A built-in task name or ``NAME=CONFIG``."""
    name, config = _split(spec, 'task')
    if config is not None:
        return Task(name, config)
    if name not in TASKS:
        raise GridError(f'task {name!r} is not built in ({", ".join(TASKS)})'
                        '; give NAME=CONFIG for another recipe')
    return Task(name, *(osp.relpath(osp.join(REPO, c)) for c in TASKS[name]))


def config_of(cell: Cell) -> str:
    method, task = cell.method, cell.task
    if method.kind == 'weights':
        return task.config
    config = task.baseline if method.kind == 'imp' else task.scratch
    if config is None:
        raise GridError(f'task {task.name!r} ({task.config}) has no '
                        f'{method.kind} config: {method.name} runs on the '
                        'built-in tasks only')
    return config


def cfg_options(cell: Cell, extra: Sequence[str]) -> List[str]:
    options = list(extra)
    if cell.method.kind == 'weights':
        options.append(f'{CHECKPOINT_KEY}={cell.method.weights}')
    return ['--cfg-options', *options] if options else []


@lru_cache(maxsize=None)
def final_checkpoint(config: str, extra: Tuple[str, ...] = ()) -> str:
    """The name of the checkpoint a finished run of ``config`` (with the
    ``extra`` cfg-options) ends with: ``epoch_<max_epochs>.pth`` or
    ``iter_<max_iters>.pth``."""
    from mmengine.config import Config, DictAction
    cfg = Config.fromfile(config, import_custom_modules=False)
    if extra:
        parser = argparse.ArgumentParser()
        parser.add_argument('--cfg-options', nargs='+', action=DictAction)
        options = parser.parse_args(['--cfg-options', *extra]).cfg_options
        cfg.merge_from_dict(options)
    loop = cfg.get('train_cfg') or {}
    if 'max_iters' in loop:
        return f'iter_{loop["max_iters"]}.pth'
    if 'max_epochs' in loop:
        return f'epoch_{loop["max_epochs"]}.pth'
    raise GridError(f'{config}: train_cfg names neither max_epochs nor '
                    'max_iters')


class Launch(NamedTuple):
    kind: str = 'plain'  # 'plain', 'dist' or 'slurm'
    gpus: int = 1
    partition: str = 'PARTITION'
    python: str = 'python'


def commands(cell: Cell, root: str, extra: Sequence[str],
             launch: Launch) -> List[List[str]]:
    """The training and the test command of a cell."""
    config = config_of(cell)
    work_dir = cell.work_dir(root)
    options = cfg_options(cell, extra)
    checkpoint = osp.join(work_dir, final_checkpoint(config, tuple(extra)))
    tools = osp.relpath(osp.join(REPO, 'tools'))
    train_args = ['--seed', str(cell.seed), '--resume', *options]
    test_args = ['--work-dir', work_dir, *options]
    if launch.kind == 'plain':
        return [[
            launch.python, f'{tools}/train.py', config, '--work-dir', work_dir,
            *train_args
        ], [launch.python, f'{tools}/test.py', config, checkpoint, *test_args]]
    scale = ['--auto-scale-lr'] if launch.gpus > 1 else []
    if launch.kind == 'dist':
        return [[
            'bash', f'{tools}/dist_train_downstream.sh', config,
            str(launch.gpus), '--work-dir', work_dir, *scale, *train_args
        ],
                [
                    'env', f'SCRIPT={tools}/test.py', 'bash',
                    f'{tools}/dist_test.sh', config, checkpoint,
                    str(launch.gpus), *test_args
                ]]
    job = f'{cell.task.name}-{cell.method.name}-{cell.seed}'
    return [[
        'env', f'GPUS={launch.gpus}', 'bash', f'{tools}/slurm_train.sh',
        launch.partition, job, config, work_dir, *scale, *train_args
    ],
            [
                'srun', '-p', launch.partition, f'--job-name={job}-test',
                '--gres=gpu:1', '--ntasks=1', launch.python, '-u',
                f'{tools}/test.py', config, checkpoint, *test_args,
                '--launcher', 'slurm'
            ]]


def evaluated(cell: Cell, root: str) -> Optional[str]:
    """The cell's latest test record folder, or None."""
    try:
        return latest_record(cell.work_dir(root), 'test')
    except FileNotFoundError:
        return None


def build_cells(methods: Sequence[Method], tasks: Sequence[Task],
                seeds: Sequence[int], paper_only: bool) -> List[Cell]:
    """Every (method, task, seed), task by task; with ``paper_only`` only
    the (method, task) pairs the paper reports."""
    reported = set(paper_cells())
    return [
        Cell(m, t, s) for t in tasks for m in methods for s in seeds
        if not paper_only or (m.name, t.name) in reported
    ]


def check_inputs(cells: Sequence[Cell], root: str) -> None:
    """Before anything runs: every config exists, and every weight file
    of a cell still to run."""
    problems = []
    for cell in cells:
        config = config_of(cell)
        if not osp.isfile(config):
            problems.append(f'task {cell.task.name}: config {config} does '
                            'not exist')
        weights = cell.method.weights
        if weights and not evaluated(cell, root) and not osp.isfile(weights):
            problems.append(
                f'method {cell.method.name}: weights {weights} do not exist '
                '(convert them first, see docs/model_zoo.md, or give '
                f'{cell.method.name}=FILE)')
    if problems:
        raise GridError('\n  '.join(['cannot run the grid:'] +
                                    sorted(set(problems))))


def run_cells(cells: Sequence[Cell], root: str, extra: Sequence[str],
              force: bool) -> List[str]:
    """Run every cell not evaluated yet; the failures, one line each."""
    failures = []
    for cell in cells:
        name = f'{cell.task.name} / {cell.method.name} / seed {cell.seed}'
        record = evaluated(cell, root)
        if record and not force:
            print(f'{name}: evaluated already ({record}; --force reruns it)')
            continue
        launch = Launch(python=sys.executable)
        for cmd in commands(cell, root, extra, launch):
            print(f'{name}: {shlex.join(cmd)}', flush=True)
            if subprocess.run(cmd).returncode != 0:
                failures.append(f'{name} failed: {shlex.join(cmd)} (logs in '
                                f'{cell.work_dir(root)})')
                break
    return failures


def results(cells: Sequence[Cell], root: str) -> Dict[tuple, Dict[int, float]]:
    values: Dict[tuple, Dict[int, float]] = {}
    for cell in cells:
        if evaluated(cell, root):
            values.setdefault(
                (cell.method.name, cell.task.name),
                {})[cell.seed] = evaluated_value(cell.work_dir(root))
    return values


def report(cells: Sequence[Cell], methods: Sequence[Method],
           tasks: Sequence[Task], seeds: Sequence[int], root: str,
           out_dir: str) -> str:
    """Print the table; save it as markdown, CSV and a bar chart."""
    names = [m.name for m in methods]
    columns = [t.name for t in tasks]
    table = grid_table.collect(names, columns, results(cells, root))
    text = grid_table.markdown(table, names, columns, seeds)
    atomic_write(text, osp.join(out_dir, 'benchmark_table.md'))
    atomic_write(
        grid_table.csv_text(table), osp.join(out_dir, 'benchmark_table.csv'))
    atomic_write(
        grid_table.bar_chart(table, names, columns),
        osp.join(out_dir, 'benchmark_table.png'))
    print(text)
    print(f'saved to {out_dir}/benchmark_table.{{md,csv,png}}')
    return text


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Fine-tune and test every (method, task, seed) cell and '
        'print the paper\'s comparison table',
        epilog='Methods: a built-in name (' +
        ', '.join(sorted([*DEFAULT_WEIGHTS, *BUILT_IN_KINDS])) +
        '), NAME=FILE (a converted backbone), NAME=imp or NAME=scratch. '
        'Tasks: ' + ', '.join(TASKS) + ', or NAME=CONFIG.')
    parser.add_argument('--methods', nargs='+', help='pre-trainings (rows)')
    parser.add_argument('--tasks', nargs='+', help='recipes (columns)')
    parser.add_argument(
        '--paper',
        action='store_true',
        help='the paper\'s whole table: its methods and tasks (the default '
        'for those not given), only the cells it reports')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0])
    parser.add_argument(
        '--work-dir-root',
        default='results/benchmark_grid',
        help='cells go to WORK_DIR_ROOT/<task>/<method>/seed_<n>')
    parser.add_argument(
        '--out-dir', help='where the table goes (default WORK_DIR_ROOT)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        metavar='KEY=VALUE',
        help='for every cell\'s training and test, e.g. data_root=...')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        '--dry-run',
        action='store_true',
        help='print one command per cell (training && test) instead')
    mode.add_argument(
        '--report-only',
        action='store_true',
        help='only print the table of the cells evaluated')
    parser.add_argument(
        '--launcher',
        choices=('plain', 'dist', 'slurm'),
        default='plain',
        help='--dry-run: plain python, tools/dist_train_downstream.sh or '
        'tools/slurm_train.sh')
    parser.add_argument('--gpus', type=int, default=1, help='--dry-run')
    parser.add_argument(
        '--partition', default='PARTITION', help='--dry-run, Slurm')
    parser.add_argument(
        '--force', action='store_true', help='rerun evaluated cells')
    args = parser.parse_args(argv)
    if len(set(args.seeds)) != len(args.seeds):
        parser.error(f'--seeds {args.seeds}: a seed is repeated')
    if not args.paper and not (args.methods and args.tasks):
        parser.error('give --methods and --tasks, or --paper')
    if args.launcher != 'plain' and not args.dry_run:
        parser.error(f'--launcher {args.launcher} only prints commands: add '
                     '--dry-run')
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        methods = [parse_method(m) for m in (args.methods or METHOD_NAMES)]
        tasks = [parse_task(t) for t in (args.tasks or dict(PAPER_TASKS))]
        for kind, items in (('method', methods), ('task', tasks)):
            names = [i.name for i in items]
            if len(set(names)) != len(names):
                raise GridError(f'a {kind} name is repeated: {names}')
        cells = build_cells(methods, tasks, args.seeds, args.paper)
        root = args.work_dir_root
        if args.dry_run:
            launch = Launch(args.launcher, args.gpus, args.partition)
            for cell in cells:
                record = evaluated(cell, root)
                if record and not args.force:
                    print(f'# evaluated: {record}')
                    continue
                print(' && '.join(
                    shlex.join(c)
                    for c in commands(cell, root, args.cfg_options, launch)))
            return 0
        failures = []
        if not args.report_only:
            check_inputs(cells, root)
            failures = run_cells(cells, root, args.cfg_options, args.force)
        report(cells, methods, tasks, args.seeds, root, args.out_dir or root)
    except GridError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    if failures:
        print('\n'.join(['error: cells failed:', *failures]), file=sys.stderr)
        return 1
    return 0
