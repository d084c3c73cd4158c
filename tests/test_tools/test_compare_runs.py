"""compare_runs.py on two hand-made results folders, against numbers
computed by hand."""
import json

from mmselfsup.evaluation.compare_runs import main


def write_run(folder, classes, mean):
    record = folder / '20261127_120000' / 'evaluations' / 'test'
    record.mkdir(parents=True)
    (record / 'record.json').write_text(
        json.dumps(
            dict(
                mode='test',
                epoch=24,
                checkpoint='epoch_24.pth',
                config='c.py',
                date='2026-11-27 12:00:00 +0000',
                metrics={},
                tables={})))
    rows = [
        dict(zip(('class', 'gts', 'dets', 'recall', 'AP50'), row))
        for row in classes
    ]
    (record / 'ap50_per_class.json').write_text(
        json.dumps(dict(mAP50=mean, classes=rows)))
    return str(folder)


def test_side_by_side_with_differences_and_mean(tmp_path, capsys):
    baseline = write_run(tmp_path / 'baseline', [('ship', 5, 9, 100.0, 80.0),
                                                 ('dam', 2, 3, 50.0, 40.5),
                                                 ('bridge', 0, 1, None, None)],
                         60.25)
    gersp = write_run(tmp_path / 'gersp', [('ship', 5, 9, 100.0, 85.5),
                                           ('dam', 2, 3, 50.0, 38.0),
                                           ('bridge', 0, 0, None, None)],
                      61.75)
    out = str(tmp_path / 'cmp')
    main([baseline, gersp, '--names', 'ImageNet', 'GeRSP', '--out', out])
    expected = ('| class | ImageNet | GeRSP | GeRSP - ImageNet |\n'
                '|---|---|---|---|\n'
                '| ship | 80.00 | 85.50 | +5.50 |\n'
                '| dam | 40.50 | 38.00 | -2.50 |\n'
                '| mean | 60.25 | 61.75 | +1.50 |')
    assert capsys.readouterr().out.startswith(expected)
    assert (tmp_path / 'cmp.md').read_text() == expected + '\n'
    assert (tmp_path / 'cmp.csv').read_text().splitlines() == [
        'class,ImageNet,GeRSP,GeRSP - ImageNet', 'ship,80.0,85.5,5.5',
        'dam,40.5,38.0,-2.5', 'mean,60.25,61.75,1.5'
    ]
    assert (tmp_path / 'cmp.png').stat().st_size > 1000
