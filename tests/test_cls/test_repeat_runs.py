"""tools/repeat_runs.py: the commands it runs, where it reads top-1, and
mean +- sample std against numbers computed by hand."""
import json
import math
import os

import pytest

from mmselfsup.evaluation import repeat_runs
from mmselfsup.evaluation.repeat_runs import (aggregate, cfg_options_of, main,
                                              read_top1)
from tests.helpers import write_record

CONFIG = 'configs_mmpretrain/resnet50_GeRSP_eurosat.py'


def write_test_result(work_dir, top1):
    write_record(work_dir, {'accuracy/top1': top1})


def write_scalars(work_dir, timestamp, records):
    folder = os.path.join(work_dir, timestamp, 'vis_data')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'scalars.json'), 'w') as f:
        f.writelines(json.dumps(r) + '\n' for r in records)


def test_mean_and_sample_std_by_hand():
    # deviations -0.1, 0, 0.1: sum of squares 0.02, / (3 - 1) -> std 0.1
    stats = aggregate([97.8, 97.9, 98.0])
    assert stats['n'] == 3
    assert stats['mean'] == pytest.approx(97.9)
    assert stats['std'] == pytest.approx(0.1)
    # 1..4: mean 2.5, squares 2.25 + 0.25 + 0.25 + 2.25 = 5, sample std
    # sqrt(5 / 3) (the population one would be sqrt(5 / 4))
    stats = aggregate([1, 2, 3, 4])
    assert (stats['mean'], stats['std']) == (2.5,
                                             pytest.approx(math.sqrt(5 / 3)))
    assert aggregate([92.5]) == dict(n=1, mean=92.5, std=None)
    with pytest.raises(ValueError):
        aggregate([])


def test_top1_from_the_test_file_or_the_last_validation(tmp_path):
    run = str(tmp_path / 'seed_0')
    write_scalars(run, '20260101_000000', [{
        'loss': 1.0,
        'step': 1
    }, {
        'accuracy/top1': 50.0,
        'step': 1
    }])
    # a resumed run: a later timestamped folder, its last validation wins
    write_scalars(run, '20260102_000000', [{
        'accuracy/top1': 70.0,
        'step': 2
    }, {
        'accuracy/top1': 75.5,
        'step': 3
    }, {
        'loss': 0.5,
        'step': 3
    }])
    assert read_top1(run, 'val') == 75.5
    with pytest.raises(repeat_runs.RunError, match='no test evaluation rec'):
        read_top1(run, 'test')
    # a validation record is not the test's
    write_record(run, {'accuracy/top1': 60.0}, mode='val')
    with pytest.raises(repeat_runs.RunError, match='no test evaluation rec'):
        read_top1(run, 'test')
    write_test_result(run, 81.25)
    assert read_top1(run, 'test') == 81.25
    # an evaluation after it, in a later timestamped folder, wins
    write_record(
        run, {'accuracy/top1': 82.5},
        timestamp='20260103_000000',
        date='2026-01-03 00:00:00 +0000')
    assert read_top1(run, 'test') == 82.5


def test_report_only_aggregates_existing_runs(tmp_path, capsys):
    root = str(tmp_path)
    for seed, top1 in ((0, 97.8), (1, 98.0), (2, 97.9)):
        write_test_result(f'{root}/resnet50_GeRSP_eurosat/seed_{seed}', top1)
    assert main([
        CONFIG, '--seeds', '0', '1', '2', '--work-dir-root', root,
        '--report-only'
    ]) == 0
    out = capsys.readouterr().out
    assert '  seed 1: 98.00' in out
    assert 'mean +- sample std over 3 runs: 97.90 +- 0.10' in out
    with open(f'{root}/resnet50_GeRSP_eurosat/top1_test_summary.json') as f:
        summary = json.load(f)
    assert summary['per_seed'] == {'0': 97.8, '1': 98.0, '2': 97.9}
    assert summary['std'] == pytest.approx(0.1)
    assert summary['std_kind'] == 'sample (n - 1)'


def test_missing_runs_are_named(tmp_path, capsys):
    write_test_result(f'{tmp_path}/resnet50_GeRSP_eurosat/seed_0', 97.0)
    assert main([
        CONFIG, '--seeds', '0', '4', '--work-dir-root',
        str(tmp_path), '--report-only'
    ]) == 1
    err = capsys.readouterr().err
    assert 'seed 4: work dir' in err and 'seed 0' not in err


def test_dry_run_prints_the_commands(capsys):
    assert main([
        CONFIG, '--seeds', '0', '1', '--work-dir-root', 'results/cls',
        '--dry-run', '--', '--cfg-options', 'data_root=/mnt/EuroSAT/',
        'train_cfg.max_epochs=5', '--auto-scale-lr'
    ]) == 0
    lines = capsys.readouterr().out.splitlines()
    options = '--cfg-options data_root=/mnt/EuroSAT/ train_cfg.max_epochs=5'
    expected = []
    for seed in (0, 1):
        work_dir = f'results/cls/resnet50_GeRSP_eurosat/seed_{seed}'
        expected += [
            f'python train_mmpretrain.py {CONFIG} --work-dir {work_dir} '
            f'--seed {seed} {options} --auto-scale-lr',
            f'python test_mmpretrain.py {CONFIG} {work_dir} --work-dir '
            f'{work_dir} {options}'
        ]
    expected.append(f'python tools/repeat_runs.py {CONFIG} --seeds 0 1 '
                    '--work-dir-root results/cls --metric test --report-only')
    assert lines == expected


def test_cfg_options_are_cut_at_the_next_flag():
    assert cfg_options_of(
        ['--amp', '--cfg-options', 'a=1', 'b=2', '--seed',
         '3']) == ['--cfg-options', 'a=1', 'b=2']
    assert cfg_options_of(['--amp']) == []


def test_runs_each_seed_once_then_reports(tmp_path, monkeypatch, capsys):
    """Seeds without a result are trained and evaluated, in order; seeds
    with one are skipped. (The commands are recorded, not run.)"""
    root = str(tmp_path)
    write_test_result(f'{root}/resnet50_GeRSP_eurosat/seed_0', 90.0)
    ran = []

    class Done:
        returncode = 0

    def fake_run(cmd):
        ran.append(cmd)
        if 'test_mmpretrain.py' in cmd[1]:
            write_test_result(cmd[3], 92.0)
        return Done()

    monkeypatch.setattr(repeat_runs.subprocess, 'run', fake_run)
    assert main([CONFIG, '--seeds', '0', '1', '--work-dir-root', root]) == 0
    assert [
        (os.path.basename(c[1]), c[c.index('--work-dir') + 1]) for c in ran
    ] == [
        ('train_mmpretrain.py', f'{root}/resnet50_GeRSP_eurosat/seed_1'),
        ('test_mmpretrain.py', f'{root}/resnet50_GeRSP_eurosat/seed_1'),
    ]
    out = capsys.readouterr().out
    assert 'seed 0: ' in out and 'has its result already' in out
    assert '91.00 +- 1.41' in out  # mean 91, sqrt(((-1)^2 + 1^2) / 1)
