"""The README's Analysis commands: stock OpenMMLab tools on our configs, and
our own view browser."""
import os.path as osp
import sys

import pytest

from tests.helpers import run


@pytest.mark.slow  # subprocesses importing the stack
def test_flops_of_the_pre_training_model():
    proc = run([
        sys.executable, 'tools/analysis_tools/stock_tool.py', 'mmpretrain',
        'analysis_tools/get_flops.py', 'configs/selfsup/GeRSP/GeRSP.py'
    ])
    assert 'Flops: 4.109G' in proc.stdout  # ResNet-50 at 224 px


@pytest.mark.slow  # subprocesses importing the stack
def test_plot_logs_of_a_run(tmp_path):
    from mmselfsup.demo.pretraining import generate
    root = str(tmp_path / 'demo')
    generate(
        root,
        seed=0,
        num_classes=2,
        per_class=4,
        num_unlabeled=16,
        scenes_per_class=2)
    from tests.helpers import SMALL_MODEL, data_options, train
    work = tmp_path / 'work'
    train(work, [
        *SMALL_MODEL, *data_options(root), 'model.num_classes=2',
        'model.queue_len=16', 'train_dataloader.batch_size=4',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False', 'train_cfg.max_epochs=1',
        'param_scheduler.0.end=1', 'param_scheduler.0.periods=[1]',
        'param_scheduler.0.restart_weights=[1]',
        'default_hooks.logger.interval=1'
    ])
    log, = work.glob('*/vis_data/2*.json')
    out = tmp_path / 'curves.png'
    run([
        sys.executable, 'tools/analysis_tools/stock_tool.py', 'mmpretrain',
        'analysis_tools/analyze_logs.py', 'plot_curve',
        str(log), '--keys', 'loss', 'infonce', '--out',
        str(out)
    ])
    assert out.stat().st_size > 1000

    views = tmp_path / 'views'
    proc = run([
        sys.executable, 'tools/analysis_tools/browse_views.py',
        'configs/selfsup/GeRSP/GeRSP_demo.py', '--out-dir',
        str(views), '-n', '2', '--size', '64', '--cfg-options',
        f'train_dataloader.dataset.labeled.data_root={root}/ImageNet',
        f'train_dataloader.dataset.unlabeled.data_root={root}/million_aid'
    ])
    from PIL import Image
    assert sorted(p.name for p in views.iterdir()) == ['0000.png', '0001.png']
    assert Image.open(views / '0000.png').size == (5 * 64, 64)
    assert 'query view, key view' in proc.stdout


def test_unknown_stock_tool_names_where_the_tools_are():
    from mmselfsup.analysis.stock_tool import tool_path
    with pytest.raises(SystemExit, match=r'mmdet/\.mim/tools'):
        tool_path('mmdet', 'analysis_tools/nope.py')
    assert osp.isfile(tool_path('mmdet', 'analysis_tools/confusion_matrix.py'))
