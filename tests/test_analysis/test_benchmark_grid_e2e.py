"""The benchmark grid end to end on generated data: two methods (a GeRSP
checkpoint pre-trained here, converted, and a random-init stand-in) x two
tiny tasks (scene classification, LoveDA segmentation) x two seeds, every
cell trained and tested through tools/train.py and tools/test.py, and the
printed table checked against the evaluation records."""
import glob
import os.path as osp
import statistics
import sys

import pytest
from mmengine.config import DictAction

from mmselfsup.analysis.benchmark_grid import main
from mmselfsup.demo.classification import generate as generate_scenes
from mmselfsup.demo.loveda import generate as generate_loveda
from mmselfsup.engine.config_build import load_cfg
from mmselfsup.evaluation.records import latest_record, load_record
from tests.helpers import (REPO, SMALL_MODEL, cls_options, run, seg_options,
                           tiny_run_options, train, write_tiny_dataset)

pytestmark = pytest.mark.slow  # 16 subprocess trainings and tests

SEEDS = (0, 1)


@pytest.fixture(scope='module')
def demo_gersp(tmp_path_factory):
    """A ResNet-50 GeRSP pre-trained for one epoch on tiny data with the
    released config, converted by convert_gersp.py."""
    root = str(tmp_path_factory.mktemp('pretrain'))
    write_tiny_dataset(root)
    work_dir = osp.join(root, 'work')
    options = [
        o for o in tiny_run_options(root, epochs=1, workers=0)
        if o not in SMALL_MODEL
    ]
    train(work_dir, options)
    weights = osp.join(root, 'CVT_epoch_1.pth')
    run([
        sys.executable, 'tools/model_converters/convert_gersp.py', '--src',
        osp.join(work_dir, 'epoch_1.pth'), '--dst', weights
    ])
    return weights


def dump_config(base, options, path):
    """``base`` with ``options`` applied as ``--cfg-options`` would be, as
    a config file of its own."""
    parsed = {
        k: DictAction._parse_iterable(v)
        for k, v in (o.split('=', 1) for o in options)
    }
    load_cfg(osp.join(REPO, base), parsed, 'none', None).dump(path)
    return path


@pytest.fixture(scope='module')
def tasks(tmp_path_factory):
    """Two tiny recipes: the demo scenes' classification (one iteration)
    and the LoveDA PSANet demo (two iterations)."""
    root = tmp_path_factory.mktemp('tasks')
    scenes = str(root / 'scenes')
    generate_scenes(scenes, per_class=5, size=32)
    from mmselfsup.dataset_converters.make_cls_splits import main as splits
    assert splits([scenes, '--dataset', 'custom']) == 0
    loveda = str(root / 'loveda')
    generate_loveda(loveda, num_train=2, num_val=2, size=64, seed=0)
    scene_options = [
        o for o in cls_options(scenes, 'unset.pth')
        if not o.startswith('model.backbone')
    ]
    seg = [
        *seg_options(loveda), 'train_cfg.max_iters=2',
        'train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1', 'param_scheduler.0.end=2'
    ]
    return [
        'scenes=' +
        dump_config('configs_mmpretrain/resnet50_GeRSP_demo-scenes.py',
                    scene_options, str(root / 'scenes_recipe.py')),
        'loveda=' + dump_config('configs_mmseg/psanet_GeRSP_demo-loveda.py',
                                seg, str(root / 'loveda_recipe.py')),
    ]


def test_two_methods_two_tasks_two_seeds(demo_gersp, initialised_gersp_weights,
                                         tasks, tmp_path, capsys):
    root = str(tmp_path / 'grid')
    argv = [
        '--methods', f'gersp={demo_gersp}',
        f'random={initialised_gersp_weights}', '--tasks', *tasks, '--seeds',
        *map(str, SEEDS), '--work-dir-root', root
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    expected = {}
    for method, weights in (('gersp', demo_gersp),
                            ('random', initialised_gersp_weights)):
        for task, scope, metric in (('scenes', 'mmpretrain', 'accuracy/top1'),
                                    ('loveda', 'mmseg', 'mIoU')):
            values = []
            for seed in SEEDS:
                work_dir = osp.join(root, task, method, f'seed_{seed}')
                record = load_record(latest_record(work_dir, 'test'))
                assert (record['scope'], record['seed']) == (scope, seed)
                assert record['headline']['name'] == metric
                values.append(record['headline']['value'])
                # the cell fine-tuned from its method's weights
                log = open(
                    sorted(glob.glob(osp.join(work_dir, '*',
                                              '*.log')))[0]).read()
                assert f'strictly loaded from {weights}' in log
            expected[method, task] = (f'{statistics.fmean(values):.2f} ± '
                                      f'{statistics.stdev(values):.2f}')
    table = open(osp.join(root, 'benchmark_table.md')).read()
    assert table in out
    rows = {
        line.split(' | ')[0][2:]: line.split(' | ')[1:]
        for line in table.splitlines()[2:4]
    }
    for method, label in (('gersp', 'GeRSP'), ('random', 'random')):
        scenes, loveda = rows[label]
        assert scenes == expected[method, 'scenes']
        assert loveda == expected[method, 'loveda'] + ' |'
    # a second run finds every cell evaluated and runs nothing
    assert main(argv) == 0
    again = capsys.readouterr().out
    assert again.count('evaluated already') == 8
    assert open(osp.join(root, 'benchmark_table.md')).read() == table
