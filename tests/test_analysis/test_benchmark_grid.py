"""tools/benchmarks/benchmark_grid.py without training: the cells and
commands of the paper's whole table, bad input refused before anything
runs, and the table (markdown, CSV, chart) checked against records and the
paper's figures by hand."""
import csv
import os
import os.path as osp
import shlex

import pytest
import yaml

from mmselfsup.analysis.benchmark_grid import (DEFAULT_WEIGHTS, TASKS, main,
                                               parse_method)
from mmselfsup.evaluation.paper_table import FIGURES, METHOD_NAMES, paper_cells
from mmselfsup.model_converters.presets import PRESETS
from tests.helpers import REPO, write_record

PAPER_TASKS = list(FIGURES)


def grid(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_paper_table_has_every_figure_of_the_reference():
    # REFERENCE §6b: 12 methods on detection, 11 (no Scratch) elsewhere
    assert len(METHOD_NAMES) == 12
    assert [len(FIGURES[t]) for t in PAPER_TASKS] == [12] * 6 + [11] * 4
    assert len(paper_cells()) == 116
    assert FIGURES['dior-faster_rcnn']['gersp'].mean == 67.1
    assert FIGURES['dota-dyhead']['gersp200'].mean == 67.4
    assert FIGURES['loveda-deeplabv3plus']['tov'].mean == 49.7
    assert FIGURES['eurosat-finetune']['imp'] == (97.84, 0.04)
    assert FIGURES['nwpu-resisc45-finetune']['gersp200'] == (92.74, 0.09)
    assert 'scratch' not in FIGURES['loveda-psanet']


@pytest.mark.parametrize('metafile, task_of', [
    ('configs_mmdet/metafile.yml', {
        'faster_rcnn': 'faster_rcnn',
        'retinanet': 'retinanet',
        'atss_dyhead': 'dyhead'
    }),
    ('configs_mmseg/metafile.yml', {
        'psanet': 'psanet',
        'deeplabv3plus': 'deeplabv3plus'
    }),
    ('configs_mmpretrain/metafile.yml', {
        'resnet50': 'finetune'
    }),
])
def test_metafile_figures_are_the_grids_paper_figures(metafile, task_of):
    """Each paper figure in a metafile is the grid's for that cell."""
    with open(osp.join(REPO, metafile)) as f:
        models = yaml.safe_load(f)['Models']
    method_of = {'GeRSP': 'gersp', 'baseline': 'imp', 'scratch': 'scratch'}
    checked = 0
    for model in models:
        for result in model.get('Results', []):
            recipe, pre, *rest = model['Name'].split('_')
            if recipe in ('atss', 'faster', 'dynamic'):  # two-word names
                recipe, pre, *rest = (f'{recipe}_{pre}', *rest)
            dataset = {
                'DIOR': 'dior',
                'DOTA v1.0': 'dota',
                'LoveDA': 'loveda',
                'EuroSAT': 'eurosat',
                'NWPU-RESISC45': 'nwpu-resisc45'
            }[result['Dataset']]
            task = f'{dataset}-{task_of[recipe]}'
            value, = result['Metrics'].values()
            assert FIGURES[task][method_of[pre]].mean == value, model['Name']
            checked += 1
    assert checked >= 4


def test_default_weights_are_where_the_converters_write():
    for name, preset in PRESETS.items():
        if name in DEFAULT_WEIGHTS and name != 'gersp':
            src = preset.default_src
            assert DEFAULT_WEIGHTS[name] == osp.join(
                osp.dirname(src), 'CVT_' + osp.basename(src))
    # what the GeRSP recipes read (configs/_base_/pretrained/gersp_r50.py)
    assert DEFAULT_WEIGHTS['gersp'] == 'results/GeRSP/CVT_epoch_100.pth'
    assert {'moco_v2', 'seco', 'geo_aware', 'torchgeo'} <= set(DEFAULT_WEIGHTS)
    assert parse_method('mine=a/b.pth').weights == 'a/b.pth'
    assert parse_method('imp').kind == 'imp'
    assert parse_method('random=scratch').kind == 'scratch'


def cells_of(out):
    """{(task, method, seed): (train argv, test argv)} of a dry run."""
    cells = {}
    for line in out.splitlines():
        train, test = (shlex.split(c) for c in line.split(' && '))
        work_dir = train[train.index('--work-dir') + 1]
        task, method, seed = work_dir.split(os.sep)[-3:]
        key = (task, method, int(seed[len('seed_'):]))
        assert key not in cells, line
        cells[key] = (train, test)
    return cells


def test_dry_run_of_the_paper_grid_prints_one_command_per_cell(
        tmp_path, capsys):
    root = str(tmp_path / 'grid')
    code, out, _ = grid(capsys, '--paper', '--dry-run', '--seeds', '0', '1',
                        '2', '--work-dir-root', root)
    assert code == 0
    cells = cells_of(out)
    assert len(out.splitlines()) == len(cells) == 116 * 3
    assert set(cells) == {(t, m, s)
                          for m, t in paper_cells()
                          for s in (0, 1, 2)}
    final = {
        'dior': 'epoch_24.pth',
        'dota': 'epoch_24.pth',
        'loveda': 'iter_80000.pth',
        'eurosat': 'epoch_100.pth',
        'nwpu-resisc45': 'epoch_100.pth'
    }
    for (task, method, seed), (train, test) in cells.items():
        work_dir = osp.join(root, task, method, f'seed_{seed}')
        recipe = osp.relpath(osp.join(REPO, TASKS[task][0]))
        config = {
            'imp': recipe.replace('_GeRSP', '_baseline'),
            'scratch': recipe.replace('_GeRSP', '_scratch')
        }.get(method, recipe)
        assert train[:8] == [
            'python', 'tools/train.py', config, '--work-dir', work_dir,
            '--seed',
            str(seed), '--resume'
        ]
        assert osp.isfile(config)
        dataset, = (d for d in final if task.startswith(f'{d}-'))
        checkpoint = osp.join(work_dir, final[dataset])
        assert test[:6] == [
            'python', 'tools/test.py', config, checkpoint, '--work-dir',
            work_dir
        ]
        weights = [a for a in train if a.startswith('model.backbone')]
        if method in ('imp', 'scratch'):
            assert weights == [] and '--cfg-options' not in train
        else:
            assert weights == [
                f'model.backbone.init_cfg.checkpoint={DEFAULT_WEIGHTS[method]}'
            ]
            assert test[-1] == weights[0]


def test_cluster_launchers_and_skipping_evaluated_cells(tmp_path, capsys):
    root = str(tmp_path)
    base = [
        '--methods', 'gersp', 'imp', '--tasks', 'dior-faster_rcnn', '--seeds',
        '0', '--work-dir-root', root, '--dry-run', '--cfg-options',
        'data_root=/mnt/DIOR/'
    ]
    _, out, _ = grid(capsys, *base, '--launcher', 'slurm', '--gpus', '8',
                     '--partition', 'gpu')
    train, test = (shlex.split(c) for c in out.splitlines()[0].split(' && '))
    work_dir = osp.join(root, 'dior-faster_rcnn', 'gersp', 'seed_0')
    assert train[:9] == [
        'env', 'GPUS=8', 'bash', 'tools/slurm_train.sh', 'gpu',
        'dior-faster_rcnn-gersp-0', 'configs_mmdet/faster_rcnn_GeRSP.py',
        work_dir, '--auto-scale-lr'
    ]
    assert train[-3:] == [
        '--cfg-options', 'data_root=/mnt/DIOR/',
        'model.backbone.init_cfg.checkpoint=results/GeRSP/CVT_epoch_100.pth'
    ]
    assert test[:4] == [
        'srun', '-p', 'gpu', '--job-name='
        'dior-faster_rcnn-gersp-0-test'
    ]
    assert test[-2:] == ['--launcher', 'slurm'] and 'tools/test.py' in test
    _, out, _ = grid(capsys, *base, '--launcher', 'dist', '--gpus', '4')
    train, test = (shlex.split(c) for c in out.splitlines()[1].split(' && '))
    assert train[:4] == [
        'bash', 'tools/dist_train_downstream.sh',
        'configs_mmdet/faster_rcnn_baseline.py', '4'
    ]
    assert test[:6] == [
        'env', 'SCRIPT=tools/test.py', 'bash', 'tools/dist_test.sh',
        'configs_mmdet/faster_rcnn_baseline.py',
        osp.join(root, 'dior-faster_rcnn', 'imp', 'seed_0', 'epoch_24.pth')
    ]
    # an evaluated cell is not printed again
    write_record(work_dir, {'coco/bbox_mAP_50': 0.6}, scope='mmdet')
    _, out, _ = grid(capsys, *base)
    first, second = out.splitlines()
    assert first.startswith(f'# evaluated: {work_dir}')
    assert 'faster_rcnn_baseline.py' in second


@pytest.mark.parametrize('argv, message', [
    (['--methods', 'nope', '--tasks', 'dior-faster_rcnn'
      ], "method 'nope' has no default weights"),
    (['--methods', 'gersp', '--tasks', 'nope'], "task 'nope' is not built"),
    (['--methods', 'imp', '--tasks', 'mine=configs/mine.py'
      ], "task 'mine' (configs/mine.py) has no imp config"),
    (['--methods', 'gersp', 'gersp=x.pth', '--tasks', 'eurosat-finetune'
      ], 'a method name is repeated'),
    (['--methods', 'a/b=x.pth', '--tasks', 'eurosat-finetune'
      ], "method 'a/b=x.pth': expected NAME"),
])
def test_bad_specs_are_refused_naming_them(tmp_path, capsys, argv, message):
    code, out, err = grid(capsys, *argv, '--dry-run', '--work-dir-root',
                          str(tmp_path))
    assert code == 2 and out == ''
    assert message in err


def test_missing_inputs_stop_the_grid_before_any_cell_runs(tmp_path, capsys):
    root = tmp_path / 'grid'
    code, out, err = grid(capsys, '--methods', 'mine=nowhere/CVT.pth', 'gersp',
                          '--tasks', 'eurosat-finetune',
                          'own=configs/missing.py', '--work-dir-root',
                          str(root))
    assert code == 2 and out == ''
    assert 'method mine: weights nowhere/CVT.pth do not exist' in err
    assert 'task own: config configs/missing.py does not exist' in err
    assert not root.exists()  # nothing ran, nothing was written


def test_report_is_the_paper_layout_of_the_records(tmp_path, capsys):
    root = str(tmp_path)
    figures = {
        ('gersp', 'dior-faster_rcnn'):
        ('mmdet', 'coco/bbox_mAP_50', [0.671, 0.675]),
        ('imp', 'dior-faster_rcnn'): ('mmdet', 'coco/bbox_mAP_50', [0.65]),
        ('gersp', 'eurosat-finetune'):
        ('mmpretrain', 'accuracy/top1', [97.5, 98.0]),
    }
    for (method, task), (scope, metric, values) in figures.items():
        for seed, value in enumerate(values):
            write_record(
                osp.join(root, task, method, f'seed_{seed}'), {metric: value},
                scope=scope)
    code, out, _ = grid(capsys, '--methods', 'gersp', 'imp', '--tasks',
                        'dior-faster_rcnn', 'eurosat-finetune', '--seeds', '0',
                        '1', '--work-dir-root', root, '--report-only')
    assert code == 0
    table = open(osp.join(root, 'benchmark_table.md')).read()
    assert table in out
    rows = [line.split(' | ') for line in table.splitlines()[:4]]
    assert rows[0][1:] == ['dior-faster_rcnn AP50', 'eurosat-finetune top-1 |']
    # 67.1 and 67.5: mean 67.3, sample std sqrt(0.08) = 0.283
    assert rows[2] == [
        '| GeRSP', '67.30 ± 0.28 (paper 67.10, +0.20)',
        '97.75 ± 0.35 (paper 97.87 ± 0.15, -0.12) |'
    ]
    # one seed: no std; a cell never evaluated: a dash beside the paper
    assert rows[3] == [
        '| IMP', '65.00 (paper 65.10, -0.10)', '— (paper 97.84 ± 0.04) |'
    ]
    with open(osp.join(root, 'benchmark_table.csv')) as f:
        lines = {(r['method'], r['task']): r for r in csv.DictReader(f)}
    gersp = lines['gersp', 'dior-faster_rcnn']
    assert (gersp['n'], gersp['mean'], gersp['std'], gersp['paper'],
            gersp['diff']) == ('2', '67.3000', '0.2828', '67.1000', '0.2000')
    assert gersp['per_seed'] == '0:67.1000;1:67.5000'
    assert lines['imp', 'eurosat-finetune']['n'] == '0'
    with open(osp.join(root, 'benchmark_table.png'), 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'


def test_report_only_reads_a_custom_task_without_paper_figures(
        tmp_path, capsys):
    root = str(tmp_path)
    write_record(
        osp.join(root, 'mine', 'gersp', 'seed_0'), {'mIoU': 40.0},
        scope='mmseg')
    code, out, _ = grid(capsys, '--methods', 'gersp', '--tasks',
                        'mine=configs_mmseg/psanet_GeRSP_custom.py',
                        '--work-dir-root', root, '--report-only', '--out-dir',
                        str(tmp_path / 'table'))
    assert code == 0
    assert '| GeRSP | 40.00 |' in out
    assert osp.isfile(tmp_path / 'table' / 'benchmark_table.csv')
